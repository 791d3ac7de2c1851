"""Sections and items on realistic review layouts, a multi-case briefing and the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from reviewgraph.loaders.clean import clean_pages
from reviewgraph.loaders.models import Line, Page
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.structure import (
    Item,
    classify_heading,
    item_start,
    numbered_items,
    split_sections,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

REVIEW = [
    """Northbridge Local Safeguarding Children Board
Serious Case Review: Child K
Final report, published June 2017
1. Introduction
1.1 This review was commissioned by Northbridge LSCB after Child K, aged 8 months,
was admitted to hospital with serious injuries in March 2016.
2. Terms of Reference
2.1 The review covered the period from the booking of the pregnancy in 2015 to the
admission to hospital.
3. Methodology
The review used the SCIE Learning Together model and met practitioners twice.""",
    """4. The family
Child K lived with her mother, her father and an older half-sibling.
5. Key practice episodes
2015. The family moved to Northbridge from another authority.
The booking appointment was late and the midwife noted low mood.
6. Analysis of practice
6.1 Information sharing
Agencies did not share what they knew about the father's history of violence.
6.2 Professional curiosity
Nobody asked who else lived in the household.""",
    """7. Findings and learning
Finding 1: Records from the previous authority were not requested by the health
visiting service.
Finding 2: The father was not seen by any agency.
8. Good practice
The GP referred promptly to children's social care.
9. Recommendations
1. The LSCB should seek assurance that health visiting services request
records when a family moves into the area.
2. Children's social care should ensure that fathers and other men in the""",
    """household are assessed, and report to the board within six months.
3. The LSCB should audit multi-agency training on domestic abuse.
10. Conclusion
The injuries to Child K could not have been predicted, but they might have been prevented.
Appendix 1: Glossary
GP General Practitioner""",
]


def _lines(*pages: str) -> list[Line]:
    return clean_pages([Page(i, text) for i, text in enumerate(pages, start=1)])


def _section(sections: list, kind: str):  # noqa: ANN202 - a Section
    return next(s for s in sections if s.kind == kind)


def test_review_layout_gives_section_kinds_in_order_with_levels() -> None:
    sections = split_sections(_lines(*REVIEW))
    assert [(s.heading, s.kind, s.level) for s in sections] == [
        ("", "front", 0),
        ("1. Introduction", "introduction", 1),
        ("2. Terms of Reference", "terms_of_reference", 1),
        ("3. Methodology", "methodology", 1),
        ("4. The family", "background", 1),
        ("5. Key practice episodes", "chronology", 1),
        ("6. Analysis of practice", "analysis", 1),
        ("6.1 Information sharing", "analysis", 2),  # inherited from its parent
        ("6.2 Professional curiosity", "analysis", 2),
        ("7. Findings and learning", "findings", 1),
        ("8. Good practice", "good_practice", 1),
        ("9. Recommendations", "recommendations", 1),
        ("10. Conclusion", "conclusion", 1),
        ("Appendix 1: Glossary", "glossary", 1),
    ]
    front = sections[0]
    assert [line.text for line in front.lines][1] == "Serious Case Review: Child K"
    assert _section(sections, "chronology").lines[0] == Line(
        2, "2015. The family moved to Northbridge from another authority."
    )


def test_recommendations_come_out_numbered_with_continuations_and_pages() -> None:
    recs = numbered_items(_section(split_sections(_lines(*REVIEW)), "recommendations").lines)
    assert [(r.number, r.page) for r in recs] == [("1", 3), ("2", 3), ("3", 4)]
    assert recs[0].text == (
        "The LSCB should seek assurance that health visiting services request records when a "
        "family moves into the area."
    )
    assert recs[1].text == (
        "Children's social care should ensure that fathers and other men in the household are "
        "assessed, and report to the board within six months."
    )


def test_findings_items_keep_their_labels_numbers() -> None:
    findings = numbered_items(_section(split_sections(_lines(*REVIEW)), "findings").lines)
    assert [(f.number, f.marker, f.text) for f in findings] == [
        ("1", "Finding 1", "Records from the previous authority were not requested by the "
                           "health visiting service."),
        ("2", "Finding 2", "The father was not seen by any agency."),
    ]  # fmt: skip


def test_multi_case_briefing_names_each_case_and_the_shared_themes() -> None:
    text = """Learning from local reviews
This briefing summarises five local reviews published this year.
Child O
Child O was 14 when she died. She had been missing from home many times.
Key learning
Professionals did not see the pattern of missing episodes.
Case 2: Adult B
Adult B was 78 and lived alone with advanced dementia and self-neglect.
Review 3 - Baby T
Baby T was 6 weeks old when admitted to hospital with a head injury.
Sarah's story
Sarah was killed by her former partner after she left him in 2019.
DHR/11
The victim had contacted the police on several occasions before her death.
What the reviews have in common
All of the reviews found that information was not shared between agencies.
Recommendations for the board
R1 The board should commission multi-agency training on missing children.
R2: Health partners should
seek assurance that GPs record carers' details."""
    sections = split_sections(_lines(text))
    assert [(s.heading, s.kind) for s in sections[1:]] == [
        ("Child O", "case"),
        ("Key learning", "learning"),
        ("Case 2: Adult B", "case"),
        ("Review 3 - Baby T", "case"),
        ("Sarah's story", "case"),
        ("DHR/11", "case"),
        ("What the reviews have in common", "cross_case"),
        ("Recommendations for the board", "recommendations"),
    ]
    recs = numbered_items(sections[-1].lines)
    assert [(r.number, r.marker, r.text) for r in recs] == [
        ("1", "R1", "The board should commission multi-agency training on missing children."),
        ("2", "R2", "Health partners should seek assurance that GPs record carers' details."),
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Terms of reference", "terms_of_reference"),
        ("Summary of events", "chronology"),
        ("Key practice episodes", "chronology"),
        ("Findings and analysis", "findings"),
        ("Key Findings", "findings"),
        ("Lessons learned", "learning"),
        ("What we learned", "learning"),
        ("Learning points", "learning"),
        ("Recommendations and action plan", "recommendations"),
        ("Section 4: Recommendations", "recommendations"),
        ("Action plan", "action_plan"),
        ("The subject and family", "background"),
        ("Common themes", "cross_case"),
        ("Themes across the reviews", "cross_case"),
        ("## Glossary", "glossary"),
        ("References", "references"),
        ("Appendix B", "appendix"),
        ("Appendix A: Action plan", "action_plan"),
        ("Appendix C: Agencies that took part", "appendix"),
        ("SCR: Child R", "case"),
        ("Child AC", "case"),
        ("Child Protection", None),
        ("Adult Social Care", None),
        ("Mr A", None),
        ("Recognising and assessing risk", None),
    ],
)
def test_classify_heading(heading: str, kind: str | None) -> None:
    assert classify_heading(heading) == kind


def test_markdown_and_docx_headings_keep_their_levels(tmp_path: Path) -> None:
    doc = Document()
    doc.add_heading("Learning from Child L", 1)
    doc.add_paragraph("Child L was 15 and had not been in school for a year.")
    doc.add_heading("Recommendations", 2)
    doc.add_paragraph("The partnership should review the elective home education protocol.")
    doc.add_heading("Health", 3)
    doc.add_paragraph("The school nursing service should keep records of children out of school.")
    doc.save(str(tmp_path / "l.docx"))
    sections = split_sections(clean_pages(read_document(tmp_path / "l.docx").pages))
    assert [(s.heading, s.kind, s.level) for s in sections] == [
        ("Learning from Child L", "learning", 1),
        ("Recommendations", "recommendations", 2),
        ("Health", "recommendations", 3),  # a sub-heading inside recommendations
    ]


def test_docx_action_table_rows_become_items_numbered_from_the_first_cell(tmp_path: Path) -> None:
    doc = Document()
    doc.add_heading("Recommendations and action plan", 1)
    table = doc.add_table(rows=3, cols=4)
    rows = [
        ["No.", "Recommendation", "Owner", "Date"],
        ["1", "The LSCB should audit strategy meetings.", "LSCB", "March 2018"],
        ["R2", "Police should record 101 calls about children.", "Police", "June 2018"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.add_paragraph("Progress will be reported to the board.")
    doc.save(str(tmp_path / "plan.docx"))
    sections = split_sections(clean_pages(read_document(tmp_path / "plan.docx").pages))
    items = numbered_items(sections[0].lines)
    assert [(i.number, i.text, i.cells[2:]) for i in items] == [
        ("1", "The LSCB should audit strategy meetings.", ("LSCB", "March 2018")),
        ("2", "Police should record 101 calls about children.", ("Police", "June 2018")),
    ]


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("1. The LSCB should act.", "1", "The LSCB should act."),
        ("1) The LSCB should act.", "1", "The LSCB should act."),
        ("(1) The LSCB should act.", "1", "The LSCB should act."),
        ("a) ensure training", "a", "ensure training"),
        ("(a) ensure training", "a", "ensure training"),
        ("iv. review the policy", "iv", "review the policy"),
        ("R1 The LSCB should act.", "1", "The LSCB should act."),
        ("Rec 1: The LSCB should act.", "1", "The LSCB should act."),
        ("Recommendation 3: The LSCB should act.", "3", "The LSCB should act."),
        ("Recommendation 3 - The LSCB should act.", "3", "The LSCB should act."),
        ("Finding 2: Records were lost.", "2", "Records were lost."),
        ("Learning point 4: Think family.", "4", "Think family."),
        ("8.2 The board should act.", "8.2", "The board should act."),
        ("- a bullet", None, "a bullet"),
        ("* a bullet", None, "a bullet"),
    ],
)
def test_item_starts(text: str, number: str | None, rest: str) -> None:
    item = item_start(text)
    assert item is not None and (item.number, item.text) == (number, rest)


@pytest.mark.parametrize(
    "text",
    [
        "2015. The family moved to the area.",
        "12 March 2015 the mother called 101.",
        "Page 3",
        "1.5 million children live in poverty.",
        "Recommendation 3 of the previous review was not met.",
        "No. | Recommendation | Owner",
        "p. 12 of the report",
        "A. Smith chaired the panel.",
    ],
)
def test_not_item_starts(text: str) -> None:
    assert item_start(text) is None


def test_items_stop_at_headings_and_paragraph_ends() -> None:
    lines = _lines(
        "Recommendation 1:\nThe LSCB should review its neglect strategy.\n"
        "Learning\nThe board agreed the plan in full at its next meeting.\n"
        "- Neglect\n\nThe board noted this."
    )
    assert numbered_items(lines) == [
        Item("1", "The LSCB should review its neglect strategy.", 1, "Recommendation 1"),
        Item(None, "Neglect", 1, "-"),
    ]


def test_a_numbered_list_is_not_taken_for_headings() -> None:
    lines = _lines(
        "Recommendations\n1. Neglect training\n2. Information sharing\n3. Escalation policy\n"
        "4. Conclusion\nThe review is closed."
    )
    sections = split_sections(lines)
    assert [(s.heading, s.kind) for s in sections] == [("Recommendations", "recommendations")]
    assert [i.number for i in numbered_items(sections[0].lines)] == ["1", "2", "3", "4"]


def test_contents_lines_are_not_headings() -> None:
    lines = _lines(
        "Contents\nIntroduction\t3\n1.1 Background ........ 4\nRecommendations 12\n"
        "Introduction\nThis review was commissioned by the board in 2019."
    )
    assert [(s.heading, s.kind, len(s.lines)) for s in split_sections(lines)] == [
        ("Contents", "contents", 3),
        ("Introduction", "introduction", 1),
    ]


def test_cumbria_briefing_sections() -> None:
    path = CORPUS / "cumbria-briefing-five-scrs.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared corpus sits beside the project)")
    sections = split_sections(clean_pages(read_document(path).pages))
    found = [(s.heading, s.kind) for s in sections]
    assert found[0] == ("", "front")
    assert ("Neglect", None) in found and ("Domestic abuse", None) in found
    assert ("Themes drawn from all of the SCR's", "cross_case") in found
    assert ("Learning from Serious Case Reviews", "learning") in found
    neglect = next(s for s in sections if s.heading == "Neglect")
    assert neglect.lines[0].text.startswith("Neglect was a feature in all of the SCR's")


def test_a_case_named_only_by_a_first_name_is_found_by_its_layout() -> None:
    text = "\n".join(
        [
            "# Learning from four reviews",
            "## About this briefing",
            "This briefing draws together three reviews of older adults.",
        ]
        + [
            line
            for name in ("Adult F", "Norman", "Adult J")
            for line in (
                f"## {name}",
                f"{name} lived alone and was known to adult social care.",
                "### Key findings",
                "1. The carer's needs were not assessed.",
                "### Recommendations",
                "1. The board should audit carers' assessments.",
            )
        ]
        + ["### Notes from the family", "The family said they were not listened to."]
    )
    sections = split_sections(_lines(text))
    assert [(s.heading, s.kind) for s in sections if s.level == 2] == [
        ("About this briefing", None),
        ("Adult F", "case"),
        ("Norman", "case"),  # no "Child"/"Adult" label, but laid out like its siblings
        ("Adult J", "case"),
    ]
    assert sections[-1].kind is None  # a case's own sub-heading is not another case


def test_welsh_template_headings_and_field_lines_after_an_item() -> None:
    lines = [
        Line(1, "Practice and organisational learning"),
        Line(1, "The review found that records were not requested when the family moved."),
        Line(1, "Improving systems and practice"),
        Line(1, "1. The Health Board should request records within ten working days."),
        Line(1, "Lead: Health Board"),
        Line(1, "Status: In progress"),
        Line(1, "2. The Local Authority should contact families who refuse a nursery place."),
    ]
    sections = split_sections(lines)
    assert [(s.heading, s.kind) for s in sections] == [
        ("Practice and organisational learning", "learning"),
        ("Improving systems and practice", "recommendations"),
    ]  # "Lead: Health Board" and "Status: In progress" are not headings
    assert [line.text for line in sections[1].lines][1:3] == [
        "Lead: Health Board", "Status: In progress",
    ]  # fmt: skip


def test_an_html_table_header_starting_with_hash_is_a_table_row_not_a_heading() -> None:
    lines = [
        Line(1, "Recommendations"),
        Line(1, "# | Recommendation | Lead | Status"),
        Line(1, "1 | Schools should record every exclusion. | Education | Complete"),
    ]
    [section] = split_sections(lines)
    assert section.kind == "recommendations" and len(section.lines) == 2


def test_case_study_sections_are_cases_named_after_the_colon(tmp_path: Path) -> None:
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers

    assert classify_heading("Case Study 2 - Mr P") == "case"
    assert classify_heading("Case studies") is None
    # a national analysis's vignette is not a case of its own
    assert (
        classify_heading("Case study 2: A young person who experienced housing problems") != "case"
    )
    (tmp_path / "t.md").write_text(
        "# Thematic Review: Young People and Exploitation\n\n"
        "Marlow Vale Safeguarding Children Partnership, April 2021\n\n"
        "## Case Study 1: Child R\n\nChild R was fourteen when he was criminally exploited by a "
        "county lines gang. He was excluded from school in Year 9.\n\n"
        "## Case Study 2: Mr P\n\nMr P was nineteen and had a learning disability. He was "
        "financially exploited by people he thought were friends.\n",
        encoding="utf-8",
    )
    reviews = extract_document(read_document(tmp_path / "t.md"), "0" * 64, matchers()).reviews
    assert [r.meta.subject for r in reviews] == ["Child R", "Mr P"]
    themes = [{t.theme_id for t in r.themes if t.strong} for r in reviews]
    assert "school_exclusion" in themes[0] and "learning_disability" not in themes[0]
    assert "learning_disability" in themes[1] and "school_exclusion" not in themes[1]
