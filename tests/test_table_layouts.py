"""Recommendations and statuses in layouts found by how the page is built rather than by
the words a board uses (docs/EXTRACTION.md, "Session 11"): a PDF's table read back as rows
of cells, a column that names a state under any header, codes that tie a recommendation
to its tracker row, instructions to someone named with no heading that calls them
recommendations, a label every recommendation repeats, one table of several reviews'
recommendations, a two-page paper's masthead and a bare first name over the next case.
Each test is a small document written for it, in a layout other than the heldout10 or
heldout11 file its fix was drawn from."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from reviewgraph.loaders.models import Recommendation
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.recstatus import status_from
from reviewgraph.loaders.statuses import normal_status
from tests.fixtures.documents import PAGE_BREAK, docx_blocks, pdf_blocks, pdf_lines, reviews_of


def _recs(path: Path) -> list[Recommendation]:
    [review] = reviews_of(path)
    return review.recommendations


_TRACKER = [
    ["Ref", "What has been done", "Position"],
    ["R1", "Children's social care has rewritten its neglect guidance and trained all 140 "
     "social workers in using the graded care profile on every home visit.", "Running late"],
    ["R2", "The police have added a flag for repeat callers.", "Finished"],
    ["R3", "The ICB has written to every GP practice about the new was not brought policy.",
     "Finished"],
]  # fmt: skip


# --- a PDF's tables --------------------------------------------------------------------


def test_a_pdf_table_with_borders_is_read_as_rows_of_cells(tmp_path: Path) -> None:
    """A wrapped cell stays whole in its row, its status beside it, in a table whose cells
    sit at the top of their rows (the header one line above the first row)."""
    path = pdf_blocks(tmp_path / "t.pdf", ["Action tracker", _TRACKER], v_align="TOP")
    lines = read_document(path).pages[0].text.splitlines()
    assert "Ref | What has been done | Position" in lines
    assert (
        "R1 | Children's social care has rewritten its neglect guidance and trained all 140 "
        "social workers in using the graded care profile on every home visit. | Running late"
    ) in lines
    assert "R2 | The police have added a flag for repeat callers. | Finished" in lines


def test_a_pdf_table_without_borders_is_cut_into_rows_by_its_spacing(tmp_path: Path) -> None:
    """No rules drawn: the rows are cut where the column of single-line cells steps down,
    the long cell's wrapped lines kept in the row whose status is centred beside them."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for x, header in ((20, "Action"), (100, "Who"), (160, "Done?")):
        pdf.set_xy(x, 20)
        pdf.cell(40, 6, header)
    y = 28.0
    rows = [
        ("Give safe sleep advice to both parents", "and to any other carer at every visit",
         "Midwifery", "Yes"),
        ("Ask about alcohol and where the baby", "sleeps on a bad night at the six-week visit",
         "Health visiting", "Partly"),
    ]  # fmt: skip
    for first, second, who, done in rows:
        pdf.set_xy(20, y)
        pdf.cell(60, 6, first)
        pdf.set_xy(20, y + 6)
        pdf.cell(60, 6, second)
        pdf.set_xy(100, y + 3)
        pdf.cell(60, 6, who)
        pdf.cell(30, 6, done)
        y += 16
    pdf.output(str(tmp_path / "slide.pdf"))
    lines = read_document(tmp_path / "slide.pdf").pages[0].text.splitlines()
    assert lines[0] == "Action | Who | Done?"
    assert lines[1] == (
        "Give safe sleep advice to both parents and to any other carer at every visit | "
        "Midwifery | Yes"
    )
    assert lines[2].endswith("| Health visiting | Partly")


def test_two_columns_of_running_text_and_a_bulleted_list_are_not_tables(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    text = (
        "The review heard from the family that nobody asked the father about his drinking. "
        "Each agency saw a part of the picture and none of them put it together. "
    ) * 3
    pdf.set_xy(15, 20)
    pdf.multi_cell(85, 5, text)
    pdf.set_xy(110, 20)
    pdf.multi_cell(85, 5, text)
    pdf.set_xy(15, 120)
    for item in ("Nobody asked who lived in the home", "The bruise was explained away",
                 "Information stayed with the police"):  # fmt: skip
        pdf.set_x(15)
        pdf.cell(8, 6, "-")
        pdf.cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "news.pdf"))
    assert " | " not in read_document(tmp_path / "news.pdf").pages[0].text


# --- where a status stands ---------------------------------------------------------------


def test_a_tracker_keyed_by_codes_gives_each_recommendation_its_position(tmp_path: Path) -> None:
    """Codes ("R1.") tie a list of recommendations to a tracker on a later page whose
    position column is in the board's own words."""
    path = pdf_blocks(
        tmp_path / "dhr.pdf",
        [
            "Domestic Homicide Review: Ms F",
            "Harrowby Community Safety Partnership. Published April 2025.",
            "Recommendations",
            "R1. Children's social care should use the graded care profile on home visits.",
            "R2. Harrowby Police should flag repeat callers for a supervisor's review.",
            "R3. The ICB should tell GP practices to follow up every child not brought.",
            PAGE_BREAK,
            "Appendix: tracker",
            _TRACKER,
        ],
    )
    assert [r.status for r in _recs(path)] == ["Running late", "Finished", "Finished"]


def test_a_column_that_names_a_state_gives_statuses_in_any_words(tmp_path: Path) -> None:
    """Actions with no "should", under a case heading, in a table whose state column is
    headed "Achieved?": each row is a recommendation with its own value."""
    path = docx_blocks(
        tmp_path / "rapid.docx",
        [
            "Fordley Safeguarding Children Partnership. Rapid review, published 2025.",
            "# What we learned",
            "Nobody asked the father about his drinking or where the baby slept.",
            "# What we agreed",
            [
                ["Action agreed", "Whose", "Achieved?"],
                ["Record who lives in the household at the first midwife contact", "Midwifery",
                 "Fully"],
                ["Add safe sleep questions to the six-week health visit", "Health visiting",
                 "Partly"],
                ["Write to landlords about space for a cot", "Fordley Council housing", "Not at all"],
            ],
        ],
        "Child Safeguarding Practice Review: Baby L",
    )  # fmt: skip
    recs = _recs(path)
    assert [r.status for r in recs] == ["Fully", "Partly", "Not at all"]
    assert recs[0].text == "Record who lives in the household at the first midwife contact"


def test_a_label_every_recommendation_repeats_carries_its_status(tmp_path: Path) -> None:
    path = pdf_lines(
        tmp_path / "brief.pdf",
        [
            "Serious Case Review: Child V",
            "Ashcombe Safeguarding Children Partnership. Published 2024.",
            "Recommendations",
            "1. Schools should record every part-time timetable with the local authority. "
            "Our assessment: Largely done. Most schools now report them.",
            "2. The police should share domestic abuse call-outs with schools the next day. "
            "Our assessment: Barely begun. A pilot starts in the spring.",
            "3. The Partnership should audit the use of the neglect tool each year. "
            "Our assessment: Largely done. The first audit reported in June.",
        ],
    )
    assert [r.status for r in _recs(path)] == ["Largely done", "Barely begun", "Largely done"]


def test_a_state_after_a_dash_and_a_state_line_after_a_wrapped_card() -> None:
    assert status_from("Not yet begun") == "Not yet begun"
    assert status_from("Not yet delivered. Funding is agreed.") == "Not yet delivered"
    assert status_from("Not yet") == "Not yet"
    assert normal_status(status_from("Not yet started")) == "open"


def test_a_lettered_list_of_instructions_is_read_with_the_state_after_each_dash(
    tmp_path: Path,
) -> None:
    """No recommendations heading: a case's lettered list whose items each ask someone
    named to act, each ending its first sentence with how far it has got."""
    path = tmp_path / "update.txt"
    path.write_text(
        "Annual update on SAR recommendations\n\n"
        "SAR Mr Okafor (published 2024)\n\n"
        "Mr Okafor was 61 and lived alone; he died of self-neglect in a cold flat in 2023.\n\n"
        "a. Adult social care should hold a multi-agency meeting before closing any "
        "self-neglect case - fully in place. Twelve meetings were held this year.\n\n"
        "b. Lowmoor Housing should visit any tenant whose heating is cut off within a week "
        "- partly in place. Visits began in March.\n\n"
        "c. The GP practice should follow up a vulnerable patient who misses two reviews "
        "- not in place. No change yet.\n",
        encoding="utf-8",
    )
    recs = _recs(path)
    assert [r.status for r in recs] == ["fully in place", "partly in place", "not in place"]
    assert recs[0].text.endswith("before closing any self-neglect case.")
    assert recs[0].progress == "Twelve meetings were held this year."


def test_cards_of_instructions_with_status_lines_are_recommendations(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    cards = [
        ("Green", "Seeing the father", "Children's social care should see every father "
         "or male carer named in a referral, and record why when it cannot."),
        ("Amber", "Bruising protocol", "The health visiting service should refer every "
         "bruise on a baby who cannot move about to a paediatrician the same day."),
        ("Green", "Sharing call-outs", "Hollin Police should tell the health visitor of "
         "any domestic abuse call-out at a home with a baby under one."),
    ]  # fmt: skip
    body = "".join(
        f'<div class="card"><p class="rag">{rag}</p><h3>{title}</h3><p>{text}</p>'
        "<p>Lead: the named agency</p></div>"
        for rag, title, text in cards
    )
    path.write_text(
        "<html><head><title>Child Y</title></head><body><main>"
        "<h1>Child Safeguarding Practice Review: Child Y</h1>"
        "<p>Hollin Safeguarding Children Partnership. Published May 2025.</p>"
        "<h2>What happened</h2><p>Child Y was seven weeks old when she was found to have "
        "fractures. Her mother's partner had a history of violence.</p>"
        f"<h2>What is changing</h2>{body}</main></body></html>",
        encoding="utf-8",
    )
    recs = _recs(path)
    assert [r.text[:30] for r in recs] == [
        "Children's social care should ",
        "The health visiting service sh",
        "Hollin Police should tell the ",
    ]
    assert [normal_status(r.status) for r in recs] == ["complete", "in progress", "complete"]


def test_a_recommendation_named_on_a_slide_read_into_the_findings_is_one(
    tmp_path: Path,
) -> None:
    """A "Recommendation 2" on a slide of its own, its title not read as a heading, its
    status a line after its "Lead:" line."""
    path = pdf_lines(
        tmp_path / "deck.pdf",
        [
            "Serious Case Review: Child Q",
            "What the review found",
            "- The mother's partner was never assessed",
            PAGE_BREAK,
            "Recommendation 1",
            "The Partnership should publish guidance on assessing men who live in or "
            "visit a child's home, and audit its use after a year.",
            "Lead: Business Unit",
            "Agreed and closed",
            PAGE_BREAK,
            "Recommendation 2",
            "Children's social care should check who lives in the home with other agencies "
            "at every child in need review.",
            "Lead: Head of Service",
            "Agreed and closed",
            PAGE_BREAK,
            "Recommendation 3",
            "The probation service should ask whether a person under supervision lives with "
            "children.",
            "Lead: Probation",
            "Evidence awaited",
        ],
    )
    recs = _recs(path)
    assert [r.number for r in recs] == ["1", "2", "3"]
    assert [r.status for r in recs] == [
        "Agreed and closed",
        "Agreed and closed",
        "Evidence awaited",
    ]


# --- whose recommendation ----------------------------------------------------------------


def test_one_table_of_two_reviews_gives_each_row_to_the_review_it_names(tmp_path: Path) -> None:
    path = tmp_path / "tracker.html"
    rows = [
        ("DHR Petra", "1", "Eastholm Police should train call handlers to ask about stalking.",
         "Closed"),
        ("DHR Petra", "2", "The CSP should fund an IDVA for older victims.", "Open"),
        ("DHR Samuel", "1", "GP practices should ask men about abuse at home when they "
         "present with low mood.", "Open"),
    ]  # fmt: skip
    table = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    path.write_text(
        "<html><body><h1>Domestic Homicide Reviews: tracker</h1>"
        "<p>Eastholm Community Safety Partnership, 2025.</p>"
        "<h3>DHR Petra (published 2023)</h3><p>Petra was 68 and was killed by her husband.</p>"
        "<h3>DHR Samuel (published 2024)</h3><p>Samuel was 41 and took his own life after "
        "years of abuse by his partner.</p>"
        "<h2>Recommendations and where they are</h2><table>"
        "<tr><th>Review</th><th>No.</th><th>Recommendation</th><th>Status</th></tr>"
        f"{table}</table></body></html>",
        encoding="utf-8",
    )
    reviews = {r.meta.subject: r for r in reviews_of(path)}
    assert [r.text[:20] for r in reviews["Petra"].recommendations] == [
        "Eastholm Police shou",
        "The CSP should fund ",
    ]
    assert [r.text[:20] for r in reviews["Samuel"].recommendations] == ["GP practices should "]


# --- cases -------------------------------------------------------------------------------


def test_a_two_page_briefing_finds_the_case_under_a_bare_first_name(tmp_path: Path) -> None:
    """The masthead printed on both pages is dropped from the second, so "Leo" opens it
    and, telling Leo's story after another case, is the next case."""
    path = pdf_lines(
        tmp_path / "brief.pdf",
        [
            "Brackley Partnership - Briefing for schools - Spring term 2026",
            "Learning from two reviews",
            "Child T",
            "Child T was 9 and was kept at home on a part-time timetable for a year.",
            "Recommendation 1 (Child T): timetables",
            "Schools should tell the local authority of every part-time timetable within a week.",
            PAGE_BREAK,
            "Brackley Partnership - Briefing for schools - Spring term 2026",
            "Leo",
            "Leo was 14 and was bullied online; he told the school nurse he could not sleep.",
            "Recommendation 1 (Leo): self-harm",
            "CAMHS should tell the school when a pupil is seen after self-harm.",
        ],
    )
    reviews = reviews_of(path)
    assert [r.meta.subject for r in reviews] == ["Child T", "Leo"]
    assert [len(r.recommendations) for r in reviews] == [1, 1]


def test_a_merged_row_naming_the_case_again_does_not_make_a_second_case(tmp_path: Path) -> None:
    path = docx_blocks(
        tmp_path / "q.docx",
        [
            "Dunmore Safeguarding Children Partnership. Published 2025.",
            "# 2. Local Child Safeguarding Practice Review: Child M",
            "Child M was nine weeks old when he was found to have a skull fracture.",
            [
                ["Rec", "Recommendation", "Assurance level"],
                ["Child M (CSPR, published 2025)", "", ""],
                ["1", "Midwives should ask who lives in the household at booking.", "Good"],
                ["2", "The police should share a man's history with health visitors.", "Weak"],
            ],
            "# 3. Serious Case Review: Child P",
            "Child P was 11 and was found eating out of bins.",
            [
                ["Rec", "Recommendation", "Assurance level"],
                ["Child P (SCR, published 2019)", "", ""],
                ["4", "Schools should use the neglect screening tool.", "Fair"],
                ["6", "GP practices should follow up a child not brought twice.", "Weak"],
            ],
        ],
        "Quarterly assurance report",
    )
    reviews = reviews_of(path)
    assert [r.meta.subject for r in reviews] == ["Child M", "Child P"]
    assert [[x.status for x in r.recommendations] for r in reviews] == [
        ["Good", "Weak"],
        ["Fair", "Weak"],
    ]


def test_a_letter_of_what_agencies_undertook_reads_each_answer_in_capitals(
    tmp_path: Path,
) -> None:
    """No "should": a chair's letter to a family lists what each agency agreed to, and
    answers each in a paragraph that opens with its state in capitals."""
    path = docx_blocks(
        tmp_path / "letter.docx",
        [
            "Dear Mr Hale,",
            "The Domestic Homicide Review about your sister Rosa was published by the "
            "Wyvern Community Safety Partnership in 2025. Here is where each promise stands.",
            "1. Wyvern Police agreed to send every stalking report to a specialist officer.",
            "WORKING ON IT - Half of the reports now go to the new stalking team.",
            "2. The hospital said its maternity unit would ask every woman about abuse alone.",
            "ALL DONE - The question is asked at every booking appointment.",
            "3. Wyvern Homes promised to move a tenant at risk within ten working days.",
            "NOT STARTED YET - The policy goes to the housing board in March.",
            "Yours sincerely, the Chair",
        ],
        "Domestic Homicide Review about Rosa: what was promised",
    )
    recs = _recs(path)
    assert [r.text[:20] for r in recs] == [
        "Wyvern Police agreed",
        "The hospital said it",
        "Wyvern Homes promise",
    ]
    assert [r.status for r in recs] == ["Working on it", "All done", "Not started yet"]
