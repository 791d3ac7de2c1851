"""The two writers of the graph model draw the same shape (docs/GRAPH_MODEL.md).

loaders/writer.py writes what real loads give; tests/fixtures/graph_rows.py writes made-up graphs
(tests/fixtures/tiny.py for the query tests, bench/synth.py for benchmarks). When one writes a
property or relationship the other does not, tests on those graphs stop representing real
loads. The shape of a graph, read back with Cypher from the real embedded store: every node
label with its property keys, every (start label)-[type]->(end label) with its property keys.

- The real load: a register row, a review, a multi-case briefing (cross-case themes and
  recommendations) and an action plan (matched by number and by text) through
  loaders.pipeline, then the action links and statuses run_analysis derives first.
- The same written again through graph_rows (the parameters the loader gave its writer,
  recorded, as GraphRows): the writers must agree exactly, no exceptions.
- The tiny graph (tests.fixtures.tiny) against the real load: its rows must give everything a real
  load gives, but for what the allow-list below leaves out, each with its reason.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewgraph.graph.config import Settings
from reviewgraph.graph.embedded_server import EmbeddedServer
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.loaders import writer
from reviewgraph.loaders.pipeline import load_actions, load_paths, load_register
from reviewgraph.queries.analytics import RELINK_ACTIONS, link_actions
from tests.fixtures.graph_rows import GraphRows, write_rows
from tests.fixtures.tiny import TODAY, tiny_store

REVIEW = """Serious Case Review: Child T
Brackenford Local Safeguarding Children Board
Date of publication: March 2019

1. Introduction
Child T died aged 11 months in 2018. Child T was a baby girl who lived with her mother and her mother's partner.
\f2. Findings
1. The midwife and the GP did not share information about the mother's partner, who had convictions for violence.
2. Practitioners did not ask about the partner and his role in caring for the baby was not assessed.

3. Recommendations
1. GP practices should record who cares for a baby and share concerns about violence with the health visitor.
2. The LSCB should seek assurance that police share domestic abuse notifications with health visitors within a week.
"""
BRIEFING = """Learning from local reviews
This briefing summarises two local reviews published in 2021 by the Westmoor Safeguarding Children Partnership.
Child O
Child O was 14 when she died in 2020. She had been missing from home many times and the police were called.
Key learning
Professionals did not see the pattern of missing episodes and information was not shared with the school.
Case 2: Adult B
Adult B was 78 and lived alone with advanced dementia and self-neglect. The GP and adult social care visited.
What the reviews have in common
All of the reviews found that information was not shared between agencies. Domestic abuse was a feature.
Recommendations for the board
R1 The board should commission multi-agency training on missing children and domestic abuse.
R2: Health partners should seek assurance that GPs record carers' details and share information with the police.
"""
REGISTER = """Board,Review type,Subject,Year,Age band,Gender,Outcome,Category of harm,Published,Document
Northmoor SAB,SAR,Adult Q,2020,adult,Female,Fatal,Neglect,Yes,
"""
ACTIONS = """Review,Recommendation number,Recommendation,Owner,Action,Due date,Status,Evidence of completion
SCR Child T,1,,GP practices,Audit,2020-01-01,Complete,Audit report
SCR Child T,,The LSCB should seek assurance that police share domestic abuse notifications with health visitors,LSCB,Review,2020-06-01,In progress,
"""

# What the tiny graph leaves out on purpose, with the reason. Keys are shape items as
# `shape_items` spells them; an entry that no longer differs fails the test.
NO_BRIEFING = "the tiny graph has no multi-case briefing (tests/test_listed_cases.py loads one)"
ALLOWED: dict[str, str] = {
    "(:Document)-[:HAS_THEME]->(:Theme)": NO_BRIEFING,
    "(:Document)-[:HAS_THEME {doc}]->(:Theme)": NO_BRIEFING,
    "(:Document)-[:HAS_THEME {evidence}]->(:Theme)": NO_BRIEFING,
    "(:Document)-[:HAS_THEME {mentions}]->(:Theme)": NO_BRIEFING,
    "(:Document)-[:HAS_THEME {pages}]->(:Theme)": NO_BRIEFING,
    "(:Document)-[:HAS_THEME {source}]->(:Theme)": NO_BRIEFING,
    "(:Document)-[:MADE]->(:Recommendation)": NO_BRIEFING,
}

NODES = """
MATCH (n) UNWIND labels(n) AS label UNWIND [null] + keys(n) AS key
RETURN DISTINCT label, key"""
RELATIONSHIPS = """
MATCH (a)-[r]->(b) UNWIND labels(a) AS start UNWIND labels(b) AS end
UNWIND [null] + keys(r) AS key
RETURN DISTINCT start, type(r) AS type, end, key"""


def shape_items(store: GraphStore) -> set[str]:
    """`(:Label)` and `(:Label {key})` per node label, `(:A)-[:TYPE]->(:B)` and
    `(:A)-[:TYPE {key}]->(:B)` per relationship."""
    items = set()
    for row in store.read(NODES):
        key = f" {{{row['key']}}}" if row["key"] is not None else ""
        items.add(f"(:{row['label']}{key})")
    for row in store.read(RELATIONSHIPS):
        key = f" {{{row['key']}}}" if row["key"] is not None else ""
        items.add(f"(:{row['start']})-[:{row['type']}{key}]->(:{row['end']})")
    return items


def _derive(store: GraphStore) -> None:
    """What analyse does first after every load: attach action plans to the
    recommendations they track, and their status (same code for every route)."""
    store.write(RELINK_ACTIONS)
    link_actions(store, TODAY)


@pytest.fixture(scope="module")
def embedded_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Open an embedded store in a fresh data dir; each one's server stops at module end."""
    opened: list[tuple[GraphStore, Path]] = []

    def open_in(name: str) -> GraphStore:
        folder = tmp_path_factory.mktemp(name) / "data"
        store = open_store(Settings(data_dir=folder))
        opened.append((store, folder))
        return store

    yield open_in
    for store, folder in opened:
        store.close()
        EmbeddedServer(folder).stop()


@pytest.fixture(scope="module")
def real_load(
    tmp_path_factory: pytest.TempPathFactory, embedded_dir: Any
) -> tuple[set[str], dict[str, Any]]:
    """The shape of a real load, and what the loader handed its writer to get it."""
    folder = tmp_path_factory.mktemp("files")
    for name, text in [("scr-child-t.txt", REVIEW), ("briefing.txt", BRIEFING),
                       ("register.csv", REGISTER), ("actions.csv", ACTIONS)]:  # fmt: skip
        (folder / name).write_text(text, encoding="utf-8")
    sent: dict[str, Any] = {"documents": []}
    write_document, write_reference = writer.write_document, writer.write_reference

    def record_document(store: GraphStore, params: dict[str, Any]) -> dict[str, int]:
        sent["documents"].append(copy.deepcopy(params))
        return write_document(store, params)

    def record_reference(store: GraphStore, *rows: list[dict]) -> None:
        sent["reference"] = copy.deepcopy(rows)
        write_reference(store, *rows)

    store = embedded_dir("loaded")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "write_document", record_document)
        patch.setattr(writer, "write_reference", record_reference)
        reports = [
            load_register(store, folder / "register.csv", "sample"),
            load_paths(store, [folder / "scr-child-t.txt", folder / "briefing.txt"]),
            load_actions(store, folder / "actions.csv"),
        ]
    for report in reports:
        assert not report.failed, [(f.path, f.reason) for f in report.failed]
    assert reports[2].unmatched_actions == [], "both actions track a recommendation"
    _derive(store)
    return shape_items(store), sent


def _theme_link(hit: dict[str, Any], doc: str) -> dict[str, Any]:
    """HAS_THEME's properties as loaders/writer.py sets them."""
    keys = ("mentions", "evidence", "pages", "source")
    return {"doc": doc} | {k: hit[k] for k in keys}


def _agency_link(hit: dict[str, Any], doc: str) -> dict[str, Any]:
    """INVOLVED's properties as loaders/writer.py sets them."""
    return {"doc": doc} | {k: hit[k] for k in ("mentions", "evidence", "pages")}


def _rec_links(g: GraphRows, rec: dict[str, Any], doc: str) -> None:
    g.addressed += [{"rec": rec["id"], "agency": a, "doc": doc} for a in rec["agencies"]]
    g.rec_themes += [{"rec": rec["id"], "theme": t, "doc": doc} for t in rec["themes"]]


def rows_of(sent: dict[str, Any]) -> GraphRows:
    """The loader's write parameters (loaders/writer.py's WRITE_DOCUMENT) as GraphRows."""
    themes, parents, agencies = sent["reference"]
    g = GraphRows(themes=themes, parents=parents, agencies=agencies)
    for params in sent["documents"]:
        doc = params["doc"]["id"]
        g.documents.append(params["doc"])
        for review in params["reviews"]:
            rid, boards = review["id"], review["boards"]
            g.boards += boards
            board = boards[0]["id"] if boards else None
            g.reviews.append({"id": rid, "props": review["props"], "board_id": board, "doc": doc})
            g.has_theme += [{"review": rid, "theme": t["id"], "props": _theme_link(t, doc)}
                            for t in review["themes"]]  # fmt: skip
            g.involved += [{"review": rid, "agency": a["id"], "props": _agency_link(a, doc)}
                           for a in review["agencies"]]  # fmt: skip
            for rec in review["recs"]:
                g.recs.append({"review": rid, "props": rec["props"]})
                _rec_links(g, rec, doc)
            for finding in review["findings"]:
                g.findings.append({"review": rid, "props": finding["props"]})
                fid = finding["props"]["id"]
                g.finding_themes += [{"finding": fid, "theme": t} for t in finding["themes"]]
        g.doc_themes += [{"document": doc, "theme": t["id"], "props": _theme_link(t, doc)}
                         for t in params["doc_themes"]]  # fmt: skip
        for rec in params["doc_recs"]:
            g.doc_recs.append({"document": doc, "props": rec["props"]})
            _rec_links(g, rec, doc)
        g.passages += params["passages"]
        g.actions += params["actions"]
    return g


def _differences(real: set[str], made: set[str]) -> str:
    return (
        f"only the real load (loaders/writer.py) has: {sorted(real - made)}\n"
        f"only the graph_rows graph has: {sorted(made - real)}"
    )


def _assert_shaped_like(real: set[str], made: set[str]) -> None:
    """`made` has the shape of the real load but for ALLOWED, and ALLOWED is not stale."""
    unexplained = (real ^ made) - ALLOWED.keys()
    assert not unexplained, "drift between the writers:\n" + _differences(
        real & unexplained, made & unexplained
    )
    stale = [i for i in ALLOWED if i not in real ^ made]
    assert not stale, f"no longer differs, delete from ALLOWED: {stale}"


def test_the_real_load_covers_the_model(real_load: tuple[set[str], dict[str, Any]]) -> None:
    """The files above reach every node label and written relationship of the model, so
    the comparisons below leave nothing out."""
    real, _ = real_load
    labels = {"Document", "Review", "Board", "Agency", "Sector", "Theme", "Recommendation",
              "Finding", "Passage", "Action"}  # fmt: skip
    assert {i for i in real if " " not in i and "-" not in i} == {f"(:{x})" for x in labels}
    assert {
        "(:Review)-[:COMMISSIONED_BY]->(:Board)",
        "(:Review)-[:DESCRIBED_IN]->(:Document)",
        "(:Document)-[:HAS_THEME]->(:Theme)",
        "(:Review)-[:INVOLVED]->(:Agency)",
        "(:Review)-[:HAS_THEME]->(:Theme)",
        "(:Theme)-[:PART_OF]->(:Theme)",
        "(:Agency)-[:IN_SECTOR]->(:Sector)",
        "(:Review)-[:MADE]->(:Recommendation)",
        "(:Document)-[:MADE]->(:Recommendation)",
        "(:Recommendation)-[:ADDRESSED_TO]->(:Agency)",
        "(:Recommendation)-[:ON_THEME]->(:Theme)",
        "(:Review)-[:FOUND]->(:Finding)",
        "(:Finding)-[:ON_THEME]->(:Theme)",
        "(:Passage)-[:IN]->(:Document)",
        "(:Passage)-[:SUPPORTS]->(:Theme)",
        "(:Action)-[:TRACKS]->(:Recommendation)",
        "(:Action)-[:OWNED_BY]->(:Agency)",
        "(:Recommendation {status})",
    } <= real


def test_graph_rows_writes_what_the_loader_writer_writes(
    real_load: tuple[set[str], dict[str, Any]], embedded_dir: Any
) -> None:
    """The same data through both writers: the same shape, no exceptions."""
    real, sent = real_load
    store = embedded_dir("rows")
    write_rows(store, rows_of(sent))
    _derive(store)
    made = shape_items(store)
    assert made == real, _differences(real, made)


def test_tiny_graph_has_the_shape_of_a_real_load(
    real_load: tuple[set[str], dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    real, _ = real_load
    with tiny_store(tmp_path_factory.mktemp("tiny") / "data") as store:
        _derive(store)
        tiny = shape_items(store)
    _assert_shaped_like(real, tiny)


def test_synthetic_graph_has_the_shape_of_a_real_load(
    real_load: tuple[set[str], dict[str, Any]], embedded_dir: Any
) -> None:
    """The benchmarks' graphs (bench/synth.py) are shaped like real loads too."""
    from bench.synth import build_synth

    real, _ = real_load
    store = embedded_dir("synth")
    build_synth(store, 40)
    _derive(store)
    _assert_shaped_like(real, shape_items(store))
