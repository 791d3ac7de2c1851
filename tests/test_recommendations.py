"""Recommendations in layouts the reader was not written from: tables with status, lead, due
and progress columns under other names (DOCX, HTML, PDF), "Recommendation N" paragraphs
with labelled lines, lettered lists after "recommends that:", and the graph they become."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.extract import extract_document
from reviewgraph.loaders.models import Recommendation
from reviewgraph.loaders.pipeline import load_paths, matchers
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.recommendations import status_from
from reviewgraph.loaders.statuses import normal_status
from tests.fixtures.documents import pdf_lines


def _recs(path: Path) -> list[Recommendation]:
    extraction = extract_document(read_document(path), "0" * 64, matchers())
    [review] = extraction.reviews
    return review.recommendations


def _docx_with_table(path: Path, header: list[str], rows: list[list[str]], after: str = "") -> Path:
    doc = Document()
    doc.add_heading("Serious Case Review: Child W", 0)
    doc.add_paragraph("Ferncombe Local Safeguarding Children Board. Published May 2018.")
    doc.add_heading("Findings", 1)
    doc.add_paragraph(
        "Child W, aged six, was not brought to eleven hospital appointments and the school "
        "did not share its concerns about his weight with the school nurse."
    )
    doc.add_heading("Recommendations", 1)
    table = doc.add_table(rows=len(rows) + 1, cols=len(header))
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    if after:
        doc.add_paragraph(after)
    doc.save(str(path))
    return path


ROWS = [
    ["1", "The hospital trust should ensure that a child not brought to two appointments is "
          "discussed with the named nurse.", "Acute trust", "Spring 2019", "Amber",
     "Policy drafted; audit to follow."],
    ["2", "Schools should share weight concerns with the school nurse within a week.",
     "Education", "September 2018", "Green", "Done in July 2018."],
    ["3", "The LSCB should audit how missed appointments are followed up.", "LSCB",
     "December 2018", "Red", "No work yet."],
]  # fmt: skip


def test_a_docx_table_with_rag_owner_and_by_when_columns(tmp_path: Path) -> None:
    header = ["Ref", "Recommendation", "Responsible agency", "By when", "RAG rating", "Update"]
    recs = _recs(_docx_with_table(tmp_path / "w.docx", header, ROWS))
    assert [r.number for r in recs] == ["1", "2", "3"]
    # colours with no key printed: green done, amber under way, red not begun
    assert [r.status for r in recs] == ["in progress", "complete", "not started"]
    assert [r.lead for r in recs] == ["Acute trust", "Education", "LSCB"]
    assert [r.due for r in recs] == ["Spring 2019", "September 2018", "December 2018"]
    assert recs[0].progress == "Policy drafted; audit to follow."


def test_a_printed_rag_key_wins_over_the_usual_meaning(tmp_path: Path) -> None:
    header = ["No.", "Recommendation", "Owner", "Timescale", "RAG", "Progress"]
    path = _docx_with_table(
        tmp_path / "w.docx", header, ROWS, after="Key: Green - achieved; Amber - on track; "
        "Red - overdue."
    )  # fmt: skip
    assert [r.status for r in _recs(path)] == ["on track", "achieved", "overdue"]


def test_a_progress_column_gives_the_status_when_there_is_no_status_column(tmp_path: Path) -> None:
    (tmp_path / "x.html").write_text(
        "<html><head><title>SAR Mrs Q</title></head><body>"
        "<h1>Safeguarding Adults Review: Mrs Q</h1><p>Oakhurst Safeguarding Adults Board, 2021.</p>"
        "<h2>Recommendations</h2><table>"
        "<tr><th>#</th><th>Recommendation</th><th>Lead</th><th>Target date</th>"
        "<th>Progress to date</th></tr>"
        "<tr><td>1</td><td>Adult social care should review every care package after a fall "
        "within two weeks.</td><td>ASC</td><td>March 2022</td>"
        "<td>Completed - new procedure in place</td></tr>"
        "<tr><td>2</td><td>The ambulance service should share falls data with GPs monthly."
        "</td><td>Ambulance trust</td><td>June 2022</td><td>Not yet started</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    recs = _recs(tmp_path / "x.html")
    assert [(r.number, r.status, r.due) for r in recs] == [
        ("1", "Completed", "March 2022"), ("2", "Not yet started", "June 2022"),
    ]  # fmt: skip
    assert recs[1].agencies == ["ambulance_service"]


def test_recommendation_paragraphs_with_labelled_lead_and_status_lines(tmp_path: Path) -> None:
    path = pdf_lines(tmp_path / "v.pdf", [
        "Domestic Homicide Review: Tomasz", "Harlow Vale Community Safety Partnership, 2020",
        "Recommendations",
        "Recommendation 1. Harlow Vale Police should ensure that repeat callers are flagged.",
        "Lead: Police", "Due date: April 2021", "Status: In progress",
        "Recommendation 2. The CSP should commission training on economic abuse for housing staff.",
        "Lead: Community Safety Partnership", "Status: Completed",
    ])  # fmt: skip
    recs = _recs(path)
    assert [(r.number, r.status, r.lead) for r in recs] == [
        ("1", "In progress", "Police"), ("2", "Completed", "Community Safety Partnership"),
    ]  # fmt: skip
    assert recs[0].due == "April 2021"
    assert recs[0].text == "Harlow Vale Police should ensure that repeat callers are flagged."


def test_a_lettered_list_after_recommends_that_needs_no_should(tmp_path: Path) -> None:
    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mr J", 0)
    doc.add_heading("Recommendations", 1)
    doc.add_paragraph("The Board recommends that:")
    doc.add_paragraph("a) the mental health trust reviews its discharge letters to GPs;")
    doc.add_paragraph("b) GP practices record carers on the patient's record;")
    doc.add_paragraph("The Board also recommends that housing providers are told of every "
                      "hospital discharge of a tenant with care needs.")  # fmt: skip
    doc.save(str(tmp_path / "j.docx"))
    recs = _recs(tmp_path / "j.docx")
    assert [r.number for r in recs] == ["a", "b", None]
    assert recs[0].agencies == ["adult_mental_health"] and recs[1].agencies == ["gp"]
    assert recs[2].text.startswith("Housing providers are told of every hospital discharge")


@pytest.mark.parametrize(
    ("cell", "key", "status"),
    [
        ("Green", {}, "complete"), ("amber", {}, "in progress"), ("RED", {}, "not started"),
        ("Red", {"red": "overdue"}, "overdue"), ("Completed: launched in June", {}, "Completed"),
        ("Awaiting a regional protocol", {}, None), (None, {}, None),
        # sixth round: a tick, a bullet or the date reported before the status; an open
        # action's state after "Open"; statuses the action plans map
        ("✓ Complete", {}, "Complete"), ("March 2025: in progress", {}, "in progress"),
        # an open action's state said after "Open" stays in the board's words, or alone
        # after a colon ("Open: overdue …"); either way its class is the state's
        ("12/03/2025 - Closed", {}, "Closed"), ("Open - on track", {}, "Open - on track"),
        ("Open: overdue since May", {}, "overdue"), ("Open", {}, "Open"),
        ("Still outstanding", {}, "Still outstanding"), ("2025 budget approved", {}, None),
    ],
)  # fmt: skip
def test_status_from_a_cell(cell: str | None, key: dict[str, str], status: str | None) -> None:
    assert status_from(cell, key) == status


def test_the_graph_keeps_status_lead_due_and_progress(
    tmp_path: Path, empty_store: GraphStore
) -> None:
    header = ["Ref", "Recommendation", "Owner", "Timescale", "RAG", "Progress"]
    (tmp_path / "docs").mkdir()
    path = _docx_with_table(tmp_path / "docs" / "w.docx", header, ROWS)
    report = load_paths(empty_store, [path])
    assert [f.status for f in report.files] == ["loaded"]
    rows = empty_store.read(
        "MATCH (:Review {subject: 'Child W'})-[:MADE]->(c:Recommendation) "
        "RETURN c.number AS n, c.reported_status AS status, c.reported_lead AS lead, "
        "c.reported_due AS due, c.reported_progress AS progress ORDER BY n"
    )
    assert [(r["n"], r["status"], r["lead"], r["due"]) for r in rows] == [
        ("1", "in progress", "Acute trust", "Spring 2019"),
        ("2", "complete", "Education", "September 2018"),
        ("3", "open", "LSCB", "December 2018"),
    ]
    assert rows[1]["progress"] == "Done in July 2018."


def _render_slides(source: Path, out: Path) -> Path:
    """A slide deck exported to PDF, as tests/eval/build.py renders one."""
    spec = importlib.util.spec_from_file_location(
        "eval_build", Path(__file__).parent / "eval" / "build.py"
    )
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.render_slides(build._parse(source, "slides"), out)
    return out


def test_a_slides_actions_table_with_rag_colours_and_a_printed_key(tmp_path: Path) -> None:
    (tmp_path / "deck.md").write_text(
        "---\nformat: slides\ntitle: SAR Mrs Dunmore\n"
        "deck: Ashby Safeguarding Adults Board  |  SAR Mrs Dunmore\n---\n"
        "# Safeguarding Adults Review: Mrs Dunmore\nBriefing for practitioners, March 2022\n"
        "<!-- page -->\n# Actions and progress\n| Ref | Action | Owner | RAG |\n|---|---|---|---|\n"
        "| 1 | Home care providers should report skin damage to community nursing on the same "
        "day. | Home care providers | Amber |\n"
        "| 2 | Adult social care should audit mental capacity assessments where care is "
        "refused. | Adult social care | Green |\n"
        "| 3 | The Board should publish a self-neglect protocol. | SAB | Red |\n"
        "RAG: Green - done; Amber - on track; Red - overdue\n",
        encoding="utf-8",
    )
    pdf = _render_slides(tmp_path / "deck.md", tmp_path / "deck.pdf")
    extraction = extract_document(read_document(pdf), "0" * 64, matchers())
    [review] = extraction.reviews
    assert review.meta.subject == "Mrs Dunmore"  # a title and a surname
    recs = review.recommendations
    # the key's words; the graph stores them as the action plans' (done -> complete)
    assert [(r.number, r.status) for r in recs] == [
        ("1", "on track"), ("2", "done"), ("3", "overdue"),
    ]  # fmt: skip
    assert [r.agencies for r in recs] == [["home_care"], ["asc"], ["safeguarding_board"]]
    assert recs[2].lead == "SAB"


def test_recommendations_a_renderer_ran_into_one_paragraph(tmp_path: Path) -> None:
    """Written for the test: "Recommendation N:" items, each with "Response:" and "Status:",
    one running paragraph in a PDF (no line starts where an item starts)."""
    path = pdf_lines(tmp_path / "r.pdf", [
        "Safeguarding Adults Review: Mr Dace", "Pellbury Safeguarding Adults Board, 2023",
        "Recommendations",
        "The responses below were given at the Board meeting of May 2023. Recommendation 1: "
        "Pellbury Council adult social care should ensure that carers are offered an "
        "assessment at every hospital discharge. Response: Accepted. A prompt was added. "
        "Status: Complete Recommendation 2: GP practices should record who cares for each "
        "patient with dementia. Response: Accepted by the Integrated Care Board. Status: "
        "Overdue Recommendation 3: The Board should audit how carers' assessments are "
        "followed up. Response: Accepted. Status: In progress",
    ])  # fmt: skip
    recs = _recs(path)
    assert [(r.number, r.status) for r in recs] == [
        ("1", "Complete"), ("2", "Overdue"), ("3", "In progress"),
    ]  # fmt: skip
    assert "asc" in recs[0].agencies
    assert [r.agencies for r in recs[1:]] == [["gp"], ["safeguarding_board"]]
    assert recs[0].text.endswith("at every hospital discharge.")  # not the response


def test_a_lettered_list_run_into_its_lead_in(tmp_path: Path) -> None:
    """ "recommends that: a) … b) … c) …" as one DOCX paragraph, then "also recommends"."""
    doc = Document()
    doc.add_heading("Domestic Homicide Review: Mrs Varga", 0)
    doc.add_heading("Recommendations", 1)
    doc.add_paragraph(
        "The panel recommends that: a) Pellbury Police links repeat reports of harassment "
        "by the same person. b) the IDVA service ensures two ways of contact before closing a "
        "case. c) GP practices ask about controlling behaviour when a patient reports low "
        "mood. The panel also recommends that the Community Safety Partnership reports on "
        "progress within a year."
    )
    doc.save(str(tmp_path / "v.docx"))
    recs = _recs(tmp_path / "v.docx")
    assert [r.number for r in recs] == ["a", "b", "c", None]
    assert [r.agencies for r in recs] == [["police"], ["idva"], ["gp"], ["csp"]]
    assert recs[2].text.endswith("reports low mood.")  # the next sentence is its own item


def test_prose_with_a_b_or_years_is_not_cut_into_items() -> None:
    from reviewgraph.loaders.models import Line
    from reviewgraph.loaders.recommendations import split_inline

    prose = [
        Line(1, "The trust should act on (a) the audit; the board noted item c) later."),
        Line(1, "In 2019. 2) was not a list, and a) alone is no run."),
    ]
    assert split_inline(prose) == prose


def test_a_slides_last_table_row_stops_at_its_status(tmp_path: Path) -> None:
    """The last row of a flattened slide table ran into the next slide's bullets: the row
    ends at its RAG cell."""
    (tmp_path / "deck.md").write_text(
        "---\nformat: slides\ntitle: SAR Mr Lowe\n"
        "deck: Pellbury Safeguarding Adults Board  |  SAR Mr Lowe\n---\n"
        "# Safeguarding Adults Review: Mr Lowe\nBriefing for the Board, June 2023\n"
        "<!-- page -->\n# Recommendations and progress\n"
        "| No. | Recommendation | Responsible | RAG |\n|---|---|---|---|\n"
        "| 1 | The hospital should refer every patient discharged with no address to the "
        "housing options team. | Acute trust | Green |\n"
        "| 2 | The housing service should review a refusal of accommodation with health "
        "partners after the second refusal. | Housing | Red |\n"
        "<!-- page -->\n# Questions for practitioners\n- Who do you tell when a patient has "
        "nowhere to go?\n- What does a refusal of help tell you?\n",
        encoding="utf-8",
    )
    pdf = _render_slides(tmp_path / "deck.md", tmp_path / "deck.pdf")
    recs = _recs(pdf)
    assert [(r.number, r.status, r.lead) for r in recs] == [
        ("1", "complete", "Acute trust"), ("2", "not started", "Housing"),
    ]  # fmt: skip


def test_changes_under_a_heading_that_does_not_say_recommendations(tmp_path: Path) -> None:
    """Written for the test: an HTML page whose recommendations are an ordered list under
    "What is changing", each item ending "Lead: … Current position: …"."""
    path = tmp_path / "summary.html"
    path.write_text(
        "<html><head><title>Learning summary - Ruby</title></head><body>"
        "<h1>Child Safeguarding Practice Review: Ruby</h1>"
        "<p>Marlow Vale Safeguarding Children Partnership. Published 2 May 2025.</p>"
        "<h2>What we learned</h2><p>Ruby's school did not share what she said about home.</p>"
        "<h2>What is changing</h2><ol>"
        "<li>Schools should record every disclosure and share it the same day. "
        "<em>Lead: Education. Current position: complete - new form in use.</em></li>"
        "<li>The police should brief every school on online harm. "
        "<em>Lead: Police. Current position: in progress - half of schools briefed.</em></li>"
        "</ol></body></html>",
        encoding="utf-8",
    )
    recs = _recs(path)
    assert [(r.status, r.lead) for r in recs] == [
        ("complete", "Education"),
        ("in progress", "Police"),
    ]
    assert recs[0].text == "Schools should record every disclosure and share it the same day."


def test_progress_to_date_lines_and_a_position_at_column(tmp_path: Path) -> None:
    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mr Quill", 0)
    doc.add_paragraph("Astley Safeguarding Adults Board. Published May 2025.")
    doc.add_heading("Recommendations", 1)
    doc.add_paragraph(
        "1. The hospital should refer every patient with no fixed address to housing."
    )
    doc.add_paragraph("Progress to date: Completed. A pathway started in 2024.")
    doc.add_paragraph(
        "2. Adult social care should review how it closes concerns about self-neglect."
    )
    doc.add_paragraph("Progress to date: Not started.")
    doc.save(str(tmp_path / "q.docx"))
    assert [r.status for r in _recs(tmp_path / "q.docx")] == ["Completed", "Not started"]
    path = _docx_with_table(
        tmp_path / "w.docx",
        ["Rec", "Recommendation", "Lead", "Position at March 2025"],
        [
            [
                "1",
                "The school nurse should see every child missing appointments.",
                "Trust",
                "Complete: audit done",
            ],
            [
                "2",
                "Children's social care should read the chronology before closing.",
                "CSC",
                "On track: guidance out",
            ],
        ],
    )
    assert [r.status for r in _recs(path)] == ["Complete", "On track"]


def test_an_annual_reports_case_lists_its_recommendations_with_their_progress(
    tmp_path: Path,
) -> None:
    """A case's own text introduces its list ("… recommendations. Progress:", "What has been
    done:"); each item has no modal verb and ends with its status in brackets or a label."""
    doc = Document()
    doc.add_heading("Tamsford Safeguarding Adults Board annual report 2024", 0)
    doc.add_heading("Reviews", 1)
    doc.add_heading("SAR Evelyn", 2)
    doc.add_paragraph("Evelyn was 88. The care home did not notice her weight loss.")
    doc.add_paragraph("The review made two recommendations. Progress:")
    doc.add_paragraph(
        "The Integrated Care Board to review care home residents monthly (complete).",
        style="List Bullet",
    )
    doc.add_paragraph(
        "The care home provider to train staff on nutrition (in progress).", style="List Bullet"
    )
    doc.add_heading("SAR Mr Hale", 2)
    doc.add_paragraph("Mr Hale was 60 and lived alone. His GP knew he was not eating.")
    doc.add_paragraph("What has been done:")
    doc.add_paragraph(
        "Adult social care to hold a risk meeting for every self-neglect case. Position: achieved.",
        style="List Bullet",
    )
    doc.save(str(tmp_path / "a.docx"))
    reviews = extract_document(read_document(tmp_path / "a.docx"), "0" * 64, matchers()).reviews
    assert [[(r.status, r.agencies) for r in x.recommendations] for x in reviews] == [
        [("complete", ["icb_ccg"]), ("in progress", ["care_home"])],
        [("achieved", ["asc"])],
    ]
    # the agencies asked to act in that list were not thereby involved
    assert "icb_ccg" not in {a.agency_id for a in reviews[0].agencies}


# --- fifth round (docs/EXTRACTION.md): each on a small document written for the test ---


def test_decimal_paragraphs_run_into_one_paragraph_are_cut_in_sequence(tmp_path: Path) -> None:
    """A PDF whose recommendations 6.1-6.3 came out as one paragraph; a date ("on 3.4")
    and a number out of sequence do not cut it."""
    path = pdf_lines(tmp_path / "d.pdf", [
        "Safeguarding Adults Review: Mr Venn", "Ravensholm Safeguarding Adults Board, 2024",
        "6. Recommendations",
        "6.1 The Board should seek assurance that hoarding is assessed with a recognised tool. "
        "6.2 Adult social care should hold a multi-agency meeting before closing a self-neglect "
        "concern. 6.3 The fire and rescue service should share the outcome of every home visit "
        "with the GP.",
    ])  # fmt: skip
    recs = _recs(path)
    assert [r.number for r in recs] == ["6.1", "6.2", "6.3"]
    assert recs[2].agencies == ["fire_rescue"]
    from reviewgraph.loaders.recommendations import _decimal_run

    assert _decimal_run("Seen on 3.4 and 3.9 The GP should act.") == []
    assert len(_decimal_run("2.1 The GP should act. 2.2 The ICB should audit it.")) == 2


def test_a_flattened_appendix_plan_under_a_chapter_gives_decimal_rows_their_status(
    tmp_path: Path,
) -> None:
    """An appendix action plan whose header row reads as a heading (it takes the chapter's
    kind) and whose rows are numbered 5.1, 5.2: each recommendation gets its row's status."""
    path = pdf_lines(tmp_path / "p.pdf", [
        "Safeguarding Adults Review: Mrs Orme", "Pellbury Safeguarding Adults Board, 2024",
        "5. Recommendations",
        "5.1 The ambulance service should refer every frequent caller to the GP.",
        "5.2 Adult social care should review care packages after every hospital stay.",
        "Appendix: Action plan",
        "Rec Action Lead Progress",
        "5.1 Frequent caller pathway agreed Ambulance trust Completed: pathway live",
        "5.2 Care package review procedure Adult social care In progress: audit due",
    ])  # fmt: skip
    assert [(r.number, r.status) for r in _recs(path)] == [
        ("5.1", "Completed"), ("5.2", "In progress"),
    ]  # fmt: skip


def test_a_list_whose_items_carry_their_progress_is_read_under_any_heading(
    tmp_path: Path,
) -> None:
    """An HTML page whose list sits under "Making things better" (not a recommendations
    heading), after a lead-in ending in a full stop, each <li> two paragraphs: the action
    and "Progress to date: …". A list of findings without progress is not read."""
    (tmp_path / "w.html").write_text(
        "<html><head><title>SAR Yusuf</title></head><body>"
        "<h1>Safeguarding Adults Review: Yusuf</h1><p>Oldmere Safeguarding Adults Board, 2024.</p>"
        "<h2>What we found</h2><ol><li><p>Nobody asked Yusuf why he refused the hostel place "
        "offered to him.</p></li><li><p>The GP did not know that he had been discharged.</p>"
        "</li></ol>"
        "<h2>Making things better</h2><p>Partners agreed three actions. This is where they are.</p>"
        "<ol><li><p>The ambulance service should tell the GP after every call to a person "
        "sleeping rough.</p><p>Progress to date: Completed. The alert went live in May.</p></li>"
        "<li><p>Adult social care should offer an assessment to everyone evicted from a "
        "hostel.</p><p>Progress to date: In progress.</p></li>"
        "<li><p>The Board should audit hostel evictions each year.</p>"
        "<p>Progress to date: Not started.</p></li></ol></body></html>",
        encoding="utf-8",
    )
    recs = _recs(tmp_path / "w.html")
    assert [(r.number, r.status) for r in recs] == [
        ("1", "Completed"), ("2", "In progress"), ("3", "Not started"),
    ]  # fmt: skip
    assert recs[0].agencies == ["ambulance_service"]


# --- sixth round: statuses found by what the cells say, not by what the headers are called


def test_a_table_without_numbers_whose_column_holds_statuses(tmp_path: Path) -> None:
    """A DOCX table with no number column and headers that name neither a status nor a
    lead ("What we will do" / "Who" / "Where we are"): the column of status words gives
    each row its status, the column of agency names its addressee; the page's table of
    agencies' past contacts (a "Closed" column, no action asked) is not read."""
    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mrs Okafor", 0)
    doc.add_paragraph("Pennington Safeguarding Adults Board. Published June 2024.")
    doc.add_heading("Who was involved", 1)
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([
        ["Agency", "What they knew", "Case now"],
        ["Adult social care", "Two safeguarding concerns in 2022, both closed after a phone call.", "Closed"],
        ["District nurses", "Weekly visits to dress leg ulcers from March to June 2023.", "Closed"],
    ]):  # fmt: skip
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.add_heading("Our promises", 1)
    table = doc.add_table(rows=4, cols=3)
    for r, row in enumerate([
        ["What we will do", "Who", "Where we are"],
        ["We will make sure that every concern about self-neglect is discussed with the "
         "person's GP before it is closed.", "Adult social care", "Completed (January 2025)"],
        ["We will offer a joint visit when a district nurse cannot get in twice running.",
         "Community nursing", "Partially implemented - pilot in one locality"],
        ["We will publish a self-neglect escalation route for care providers.",
         "Safeguarding Adults Board", "Not started"],
    ]):  # fmt: skip
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(str(tmp_path / "o.docx"))
    recs = _recs(tmp_path / "o.docx")
    # a qualifier in brackets is the board's words (session 17: every batch's writers since
    # heldout22 label it whole); a note after a dash is progress, not status
    assert [(r.number, r.status) for r in recs] == [
        (None, "Completed (January 2025)"), (None, "Partially implemented"), (None, "Not started"),
    ]  # fmt: skip
    assert recs[0].text.startswith("We will make sure that every concern about self-neglect")
    assert [r.agencies for r in recs] == [["asc"], ["community_health"], ["sab"]]


def test_statuses_opening_or_closing_each_bullet_in_brackets_or_without(tmp_path: Path) -> None:
    """A PDF brief whose actions sit under "Since the review" after a lead-in ending in a
    full stop: bullets open with "(Completed)" or close with "[In progress]", or open with
    "Complete:" / "Not yet started -"; none has a status label."""
    path = pdf_lines(tmp_path / "k.pdf", [
        "Child Safeguarding Practice Review: Child K",
        "Dunmore Safeguarding Children Partnership, 2024",
        "What happened",
        "Child K was seven when he was taken to hospital with a broken arm in March 2023.",
        "Since the review",
        "The partners reported on each action in March 2024.",
        "- (Completed) The school nursing service will see every child who is excluded "
        "within ten days.",
        "- The police must share every domestic abuse notification with the school the "
        "next morning. [In progress]",
        "- Complete: Paediatricians should ask who looks after a child at every fracture clinic "
        "appointment.",
        "- Not yet started - The Partnership should audit the first year of the new "
        "notification process.",
    ])  # fmt: skip
    recs = _recs(path)
    assert [r.status for r in recs] == ["Completed", "In progress", "Complete", "Not yet started"]
    assert recs[0].text.startswith("The school nursing service will see every child")
    assert recs[1].text.endswith("the next morning.")
    assert recs[2].text.startswith("Paediatricians should ask")


def test_a_flattened_slide_table_whose_rows_end_in_lead_and_status(tmp_path: Path) -> None:
    """A slide whose table came out as lines, rows numbered "1." and written as outcomes
    ("A named worker follows up …", no modal verb), each row ending in its owner and a
    status with a note ("Under way - …"): the statuses and owners are read."""
    (tmp_path / "deck.md").write_text(
        "---\nformat: slides\ntitle: SAR Mr Pryce\n"
        "deck: Holmfirth Safeguarding Adults Board  |  Mr Pryce learning event\n---\n"
        "# Safeguarding Adults Review: Mr Pryce\nLearning event, May 2024\n"
        "<!-- page -->\n# What changed after Mr Pryce died\n"
        "| Change | Owner | Position |\n|---|---|---|\n"
        "| 1. A named worker follows up every missed appointment at the memory clinic. "
        "| Mental health trust | Complete - audit in March |\n"
        "| 2. Housing officers check on a tenant with dementia after any complaint about "
        "noise. | Housing | Under way - training booked |\n"
        "| 3. Carers of people with dementia are offered a carer's assessment at "
        "diagnosis. | Adult social care | Not started |\n",
        encoding="utf-8",
    )
    pdf = _render_slides(tmp_path / "deck.md", tmp_path / "deck.pdf")
    recs = _recs(pdf)
    assert [r.number for r in recs] == ["1", "2", "3"]
    # the board's words: a short note after a dash is kept ("Under way - training booked");
    # one with a date is not ("Complete - audit in March")
    assert [r.status for r in recs] == ["Complete", "Under way - training booked", "Not started"]
    assert [normal_status(r.status) for r in recs] == ["complete", "in progress", "open"]
    assert recs[2].agencies == ["asc"]
    assert recs[0].text.endswith("at the memory clinic.")


def test_a_second_sentence_that_opens_with_a_status_word_is_not_a_status(tmp_path: Path) -> None:
    path = pdf_lines(tmp_path / "n.pdf", [
        "Domestic Homicide Review: Nadine", "Ashcombe Community Safety Partnership, 2023",
        "Recommendations",
        "1. The ICB should audit how GPs record disclosures. Completed audits should be "
        "shared with the Partnership.",
        "2. The police should review repeat call grading. Complete records should be kept "
        "of every call.",
    ])  # fmt: skip
    recs = _recs(path)
    assert [r.status for r in recs] == [None, None]
    assert recs[0].text.endswith("shared with the Partnership.")


def test_an_update_line_with_a_date_and_an_open_action_on_track(tmp_path: Path) -> None:
    path = pdf_lines(tmp_path / "u.pdf", [
        "Safeguarding Adults Review: Mr Lowe", "Carnford Safeguarding Adults Board, 2024",
        "Recommendations",
        "Recommendation 1. The Board should publish a hoarding protocol.",
        "Update (June 2025): Open - on track for September.",
        "Recommendation 2. Adult social care should review its closure letters.",
        "Latest status: Open - overdue",
        "Recommendation 3. The fire service should offer home safety visits to every "
        "person referred for hoarding.",
        "Progress at March 2025: Still outstanding",
    ])  # fmt: skip
    recs = _recs(path)
    # the board's words whole, with the month they say it will be done in (session 18: a
    # Progress column's status keeps its date as a Status column's does, as every batch's
    # writer since heldout22 labels it; "Open - on track" before)
    assert [r.status for r in recs] == [
        "Open - on track for September",
        "Open - overdue",
        "Still outstanding",
    ]
    assert [normal_status(r.status) for r in recs] == ["in progress", "overdue", "open"]
    assert recs[0].progress == "Open - on track for September."
    assert [normal_status(r.status) for r in recs] == ["in progress", "overdue", "open"]


def test_a_numbered_list_under_recommendations_needs_no_modal_verb(tmp_path: Path) -> None:
    """Recommendations written as the outcome wanted ("Every adult who ... is offered ..."),
    numbered under a recommendations heading, with no status: each is read; the bullets of
    the heading's lead-in (what the recommendations cover) are not."""
    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mr Hale", 0)
    doc.add_paragraph("Thornbury Safeguarding Adults Board. Published 2024.")
    doc.add_heading("Recommendations", 1)
    doc.add_paragraph("The recommendations cover two areas of practice:")
    doc.add_paragraph("- the discharge of people who sleep rough from hospital;")
    doc.add_paragraph("- the way concerns about self-neglect are closed.")
    doc.add_paragraph("1. Every person who sleeps rough is offered a housing assessment before "
                      "discharge from the acute trust.")  # fmt: skip
    doc.add_paragraph("2. Adult social care closes no self-neglect concern without a visit.")
    doc.save(str(tmp_path / "h.docx"))
    recs = _recs(tmp_path / "h.docx")
    assert [r.number for r in recs] == ["1", "2"]
    assert recs[0].text.startswith("Every person who sleeps rough is offered a housing")
    assert recs[1].agencies == ["asc"]


def test_a_status_in_brackets_after_the_recommendations_number(tmp_path: Path) -> None:
    path = pdf_lines(tmp_path / "p.pdf", [
        "Safeguarding Adults Review: Mrs Patel", "Elmfield Safeguarding Adults Board, 2024",
        "Recommendations",
        "Recommendation 1 (Complete): The Board should publish a self-neglect protocol.",
        "Recommendation 2 [Partially met] - Adult social care should review every enquiry "
        "closed after a phone call.",
        "Recommendation 3 (see appendix): The ICB should fund a hoarding service.",
    ])  # fmt: skip
    recs = _recs(path)
    assert [(r.number, r.status) for r in recs] == [
        ("1", "Complete"), ("2", "Partially met"), ("3", None),
    ]  # fmt: skip
    assert recs[1].text.startswith("Adult social care should review every enquiry")


def test_a_numbered_table_whose_status_column_comes_before_the_text(tmp_path: Path) -> None:
    """No. | Status | Recommendation: the row's text is its long cell, not the status."""
    path = _docx_with_table(tmp_path / "s.docx", ["No.", "Status", "Recommendation"], [
        ["1", "Embedded", "The police should record every stalking report as a crime and "
                          "refer it to the IDVA service."],
        ["2", "Partially complete", "GP practices should ask about domestic abuse whenever "
                                    "injuries are seen."],
    ])  # fmt: skip
    recs = _recs(path)
    assert [(r.number, r.status) for r in recs] == [("1", "Embedded"), ("2", "Partially complete")]
    assert recs[0].agencies == ["police"] and recs[1].agencies == ["gp"]
    # the board's words, counted by their class: part done is under way
    assert [normal_status(r.status) for r in recs] == ["complete", "in progress"]


def test_recommendations_as_paragraphs_with_a_status_after_a_dash(tmp_path: Path) -> None:
    """No list: each recommendation a paragraph under the heading, "Current status -
    Complete" run on after it (a PDF joins the lines)."""
    path = pdf_lines(tmp_path / "g.pdf", [
        "Domestic Homicide Review: Leah", "Ravensholm Community Safety Partnership, 2024",
        "Recommendations",
        "The police should refer every high-risk case to MARAC within 48 hours.",
        "Current status - Complete",
        "The GP practice should flag patients who disclose domestic abuse.",
        "Current status - Ongoing",
    ])  # fmt: skip
    recs = _recs(path)
    assert [(r.status, r.agencies) for r in recs] == [("Complete", ["police"]), ("Ongoing", ["gp"])]
    assert recs[1].text == "The GP practice should flag patients who disclose domestic abuse."


def test_each_recommendation_under_a_heading_of_its_own(tmp_path: Path) -> None:
    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mrs Yeo", 0)
    doc.add_paragraph("Calder Safeguarding Adults Board. 2023.")
    doc.add_heading("Recommendations", 1)
    for n, title, text, progress in [
        (1, "Information sharing", "The ICB should ensure GP practices share concerns about "
         "carers with adult social care.", "Progress: Fully implemented"),
        (2, "Carers", "Adult social care should offer every carer an assessment at each "
         "review.", "Progress: Partially achieved"),
    ]:  # fmt: skip
        doc.add_heading(f"Recommendation {n}: {title}", 2)
        doc.add_paragraph(text)
        doc.add_paragraph(progress)
    doc.save(str(tmp_path / "y.docx"))
    recs = _recs(tmp_path / "y.docx")
    assert [(r.number, r.status) for r in recs] == [
        ("1", "Fully implemented"), ("2", "Partially achieved"),
    ]  # fmt: skip
    assert recs[0].agencies == ["icb_ccg"]


def test_a_flattened_row_whose_status_cell_sits_between_text_and_lead(tmp_path: Path) -> None:
    path = pdf_lines(tmp_path / "r.pdf", [
        "Serious Case Review: Child R", "Ashby Local Safeguarding Children Board, 2016",
        "Recommendations",
        "Rec Recommendation Status Lead",
        "1 The LSCB should audit the use of the neglect toolkit. Complete LSCB",
        "2 Health visitors should see every child at home after a move. In progress Health "
        "visiting",
    ])  # fmt: skip
    recs = _recs(path)
    assert [(r.number, r.status, r.lead) for r in recs] == [
        ("1", "Complete", "LSCB"), ("2", "In progress", "Health visiting"),
    ]  # fmt: skip
    assert recs[0].text == "The LSCB should audit the use of the neglect toolkit."


def test_numbers_out_of_sequence_under_recommendations_are_not_recommendations(
    tmp_path: Path,
) -> None:
    """A long report whose later sections ran on under its recommendations (the pipeline
    benchmark's layout): "2 Terms of reference" and "18 Her personal adviser …" after
    recommendations 1-3 are not read as recommendations without a modal verb."""
    path = pdf_lines(tmp_path / "l.pdf", [
        "Serious Case Review: Child Z", "Kestrelford Local Safeguarding Children Board, 2015",
        "Recommendations",
        "1. The LSCB should audit pre-birth assessments.",
        "2. GP practices should record who lives with a baby.",
        "3. The police should share domestic abuse notifications with health visitors.",
        "2. Terms of reference and methodology. The review covered the period from the "
        "booking appointment in 2013 to the death of Child Z in 2014.",
        "18. Her personal adviser from the Leaving Care Team described her as guarded.",
    ])  # fmt: skip
    recs = _recs(path)
    assert [r.number for r in recs] == ["1", "2", "3"]


def test_word_numbered_recommendations_take_their_status_from_a_tracker(tmp_path: Path) -> None:
    """ "Recommendation One" / "Recommendation Two" headings, each over its paragraph, and
    a tracker table later whose rows (R1, R2) give only owner, date and a "Delivery status":
    each recommendation is its paragraph, with the tracker row's status; the rows are not
    recommendations of their own."""
    doc = Document()
    doc.add_heading("Domestic Homicide Review: Ewa", 0)
    doc.add_paragraph("Harbury Community Safety Partnership. Published 2024.")
    doc.add_heading("Recommendations", 1)
    doc.add_heading("Recommendation One", 2)
    doc.add_paragraph("Harbury Police should check previous partners' reports at every call.")
    doc.add_heading("Recommendation Two", 2)
    doc.add_paragraph("GP practices should offer a consultation alone to every patient.")
    doc.add_heading("Appendix: progress", 1)
    table = doc.add_table(rows=3, cols=4)
    for r, row in enumerate([
        ["Ref", "Lead", "Date", "Delivery status"],
        ["R1", "Police", "May 2024", "Complete - new checklist in use since May"],
        ["R2", "ICB", "June 2024", "Partially complete"],
    ]):  # fmt: skip
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(str(tmp_path / "e.docx"))
    recs = _recs(tmp_path / "e.docx")
    assert [(r.number, r.status) for r in recs] == [("1", "Complete"), ("2", "Partially complete")]
    assert recs[0].text.startswith("Harbury Police should check previous partners")
    assert [r.agencies for r in recs] == [["police"], ["gp"]]


def test_a_two_column_response_table_numbered_inside_its_text_cells(tmp_path: Path) -> None:
    """A DOCX table "Learning and recommendation | What the partner says" whose rows carry
    their number inside the first cell ("R1 The school should …"), whose response cell is
    the longer and closes with a labelled status ("… RAG: Amber"), and whose rows are
    grouped under rows merged across the table ("For the Partnership"): each row is a
    recommendation, its text the cell that asks, its status the one labelled in a cell;
    a merged row is a heading, not a recommendation."""
    doc = Document()
    doc.add_heading("Child Safeguarding Practice Review: Child T", 0)
    doc.add_paragraph("Alderholt Safeguarding Children Partnership. Published April 2025.")
    doc.add_heading("Findings", 1)
    doc.add_paragraph(
        "Child T, aged nine, missed school for weeks at a time and nobody asked why; the "
        "school nurse was not told of the bruises the teacher saw."
    )
    doc.add_heading("What we recommend and what partners say", 1)
    rows = [
        ["Learning and recommendation", "What the partner says"],
        ["For single agencies", ""],
        ["R1 The primary school should refer every child missing from education for ten "
         "days to the local authority's children missing education officer.",
         "Agreed by the governing body. A new attendance procedure went to all staff in "
         "September and the first termly audit of referrals is planned for the spring, "
         "after which the governors will review it again. RAG: Amber"],
        ["R2 Alderholt Community Health should make sure that a school nurse is told of "
         "any injury a teacher records.",
         "Agreed. The school nursing service and the schools now share one injury form, "
         "checked each month by the named nurse, and it has been in use since January. "
         "Status - Complete"],
        ["For the Partnership", ""],
        ["R3 The Partnership should audit how schools and health share concerns about "
         "injuries to primary school children.",
         "Agreed in part: the audit will be folded into the wider audit programme for the "
         "coming year and reported to the board. Status: Not started."],
    ]  # fmt: skip
    table = doc.add_table(rows=len(rows), cols=2)
    for r, row in enumerate(rows):
        if not row[1]:
            cell = table.cell(r, 0).merge(table.cell(r, 1))
            cell.text = row[0]
            continue
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(str(tmp_path / "t.docx"))
    recs = _recs(tmp_path / "t.docx")
    assert [r.number for r in recs] == ["1", "2", "3"]
    assert recs[0].text.startswith("The primary school should refer every child missing")
    assert recs[2].text.startswith("The Partnership should audit how schools")
    assert [normal_status(r.status) for r in recs] == ["in progress", "complete", "open"]
    assert recs[0].agencies == ["school"]


def _plan_review(tmp_path: Path, header: list[str], rows: list[list[str]], name: str) -> Path:
    """An SAR whose three recommendations are a numbered list and whose appendix plan has
    several action rows for each."""
    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mr K", 0)
    doc.add_paragraph("Redmere Safeguarding Adults Board. Published June 2025.")
    doc.add_heading("Findings", 1)
    doc.add_paragraph(
        "Mr K, aged 71, lived alone with no heating; his GP and the district nurses saw him "
        "often but no safeguarding concern was raised."
    )
    doc.add_heading("Recommendations", 1)
    for text in (
        "Redmere Safeguarding Adults Board should publish a guide to self-neglect for GPs.",
        "The district nursing service should raise a concern when a home is unheated.",
        "Redmere Council adult social care should review every closed self-neglect case.",
    ):
        doc.add_paragraph(text, style="List Number")
    doc.add_heading("Appendix 2: Delivery plan", 1)
    table = doc.add_table(rows=len(rows) + 1, cols=len(header))
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(str(tmp_path / name))
    return tmp_path / name


def test_a_plan_with_several_actions_a_recommendation_and_its_number_on_every_row(
    tmp_path: Path,
) -> None:
    """Each action row repeats its recommendation's number; the recommendation's own status
    sits in a column of its own (first in the row, filled on one of its rows): the
    recommendation takes that status, not the last action row's."""
    header = ["Overall progress", "Rec", "What will be done", "Who", "Action status"]
    rows = [
        ["Fully met", "1", "Write the guide with two GP leads.", "SAB manager", "Done"],
        ["", "1", "Send the guide to every practice.", "ICB", "Done"],
        ["On track", "2", "Add heating to the home visit checklist.", "DN lead", "Done"],
        ["", "2", "Audit twenty visit records.", "DN lead", "Not yet started"],
        ["", "3", "Pull the list of closed cases.", "ASC", "Done"],
        ["Delayed", "3", "Review each case with a manager.", "ASC", "Delayed"],
    ]
    recs = _recs(_plan_review(tmp_path, header, rows, "k.docx"))
    assert [r.number for r in recs] == ["1", "2", "3"]
    assert [r.status for r in recs] == ["Fully met", "On track", "Delayed"]
    assert [normal_status(r.status) for r in recs] == ["complete", "in progress", "overdue"]


def test_a_plan_whose_actions_follow_an_unnumbered_first_cell_take_the_least_advanced(
    tmp_path: Path,
) -> None:
    """The number only on a recommendation's first action row, actions numbered 1a/1b
    under it, no overall column: rows belong to the last numbered recommendation, whose
    status is the least advanced of its actions' (a RAG colour read as usual)."""
    header = ["Recommendation", "Action", "Lead", "RAG"]
    rows = [
        ["1", "1a Draft the guide with two GP leads.", "SAB manager", "Green"],
        ["", "1b Send the guide to every practice.", "ICB", "Amber"],
        ["2", "2a Add heating to the visit checklist.", "DN lead", "Green"],
        ["", "2b Audit twenty visit records.", "DN lead", "Green"],
        ["3", "3a Pull the list of closed cases.", "ASC", "Red"],
        ["", "3b Review each case with a manager.", "ASC", "Amber"],
    ]
    recs = _recs(_plan_review(tmp_path, header, rows, "m.docx"))
    assert [r.number for r in recs] == ["1", "2", "3"]
    assert recs[0].text.startswith("Redmere Safeguarding Adults Board should publish")
    assert [normal_status(r.status) for r in recs] == ["in progress", "complete", "open"]


def test_a_flattened_plan_with_numbered_actions_over_two_pages(tmp_path: Path) -> None:
    """A PDF plan whose table came out as plain lines: each recommendation's number alone
    or before its first action ("2 2.1 …"), its actions numbered 1.1, 1.2, each ending in
    a colour, the first also in the recommendation's own status ("Amber Embedded"); the
    table runs on under "Delivery plan (cont'd)". Each recommendation takes the status in
    words on its first row, or the least advanced of its colours when none is in words."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pages = [
        ["Safeguarding Adults Review: Mr Voss", "Tarnwick Safeguarding Adults Board, 2025",
         "Recommendations",
         "1. Tarnwick Council adult social care should visit every adult who refuses care.",
         "2. The GP practices should review every patient who misses three appointments.",
         "3. The police should refer every welfare check to adult social care.",
         "Delivery plan",
         "Rec Action Owner RAG Rec status", "1",
         "1.1 Write the refusal of care procedure.", "Head of service Amber Embedded",
         "1.2 Brief all duty teams.", "Team managers Green"],
        ["Delivery plan (cont'd)", "Rec Action Owner RAG Rec status",
         "2 2.1 Add a missed appointment search.", "ICB lead Green",
         "2.2 Audit the search in ten practices.", "ICB lead Red",
         "3 3.1 Change the welfare check form.", "Inspector Green Closed",
         "3.2 Train the call handlers.", "Inspector Amber"],
    ]  # fmt: skip
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "v.pdf"))
    recs = _recs(tmp_path / "v.pdf")
    assert [r.number for r in recs] == ["1", "2", "3"]
    assert [normal_status(r.status) for r in recs] == ["complete", "open", "complete"]


def test_two_rapid_reviews_whose_action_tables_are_markdown_rows_under_a_paper_wide_key(
    tmp_path: Path,
) -> None:
    """A plain-text paper on two rapid reviews: a key to the colours once at its top, whose
    meanings put the status word after other words ("Red = work now overdue"), and under
    each case a Markdown table of actions with row ids like "J1"/"K2" and no modal verb
    ("Health visitors to …"): each row is one of that case's recommendations, its colour
    read through the paper's key. Each case's "Actions agreed" heading, at the level of
    the case headings, belongs to the case above it, as every case has one."""
    (tmp_path / "p.txt").write_text(
        "Ashmere Safeguarding Children Partnership\n\n"
        "Rapid reviews: summary for the case review group, June 2025\n\n"
        "This paper sets out the two rapid reviews held since March and the actions agreed.\n"
        "Key to ratings: Green = all work complete. Amber = work started and on track. "
        "Red = work now overdue.\n\n"
        "Case 1: Baby J (rapid review held 3 March 2025)\n\n"
        "Baby J, aged eight weeks, had a fractured arm when taken to hospital by his mother. "
        "The health visitor had seen a bruise on his ear at the new birth visit.\n\n"
        "Actions agreed\n\n"
        "| Ref | What will happen | Who | When | Rating |\n"
        "|-----|------------------|-----|------|--------|\n"
        "| J1 | Health visitors to refer any bruise on a baby who is not mobile for a "
        "paediatric opinion the same day. | Community health | April 2025 | Green |\n"
        "| J2 | The emergency department to check the child protection record of every "
        "baby under one with a fracture. | Hospital trust | May 2025 | Red |\n\n"
        "Case 2: Child K (rapid review held 20 April 2025)\n\n"
        "Child K, aged 14, was found at a house in another city after being missing for "
        "four days. She had been missing nine times since January.\n\n"
        "Actions agreed\n\n"
        "| Ref | What will happen | Who | When | Rating |\n"
        "|-----|------------------|-----|------|--------|\n"
        "| K1 | Police to hold a return home interview within 72 hours of every missing "
        "episode of a child in care. | Police | June 2025 | Amber |\n",
        encoding="utf-8",
    )
    extraction = extract_document(read_document(tmp_path / "p.txt"), "0" * 64, matchers())
    by_case = {r.meta.subject: r.recommendations for r in extraction.reviews}
    assert sorted(by_case) == ["Baby J", "Child K"]
    assert [r.text[:30] for r in by_case["Baby J"]] == [
        "Health visitors to refer any b", "The emergency department to ch",
    ]  # fmt: skip
    assert [normal_status(r.status) for r in by_case["Baby J"]] == ["complete", "overdue"]
    assert [normal_status(r.status) for r in by_case["Child K"]] == ["in progress"]
    assert by_case["Child K"][0].agencies == ["police"]


def test_a_key_that_defines_each_rating_is_not_a_list_of_recommendations(
    tmp_path: Path,
) -> None:
    """A list that defines the ratings a board uses ("- Complete: every action done and
    checked.", "- In progress: …") opens each item with a status and a colon, as a tracked
    list does, but what follows is a definition in lower case, not an action: no
    recommendation comes of it."""
    doc = Document()
    doc.add_heading("Child Safeguarding Practice Review: Baby F", 0)
    doc.add_paragraph("Lenham Safeguarding Children Partnership. Published 2025.")
    doc.add_heading("Findings", 1)
    doc.add_paragraph(
        "Baby F, aged four months, was shaken by her father; the midwife had not asked "
        "about the father's history at booking."
    )
    doc.add_heading("How the plan is rated", 1)
    for text in (
        "Complete: every action done and the evidence checked by the subgroup.",
        "In progress: some actions done and the rest under way with a date.",
        "Overdue: no action taken or the date has passed without a reason.",
    ):
        doc.add_paragraph(text, style="List Bullet")
    doc.save(str(tmp_path / "f.docx"))
    assert _recs(tmp_path / "f.docx") == []


def test_a_flattened_plan_on_a_slide_rated_under_a_key_on_another_slide(tmp_path: Path) -> None:
    """Slides exported to PDF: one slide defines the ratings ("- Partially implemented:
    work under way, not yet finished"), a later one holds the plan whose table came out as
    lines under a header row "Ref Recommendation Owner Status" and a heading that says
    nothing of recommendations; each numbered row is a recommendation whose rating is read
    through the key ("Not implemented" is not "implemented")."""
    pdf = FPDF(orientation="L")
    pdf.set_font("Helvetica", size=14)
    slides = [
        ["Adult Q: Safeguarding Adults Review", "Progress report to the Board, May 2025"],
        ["How we rate progress",
         "- Fully implemented: every action complete and audited.",
         "- Partially implemented: work started but more to do.",
         "- Not implemented: work on it not yet started."],
        ["Where we are",
         "The subgroup agreed these ratings at its meeting on 2 May 2025.",
         "Ref Recommendation Owner Status",
         "1", "The Board should publish a hoarding protocol for",
         "all partners.", "SAB Fully implemented",
         "2", "Housing providers should report every hoarded", "home to adult social care.",
         "Housing Partially implemented",
         "3", "The fire service should share each home safety", "visit with the GP.",
         "Fire service Not implemented"],
    ]  # fmt: skip
    for lines in slides:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "q.pdf"))
    recs = _recs(tmp_path / "q.pdf")
    assert [r.number for r in recs] == ["1", "2", "3"]
    assert recs[1].text.startswith("Housing providers should report every hoarded home")
    assert [normal_status(r.status) for r in recs] == ["complete", "in progress", "open"]
