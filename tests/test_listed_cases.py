"""A briefing that names its cases in a list, with no section per case (fictional text)."""

from __future__ import annotations

import re
from pathlib import Path

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.cases import about_every_case, named_cases
from reviewgraph.loaders.pipeline import load_paths

BRIEFING = """Learning from Serious Case Reviews
This briefing draws on the three recent SCRs, Children D, E and F, commissioned by the board.

Information sharing
All of the SCRs found that information was not shared between the school nurse and children's social care.
Domestic abuse
Domestic abuse was a feature in two of the three SCRs, and the children witnessed it.

Next steps
Practitioners should read the full reports. The Westmoor LSCB will audit practice in 2019.
"""

SIBLINGS = """Serious Case Review: Children A, B and C
Halvern Local Safeguarding Children Board
Date of publication: June 2019

1. Introduction
The review concerns three siblings. Information was not shared between the GP and the school.
"""


def test_a_list_of_reviews_is_not_a_list_of_siblings() -> None:
    assert named_cases("the five SCR's, Children O, R, AC, L and N.") == [
        "Child O", "Child R", "Child AC", "Child L", "Child N",
    ]  # fmt: skip
    assert named_cases("Serious Case Review: Children A, B and C") == []
    assert named_cases("The SCR concerning Children A, B and C") == []


def test_what_is_said_of_every_case() -> None:
    assert about_every_case("5 out of 5 Neglect was a feature")
    assert about_every_case("Recognising risk is a theme across all of the SCR's.")
    assert not about_every_case("3 out of 5 Domestic Abuse was a feature")
    assert not about_every_case("Neglect was a feature in all of the SCR's, in some cases chronic.")
    assert not about_every_case("Domestic abuse was a feature in two of the three SCRs.")


def test_each_listed_case_is_a_review_sharing_the_document(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "briefing.txt"
    path.write_text(BRIEFING, encoding="utf-8")
    report = load_paths(empty_store, [path])
    assert [f.status for f in report.files] == ["loaded"]
    rows = empty_store.read(
        "MATCH (r:Review)-[:DESCRIBED_IN]->(d:Document) "
        "RETURN r.subject AS subject, r.type AS type, r.board AS board, d.id AS doc "
        "ORDER BY subject"
    )
    assert [r["subject"] for r in rows] == ["Child D", "Child E", "Child F"]
    assert {r["type"] for r in rows} == {"SCR"}
    assert {r["board"] for r in rows} == {"Westmoor LSCB"}  # named only in passing
    assert len({r["doc"] for r in rows}) == 1
    # said of all three: each review has the theme, the sentence as its evidence
    shared = empty_store.read(
        "MATCH (r:Review)-[h:HAS_THEME]->(:Theme {id: 'information_sharing'}) "
        "RETURN r.subject AS subject, h.evidence AS ev ORDER BY subject"
    )
    assert [r["subject"] for r in shared] == ["Child D", "Child E", "Child F"]
    assert "All of the SCRs found that information was not shared" in shared[0]["ev"][0]
    # said of two of the three: not pinned on any one review, kept with the document
    assert not empty_store.read(
        "MATCH (:Review)-[:HAS_THEME]->(t:Theme {id: 'domestic_abuse'}) RETURN t"
    )
    assert empty_store.read(
        "MATCH (:Document)-[:HAS_THEME]->(t:Theme {id: 'domestic_abuse'}) RETURN t.id AS id"
    ) == [{"id": "domestic_abuse"}]


def test_siblings_in_one_review_stay_one_review(empty_store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "siblings.txt"
    path.write_text(SIBLINGS, encoding="utf-8")
    load_paths(empty_store, [path])
    rows = empty_store.read("MATCH (r:Review) RETURN r.type AS type, r.year AS year")
    assert rows == [{"type": "SCR", "year": 2019}]


# An annual report whose chapter has one sub-heading per review, each naming the review's
# type and its person in another order than "Mr Abbott (SAR)" (fictional, written for the
# test; a DOCX so the headings are the document's own).
def _annual_report(path: Path, headings: list[str]) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading("Harrowby Safeguarding Partnership annual report 2024", 0)
    doc.add_paragraph("Published: October 2024")
    doc.add_heading("Reviews we published", 1)
    bodies = [
        "{name} was 81 and lived alone. Her Safeguarding Adults Review found that the district "
        "nurses did not share their concerns about {name}'s weight with her GP.",
        "{name} was 15 when he was seriously hurt. The review found that the school did not "
        "tell children's social care that {name} had been missing for three days.",
        "{name} was 40 and died in a fire. The Safeguarding Adults Review found that the fire "
        "service did not share its home visit with adult social care.",
    ]
    for heading, body in zip(headings, bodies, strict=True):
        doc.add_heading(heading, 2)
        name = heading.split(":")[-1].split("'")[0].replace("Learning from ", "").strip()
        name = name.removeprefix("SAR ").removeprefix("Safeguarding Adults Review - ")
        doc.add_paragraph(body.format(name=name))
    doc.save(str(path))
    return path


def test_sub_headings_naming_a_type_and_a_person_are_cases(tmp_path: Path) -> None:
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    path = _annual_report(
        tmp_path / "annual.docx",
        [
            "SAR Winifred",
            "Child Safeguarding Practice Review: Child T",
            "Learning from Adult K's review",
        ],
    )
    reviews = extract_document(read_document(path), "0" * 64, matchers()).reviews
    assert [(r.meta.subject, r.meta.type) for r in reviews] == [
        ("Winifred", "SAR"), ("Child T", "CSPR"), ("Adult K", "SAR"),
    ]  # fmt: skip


def test_one_typed_heading_or_a_type_word_is_not_a_case(tmp_path: Path) -> None:
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    # "SAR Summary" and "SAR Process" name no person: one review, not three cases
    path = _annual_report(tmp_path / "one.docx", ["SAR Summary", "SAR Process", "SAR Winifred"])
    reviews = extract_document(read_document(path), "0" * 64, matchers()).reviews
    assert len(reviews) == 1


def test_one_persons_typed_heading_repeated_is_one_case(tmp_path: Path) -> None:
    """A long report whose every part is headed "SAR Winifred" (a heading style used as a
    running title) is one review: the rule for cases wants two people at least. Without it
    the bench's 60-page reviews came out as many cases each, with no findings."""
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    path = _annual_report(tmp_path / "one.docx", ["SAR Winifred"] * 3)
    reviews = extract_document(read_document(path), "0" * 64, matchers()).reviews
    assert len(reviews) == 1


def _thematic(path: Path, headings: list[str], common: str) -> Path:
    """A thematic review (DOCX, fictional): a wrapped cover title, one section per person
    headed `headings`, then a section `common` said of them all."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("Marlowe Safeguarding Adults Board")
    doc.add_paragraph("A Thematic Safeguarding Adults Review of")
    doc.add_paragraph("Three Deaths in Winter")
    doc.add_paragraph("Published: February 2025")
    doc.add_heading("1. Why this review", 1)
    doc.add_paragraph("1.1 The Board looked at the deaths of three people over one winter.")
    bodies = [
        "{name} was 67 and lived alone in a flat with no heating. The district nurses "
        "visited each week to dress her legs.",
        "{name} was 52 and slept in his car. The ambulance service took him to hospital "
        "four times in December.",
        "{name} was 74 and cared for her husband. The GP knew that she was not eating.",
    ]
    for k, (heading, body) in enumerate(zip(headings, bodies, strict=True), start=2):
        doc.add_heading(f"{k}. {heading}", 1)
        name = re.search(r"(?:Mrs|Mr|Ms) [A-Z]\w+|\b[A-Z][a-z]+(?='s)", heading)
        doc.add_paragraph(body.format(name=name.group(0) if name else "One person"))
    doc.add_heading(f"5. {common}", 1)
    doc.add_paragraph(
        "Self-neglect was not recognised: each of them declined help and services closed "
        "their cases when they did not engage."
    )
    doc.save(str(path))
    return path


def test_a_thematic_reviews_people_under_story_headings_are_cases(tmp_path: Path) -> None:
    """'The story of Mrs X', 'Mr Y's story', 'About Z' sections of one thematic review are
    its cases, each named; what the review finds under 'Learning common to all three' is
    found of each; the title is the cover's two wrapped lines, not the first paragraph."""
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    path = _thematic(
        tmp_path / "t.docx",
        ["The story of Mrs Okonjo", "Mr Brandt's story", "About Mrs Leclerc"],
        "Learning common to all three",
    )
    extraction = extract_document(read_document(path), "0" * 64, matchers())
    reviews = extraction.reviews
    assert [(r.meta.subject, r.meta.type) for r in reviews] == [
        ("Mrs Okonjo", "SAR"), ("Mr Brandt", "SAR"), ("Mrs Leclerc", "SAR"),
    ]  # fmt: skip
    assert extraction.title == "A Thematic Safeguarding Adults Review of Three Deaths in Winter"
    for review in reviews:
        assert "self_neglect" in {t.theme_id for t in review.themes if t.strong}


def test_one_about_heading_or_about_the_review_is_not_a_case(tmp_path: Path) -> None:
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    path = _thematic(
        tmp_path / "a.docx",
        ["About this review", "About the Board", "About Mrs Leclerc"],
        "Learning common to all three",
    )
    assert len(extract_document(read_document(path), "0" * 64, matchers()).reviews) == 1


def test_counted_case_headings_name_the_person_after_the_count(tmp_path: Path) -> None:
    """An HTML learning page whose cases are headed "Review 3 - Amira (DHR)": the person
    after the count is the subject, whatever kind of name it is."""
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    (tmp_path / "l.html").write_text(
        "<html><body><h1>Learning from reviews 2024</h1><p>Brackenford Safeguarding "
        "Partnership.</p><h2>Review 1 - Baby Q (CSPR)</h2><p>Baby Q was 10 weeks old when "
        "she was taken to hospital with a fractured skull.</p><h2>Review 2 - Mr V (SAR)</h2>"
        "<p>Mr V was 70 and lived alone.</p><h2>Review 3 - Amira (DHR)</h2><p>Amira was "
        "killed by her husband. She had told her GP she was frightened of him.</p></body></html>",
        encoding="utf-8",
    )
    reviews = extract_document(read_document(tmp_path / "l.html"), "0" * 64, matchers()).reviews
    assert [(r.meta.subject, r.meta.type) for r in reviews] == [
        ("Baby Q", "CSPR"), ("Mr V", "SAR"), ("Amira", "DHR"),
    ]  # fmt: skip


def test_experience_headings_of_a_thematic_review_are_cases(tmp_path: Path) -> None:
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    path = _thematic(
        tmp_path / "e.docx",
        ["Mrs Okonjo's experience", "Mr Brandt's experience", "Mrs Leclerc's experience"],
        "Findings across all three",
    )
    reviews = extract_document(read_document(path), "0" * 64, matchers()).reviews
    assert [r.meta.subject for r in reviews] == ["Mrs Okonjo", "Mr Brandt", "Mrs Leclerc"]


def test_a_reviews_title_and_one_persons_story_are_one_case(tmp_path: Path) -> None:
    """An SAR titled with its subject, with a section on her husband's story: one review,
    not two cases (the bench's long reviews, titled with another name than their "Adult C's
    story" section, came out as two cases each until the two forms were kept apart)."""
    from docx import Document

    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mrs Dale", 1)
    doc.add_paragraph("Calder Safeguarding Adults Board. Published 2025.")
    doc.add_heading("Mr Dale's story", 1)
    doc.add_paragraph("Mr Dale cared for his wife for ten years and had his own GP.")
    doc.add_heading("What happened", 1)
    doc.add_paragraph("Mrs Dale was admitted to hospital with a pressure ulcer in 2023.")
    doc.save(str(tmp_path / "d.docx"))
    reviews = extract_document(read_document(tmp_path / "d.docx"), "0" * 64, matchers()).reviews
    assert [r.meta.type for r in reviews] == ["SAR"]


def _table_doc(path: Path, title: str, rows: list[list[str]]) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading(title, 0)
    doc.add_paragraph("Fernley Safeguarding Adults Board, 2024.")
    doc.add_heading("The reviews", 1)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(str(path))
    return path


def test_a_briefings_cases_as_the_rows_of_a_table(tmp_path: Path) -> None:
    """A briefing with no section per case, its cases the rows of a table (person, review
    type, what happened): one review per row, typed by its row, with what the row says;
    a single review's table of family members is not a table of cases."""
    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    path = _table_doc(tmp_path / "b.docx", "Learning briefing: two reviews", [
        ["Person", "Review", "What happened"],
        ["Mr T", "Safeguarding Adults Review", "Mr T died of hypothermia after he was evicted; "
                                               "the police had found him sleeping in his car."],
        ["Mrs W", "Domestic Homicide Review", "Mrs W was killed by her son; she had told her GP "
                                              "she was frightened of him."],
    ])  # fmt: skip
    reviews = extract_document(read_document(path), "0" * 64, matchers()).reviews
    assert [(r.meta.subject, r.meta.type) for r in reviews] == [("Mr T", "SAR"), ("Mrs W", "DHR")]
    assert [[a.agency_id for a in r.agencies] for r in reviews] == [["police"], ["gp"]]
    family = _table_doc(tmp_path / "f.docx", "Safeguarding Adults Review: Mrs Ellis", [
        ["Name", "Relationship", "Age"], ["Mrs Ellis", "Subject of the review", "84"],
        ["Mr Ellis", "Husband", "86"],
    ])  # fmt: skip
    assert len(extract_document(read_document(family), "0" * 64, matchers()).reviews) == 1


def test_a_heading_that_says_the_review_after_a_word_is_not_a_person(tmp_path: Path) -> None:
    """Written for the test (seventh round): a progress report on one review, titled with
    its person and type ("Adult W: Safeguarding Adults Review"), whose sections are
    headed "Recap: the review" and "Progress - this review": a word before "the review" or
    "this review" names no person, and the report stays one review, dated by the year it
    says the review was published in a sentence."""
    from docx import Document

    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    doc = Document()
    doc.add_heading("Adult W: Safeguarding Adults Review", 1)
    doc.add_paragraph("Update to the Tywyn Safeguarding Adults Board, 3 February 2026")
    doc.add_heading("Recap: the review", 1)
    doc.add_paragraph(
        "Adult W, aged 58, died of hypothermia in his garden shed in January 2024. The "
        "review was commissioned by the Board, and it was published in October 2025 after "
        "his brother had read it."
    )
    doc.add_heading("Progress - this review", 1)
    doc.add_paragraph(
        "The Board has written to every housing provider about people sleeping in "
        "outbuildings, and adult social care now visits within a week."
    )
    doc.save(str(tmp_path / "o.docx"))
    reviews = extract_document(read_document(tmp_path / "o.docx"), "0" * 64, matchers()).reviews
    assert [(r.meta.subject, r.meta.type) for r in reviews] == [("Adult W", "SAR")]
    assert reviews[0].meta.year == 2025
