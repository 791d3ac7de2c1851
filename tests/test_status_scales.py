"""Statuses in a board's own words, learned from the document (docs/EXTRACTION.md,
"Session 12"): a scale the document grades ("Secured / Partly secured / Not secured"),
read wherever the status stands (a column under any header, brackets closing an item, a
line above each item, one sentence for several codes) and a system's export whose records
are read as a table's rows; and (round 15, drawn from heldout13) a report's parts headed
by the review's type with the person in brackets, recommendations quoted under a line that
rates them, tables set on their side, a value opening the line after each recommendation,
bilingual tables, and a CSV export whose cases are rows. Each test is a small document
written for it, in words and a layout other than the heldout12 or heldout13 file its fix
was drawn from; three of round 15's failed on their first run (a numbered line read as a
heading, three values none repeated, a header "Where it stands") until the code was
mended. Round 16 (drawn from heldout14): an audit's matrix of marks, a register's rows
of other sources and its latest status column, codes in brackets read through their key,
recommendations listed under the terms a page defines, rows merged across a table that
name each review. Three of its five failed on their first run (a key's bullets ended an
introduced list, a list under a term had one item, a review's first part lost its
table's header) until the code was mended."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from reviewgraph.loaders.clean import clean_pages
from reviewgraph.loaders.models import Line, Page, Recommendation
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.records import csv_as_rows, records_as_rows
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


# --- round 15: layouts read by how they are set out (drawn from heldout13) ---------------


def test_each_part_of_a_joint_report_is_a_case_and_its_quoted_recommendations_its_own(
    tmp_path: Path,
) -> None:
    """A scrutiny report whose parts are headed by the review's type with the person in
    brackets, each recommendation quoted under a numbered line that ends in its rating."""
    path = pdf_blocks(
        tmp_path / "scrutiny.pdf",
        [
            "Scrutiny of progress on two reviews",
            "Report to the Calderby boards, October 2025.",
            "Part 1: the Domestic Homicide Review (Ayesha)",
            "1.1 Calderby Police: met in full",
            '"Calderby Police should refer every victim who reports stalking twice to the '
            'specialist stalking service."',
            "Referrals rose from 4 to 61 in the year; I read ten and all were timely.",
            "1.2 The GP practices: met in part",
            '"Calderby ICB should make sure that every GP practice asks about domestic abuse '
            'when a patient reports fear of a partner."',
            "Eight of the fourteen practices have trained their staff.",
            "Part 2: the Safeguarding Adults Review (Mr Dunne)",
            "2.1 Adult social care: not met",
            '"Calderby Council adult social care should hold a multi-agency meeting when a '
            'person refuses care three times."',
            "No procedure has yet been written.",
            "2.2 The hospital: met in full",
            '"Calderby Hospitals NHS Trust should not discharge a homeless person at night."',
            "The discharge policy was changed in May.",
        ],
    )
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert {s: r.meta.type for s, r in reviews.items()} == {"Ayesha": "DHR", "Mr Dunne": "SAR"}
    ayesha = reviews["Ayesha"].recommendations
    assert [r.status for r in ayesha] == ["met in full", "met in part"]
    assert ayesha[0].text.startswith("Calderby Police should refer every victim")
    assert ayesha[0].progress and ayesha[0].progress.startswith("Referrals rose from 4 to 61")
    assert [r.status for r in reviews["Mr Dunne"].recommendations] == ["not met", "met in full"]


def test_a_table_set_on_its_side_is_read_one_row_per_recommendation(tmp_path: Path) -> None:
    path = docx_blocks(
        tmp_path / "police.docx",
        [
            "Harlow Vale Community Safety Partnership. Published 2024.",
            "# Recommendations for the police",
            [
                ["", "Recommendation 2", "Recommendation 5"],
                [
                    "What the review asked",
                    "Harlow Vale Police should refer every high-risk case to the MARAC "
                    "within a week.",
                    "Harlow Vale Police should check the history of a new partner when "
                    "a victim asks.",
                ],
                ["What has been done", "A daily MARAC referral check.", "A new disclosure team."],
                ["Where it stands", "Embedded in practice", "Under review"],
            ],
        ],
        "Domestic Homicide Review: Mrs Ellery",
    )
    recs = _recs(path)
    assert [(r.number, r.status) for r in recs] == [
        ("2", "Embedded in practice"),  # the board's words, of the class complete
        ("5", "Under review"),
    ]
    assert recs[1].text.startswith("Harlow Vale Police should check the history")


def test_a_value_opening_the_line_after_each_recommendation_is_its_status(
    tmp_path: Path,
) -> None:
    path = tmp_path / "qa.html"
    path.write_text(
        "<html><body><h1>Safeguarding Adults Review: Mrs Oduya</h1>"
        "<p>Brackley Safeguarding Adults Board published the review in April 2025.</p>"
        "<h2>Background</h2><p>Brackley Council adult social care and the GP knew Mrs "
        "Oduya.</p><h2>What did the review recommend?</h2><ol>"
        "<li>Brackley Council adult social care should visit every person whose care "
        "package is cancelled by their family.</li></ol>"
        "<p>Landed. Visits are now booked on the day a package is cancelled.</p><ol start='2'>"
        "<li>The GP practices should review any patient who misses two medication "
        "reviews.</li></ol><p>Landing. Half of the practices have a new recall list.</p>"
        "<ol start='3'><li>The Board should publish a guide for families on caring for a "
        "relative at home.</li></ol><p>Not landed. The guide has not been written.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    assert [r.status for r in _recs(path)] == ["Landed", "Landing", "Not landed"]


def test_a_bilingual_summary_is_read_in_its_english_column(tmp_path: Path) -> None:
    path = docx_blocks(
        tmp_path / "cpr.docx",
        [
            "Bwrdd Diogelu Tregaron / Tregaron Safeguarding Board. Published 2025.",
            "# Argymhellion / Recommendations",
            [
                ["Rhif / No.", "Argymhelliad", "Recommendation", "Statws / Status"],
                [
                    "1",
                    "Dylai'r bwrdd iechyd sicrhau bod ymwelwyr iechyd yn pwyso pob plentyn.",
                    "The health board should make sure that health visitors weigh every "
                    "child who is not brought to clinic.",
                    "Wedi'i sefydlu / Established",
                ],
                [
                    "2",
                    "Dylai'r cyngor beidio â chau achos o esgeulustod yn rhy gynnar.",
                    "The council should not close a neglect case before the child's weight "
                    "has recovered.",
                    "Wedi'i sefydlu'n rhannol / Partly established",
                ],
            ],
        ],
        "Adolygiad Ymarfer Plant / Child Practice Review: Child W",
    )
    recs = _recs(path)
    assert [r.status for r in recs] == ["Established", "Partly established"]
    assert recs[0].text.startswith("The health board should make sure")


_CSV_EXPORT = """# Exported from CaseBook as CSV
# Sheet: CASES
case_ref,case_name,kind,published,summary
"DHR-2023-4","DHR Lorna","Domestic Homicide Review","2024-02-01","Lorna was 44 and was killed by her husband after she had told her GP she was afraid."
"DHR-2024-1","DHR Mr Pryce","Domestic Homicide Review","2025-05-09","Mr Pryce was 70 and was killed by his son, who was his carer."

# Sheet: ACTIONS
action_ref,case_ref,action,owner,rating
"A1","DHR-2023-4","The GP practices should ask about domestic abuse whenever a patient says she is afraid.","ICB","CLEARED"
"A2","DHR-2024-1","Adult social care should offer a carer's assessment to every adult child caring for a parent.","Council","OPEN - ON TRACK"
"A3","DHR-2024-1","The police should record every call about an older victim as domestic abuse when the caller is family.","Police","NOT CLEARED"
"""


def test_a_csv_export_gives_one_case_a_row_and_its_actions_by_the_case_reference(
    tmp_path: Path,
) -> None:
    path = tmp_path / "casebook.txt"
    path.write_text(_CSV_EXPORT, encoding="utf-8")
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert set(reviews) == {"Lorna", "Mr Pryce"}
    assert [r.status for r in reviews["Lorna"].recommendations] == ["CLEARED"]
    assert [r.text[:20] for r in reviews["Mr Pryce"].recommendations] == [
        "Adult social care sh",
        "The police should re",
    ]


def test_commas_in_prose_are_not_a_csv_table() -> None:
    text = "Present: the chair, the ICB lead, the police lead\nApologies: none, all attended\n"
    assert csv_as_rows(text) == text


def test_a_transcripts_elided_lines_hold_no_value_and_break_nothing() -> None:
    """heldout14's podcast transcript crashed the scale reader (IndexError) on a value
    that was nothing but dots: such a line now holds no value."""
    lines = _lines("HOST: ...", "GUEST: (...)", "HOST: …", "Not yet ...", "Partly …")
    assert status_scale(lines) == {}


# --- round 16: drawn from heldout14 --------------------------------------------------------


def test_an_audit_matrix_gives_each_recommendation_the_column_it_marks(tmp_path: Path) -> None:
    """Rows lettered "A", "B", each naming its review; an X under one of three rating
    columns; the key's own bullets are not recommendations."""
    path = docx_blocks(
        tmp_path / "audit.docx",
        [
            "Wexcombe Safeguarding Children Partnership. Audit report, October 2025.",
            "# 1. How we judged",
            "- Seen: the practice was found in most files;",
            "- Partly seen: it was found in some files;",
            "- Not seen: it was found in few files.",
            "# 2. The reviews",
            "## 2.1 LCSPR Marnie (published March 2024)",
            "Marnie was two and was not brought to nine health appointments.",
            "## 2.2 SCR Tobias (published by Wexcombe Local Safeguarding Children Board in 2019)",
            "Tobias was eight and was often absent from school.",
            "# 3. What we found",
            [
                ["Ref", "Source", "Recommendation tested", "Seen", "Partly seen", "Not seen"],
                ["A", "LCSPR Marnie, recommendation 1", "Health providers should record "
                 "every missed appointment as was not brought.", "", "X", ""],
                ["B", "LCSPR Marnie, recommendation 2", "Children's social care should "
                 "seek the nursery's view before closing an assessment.", "X", "", ""],
                ["C", "SCR Tobias, recommendation 4", "Schools should call the family on "
                 "the first day of an unexplained absence.", "", "", "X"],
            ],
        ],
        "Multi-agency audit: children not brought",
    )  # fmt: skip
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert [(r.number, r.status) for r in reviews["Marnie"].recommendations] == [
        ("A", "Partly seen"),
        ("B", "Seen"),
    ]
    assert [(r.number, r.status) for r in reviews["Tobias"].recommendations] == [("C", "Not seen")]


def test_a_register_keeps_the_reviews_rows_and_reads_the_latest_status_column(
    tmp_path: Path,
) -> None:
    path = docx_blocks(
        tmp_path / "register.docx",
        [
            "Ashwell Safeguarding Children Partnership. Published 2025.",
            "# The register",
            [
                ["Ref", "Source", "Mitigating action", "Status Q1", "Status Q2"],
                ["R1", "Business plan", "The Partnership should find a new training budget.",
                 "Scoping", "Scoping"],
                ["R2", "LCSPR Baby Noor, recommendation 1", "Midwives should give safe sleep "
                 "advice to both parents.", "Scoping", "In delivery"],
                ["R3", "LCSPR Baby Noor, recommendation 2", "The housing service should not "
                 "place a baby in a room without a cot.", "In delivery", "Mitigated"],
            ],
        ],
        "Local Child Safeguarding Practice Review: Baby Noor",
    )  # fmt: skip
    assert [(r.number, r.status) for r in _recs(path)] == [
        ("2", "In delivery"),
        ("3", "Mitigated"),
    ]


def test_a_code_in_brackets_is_read_through_the_key_that_defines_it(tmp_path: Path) -> None:
    path = pdf_blocks(
        tmp_path / "return.pdf",
        [
            "Adult Practice Review: Mr Hywel",
            "Dyfnant Regional Safeguarding Board. Published 2024.",
            "Actions and their position",
            "The letter in brackets after each action gives its position:",
            "- [D] done: the action is complete;",
            "- [U] underway: the work has started;",
            "1. Dyfnant Council adult social care should speak to the adult alone at every "
            "assessment. [D]",
            "2. Dyfnant Police should make an adult at risk report after every call to an "
            "older person's home. [U]",
        ],
    )
    assert [r.status for r in _recs(path)] == ["done", "underway"]


def test_recommendations_listed_under_the_terms_a_page_defines_take_them(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><h1>What has changed since SAR Violet and SAR Mr Amos</h1>"
        "<p>Tillbury Safeguarding Adults Board, updated November 2025.</p>"
        "<h2>SAR Violet</h2><p>Violet was 90 and lived in a care home.</p>"
        "<h2>SAR Mr Amos</h2><p>Mr Amos was 52 and slept rough.</p>"
        "<h2>Where each recommendation stands</h2><p>Each is listed under one of these:</p>"
        "<ul><li>Rooted: the change has lasted a year.</li>"
        "<li>Growing: the change is new.</li></ul>"
        "<h3>Rooted</h3><ul><li>Violet, recommendation 1. The care home should review "
        "every resident's falls plan after a fall.</li></ul>"
        "<h3>Growing</h3><ul><li>Mr Amos, recommendation 1. The hospital should not "
        "discharge a person who is homeless at night.</li>"
        "<li>Violet, recommendation 2. Adult social care should visit a new resident within "
        "a month.</li></ul></body></html>",
        encoding="utf-8",
    )
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert [r.status for r in reviews["Violet"].recommendations] == ["Rooted", "Growing"]
    assert [r.status for r in reviews["Mr Amos"].recommendations] == ["Growing"]


def test_rows_merged_across_a_table_that_name_reviews_start_each_reviews_part(
    tmp_path: Path,
) -> None:
    path = docx_blocks(
        tmp_path / "foi.docx",
        [
            "Freedom of Information response. Marlow Vale Community Safety Partnership.",
            "# Questions 2 and 3",
            [
                ["Summary of recommendation", "Responsible", "Status"],
                ["Domestic Homicide Review: Irina (published 2023)", "", ""],
                ["R1. The police should use an independent interpreter.", "Police", "Met"],
                ["Domestic Homicide Review: Mr Lowe (published 2025)", "", ""],
                ["R1. The mental health trust should act on a carer's fear.", "Trust", "Not met"],
            ],
        ],
        "FOI-2025-0042",
    )
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert [r.status for r in reviews["Irina"].recommendations] == ["Met"]
    assert [r.status for r in reviews["Mr Lowe"].recommendations] == ["Not met"]


# --- round 17: drawn from heldout15 (common layouts) ----------------------------------------


def test_a_progress_rating_column_is_read_as_the_status_in_the_boards_words(
    tmp_path: Path,
) -> None:
    path = docx_blocks(
        tmp_path / "sar.docx",
        [
            "Oakhurst Safeguarding Adults Board. Published June 2025.",
            "# Recommendations",
            "1. Adult social care should hold a multi-agency meeting when a person who "
            "self-neglects refuses care.",
            "2. The hospital should not discharge a person who declines care without a plan.",
            "# The Board's response",
            [
                ["Recommendation", "Lead", "What has been done", "Progress rating"],
                ["1. Multi-agency meetings", "Council", "Procedure agreed", "Good headway"],
                ["2. Discharge plans", "Hospital", "Checklist drafted", "Little headway"],
            ],
        ],
        "Safeguarding Adults Review: Mr Pell",
    )
    assert [r.status for r in _recs(path)] == ["Good headway", "Little headway"]


def test_an_action_plans_numbered_rows_in_a_pdf_are_read_as_a_table(tmp_path: Path) -> None:
    """A PDF plan whose first column numbers its rows, under a header naming a status
    column: each row stays whole, its status beside it (a list's numbers, with no such
    header, stay a list)."""
    path = pdf_blocks(
        tmp_path / "plan.pdf",
        [
            "Local Child Safeguarding Practice Review: Child F",
            "Aldwick Safeguarding Children Partnership. Published 2025.",
            "Recommendations",
            "1. The ICB should link a child's GP record to a parent's opioid prescription.",
            "2. Children's social care should close a child in need plan only at a "
            "multi-agency meeting.",
            "Appendix: action plan",
            [
                ["No.", "Action", "Lead", "Status"],
                ["1", "Records linked when a parent is prescribed methadone", "ICB",
                 "Awaiting sign-off"],
                ["2", "Multi-agency meeting before a plan is closed", "Children's services",
                 "Under way"],
            ],
        ],
    )  # fmt: skip
    lines = read_document(path).pages[0].text.splitlines()
    assert "No. | Action | Lead | Status" in lines
    assert [r.status for r in _recs(path)] == ["Awaiting sign-off", "Under way"]


def test_people_headed_with_their_review_named_under_them_are_a_briefings_cases(
    tmp_path: Path,
) -> None:
    path = tmp_path / "briefing.html"
    path.write_text(
        "<html><body><h1>7 minute briefing: learning from Baby Ada and Baby Reuben</h1>"
        "<p>Crossmoor Safeguarding Children Partnership, October 2025.</p>"
        "<h2>1. Baby Ada</h2><p>Child Safeguarding Practice Review: Baby Ada, published "
        "March 2025.</p><p>Ada was six weeks old when she was found to have a broken arm.</p>"
        "<h2>2. Baby Reuben</h2><p>Local Child Safeguarding Practice Review: Baby Reuben, "
        "published May 2025.</p><p>Reuben was three months old and was shaken.</p>"
        "<h2>3. What has changed</h2><table>"
        "<tr><th>Review</th><th>Recommendation</th><th>Status</th></tr>"
        "<tr><td>Baby Ada</td><td>1. The GP practices should refer any bruise on a baby "
        "who cannot crawl.</td><td>Complete</td></tr>"
        "<tr><td>Baby Reuben</td><td>1. Midwives should talk to fathers about coping with "
        "crying.</td><td>In progress</td></tr></table></body></html>",
        encoding="utf-8",
    )
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert set(reviews) == {"Baby Ada", "Baby Reuben"}
    assert [r.status for r in reviews["Baby Ada"].recommendations] == ["Complete"]
    assert [r.status for r in reviews["Baby Reuben"].recommendations] == ["In progress"]


# --- round 18: drawn from heldout16 (common layouts) ----------------------------------------


def test_a_chapters_cases_named_with_their_review_in_brackets(tmp_path: Path) -> None:
    """An annual report's chapter: "4.2 Harley (LCSPR published July 2024)" headings, each
    case's progress table rated in the report's words (a key that gives no status word in
    its meanings, so the words stay the board's; one where the meaning holds a status word
    reads through it, as tests/test_recommendations.py's slide deck does)."""
    path = pdf_blocks(
        tmp_path / "annual.pdf",
        [
            "Annual Report 2024-25, Chapter 3",
            "3. Learning from reviews",
            "3.1 Our reviews",
            "We rate each recommendation:",
            "- Wholly in place: the change is made and we have evidence.",
            "- Partly in place: the change is made in some teams.",
            "- Not in place: nothing has changed yet.",
            "3.2 Nia (LCSPR published May 2024)",
            "Nia was three months old when she was shaken.",
            [
                ["No.", "Recommendation (summary)", "Lead", "Rating"],
                ["1", "Midwives: talk to fathers about crying", "Designated Nurse",
                 "Wholly in place"],
                ["2", "Social care: see both parents pre-birth", "Head of Service",
                 "Partly in place"],
            ],
            "3.3 Otis (LCSPR published January 2025)",
            "Otis was nine and was neglected.",
            [
                ["No.", "Recommendation (summary)", "Lead", "Rating"],
                ["1", "Schools: record when a child is hungry", "Education", "Not in place"],
            ],
        ],
    )  # fmt: skip
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert [r.status for r in reviews["Nia"].recommendations] == [
        "Wholly in place",
        "Partly in place",
    ]
    assert [r.status for r in reviews["Otis"].recommendations] == ["Not in place"]


# --- round 19: drawn from heldout17 (common layouts) ----------------------------------------


def test_a_briefings_cases_named_by_an_acronym_and_their_tables_under_their_names(
    tmp_path: Path,
) -> None:
    """ "2. Kayla" over "LCSPR Kayla, published …"; later, each review's table under a
    heading naming it ("LCSPR Kayla"); "Not yet underway" read whole."""
    path = tmp_path / "brief.html"
    path.write_text(
        "<html><body><h1>7 minute briefing: two reviews</h1>"
        "<p>Hollinford Safeguarding Children Partnership, March 2025.</p>"
        "<h2>1. Mia</h2><p>LCSPR Mia, published January 2025.</p>"
        "<p>Mia was 13 and was groomed online.</p>"
        "<h2>2. Jacob</h2><p>SCR Jacob, published 2019.</p><p>Jacob was two and was "
        "neglected.</p><h2>3. Where we are now</h2>"
        "<h3>LCSPR Mia</h3><table><tr><th>No.</th><th>Recommendation</th><th>Status</th>"
        "</tr><tr><td>1</td><td>The police should share what children say in return "
        "interviews.</td><td>Not yet underway</td></tr></table>"
        "<h3>SCR Jacob</h3><table><tr><th>No.</th><th>Recommendation</th><th>Status</th>"
        "</tr><tr><td>1</td><td>Health visitors should follow up a child not brought "
        "twice.</td><td>Complete</td></tr></table></body></html>",
        encoding="utf-8",
    )
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert {s: r.meta.type for s, r in reviews.items()} == {"Mia": "CSPR", "Jacob": "SCR"}
    assert [r.status for r in reviews["Mia"].recommendations] == ["Not yet underway"]
    assert [r.status for r in reviews["Jacob"].recommendations] == ["Complete"]
