"""Theme strength and the agencies involved, on a report written for these tests: what its
findings say weighs more than what its chronology, terms of reference or glossary say; a
question or a denial does not count; the graph keeps every link, counting the strong ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.extract import extract_document
from reviewgraph.loaders.models import ReviewExtraction
from reviewgraph.loaders.pipeline import load_paths, matchers
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.sentence_model import sentence_model
from reviewgraph.loaders.strength import counts
from reviewgraph.settings import SettingsError, read_limits

CHRONOLOGY = [
    "In March 2020 Mr T was discharged from hospital after a fall; the hospital discharge "
    "letter went to his GP.",
    "In May 2020 there was a second hospital discharge, again to his flat.",
    "In July 2020 a third hospital discharge followed a chest infection.",
]
FINDINGS = [
    "Information sharing between the GP, the hospital and adult social care was poor: each "
    "held part of the picture.",
    "No practitioner showed professional curiosity about why Mr T kept falling.",
    "Information sharing about his drinking did not happen when he moved wards.",
]


def _report(path: Path) -> Path:
    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mr T", 0)
    doc.add_paragraph("Brackenmoor Safeguarding Adults Board. Published June 2022.")
    doc.add_heading("Terms of reference", 1)
    doc.add_paragraph(
        "The review asked whether staff supervision was adequate and how escalation worked."
    )
    doc.add_heading("Chronology", 1)
    for line in CHRONOLOGY:
        doc.add_paragraph(line)
    doc.add_paragraph("His daughter and a neighbour phoned adult social care in August 2020.")
    doc.add_heading("Findings", 1)
    for line in FINDINGS:
        doc.add_paragraph(line)
    doc.add_paragraph("There was no evidence that mental capacity was in doubt at any point.")
    doc.add_paragraph("The council and adult social care shared one duty team.")
    doc.add_heading("Glossary", 1)
    doc.add_paragraph("MARAC: a meeting on high-risk domestic abuse cases.")
    doc.add_paragraph("Was not brought: the words used when a child misses an appointment.")
    doc.save(str(path))
    return path


def _review(path: Path) -> ReviewExtraction:
    [review] = extract_document(read_document(path), "0" * 64, matchers()).reviews
    return review


def test_findings_outweigh_the_chronology_and_the_glossary_counts_nothing(tmp_path: Path) -> None:
    review = _review(_report(tmp_path / "t.docx"))
    strength = {t.theme_id: t.strength for t in review.themes}
    # two findings sentences (4 each) beat three chronology sentences (a quarter each), each
    # times the sentence model's probability that a reader lists the theme for it
    model = sentence_model()
    sharing = [s for s in FINDINGS if "Information sharing" in s]
    assert strength["information_sharing"] == round(
        sum(4 * model.probability(s, "information_sharing", 4.0) for s in sharing), 2
    )
    assert strength["hospital_discharge"] == round(
        sum(0.25 * model.probability(s, "hospital_discharge", 0.25) for s in CHRONOLOGY), 2
    )
    assert strength["hospital_discharge"] < 0.75 < 4 < strength["information_sharing"] < 8
    assert review.themes[0].theme_id == "information_sharing"
    assert "was_not_brought" not in strength  # named only in the glossary
    # each link keeps the passage it came from, with its page
    [hit] = [t for t in review.themes if t.theme_id == "professional_curiosity"]
    assert hit.evidence[0].text.startswith("No practitioner showed professional curiosity")


def test_questions_and_denials_do_not_count(tmp_path: Path) -> None:
    review = _review(_report(tmp_path / "t.docx"))
    found = {t.theme_id for t in review.themes}
    assert "mental_capacity" not in found  # "There was no evidence that mental capacity …"
    assert not found & {"supervision", "escalation"}  # "The review asked whether …"
    assert not counts("Did agencies share information about the risk?")
    assert counts("Agencies did not share information about the risk.")


def test_the_agencies_involved_leave_out_family_the_glossary_and_unnamed_kinds(
    tmp_path: Path,
) -> None:
    agencies = {a.agency_id for a in _review(_report(tmp_path / "t.docx")).agencies}
    assert {"gp", "acute_hospital", "asc"} <= agencies
    assert "marac" not in agencies  # the glossary's
    assert not agencies & {"family_friends", "neighbours_community"}
    assert "local_authority" not in agencies  # "the council", beside adult social care


def test_the_graph_counts_strong_links_and_keeps_the_rest_with_their_evidence(
    tmp_path: Path, empty_store: GraphStore
) -> None:
    (tmp_path / "in").mkdir()
    path = _report(tmp_path / "in" / "t.docx")
    limits = read_limits({"REVIEWGRAPH_THEMES_PER_REVIEW": "1"})
    assert [f.status for f in load_paths(empty_store, [path], limits=limits).files] == ["loaded"]
    strong = empty_store.read(
        "MATCH (:Review {subject: 'Mr T'})-[h:HAS_THEME]->(t:Theme) "
        "RETURN t.id AS id, h.strength AS strength, h.rank AS rank"
    )
    [only] = strong
    assert only["id"] == "information_sharing" and only["rank"] == 1
    assert only["strength"] == _review(path).themes[0].strength  # the graph keeps it as read
    weak = empty_store.read(
        "MATCH (:Review {subject: 'Mr T'})-[w:MENTIONS_THEME]->(t:Theme) "
        "RETURN t.id AS id, w.rank AS rank, w.evidence AS evidence ORDER BY rank"
    )
    assert {r["id"] for r in weak} >= {"professional_curiosity", "alcohol_misuse"}
    assert weak[-1]["id"] == "hospital_discharge"  # the chronology's: the weakest
    assert weak[-1]["evidence"][0].startswith("In March 2020 Mr T was discharged from hospital")


def test_the_themes_per_review_setting_is_checked() -> None:
    assert read_limits({}).themes_per_review == 10
    with pytest.raises(SettingsError, match="REVIEWGRAPH_THEMES_PER_REVIEW"):
        read_limits({"REVIEWGRAPH_THEMES_PER_REVIEW": "many"})


def test_a_run_of_text_naming_every_case_gives_each_only_its_own_words(tmp_path: Path) -> None:
    # a slide's table of cases, flattened by the PDF into one run of text
    (tmp_path / "deck.md").write_text(
        "# Learning from our reviews 2021\n\n"
        "## The reviews\n\n"
        "SCR Child Q 6 years neglect and poor school attendance SCR Baby R 3 months unsafe "
        "sleeping arrangements SCR Child S 15 years sexual exploitation and going missing\n\n"
        "## Child Q\n\nChild Q lived with her mother and two brothers in Ashcombe.\n\n"
        "## Baby R\n\nBaby R was the first child of young parents in Ashcombe.\n\n"
        "## Child S\n\nChild S lived in foster care in Ashcombe from the age of twelve.\n",
        encoding="utf-8",
    )
    reviews = extract_document(read_document(tmp_path / "deck.md"), "0" * 64, matchers()).reviews
    themes = {r.meta.subject: {t.theme_id for t in r.themes if t.strong} for r in reviews}
    assert set(themes) == {"Child Q", "Baby R", "Child S"}
    assert "school_attendance" in themes["Child Q"] and "safe_sleep" not in themes["Child Q"]
    assert "safe_sleep" in themes["Baby R"] and "sexual_exploitation" not in themes["Baby R"]
    assert (
        "sexual_exploitation" in themes["Child S"] and "school_attendance" not in themes["Child S"]
    )


def test_an_action_plan_says_what_will_be_done_not_what_the_case_was_about(
    tmp_path: Path,
) -> None:
    """Actions in a plan ("run training on …", "hold a multi-agency meeting") name the
    remedy: a theme named only there is not one of the case's themes, while what the
    findings say still counts and the plan's rows are still its recommendations."""
    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mrs Pell", 0)
    doc.add_paragraph("Orwick Safeguarding Adults Board. Published March 2025.")
    doc.add_heading("Findings", 1)
    for line in FINDINGS:
        doc.add_paragraph(line)
    doc.add_heading("Action plan", 1)
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([
        ["No.", "Action", "RAG"],
        ["1", "The Board to commission training for all GP practices on self-neglect.", "Green"],
        ["2", "Adult social care to run a training session on coercive control.", "Amber"],
    ]):  # fmt: skip
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(str(tmp_path / "p.docx"))
    review = _review(tmp_path / "p.docx")
    themes = {t.theme_id for t in review.themes}
    assert "information_sharing" in themes
    assert not {"training", "coercive_control"} & themes
    assert len(review.recommendations) == 2
