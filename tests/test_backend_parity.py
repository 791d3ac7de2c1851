"""Every named query gives the same rows on FalkorDB and on Neo4j, on the same loaded data.

The sample corpus (register, reports, briefings, action plan) and, when ../shared is there,
the real DHRD register are loaded through the same pipeline into the embedded store and into
the Neo4j test server, analysed as of one day, and every named query is run on both with its
default parameters, live (not from the precomputed views) and from the views. Rows are
compared as multisets (order is a query's own business, tested where it matters); floats to
3 places and lists as sorted lists, since `collect()` promises no order on either engine.
Needs REVIEWGRAPH_TEST_NEO4J_URI (`make test-neo4j`); skips without it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.loaders.pipeline import load_batch
from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import QuerySpec, list_queries, run_query
from tests.conftest import CORPUS
from tests.fixtures.backend import (
    assert_no_deprecations,
    clear_test_database,
    mark_test_database,
    neo4j_test_settings,
)

pytestmark = pytest.mark.neo4j
TODAY = date(2025, 6, 30)
REQUIRED = {"theme": "information_sharing", "agency": "police", "text": "information shared"}


def _load(store: GraphStore, folder: Path, dhrd: bool) -> None:
    report = load_batch(
        store, sorted(p for p in folder.iterdir() if p.suffix in (".pdf", ".docx", ".txt",
                                                                  ".html", ".md")),
        register=folder / "register.csv", actions=folder / "action_plan.csv",
    )  # fmt: skip
    assert not report.failed, [(f.path, f.reason) for f in report.failed]
    if dhrd:
        report = load_batch(store, register=CORPUS / "dhrd" / "incidents.csv", mapping="dhrd")
        assert not report.failed, [(f.path, f.reason) for f in report.failed]
    analyse(store, today=TODAY)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, GraphStore]]:
    settings = neo4j_test_settings()
    if settings is None:
        pytest.skip("needs a Neo4j test server: make test-neo4j")
    base = tmp_path_factory.mktemp("parity")
    folder = base / "corpus"
    build_sample_corpus(folder)
    dhrd = (CORPUS / "dhrd" / "incidents.csv").is_file()
    embedded = open_store(Settings(data_dir=base / "data"))
    neo4j = open_store(settings)
    try:
        clear_test_database(neo4j)
        for store in (embedded, neo4j):
            _load(store, folder, dhrd)
        yield embedded, neo4j
        assert_no_deprecations(neo4j)
    finally:
        embedded.close()
        try:
            neo4j.clear()
            mark_test_database(neo4j)
        finally:
            neo4j.close()


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, list):
        items = [_plain(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _rows(rows: list[dict[str, Any]]) -> Counter[str]:
    return Counter(json.dumps(_plain(r), sort_keys=True, default=str) for r in rows)


def _params(spec: QuerySpec, store: GraphStore) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for p in spec.params:
        if not p.required:
            continue
        if p.name == "review_id":
            params[p.name] = "sar-hollowmere-safeguarding-adults-board-adult-c-2021"
        else:
            params[p.name] = REQUIRED[p.name]
    if spec.param("limit"):
        params["limit"] = 100_000  # no ties cut differently by a LIMIT
    return params


@pytest.mark.parametrize("spec", list_queries(), ids=lambda s: s.name)
def test_named_query_gives_the_same_rows_on_both(
    spec: QuerySpec, both: tuple[GraphStore, GraphStore]
) -> None:
    embedded, neo4j = both
    params = _params(spec, embedded)
    results = [run_query(s, spec.name, params, precomputed=False) for s in both]
    if spec.fulltext:
        # Relevance scores are each engine's own (RediSearch's TF-IDF, Lucene's BM25): the
        # same hits are asked for, not the same scores.
        results = [[{k: v for k, v in r.items() if k != "score"} for r in rs] for rs in results]
    live = [_rows(rs) for rs in results]
    assert live[0] == live[1], (
        f"only FalkorDB: {list((live[0] - live[1]).elements())[:5]}\n"
        f"only Neo4j: {list((live[1] - live[0]).elements())[:5]}"
    )
    assert sum(live[0].values()) > 0 or spec.name in {"unmatched_actions"}, "a query that finds nothing proves little"
    if spec.precompute is not None:
        stored = [_rows(run_query(s, spec.name, {})) for s in both]
        assert stored[0] == stored[1]
