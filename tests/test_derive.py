"""Incremental derive (queries/analytics.py `analyse(incremental=True)`, queries/derived.py,
queries/similarity.py `refresh`): a load that adds, rewrites or removes documents re-derives
only what they touched, and the links it leaves are the links a full computation with the
same vocabulary gives; anything that cannot be trusted falls back to a full derive."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import neo4j
import numpy as np
import pytest

from bench.synth import synth_rows
from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders import writer
from reviewgraph.loaders.rows import DocumentRows
from reviewgraph.queries import derived, similarity, views
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import coerce_params, get_query, neo4j_statements, run_query
from reviewgraph.queries.similarity import Rows, build, clusters, links, refresh
from tests.fixtures.backend import TEST_BACKEND, neo4j_test_settings
from tests.fixtures.tiny import TODAY

# -- the similarity state on its own ----------------------------------------------------------------

WORDS = ("records shared partner agencies case closure strategy discussion school nurse "
         "escalation manager supervision domestic abuse risk assessment referral police "
         "alcohol capacity housing discharge hospital carers family voice child").split()  # fmt: skip


def _rec_rows(ids: list[int], seed: int, variant: int = 0) -> Rows:
    """Recommendation texts drawn from a small vocabulary, so that many pairs score above
    the link floor and some are near-identical; every third shares its review."""
    rows = Rows([], [], [], [])
    for i in ids:
        rng = np.random.default_rng(seed * 1000 + i + variant * 7919)
        words = rng.choice(WORDS, size=8, replace=True).tolist()
        if i % 5 == 0 and i > 0:  # near-identical to the row before it
            words = np.random.default_rng(seed * 1000 + i - 1).choice(WORDS, size=8).tolist()
        rows.ids.append(f"r{i:03d}")
        rows.groups.append(f"review{i // 3}")
        rows.docs.append([f"doc{i // 3}"])
        rows.texts.append(" ".join(words))
    return rows


def _subset(rows: Rows, keep: set[str]) -> Rows:
    picked = [i for i, rid in enumerate(rows.ids) if rid in keep]
    return Rows([rows.ids[i] for i in picked], [rows.groups[i] for i in picked],
                [rows.docs[i] for i in picked], [rows.texts[i] for i in picked],
                [rows.themes[i] for i in picked] if rows.themes else [])  # fmt: skip


def _same_links(got: dict, want: dict) -> None:
    assert set(got) == set(want)
    assert all(abs(got[p] - want[p]) <= 1e-4 for p in want)


def test_refresh_gives_what_a_full_build_with_the_same_vocabulary_gives() -> None:
    everything = _rec_rows(list(range(120)), seed=1)
    vocabulary = build("recommendations", everything).vocabulary
    assert vocabulary is not None
    start = {f"r{i:03d}" for i in range(100)}
    state = build("recommendations", _subset(everything, start), vocabulary)
    assert links(state) and clusters(state)  # the case is not trivial
    # add 20, remove 7, give 3 kept ids new text: in two steps, as two loads would
    state, _ = refresh(state, set(), _subset(everything, {f"r{i:03d}" for i in range(100, 120)}))
    gone = {"r004", "r010", "r011", "r040", "r041", "r042", "r099"}
    retexted = _rec_rows([20, 21, 60], seed=1, variant=1)
    state, changes = refresh(state, gone, retexted)
    final_ids = (set(everything.ids) - gone) - set(retexted.ids)
    final = _subset(everything, final_ids)
    final = Rows(final.ids + retexted.ids, final.groups + retexted.groups,
                 final.docs + retexted.docs, final.texts + retexted.texts)  # fmt: skip
    expected = build("recommendations", final, vocabulary)
    assert state.ids.tolist() == expected.ids.tolist()
    assert np.array_equal(state.top, expected.top)  # every row's k best, in order
    _same_links(links(state), links(expected))
    assert clusters(state) == clusters(expected)
    # what the second step writes: the re-texted ids' links again, nothing touching a gone id
    assert set(changes.relinked) == gone | {"r020", "r021", "r060"}
    assert not any(a in gone or b in gone for a, b in changes.add)


def test_refresh_of_reviews_scores_themes_and_text() -> None:
    rows = _rec_rows(list(range(60)), seed=2)
    rows.groups = list(rows.ids)  # a review pairs with every other review
    themes = [frozenset({f"t{(i * 7) % 11}", f"t{i % 4}", "t_common"}) for i in range(60)]
    everything = Rows(rows.ids, rows.groups, rows.docs, rows.texts, themes)
    vocabulary = build("reviews", everything).vocabulary
    state = build("reviews", _subset(everything, set(rows.ids[:50])), vocabulary)
    state, _ = refresh(state, {"r003"}, _subset(everything, set(rows.ids[50:])))
    expected = build("reviews", _subset(everything, set(rows.ids) - {"r003"}), vocabulary)
    assert np.array_equal(state.top, expected.top)
    _same_links(links(state), links(expected))
    assert all(len(neighbours[neighbours >= 0]) <= 5 for neighbours in state.top)


def test_texts_are_weighted_as_scikit_learn_weighs_them() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    assert similarity.STOP_WORDS == ENGLISH_STOP_WORDS
    fitted = ["Children's social care should share records; the GP didn't.",
              "Police (and MARAC) must refer every case within 24 hours!",
              "Café staff noticed bruising — naïve reassurance was accepted.",
              "The GP and the GP practice should share records with police."]  # fmt: skip
    later = ["The GP should share records with children's social care within 24 hours.",
             "Naïve café reassurance: police and MARAC, MARAC and police.", "of the and", ""]  # fmt: skip
    vocabulary, matrix = similarity.Vocabulary.fit(fitted)
    assert vocabulary is not None
    sklearn = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    expected = sklearn.fit_transform(fitted).toarray()
    assert vocabulary.terms.tolist() == sklearn.get_feature_names_out().tolist()
    assert np.allclose(matrix.toarray(), expected, atol=1e-6)
    want = sklearn.transform(later).toarray()
    got = vocabulary.transform(later).toarray()
    assert want[0].any() and want[1].any() and not want[2].any()
    assert np.allclose(got, want, atol=1e-6)
    assert similarity.Vocabulary.fit(["the and of", ""])[0] is None  # no words at all


def test_the_state_survives_a_round_trip_through_its_file(tmp_path: Path) -> None:
    rows = _rec_rows(list(range(30)), seed=3)
    rec = build("recommendations", rows)
    rev = build("reviews", Rows(rows.ids, rows.ids, rows.docs, rows.texts,
                                [frozenset({"a", rid}) for rid in rows.ids]))  # fmt: skip
    path = tmp_path / "state.npz"
    derived.save_state(path, derived.DerivedState("tok", {"doc1": ("rev1", "review")}, rec, rev))
    back = derived.load_state(path)
    assert back is not None and back.token == "tok"
    assert back.documents == {"doc1": ("rev1", "review")}
    assert links(back.recommendations) == links(rec) and links(back.reviews) == links(rev)
    assert back.reviews.themes == rev.themes and back.recommendations.docs == rec.docs
    path.write_bytes(b"not a zip file")
    assert derived.load_state(path) is None  # damaged: a full derive rebuilds it


# -- through the store ------------------------------------------------------------------------------

SYNTH = synth_rows(64, seed=5)


def _write(store: GraphStore, rows: DocumentRows, replace: list[str] | None = None) -> None:
    """Write one document as the pipeline does (replacing earlier versions)."""
    params = copy.deepcopy(rows)
    params["replace"] = replace or []
    params["keep_reviews"] = [r["id"] for r in params["reviews"]]
    params["keep_recs"] = [c["id"] for r in params["reviews"] for c in r["recs"]]
    writer.write_document(store, params)


def _graph_links(store: GraphStore, label: str) -> dict[tuple[str, str], float]:
    rows = store.read(
        f"MATCH (a:{label})-[x:SIMILAR_TO]->(b:{label}) RETURN a.id AS a, b.id AS b, x.score AS s"
    )
    return {(r["a"], r["b"]): r["s"] for r in rows}


def _graph_clusters(store: GraphStore) -> dict[str, tuple[str, int]]:
    rows = store.read("MATCH (c:Recommendation) WHERE c.cluster IS NOT NULL "
                      "RETURN c.id AS id, c.cluster AS cluster, c.cluster_size AS size")  # fmt: skip
    return {r["id"]: (r["cluster"], r["size"]) for r in rows}


def _statuses(store: GraphStore) -> dict[str, Any]:
    rows = store.read("MATCH (c:Recommendation) RETURN c.id AS id, c.status AS s, c.due AS d, "
                      "c.actions AS n")  # fmt: skip
    return {r["id"]: (r["s"], r["d"], r["n"]) for r in rows}


RAISES = "MATCH (n)-[:RAISES]->(a:Theme) RETURN labels(n)[0] AS label, n.id AS id, a.id AS theme"
WALKED = """
MATCH (n:Review)-[:HAS_THEME]->(:Theme)-[:PART_OF*0..2]->(a:Theme)
RETURN DISTINCT 'Review' AS label, n.id AS id, a.id AS theme
UNION
MATCH (n:Recommendation)-[:ON_THEME]->(:Theme)-[:PART_OF*0..2]->(a:Theme)
RETURN DISTINCT 'Recommendation' AS label, n.id AS id, a.id AS theme"""


def _raises(store: GraphStore, statement: str = RAISES) -> list[tuple[str, str, str]]:
    return sorted((r["label"], r["id"], r["theme"]) for r in store.read(statement))


def _check_against_full_build(store: GraphStore, state_dir: Path) -> None:
    """The graph's links equal a full build over what is loaded now, with the vocabulary the
    incremental runs used; the themes rolled up (RAISES) are exactly the taxonomy walk's."""
    assert _raises(store) == _raises(store, WALKED)
    saved = derived.load_state(derived.state_file(state_dir, store.location))
    assert saved is not None and saved.token == derived.graph_token(store)
    recs = similarity.recommendation_rows(store.read(similarity.RECOMMENDATIONS))
    expected = build("recommendations", recs, saved.recommendations.vocabulary)
    _same_links(_graph_links(store, "Recommendation"), links(expected))
    assert _graph_clusters(store) == clusters(expected)
    reviews = similarity.review_rows(store.read(similarity.REVIEW_TEXTS))
    expected_reviews = build("reviews", reviews, saved.reviews.vocabulary)
    _same_links(_graph_links(store, "Review"), links(expected_reviews))


@pytest.fixture
def synth_store(empty_store: GraphStore) -> GraphStore:
    writer.write_reference(empty_store, SYNTH.themes, SYNTH.parents, SYNTH.agencies)
    writer.write_new_documents(empty_store, SYNTH.documents[:56])
    return empty_store


def test_a_load_re_derives_only_what_it_touched(synth_store: GraphStore, tmp_path: Path) -> None:
    store = synth_store
    first = analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)
    assert first["mode"] == "full"  # nothing saved yet
    # five new reports
    for rows in SYNTH.documents[56:61]:
        _write(store, rows)
    result = analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)
    assert result["mode"] == "incremental"
    assert result["documents_changed"] == 5 and result["documents_removed"] == 0
    new_recs = sum(len(r["recs"]) for d in SYNTH.documents[56:61] for r in d["reviews"])
    assert result["recommendations_added"] == new_recs
    assert result["reviews_added"] == 5
    _check_against_full_build(store, tmp_path)

    # a revised version of one report under a new id: one recommendation reworded, one gone
    old = SYNTH.documents[3]
    revised = copy.deepcopy(old)
    revised["doc"]["id"] = revised["doc"]["sha256"] = "doc-000003-v2"
    review = revised["reviews"][0]
    review["props"]["doc"] = "doc-000003-v2"
    for rec in review["recs"]:
        rec["props"]["doc"] = "doc-000003-v2"
    review["recs"][0]["props"]["text"] = "The board should commission an audit of escalation."
    review["themes"].pop(0)  # the revised report no longer raises its first theme
    raised_before = [x for x in _raises(store) if x[1] == review["id"]]
    dropped = review["recs"].pop()["id"]
    for f in review["findings"]:
        f["props"]["doc"] = "doc-000003-v2"
    for p in revised["passages"]:
        p["props"]["doc"] = "doc-000003-v2"
    for a in revised["actions"]:
        a["props"]["doc"] = "doc-000003-v2"
    _write(store, revised, replace=[old["doc"]["id"]])
    result = analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)
    assert result["mode"] == "incremental"
    assert (result["documents_changed"], result["documents_removed"]) == (1, 1)
    assert result["recommendations_removed"] == 1  # `dropped`
    assert result["recommendations_rescored"] == len(review["recs"])
    assert not store.read("MATCH (c:Recommendation {id: $id}) RETURN c", {"id": dropped})
    raised_after = [x for x in _raises(store) if x[1] == review["id"]]
    assert raised_after and raised_after != raised_before
    _check_against_full_build(store, tmp_path)

    # nothing written since: nothing to do
    assert analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)["mode"] == (
        "nothing changed"
    )
    # action statuses and co-occurrence equal a full derive's
    statuses = _statuses(store)
    co_occurs = run_query(store, "theme_cooccurrence", {"level": "theme"}, precomputed=False)
    full = analyse(store, today=TODAY, state_dir=tmp_path)
    assert full["mode"] == "full"
    assert _statuses(store) == statuses
    assert run_query(store, "theme_cooccurrence", {"level": "theme"}) == co_occurs


def test_what_cannot_be_trusted_is_derived_in_full(synth_store: GraphStore, tmp_path: Path) -> None:
    store = synth_store
    analyse(store, today=TODAY, state_dir=tmp_path)
    path = derived.state_file(tmp_path, store.location)
    _write(store, SYNTH.documents[56])
    # a derive that died half-way left the graph's token at "rewriting"
    derived.set_graph_token(store, derived.REWRITING)
    assert analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)["mode"] == "full"
    # the state file is gone (or another machine derived on a shared server since)
    _write(store, SYNTH.documents[57])
    path.unlink()
    assert analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)["mode"] == "full"
    _write(store, SYNTH.documents[58])
    derived.set_graph_token(store, "someone-else")
    assert analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)["mode"] == "full"
    _write(store, SYNTH.documents[59])
    assert analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)["mode"] == (
        "incremental"
    )
    _check_against_full_build(store, tmp_path)


def test_views_are_computed_when_first_read_after_an_incremental_derive(
    synth_store: GraphStore, tmp_path: Path
) -> None:
    store = synth_store
    full = analyse(store, today=TODAY, state_dir=tmp_path)
    assert full["precomputed_views"] > 30
    _write(store, SYNTH.documents[60])
    result = analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)
    assert result["precomputed_views"] == 0
    assert store.read("MATCH (p:Precomputed) RETURN count(p) AS n")[0]["n"] == 0
    live = run_query(store, "recurring_themes", {"level": "theme"}, precomputed=False)
    assert run_query(store, "recurring_themes", {"level": "theme", "limit": 5}) == live[:5]
    kept = store.read("MATCH (p:Precomputed) RETURN p.query AS q")
    assert [r["q"] for r in kept] == ["recurring_themes"]
    # and it answers the next reader, until the next load
    assert run_query(store, "recurring_themes", {"level": "theme"}) == live
    assert len(store.read("MATCH (p:Precomputed) RETURN p.id AS id")) == 1


def test_after_a_load_with_failed_files_the_next_derive_is_full(
    synth_store: GraphStore, tmp_path: Path
) -> None:
    """A load in which files failed (the server was killed under it) is run again for those
    files, and must then leave what one clean load would: its derive keeps no state, so the
    next one is full. Kept, the rerun scored the files with the vocabulary of the run that
    lacked them and its similarity links differed (tests/reliability/killtest.py)."""
    store = synth_store
    analyse(store, today=TODAY, state_dir=tmp_path)
    path = derived.state_file(tmp_path, store.location)
    assert path.exists()
    _write(store, SYNTH.documents[61])
    result = analyse(store, today=TODAY, state_dir=tmp_path, incremental=True, keep_state=False)
    assert result["mode"] == "incremental"
    assert not path.exists()
    _write(store, SYNTH.documents[62])
    assert analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)["mode"] == "full"
    assert path.exists()


def test_a_graph_derived_by_an_older_version_is_derived_again_in_full(
    synth_store: GraphStore, tmp_path: Path
) -> None:
    """The "who is told what" queries read lists that derive keeps on each recommendation
    (derived format 2). A graph derived by an older version has none: its next derive must
    be a full one, even when no document changed, or those pages stay empty."""
    store = synth_store
    analyse(store, today=TODAY, state_dir=tmp_path)
    sar = {"types": ["SAR"]}  # a filter: answered live, not from a stored view
    matrix = run_query(store, "agency_theme_matrix", sar)
    repeats = run_query(store, "repeat_recommendations", {**sar, "by": "sector"})
    assert matrix and repeats
    # as an older version left it: a token without the format, the state file agreeing
    path = derived.state_file(tmp_path, store.location)
    saved = derived.load_state(path)
    assert saved is not None
    old = "0f" * 16
    derived.save_state(path, dataclasses.replace(saved, token=old))
    derived.set_graph_token(store, old)
    store.write(
        "MATCH (c:Recommendation) SET c.agency_ids = null, c.sectors = null, "
        "c.raises_theme = null, c.raises_subtheme = null, c.raises_domain = null"
    )
    assert derived.outdated(store)
    assert run_query(store, "agency_theme_matrix", sar) == []
    result = analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)
    assert result["mode"] == "full"
    assert not derived.outdated(store)
    assert run_query(store, "agency_theme_matrix", sar) == matrix
    assert run_query(store, "repeat_recommendations", {**sar, "by": "sector"}) == repeats
    # and the next load with nothing new derives nothing
    assert analyse(store, today=TODAY, state_dir=tmp_path, incremental=True)["mode"] == (
        "nothing changed"
    )


def test_a_view_written_by_another_version_of_its_query_is_not_served(
    synth_store: GraphStore, tmp_path: Path
) -> None:
    store = synth_store
    analyse(store, today=TODAY, state_dir=tmp_path)
    params = {"level": "theme"}
    live = run_query(store, "recurring_themes", params, precomputed=False)
    assert live
    spec = get_query("recurring_themes")
    fingerprint = views.graph_fingerprint(store)
    tamper = (
        "MATCH (p:Precomputed {query: 'recurring_themes'}) SET p.rows = '[]', p.fingerprint = $f"
    )
    # the stored view is what is served while its stamp matches (an empty one here) ...
    store.write(tamper, {"f": views.stamp(fingerprint, spec)})
    assert run_query(store, "recurring_themes", params) == []
    # ... and not once it was computed from another text of the query
    store.write(tamper, {"f": fingerprint + "|q000000000000"})
    assert run_query(store, "recurring_themes", params) == live


def test_co_occurrence_holds_little_memory_on_neo4j(empty_store: GraphStore) -> None:
    """theme_cooccurrence once sorted rows that each held its collected lists: 0.9 GB at
    1,000 reviews on Neo4j, over the 512 MB one query may use, so `analyse` failed. The peak
    grows with the number of reviews: at 300 it passed 512 MB too; now it is a few MB."""
    if TEST_BACKEND != "neo4j":
        pytest.skip("the memory a query holds is Neo4j's PROFILE figure; FalkorDB reports none")
    store = empty_store
    many = synth_rows(300, seed=11)
    writer.write_reference(store, many.themes, many.parents, many.agencies)
    writer.write_new_documents(store, many.documents)
    analyse(store, today=TODAY, views=False)
    assert store.read("MATCH (:Review)-[r:RAISES]->(:Theme) RETURN count(r) AS n")[0]["n"]
    settings = neo4j_test_settings()
    assert settings is not None and settings.neo4j_uri
    spec = get_query("theme_cooccurrence")
    auth = (settings.neo4j_user, settings.neo4j_password or "")
    with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        for level in ("theme", "subtheme", "domain"):
            params = coerce_params(spec, {"level": level, "min_reviews": 1, "limit": 1_000_000})
            with driver.session(database=settings.neo4j_database) as session:
                result = session.run("PROFILE " + neo4j_statements()["theme_cooccurrence"], params)
                rows = list(result)
                profile = result.consume().profile
            assert rows, level
            peak_mb = profile["args"]["GlobalMemory"] / 2**20
            assert peak_mb < 32, f"{level}: {peak_mb:.0f} MB"
