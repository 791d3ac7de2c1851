"""Themes a reader lists that the phrase lists used to miss (session 14, drawn from the misses
of every batch up to heldout19), tested on reports written for these tests in other words:
information not passed on, the person nobody asked, a case closed, agencies that each saw a
part, neglect by its signs, a "whether" that is the finding itself, and the kind of homicide
a DHR names once in its introduction."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from reviewgraph.loaders.extract import extract_document
from reviewgraph.loaders.models import ReviewExtraction, ThemeHit
from reviewgraph.loaders.pipeline import matchers
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.strength import MAX_STRONG, counts, mark_strong


def _docx(path: Path, title: str, intro: list[str], sections: dict[str, list[str]]) -> Path:
    doc = Document()
    doc.add_heading(title, 0)
    for line in intro:
        doc.add_paragraph(line)
    for heading, lines in sections.items():
        doc.add_heading(heading, 1)
        for line in lines:
            doc.add_paragraph(line)
    doc.save(str(path))
    return path


def _review(path: Path) -> ReviewExtraction:
    [review] = extract_document(read_document(path), "0" * 64, matchers()).reviews
    return review


def _strong(review: ReviewExtraction) -> list[str]:
    return [t.theme_id for t in review.themes if t.strong]


@pytest.fixture(scope="module")
def sar(tmp_path_factory: pytest.TempPathFactory) -> ReviewExtraction:
    path = tmp_path_factory.mktemp("sar") / "sar-mr-pryce.docx"
    return _review(
        _docx(
            path,
            "Safeguarding Adults Review: Mr Pryce",
            [
                "Tawelfor Safeguarding Adults Board. Published September 2025.",
                "Mr Pryce was 79 and lived alone in a bungalow on the edge of Tawelfor.",
            ],
            {
                "Findings": [
                    "The district nurses were never told about the fall in January.",
                    "His GP's record of the fall was not passed to the home care agency.",
                    "Nobody asked Mr Pryce what he wanted once his wife had died.",
                    "The memory clinic closed his case after two letters went unanswered.",
                    "No one considered whether Mr Pryce had the capacity to refuse the care "
                    "package.",
                    "Each agency saw only a part of his life, and no agency called the others "
                    "together.",
                    "By March he had developed pressure ulcers on both heels and was dehydrated.",
                ],
                "Recommendations": [
                    "Tawelfor Council adult social care should review the home care contract.",
                ],
            },
        )
    )


def test_information_not_passed_on_is_information_sharing(sar: ReviewExtraction) -> None:
    assert "information_sharing" in _strong(sar)
    hit = next(t for t in sar.themes if t.theme_id == "information_sharing")
    passages = " ".join(e.text for e in hit.evidence)
    assert "never told about the fall" in passages


def test_the_person_nobody_asked_is_the_voice_of_the_person(sar: ReviewExtraction) -> None:
    assert "voice_of_person" in _strong(sar)


def test_a_case_a_service_closed_is_case_closure(sar: ReviewExtraction) -> None:
    assert "case_closure" in _strong(sar)


def test_a_capacity_nobody_considered_counts_though_it_says_whether(sar: ReviewExtraction) -> None:
    assert "mental_capacity" in _strong(sar)


def test_agencies_that_each_saw_a_part_and_never_met(sar: ReviewExtraction) -> None:
    strong = _strong(sar)
    assert "incidents_in_isolation" in strong
    assert "multi_agency_working" in strong


def test_neglect_is_read_from_its_signs(sar: ReviewExtraction) -> None:
    hit = next(t for t in sar.themes if t.theme_id == "neglect")
    assert hit.strong
    assert "pressure ulcers" in hit.evidence[0].text


def test_the_childs_own_account_is_the_voice_of_the_child(tmp_path: Path) -> None:
    review = _review(
        _docx(
            tmp_path / "cspr-tegan.docx",
            "Local Child Safeguarding Practice Review: Tegan",
            ["Marlpit Safeguarding Children Partnership. Published May 2025."],
            {
                "What the review found": [
                    "Tegan was seen at school most days, but nobody asked Tegan what life at "
                    "home was like.",
                    "Her own account of the night in March was written down and filed.",
                    "Staff noticed that she often came in hungry and wearing the same clothes.",
                ],
            },
        )
    )
    strong = _strong(review)
    assert "voice_of_child" in strong
    assert "neglect" in strong


def test_whether_still_supposes_where_nobody_is_said_not_to_have_asked() -> None:
    assert not counts("The review asked whether agencies shared information in time.")
    assert not counts("The panel considered whether the police should have arrested him.")
    assert counts("No one considered whether she had the capacity to manage her money.")
    assert counts("The social worker did not assess whether he understood the risk.")
    assert counts("Practitioners never asked whether anyone else lived in the flat.")


@pytest.mark.parametrize(
    "sentence",
    [
        "She did not know where to get help.",  # the victim, not an agency
        "Practitioners were unsure when a person's wish to be left alone should be respected.",
        "The hospital discharged him after five days with antibiotics.",
    ],
)
def test_words_near_a_theme_that_do_not_say_it(sentence: str) -> None:
    themes = matchers().taxonomy.match_sentence(sentence)
    assert not {"information_sharing", "neglect", "case_closure"} & set(themes), themes


def test_the_kind_of_homicide_said_once_is_counted_among_many_themes(tmp_path: Path) -> None:
    review = _review(
        _docx(
            tmp_path / "dhr-rhiannon.docx",
            "Domestic Homicide Review: Rhiannon",
            [
                "Pentrefach Community Safety Partnership. Published February 2026.",
                "Rhiannon was 44 when she was killed by her husband, Idris, at their home in "
                "May 2023.",
            ],
            {
                "Key findings": [
                    "Idris exercised coercive control over Rhiannon's money and her friendships.",
                    "Coercive control was not recognised by the GP or the police.",
                    "The DASH risk assessment was scored as standard risk and never revisited.",
                    "Risk assessment relied on what Idris said when he answered for her.",
                    "Information sharing between the police and the GP did not happen.",
                    "Professional curiosity was missing when she came to the surgery with bruises.",
                    "Her drinking was seen as the problem; alcohol misuse hid the abuse.",
                    "Her depression was treated by the GP, and her mental health was not linked "
                    "to the abuse.",
                    "Their son, aged 12, saw the abuse: children and domestic abuse were not "
                    "considered together.",
                    "She had planned separation twice and returned, and separation raised the "
                    "risk.",
                    "Idris had a history of violence to a previous partner known to the police.",
                    "Training on coercive control had not reached the practice.",
                    "She was isolated from her sister, and isolation kept her from help.",
                ],
            },
        )
    )
    strong = _strong(review)
    assert "intimate_partner_homicide" in strong
    assert len(strong) <= MAX_STRONG
    weakest = min(t.strength for t in review.themes if t.strong and not t.defining)
    homicide = next(t for t in review.themes if t.theme_id == "intimate_partner_homicide")
    assert homicide.strength < weakest  # counted for what it is, not for how often


def test_a_defining_theme_takes_one_of_the_places() -> None:
    ranked = [ThemeHit(theme_id=f"t{i}", strength=20.0 - i) for i in range(12)]
    ranked.append(ThemeHit(theme_id="intimate_partner_homicide", strength=1.0, defining=True))
    mark_strong(ranked, max_strong=10)
    strong = [h.theme_id for h in ranked if h.strong]
    assert len(strong) == 10
    assert "intimate_partner_homicide" in strong
    assert "t8" in strong and "t9" not in strong


def test_what_the_findings_say_outranks_what_the_recommendations_ask_for(tmp_path: Path) -> None:
    review = _review(
        _docx(
            tmp_path / "sar-mrs-quayle.docx",
            "Safeguarding Adults Review: Mrs Quayle",
            ["Harrowgate Vale Safeguarding Adults Board. Published April 2026."],
            {
                "Findings": [
                    "Mrs Quayle's self-neglect was seen as a lifestyle choice.",
                    "Her self-neglect worsened over two winters without a safeguarding concern.",
                ],
                "Recommendations": [
                    "The Board should commission multi-agency training for district nurses.",
                    "Adult social care should provide training for its reviewing officers.",
                    "The ICB should make training on hoarding available to GP practices.",
                ],
            },
        )
    )
    ranked = [t.theme_id for t in review.themes]
    assert ranked.index("self_neglect") < ranked.index("training")


# Round 23 (session 15), drawn from heldout20/21's misses after their scores: the same
# findings in the words of sentences written for this test.
@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("Early Help had closed a child protection plan for the family in 2022.", "case_closure"),
        ("For almost a year the boy was not seen or heard by any agency.", "voice_of_child"),
        (
            "Her grandson had been spending his grandmother's pension on gambling.",
            "financial_abuse",
        ),
        ("Most of her savings had been withdrawn over six months.", "financial_abuse"),
        ("A refusal of entry should be escalated to a manager on the same day.", "escalation"),
        ("His attendance was 71% in Year 8 and lower in Year 9.", "school_attendance"),
        ("Oversight of the placement by the local authority was weak.", "management_oversight"),
        ("The baby's father, who lived there, was never present at a home visit.", "hidden_men"),
        ("Health visitors should routinely include fathers in the first visit.", "hidden_men"),
        ("Bank staff were not given an induction before working nights.", "training"),
        (
            "His father was 18 when Rory was born and had left care a year before.",
            "young_parenthood",
        ),
        ("She became a mother at 16 and was living in a hostel.", "young_parenthood"),
        (
            "The review looked at contact with Orla and her son Declan, who caused her death.",
            "parricide",
        ),
    ],
)
def test_findings_in_other_words(sentence: str, theme: str) -> None:
    assert theme in matchers().taxonomy.match_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "He spent his own money on alcohol.",  # not someone else's
        "The induction of labour was planned for 40 weeks.",  # not a staff induction
        "Attendance at the meeting was good.",  # no share of school days
    ],
)
def test_words_near_the_new_findings_that_do_not_say_them(sentence: str) -> None:
    themes = matchers().taxonomy.match_sentence(sentence)
    assert not {"financial_abuse", "training", "school_attendance"} & set(themes)


# Round 25 (session 16), drawn from heldout22's misses after its score: the same findings in
# the words of sentences written for this test.
@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("Scans showed a fractured skull and a bleed on the brain.", "head_injury"),
        ("The baby had bleeding around the brain and two broken ribs.", "head_injury"),
        ("Stepfathers must be checked and spoken to at the first home visit.", "hidden_men"),
        ("The midwife did not identify the baby's father at booking.", "hidden_men"),
        ("His pension was being spent by a neighbour who collected it.", "financial_abuse"),
        ("She had lived alone since her husband died in 2019.", "bereavement_loss"),
        ("The death of Mildred's son left her without anyone to help.", "bereavement_loss"),
        ("The trust should end discharge for non-attendance for people on depot.", "case_closure"),
        ("After two missed appointments and a letter the clinic discharged her.", "case_closure"),
        ("The ambulance delay was caused by demand across the county.", "emergency_response"),
    ],
)
def test_round_25_findings_in_other_words(sentence: str, theme: str) -> None:
    assert theme in matchers().taxonomy.match_sentence(sentence)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("He died when his car left the road.", "bereavement_loss"),  # the person's own death
        ("Her benefits were paid into her own account.", "financial_abuse"),  # nothing taken
        ("He was discharged from hospital with a care package.", "case_closure"),  # a hospital's
    ],
)
def test_words_near_round_25_findings_that_do_not_say_them(sentence: str, theme: str) -> None:
    assert theme not in matchers().taxonomy.match_sentence(sentence)


# Round 27 (session 17), drawn from heldout27's misses after its two fair scores; the
# sentences are written for this test.
@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("Ivy was stabbed in her kitchen by her adult son.", "parricide"),
        ("Arthur was killed at his flat by his grandson in 2023.", "parricide"),
        ("The abuse of older parents by adult children is rarely reported.", "parricide"),
        (
            "The care agency's falls procedure did not require a GP to be called.",
            "policies_procedures",
        ),
        ("Officers did not follow the force's guidance on visiting alone.", "policies_procedures"),
        (
            "There was no multi-agency forum where his risks could be discussed.",
            "multi_agency_working",
        ),
        ("She had problem drinking for many years.", "alcohol_misuse"),
    ],
)
def test_round_27_findings_in_other_words(sentence: str, theme: str) -> None:
    assert theme in matchers().taxonomy.match_sentence(sentence)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("Ivy was stabbed by a stranger; her son found her.", "parricide"),
        ("His eating and drinking plan was not sent to the care home.", "alcohol_misuse"),
        ("Staff recorded what he was eating, drinking and how he slept.", "alcohol_misuse"),
    ],
)
def test_words_near_round_27_findings_that_do_not_say_them(sentence: str, theme: str) -> None:
    assert theme not in matchers().taxonomy.match_sentence(sentence)


def test_the_voice_theme_is_the_subjects(tmp_path: Path) -> None:
    """An SAR's "nobody spoke to her alone" is the adult's voice, not a child's; a CSPR's
    "nobody asked him" is the child's."""
    sar = _docx(
        tmp_path / "sar.docx",
        "Safeguarding Adults Review: Philippa",
        ["Philippa was 79 and lived with her nephew."],
        {"Findings": ["Philippa was never seen alone and nobody spoke to her alone."]},
    )
    cspr = _docx(
        tmp_path / "cspr.docx",
        "Child Safeguarding Practice Review: Child V",
        ["Child V was 14 when he was exploited."],
        {
            "Findings": [
                "Nobody asked Child V what was happening to him, and his views were not sought."
            ]
        },
    )
    sar_themes, cspr_themes = ({t.theme_id for t in _review(p).themes} for p in (sar, cspr))
    assert "voice_of_person" in sar_themes and "voice_of_child" not in sar_themes
    assert "voice_of_child" in cspr_themes and "voice_of_person" not in cspr_themes


# Round 28 (session 17), drawn from heldout29's misses after its two fair scores; the
# sentences are written for this test.
@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("Nobody asked about the family's finances at any visit.", "professional_curiosity"),
        (
            "The worker closed the case without exploring what the boy had said.",
            "professional_curiosity",
        ),
        ("The man in the home was never checked by any agency.", "hidden_men"),
        ("Plans should name all adults living in the household.", "hidden_men"),
        ("No one convened a meeting of the agencies involved.", "multi_agency_working"),
        ("Each service worked to its own priorities.", "multi_agency_working"),
        ("The assessment relied on what her father said.", "assessment_quality"),
        ("The handover between the two teams lost the plan.", "transitions"),
        # from heldout28's misses, read after its two fair scores
        ("The building society saw repeated withdrawals from her account.", "financial_abuse"),
        ("Her wishes were written down at each visit but not acted on.", "voice_of_person"),
    ],
)
def test_round_28_findings_in_other_words(sentence: str, theme: str) -> None:
    assert theme in matchers().taxonomy.match_sentence(sentence)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("He made her hand over her bank card every Friday.", "transitions"),
        ("The men in the photograph were not identified.", "hidden_men"),
    ],
)
def test_words_near_round_28_findings_that_do_not_say_them(sentence: str, theme: str) -> None:
    assert theme not in matchers().taxonomy.match_sentence(sentence)


# Round 29 (session 17), drawn from heldout30's misses after its two fair scores.
@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("The baby's parents, aged 18 and 20, had no family nearby.", "young_parenthood"),
        ("Her confusion was put down to her dementia and never looked into.", "assessment_quality"),
        ("The enquiry ended without anyone speaking to Mrs Tolley.", "voice_of_person"),
        ("The annual review did not include seeing her.", "voice_of_person"),
    ],
)
def test_round_29_findings_in_other_words(sentence: str, theme: str) -> None:
    assert theme in matchers().taxonomy.match_sentence(sentence)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("Her grandparents, aged 70 and 72, looked after her at weekends.", "young_parenthood"),
        ("The delay was put down to staff shortages.", "assessment_quality"),
    ],
)
def test_words_near_round_29_findings_that_do_not_say_them(sentence: str, theme: str) -> None:
    assert theme not in matchers().taxonomy.match_sentence(sentence)


# Round 30 (session 18), drawn from heldout35's misses after its two fair scores.
@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("His pension of almost £900 a month was withdrawn each week.", "financial_abuse"),
        ("At every appointment her son answered for her.", "voice_of_person"),
        ("Biting his hand was his only way of showing that something hurt.", "voice_of_person"),
        ("Her fluid charts were incomplete for most of March.", "record_keeping"),
        ("The social worker reviewed the placement over the phone.", "assessment_quality"),
        ("The annual review did not involve visiting the flat.", "assessment_quality"),
        ("Staff were unsure whether he could manage his own medication.", "mental_capacity"),
    ],
)
def test_round_30_findings_in_other_words(sentence: str, theme: str) -> None:
    assert theme in matchers().taxonomy.match_sentence(sentence)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("The chair spoke for ten minutes about the Board's priorities.", "voice_of_person"),
        ("The records were complete and up to date.", "record_keeping"),
        ("The GP phoned the family the same day.", "assessment_quality"),
    ],
)
def test_words_near_round_30_findings_that_do_not_say_them(sentence: str, theme: str) -> None:
    assert theme not in matchers().taxonomy.match_sentence(sentence)


def test_a_whether_that_was_never_asked_counts() -> None:
    """ "The question of whether she could protect her own money was never asked" is the
    finding, not a supposition; "The panel asked whether the GP knew" still supposes."""
    assert counts("The question of whether she could protect her own money was never asked.")
    assert not counts("The panel asked whether the GP knew about the injunction.")
