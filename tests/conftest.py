"""Shared fixtures: a real embedded store in a temporary data dir (and Neo4j when configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.config import Settings
from graph.store import GraphStore, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


def _neo4j_settings() -> Settings:
    return Settings.from_env("neo4j")


@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store on each backend; Neo4j only when NEO4J_URI is set."""
    if request.param == "neo4j":
        if not os.environ.get("NEO4J_URI"):
            pytest.skip("Neo4j backend: set NEO4J_URI (and NEO4J_PASSWORD) to run against it")
        settings = _neo4j_settings()
    else:
        settings = Settings.from_env("embedded", tmp_path / "data")
    s = open_store(settings)
    s.clear()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[GraphStore]:
    """An empty embedded store that stops its server at the end, even on failure."""
    s = open_store(Settings.from_env("embedded", tmp_path / "data"))
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
    from loaders.pipeline import load_actions, load_register
    from loaders.sample.build import build_sample_corpus

    base = tmp_path_factory.mktemp("sample")
    folder = base / "corpus"
    build_sample_corpus(folder)
    store = open_store(Settings.from_env("embedded", base / "data"))
    try:
        report = load_register(store, folder / "register.csv", "sample")
        assert not report.failed, [(f.path, f.reason) for f in report.failed]
        assert not load_actions(store, folder / "action_plan.csv").failed
        yield store, folder
    finally:
        store.close()


@pytest.fixture(scope="session", autouse=True)
def _stop_leftover_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Whatever a test left running under the temporary dirs is stopped at the end."""
    yield
    from graph.embedded_server import EmbeddedServer

    base = tmp_path_factory.getbasetemp()
    for info in base.rglob("server.json"):
        EmbeddedServer(info.parent).stop()
