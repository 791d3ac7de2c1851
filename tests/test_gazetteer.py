"""The agency gazetteer: names, acronyms, organisation patterns, addressees, unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reviewgraph.loaders.gazetteer import AGENCIES_PATH, Gazetteer, load_gazetteer
from reviewgraph.loaders.models import AgencyHit

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_gazetteer_shape(gaz: Gazetteer) -> None:
    assert len(gaz.agencies) >= 55
    assert len(gaz.sectors) == 10
    rows = gaz.rows()
    assert {r["sector"] for r in rows} == set(gaz.sectors)
    sector_ids = {s["id"] for s in gaz.sector_rows()}
    assert {r["sector_id"] for r in rows} == sector_ids
    assert {"agency": "probation", "sector": "probation-justice"} in gaz.in_sector_rows()
    for key in [
        "gp",
        "health_visiting",
        "midwifery",
        "csc",
        "asc",
        "police",
        "emergency_calls",
        "mash",
        "marac",
        "lscb",
        "sab",
        "csp",
        "all_agencies",
        "health_partners",
    ]:
        assert key in gaz.agencies, key
    assert gaz.agencies["health_partners"].sector == "health"
    assert gaz.agencies["all_agencies"].sector == "inter-agency"


# -- addressees ----------------------------------------------------------------------------

ADDRESSEES = [
    ("The LSCB should ensure that multi-agency training is provided.", ["lscb"]),
    ("Health partners should seek assurance that GPs record domestic abuse.", ["health_partners"]),
    ("GP practices should review how they follow up children who are not brought.", ["gp"]),
    ("Police and Children's Social Care should review joint working.", ["police", "csc"]),
    (
        "The Board should seek assurance from Police and Children's Social Care that strategy "
        "discussions are held.",
        ["safeguarding_board", "police", "csc"],
    ),
    ("That the CCG reviews its safeguarding training.", ["icb_ccg"]),
    ("Recommendation for: GP practices", ["gp"]),
    ("3. Owner: Police | Review the DASH process | March 2024", ["police"]),
    ("R4 | Kestrelford Constabulary | Improve call handling | Open", ["police"]),
    (
        "It is recommended that the Safeguarding Adults Board seeks assurance on self-neglect.",
        ["sab"],
    ),
    ("5. The CSP should run a public awareness campaign on stalking.", ["csp"]),
    ("All partner agencies should remind staff of the escalation policy.", ["all_agencies"]),
    ("Training on coercive control should be commissioned by the CSP.", ["csp"]),
    (
        "The Local Authority, working with partners, should develop a neglect strategy.",
        ["local_authority", "all_agencies"],
    ),
    (
        "Kestrelford Hospitals NHS Foundation Trust should ensure that midwives ask.",
        ["acute_hospital"],
    ),
    (
        "Fenmarsh District Council housing should ensure that families have space for a cot.",
        ["local_authority", "housing_options"],
    ),
    ("In light of the GP's findings, the SAB should publish a self-neglect protocol.", ["sab"]),
    ("Ensure that all staff are trained.", []),
    # an opening verb names nobody: "all partners" are who the guidance is for (its Lead
    # column, when it has one, says who acts); "Review of" is a noun, its subject read on
    ('Relaunch "See the Man" guidance for all partners, with an audit of files.', []),
    ("Develop a neglect toolkit for all agencies, with training for practitioners.", []),
    ("Review of the pathway by the ICB should be completed by March.", ["icb_ccg"]),
]


@pytest.mark.parametrize(("text", "expected"), ADDRESSEES)
def test_addressees(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert gaz.addressees(text) == expected


# -- agencies in text ----------------------------------------------------------------------


def test_acronyms_are_case_sensitive_whole_tokens(gaz: Gazetteer) -> None:
    assert gaz.match_text("The ED was busy.") == ["emergency_department"]
    assert gaz.match_text("It was used and reviewed; EDUCATION and REPORTED.") == []
    assert gaz.match_text("The HV and the GPs met; A&E staff called.") == [
        "health_visiting",
        "gp",
        "emergency_department",
    ]
    assert gaz.match_text("The gp and the hv") == []  # acronyms in lower case do not count
    assert gaz.match_text("A shiver; the CAMHSS form; aCSC") == []


def test_999_and_101_only_in_call_contexts(gaz: Gazetteer) -> None:
    assert gaz.match_text("She called 999 at 3am.") == ["emergency_calls"]
    assert gaz.match_text("The 101 call was not answered.") == ["emergency_calls"]
    assert gaz.match_text("He dialled 999.") == ["emergency_calls"]
    assert gaz.match_text("There were 999 cases and 101 reviews in 2014.") == []
    assert gaz.match_text("She rang NHS 111 twice.") == ["nhs_111"]


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("Cumbria Partnership NHS Foundation Trust", "adult_mental_health"),
        ("Kestrelford Hospitals NHS Foundation Trust", "acute_hospital"),
        ("University Hospitals of Morecambe Bay NHS Foundation Trust", "acute_hospital"),
        ("North West Ambulance Service NHS Trust", "ambulance_service"),
        ("Kestrelford Community Health Services NHS Trust", "community_health"),
        ("Oxford Health NHS Foundation Trust", "nhs_trust"),
        ("Cumbria Constabulary", "police"),
        ("Central Shires Police", "police"),
        ("Fenmarsh County Council", "local_authority"),
        ("Hollowmere Borough Council", "local_authority"),
        ("Kestrelford Local Safeguarding Children Board", "lscb"),
        ("Fenmarsh Safeguarding Children Partnership", "lscb"),
        ("Hollowmere Safeguarding Adults Board", "sab"),
        ("Kestrelford Community Safety Partnership", "csp"),
        ("Millbrook Surgery", "gp"),
        ("Fenmarsh Youth Offending Team", "youth_justice"),
        ("St Mary's Primary School", "school"),
        ("Kestrelford Women's Aid", "domestic_abuse_service"),
    ],
)
def test_named_organisations(gaz: Gazetteer, name: str, agency: str) -> None:
    assert gaz.match_text(f"A letter from {name} arrived.") == [agency]


def test_longest_name_wins(gaz: Gazetteer) -> None:
    assert gaz.match_text("The school nurse saw her.") == ["school_nursing"]
    assert gaz.match_text("Adult social care and children's social care met.") == ["asc", "csc"]
    assert gaz.match_text("The domestic abuse service and the MASH.") == [
        "domestic_abuse_service",
        "mash",
    ]


def test_match_agencies_leaves_collectives_out(gaz: Gazetteer) -> None:
    sentences = [
        ("The health visitor visited; all agencies were told.", 2, "Chronology"),
        ("The health visitor visited; all agencies were told.", 3, "Chronology"),
        ("Kestrelford Constabulary attended after she called 999.", 3, "Chronology"),
        ("Health partners and partner agencies met.", 4, "Findings"),
    ]
    hits = gaz.match_agencies(sentences, max_evidence=1)
    assert set(hits) == {"health_visiting", "police", "emergency_calls"}
    hv = hits["health_visiting"]
    assert isinstance(hv, AgencyHit) and hv.mentions == 2 and len(hv.evidence) == 1
    assert hv.evidence[0].page == 2


def _involved(gaz: Gazetteer, *texts: str, forward: tuple[str, ...] = ()) -> set[str]:
    sentences = [(t, 1, "Recommendations" if t.startswith("REC ") else "Findings") for t in texts]
    return set(gaz.match_agencies(sentences, forward=forward, involved_only=True))


def test_a_denied_contact_does_not_involve_the_agency(gaz: Gazetteer) -> None:
    """Written for the test: the contact is denied just before the name."""
    assert _involved(gaz, "Mr Q was not known to mental health services.") == set()
    assert _involved(gaz, "She had no contact with the probation service.") == set()
    assert _involved(gaz, "He was never referred to the drug and alcohol service.") == set()
    assert _involved(gaz, "The case was never heard at MARAC.") == set()
    assert _involved(gaz, "The nursery did not tell the police or children's social care.") == {
        "early_years"
    }
    # a failure *by* the agency, or a denial far before it, still involves it
    assert _involved(gaz, "Her fear was not recognised by the GP.") == {"gp"}
    assert _involved(gaz, "No one asked, but the health visitor saw the bruise.") == {
        "health_visiting"
    }


def test_a_life_outside_the_case_does_not_involve_the_agency(gaz: Gazetteer) -> None:
    assert _involved(gaz, "Mr Q had worked as a school caretaker for thirty years.") == set()
    assert _involved(gaz, "His wife, a retired midwife, cared for him.") == set()
    assert _involved(gaz, "He lived in a flat rented from a housing association.") == set()
    assert _involved(gaz, "He was studying for a college diploma.") == set()
    assert _involved(gaz, "The housing association visited twice.") == {"housing_provider"}


def test_hospital_as_a_place_an_outcome_and_a_qualifying_employer(gaz: Gazetteer) -> None:
    assert _involved(gaz, "His sister was in hospital herself at the time.") == set()
    assert _involved(gaz, "The coroner recorded an open conclusion.") == set()
    assert _involved(gaz, "He was admitted to hospital with pneumonia.") == {"acute_hospital"}
    assert _involved(gaz, "The hospital did not tell the GP.") == {"acute_hospital"}
    # the trust that employs the service named in brackets, or before "'s"
    assert _involved(gaz, "Reports came from Brackley Hospitals NHS Trust (midwifery).") == {
        "midwifery"
    }
    assert _involved(gaz, "He saw the hospital's mental health liaison team.") == {"mh_liaison"}
    # a short name in brackets is the same body, not a service within it
    assert "lscb" in _involved(
        gaz, "The Brackley Safeguarding Children Partnership (the Partnership) met."
    )
    # every mention is kept when involvement is not asked for
    hits = gaz.match_agencies([("Mr Q was not known to mental health services.", 1, None)])
    assert set(hits) == {"adult_mental_health"}


def test_agencies_asked_to_act_in_recommendations_are_not_involved(gaz: Gazetteer) -> None:
    got = _involved(
        gaz,
        "The district nurses visited weekly.",
        "REC The Integrated Care Board should audit GP follow-up.",
        forward=("Recommendations",),
    )
    assert got == {"community_health"}


# -- unknown organisations -----------------------------------------------------------------


def test_unknown_organisations(gaz: Gazetteer) -> None:
    text = (
        "Riverside Youth Project and Smithfield Family Centre supported her, as did "
        "Kestrelford Women's Aid. The Riverside Youth Project closed. She was seen at "
        "Kestrelford Hospitals NHS Foundation Trust and by Children's Social Care. "
        "The Hollowmere Welcome Centre ran classes. Keeping Children Safe in Schools and "
        "Colleges applies. Good Practice was noted. The Welcome Centre was closed.\n"
        "Date Event Agency\nThe Study Team read the Experience of Victimhood and Agency."
    )
    assert gaz.unknown_organisations(text) == [
        "Riverside Youth Project",
        "Hollowmere Welcome Centre",
    ]


def test_glossary_lines_read_as_one_name_are_split(gaz: Gazetteer) -> None:
    text = (
        "Glossary\nPartnership Action Meeting\nBLT Brookfield Lantern Team\n"
        "FGC Family Group Conference\nHVS Harbour Visiting Service\n\n"
        "The Shires Health and Care NHS Foundation Trust saw the Fenwick Advocacy Project."
    )
    assert gaz.unknown_organisations(text) == [
        "Brookfield Lantern Team",  # not "… Action Meeting BLT Brookfield Lantern Team"
        "Harbour Visiting Service",  # the Family Group Conference is a meeting, not a body
        "Fenwick Advocacy Project",  # the NHS trust is known: not cut at its "NHS"
    ]


# -- validation ----------------------------------------------------------------------------


def write(tmp_path: Path, agencies: list[dict], **top: object) -> Path:
    data = yaml.safe_load(AGENCIES_PATH.read_text())
    data["agencies"] = agencies
    data.update(top)
    path = tmp_path / "agencies.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


GP = {"id": "gp", "name": "GP", "sector": "health", "aliases": ["general practice"]}


@pytest.mark.parametrize(
    ("agencies", "message"),
    [
        ([{**GP, "sector": "medicine"}], "'gp': sector 'medicine' is not one of"),
        ([GP, GP], "duplicate agency id 'gp'"),
        ([{**GP, "patterns": ["(unclosed"]}], "'gp': bad regex"),
        ([{"id": "gp", "name": "GP", "sector": "health"}], "'gp': needs at least one alias"),
        ([{**GP, "name": ""}], "'gp': missing 'name'"),
        ([{**GP, "id": "General Practice"}], "must be snake_case"),
    ],
)
def test_validator_rejects_bad_yaml(tmp_path: Path, agencies: list[dict], message: str) -> None:
    with pytest.raises(ValueError) as err:
        load_gazetteer(write(tmp_path, agencies))
    assert message in str(err.value)


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    gaz = load_gazetteer(write(tmp_path, [{**GP, "acronyms": ["GP"]}]))
    assert gaz.match_text("The GP and the general practice.") == ["gp"]


# -- real text -----------------------------------------------------------------------------


def test_health_briefing_agencies(gaz: Gazetteer) -> None:
    path = CORPUS / "triennial-briefing-health.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpus sits beside the project)")
    text = path.read_text(encoding="utf-8")
    found = gaz.match_text(text)
    for agency in ["gp", "health_visiting", "midwifery", "school_nursing", "camhs", "lscb"]:
        assert agency in found, agency
    assert len(gaz.unknown_organisations(text)) <= 3  # title-case headings are not names


def test_a_reviews_agencies_leave_out_recommendations_and_passing_mentions(
    tmp_path: Path,
) -> None:
    """End to end on a short report written for the test: the agencies involved come from
    the story, not from the recommendations, a denied contact or a former job."""
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    path = tmp_path / "sar-mr-q.md"
    path.write_text(
        "# Safeguarding Adults Review: Mr Q\n\n"
        "Brackley Safeguarding Adults Board\n\n"
        "## Background\n\n"
        "Mr Q, 70, had worked as a school caretaker. He lived alone and was not known to "
        "mental health services.\n\n"
        "## What happened\n\n"
        "The district nurses visited weekly and raised a concern with adult social care, "
        "which closed the case. His GP saw him at the surgery in May about his chest. "
        "He died in hospital in June, after a fall at home.\n\n"
        "## Recommendations\n\n"
        "1. The Integrated Care Board should ensure that GP practices follow up missed "
        "appointments.\n"
        "2. Brackley Police should share welfare checks with adult social care.\n",
        encoding="utf-8",
    )
    review = extract_document(read_document(path), "0" * 64, matchers()).reviews[0]
    agencies = {a.agency_id for a in review.agencies}
    assert {"community_health", "asc", "gp"} <= agencies
    assert not agencies & {"school", "adult_mental_health", "icb_ccg", "police", "acute_hospital"}


def test_welsh_health_boards_an_acts_name_and_a_past_job(gaz: Gazetteer) -> None:
    """Written for the test: a Welsh health board is an NHS body; "Social Services" inside
    the name of an Act and a job held before the events involve no agency."""
    assert gaz.match_text("Glasfryn University Health Board should audit discharges.") == [
        "nhs_trust"
    ]
    assert gaz.match_text("The local health board should ensure that nurses visit.") == [
        "nhs_trust"
    ]
    assert (
        _involved(gaz, "The review followed the Social Services and Well-being (Wales) Act 2014.")
        == set()
    )
    assert _involved(gaz, "Social services visited the family twice in May.") == {"social_care"}
    assert (
        _involved(gaz, "He had been a miner and, for some years, a porter at the hospital.")
        == set()
    )
    assert _involved(gaz, "A nurse at the hospital saw him in May.") == {"acute_hospital"}


def test_review_panel_members_and_a_parents_own_childhood_do_not_involve(
    gaz: Gazetteer,
) -> None:
    """Written for the test (fifth round): the agencies on a review's panel, and those of
    someone's own childhood, are not involved in the case; the agencies that sent the
    review reports, and a child seen "as a child being groomed", still are."""
    assert (
        _involved(gaz, "The panel included representatives of the police and probation.") == set()
    )
    assert _involved(gaz, "Panel members came from the ICB and the fire service.") == set()
    assert (
        _involved(gaz, "Senior managers from the ambulance service sat on the review panel.")
        == set()
    )
    assert _involved(gaz, "The panel found that the police did not record the call.") == {"police"}
    assert _involved(
        gaz, "Individual management reviews were received from the police and the GP practice."
    ) == {"police", "gp"}
    assert (
        _involved(gaz, "Her father had been in the care of the local authority as a child.")
        == set()
    )
    assert (
        _involved(gaz, "In his own childhood he had a social worker from children's social care.")
        == set()
    )
    assert _involved(
        gaz, "Children's social care saw him as a choice-maker, not as a child being groomed."
    ) == {"csc"}


def test_contacts_denied_after_the_name_offered_refused_or_hypothetical(gaz: Gazetteer) -> None:
    """Written for the test (sixth round), in other words than the batch the rules came
    from: a contact denied after the agency's name, a service offered or refused, what
    would have happened, a relative's own place, and a hospital named only as where a
    service is. The same agencies in a contact that happened still count."""
    assert _involved(gaz, "A request to the IDVA service was never made.") == set()
    assert _involved(gaz, "Adult social care were not contacted by the ward.") == set()
    assert _involved(gaz, "The IDVA service contacted her twice.") == {"idva"}
    assert _involved(gaz, "She was offered a bed at a women's refuge but stayed at home.") == set()
    assert _involved(gaz, "He refused a referral to the community mental health team.") == set()
    assert _involved(gaz, "He often declined to be taken into hospital by the crew.") == set()
    assert _involved(gaz, "She stayed at a women's refuge for three weeks.") == {"refuge"}
    assert _involved(gaz, "A child protection conference would have involved the police.") == set()
    assert _involved(gaz, "Her mother had lived for two years in a nursing home.") == set()
    assert _involved(gaz, "She moved into a nursing home in May.") == {"care_home"}
    assert _involved(gaz, "A paediatrician at Eastfield General Hospital saw the bruise.") == {
        "paediatrics"
    }
    assert _involved(gaz, "Eastfield General Hospital discharged her at night.") == {
        "acute_hospital"
    }


def _review_docx(path: Path, title: str, board: str, body: str) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading(board, 1)  # on the cover only: no sentence of the text names it
    doc.add_heading(title, 1)
    doc.add_paragraph("Published March 2024.")
    doc.add_heading("What happened", 1)
    doc.add_paragraph(body)
    doc.save(str(path))
    return path


def test_an_unspecified_board_is_the_reviews_own_board(tmp_path: Path) -> None:
    """Written for the test (sixth round): "the Board" / "the Partnership" of an SAR or a DHR
    is the review's own board, by the board's name; a Welsh regional board (for children
    and adults) stays unspecified."""
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    def agencies(path: Path) -> set[str]:
        [review] = extract_document(read_document(path), "0" * 64, matchers()).reviews
        return {a.agency_id for a in review.agencies}

    body = (
        "In 2021 the Board's hoarding panel discussed Mr Rees twice. The police visited "
        "him after a fire in his kitchen."
    )
    sar = _review_docx(tmp_path / "s.docx", "Safeguarding Adults Review: Mr Rees",
                       "Brackley Safeguarding Adults Board", body)  # fmt: skip
    assert agencies(sar) == {"sab", "police"}
    welsh = _review_docx(tmp_path / "w.docx", "Adult Practice Review: Mr Rees",
                         "Cwm Tawe Regional Safeguarding Board", body)  # fmt: skip
    assert agencies(welsh) == {"safeguarding_board", "police"}


def test_referrals_never_made_and_no_record(gaz: Gazetteer) -> None:
    """Written for the test (sixth round): more ways of saying the contact never happened;
    a referral that was made, and an agency that was unaware of one thing, still count."""
    assert _involved(gaz, "No referral was made to children's social care.") == set()
    assert _involved(gaz, "A referral to CAMHS was considered but never sent.") == set()
    assert _involved(gaz, "Adult social care had no record of Mrs B.") == set()
    assert _involved(gaz, "No agency referred her to MARAC.") == set()
    assert _involved(gaz, "A referral to CAMHS was sent in May.") == {"camhs"}
    assert _involved(gaz, "The school was unaware of the domestic abuse.") == {"school"}


def test_a_membership_table_of_the_review_team_does_not_involve(tmp_path: Path) -> None:
    """Written for the test (seventh round): a table of the review team ("Member agency |
    Job title of representative"), as a Word table under any heading, names agencies by
    the role they sent, not by contact with the person; the agencies the report says had
    contact still count, and a table of contacts in sentences still involves its
    agencies, even under a header that says "Role" ("Agency | Role with Mr Dale")."""
    from docx import Document

    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mr Dale", 0)
    doc.add_paragraph("Hurstwood Safeguarding Adults Board. Published 2025.")
    doc.add_heading("How the review was done", 1)
    doc.add_paragraph("The following people wrote the review with the independent author.")
    rows = [
        ["Member agency", "Job title of representative"],
        ["Hurstwood Police", "Detective Sergeant, safeguarding hub"],
        ["North Vale Ambulance Service", "Safeguarding lead"],
        ["The Probation Service", "Senior probation officer"],
        ["Hurstwood Council adult social care", "Principal social worker"],
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.add_heading("What happened", 1)
    contacts = [
        ["Agency", "Role with Mr Dale"],
        ["Hurstwood Police", "Officers found Mr Dale on the floor of his flat in May 2024."],
        ["Adult social care", "A social worker assessed his needs in June 2024."],
    ]
    table = doc.add_table(rows=len(contacts), cols=2)
    for r, row in enumerate(contacts):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(str(tmp_path / "d.docx"))
    [review] = extract_document(read_document(tmp_path / "d.docx"), "0" * 64, matchers()).reviews
    found = {a.agency_id for a in review.agencies}
    assert {"police", "asc"} <= found
    assert not {"ambulance_service", "probation"} & found


def test_a_contact_denied_for_two_agencies_named_together(gaz: Gazetteer) -> None:
    """Written for the test (seventh round): the denial after two agencies joined as the
    subject ("The fire service and Shelter Cymru had never been contacted") covers the
    first as well as the last; an agency that acted before "and" in another clause still
    counts."""
    assert _involved(gaz, "The fire service and Shelter Cymru had never been contacted.") == set()
    assert (
        _involved(gaz, "The ambulance service and Victim Support had no contact with her.") == set()
    )
    assert _involved(gaz, "The GP saw her in May and Victim Support had no record of her.") == {
        "gp"
    }


def test_a_denied_contact_covers_the_agencys_other_mention_in_the_sentence(
    gaz: Gazetteer,
) -> None:
    """Written for the test (seventh round): a sentence that names an agency twice and
    denies the contact once ("talked to Amy about CAMHS …, but no referral to CAMHS was
    made") does not involve it; the other agencies it names still count, and so does an
    agency named twice with no denial."""
    text = "The school nurse talked to Amy about CAMHS in May, but no referral to CAMHS was made."
    assert _involved(gaz, text) == {"school_nursing"}
    assert _involved(gaz, "CAMHS saw Amy in May and CAMHS wrote to her GP.") == {"camhs", "gp"}


def test_welsh_adult_services_and_learning_disability_teams(gaz: Gazetteer) -> None:
    # a Welsh council's "Adult Services" and its Community Team for Learning Disabilities
    # (heldout20/21's adult practice reviews, read after their scores)
    assert gaz.match_text("The report was sent to Adult Services and closed.") == ["asc"]
    assert gaz.match_text("His care manager, a CTLD social worker, was on leave.") == [
        "asc",
        "social_care",
    ]
    assert gaz.match_text("The Community Team for Learning Disabilities wrote a plan.") == ["asc"]
    # a review's own involvement rule makes the unspecified social worker the adults' team
    involved = gaz.involved(
        gaz.match_agencies([("A CTLD social worker visited him twice.", 1, None)])
    )
    assert [a.agency_id for a in involved] == ["asc"]


def test_a_local_service_named_for_recovery_is_a_substance_misuse_service(gaz: Gazetteer) -> None:
    # heldout20's "Juniper Recovery Partnership", read after its score; names written here
    assert gaz.addressees("Fernbrook Recovery Partnership should not close a case unseen.") == [
        "substance_misuse_service"
    ]
    assert gaz.match_text("He went twice to the Alder Recovery Hub.") == [
        "substance_misuse_service"
    ]
    assert gaz.match_text("The recovery of the car took a week.") == []
