"""A revised report replaces its earlier version: evidence is not doubled, the version history
is kept and shown, action-plan statuses stay, and a file that fails to read loses nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from fpdf import FPDF

from reviewgraph.cli import cli
from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.pipeline import file_sha256, load_batch
from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import run_query
from tests.fixtures.backend import cli_store_args

CHILD_K = "02-scr-child-k.docx"

COUNTS = """
MATCH (d:Document {kind: 'review'}) WITH count(d) AS documents
OPTIONAL MATCH (p:Passage) WITH documents, count(p) AS passages
OPTIONAL MATCH (:Review)-[h:HAS_THEME]->() WITH documents, passages, count(h) AS theme_links,
     sum(size(coalesce(h.evidence, []))) AS evidence
OPTIONAL MATCH (f:Finding) WITH documents, passages, theme_links, evidence, count(f) AS findings
OPTIONAL MATCH (c:Recommendation)
RETURN documents, passages, theme_links, evidence, findings, count(c) AS recommendations
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "sample"
    build_sample_corpus(folder)
    return folder


def counts(store: GraphStore) -> dict[str, int]:
    return store.read(COUNTS)[0]


def statuses(store: GraphStore, review_id: str) -> dict[str, str]:
    rows = run_query(store, "review_recommendations", {"review_id": review_id})
    return {str(r["number"]): r["status"] for r in rows}


def revised_docx(source: Path, out: Path) -> Path:
    """The same report with a revision note: another file, another hash, the same review."""
    doc = Document(str(source))
    doc.add_paragraph("Revised edition: a date in the chronology was corrected in March 2017.")
    doc.save(str(out))
    return out


def child_k(store: GraphStore) -> str:
    rows = [r for r in run_query(store, "reviews", {"limit": 50}) if r["subject"] == "Child K"]
    assert len(rows) == 1, rows
    return str(rows[0]["id"])


def test_a_revised_report_replaces_its_earlier_version(
    empty_store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    store = empty_store
    first = tmp_path / "upload" / "Child K SCR.docx"
    first.parent.mkdir()
    shutil.copy(corpus / CHILD_K, first)
    report = load_batch(store, [first], actions=corpus / "action_plan.csv")
    assert [f.status for f in report.files] == ["loaded", "loaded"]  # the report, the plan
    assert report.files[0].version == 1 and not report.files[0].replaced
    analyse(store)  # as `reviewgraph load` does: links the action plan's statuses
    review_id = child_k(store)
    before = counts(store)
    tracked = statuses(store, review_id)
    # from the action plan: 1 complete; 5 in progress but due in 2016, so overdue
    assert tracked["1"] == "complete" and tracked["5"] == "overdue"

    second = revised_docx(first, tmp_path / "upload" / "Child K SCR - revised final.docx")
    report = load_batch(store, [second])
    assert [f.status for f in report.files] == ["loaded"]
    assert report.files[0].replaced == "replaced version 1 of Child K's SCR"
    assert report.files[0].version == 2
    analyse(store)
    assert counts(store) == before  # the evidence is not doubled
    assert child_k(store) == review_id
    assert statuses(store, review_id) == tracked  # action-plan status kept
    versions = run_query(store, "review_versions", {"review_id": review_id})
    assert [(v["version"], v["file"], v["sha256"], v["current"]) for v in versions] == [
        (1, first.name, file_sha256(first), False),
        (2, second.name, file_sha256(second), True),
    ]
    assert all(v["loaded_at"] for v in versions)

    # Loading the same revised file again changes nothing.
    assert [f.status for f in load_batch(store, [second]).files] == ["unchanged"]
    assert len(run_query(store, "review_versions", {"review_id": review_id})) == 2


def test_a_file_that_fails_to_read_keeps_the_old_version(
    empty_store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    store = empty_store
    load_batch(store, [corpus / CHILD_K])
    review_id = child_k(store)
    before = counts(store)
    broken = tmp_path / "Child K SCR revised.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a Word document")
    report = load_batch(store, [broken], replaces=review_id)
    assert [f.status for f in report.files] == ["failed"]
    assert report.files[0].reason and not report.files[0].replaced
    assert counts(store) == before
    assert len(run_query(store, "review_versions", {"review_id": review_id})) == 1
    # an unknown review id is refused without reading or removing anything
    report = load_batch(store, [revised_docx(corpus / CHILD_K, tmp_path / "k.docx")],
                        replaces="scr-no-such-review")  # fmt: skip
    assert (
        report.files[0].status == "failed" and "no report of that review" in report.files[0].reason
    )
    assert counts(store) == before


def test_load_replaces_from_the_command_line(
    empty_store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    store = empty_store
    data_dir = tmp_path / "data"
    load_batch(store, [corpus / CHILD_K], actions=corpus / "action_plan.csv")
    review_id = child_k(store)
    documents_before = counts(store)["documents"]
    # The revised report as a PDF under another name: the user says which review it replaces.
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for para in Document(str(corpus / CHILD_K)).paragraphs:
        if para.text.strip():
            text = para.text.encode("latin-1", "replace").decode("latin-1")
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    revised = tmp_path / "child-k-final.pdf"
    pdf.output(str(revised))
    result = CliRunner().invoke(
        cli, [*cli_store_args(data_dir), "load", "--no-progress", "--replaces", review_id,
              str(revised)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "replaced version 1 of Child K's SCR (now version 2)" in result.output
    assert counts(store)["documents"] == documents_before
    reviews = [r for r in run_query(store, "reviews", {"limit": 50}) if r["subject"] == "Child K"]
    assert len(reviews) == 1
    versions = run_query(store, "review_versions", {"review_id": str(reviews[0]["id"])})
    assert [v["file"] for v in versions] == [CHILD_K, revised.name]
    # two files and --replaces: refused, nothing loaded
    result = CliRunner().invoke(
        cli, [*cli_store_args(data_dir), "load", "--no-progress", "--replaces", review_id,
              str(revised), str(corpus / "01-scr-baby-t.pdf")],
    )  # fmt: skip
    assert result.exit_code != 0 and "exactly one revised file" in result.output
