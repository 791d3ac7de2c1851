"""similar_recommendations under a filter of whole review cells, read from the pairs kept per
pair of cells (queries/cells.py): the live query's rows, in its order, on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries import cells
from reviewgraph.queries.registry import coerce_params, get_query, run_query
from reviewgraph.queries.views import list_views
from tests.fixtures.cells import WHOLE_CELL_FILTERS, analysed_synth, filter_id

NAME = "similar_recommendations"


def _bucketed(store: GraphStore, params: dict) -> list[dict] | None:
    spec = get_query(NAME)
    return cells.answer(store, spec, coerce_params(spec, params))


def _live(store: GraphStore, params: dict) -> list[dict]:
    return run_query(store, NAME, params, precomputed=False)


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    with analysed_synth(tmp_path_factory.mktemp("cells") / "data", seed=5) as store:
        yield store


FILTERS = [
    *WHOLE_CELL_FILTERS,
    {"types": ["SAR"], "min_score": 0.8, "limit": 10},
    {"year_from": 2016, "limit": 3},
]


@pytest.mark.timeout(180)
@pytest.mark.parametrize("params", FILTERS, ids=filter_id)
def test_buckets_give_the_live_rows(synth: GraphStore, params: dict) -> None:
    kept = _bucketed(synth, params)
    assert kept is not None, "these parameters are answered from the buckets"
    assert kept == _live(synth, params)
    assert kept == run_query(synth, NAME, params)  # what the dashboard gets
    if params.get("types") != ["no such type"]:
        assert kept, "a filter with pairs in view: the comparison is not of two empty lists"


def test_undated_and_unpublished_reviews_count_as_the_filter_says(synth: GraphStore) -> None:
    undated = synth.read("MATCH (r:Review) WHERE r.year IS NULL RETURN r.id AS id")[0]["id"]
    unpublished = {r["id"] for r in synth.read(
        "MATCH (r:Review) WHERE r.published = false RETURN r.id AS id")}  # fmt: skip
    everyone = {"include_unpublished": True, "limit": 100}

    def reviews(rows: list[dict]) -> set[str]:
        return {r["first_review_id"] for r in rows} | {r["second_review_id"] for r in rows}

    with_them = reviews(_live(synth, {**everyone, "min_score": 0.3}))
    assert with_them & unpublished, "the synthetic graph pairs an unpublished review"
    assert not reviews(_bucketed(synth, {"limit": 100}) or []) & unpublished
    years = _bucketed(synth, {**everyone, "year_from": 2000}) or []
    assert years and undated not in reviews(years)


def test_other_parameters_are_answered_live(synth: GraphStore) -> None:
    board = synth.read("MATCH (r:Review) RETURN r.board AS b ORDER BY b LIMIT 1")[0]["b"]
    review = synth.read("MATCH (r:Review) RETURN r.id AS id ORDER BY id LIMIT 1")[0]["id"]
    for params in ({"boards": [board]}, {"age_bands": ["adult"]}, {"outcome": "fatal"},
                   {"review_id": review}, {"limit": cells.CAP + 1}):  # fmt: skip
        assert _bucketed(synth, params) is None, params
        assert run_query(synth, NAME, params) == _live(synth, params), params


def test_buckets_are_not_listed_as_views(synth: GraphStore) -> None:
    assert (
        synth.read("MATCH (p:Precomputed {cells: $n}) RETURN count(p) AS n", {"n": NAME})[0]["n"]
        > 1
    )
    assert all(not v["id"].startswith(f"{NAME}@") for v in list_views(synth))


def test_a_filter_of_switches_alone_reads_the_few_buckets_by_switches(synth: GraphStore) -> None:
    """No types and no years: every cell of a switch is kept, so the pairs come from at most 16
    buckets by (published, register) of the two reviews, not from every pair of cells."""
    count = "MATCH (p:Precomputed {cells: $n}) RETURN count(p) AS n"
    coarse = synth.read(count, {"n": cells.SWITCHES})[0]["n"]
    assert 1 <= coarse <= 16 < synth.read(count, {"n": NAME})[0]["n"]
    for params in ({"include_unpublished": True}, {"include_register": True, "limit": 5}):
        assert _bucketed(synth, params) == _live(synth, params), params
