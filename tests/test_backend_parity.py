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

from collections.abc import Iterator

import pytest

from bench.parity import comparable, load_parity_data, parity_params
from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.queries.registry import QuerySpec, list_queries, run_query
from tests.conftest import CORPUS
from tests.fixtures.backend import (
    assert_no_deprecations,
    clear_test_database,
    mark_test_database,
    neo4j_test_settings,
)

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, GraphStore]]:
    settings = neo4j_test_settings()
    if settings is None:
        pytest.skip("needs a Neo4j test server: make test-neo4j")
    base = tmp_path_factory.mktemp("parity")
    folder = base / "corpus"
    build_sample_corpus(folder)
    dhrd = CORPUS / "dhrd" / "incidents.csv"
    embedded = open_store(Settings(data_dir=base / "data"))
    neo4j = open_store(settings)
    try:
        clear_test_database(neo4j)
        for store in (embedded, neo4j):
            failed = load_parity_data(store, folder, dhrd if dhrd.is_file() else None)
            assert not failed, [(f.path, f.reason) for f in failed]
        yield embedded, neo4j
        assert_no_deprecations(neo4j)
    finally:
        embedded.close()
        try:
            neo4j.clear()
            mark_test_database(neo4j)
        finally:
            neo4j.close()


@pytest.mark.parametrize("spec", list_queries(), ids=lambda s: s.name)
def test_named_query_gives_the_same_rows_on_both(
    spec: QuerySpec, both: tuple[GraphStore, GraphStore]
) -> None:
    params = parity_params(spec)
    live = [comparable(spec, run_query(s, spec.name, params, precomputed=False)) for s in both]
    assert live[0] == live[1], (
        f"only FalkorDB: {list((live[0] - live[1]).elements())[:5]}\n"
        f"only Neo4j: {list((live[1] - live[0]).elements())[:5]}"
    )
    assert sum(live[0].values()) > 0 or spec.name in {"unmatched_actions"}, "a query that finds nothing proves little"
    if spec.precompute is not None:
        stored = [comparable(spec, run_query(s, spec.name, {})) for s in both]
        assert stored[0] == stored[1]
