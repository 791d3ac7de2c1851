"""A recommendation's status in the board's own words, and the class every count and filter
uses (docs/EXTRACTION.md, "Session 13"): "Achieved and closed" is kept as written and
counted complete; "Yet to begin" open; a report's key decides what its own words mean.
Also the two PDF layouts that had hidden statuses: a progress table straight under a
numbered list, and a plan whose number column is headed "Action". Each document here is
written for its test, in words and layouts other than the eval batch its fix came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.models import Recommendation
from reviewgraph.loaders.pipeline import load_actions, load_paths
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.recstatus import status_from
from reviewgraph.loaders.statuses import normal_status, status_class
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import run_query
from tests.fixtures.documents import docx_blocks, reviews_of


def _recs(path: Path) -> list[Recommendation]:
    [review] = reviews_of(path)
    return review.recommendations


# --- the class of a status in a board's words -------------------------------------------


@pytest.mark.parametrize(
    ("words", "klass"),
    [
        ("Achieved and closed", "complete"), ("Met in full", "complete"),
        ("Signed off by the Board", "complete"), ("Now complete", "complete"),
        ("Complete - impact evidenced", "complete"), ("Fully embedded", "complete"),
        ("Work ongoing", "in progress"), ("Partly in place", "in progress"),
        ("Progress being made", "in progress"), ("Largely achieved", "in progress"),
        ("In development", "in progress"), ("Ongoing - within timescale", "in progress"),
        ("Open - on track", "in progress"), ("75% complete", "in progress"),
        ("Yet to begin", "open"), ("Not in place", "open"), ("Not yet met", "open"),
        ("Awaiting commencement", "open"), ("Due to commence", "open"),
        ("No progress", "open"), ("0% complete", "open"),
        ("Unmet - escalated to the Board", "open"), ("Unresolved", "open"),
        ("Behind schedule", "overdue"), ("Open: overdue", "overdue"),
        ("Green", "complete"), ("Red", "open"), ("Work commenced", "in progress"),
        ("At an early stage", "in progress"),
        # a colour with the board's words: the words' class, else the colour's
        ("Green - on course", "in progress"), ("Blue - closed and assured", "complete"),
        ("Amber - at risk of delay", "in progress"), ("Red - no progress", "open"),
        # words that name no class keep their own
        ("Needs attention", None), ("Superseded", None), ("Not applicable", None), ("", None),
    ],
)  # fmt: skip
def test_the_class_of_a_status_in_a_boards_words(words: str, klass: str | None) -> None:
    assert status_class(words) == klass


def test_words_that_name_no_class_are_kept_and_never_counted_done() -> None:
    assert normal_status("Needs attention") == "needs attention"
    assert normal_status("Achieved and closed") == "complete"
    assert normal_status(None) is None


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("Achieved and closed", "Achieved and closed"),
        ("Closed by Board", "Closed by Board"),
        ("Complete - impact evidenced", "Complete - impact evidenced"),
        # a note after the status is not the status
        ("Completed: leaflet printed and sent to every GP", "Completed"),
        ("Complete - audit in March", "Complete"),
        ("Under way - two posts still vacant", "Under way"),
        # a few words after a dash are the status's own
        ("Complete - evidence on file", "Complete - evidence on file"),
        ("Amber - at risk of delay", "Amber - at risk of delay"),
        ("Completed - the guide was launched at the June conference", "Completed"),
        ("Complete 03/2025", "Complete"),
    ],
)
def test_a_status_cell_keeps_the_boards_words_and_drops_a_note(cell: str, words: str) -> None:
    assert status_from(cell) == words


# --- in documents -----------------------------------------------------------------------


def _plan_docx(tmp_path: Path) -> Path:
    return docx_blocks(
        tmp_path / "dhr.docx",
        [
            "Eastcombe Community Safety Partnership. Published 2025.",
            "# Findings",
            "Mrs Okonjo's disclosures to her GP were not shared with the police.",
            "# Recommendations",
            "1. Eastcombe Police should complete a risk assessment at every call to the address.",
            "2. GP practices in Eastcombe should ask about abuse when a patient is injured.",
            "3. The Partnership should publish a protocol for sharing disclosures.",
            "4. Adult social care should check on carers who report abuse.",
            "# Appendix A: Action plan",
            [
                ["Rec", "Lead", "What will be done", "When", "Position at May 2025"],
                ["1", "Police", "Briefing for response officers", "June 2024", "Signed off"],
                ["2", "ICB", "Routine enquiry prompt in GP records", "March 2025", "Work ongoing"],
                ["3", "CSP", "Information sharing protocol", "December 2025", "Yet to begin"],
                [
                    "4",
                    "ASC",
                    "Carers' check added to the front door script",
                    "April 2025",
                    "Needs attention",
                ],
            ],  # fmt: skip
        ],
        "Domestic Homicide Review: Mrs Okonjo",
    )


def test_a_plans_status_column_is_read_in_the_boards_words_with_its_class(
    tmp_path: Path,
) -> None:
    recs = _recs(_plan_docx(tmp_path))
    assert [(r.number, r.status, r.status_class) for r in recs] == [
        ("1", "Signed off", "complete"),
        ("2", "Work ongoing", "in progress"),
        ("3", "Yet to begin", "open"),
        ("4", "Needs attention", None),
    ]


def test_a_reports_key_decides_what_its_own_words_mean(tmp_path: Path) -> None:
    """'Largely delivered' would read as under way; the board's key says it means the
    work is done, and the key wins. The words stay the board's."""
    path = docx_blocks(
        tmp_path / "sar.docx",
        [
            "Brackley Vale Safeguarding Adults Board. Published 2024.",
            "# Findings",
            "Mr Tandy's self-neglect was seen by each agency alone.",
            "# Recommendations",
            "How we rate progress:",
            "- Largely delivered: the work is complete and only the audit remains.",
            "- Some delivery: work has started.",
            "- Needs attention: no work has started.",
            [
                ["No.", "Recommendation", "Rating"],
                ["1", "The Board should publish a self-neglect protocol.", "Largely delivered"],
                [
                    "2",
                    "Housing should refer every hoarding case to the fire service.",
                    "Some delivery",
                ],
                ["3", "GPs should flag patients who refuse care.", "Needs attention"],
            ],  # fmt: skip
        ],
        "Safeguarding Adults Review: Mr Tandy",
    )
    recs = _recs(path)
    assert [r.status for r in recs] == ["Largely delivered", "Some delivery", "Needs attention"]
    assert [r.status_class for r in recs] == ["complete", "in progress", "open"]


def _hanging_list_then_table(path: Path, rows: list[list[str]], widths: list[float]) -> Path:
    """A PDF page: a numbered list hung from its numbers (the number, then its text
    indented), then at once a table with no borders whose cells wrap in narrow columns."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Serious Case Review: Child Tamsin", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "Oakhurst Safeguarding Children Partnership, 2024",
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.multi_cell(0, 6, "Findings", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "Tamsin's school did not know of the police call-outs to her home.",
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.multi_cell(0, 6, "The review made two recommendations:", new_x="LMARGIN", new_y="NEXT")
    for n, text in (
        ("1.", "Oakhurst Police should tell a child's school of every domestic abuse call-out "
               "by the next morning."),
        ("2.", "Oakhurst schools should name a member of staff to receive those notices."),
    ):  # fmt: skip
        pdf.set_x(12)
        pdf.cell(8, 6, n)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(
        text_align="LEFT", borders_layout="NONE", col_widths=widths, line_height=5
    ) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.output(str(path))
    return path


def test_a_progress_table_straight_under_a_numbered_list_is_read_as_a_table(
    tmp_path: Path,
) -> None:
    """The list's numbers leave a gutter the table's first column also leaves free, so the
    list and the table had read as one block that is not a table, and the table's rows as
    loose lines ("Little" / "progress")."""
    rows = [
        ["Rec", "Lead partner", "What has happened", "Rating"],
        ["1", "Oakhurst Police", "Daily notices to schools began in May", "Good progress"],
        ["2", "Oakhurst Schools Forum", "Named staff in 40 of 52 schools; the rest by July",
         "Little progress"],
    ]  # fmt: skip
    path = _hanging_list_then_table(tmp_path / "t.pdf", rows, [10, 40, 100, 22])
    text = read_document(path).pages[0].text.splitlines()
    assert "Rec | Lead partner | What has happened | Rating" in text
    assert "1 | Oakhurst Police | Daily notices to schools began in May | Good progress" in text
    recs = _recs(path)
    assert [(r.number, r.status, r.status_class) for r in recs] == [
        ("1", "Good progress", "in progress"),
        ("2", "Little progress", "in progress"),
    ]


def test_a_plan_whose_number_column_is_headed_action_is_a_table(tmp_path: Path) -> None:
    """The Welsh template's plan: "Action | Lead | What we will do | By | Status", its first
    column the action's number (a list's marker column in any other block)."""
    rows = [
        ["Action", "Lead", "What we will do", "By", "Status"],
        ["1", "Police", "Notice to schools after each call-out", "May 2025", "Finished with"],
        ["2", "Schools Forum", "Name a member of staff in every school", "July 2025",
         "Under review"],
    ]  # fmt: skip
    path = _hanging_list_then_table(tmp_path / "w.pdf", rows, [14, 30, 90, 20, 20])
    text = read_document(path).pages[0].text.splitlines()
    assert "Action | Lead | What we will do | By | Status" in text
    assert any(line.startswith("2 | Schools Forum | Name a member of staff") for line in text)


# --- in the graph -------------------------------------------------------------------------


def test_the_graph_keeps_the_boards_words_and_counts_by_class(
    tmp_path: Path, empty_store: GraphStore
) -> None:
    (tmp_path / "docs").mkdir()
    path = _plan_docx(tmp_path / "docs")
    report = load_paths(empty_store, [path])
    assert [f.status for f in report.files] == ["loaded"]
    analyse(empty_store)
    [review] = empty_store.read("MATCH (r:Review) RETURN r.id AS id")
    recs = run_query(empty_store, "review_recommendations", {"review_id": review["id"]})
    assert [(r["number"], r["status"], r["as_written"]) for r in recs] == [
        ("1", "complete", "Signed off"),
        ("2", "in progress", "Work ongoing"),
        ("3", "open", "Yet to begin"),
        ("4", "needs attention", "Needs attention"),
    ]
    # "Signed off" is done; the other three are not
    [totals] = run_query(empty_store, "overview_totals")
    assert totals["open_recommendations"] == 3


def test_an_action_plans_words_are_kept_beside_their_class(
    tmp_path: Path, empty_store: GraphStore
) -> None:
    (tmp_path / "docs").mkdir()
    load_paths(empty_store, [_plan_docx(tmp_path / "docs")])
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Review,Recommendation number,Owner,Action,Due date,Status\n"
        "DHR Mrs Okonjo,3,CSP,Draft the protocol,2025-12-01,Achieved and closed\n",
        encoding="utf-8",
    )
    load_actions(empty_store, plan)
    analyse(empty_store)
    rows = empty_store.read(
        "MATCH (a:Action)-[:TRACKS]->(c:Recommendation) "
        "RETURN c.number AS n, a.status AS status, a.status_text AS words, c.status AS rec"
    )
    assert rows == [
        {"n": "3", "status": "complete", "words": "Achieved and closed", "rec": "complete"}
    ]


# --- round 21: covers, cases' own titles, colours with words ------------------------------


def test_a_rag_column_in_colours_and_words_keeps_both(tmp_path: Path) -> None:
    """ "Green - on course": the words are the board's, the class theirs when they name one,
    else the colour's as the report's key gives it ("Amber = work under way")."""
    path = docx_blocks(
        tmp_path / "sar.docx",
        [
            "Dunholme Safeguarding Adults Board. Published 2025.",
            "# Findings",
            "Mrs Petrakis's falls were seen by each agency alone.",
            "# Action plan",
            "Key: Green = complete. Amber = work under way. Red = not started.",
            [
                ["No.", "Recommendation", "Lead", "RAG"],
                [
                    "1",
                    "The ambulance service should tell the GP of every fall.",
                    "NWAS",
                    "Green - on course",
                ],
                [
                    "2",
                    "Adult social care should review care after a second fall.",
                    "ASC",
                    "Amber - funding agreed",
                ],
                ["3", "The Board should audit falls referrals.", "SAB", "Red - no progress"],
            ],  # fmt: skip
        ],
        "Safeguarding Adults Review: Mrs Petrakis",
    )
    recs = _recs(path)
    assert [r.status for r in recs] == [
        "Green - on course", "Amber - funding agreed", "Red - no progress"
    ]  # fmt: skip
    # "on course" is under way (not the key's complete); "funding agreed" names no class:
    # the colour's key decides
    assert [r.status_class for r in recs] == ["in progress", "in progress", "open"]


def test_a_learning_summary_cover_and_the_cases_own_titles(tmp_path: Path) -> None:
    """A "Learning Summary" line under the title is the cover's, so its "Published:" gives the
    year; an annual report's cases headed "4.2 SAR Doris (published March 2024)" are titled
    by their headings."""
    summary = docx_blocks(
        tmp_path / "ls.docx",
        [
            "Wexcombe Safeguarding Children Partnership",
            "# Learning Summary",
            "Lead reviewer: Tobias Renwick",
            "Published: May 2024",
            "Mika, aged three months, was taken to hospital with a skull fracture. Mika's "
            "father had been violent to a former partner.",
            "# What we learned",
            "No one asked about the father's history at the birth visit.",
            "# Recommendations",
            "1. The health visiting service should ask who lives in the home at every visit.",
        ],
        "Local Child Safeguarding Practice Review: Baby Mika",
    )
    [review] = reviews_of(summary)
    assert (review.meta.subject, review.meta.year, review.meta.published) == (
        "Baby Mika",
        2024,
        True,
    )
    chapter = docx_blocks(
        tmp_path / "ar.docx",
        [
            "# 4. Safeguarding Adults Reviews",
            "The Board published two reviews this year.",
            "## 4.2 SAR Doris (published March 2024)",
            "Doris was 90 and lived alone. Doris's carers missed eleven visits.",
            "Adult social care should review missed visits weekly.",
            "## 4.3 SAR Mr Pike (published September 2024)",
            "Mr Pike was 58 and sleeping rough. Mr Pike's GP did not know his address.",
            "The ICB should ensure GPs register people without an address.",
        ],
        "Corvale Safeguarding Adults Board Annual Report 2024-25",
    )
    titles = {r.meta.subject: r.meta.title for r in reviews_of(chapter)}
    assert titles == {"Doris": "SAR Doris", "Mr Pike": "SAR Mr Pike"}
