"""Precomputed default views: the answers the dashboard opens with, stored in the graph.

At 10,000 reviews a theme aggregate over every link takes 0.2-1.5 s on the embedded store;
with no filter set (the default view) the answer only changes when the data does. So
`reviewgraph analyse`, which the loaders run after every load, runs each query marked
`// precompute:` with its default parameters (and each value of the choice parameters
it names) and stores the rows as JSON on a `(:Precomputed {id})` node:

    (:Precomputed {id: "<query>:<parameters as JSON>", query, params, rows, columns,
                   fingerprint, computed_at})

`run_query` answers from a stored view while the graph's fingerprint (node and relationship
counts of the loaded data, and the newest Document.loaded_at) and the query's own text (a
store opened by a newer reviewgraph, whose query reads differently) still match, for those
parameters and for two kinds of narrowing the stored rows answer exactly, because every
precomputed query orders its rows by the column the floor applies to, descending:
- a smaller `limit` than the default: the first rows;
- a higher `min_reviews` / `min_recommendations` than 1 (views store 1): the rows above it.
Anything else, including any filter, computes live.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.graph.store import DERIVED_LABELS, GraphStore
from reviewgraph.queries.analytics import ANALYSE_THREADS
from reviewgraph.queries.derived import REWRITING

if TYPE_CHECKING:
    from reviewgraph.queries.registry import QuerySpec

LABEL = DERIVED_LABELS[0]
# What a load changes: every load writes a Document with a new loaded_at, and deletions change
# counts. Each count is O(1) on both backends as a statement of its own (FalkorDB plans a
# chain or a UNION of counts as a scan), so keep the list short: about 1 ms per statement.
_FINGERPRINT_NODES = ("Review", "Document", "Recommendation", "Action", "Theme")
_FINGERPRINT_RELS = (
    "HAS_THEME", "ON_THEME", "ADDRESSED_TO", "TRACKS", "SIMILAR_TO", "HAS_CHARACTERISTIC",
)  # fmt: skip
LATEST_LOAD = "MATCH (d:Document) RETURN max(d.loaded_at) AS latest"
# The derived data's own token (queries/derived.py): views that read similarity or
# co-occurrence go stale when it is rewritten, even if no count changed.
DERIVE_TOKEN = "MATCH (s:DeriveState {id: 'derive'}) RETURN max(s.token) AS token"
READ_VIEW = "MATCH (p:Precomputed {id: $id}) RETURN p.rows AS rows, p.fingerprint AS fingerprint"
DELETE_VIEWS = "MATCH (p:Precomputed) DETACH DELETE p"
# Kept when first read after a load (`keep_view`): two readers may both compute one.
MERGE_VIEW = """
MERGE (p:Precomputed {id: $id})
SET p.query = $query, p.params = $params, p.rows = $rows, p.columns = $columns,
    p.fingerprint = $fingerprint, p.computed_at = $computed_at"""
WRITE_VIEW = """
UNWIND $rows AS row
CREATE (p:Precomputed)
SET p.id = row.id, p.query = row.query, p.params = row.params, p.rows = row.rows,
    p.columns = row.columns, p.fingerprint = row.fingerprint, p.computed_at = row.computed_at"""
LIST_VIEWS = """
MATCH (p:Precomputed)
WHERE p.cells IS NULL
RETURN p.id AS id, p.query AS query, p.params AS params, p.computed_at AS computed_at
ORDER BY id"""


def fingerprint_statements() -> list[str]:
    nodes = [f"MATCH (n:{label}) RETURN count(n) AS n" for label in _FINGERPRINT_NODES]
    rels = [f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n" for rel in _FINGERPRINT_RELS]
    return nodes + rels + [LATEST_LOAD, DERIVE_TOKEN]


def graph_fingerprint(store: GraphStore) -> str:
    """A short string that changes whenever a load adds, removes or replaces data."""
    parts = []
    for statement in fingerprint_statements():
        row = store.read(statement)[0]
        parts.append(str(next(iter(row.values()))))
    return "|".join(parts)


def stamp(fingerprint: str, spec: QuerySpec) -> str:
    """What a view of `spec` was computed against: the graph's fingerprint and the query's
    text, so a view written by another version of the query is never served."""
    text = "\n".join(spec.cypher[backend] for backend in sorted(spec.cypher))
    return f"{fingerprint}|q{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def view_key(name: str, params: dict[str, Any]) -> str:
    return f"{name}:{json.dumps(params, sort_keys=True, separators=(',', ':'))}"


# Row floors views are stored at, and the column each one filters.
ROW_FLOORS = {"min_reviews": "reviews", "min_recommendations": "recommendations"}
STORED_FLOOR = 1


def variants(spec: QuerySpec) -> list[dict[str, Any]]:
    """The parameter sets stored for a precomputed query: defaults, with each choice value,
    and row floors at STORED_FLOOR."""
    from reviewgraph.queries.registry import coerce_params

    if spec.precompute is None:
        return []
    choices = [spec.param(name).choices or () for name in spec.precompute]  # type: ignore[union-attr]
    floors = {name: STORED_FLOOR for name in ROW_FLOORS if spec.param(name)}
    result = []
    for combo in itertools.product(*choices):
        chosen = dict(zip(spec.precompute, combo, strict=True))
        result.append(coerce_params(spec, {**chosen, **floors}))
    return result


def _stored_for(spec: QuerySpec, params: dict[str, Any]) -> dict[str, Any] | None:
    """The stored variant that answers `params` by narrowing, if there is one."""
    base = dict(params)
    for name in ROW_FLOORS:
        if name in base:
            if base[name] is None or base[name] < STORED_FLOOR:
                return None
            base[name] = STORED_FLOOR
    limit = spec.param("limit")
    if limit is not None:
        if params["limit"] is None or not 0 <= params["limit"] <= limit.default:
            return None
        base["limit"] = limit.default
    return base if base in variants(spec) else None


def read_view(store: GraphStore, spec: QuerySpec, params: dict[str, Any]) -> list[dict] | None:
    """The stored rows for these parameters, if a view can answer them. A view that is
    missing or stale (after an incremental derive) is computed now and kept for the next
    reader, unless the derived data is being rewritten at this moment."""
    if spec.precompute is None:
        return None
    stored = _stored_for(spec, params)
    if stored is None:
        return None
    key = view_key(spec.name, stored)
    found = store.read(READ_VIEW, {"id": key})
    fingerprint = graph_fingerprint(store)
    if found and found[0]["fingerprint"] == stamp(fingerprint, spec):
        rows: list[dict] = json.loads(found[0]["rows"])
    elif fingerprint.endswith("|" + REWRITING):
        return None
    else:
        from reviewgraph.queries.registry import run_query

        rows = run_query(store, spec.name, stored, precomputed=False)
        keep_view(store, spec.name, stored, rows, stamp(fingerprint, spec))
    for name, column in ROW_FLOORS.items():
        if name in params and params[name] > STORED_FLOOR:
            rows = [row for row in rows if row[column] >= params[name]]
    if "limit" in params:
        rows = rows[: params["limit"]]
    return rows


def keep_view(
    store: GraphStore, name: str, params: dict[str, Any], rows: list[dict], fingerprint: str
) -> None:
    """Store a view computed on first read; a store that refuses writes (a read-only
    account) just answers live next time too."""
    try:
        store.write(MERGE_VIEW, _view_row(name, params, rows, fingerprint))
    except ReviewgraphError:
        return


def _view_row(name: str, params: dict[str, Any], rows: list[dict], fingerprint: str) -> dict:
    return {
        "id": view_key(name, params), "query": name,
        "params": json.dumps(params, sort_keys=True), "rows": json.dumps(rows),
        "columns": list(rows[0]) if rows else [], "fingerprint": fingerprint,
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }  # fmt: skip


def forget_views(store: GraphStore) -> None:
    """Drop every stored view (they are stale): each is computed again when first read."""
    store.write(DELETE_VIEWS)


def compute_views(store: GraphStore, fingerprint: str) -> int:
    """Recompute every precomputed view (live) and store them, stamped with the graph's
    `fingerprint` as it is now; returns how many."""
    from reviewgraph.queries.registry import list_queries, run_query

    store.write(DELETE_VIEWS)
    wanted = [(spec, params) for spec in list_queries() for params in variants(spec)]

    def live(job: tuple[QuerySpec, dict[str, Any]]) -> list[dict[str, Any]]:
        return run_query(store, job[0].name, job[1], precomputed=False)

    rows = []
    # Side by side: the store answers reads on several threads (the aggregates take seconds
    # each on a large graph).
    with ThreadPoolExecutor(ANALYSE_THREADS) as pool:
        for (spec, params), result in zip(wanted, pool.map(live, wanted), strict=True):
            rows.append(_view_row(spec.name, params, result, stamp(fingerprint, spec)))
    # Views can be large (thousands of rows as JSON): a few per transaction.
    store.write_batch(WRITE_VIEW, rows, batch_size=5)
    return len(rows)


def list_views(store: GraphStore) -> list[dict[str, Any]]:
    return store.read(LIST_VIEWS)


STATEMENTS = {
    "views.read": READ_VIEW,
    "views.delete": DELETE_VIEWS,
    "views.write": WRITE_VIEW,
    "views.merge": MERGE_VIEW,
    "views.list": LIST_VIEWS,
    **{f"views.fingerprint[{i}]": s for i, s in enumerate(fingerprint_statements())},
}
