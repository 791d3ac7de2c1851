"""docs/GRAPH_MODEL.md says what a load writes, and the made-up graphs have a real load's shape.

The shape of a graph, read back with Cypher: every node label with its property keys, every
(start label)-[type]->(end label) with its property keys. The real load is the sample corpus
(register, reports, briefings, action plan), analysed. The tiny graph of the query tests and
the synthetic graph of the benchmarks are written by the loaders' own writer from rows
(loaders/rows.py), so they cannot drift in how they are written; what they leave out of a
real load is listed below with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.analytics import analyse
from tests.fixtures.backend import TEST_BACKEND
from tests.fixtures.tiny import TODAY, tiny_store

DOC = Path(__file__).resolve().parents[1] / "docs" / "GRAPH_MODEL.md"

NODES = """
MATCH (n) UNWIND labels(n) AS label UNWIND [null] + keys(n) AS key
RETURN DISTINCT label, key"""
RELATIONSHIPS = """
MATCH (a)-[r]->(b) UNWIND labels(a) AS start UNWIND labels(b) AS end
UNWIND [null] + keys(r) AS key
RETURN DISTINCT start, type(r) AS type, end, key"""

Shape = tuple[dict[str, set[str]], dict[str, set[str]]]


def shape(store: GraphStore) -> Shape:
    """({label: property keys}, {"(:A)-[:T]->(:B)": property keys})."""
    nodes: dict[str, set[str]] = {}
    for row in store.read(NODES):
        keys = nodes.setdefault(row["label"], set())
        if row["key"] is not None:
            keys.add(row["key"])
    rels: dict[str, set[str]] = {}
    for row in store.read(RELATIONSHIPS):
        keys = rels.setdefault(f"(:{row['start']})-[:{row['type']}]->(:{row['end']})", set())
        if row["key"] is not None:
            keys.add(row["key"])
    return nodes, rels


def documented() -> Shape:
    """The node table and the relationship block of docs/GRAPH_MODEL.md."""
    text = DOC.read_text(encoding="utf-8")
    nodes: dict[str, set[str]] = {}
    for line in text.splitlines():
        m = re.match(r"^\| `(\w+)` \| (.*) \| (.*) \|$", line)
        if m:
            # property names are the backticked words outside parentheses (inside them: values)
            outside = re.sub(r"\([^()]*(\([^()]*\)[^()]*)*\)", "", m.group(2) + " " + m.group(3))
            nodes[m.group(1)] = set(re.findall(r"`(\w+)`", outside))
    block = text.split("```", 2)[1]
    rels: dict[str, set[str]] = {}
    for line in block.splitlines():
        pattern = line.split("   ")[0].strip()
        parts = re.findall(r"\(:(\w+)\)|-\[:(\w+)(?: \{([^}]*)\})?\]->", pattern)
        labels = [p[0] for p in parts if p[0]]
        links = [(p[1], p[2]) for p in parts if p[1]]
        for i, (rel, keys) in enumerate(links):
            name = f"(:{labels[i]})-[:{rel}]->(:{labels[i + 1]})"
            rels[name] = {k.strip() for k in keys.split(",") if k.strip()}
    return nodes, rels


def test_the_model_document_says_what_a_load_writes(
    sample_store: tuple[GraphStore, Path],
) -> None:
    store, _ = sample_store
    real_nodes, real_rels = shape(store)
    doc_nodes, doc_rels = documented()
    assert set(real_nodes) == set(doc_nodes), "labels: " + str(set(real_nodes) ^ set(doc_nodes))
    for label, keys in real_nodes.items():
        assert keys <= doc_nodes[label], f"{label}: undocumented {sorted(keys - doc_nodes[label])}"
    assert set(real_rels) == set(doc_rels), "relationships: " + str(
        sorted(set(real_rels) ^ set(doc_rels))
    )
    for name, keys in real_rels.items():
        assert keys == doc_rels[name], f"{name}: written {sorted(keys)}, documented {sorted(doc_rels[name])}"


# What the made-up graphs leave out of a real load, with the reason; an entry that is no
# longer left out fails the test (so the list stays true).
NO_BRIEFING = "no multi-case briefing (tests/test_listed_cases.py loads one)"
LEFT_OUT = {
    "(:Document)-[:HAS_THEME]->(:Theme)": NO_BRIEFING,
    "(:Document)-[:MADE]->(:Recommendation)": NO_BRIEFING,
}


def _assert_shaped_like(real: Shape, made: Shape) -> None:
    real_nodes, real_rels = real
    made_nodes, made_rels = made
    assert set(made_nodes) >= set(real_nodes) - {"Precomputed"}
    for label in made_nodes.keys() & real_nodes.keys():
        assert made_nodes[label] <= real_nodes[label], (label, made_nodes[label] - real_nodes[label])
    missing = set(real_rels) - set(made_rels)
    assert missing == set(LEFT_OUT), sorted(missing ^ set(LEFT_OUT))
    for name in made_rels.keys() & real_rels.keys():
        assert made_rels[name] == real_rels[name], name


ONE_DATABASE = pytest.mark.skipif(
    TEST_BACKEND == "neo4j",
    reason="compares two graphs held at once; Neo4j Community has one database (the writer "
    "is the same on both backends, so the shapes are too)",
)


@ONE_DATABASE
def test_tiny_graph_has_the_shape_of_a_real_load(
    sample_store: tuple[GraphStore, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    real = shape(sample_store[0])
    with tiny_store(tmp_path_factory.mktemp("tiny") / "data") as store:
        analyse(store, today=TODAY)
        _assert_shaped_like(real, shape(store))


@ONE_DATABASE
@pytest.mark.timeout(120)
def test_synthetic_graph_has_the_shape_of_a_real_load(
    sample_store: tuple[GraphStore, Path], empty_store: GraphStore
) -> None:
    from bench.synth import build_synth

    build_synth(empty_store, 60)
    analyse(empty_store, today=TODAY)
    _assert_shaped_like(shape(sample_store[0]), shape(empty_store))
