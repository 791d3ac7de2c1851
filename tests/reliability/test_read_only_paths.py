"""Write attempts through every read-only path are refused and change nothing (issue 13).

14 statements that would change the graph (nodes, relationships, properties, labels,
indexes, full-text indexes) are sent through 4 read-only paths: GraphStore.read (used by
named queries and the dashboard), `reviewgraph cypher STATEMENT`, `reviewgraph cypher -f
FILE`, and the dashboard workbench's run_cypher. Every one of the 56 attempts must be
refused as read-only, and the graph, its schema and its append-only file must be as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import cli
from reviewgraph.graph.config import Settings
from reviewgraph.graph.embedded import EmbeddedStore
from reviewgraph.graph.errors import ReadOnlyViolation
from reviewgraph.graph.store import GraphStore, open_store

pytestmark = pytest.mark.timeout(300)

WRITES = [
    "CREATE (:Review {id: 'planted'})",
    "MERGE (:Review {id: 'planted'})",
    "MATCH (r:Review) SET r.year = 1900",
    "MATCH (r:Review) SET r += {outcome: 'changed'}",
    "MATCH (r:Review) DETACH DELETE r",
    "MATCH (r:Review) REMOVE r.year",
    "MATCH (r:Review) SET r:Planted",
    "MATCH (a:Review), (b:Review) CREATE (a)-[:PLANTED]->(b)",
    "MATCH (r:Review) WITH r LIMIT 1 MERGE (r)-[:SIMILAR_TO]->(r)",
    "UNWIND range(1, 3) AS i CREATE (:Review {id: toString(i)})",
    "CREATE INDEX FOR (n:Review) ON (n.planted)",
    "DROP INDEX ON :Review(type)",
    "CALL db.idx.fulltext.createNodeIndex('Review', 'planted')",
    "CALL db.idx.fulltext.drop('Passage')",
]


def _state(store: GraphStore) -> dict[str, Any]:
    return {
        "nodes": store.read(
            "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id"
        ),
        "rels": store.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t"),
        "indexes": store.read(
            "CALL db.indexes() YIELD label, properties RETURN label, properties ORDER BY label"
        ),
    }


def _via_store(store: EmbeddedStore, data: Path, statement: str) -> bool:
    try:
        store.read(statement)
    except ReadOnlyViolation:
        return True
    return False


def _via_cli(store: EmbeddedStore, data: Path, statement: str) -> bool:
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "cypher", statement])
    return result.exit_code == 1 and "read-only" in result.output


def _via_cli_file(store: EmbeddedStore, data: Path, statement: str) -> bool:
    path = data.parent / "statement.cypher"
    path.write_text(statement)
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "cypher", "-f", str(path)])
    return result.exit_code == 1 and "read-only" in result.output


def _via_workbench(store: EmbeddedStore, data: Path, statement: str) -> bool:
    from reviewgraph.dashboard import data as dashboard_data

    original = dashboard_data.store
    dashboard_data.store = lambda: store  # type: ignore[assignment]
    try:
        return dashboard_data.run_cypher(statement) is None
    finally:
        dashboard_data.store = original  # type: ignore[assignment]


PATHS: dict[str, Callable[[EmbeddedStore, Path, str], bool]] = {
    "GraphStore.read": _via_store,
    "reviewgraph cypher": _via_cli,
    "reviewgraph cypher -f": _via_cli_file,
    "dashboard workbench": _via_workbench,
}


def test_every_write_through_a_read_only_path_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(Settings(data_dir=data))
    assert isinstance(store, EmbeddedStore)
    try:
        store.write(
            "UNWIND range(1, 5) AS i CREATE (r:Review {id: 'r' + toString(i), year: 2000 + i, "
            "type: 'SCR'}) CREATE (:Passage {id: 'p' + toString(i), text: 'health visitor'})"
        )
        before, aof = _state(store), store.server.aof_commands_size()
        refused: list[tuple[str, str]] = []
        accepted: list[tuple[str, str]] = []
        for path, attempt in PATHS.items():
            for statement in WRITES:
                (refused if attempt(store, data, statement) else accepted).append(
                    (path, statement)
                )
        assert not accepted, f"{len(refused)} of {len(refused) + len(accepted)} refused"
        assert len(refused) == len(PATHS) * len(WRITES) == 56
        assert _state(store) == before
        assert store.server.aof_commands_size() == aof
    finally:
        store.close()
