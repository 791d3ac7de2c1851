"""similar_recommendations under a broad filter, from pairs kept per pair of review cells.

`similar_recommendations` lists the most alike pairs of recommendations whose two reviews
both pass the filter. Live, it walks every similarity link of the reviews in view and each
link's other review before it knows its top 100: 171-455 ms under one review type or six years
at 10,000 reviews (105,000 links in view), over the 100 ms goal of issue 15
(docs/BENCHMARKS.md).

Every review is in one *cell*: its (type, year, published, register record). The common filter
keeps a review exactly when it keeps its cell, unless a board, age band or outcome is chosen (a
board is a fiftieth of a national corpus and answers live in about 30 ms). So `reviewgraph
analyse` keeps, per pair of cells (a link's start review's, the other's), the CAP most alike
pairs of recommendations between them, in the query's own order, as one
`(:Precomputed {cells: ...})` node. A filter reads the buckets whose two cells it keeps, sorts
their pairs and reads the rows of the top `limit` only. Every pair in view is in a kept bucket
and the top `limit` (at most CAP) of all of them is among each bucket's top CAP: the rows are
the live query's, in its order (tests/test_cells.py compares them under many filters on both
backends).

The set is written by one statement in the database (no rows travel: returning the pairs costs
seconds at 10,000 reviews in the FalkorDB client's decoding alone), stamped like the views
(queries/views.py) by a marker node, and forgotten with the views by a load. A stale set is
built again when a filtered read first needs it (about 3 s at 10,000 reviews, a blink for one
board's reviews); a store that refuses writes (a read-only account) answers live. The same
parts-per-cell idea for `repeat_recommendations` gave the live rows but not the speed (see
"Tried and not kept" in docs/BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.graph.store import GraphStore

if TYPE_CHECKING:
    from reviewgraph.queries.registry import QuerySpec

SIMILAR = "similar_recommendations"
CAP = 100  # pairs kept per bucket: the query's default (and largest answerable) limit
MARKER = f"{SIMILAR}@cells"  # the set's stamp: the graph and statements it was built from


def cell_columns(r: str, side: str = "", switches_only: bool = False) -> str:
    """The four columns naming review `r`'s cell (queries/tallies.py keeps counts by them too);
    `switches_only`: a coarser cell, the two switches with type and year left empty."""
    kind = "null" if switches_only else f"{r}.type"
    year = "null" if switches_only else f"{r}.year"
    return (f"{kind} AS type{side}, {year} AS year{side}, "
            f"coalesce({r}.published, true) <> false AS published{side}, "
            f"coalesce({r}.source, 'report') = 'register' AS register{side}")  # fmt: skip


def _key(side: str) -> str:
    return (f"CASE WHEN type{side} IS NULL THEN '' ELSE '+' + type{side} END + '|' + "
            f"coalesce(toString(year{side}), '') + '|' + "
            f"CASE WHEN published{side} THEN '1' ELSE '0' END + "
            f"CASE WHEN register{side} THEN '1' ELSE '0' END")  # fmt: skip


_PARTS = ("type", "year", "published", "register")
_SIDES = ", ".join(f"{part}_{side}" for side in "ab" for part in _PARTS)


# One statement (one transaction on both backends): the old buckets go and the new are made
# together, so two readers rebuilding at once never leave two sets.
def _similar_build(cells: str) -> str:
    return f"""
OPTIONAL MATCH (old:Precomputed {{cells: $set}})
DELETE old
WITH count(*) AS cleared
MATCH (r:Review)-[:MADE]->(a:Recommendation)-[s:SIMILAR_TO]->(b:Recommendation)
MATCH (b)<-[:MADE]-(o:Review)
// the older review's recommendation first, as the query orders a pair
WITH {cells}, s.score AS score,
     CASE WHEN r.year > o.year THEN b.id ELSE a.id END AS first_id,
     CASE WHEN r.year > o.year THEN a.id ELSE b.id END AS second_id
ORDER BY score DESC, first_id, second_id
WITH {_SIDES}, collect(score) AS scores, collect(first_id) AS firsts, collect(second_id) AS seconds
CREATE (x:Precomputed {{cells: $set, query: $query}})
SET x.id = $set + '@' + {_key("_a")} + '@' + {_key("_b")},
    x.type_a = type_a, x.year_a = year_a, x.published_a = published_a, x.register_a = register_a,
    x.type_b = type_b, x.year_b = year_b, x.published_b = published_b, x.register_b = register_b,
    x.scores = scores[0..$cap], x.firsts = firsts[0..$cap], x.seconds = seconds[0..$cap]
RETURN count(x) AS parts"""


SIMILAR_BUILD = _similar_build(f"{cell_columns('r', '_a')}, {cell_columns('o', '_b')}")
# The same by the switches alone, for a filter of no types and no years (every review, or the
# register switch on): at most 16 buckets, where the cells' 13,671 at 10,000 reviews took the
# read to 145-208 ms.
SWITCHES_BUILD = _similar_build(
    f"{cell_columns('r', '_a', switches_only=True)}, {cell_columns('o', '_b', switches_only=True)}"
)
SWITCHES = f"{SIMILAR}~switches"

# The common filter on both cells of a bucket, then the query's order and its rows.
SIMILAR_READ = """
MATCH (x:Precomputed {cells: $set})
WHERE (size($types) = 0 OR (x.type_a IN $types AND x.type_b IN $types))
  AND ($year_from IS NULL OR (x.year_a >= $year_from AND x.year_b >= $year_from))
  AND ($year_to IS NULL OR (x.year_a <= $year_to AND x.year_b <= $year_to))
  AND ($include_unpublished OR (x.published_a AND x.published_b))
  AND ($include_register OR NOT (x.register_a OR x.register_b))
UNWIND range(0, size(x.scores) - 1) AS i
WITH x.scores[i] AS score, x.firsts[i] AS first_id, x.seconds[i] AS second_id
WHERE score >= $min_score
WITH score, first_id, second_id
ORDER BY score DESC, first_id, second_id
LIMIT $limit
MATCH (first:Recommendation {id: first_id})-[s:SIMILAR_TO]-(second:Recommendation {id: second_id})
MATCH (older:Review)-[:MADE]->(first)
MATCH (newer:Review)-[:MADE]->(second)
OPTIONAL MATCH (first)-[:ADDRESSED_TO]->(ga)
WITH s, older, newer, first, second, collect(DISTINCT ga.name) AS first_agencies
OPTIONAL MATCH (second)-[:ADDRESSED_TO]->(gb)
WITH s, older, newer, first, second, first_agencies, collect(DISTINCT gb.name) AS second_agencies
RETURN round(s.score * 1000) / 1000.0 AS score,
       older.id AS first_review_id, older.year AS first_year, first.number AS first_number,
       first.text AS first_text, first_agencies,
       coalesce(first.status, 'no action plan') AS first_status,
       newer.id AS second_review_id, newer.year AS second_year, second.number AS second_number,
       second.text AS second_text, second_agencies,
       coalesce(second.status, 'no action plan') AS second_status
ORDER BY score DESC, first_review_id, second_review_id, first_number, second_number"""

READ_MARKER = "MATCH (p:Precomputed {id: $marker}) RETURN p.fingerprint AS fingerprint"
WRITE_MARKER = """
MERGE (p:Precomputed {id: $marker})
SET p.cells = $set + '@marker', p.query = $query, p.fingerprint = $stamp,
    p.computed_at = $now"""

STATEMENTS = {
    "cells.similar_build": SIMILAR_BUILD, "cells.switches_build": SWITCHES_BUILD,
    "cells.similar_read": SIMILAR_READ,
    "cells.read_marker": READ_MARKER, "cells.write_marker": WRITE_MARKER,
}  # fmt: skip
# The stored form's version: parts another version of these statements wrote are never read.
LAYOUT = hashlib.sha256(f"{CAP}|{SIMILAR_BUILD}|{SWITCHES_BUILD}".encode()).hexdigest()[:12]


def whole_cells(params: dict[str, Any]) -> bool:
    """Whether the common filter keeps whole cells: no board, age band or outcome chosen."""
    return not params["boards"] and not params["age_bands"] and params["outcome"] is None


def fresh_marker(
    store: GraphStore,
    read_marker: str,
    marker: str,
    stamp: Callable[[str], str],
    build: Callable[[str], object],
) -> dict[str, Any] | None:
    """The marker row of a kept set whose stamp fits the graph as it is now, building the set
    first when it is missing or stale; None when it cannot be read (the derived data is being
    rewritten, or the store refuses the writes), so the caller answers live. `stamp` and `build`
    take the graph's fingerprint."""
    from reviewgraph.queries.derived import REWRITING
    from reviewgraph.queries.views import graph_fingerprint

    found = store.read(read_marker, {"marker": marker})
    fingerprint = graph_fingerprint(store)
    if found and found[0]["fingerprint"] == stamp(fingerprint):
        return found[0]
    if fingerprint.endswith("|" + REWRITING):
        return None
    try:
        build(fingerprint)
    except ReviewgraphError:
        return None
    found = store.read(read_marker, {"marker": marker})
    return found[0] if found else None


def answerable(name: str, params: dict[str, Any]) -> bool:
    """Whether the buckets answer these parameters exactly: a filter of whole cells, no
    single review, at most CAP pairs."""
    return (
        name == SIMILAR and whole_cells(params) and params["review_id"] is None
        and params["min_score"] is not None
        and params["limit"] is not None and 0 <= params["limit"] <= CAP
    )  # fmt: skip


def _stamp(fingerprint: str, spec: QuerySpec) -> str:
    from reviewgraph.queries.views import stamp

    return f"{stamp(fingerprint, spec)}|c{LAYOUT}"


def build(store: GraphStore, fingerprint: str) -> int:
    """Write the buckets for the graph as it is now, then their marker; returns how many."""
    from datetime import UTC, datetime

    from reviewgraph.queries.registry import get_query

    given = {"set": SIMILAR, "query": SIMILAR}
    made = store.write(SIMILAR_BUILD, {**given, "cap": CAP})
    store.write(SWITCHES_BUILD, {"set": SWITCHES, "query": SIMILAR, "cap": CAP})
    store.write(WRITE_MARKER, {
        **given, "marker": MARKER, "stamp": _stamp(fingerprint, get_query(SIMILAR)),
        "now": datetime.now(UTC).isoformat(timespec="seconds"),
    })  # fmt: skip
    return int(made.get("nodes_created", 0))


def answer(store: GraphStore, spec: QuerySpec, params: dict[str, Any]) -> list[dict] | None:
    """The query's rows from the buckets, when they answer these parameters; None to compute
    live (other parameters, derived data being rewritten, or a store refusing the rebuild)."""
    if not answerable(spec.name, params):
        return None
    if fresh_marker(store, READ_MARKER, MARKER, lambda f: _stamp(f, spec),
                    lambda f: build(store, f)) is None:  # fmt: skip
        return None
    whole_years = not params["types"] and params["year_from"] is None and params["year_to"] is None
    return store.read(SIMILAR_READ, {**params, "set": SWITCHES if whole_years else SIMILAR})
