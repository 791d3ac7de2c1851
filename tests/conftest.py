"""Shared fixtures: a real embedded store in a temporary data dir, and a Neo4j test server
when REVIEWGRAPH_TEST_NEO4J_URI names one (`make test-neo4j` starts one and sets it).

The tests never read NEO4J_URI, the variable a user sets for their real database, and never
clear a Neo4j database that holds data without the suite's marker node.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import GraphStore, open_store
from tests.fixtures.backend import (
    TEST_BACKEND,
    TEST_NEO4J_URI,
    assert_no_deprecations,
    clear_test_database,
    close_test_store,
    mark_test_database,
    neo4j_test_settings,
    open_test_store,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


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
def empty_store(tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of the backend under test (embedded in `make test`, the Neo4j test
    database in `make test-neo4j`), closed and emptied at the end, even on failure."""
    s = open_test_store(tmp_path / "data")
    try:
        yield s
    finally:
        close_test_store(s, tmp_path / "data")


@pytest.fixture
def corpus_dir() -> Path:
    """The real public corpus beside the project; skips when ../shared is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent (the shared corpus sits beside the project)")
    return CORPUS


def _sample_scope(fixture_name: str, config: pytest.Config) -> str:
    # Neo4j Community holds one database: other modules' graphs replace the sample there,
    # so each module that needs it loads it again
    return "module" if TEST_BACKEND == "neo4j" else "session"


@pytest.fixture(scope=_sample_scope)  # type: ignore[arg-type]
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, Path]]:
    """The sample corpus built and loaded once per run (register, documents, action plan),
    derived links included. Tests may reload files (idempotent) but must not add others."""
    from reviewgraph.loaders.pipeline import load_actions, load_register
    from reviewgraph.loaders.sample.build import build_sample_corpus
    from reviewgraph.queries.analytics import analyse

    base = tmp_path_factory.mktemp("sample")
    folder = base / "corpus"
    build_sample_corpus(folder)
    store = open_test_store(base / "data")
    try:
        report = load_register(store, folder / "register.csv", "sample")
        assert not report.failed, [(f.path, f.reason) for f in report.failed]
        assert not load_actions(store, folder / "action_plan.csv").failed
        analyse(store)
        yield store, folder
    finally:
        close_test_store(store, base / "data")


@pytest.fixture(scope="session", autouse=True)
def _stop_leftover_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Whatever a test left running under the temporary dirs is stopped at the end."""
    yield
    from reviewgraph.graph.embedded_server import EmbeddedServer

    base = tmp_path_factory.getbasetemp()
    for info in base.rglob("server.json"):
        EmbeddedServer(info.parent).stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium for one browser test module (tests/fixtures/browser.py), closed at its end
    even when a test failed: module scope, as only one Playwright may live in a thread."""
    from tests.fixtures.browser import chromium

    with chromium() as b:
        yield b
