"""analyse: action status, co-occurrence and communities, similarity, precomputed views."""

from __future__ import annotations

from datetime import date

import pytest

from bench.synth import build_synth
from reviewgraph.graph.store import GraphStore
from reviewgraph.queries import cells, similarity, tallies
from reviewgraph.queries.analytics import (
    analyse,
    link_actions,
    parse_due,
    recommendation_status,
    roll_up_themes,
    theme_communities,
)
from reviewgraph.queries.registry import coerce_params, get_query, list_queries, run_query
from reviewgraph.queries.similarity import similar_recommendation_pairs
from reviewgraph.queries.views import read_view, variants
from tests.fixtures import tiny
from tests.fixtures.tiny import R1, R2, R3, R4

TODAY = date(2025, 1, 1)


def _counts(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "seconds"}


def _status(store: GraphStore) -> dict:
    rows = store.read("MATCH (c:Recommendation) RETURN c.id AS id, c.status AS s, c.due AS due")
    return {r["id"]: (r["s"], r["due"]) for r in rows}


def test_recommendation_status_rules() -> None:
    assert recommendation_status([("complete", None), ("Complete", "2020-01-01")], TODAY) == (
        "complete"
    )
    assert recommendation_status([("complete", None), ("open", "2030-01-01")], TODAY) == (
        "in progress"
    )
    assert recommendation_status([("in progress", "2019-01-01")], TODAY) == "overdue"
    assert recommendation_status([("overdue", None)], TODAY) == "overdue"
    assert recommendation_status([("open", None)], TODAY) == "open"
    assert parse_due("31/03/2021") == "2021-03-31" and parse_due("soon") is None


def test_link_actions_sets_and_clears_status(empty_store: GraphStore) -> None:
    tiny.build_tiny(empty_store)
    assert link_actions(empty_store, TODAY) == 3
    status = _status(empty_store)
    assert status[f"{R1}/rec/2"] == ("complete", "2015-06-30")
    assert status[f"{R2}/rec/1"] == ("overdue", "2017-03-31")
    assert status[f"{R3}/rec/1"][0] == "complete"
    assert status[f"{R4}/rec/1"] == (None, None)
    # the plan is replaced by one that no longer tracks R2/rec/1: its status goes
    empty_store.write("MATCH (:Action)-[t:TRACKS]->(:Recommendation {id: $id}) DELETE t",
                   {"id": f"{R2}/rec/1"})  # fmt: skip
    assert link_actions(empty_store, TODAY) == 2
    assert _status(empty_store)[f"{R2}/rec/1"] == (None, None)


def test_analyse_twice_gives_the_same_graph(empty_store: GraphStore) -> None:
    tiny.build_tiny(empty_store)
    first = analyse(empty_store, today=TODAY)
    counts = empty_store.counts()
    second = analyse(empty_store, today=TODAY)
    assert _counts(first) == _counts(second)
    assert empty_store.counts() == counts
    assert _counts(first) == {
        "mode": "full", "actions_relinked": 0, "recommendations_tracked": 3, "themes_rolled_up": 59, "co_occurs": 12,
        "theme_communities": 4, "similar_recommendations": 1, "recommendation_clusters": 1, "similar_reviews": 7,
        "precomputed_views": sum(len(variants(s)) for s in list_queries()),
    }  # fmt: skip


def test_co_occurs_links_and_communities(empty_store: GraphStore) -> None:
    tiny.build_tiny(empty_store)
    analyse(empty_store, today=TODAY)
    rows = empty_store.read(
        "MATCH (a:Theme)-[c:CO_OCCURS]->(b:Theme) WHERE c.level = 'theme' "
        "RETURN a.id AS a, b.id AS b, c.reviews AS n, c.lift AS lift, c.jaccard AS j"
    )
    links = {(r["a"], r["b"]): r for r in rows}
    assert all(a < b for a, b in links)  # one direction, id order
    pair = links[("domestic_abuse", "risk_assessment")]
    assert (pair["n"], pair["lift"], pair["j"]) == (2, 1.667, 0.667)
    themes = empty_store.read(
        "MATCH (t:Theme {level: 'theme'}) RETURN t.id AS id, t.community AS c, t.centrality AS x"
    )
    community = {t["id"]: t["c"] for t in themes}
    # the two SAR themes always come together (lift 2.5): same community
    assert community["professional_curiosity"] == community["substance_misuse"]
    assert all(t["x"] is not None for t in themes)


def test_communities_are_deterministic() -> None:
    pairs = [
        {"theme_a": "a", "theme_b": "b", "reviews": 5, "lift": 2.0, "jaccard": 0.8},
        {"theme_a": "c", "theme_b": "d", "reviews": 5, "lift": 2.0, "jaccard": 0.8},
        {"theme_a": "b", "theme_b": "c", "reviews": 2, "lift": 1.1, "jaccard": 0.1},
    ]
    first = theme_communities(["a", "b", "c", "d", "e"], pairs)
    assert first == theme_communities(["e", "d", "c", "b", "a"], list(reversed(pairs)))
    assert first["a"][0] == first["b"][0] != first["c"][0] == first["d"][0]
    assert first["e"][1] == 0.0 or first["e"][0] not in (first["a"][0], first["c"][0])


def test_recommendation_pairs_skip_the_same_review() -> None:
    texts = ["Police should share MARAC minutes with GPs.",
             "Police should share MARAC minutes with GPs.",
             "Police should share the MARAC minutes with GPs promptly.",
             "Schools should record attendance."]  # fmt: skip
    links, cluster = similar_recommendation_pairs(["a", "b", "c", "d"], ["r1", "r1", "r2", "r3"],
                                                      texts)  # fmt: skip
    assert (0, 1) not in links  # same review
    assert (0, 2) in links and (1, 2) in links and all(3 not in pair for pair in links)
    assert links[(0, 2)] >= 0.8  # near-identical: one cluster, across the two reviews
    assert cluster[0] == cluster[2] == cluster[1] == 0 and cluster[3] == 3


def test_recommendation_pairs_are_the_same_in_blocks_of_any_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Blocks run side by side on threads: their offsets and merge must not change a link."""
    agencies = ["Police", "GP practices", "Schools", "Children's social care"]
    actions = ["share MARAC minutes with", "record carers' details for"]
    first = [f"{a} should {v} partner agencies." for a in agencies for v in actions]
    texts = first + [t.replace(" should ", " should always ") for t in reversed(first[:7])]
    reviews = [f"r{n}" for n in range(len(texts))]  # each from its own review
    ids = [f"rec-{n:02d}" for n in range(len(texts))]
    whole = similar_recommendation_pairs(ids, reviews, texts)
    monkeypatch.setattr(similarity, "BLOCK_CELLS", 1)  # 8 rows per block: two blocks
    monkeypatch.setattr(similarity, "CHUNK", 8)
    blocks = similar_recommendation_pairs(ids, reviews, texts)
    assert len(texts) == 15 and whole[0] and whole[0] == blocks[0]
    assert whole[1].tolist() == blocks[1].tolist()
    assert whole[1][13] == whole[1][1] == 1  # a repeat in the second block joins its first
    assert whole[1][5] == 5 != whole[1][1]


def test_precomputed_views_equal_live_answers_and_go_stale(empty_store: GraphStore) -> None:
    tiny.build_tiny(empty_store)
    analyse(empty_store, today=TODAY)
    for spec in list_queries():
        for params in variants(spec):
            stored = run_query(empty_store, spec.name, params)
            assert stored == run_query(empty_store, spec.name, params, precomputed=False), spec.name
    # narrowed requests answered from the stored rows equal the live answers too
    for name, params in [
        ("recurring_themes", {"limit": 2, "min_reviews": 2}),
        ("theme_cooccurrence", {"min_reviews": 1, "level": "subtheme"}),
        ("repeat_recommendations", {"min_reviews": 3}),
        ("agency_theme_matrix", {"min_recommendations": 2, "by": "sector"}),
    ]:
        spec = get_query(name)
        assert read_view(empty_store, spec, coerce_params(spec, params)) is not None, name
        assert run_query(empty_store, name, params) == run_query(
            empty_store, name, params, precomputed=False
        ), name
    spec = get_query("recurring_themes")
    for live_only in ({"limit": 500}, {"types": ["SAR"]}, {"min_reviews": 0}):
        assert read_view(empty_store, spec, coerce_params(spec, live_only)) is None
    before = run_query(empty_store, "recurring_themes")[0]["reviews"]
    # a new review loaded, its themes rolled up (RAISES) as a load's derive does, the views
    # not recomputed: the stored view no longer answers
    empty_store.write(
        "MATCH (t:Theme {id: 'records_not_read'}) "
        "CREATE (:Review {id: 'new', type: 'SAR', year: 2024})-[:HAS_THEME]->(t)"
    )
    roll_up_themes(empty_store)
    assert run_query(empty_store, "recurring_themes")[0]["reviews"] == before + 1


@pytest.mark.timeout(120)
def test_analyse_on_a_synthetic_graph(empty_store: GraphStore) -> None:
    build_synth(empty_store, 40, seed=3)
    counts = _counts(analyse(empty_store, today=TODAY))
    assert counts["similar_reviews"] > 0 and counts["co_occurs"] > 0
    assert counts["recommendations_tracked"] > 0
    assert _counts(analyse(empty_store, today=TODAY)) == counts
    top = run_query(empty_store, "recurring_themes")
    assert top == run_query(empty_store, "recurring_themes", precomputed=False)
    # a filter and a small limit give the first rows of the unlimited answer (FalkorDB 4.16
    # applies LIMIT before a filter that follows a sort: the queries must not take that shape)
    needs = {"theme": "information_sharing", "agency": "police", "text": "information sharing"}
    for name in ("overdue_actions", "evidence", "findings_by_theme", "theme_recommendations",
                 "theme_agency_reviews",
                 "reviews", "reviews_by_agency", "open_on_recurring_theme",
                 "repeat_recommendations", "recommendation_clusters"):  # fmt: skip
        spec = get_query(name)
        params = {p.name: needs[p.name] for p in spec.params if p.required}
        params["types"] = ["SAR", "DHR"]
        everything = run_query(empty_store, name, {**params, "limit": 100_000})
        assert run_query(empty_store, name, {**params, "limit": 3}) == everything[:3], name


def _bucketed(store: GraphStore, params: dict) -> list[dict] | None:
    """similar_recommendations from the pairs kept per pair of review cells (queries/cells.py)."""
    spec = get_query("similar_recommendations")
    return cells.answer(store, spec, coerce_params(spec, params))


def _live_similar(store: GraphStore, params: dict) -> list[dict]:
    return run_query(store, "similar_recommendations", params, precomputed=False)


def test_similar_pairs_by_filter_from_the_buckets_and_after_a_change(
    empty_store: GraphStore,
) -> None:
    """The tiny graph's one similar pair (Child A's SCR of 2014 and Child D's CSPR of 2020),
    by filter; then a new similar pair written without an analyse: the stale buckets are
    built again on the next read, so the answer is never the old one."""
    tiny.build_tiny(empty_store)
    analyse(empty_store, today=TODAY)
    both = {"types": ["SCR", "CSPR"]}
    rows = _bucketed(empty_store, both) or []
    assert [(r["first_review_id"], r["second_review_id"], r["score"]) for r in rows] == [
        (R1, R4, 0.874)
    ]
    assert rows == _live_similar(empty_store, both)
    assert _bucketed(empty_store, {"types": ["SCR"]}) == []  # one of the two reviews: no pair
    assert _bucketed(empty_store, {"year_from": 2015}) == []
    # a second pair, as a load would add it before its derive ran: the buckets are stale
    empty_store.write(
        "MATCH (a:Recommendation {id: $a}), (b:Recommendation {id: $b}) "
        "CREATE (a)-[:SIMILAR_TO {score: 0.95}]->(b)",
        {"a": f"{R1}/rec/2", "b": f"{R4}/rec/1"},
    )
    empty_store.write(
        "MATCH (d:Document) WITH d LIMIT 1 SET d.loaded_at = '2099-01-01T00:00:00+00:00'"
    )
    rows = _bucketed(empty_store, both) or []
    assert [(r["first_number"], r["second_number"], r["score"]) for r in rows] == [
        ("2", "1", 0.95), ("1", "1", 0.874)
    ]  # fmt: skip
    assert rows == _live_similar(empty_store, both)


def _tallied(store: GraphStore, name: str, params: dict) -> list[dict] | None:
    spec = get_query(name)
    return tallies.answer(store, spec, coerce_params(spec, params))


def test_theme_pairs_by_filter_from_the_kept_counts_and_after_a_change(
    empty_store: GraphStore,
) -> None:
    """From 2016 the tiny graph has R2, R3, R4 and R6 in view (R5 is unpublished): four
    pairs of themes in two reviews each. Then R2 raises domestic abuse, written without an
    analyse: the stale counts are kept again on the next read, never the old answer."""
    tiny.build_tiny(empty_store)
    analyse(empty_store, today=TODAY)
    since = {"year_from": 2016}
    rows = _tallied(empty_store, "theme_cooccurrence", since) or []
    assert [(r["theme_a"], r["theme_b"], r["reviews"], r["lift"], r["jaccard"]) for r in rows] == [
        ("professional_curiosity", "substance_misuse", 2, 2.0, 1.0),
        ("information_sharing", "professional_curiosity", 2, 1.0, 0.5),
        ("information_sharing", "risk_assessment", 2, 1.0, 0.5),
        ("information_sharing", "substance_misuse", 2, 1.0, 0.5),
    ]  # fmt: skip
    assert {r["reviews_in_view"] for r in rows} == {4}
    assert rows == run_query(empty_store, "theme_cooccurrence", since, precomputed=False)
    # coercive control is R1's and R3's: from 2016, R3's alone, beside the three other reviews
    control = {**since, "characteristic": "coercive_control"}
    rows = _tallied(empty_store, "characteristic_themes", control) or []
    assert [(r["theme_id"], r["reviews"], r["percent"], r["others_with_theme"],
             r["others_percent"]) for r in rows] == [
        ("domestic_abuse", 1, 100.0, 0, 0.0),
        ("information_sharing", 1, 100.0, 3, 100.0),
        ("risk_assessment", 1, 100.0, 1, 33.3),
    ]  # fmt: skip
    assert rows == run_query(empty_store, "characteristic_themes", control, precomputed=False)
    # a new theme link, as a load would add it before its derive ran: the counts are stale
    empty_store.write(
        "MATCH (r:Review {id: $r}), (t:Theme {id: 'domestic_abuse'}) CREATE (r)-[:RAISES]->(t)",
        {"r": R2},
    )
    empty_store.write(
        "MATCH (d:Document) WITH d LIMIT 1 SET d.loaded_at = '2099-01-01T00:00:00+00:00'"
    )
    rows = _tallied(empty_store, "theme_cooccurrence", since) or []
    pairs = {(r["theme_a"], r["theme_b"]): r["reviews"] for r in rows}
    assert pairs[("domestic_abuse", "information_sharing")] == 2  # R2 and R3 now
    assert rows == run_query(empty_store, "theme_cooccurrence", since, precomputed=False)


def test_kept_items_with_quotes_and_backslashes_read_back_as_written(
    empty_store: GraphStore,
) -> None:
    """The embedded store reads kept rows and texts as JSON its toJSON() writes with quotes
    and backslashes unescaped: a cluster id and a text holding both still come back exactly."""
    tiny.build_tiny(empty_store)
    analyse(empty_store, today=TODAY)
    odd_text = 'Share "all" records\\notes,\nthen C:\\temp and a tab\there'
    odd_cluster = 'cluster "one" \\ of two'
    empty_store.write(
        "MATCH (c:Recommendation) WHERE c.id IN $ids SET c.cluster = $cluster",
        {"ids": [f"{R1}/rec/1", f"{R4}/rec/1"], "cluster": odd_cluster},
    )
    empty_store.write(
        "MATCH (c:Recommendation {id: $id}) SET c.text = $text",
        {"id": f"{R1}/rec/1", "text": odd_text},
    )
    empty_store.write(
        "MATCH (d:Document) WITH d LIMIT 1 SET d.loaded_at = '2099-01-01T00:00:00+00:00'"
    )
    both = {"types": ["SCR", "CSPR"]}
    rows = _tallied(empty_store, "recommendation_clusters", both) or []
    assert [(r["cluster"], r["reviews"], r["review_ids"]) for r in rows] == [
        (odd_cluster, 2, [R1, R4])
    ]
    assert rows[0]["texts"][0] == odd_text and rows[0]["example"] == odd_text
    assert rows == run_query(empty_store, "recommendation_clusters", both, precomputed=False)
    repeat = _tallied(empty_store, "repeat_recommendations", both) or []
    assert odd_text in [text for row in repeat for text in row["texts"]]
    assert repeat == run_query(empty_store, "repeat_recommendations", both, precomputed=False)
    # a title is free text, never an id: the reviews list reads its cells' rows as rows
    empty_store.write(
        "MATCH (r:Review {id: $id}) SET r.title = $title", {"id": R1, "title": odd_text}
    )
    empty_store.write(
        "MATCH (d:Document) WITH d LIMIT 1 SET d.loaded_at = '2099-01-02T00:00:00+00:00'"
    )
    listed = _tallied(empty_store, "reviews", both) or []
    assert [(r["id"], r["title"] == odd_text) for r in listed] == [(R4, False), (R1, True)]
    assert listed == run_query(empty_store, "reviews", both, precomputed=False)
    assert _tallied(empty_store, "reviews", {**both, "text": "child"}) is None  # words: live
