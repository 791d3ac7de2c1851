"""Shared fixtures: a real embedded store in a temporary data dir, and a Neo4j test server
when REVIEWGRAPH_TEST_NEO4J_URI names one (`make test-neo4j` starts one and sets it).

The tests never read NEO4J_URI, the variable a user sets for their real database, and never
clear a Neo4j database that holds data without the suite's marker node.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import GraphStore, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


TEST_NEO4J_URI = "REVIEWGRAPH_TEST_NEO4J_URI"
# A node the suite leaves in the test database: a database holding data without it is
# someone's real data, and the suite refuses to clear it.
MARKER = "ReviewgraphTestMarker"


def neo4j_test_settings() -> Settings | None:
    """The Neo4j test server from REVIEWGRAPH_TEST_NEO4J_* (None when not configured)."""
    uri = os.environ.get(TEST_NEO4J_URI)
    if not uri:
        return None
    return Settings(
        backend="neo4j",
        neo4j_uri=uri,
        neo4j_user=os.environ.get("REVIEWGRAPH_TEST_NEO4J_USER", "neo4j"),
        neo4j_password=os.environ.get("REVIEWGRAPH_TEST_NEO4J_PASSWORD"),
        neo4j_database=os.environ.get("REVIEWGRAPH_TEST_NEO4J_DATABASE", "neo4j"),
    )


def clear_test_database(store: GraphStore) -> None:
    """Empty a Neo4j test database, refusing one that holds data but not the suite's marker."""
    rows = store.read(
        f"MATCH (n) RETURN count(n) AS n, count(CASE WHEN n:{MARKER} THEN 1 END) AS marked"
    )
    if rows[0]["n"] and not rows[0]["marked"]:
        pytest.fail(
            f"{store.location} holds {rows[0]['n']} nodes and no {MARKER} node: it is not a "
            f"reviewgraph test database, so the suite will not clear it. Point "
            f"{TEST_NEO4J_URI} at a server of its own (make test-neo4j starts one)."
        )
    store.clear()


def assert_no_deprecations(store: GraphStore) -> None:
    """Neo4j warned that a statement we sent uses a deprecated form: fail (it stops working
    in a later Neo4j). Other notifications are not collected."""
    found = getattr(store, "deprecations", [])
    assert not found, "Neo4j deprecation notifications:\n" + "\n".join(found)


def mark_test_database(store: GraphStore) -> None:
    store.write(f"MERGE (:{MARKER} {{id: 'reviewgraph-test'}})")


@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store on each backend; Neo4j only when REVIEWGRAPH_TEST_NEO4J_URI is set."""
    if request.param == "neo4j":
        settings = neo4j_test_settings()
        if settings is None:
            pytest.skip(f"Neo4j backend: set {TEST_NEO4J_URI} or run `make test-neo4j`")
        s = open_store(settings)
        try:
            clear_test_database(s)
            yield s
            assert_no_deprecations(s)
        finally:
            try:
                s.clear()
                mark_test_database(s)
            finally:
                s.close()
        return
    s = open_store(Settings(data_dir=tmp_path / "data"))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[GraphStore]:
    """An empty embedded store that stops its server at the end, even on failure."""
    s = open_store(Settings(data_dir=tmp_path / "data"))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def corpus_dir() -> Path:
    """The real public corpus beside the project; skips when ../shared is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent (the shared corpus sits beside the project)")
    return CORPUS


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, Path]]:
    """The sample corpus built and loaded once per run (register, documents, action plan),
    derived links included. Tests may reload files (idempotent) but must not add others."""
    from reviewgraph.loaders.pipeline import load_actions, load_register
    from reviewgraph.loaders.sample.build import build_sample_corpus
    from reviewgraph.queries.analytics import analyse

    base = tmp_path_factory.mktemp("sample")
    folder = base / "corpus"
    build_sample_corpus(folder)
    store = open_store(Settings(data_dir=base / "data"))
    try:
        report = load_register(store, folder / "register.csv", "sample")
        assert not report.failed, [(f.path, f.reason) for f in report.failed]
        assert not load_actions(store, folder / "action_plan.csv").failed
        analyse(store)
        yield store, folder
    finally:
        store.close()


@pytest.fixture(scope="session", autouse=True)
def _stop_leftover_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Whatever a test left running under the temporary dirs is stopped at the end."""
    yield
    from reviewgraph.graph.embedded_server import EmbeddedServer

    base = tmp_path_factory.getbasetemp()
    for info in base.rglob("server.json"):
        EmbeddedServer(info.parent).stop()
