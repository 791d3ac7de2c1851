"""Statuses in a board's own words, learned from the document (docs/EXTRACTION.md,
"Session 12"): a scale the document grades ("Secured / Partly secured / Not secured"),
read wherever the status stands (a column under any header, brackets closing an item, a
line above each item, one sentence for several codes) and a system's export whose records
are read as a table's rows. Each test is a small document written for it, in words and a
layout other than the heldout12 file its fix was drawn from."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from reviewgraph.loaders.clean import clean_pages
from reviewgraph.loaders.models import Line, Page, Recommendation
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.records import records_as_rows
from reviewgraph.loaders.scales import status_scale
from tests.fixtures.documents import docx_blocks, pdf_blocks, reviews_of


def _recs(path: Path) -> list[Recommendation]:
    [review] = reviews_of(path)
    return review.recommendations


def _lines(*texts: str) -> list[Line]:
    return clean_pages([Page(1, "\n".join(texts))])


# --- the scale -------------------------------------------------------------------------


def test_a_key_that_grades_one_word_three_ways_is_the_documents_scale() -> None:
    scale = status_scale(
        _lines(
            "Each action is rated Secured (the change is made and checked), Partly",
            "secured (some of it is in place) or Not secured (nothing has changed yet).",
        )
    )
    assert set(scale) == {"secured", "partly secured", "not secured"}


def test_values_that_stand_alone_in_cells_make_a_scale_without_a_key() -> None:
    scale = status_scale(
        _lines(
            "Action | Lead | Settled?",
            "Write the guidance | Police | Settled",
            "Train the staff | ICB | Not settled",
        )
    )
    assert set(scale) == {"settled", "not settled"}


def test_prose_that_grades_a_word_in_passing_is_no_scale() -> None:
    """A review's narrative says "not seen", "being seen", "not shared" and "partly
    shared", but never as a status stands: no scale."""
    assert (
        status_scale(
            _lines(
                "The child was not seen alone by the school nurse, and when she was being seen",
                "at the clinic her mother answered for her. Information was not shared with",
                "the GP and was partly shared with the school after the second referral.",
                "Nobody had seen the bruise on her arm until the teacher did.",
            )
        )
        == {}
    )


# --- where the status stands -----------------------------------------------------------


def test_a_progress_column_in_the_boards_own_words(tmp_path: Path) -> None:
    """A DOCX whose progress table is keyed by short titles and rated in words no list
    of status words holds."""
    path = docx_blocks(
        tmp_path / "cspr.docx",
        [
            "Harthill Safeguarding Children Partnership. Published March 2025.",
            "# Recommendations",
            "1. Safe sleep at every visit. Midwives and health visitors should discuss safe "
            "sleep with both parents at every contact until the baby is six months old.",
            "2. Fathers in assessments. Children's social care should see and assess every "
            "father and male carer in the household during an assessment.",
            "3. Out of hours. The out of hours GP service should share every attendance of a "
            "baby under one with the family's health visitor the next day.",
            "# Progress",
            "Each action is rated Secured (the change is made and checked), Partly secured "
            "(some of it is in place) or Not secured (nothing has changed yet).",
            [
                ["Recommendation", "Lead", "Where it stands"],
                ["Safe sleep at every visit", "Harthill Health", "Secured"],
                ["Fathers in assessments", "Harthill Council", "Partly secured"],
                ["Out of hours", "Harthill ICB", "Not secured"],
            ],
        ],
        "Child Safeguarding Practice Review: Baby Q",
    )
    assert [r.status for r in _recs(path)] == ["Secured", "Partly secured", "Not secured"]


def test_a_status_in_brackets_closing_each_item_is_read_and_taken_off_its_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.html"
    path.write_text(
        "<html><head><title>Review of Mr Ashby published</title></head><body>"
        "<h1>Safeguarding Adults Review: Mr Ashby</h1>"
        "<p>Wendmoor Safeguarding Adults Board published the review in May 2025.</p>"
        "<h2>What the review asks</h2><p>Where each stands is in brackets.</p><ul>"
        "<li>Adult social care should hold a multi-agency meeting whenever a person "
        "refuses care twice (settled).</li>"
        "<li>The housing service should check on a tenant whose rent is unpaid for two "
        "months before it starts eviction (being settled).</li>"
        "<li>The ICB should make sure GPs follow up missed diabetic reviews "
        "(not yet settled).</li></ul></body></html>",
        encoding="utf-8",
    )
    recs = _recs(path)
    assert [r.status for r in recs] == ["settled", "being settled", "not yet settled"]
    assert recs[0].text.endswith("refuses care twice.")


def test_a_status_line_above_each_item_is_that_items_not_the_one_before(tmp_path: Path) -> None:
    """A leaflet that gives the status first: under the findings' bullets, each numbered
    item asks someone named, and the line above it says where it stands."""
    path = pdf_blocks(
        tmp_path / "leaflet.pdf",
        [
            "Domestic Homicide Review: Nadia",
            "Ravensby Community Safety Partnership, published September 2025.",
            "What the review found",
            "- The police did not see the pattern in her calls.",
            "- Her employer knew she was afraid and did not know where to turn.",
            "Above each change we say if it is made good, being made good or not yet made good.",
            "Being made good",
            "1. Ravensby Police should review every third call from the same address with a "
            "supervisor.",
            "Made good",
            "2. The Partnership should give employers a guide to domestic abuse at work.",
            "Not yet made good",
            "3. Ravensby ICB should make sure every GP practice has a domestic abuse lead.",
        ],
    )
    recs = _recs(path)
    assert [r.status for r in recs] == ["Being made good", "Made good", "Not yet made good"]
    assert recs[0].text.endswith("with a supervisor.")


def test_one_sentence_gives_two_cases_statuses_by_their_codes(tmp_path: Path) -> None:
    path = pdf_blocks(
        tmp_path / "paper.pdf",
        [
            "Exley Safeguarding Children Partnership: Practice Review Group, item 4",
            "2. LCSPR Child K (published March 2025)",
            "Child K was 14 and was exploited by a group selling drugs. The review made two "
            "recommendations:",
            "K/1 The Partnership should agree how schools share concerns about exploitation.",
            "K/2 Exley Police should refer every child found in a drugs raid to social care.",
            "3. LCSPR Mason (published July 2025)",
            "Mason was two when he was admitted to hospital with a head injury. The review "
            "made two recommendations:",
            "M/1 The hospital should refer any injury to a baby who cannot walk to a "
            "paediatrician.",
            "M/2 Health visitors should ask who lives in the home at every visit.",
            "4. Positions at October 2025",
            "The Group considers K/1 and M/2 signed off, K/2 partly signed off, and M/1 not "
            "signed off.",
        ],
    )
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert [(r.number, r.status) for r in reviews["Child K"].recommendations] == [
        ("K/1", "signed off"),
        ("K/2", "partly signed off"),
    ]
    # the list ends at its count: "4. Positions at October 2025" is no recommendation
    assert [(r.number, r.status) for r in reviews["Mason"].recommendations] == [
        ("M/1", "not signed off"),
        ("M/2", "signed off"),
    ]


def test_prose_that_grades_words_gives_no_recommendation_a_status(tmp_path: Path) -> None:
    path = pdf_blocks(
        tmp_path / "scr.pdf",
        [
            "Serious Case Review: Child T",
            "Fenbury Safeguarding Children Partnership, published 2024.",
            "Findings",
            "Child T was not seen alone, and when she was being seen at the clinic her mother "
            "answered for her. Information was not shared with the GP, and was partly "
            "shared with the school.",
            "Recommendations",
            "1. The school nursing service should see every child alone at least once a term.",
            "2. The GP practice should record who attends with a child and why.",
        ],
    )
    assert [r.status for r in _recs(path)] == [None, None]


# --- a system's export -------------------------------------------------------------------

_EXPORT = """BRANTWOOD SAFEGUARDING ADULTS BOARD - SAR ACTIONS EXPORT

REVIEWS
SAR Edith (published 03/2024)
Edith was 88 and lived in a care home, where she fell eleven times in a year.

SAR Mr Okafor (published 09/2024)
Mr Okafor was 41 and slept rough; he died of pneumonia after leaving hospital.

ACTIONS
---------------------------------------------------------------
ID        BSAB-07
CASE      SAR Edith
LEAD      Brantwood Council commissioning
TASK      Brantwood Council should check that every care home it uses
          reviews a resident's falls plan after a second fall.
STATE     RESOLVED
---------------------------------------------------------------
ID        BSAB-08
CASE      SAR Mr Okafor
LEAD      Brantwood Hospitals NHS Trust
TASK      The hospital should not discharge a person who is homeless
          without somewhere safe to go.
STATE     PENDING
---------------------------------------------------------------
ID        BSAB-09
CASE      SAR Mr Okafor
LEAD      Brantwood Council housing
TASK      The housing service should take part in every discharge plan
          for a person who is homeless.
STATE     NOT OPENED
---------------------------------------------------------------
"""


def test_records_of_an_export_are_read_as_a_tables_rows() -> None:
    lines = records_as_rows(_EXPORT).splitlines()
    header = lines.index("Id | Case | Lead | Task | State")
    assert lines[header + 1] == (
        "BSAB-07 | SAR Edith | Brantwood Council commissioning | Brantwood Council should "
        "check that every care home it uses reviews a resident's falls plan after a second "
        "fall. | RESOLVED"
    )
    assert lines[header + 3].endswith("| NOT OPENED")
    assert records_as_rows("NAME      one record only\nSTATE     OPEN\nLEAD      x\n") == (
        "NAME      one record only\nSTATE     OPEN\nLEAD      x\n"
    )


def test_an_exports_actions_go_to_the_review_each_names(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text(_EXPORT, encoding="utf-8")
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert [r.status for r in reviews["Edith"].recommendations] == ["RESOLVED"]
    assert [(r.status, r.text[:24]) for r in reviews["Mr Okafor"].recommendations] == [
        ("PENDING", "The hospital should not "),
        ("NOT OPENED", "The housing service shou"),
    ]


def test_a_pdf_leaflet_reads_as_written(tmp_path: Path) -> None:
    """The test documents' PDF writer keeps a status line of its own as a line."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, "Made good\n1. The Partnership should publish a guide.")
    pdf.output(str(tmp_path / "one.pdf"))
    text = read_document(tmp_path / "one.pdf").pages[0].text
    assert text.splitlines()[:2] == ["Made good", "1. The Partnership should publish a guide."]
