"""Derived data, owned here: `analyse` brings it up to date after a load that changed the
graph (the CLI's `load` and the dashboard's Load page call it once per batch, incrementally)
and recomputes all of it on `reviewgraph analyse`.

- action plans: (:Action)-[:TRACKS]->(:Recommendation) from the id each action names
  (re-attached after the recommendation's document was reloaded).
- `link_actions`: Recommendation.status/due/actions from the Action nodes that TRACK it.
- themes rolled up the taxonomy: (:Review)-[:RAISES]->(:Theme) and
  (:Recommendation)-[:RAISES]->(:Theme), each theme a HAS_THEME / ON_THEME link reaches up
  PART_OF, once, and on each recommendation the ids of the themes it raises and the agencies
  and sectors it is addressed to (`roll_up_themes`; before everything that counts themes).
- theme co-occurrence: (:Theme)-[:CO_OCCURS {reviews, reviews_a, reviews_b, lift, jaccard,
  level}]->(:Theme), one direction (lower id first), from the `theme_cooccurrence` query over
  the default view (published or unknown reviews); Theme.community (Louvain, seeded) and
  Theme.centrality (PageRank) on the graph of positively associated themes of each level.
- recommendation and review similarity: queries/similarity.py.
- precomputed default views of the heavy queries: queries/views.py.
"""

from __future__ import annotations

import functools
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reviewgraph.graph.store import GraphStore

LEVELS = ("domain", "theme", "subtheme")
SEED = 42
DELETE_BATCH = 10_000
# Threads for the heavy steps (similarity blocks, precomputed views): numpy, scipy and the
# store do their work outside the GIL.
ANALYSE_THREADS = max(1, min(4, os.cpu_count() or 1))

# -- action plans ------------------------------------------------------------------------------

# Action plans name the recommendation they track by id; this re-attaches them after the
# recommendation's own document was reloaded.
RELINK_ACTIONS = """
MATCH (a:Action) WHERE a.rec_id IS NOT NULL
MATCH (r:Recommendation {id: a.rec_id})
MERGE (a)-[:TRACKS]->(r)
RETURN count(*) AS linked
"""
TRACKED = """
MATCH (x:Action)-[:TRACKS]->(c:Recommendation)
RETURN c.id AS rec_id, x.status AS status, x.due AS due
"""
TRACKED_OF = """
MATCH (x:Action)-[:TRACKS]->(c:Recommendation)
WHERE c.doc IN $docs
RETURN c.id AS rec_id, x.status AS status, x.due AS due
"""
# Without an action plan, a recommendation's status is what its own report's table said
# (reported_status), if anything; a plan's actions then override it (SET_STATUS).
CLEAR_STATUS = """
MATCH (c:Recommendation)
WHERE c.status IS NOT NULL OR c.due IS NOT NULL OR c.actions IS NOT NULL
   OR c.reported_status IS NOT NULL
SET c.status = c.reported_status, c.due = null, c.actions = null
"""
CLEAR_STATUS_OF = """
MATCH (c:Recommendation)
WHERE c.doc IN $docs
SET c.status = c.reported_status, c.due = null, c.actions = null
"""
SET_STATUS = """
UNWIND $rows AS row
MATCH (c:Recommendation {id: row.id})
SET c.status = row.status, c.due = row.due, c.actions = row.actions
"""


_DUE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y",
                "%d %B %Y", "%d %b %Y", "%B %Y", "%b %Y", "%m/%Y", "%Y-%m")  # fmt: skip


@functools.lru_cache(maxsize=4096)
def parse_due(value: object) -> str | None:
    """An action plan's due date as ISO YYYY-MM-DD (UK day-first), or None if not a date."""
    if value is None or str(value).strip() == "":
        return None
    text = " ".join(str(value).strip().split("T")[0].split())
    for fmt in _DUE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def recommendation_status(actions: list[tuple[str | None, str | None]], today: date) -> str:
    """One status for a recommendation from its actions' (status, ISO due date).

    Complete only when every action is complete; overdue when an unfinished action is marked
    overdue or is past its due date; in progress when some work is done or under way; else open.
    """
    statuses = [(s or "").strip().lower() for s, _ in actions]
    if statuses and all(s == "complete" for s in statuses):
        return "complete"
    for status, due in actions:
        status = (status or "").strip().lower()
        if status == "overdue" or (status != "complete" and due and due < today.isoformat()):
            return "overdue"
    if any(s in ("complete", "in progress") for s in statuses):
        return "in progress"
    return "open"


def link_actions(
    store: GraphStore, today: date | None = None, *, docs: set[str] | None = None
) -> int:
    """Set Recommendation.status, .due (latest due date) and .actions from the tracking
    actions; recommendations no action tracks lose them. Only the recommendations of the
    documents `docs` when given. Returns recommendations tracked."""
    today = today or date.today()
    by_rec: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    scope = {"docs": sorted(docs)} if docs is not None else None
    for row in store.read(TRACKED_OF if docs is not None else TRACKED, scope):
        by_rec[row["rec_id"]].append((row["status"], parse_due(row["due"])))
    rows = []
    for rec_id, actions in sorted(by_rec.items()):
        dues = [d for _, d in actions if d]
        rows.append({"id": rec_id, "status": recommendation_status(actions, today),
                     "due": max(dues) if dues else None, "actions": len(actions)})  # fmt: skip
    store.write(CLEAR_STATUS_OF if docs is not None else CLEAR_STATUS, scope)
    store.write_batch(SET_STATUS, rows)
    return len(rows)


# -- themes rolled up the taxonomy ---------------------------------------------------------------

# (:Review)-[:RAISES]->(:Theme): every theme a review's HAS_THEME links reach up PART_OF (the
# linked sub-theme, its theme and its domain), once each; (:Recommendation)-[:RAISES]->(:Theme)
# the same from ON_THEME. The theme aggregates count these at the level asked for instead of
# walking and de-duplicating the taxonomy per review on every read (3 times faster at 10,000
# reviews, docs/BENCHMARKS.md).
DELETE_RAISES = "MATCH ()-[x:RAISES]->(:Theme) WITH x LIMIT $batch DELETE x RETURN count(*) AS n"
REVIEW_IDS = "MATCH (r:Review) RETURN r.id AS id"
RECOMMENDATION_IDS = "MATCH (c:Recommendation) RETURN c.id AS id"
REVIEWS_OF = """
MATCH (r:Review)-[:DESCRIBED_IN]->(d:Document)
WHERE d.id IN $docs
RETURN DISTINCT r.id AS id
"""
RECOMMENDATIONS_OF = """
MATCH (c:Recommendation)
WHERE c.doc IN $docs
RETURN c.id AS id
UNION
MATCH (r:Review)-[:MADE]->(c:Recommendation)
WHERE r.id IN $reviews
RETURN c.id AS id
"""
UNRAISE_REVIEWS = """
UNWIND $ids AS id
MATCH (:Review {id: id})-[x:RAISES]->(:Theme)
DELETE x
"""
UNRAISE_RECOMMENDATIONS = """
UNWIND $ids AS id
MATCH (:Recommendation {id: id})-[x:RAISES]->(:Theme)
DELETE x
"""
RAISE_REVIEWS = """
UNWIND $ids AS id
MATCH (r:Review {id: id})-[:HAS_THEME]->(:Theme)-[:PART_OF*0..2]->(a:Theme)
WITH DISTINCT r, a
CREATE (r)-[:RAISES]->(a)
"""
RAISE_RECOMMENDATIONS = """
UNWIND $ids AS id
MATCH (c:Recommendation {id: id})-[:ON_THEME]->(:Theme)-[:PART_OF*0..2]->(a:Theme)
WITH DISTINCT c, a
CREATE (c)-[:RAISES]->(a)
"""
# Each recommendation also keeps, as list properties, the theme ids RAISES reaches at each
# level and the ids and sectors of the agencies it is ADDRESSED_TO. The "who is told what"
# queries (agency_theme_matrix, repeat_recommendations) unwind these instead of walking two
# relationships and filtering a level per row: a quarter to a third less time under a filter at
# 10,000 reviews (docs/BENCHMARKS.md). Written with the RAISES links, from the same batches.
SET_RECOMMENDATION_KEYS = """
UNWIND $ids AS id
MATCH (c:Recommendation {id: id})
OPTIONAL MATCH (c)-[:RAISES]->(a:Theme)
WITH c, collect(a) AS raised
OPTIONAL MATCH (c)-[:ADDRESSED_TO]->(g:Agency)
WITH c, raised, collect(g.id) AS agencies,
     collect(DISTINCT CASE WHEN g IS NULL THEN null ELSE coalesce(g.sector, 'unknown') END)
       AS sectors
SET c.raises_domain = [a IN raised WHERE a.level = 'domain' | a.id],
    c.raises_theme = [a IN raised WHERE a.level = 'theme' | a.id],
    c.raises_subtheme = [a IN raised WHERE a.level = 'subtheme' | a.id],
    c.agency_ids = agencies, c.sectors = sectors
"""
ROLL_UP_BATCH = 2_000


def roll_up_themes(store: GraphStore, *, docs: set[str] | None = None) -> int:
    """Write RAISES for every review and recommendation, or (`docs`) only for those the
    documents `docs` describe or made; returns the links written. Runs before anything that
    counts themes (co-occurrence, views)."""
    if docs is None:
        delete_relationships(store, DELETE_RAISES)
        reviews = [row["id"] for row in store.read(REVIEW_IDS)]
        recommendations = [row["id"] for row in store.read(RECOMMENDATION_IDS)]
    else:
        scope = sorted(docs)
        reviews = sorted({row["id"] for row in store.read(REVIEWS_OF, {"docs": scope})})
        recommendations = sorted({row["id"] for row in store.read(
            RECOMMENDATIONS_OF, {"docs": scope, "reviews": reviews})})  # fmt: skip
    written = 0
    for ids, unraise, raise_, keys in (
        (reviews, UNRAISE_REVIEWS, RAISE_REVIEWS, None),
        (recommendations, UNRAISE_RECOMMENDATIONS, RAISE_RECOMMENDATIONS, SET_RECOMMENDATION_KEYS),
    ):
        for start in range(0, len(ids), ROLL_UP_BATCH):
            batch = {"ids": ids[start : start + ROLL_UP_BATCH]}
            if docs is not None:
                store.write(unraise, batch)
            written += store.write(raise_, batch).get("relationships_created", 0)
            if keys is not None:
                store.write(keys, batch)
    return written


# -- theme co-occurrence -------------------------------------------------------------------------

DELETE_CO_OCCURS = (
    "MATCH (:Theme)-[x:CO_OCCURS]->(:Theme) WITH x LIMIT $batch DELETE x RETURN count(*) AS n"
)
WRITE_CO_OCCURS = """
UNWIND $rows AS row
MATCH (a:Theme {id: row.theme_a})
MATCH (b:Theme {id: row.theme_b})
CREATE (a)-[:CO_OCCURS {reviews: row.reviews, reviews_a: row.reviews_a,
                        reviews_b: row.reviews_b, lift: row.lift, jaccard: row.jaccard,
                        level: row.level}]->(b)
"""
CLEAR_COMMUNITIES = """
MATCH (t:Theme)
WHERE t.community IS NOT NULL OR t.centrality IS NOT NULL
SET t.community = null, t.centrality = null
"""
SET_COMMUNITIES = """
UNWIND $rows AS row
MATCH (t:Theme {id: row.id})
SET t.community = row.community, t.centrality = row.centrality
"""
THEMES_RAISED = """
MATCH (r:Review)-[:HAS_THEME]->(t)-[:PART_OF*0..2]->(a:Theme)
WHERE coalesce(r.published, true) <> false
RETURN DISTINCT a.id AS id, a.level AS level
"""


def delete_relationships(store: GraphStore, statement: str) -> int:
    """Run a `... LIMIT $batch DELETE x` statement until it deletes nothing."""
    deleted = 0
    while True:
        n = store.write(statement, {"batch": DELETE_BATCH}).get("relationships_deleted", 0)
        deleted += n
        if n == 0:
            return deleted


def theme_communities(
    themes: Iterable[str], pairs: list[dict[str, Any]]
) -> dict[str, tuple[int, float]]:
    """{theme id: (community, centrality)} on the graph of positively associated themes:
    edges where two themes share >= 2 reviews and lift > 1, weighted by Jaccard."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(themes))
    for p in sorted(pairs, key=lambda p: (p["theme_a"], p["theme_b"])):
        if p["reviews"] >= 2 and p["lift"] > 1:
            graph.add_edge(p["theme_a"], p["theme_b"], weight=p["jaccard"])
    if graph.number_of_nodes() == 0:
        return {}
    communities = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    rank = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {}
    result = {}
    for number, members in enumerate(ordered):
        for theme in members:
            result[theme] = (number, round(float(rank.get(theme, 0.0)), 4))
    return result


def co_occurrence(store: GraphStore) -> dict[str, int]:
    """Write CO_OCCURS for every level and each theme's community and centrality."""
    from reviewgraph.queries.registry import run_query

    def pairs_at(level: str) -> list[dict[str, Any]]:
        params = {"level": level, "min_reviews": 1, "limit": 1_000_000}
        return run_query(store, "theme_cooccurrence", params, precomputed=False)

    # the four reads side by side (the store answers on several threads), then the writes
    with ThreadPoolExecutor(ANALYSE_THREADS) as pool:
        found = pool.submit(store.read, THEMES_RAISED)
        level_pairs = dict(zip(LEVELS, pool.map(pairs_at, LEVELS), strict=True))
        raised: dict[str, list[str]] = defaultdict(list)
        for row in found.result():
            raised[row["level"]].append(row["id"])
    delete_relationships(store, DELETE_CO_OCCURS)
    store.write(CLEAR_COMMUNITIES)
    links, memberships = 0, []
    for level in LEVELS:
        pairs = level_pairs[level]
        links += store.write_batch(WRITE_CO_OCCURS, [{**p, "level": level} for p in pairs])
        for theme, (community, centrality) in theme_communities(raised[level], pairs).items():
            memberships.append({"id": theme, "community": community, "centrality": centrality})
    store.write_batch(SET_COMMUNITIES, memberships)
    communities = {(m["id"], m["community"]) for m in memberships}
    return {"co_occurs": links, "theme_communities": len({c for _, c in communities})}


# -- everything ----------------------------------------------------------------------------------


def analyse(
    store: GraphStore,
    *,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
    state_dir: Path | None = None,
    incremental: bool = False,
    views: bool | None = None,
    keep_state: bool = True,
) -> dict[str, Any]:
    """The one owner of derived data: brings every derived link and view up to date, and
    returns counts and seconds.

    Full (the default, and `reviewgraph analyse`): everything again from the loaded data.
    `incremental` (what a load asks for): when the state saved in `state_dir` at the last
    derive matches the graph (queries/derived.py), only what the documents written or
    removed since touched: similarity of their recommendations and reviews against the
    stored vectors, the status of their recommendations; co-occurrence (seconds even at
    10,000 reviews) again in full. Without a matching state, all links in full.
    `views`: compute every precomputed view now (default: only when not incremental); a
    load passes False, so its views are recomputed when first read (queries/views.py) and
    it does not wait for views nobody may open.
    `keep_state=False` (a load in which some files failed): the state is not kept, so the
    next derive is a full one. The files are loaded again, and that load must leave what
    one clean load would; an incremental derive would score them with the vocabulary of
    this run, without them, and its similarity links would differ.
    """
    from reviewgraph.queries import cells, derived, tallies
    from reviewgraph.queries.similarity import similarity_full, similarity_update
    from reviewgraph.queries.views import compute_views, forget_views, graph_fingerprint

    started = time.perf_counter()
    path = derived.state_file(state_dir, store.location) if state_dir else None
    saved = derived.load_state(path) if incremental and path else None
    token = derived.graph_token(store)
    docs = derived.documents(store)
    counts: dict[str, Any] = {}
    changed: set[str] | None = None
    removed: set[str] = set()
    if saved is not None and derived.current(token) and token == saved.token:
        changed = {d for d, (rev, _) in docs.items() if saved.documents.get(d, ("",))[0] != rev}
        removed = set(saved.documents) - set(docs)
        if not changed and not removed:
            return {"mode": "nothing changed", "seconds": round(time.perf_counter() - started, 2)}
    counts["mode"] = "full" if changed is None else "incremental"
    if changed is not None:
        counts["documents_changed"], counts["documents_removed"] = len(changed), len(removed)
    derived.set_graph_token(store, derived.REWRITING)  # a run that dies here is not finished
    states: dict[str, Any] = {}

    def statuses() -> int:
        if changed is None:
            return link_actions(store, today)
        kinds = {docs[d][1] for d in changed} | {saved.documents[d][1] for d in removed}  # type: ignore[union-attr]
        if "actions" in kinds:  # a plan changed: any recommendation may have gained or lost
            return link_actions(store, today)
        return link_actions(store, today, docs=changed)

    def similarity(kind: str) -> dict[str, int]:
        if changed is None or saved is None:
            states[kind], result = similarity_full(store, kind)
        else:
            state = saved.recommendations if kind == "recommendations" else saved.reviews
            states[kind], result = similarity_update(store, state, changed, removed)
        return result

    eager_views = (not incremental) if views is None else views

    def precompute() -> int:
        if eager_views:  # `reviewgraph analyse`: every view now, the similar pairs' buckets
            fingerprint = graph_fingerprint(store)  # and the counts kept per cell (defaults)
            views = compute_views(store, fingerprint)
            cells.build(store, fingerprint)
            tallies.build_defaults(store, fingerprint)
            return views
        forget_views(store)  # a load: stale now; each is recomputed (and kept) when first read
        return 0

    steps: list[tuple[str, Callable[[], Any]]] = [
        ("actions_relinked", lambda: store.write(RELINK_ACTIONS)["relationships_created"]),
        ("recommendations_tracked", statuses),
        ("themes_rolled_up", lambda: roll_up_themes(store, docs=changed)),
        ("co_occurrence", lambda: co_occurrence(store)),
        ("recommendation_similarity", lambda: similarity("recommendations")),
        ("review_similarity", lambda: similarity("reviews")),
        ("saved", lambda: finish()),
        # views last: they are answers over the finished derived data, keyed by its token
        ("precomputed_views", precompute),
    ]

    def finish() -> dict[str, Any]:
        finished = derived.new_token()
        if path is not None and not keep_state:
            derived.forget_state(path)
        elif path is not None:
            derived.save_state(path, derived.DerivedState(
                finished, docs, states["recommendations"], states["reviews"]
            ))  # fmt: skip
        derived.set_graph_token(store, finished)
        return {}

    for name, step in steps:
        if progress and name != "saved":
            progress(name)
        result = step()
        if isinstance(result, dict):
            counts.update(result)
        else:
            counts[name] = result
    counts["seconds"] = round(time.perf_counter() - started, 2)
    return counts


STATEMENTS = {
    "analytics.relink_actions": RELINK_ACTIONS,
    "analytics.tracked": TRACKED,
    "analytics.tracked_of": TRACKED_OF,
    "analytics.clear_status": CLEAR_STATUS,
    "analytics.clear_status_of": CLEAR_STATUS_OF,
    "analytics.set_status": SET_STATUS,
    "analytics.delete_co_occurs": DELETE_CO_OCCURS,
    "analytics.write_co_occurs": WRITE_CO_OCCURS,
    "analytics.clear_communities": CLEAR_COMMUNITIES,
    "analytics.set_communities": SET_COMMUNITIES,
    "analytics.themes_raised": THEMES_RAISED,
    "analytics.delete_raises": DELETE_RAISES,
    "analytics.review_ids": REVIEW_IDS,
    "analytics.recommendation_ids": RECOMMENDATION_IDS,
    "analytics.reviews_of": REVIEWS_OF,
    "analytics.recommendations_of": RECOMMENDATIONS_OF,
    "analytics.unraise_reviews": UNRAISE_REVIEWS,
    "analytics.unraise_recommendations": UNRAISE_RECOMMENDATIONS,
    "analytics.raise_reviews": RAISE_REVIEWS,
    "analytics.raise_recommendations": RAISE_RECOMMENDATIONS,
    "analytics.set_recommendation_keys": SET_RECOMMENDATION_KEYS,
}
