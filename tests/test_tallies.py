"""The fifteen queries of queries/tallies.py under a filter of whole review cells, made from
the counts and items kept per cell: the live query's rows, in its order, on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries import tallies
from reviewgraph.queries.registry import coerce_params, get_query, run_query
from reviewgraph.queries.views import list_views
from tests.fixtures.cells import WHOLE_CELL_FILTERS, analysed_synth, filter_id


def _tallied(store: GraphStore, name: str, params: dict) -> list[dict] | None:
    spec = get_query(name)
    return tallies.answer(store, spec, coerce_params(spec, params))


def _live(store: GraphStore, name: str, params: dict) -> list[dict]:
    return run_query(store, name, params, precomputed=False)


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    with analysed_synth(tmp_path_factory.mktemp("tallies") / "data", seed=7) as store:
        yield store


FILTERS = WHOLE_CELL_FILTERS
# Each query's own parameters: the defaults, another level (a set built when first read),
# and the floors, limits and choices that narrow the rows.
VARIANTS = [
    ("theme_cooccurrence", {}),
    ("theme_cooccurrence", {"level": "subtheme", "min_reviews": 1, "limit": 40}),
    ("theme_cooccurrence", {"level": "domain", "min_reviews": 3}),
    ("characteristic_themes", {}),
    ("characteristic_themes", {"level": "subtheme", "min_reviews": 2}),
    ("characteristic_themes", {"characteristic": "children present or affected"}),
    ("agency_theme_matrix", {}),
    ("agency_theme_matrix", {"by": "sector", "min_recommendations": 2}),
    ("agency_theme_matrix", {"level": "domain"}),
    ("theme_trend", {}),
    ("theme_trend", {"level": "subtheme", "themes": ["reflective_supervision", "no_such_theme"]}),
    ("open_on_recurring_theme", {}),
    ("open_on_recurring_theme", {"level": "subtheme", "limit": 7}),
    ("open_on_recurring_theme", {"level": "domain", "limit": 0}),
    ("recommendation_clusters", {}),
    ("recommendation_clusters", {"min_reviews": 1, "limit": 15, "max_items": 2}),
    ("recommendation_clusters", {"max_items": 0}),
    ("repeat_recommendations", {}),
    ("repeat_recommendations", {"by": "sector", "limit": 12, "max_items": 1}),
    ("repeat_recommendations", {"level": "subtheme", "min_reviews": 3, "max_items": 0}),
    ("overview_counts", {}),
    ("overview_totals", {}),
    ("agencies", {}),
    ("recommendations_per_agency", {}),
    ("recommendations_per_agency", {"by": "sector"}),
    ("theme_by_layer", {}),
    ("theme_by_type", {}),
    ("theme_by_type", {"level": "domain"}),
    ("themes", {}),
    ("reviews", {}),
    ("reviews", {"limit": 250}),
]


@pytest.mark.timeout(180)
@pytest.mark.parametrize(
    ("name", "own"), VARIANTS, ids=[f"{n}:{','.join(f'{k}={v}' for k, v in p.items())}"
                                    for n, p in VARIANTS]
)  # fmt: skip
@pytest.mark.parametrize("chosen", FILTERS, ids=filter_id)
def test_kept_counts_give_the_live_rows(
    synth: GraphStore, name: str, own: dict, chosen: dict
) -> None:
    params = {**own, **chosen}
    kept = _tallied(synth, name, params)
    assert kept is not None, "these parameters are answered from the kept counts"
    assert kept == _live(synth, name, params)
    assert kept == run_query(synth, name, params)  # what the dashboard gets
    if (
        chosen.get("types") != ["no such type"]
        and "characteristic" not in own
        and own.get("limit") != 0
    ):
        assert kept, "a filter with rows in view: the comparison is not of two empty lists"


def test_one_characteristic_by_its_name_in_any_case(synth: GraphStore) -> None:
    """The characteristic asked for by name, as the live query matches it (toLower), and only
    it: 10 of the 120 synthetic reviews have it, so some filters above have none in view."""
    params = {"characteristic": "CHILDREN present or affected", "include_unpublished": True}
    kept = _tallied(synth, "characteristic_themes", params) or []
    assert {r["characteristic_id"] for r in kept} == {"children_present"}
    assert kept == _live(synth, "characteristic_themes", params)


def test_analyse_keeps_the_default_sets_and_they_are_not_views(synth: GraphStore) -> None:
    sets = {
        r["set"]
        for r in synth.read(
            "MATCH (p:Precomputed) WHERE p.cells ENDS WITH '@marker' AND p.id ENDS WITH "
            "'@tallies' RETURN p.cells AS set"
        )
    }
    assert {
        "theme_cooccurrence@theme@marker", "characteristic_themes@theme@marker",
        "agency_theme_matrix@theme@agency@marker", "theme_trend@theme@marker",
        "open_on_recurring_theme@theme@marker", "recommendation_clusters@marker",
        "repeat_recommendations@theme@agency@marker",
    } <= sets  # fmt: skip
    assert not any("@" in v["id"].split(":")[0] for v in list_views(synth))


def test_undated_and_unpublished_reviews_count_as_the_filter_says(synth: GraphStore) -> None:
    total = synth.read("MATCH (r:Review) RETURN count(r) AS n")[0]["n"]
    everyone = _tallied(synth, "theme_cooccurrence", {"include_unpublished": True}) or []
    assert everyone and everyone[0]["reviews_in_view"] == total
    dated = _tallied(synth, "theme_cooccurrence", {"include_unpublished": True, "year_from": 1900})
    assert dated and dated[0]["reviews_in_view"] == total - 1  # the undated review is left out
    unpublished = synth.read(
        "MATCH (r:Review) WHERE r.year IS NOT NULL AND r.published = false RETURN count(r) AS n"
    )[0]["n"]
    assert unpublished >= 4, "the four reviews set unpublished above, and the generator's own"
    published = _tallied(synth, "theme_cooccurrence", {"year_from": 1900}) or []
    assert published[0]["reviews_in_view"] == total - 1 - unpublished


def test_a_short_list_of_reviews_or_one_looked_for_is_answered_live(synth: GraphStore) -> None:
    """The live list reads only its rows: below 200 it is the quicker, and words are matched
    as the engine lowercases them."""
    for params in ({"limit": 50, "types": ["SAR"]}, {"text": "synth", "types": ["SAR"]}):
        assert _tallied(synth, "reviews", params) is None, params
        assert run_query(synth, "reviews", params) == _live(synth, "reviews", params)


def test_other_parameters_are_answered_live(synth: GraphStore) -> None:
    board = synth.read("MATCH (r:Review) RETURN r.board AS b ORDER BY b LIMIT 1")[0]["b"]
    for name in tallies.TALLIES:
        for params in ({"boards": [board]}, {"age_bands": ["adult"]}, {"outcome": "fatal"}):
            assert _tallied(synth, name, params) is None, (name, params)
            assert run_query(synth, name, params) == _live(synth, name, params), (name, params)
