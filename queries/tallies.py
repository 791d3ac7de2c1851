"""The filtered aggregates and lists, from counts (and the first items) kept per review cell.

Under one review type or six years at 10,000 reviews, the queries that walk a quarter to a
third of 490,000 theme links or 80,000 recommendations took 60-500 ms live
(docs/BENCHMARKS.md), over the 100 ms goal of issue 15. Every number they show is a count of
reviews, recommendations, findings or documents (or the first and last year, or a share of two
counts), and every review is in one *cell*: its (type, year, published, register record), the
same cells as queries/cells.py. The common filter keeps a review exactly when it keeps its
cell, unless a board, age band or outcome is chosen (those answer live, in tens of
milliseconds). So each count under such a filter is the sum of that count over the cells kept,
each distinct board or document one found in any of them, and each first year the smallest
year of a kept cell that has it. TALLIES lists the fifteen queries answered so.

For each query and each value of the parameters that change what is counted (`level`, and
`by` where there is one), `analyse` keeps one node per cell,

    (:Precomputed {cells: "<query>[@<level>][@<by>]", type, year, published, register,
                   counts, items})

whose `counts` is JSON: [reviews in the cell, [key index…], [count…] (, [second count…])],
the keys (theme ids, pairs of them, agency/theme pairs, clusters…) listed once on the set's
marker with the names the rows show. One string per cell is one value for the FalkorDB client
to decode, where a row or a list per group is thousands: that, not the engine, was the cost.
A filtered read adds up the cells it keeps (numpy, a few milliseconds) and builds the live
query's rows in Python: the same columns, arithmetic (Cypher's round(), halves up), nulls and
order. The queries that list items (the oldest reviews and recommendations of a group, the
open recommendations on a theme, the reviews themselves) also keep, per cell and key, the
first CAP of them in the query's order, in `items`, each key's as a JSON string of its own; a
read opens the `items` of the cells of the years the rows need, decodes the keys it shows, and
fetches the texts of the recommendations it shows. tests/test_tallies.py compares every query
with its live rows under many filters on both backends.

A set is read out of the graph by an aggregate per kind of key, on the embedded store as one
JSON string per cell (0.2-2.8 s a set at 10,000 reviews, 12.8 s for every default set), so
`analyse` builds the sets of the default parameters; another set, or a set gone stale after a
load, is built when a filtered read first needs it, like the similar pairs' buckets. A store
that refuses writes (a read-only account) answers live.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.cells import cell_columns, fresh_marker, whole_cells

if TYPE_CHECKING:
    from reviewgraph.queries.registry import QuerySpec

CELL = cell_columns("r")
CELL_NAMES = "type, year, published, register"
CAP = 20  # items kept per cell and key: the largest `max_items` answered from them
OPEN_CAP = 200  # open recommendations kept per cell and theme: the largest `limit` answered

TOTALS = f"MATCH (r:Review) RETURN {CELL}, count(r) AS n"

# Per cell and key: the counts each live query takes, with its own per-review logic (a review's
# themes collected as the live query collects them, so repeated links count alike).
COOCCURRENCE_PARTS = f"""
MATCH (r:Review)-[:RAISES]->(a)
WHERE a.level = $level
WITH r, collect(a.id) AS here
WITH {CELL}, here
UNWIND here AS x
UNWIND [other IN here WHERE x <= other] AS y
RETURN {CELL_NAMES}, [x, y] AS key, count(*) AS v"""

CHARACTERISTIC_PARTS = f"""
MATCH (r:Review)-[:HAS_CHARACTERISTIC]->(c:Characteristic)
WITH DISTINCT r, c
RETURN {CELL}, ['c', c.id] AS key, count(*) AS v"""
CHARACTERISTIC_THEME_PARTS = f"""
MATCH (r:Review)-[:HAS_CHARACTERISTIC]->(c:Characteristic)
WITH DISTINCT r, c
MATCH (r)-[:RAISES]->(a)
WHERE a.level = $level
RETURN {CELL}, ['b', c.id, a.id] AS key, count(*) AS v"""
THEME_PARTS = f"""
MATCH (r:Review)-[:RAISES]->(a)
WHERE a.level = $level
RETURN {CELL}, ['t', a.id] AS key, count(r) AS v"""

# The recommendations of a review that are not complete, on each theme they raise, once.
_OPEN = """
MATCH (r:Review)-[:MADE]->(c:Recommendation)-[:RAISES]->(a)
WHERE a.level = $level AND (c.status IS NULL OR c.status <> 'complete')
WITH DISTINCT r, c, a"""
OPEN_PARTS = f"""{_OPEN}
RETURN {CELL}, ['o', a.id] AS key, count(*) AS v"""
OPEN_ITEMS = f"""{_OPEN}
WITH {CELL}, a.id AS theme, c.id AS id
ORDER BY id
RETURN {CELL_NAMES}, ['o', theme] AS key, collect(id)[0..$open_cap] AS items"""

# Recommendations per (review, group, theme) first, so a review counts once per key without
# count(DISTINCT r), which crashed FalkorDB 4.16 over this many groups (docs/BENCHMARKS.md).
_MATRIX = """
MATCH (r:Review)-[:MADE]->(c:Recommendation)
WITH r, c,
     CASE $by WHEN 'sector' THEN c.sectors ELSE c.agency_ids END AS gs,
     CASE $level WHEN 'theme' THEN c.raises_theme WHEN 'subtheme' THEN c.raises_subtheme
       ELSE c.raises_domain END AS ts"""
MATRIX_PARTS = f"""{_MATRIX}
UNWIND gs AS g
UNWIND ts AS t
WITH r, g, t, count(c) AS n
RETURN {CELL}, [g, t] AS key, sum(n) AS v, count(*) AS w"""
# A group's first CAP reviews in the cell (by id), each with its recommendations (by id): the
# oldest `max_items` reviews and recommendations in view are among them.
MATRIX_ITEMS = f"""{_MATRIX}
ORDER BY r.id, c.id
UNWIND gs AS g
UNWIND ts AS t
WITH r, g, t, collect(c.id)[0..$cap] AS ids
ORDER BY r.id
WITH {CELL}, g, t, collect([r.id, ids]) AS made
RETURN {CELL_NAMES}, [g, t] AS key, made[0..$cap] AS items"""

CLUSTER_PARTS = f"""
MATCH (r:Review)-[:MADE]->(c:Recommendation)
WHERE c.cluster IS NOT NULL
WITH r, c.cluster AS cluster, count(c) AS n
RETURN {CELL}, [cluster] AS key, sum(n) AS v, count(*) AS w"""
CLUSTER_ITEMS = f"""
MATCH (r:Review)-[:MADE]->(c:Recommendation)
WHERE c.cluster IS NOT NULL
WITH r, c
ORDER BY r.id, c.id
WITH r, c.cluster AS cluster, collect(c.id)[0..$cap] AS ids
ORDER BY r.id
WITH {CELL}, cluster, collect([r.id, ids]) AS made
RETURN {CELL_NAMES}, [cluster] AS key, made[0..$cap] AS items"""

# The embedded store reads a set's rows as one JSON string per cell (the client decodes tens of
# thousands of rows of lists in 3-6 s at 10,000 reviews, a string in microseconds: 4x faster),
# when no id holds a quote or a backslash, which its toJSON() writes unescaped (see TEXTS_JSON).
GROUPED = """
CALL {{
{body}
}}
WITH type, year, published, register, collect([{columns}]) AS rows
RETURN type, year, published, register, toJSON(rows) AS rows"""
PLAIN_IDS = r"""
MATCH (n)
WHERE (n:Review OR n:Recommendation OR n:Theme OR n:Agency OR n:Characteristic)
  AND any(v IN [n.id, n.sector, n.cluster] WHERE v CONTAINS '"' OR v CONTAINS '\\')
RETURN count(n) AS n"""

# The overview's counts, the agencies and their recommendations, and the theme tables.
BOARD_PARTS = f"MATCH (r:Review) RETURN {CELL}, ['b', r.board] AS key, count(r) AS v"
DOCUMENT_PARTS = f"""
MATCH (r:Review)-[:DESCRIBED_IN]->(d)
WITH DISTINCT r, d
RETURN {CELL}, ['d', d.id, coalesce(d.kind, 'review') = 'review'] AS key, count(*) AS v"""
FINDING_PARTS = f"""
MATCH (r:Review)-[:FOUND]->(f)
RETURN {CELL}, ['f'] AS key, count(f) AS v"""
MADE_PARTS = f"""
MATCH (r:Review)-[:MADE]->(c)
RETURN {CELL}, ['c'] AS key, count(c) AS v"""
OPEN_MADE_PARTS = f"""
MATCH (r:Review)-[:MADE]->(c)
WHERE c.status IS NULL OR c.status <> 'complete'
RETURN {CELL}, ['o'] AS key, count(c) AS v"""
INVOLVED_PARTS = f"""
MATCH (r:Review)-[:INVOLVED]->(g)
WITH DISTINCT r, g
RETURN {CELL}, ['r', g.id] AS key, count(*) AS v"""
ADDRESSED_PARTS = f"""
MATCH (r:Review)-[:MADE]->(c)-[:ADDRESSED_TO]->(g)
WITH DISTINCT r, c, g
RETURN {CELL}, ['c', g.id] AS key, count(*) AS v"""
PER_AGENCY_PARTS = f"""
MATCH (r:Review)-[:MADE]->(c)-[:ADDRESSED_TO]->(g)
WITH DISTINCT r, c, CASE WHEN $by = 'sector' THEN coalesce(g.sector, 'unknown') ELSE g.id END
  AS group
WITH r, group, count(c) AS n
RETURN {CELL}, [group] AS key, sum(n) AS v, count(*) AS w"""
LAYER_PARTS = f"""
MATCH (r:Review)-[:HAS_THEME]->(t)
WITH DISTINCT r, coalesce(t.layer, 'other') AS layer
RETURN {CELL}, ['r', layer] AS key, count(*) AS v"""
LAYER_FINDING_PARTS = f"""
MATCH (r:Review)-[:FOUND]->(f)-[:ON_THEME]->(t)
WITH DISTINCT r, f, coalesce(t.layer, 'other') AS layer
RETURN {CELL}, ['f', layer] AS key, count(*) AS v"""
# The reviews linked to each theme or to a theme under it (the live queries' own walk).
_LINKED = """
MATCH (r:Review)-[:HAS_THEME]->(t)
WITH DISTINCT r, t
MATCH (t)-[:PART_OF*0..2]->(a)"""
LINKED_AT_LEVEL_PARTS = f"""{_LINKED}
WHERE a.level = $level
WITH DISTINCT r, a
RETURN {CELL}, [a.id] AS key, count(*) AS v"""
LINKED_PARTS = f"""{_LINKED}
WITH DISTINCT r, a
RETURN {CELL}, [a.id] AS key, count(*) AS v"""

# Each cell's reviews as the `reviews` list shows them (free text: read as rows, see GROUPED).
REVIEW_COLUMNS = (
    "id", "type", "title", "subject", "board", "year", "age_band", "gender", "outcome", "harm",
    "published", "themes", "findings", "recommendations",
)  # fmt: skip
REVIEW_ITEMS = f"""
MATCH (r:Review)
OPTIONAL MATCH (r)-[:HAS_THEME]->(t)
WITH r, count(t) AS themes
OPTIONAL MATCH (r)-[:FOUND]->(f)
WITH r, themes, count(f) AS findings
OPTIONAL MATCH (r)-[:MADE]->(c)
WITH r, themes, findings, count(c) AS recommendations
ORDER BY r.id
WITH {CELL}, collect([r.id, r.type, r.title, r.subject, r.board, r.year, r.age_band, r.gender,
                      r.outcome, r.harm, r.published, themes, findings, recommendations]) AS rows
RETURN {CELL_NAMES}, ['rows'] AS key, rows AS items"""

THEME_NAMES = "MATCH (a:Theme) WHERE a.level = $level RETURN a.id AS id, a.name AS name"
# Rows whose order does not depend on the counts: kept in the query's own order.
AGENCY_ROWS = """
MATCH (g:Agency)
RETURN g.id AS id, g.name AS name, g.sector AS sector,
       coalesce(g.in_gazetteer, false) AS in_gazetteer
ORDER BY sector, name, id"""
THEME_ROWS = """
MATCH (a:Theme)
OPTIONAL MATCH (a)-[:PART_OF]->(p)
RETURN a.id AS id, a.name AS name, a.level AS level, a.domain AS domain, p.id AS parent,
       a.layer AS layer, a.definition AS definition, a.community AS community,
       a.centrality AS centrality
ORDER BY domain,
         CASE a.level WHEN 'subtheme' THEN p.id WHEN 'theme' THEN a.id ELSE '' END,
         CASE a.level WHEN 'domain' THEN 0 WHEN 'theme' THEN 1 ELSE 2 END, id"""
CHARACTERISTIC_NAMES = "MATCH (c:Characteristic) RETURN c.id AS id, c.name AS name"
AGENCY_NAMES = "MATCH (a:Agency) RETURN a.id AS id, [a.name, a.sector] AS name"
TEXTS = """
UNWIND $ids AS id
MATCH (c:Recommendation {id: id})
RETURN collect(c.id) AS ids, collect(c.text) AS texts"""
# FalkorDB 4.16's client decodes a list of 2,000 texts in about 25 ms and one string in
# microseconds, so the embedded store returns them as one JSON string. Its toJSON() writes
# strings as they are, quotes and backslashes unescaped, so these two are escaped first (other
# characters are legal raw, or read with strict=False); PROBE checks that this still holds.
_ESCAPED = r"""replace(replace({}, '\\', '\\\\'), '"', '\\"')"""
TEXTS_JSON = f"""
UNWIND $ids AS id
MATCH (c:Recommendation {{id: id}})
RETURN toJSON(collect([{_ESCAPED.format("c.id")}, {_ESCAPED.format("c.text")}])) AS texts"""
PROBE = f"RETURN toJSON([{_ESCAPED.format('$probe')}]) AS probe"
PROBE_TEXT = 'a "quoted" \\ back\\slash,\nnew line \u201cand\u201d \t tab'
_json_ok: dict[int, bool] = {}


def recommendation_texts(store: GraphStore, ids: set[str]) -> dict[str, str]:
    """The texts of these recommendations by id, in one string on the embedded store when its
    toJSON() still reads back as PROBE expects, else as two lists."""
    if not ids:
        return {}
    if store.backend == "embedded":
        if id(store) not in _json_ok:
            probe = store.read(PROBE, {"probe": PROBE_TEXT})[0]["probe"]
            try:
                _json_ok[id(store)] = json.loads(probe, strict=False) == [PROBE_TEXT]
            except ValueError:
                _json_ok[id(store)] = False
        if _json_ok[id(store)]:
            found = store.read(TEXTS_JSON, {"ids": sorted(ids)})[0]["texts"]
            try:
                return dict(json.loads(found, strict=False))
            except ValueError:  # a text toJSON() wrote otherwise than the probe: as lists
                pass
    row = store.read(TEXTS, {"ids": sorted(ids)})[0]
    return dict(zip(row["ids"], row["texts"], strict=True))


OPEN_ROWS = """
UNWIND $ids AS id
MATCH (r:Review)-[:MADE]->(c:Recommendation {id: id})
RETURN c.id AS id, c.number AS number, c.text AS text,
       coalesce(c.status, 'no action plan') AS status, c.due AS due, r.id AS review_id"""

# One statement (one transaction on both backends): the old cells go and the new come together.
WRITE_CELLS = """
OPTIONAL MATCH (old:Precomputed {cells: $set})
DELETE old
WITH count(*) AS cleared
UNWIND $cells AS c
CREATE (x:Precomputed {cells: $set, query: $query})
SET x.id = $set + '#' + toString(c.i), x.type = c.type, x.year = c.year,
    x.published = c.published, x.register = c.register, x.counts = c.counts, x.items = c.items
RETURN count(x) AS cells"""
_KEPT = """
MATCH (x:Precomputed {cells: $set})
WHERE (size($types) = 0 OR x.type IN $types)
  AND ($year_from IS NULL OR x.year >= $year_from)
  AND ($year_to IS NULL OR x.year <= $year_to)
  AND ($include_unpublished OR x.published)
  AND ($include_register OR NOT x.register)"""
READ_CELLS = f"""{_KEPT}
RETURN x.type AS type, x.year AS year, x.register AS register, x.counts AS counts"""
READ_ITEMS = f"""{_KEPT}
  AND (x.year IN $years OR ($undated AND x.year IS NULL))
RETURN x.year AS year, x.items AS items"""
READ_MARKER = """
MATCH (p:Precomputed {id: $marker})
RETURN p.fingerprint AS fingerprint, p.token AS token"""
READ_KEYS = """
MATCH (p:Precomputed {id: $marker})
RETURN p.token AS token, p.keys AS keys, p.names AS names"""
WRITE_MARKER = """
MERGE (p:Precomputed {id: $marker})
SET p.cells = $set + '@marker', p.query = $query, p.fingerprint = $stamp, p.token = $token,
    p.keys = $keys, p.names = $names, p.computed_at = $now"""

Key = tuple[Any, ...]
Counts = dict[Key, tuple[int, ...]]


def _round(value: float) -> float:
    """Cypher's round() on both backends: the nearest whole number, halves up (every value
    rounded here is positive); Python's round() would take halves to the even number."""
    whole = math.floor(value)
    return float(whole + 1 if value - whole >= 0.5 else whole)


def _year_order(year: int | None) -> tuple[bool, int]:
    """Years ascending, no year last, as ORDER BY r.year sorts on both backends."""
    return (year is None, year or 0)


@dataclass
class Kept:
    """The cells a filter keeps, read from one set: their counts, and their items on demand."""

    store: GraphStore
    set_name: str
    params: dict[str, Any]
    keys: list[Key]
    names: dict[str, dict]
    years: list[int | None] = field(default_factory=list)
    types: list[str | None] = field(default_factory=list)
    registers: list[bool] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    index: list[np.ndarray] = field(default_factory=list)
    values: list[list[np.ndarray]] = field(default_factory=list)
    position: dict[Key, int] = field(default_factory=dict)  # key index of each key summed

    @property
    def total(self) -> int:
        return sum(self.totals)

    def _sum(self, cells: list[int], width: int) -> Counts:
        if not cells:
            return {}
        index = np.concatenate([self.index[i] for i in cells])
        sums = [
            np.bincount(index, weights=np.concatenate([self.values[i][j] for i in cells]),
                        minlength=len(self.keys)).astype(np.int64)
            for j in range(width)
        ]  # fmt: skip
        found = {}
        for i in np.flatnonzero(sums[0]):
            key = self.keys[i]
            found[key] = tuple(int(s[i]) for s in sums)
            self.position[key] = int(i)
        return found

    def sums(self, width: int = 1) -> Counts:
        """Each key's counts over every cell kept (keys with a count of 0 left out)."""
        return self._sum(list(range(len(self.years))), width)

    def by_year(self, width: int = 1, only: list[Key] | None = None) -> dict[int | None, Counts]:
        """Each key's counts per year of the cells kept; `only` these keys (of a sum before)."""
        if only is not None:
            return self._by_year_of(only, width)
        cells: dict[int | None, list[int]] = {}
        for i, year in enumerate(self.years):
            cells.setdefault(year, []).append(i)
        return {year: self._sum(found, width) for year, found in cells.items()}

    def _by_year_of(self, keys: list[Key], width: int) -> dict[int | None, Counts]:
        """A (key, year) table of counts by numpy over every cell's entries at once."""
        chosen = np.asarray(sorted({self.position[k] for k in keys}), dtype=np.int64)
        years = sorted(set(self.years), key=_year_order)
        slot = {year: i for i, year in enumerate(years)}
        index = np.concatenate([*self.index, np.empty(0, dtype=np.int64)])
        cell_year = np.concatenate([
            np.full(len(ix), slot[year], dtype=np.int64)
            for year, ix in zip(self.years, self.index, strict=True)
        ] + [np.empty(0, dtype=np.int64)])  # fmt: skip
        mask = np.isin(index, chosen)
        code = np.searchsorted(chosen, index[mask]) * len(years) + cell_year[mask]
        tables = [
            np.bincount(code, minlength=len(chosen) * len(years),
                        weights=np.concatenate([*(v[w] for v in self.values), np.empty(0)])[mask])
            .astype(np.int64).reshape(len(chosen), len(years))
            for w in range(width)
        ]  # fmt: skip
        result: dict[int | None, Counts] = {year: {} for year in years}
        for row, column in zip(*np.nonzero(tables[0]), strict=True):
            result[years[column]][self.keys[chosen[row]]] = tuple(
                int(t[row, column]) for t in tables
            )
        return result

    def year_totals(self) -> dict[int | None, int]:
        totals: dict[int | None, int] = {}
        for year, n in zip(self.years, self.totals, strict=True):
            totals[year] = totals.get(year, 0) + n
        return totals

    def items(
        self, years: set[int | None], wanted: set[Key]
    ) -> Iterator[tuple[int | None, dict[Key, Any]]]:
        """The items of these keys kept by the cells of these years, as (year, {key: items}).
        Each key's items are a JSON string of their own inside the cell's, so only the keys
        asked for are decoded (a cell holds hundreds)."""
        index = {self.position[key]: key for key in wanted if key in self.position}
        if len(index) < len(wanted):  # keys that were never summed (items only)
            index.update({i: key for i, key in enumerate(self.keys) if key in wanted})
        dated = sorted(y for y in years if y is not None)
        rows = self.store.read(READ_ITEMS, {
            **self.params, "set": self.set_name, "years": dated, "undated": None in years,
        })  # fmt: skip
        for row in rows:
            found = json.loads(row["items"] or "{}")
            yield (
                row["year"],
                {index[int(k)]: json.loads(v) for k, v in found.items() if int(k) in index},
            )

    def texts(self, ids: set[str]) -> dict[str, str]:
        return recommendation_texts(self.store, ids)


# -- the rows of each query, as its Cypher makes them ------------------------------------------


def _cooccurrence_rows(kept: Kept, p: dict) -> list[dict]:
    themes, total, counts = kept.names["theme"], kept.total, kept.sums()
    rows = []
    for (x, y), (both,) in counts.items():
        if x >= y or both < p["min_reviews"] or x not in themes or y not in themes:
            continue
        nx, ny = counts[(x, x)][0], counts[(y, y)][0]
        rows.append({
            "theme_a": x, "theme_a_name": themes[x], "theme_b": y, "theme_b_name": themes[y],
            "reviews": both, "reviews_a": nx, "reviews_b": ny, "reviews_in_view": total,
            "lift": _round(1000.0 * both * total / (nx * ny)) / 1000.0,
            "jaccard": _round(1000.0 * both / (nx + ny - both)) / 1000.0,
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["reviews"], -r["lift"], r["theme_a"], r["theme_b"]))
    return rows[: p["limit"]]


def _characteristic_rows(kept: Kept, p: dict) -> list[dict]:
    themes, kinds = kept.names["theme"], kept.names["characteristic"]
    total, counts, wanted = kept.total, kept.sums(), p["characteristic"]
    rows = []
    for key, (both,) in counts.items():
        if key[0] != "b" or both < p["min_reviews"]:
            continue
        c, a = key[1], key[2]
        name = kinds.get(c)
        if wanted is not None and c != wanted and (name or "").lower() != wanted.lower():
            continue
        having = counts[("c", c)][0]
        others, others_with = total - having, counts[("t", a)][0] - both
        rows.append({
            "characteristic_id": c, "characteristic": name, "theme_id": a,
            "theme": themes.get(a), "reviews": both, "reviews_with_characteristic": having,
            "percent": _round(1000.0 * both / having) / 10.0,
            "others_with_theme": others_with, "others": others,
            "others_percent": None if others == 0 else _round(1000.0 * others_with / others) / 10.0,
        })  # fmt: skip
    rows.sort(key=lambda r: (r["characteristic_id"], -r["reviews"], r["theme_id"]))
    return rows


def _group(g: str, names: dict, by_sector: bool) -> dict[str, Any]:
    """An addressee's columns: an agency's id, name and sector, or a sector on its own."""
    if by_sector:
        return {"agency_id": None, "agency": g, "sector": g}
    name, sector = names.get(g, (None, None))
    return {"agency_id": g, "agency": g if name is None else name,
            "sector": "unknown" if sector is None else sector}  # fmt: skip


def _matrix_rows(kept: Kept, p: dict) -> list[dict]:
    themes, agencies = kept.names["theme"], kept.names["agency"]
    rows = []
    for (g, t), (recommendations, reviews) in kept.sums(2).items():
        if recommendations < p["min_recommendations"] or t not in themes:
            continue  # the live query keeps a theme id only when the Theme is there
        rows.append({**_group(g, agencies, p["by"] == "sector"), "theme_id": t,
                     "theme": themes[t], "recommendations": recommendations,
                     "reviews": reviews})  # fmt: skip
    rows.sort(key=lambda r: (-r["recommendations"], r["agency"], r["theme_id"]))
    return rows


def _trend_rows(kept: Kept, p: dict) -> list[dict]:
    themes, wanted = kept.names["theme"], set(p["themes"])
    that_year = kept.year_totals()
    rows = []
    for year, counts in kept.by_year().items():
        if year is None:
            continue  # reviews without a year are left out
        for (_, a), (reviews,) in counts.items():
            if wanted and a not in wanted:
                continue
            rows.append({
                "theme_id": a, "theme": themes.get(a), "year": year, "reviews": reviews,
                "reviews_that_year": that_year[year],
                "percent": _round(1000.0 * reviews / that_year[year]) / 10.0,
            })  # fmt: skip
    rows.sort(key=lambda r: (r["theme_id"], r["year"]))
    return rows


def _open_rows(kept: Kept, p: dict) -> list[dict]:
    """Open recommendations on a theme newer reviews raise again: the groups (theme, year of
    the review) in the query's order until `limit` rows are certain, then their items."""
    per_year = {y: c for y, c in kept.by_year().items() if y is not None}
    raised: dict[str, dict[int, int]] = {}
    for year, counts in per_year.items():
        for (kind, a), (n,) in counts.items():
            if kind == "t":
                raised.setdefault(a, {})[year] = n
    # (newer reviews, year, theme, open recommendations, latest year)
    groups: list[tuple[int, int, str, int, int]] = []
    for year, counts in per_year.items():
        for (kind, a), (n,) in counts.items():
            if kind != "o" or a not in raised:
                continue
            newer = sum(k for y, k in raised[a].items() if y > year)
            if newer > 0:
                groups.append((newer, year, a, n, max(raised[a])))
    groups.sort(key=lambda g: (-g[0], g[1]))
    chosen: list[tuple[int, int, str, int, int]] = []
    rows_before = 0
    for group in groups:
        if rows_before >= p["limit"] and (not chosen or group[:2] != chosen[-1][:2]):
            break  # a tie with the last group kept is read too: its rows sort by id
        chosen.append(group)
        rows_before += group[3]
    wanted = {(g[2], g[1]): g for g in chosen}
    rows: list[tuple[tuple[int, int, str, int, int], str]] = []
    for made_in, found in kept.items({g[1] for g in chosen}, {("o", g[2]) for g in chosen}):
        for (_, a), ids in found.items():
            of = wanted.get((a, made_in))  # type: ignore[arg-type]  # (no undated cells here)
            if of is not None:
                rows.extend((of, rec) for rec in ids)
    rows.sort(key=lambda x: (-x[0][0], x[0][1], x[1], x[0][2]))
    rows = rows[: p["limit"]]
    ids = sorted({x[1] for x in rows})
    details = {r["id"]: r for r in kept.store.read(OPEN_ROWS, {"ids": ids})}
    themes = kept.names["theme"]
    return [
        {"theme_id": g[2], "theme": themes.get(g[2]), "recommendation_id": rec,
         "number": details[rec]["number"], "text": details[rec]["text"],
         "status": details[rec]["status"], "due": details[rec]["due"],
         "review_id": details[rec]["review_id"], "year": g[1], "newer_reviews": g[0],
         "latest_year": g[4]}
        for g, rec in rows
    ]  # fmt: skip


def _first_items(
    kept: Kept, chosen: list[Key], max_items: int, per_year: dict[int | None, Counts]
) -> dict[Key, tuple[list, list]]:
    """Each chosen group's oldest `max_items` reviews and recommendations in view (by year,
    then review id, then recommendation id): from the items of the years that hold them."""
    need = max(max_items, 1)  # the example is the oldest recommendation, even with no items
    years: set[int | None] = set()
    oldest_first = sorted(per_year, key=_year_order)
    for key in chosen:
        seen = 0
        for year in oldest_first:
            if key in per_year[year]:
                years.add(year)
                seen += per_year[year][key][1]
                if seen >= need:
                    break
    made: dict[Key, list[tuple]] = {key: [] for key in chosen}
    for year, found in kept.items(years, set(chosen)):
        for key, reviews in found.items():
            made[key].extend((_year_order(year), review, ids) for review, ids in reviews)
    result = {}
    for key, reviews in made.items():
        reviews.sort(key=lambda x: (x[0], x[1]))
        recs = [rec for _, _, ids in reviews[:need] for rec in ids][:need]
        result[key] = ([review for _, review, _ in reviews[:max_items]], recs)
    return result


def _listed(
    kept: Kept, rows: list[dict], keys: list[Key], max_items: int, per_year: dict
) -> list[dict]:
    """The rows with their groups' review ids, recommendation ids and texts, and an example."""
    items = _first_items(kept, keys, max_items, per_year)
    texts = kept.texts({rec for _, recs in items.values() for rec in recs})
    for row, key in zip(rows, keys, strict=True):
        reviews, recs = items[key]
        if "example" in row:
            row["example"] = texts[recs[0]] if recs else None
        row["review_ids"] = reviews
        row["recommendation_ids"] = recs[:max_items]
        row["texts"] = [texts[rec] for rec in recs[:max_items]]
    return rows


def _spans(keys: list[Key], per_year: dict[int | None, Counts]) -> dict[Key, tuple]:
    """Each group's first and last year in view (a cell without a year counts for neither)."""
    found: dict[Key, list[int]] = {key: [] for key in keys}
    for year, counts in per_year.items():
        if year is not None:
            for key in counts:
                found[key].append(year)
    return {k: (min(v), max(v)) if v else (None, None) for k, v in found.items()}


def _cluster_rows(kept: Kept, p: dict) -> list[dict]:
    groups = [
        (key, recs, reviews)
        for key, (recs, reviews) in kept.sums(2).items()
        if reviews >= p["min_reviews"]
    ]
    groups.sort(key=lambda g: (-g[2], -g[1], g[0][0]))
    groups = groups[: p["limit"]]
    keys = [g[0] for g in groups]
    per_year = kept.by_year(2, only=keys)
    spans = _spans(keys, per_year)
    rows = [
        {"cluster": key[0], "reviews": reviews, "recommendations": recs,
         "first_year": spans[key][0], "last_year": spans[key][1], "example": None}
        for key, recs, reviews in groups
    ]  # fmt: skip
    return _listed(kept, rows, keys, p["max_items"], per_year)


def _repeat_rows(kept: Kept, p: dict) -> list[dict]:
    themes, agencies = kept.names["theme"], kept.names["agency"]
    groups = [(key, recs, reviews) for key, (recs, reviews) in kept.sums(2).items()]
    # as the live query: the limit over every group (by theme id, then addressee id), then the
    # floor, then only groups whose theme is there, ordered by the addressee's name
    groups.sort(key=lambda g: (-g[2], -g[1], g[0][1], g[0][0]))
    groups = [g for g in groups[: p["limit"]] if g[2] >= p["min_reviews"] and g[0][1] in themes]
    keys = [g[0] for g in groups]
    per_year = kept.by_year(2, only=keys)
    spans = _spans(keys, per_year)
    rows = [
        {"theme_id": t, "theme": themes[t], **_group(g, agencies, p["by"] == "sector"),
         "reviews": reviews, "recommendations": recs, "first_year": spans[(g, t)][0],
         "last_year": spans[(g, t)][1]}
        for (g, t), recs, reviews in groups
    ]  # fmt: skip
    rows = _listed(kept, rows, keys, p["max_items"], per_year)
    rows.sort(key=lambda r: (-r["reviews"], -r["recommendations"], r["theme_id"], r["agency"]))
    return rows


def _last(value: Any) -> tuple[bool, Any]:
    """A sort key that puts nulls last, as ORDER BY does ascending on both backends."""
    return (value is None, "" if value is None else value)


def _overview_rows(kept: Kept, p: dict) -> list[dict]:
    counts: dict[tuple, int] = {}
    for i, cell_type in enumerate(kept.types):
        for j, n in zip(kept.index[i].tolist(), kept.values[i][0].tolist(), strict=True):
            key = (cell_type, kept.years[i], kept.keys[j][1])
            counts[key] = counts.get(key, 0) + n
    rows = [{"type": t, "year": y, "board": b, "reviews": n} for (t, y, b), n in counts.items()]
    rows.sort(key=lambda r: (_last(r["year"]), _last(r["type"]), _last(r["board"])))
    return rows


def _totals_rows(kept: Kept, p: dict) -> list[dict]:
    counts = kept.sums()
    documents = [key for key in counts if key[0] == "d"]
    return [{
        "reviews": kept.total,
        "boards": sum(1 for key in counts if key[0] == "b" and key[1] is not None),
        "documents": len(documents), "reports": sum(1 for key in documents if key[2]),
        "register_records": sum(n for n, r in zip(kept.totals, kept.registers, strict=True) if r),
        "findings": counts.get(("f",), (0,))[0],
        "recommendations": counts.get(("c",), (0,))[0],
        "open_recommendations": counts.get(("o",), (0,))[0],
    }]  # fmt: skip


def _agency_rows(kept: Kept, p: dict) -> list[dict]:
    counts = kept.sums()
    return [
        {**row, "reviews": counts.get(("r", row["id"]), (0,))[0],
         "recommendations": counts.get(("c", row["id"]), (0,))[0]}
        for row in kept.names["agency_rows"]
    ]  # fmt: skip


def _per_agency_rows(kept: Kept, p: dict) -> list[dict]:
    agencies, total = kept.names["agency"], kept.total
    rows = []
    for (g,), (recommendations, reviews) in kept.sums(2).items():
        group = _group(g, agencies, p["by"] == "sector")
        rows.append({**group, "reviews": reviews, "reviews_in_view": total,
                     "percent": _round(1000.0 * reviews / total) / 10.0,
                     "recommendations": recommendations})  # fmt: skip
    rows.sort(key=lambda r: (-r["reviews"], -r["recommendations"], r["agency"]))
    return rows


LAYERS = ("person", "team", "organisation", "governance", "circumstance")


def _layer_rows(kept: Kept, p: dict) -> list[dict]:
    counts, total = kept.sums(), kept.total
    layers = {key[1] for key in counts}
    rows = [
        {"layer": layer, "reviews": counts.get(("r", layer), (0,))[0], "reviews_in_view": total,
         "percent": 0.0 if total == 0
         else _round(1000.0 * counts.get(("r", layer), (0,))[0] / total) / 10.0,
         "findings": counts.get(("f", layer), (0,))[0]}
        for layer in layers
    ]  # fmt: skip
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    rows.sort(key=lambda r: (rank.get(r["layer"], len(LAYERS)), r["layer"]))
    return rows


def _by_type_rows(kept: Kept, p: dict) -> list[dict]:
    themes = kept.names["theme"]
    of_type: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    for i, cell_type in enumerate(kept.types):
        kind = "unknown" if cell_type is None else cell_type
        of_type[kind] = of_type.get(kind, 0) + kept.totals[i]
        for j, n in zip(kept.index[i].tolist(), kept.values[i][0].tolist(), strict=True):
            key = (kept.keys[j][0], kind)
            counts[key] = counts.get(key, 0) + n
    rows = [
        {"theme_id": a, "theme": themes.get(a), "type": kind, "reviews": n,
         "reviews_of_type": of_type[kind], "percent": _round(1000.0 * n / of_type[kind]) / 10.0}
        for (a, kind), n in counts.items()
        if n > 0
    ]  # fmt: skip
    rows.sort(key=lambda r: (r["theme_id"], r["type"]))
    return rows


def _review_rows(kept: Kept, p: dict) -> list[dict]:
    rows = [
        dict(zip(REVIEW_COLUMNS, values, strict=True))
        for _, found in kept.items(set(kept.years), {("rows",)})
        for values in found.get(("rows",), [])
    ]
    # ORDER BY year DESC, id: no year first (nulls sort first descending on both backends)
    rows.sort(key=lambda r: (r["year"] is not None, -(r["year"] or 0), r["id"]))
    return rows[: p["limit"]]


def _themes_rows(kept: Kept, p: dict) -> list[dict]:
    counts = kept.sums()
    return [
        {**row, "reviews": counts.get((row["id"],), (0,))[0]} for row in kept.names["theme_rows"]
    ]


@dataclass(frozen=True)
class Tally:
    query: str
    keyed_by: tuple[str, ...]  # the parameters that change what is counted: one set per value
    parts: tuple[str, ...]  # statements returning cell columns, `key` and counts `v` (, `w`)
    names: tuple[tuple[str, str], ...]  # (kind, statement returning id and name)
    rows: Callable[[Kept, dict], list[dict]]
    # parameters the answer needs a value for, with the largest value it answers (None: any)
    bounds: tuple[tuple[str, int | None], ...] = ()
    items: str | None = None  # statement returning cell columns, `key` and `items`
    width: int = 1  # counts per key: `v`, or `v` and `w`
    unset: tuple[str, ...] = ()  # parameters that must be left empty (else: live)
    free_text: bool = False  # items hold titles and such: never read through toJSON()
    # (parameter, n): below n rows the live query is the quicker (it reads only those rows)
    live_below: tuple[str, int] | None = None

    def set_name(self, params: dict[str, Any]) -> str:
        return "@".join([self.query, *(str(params[p]) for p in self.keyed_by)])


_THEMES = ("theme", THEME_NAMES)
_AGENCIES = ("agency", AGENCY_NAMES)
TALLIES = {
    t.query: t
    for t in (
        Tally("theme_cooccurrence", ("level",), (COOCCURRENCE_PARTS,), (_THEMES,),
              _cooccurrence_rows, (("min_reviews", None), ("limit", None))),
        Tally("characteristic_themes", ("level",),
              (CHARACTERISTIC_PARTS, CHARACTERISTIC_THEME_PARTS, THEME_PARTS),
              (_THEMES, ("characteristic", CHARACTERISTIC_NAMES)), _characteristic_rows,
              (("min_reviews", None),)),
        Tally("agency_theme_matrix", ("level", "by"), (MATRIX_PARTS,), (_THEMES, _AGENCIES),
              _matrix_rows, (("min_recommendations", None),), width=2),
        Tally("theme_trend", ("level",), (THEME_PARTS,), (_THEMES,), _trend_rows),
        Tally("open_on_recurring_theme", ("level",), (THEME_PARTS, OPEN_PARTS), (_THEMES,),
              _open_rows, (("limit", OPEN_CAP),), OPEN_ITEMS),
        Tally("recommendation_clusters", (), (CLUSTER_PARTS,), (), _cluster_rows,
              (("min_reviews", None), ("limit", None), ("max_items", CAP)), CLUSTER_ITEMS, 2),
        Tally("repeat_recommendations", ("level", "by"), (MATRIX_PARTS,), (_THEMES, _AGENCIES),
              _repeat_rows, (("min_reviews", None), ("limit", None), ("max_items", CAP)),
              MATRIX_ITEMS, 2),
        Tally("overview_counts", (), (BOARD_PARTS,), (), _overview_rows),
        Tally("overview_totals", (),
              (BOARD_PARTS, DOCUMENT_PARTS, FINDING_PARTS, MADE_PARTS, OPEN_MADE_PARTS), (),
              _totals_rows),
        Tally("agencies", (), (INVOLVED_PARTS, ADDRESSED_PARTS), (("agency_rows", AGENCY_ROWS),),
              _agency_rows),
        Tally("recommendations_per_agency", ("by",), (PER_AGENCY_PARTS,), (_AGENCIES,),
              _per_agency_rows, width=2),
        Tally("theme_by_layer", (), (LAYER_PARTS, LAYER_FINDING_PARTS), (), _layer_rows),
        Tally("theme_by_type", ("level",), (LINKED_AT_LEVEL_PARTS,), (_THEMES,), _by_type_rows),
        Tally("themes", (), (LINKED_PARTS,), (("theme_rows", THEME_ROWS),), _themes_rows),
        Tally("reviews", (), (), (), _review_rows, (("limit", None),), REVIEW_ITEMS,
              unset=("text",), free_text=True, live_below=("limit", 200)),
    )
}  # fmt: skip

STATEMENTS = {
    "tallies.totals": TOTALS, "tallies.cooccurrence_parts": COOCCURRENCE_PARTS,
    "tallies.characteristic_parts": CHARACTERISTIC_PARTS,
    "tallies.characteristic_theme_parts": CHARACTERISTIC_THEME_PARTS,
    "tallies.theme_parts": THEME_PARTS, "tallies.open_parts": OPEN_PARTS,
    "tallies.open_items": OPEN_ITEMS, "tallies.matrix_parts": MATRIX_PARTS,
    "tallies.matrix_items": MATRIX_ITEMS, "tallies.cluster_parts": CLUSTER_PARTS,
    "tallies.cluster_items": CLUSTER_ITEMS, "tallies.theme_names": THEME_NAMES,
    "tallies.characteristic_names": CHARACTERISTIC_NAMES, "tallies.agency_names": AGENCY_NAMES,
    "tallies.board_parts": BOARD_PARTS, "tallies.document_parts": DOCUMENT_PARTS,
    "tallies.finding_parts": FINDING_PARTS, "tallies.made_parts": MADE_PARTS,
    "tallies.open_made_parts": OPEN_MADE_PARTS, "tallies.involved_parts": INVOLVED_PARTS,
    "tallies.addressed_parts": ADDRESSED_PARTS, "tallies.per_agency_parts": PER_AGENCY_PARTS,
    "tallies.layer_parts": LAYER_PARTS, "tallies.layer_finding_parts": LAYER_FINDING_PARTS,
    "tallies.linked_at_level_parts": LINKED_AT_LEVEL_PARTS, "tallies.linked_parts": LINKED_PARTS,
    "tallies.agency_rows": AGENCY_ROWS, "tallies.theme_rows": THEME_ROWS,
    "tallies.review_items": REVIEW_ITEMS,
    "tallies.texts": TEXTS, "tallies.open_rows": OPEN_ROWS, "tallies.plain_ids": PLAIN_IDS,
    "tallies.write_cells": WRITE_CELLS,
    "tallies.read_cells": READ_CELLS, "tallies.read_items": READ_ITEMS,
    "tallies.read_marker": READ_MARKER, "tallies.read_keys": READ_KEYS,
    "tallies.write_marker": WRITE_MARKER,
}  # fmt: skip
# TEXTS_JSON, PROBE and GROUPED are sent to the embedded store only (FalkorDB's toJSON() and
# `CALL {` form; Neo4j has neither), so they are not in STATEMENTS, which the Neo4j linter reads.
# The stored form's version: counts another version of these statements wrote are never read.
# FORMAT: how build() encodes `counts` and `items`; raise it when that changes.
FORMAT = 2
LAYOUT = hashlib.sha256(
    "\n".join([f"{FORMAT}|{CAP}|{OPEN_CAP}", *STATEMENTS.values(), GROUPED]).encode()
).hexdigest()[:12]


def answerable(name: str, params: dict[str, Any]) -> bool:
    """Whether the kept counts answer these parameters exactly: a filter of whole cells (no
    board, age band or outcome), a value for every floor and limit, none over what is kept."""
    tally = TALLIES.get(name)
    if tally is None or not whole_cells(params):
        return False
    if any(params[p] is not None for p in tally.unset):
        return False
    if tally.live_below and (params[tally.live_below[0]] or 0) < tally.live_below[1]:
        return False
    return all(
        params[p] is not None and params[p] >= 0 and (most is None or params[p] <= most)
        for p, most in tally.bounds
    )


def _marker(set_name: str) -> str:
    return f"{set_name}@tallies"


def _stamp(fingerprint: str, spec: QuerySpec) -> str:
    from reviewgraph.queries.views import stamp

    return f"{stamp(fingerprint, spec)}|t{LAYOUT}"


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _cell_rows(
    store: GraphStore, statement: str, params: dict[str, Any], columns: list[str], grouped: bool
) -> Iterator[dict[str, Any]]:
    """The rows of a per-cell statement, read as one JSON string per cell when `grouped`."""
    if not grouped:
        yield from store.read(statement, params)
        return
    query = GROUPED.format(body=statement.strip(), columns=", ".join(columns))
    for row in store.read(query, params):
        cell = {part: row[part] for part in ("type", "year", "published", "register")}
        for values in json.loads(row["rows"], strict=False):
            yield {**cell, **dict(zip(columns, values, strict=True))}


def build(store: GraphStore, name: str, params: dict[str, Any], fingerprint: str) -> int:
    """Write one set of cells for the graph as it is now, then its marker; returns how many
    cells. `params` needs the tally's `keyed_by` values (the rest is not read)."""
    from reviewgraph.queries.registry import get_query

    tally = TALLIES[name]
    given = {p: params[p] for p in tally.keyed_by}
    cells: dict[tuple, dict[str, Any]] = {}

    def cell(row: dict) -> dict[str, Any]:
        key = (row["type"], row["year"], row["published"], row["register"])
        if key not in cells:
            cells[key] = {"n": 0, "k": [], "v": [], "w": [], "items": {}}
        return cells[key]

    for row in store.read(TOTALS):
        cell(row)["n"] = int(row["n"])
    grouped = store.backend == "embedded" and store.read(PLAIN_IDS)[0]["n"] == 0
    counted: list[tuple[dict, Key, tuple[int, ...]]] = []
    for statement in tally.parts:
        columns = ["key", "v", "w"][: 1 + tally.width]
        for row in _cell_rows(store, statement, given, columns, grouped):
            # sum() is a float on FalkorDB
            counted.append((cell(row), tuple(row["key"]), tuple(int(row[c]) for c in columns[1:])))
    listed: list[tuple[dict, Key, Any]] = []
    if tally.items:
        chosen = {**given, "cap": CAP, "open_cap": OPEN_CAP}
        plain = grouped and not tally.free_text
        for row in _cell_rows(store, tally.items, chosen, ["key", "items"], plain):
            listed.append((cell(row), tuple(row["key"]), row["items"]))
    # keys in one order whatever order the rows came in: two builds of one graph write the same
    # set, so the keys a reader keeps in memory by the marker's token fit either
    keys = {
        key: i for i, key in enumerate(sorted({k for _, k, _ in counted + listed}, key=_compact))
    }
    for part, key, values in counted:
        part["k"].append(keys[key])
        part["v"].append(values[0])
        if tally.width == 2:
            part["w"].append(values[1])
    for part, key, items in listed:
        part["items"][keys[key]] = _compact(items)  # a string of its own: decoded when asked
    names: dict[str, Any] = {}
    for kind, statement in tally.names:
        found = store.read(statement, given)
        # a map of names, or (a kind ending in "rows") rows kept as the statement orders them
        names[kind] = found if kind.endswith("rows") else {r["id"]: r["name"] for r in found}
    set_name = tally.set_name(params)
    written = [
        {"i": i, "type": key[0], "year": key[1], "published": key[2], "register": key[3],
         "counts": _compact([part["n"], part["k"], part["v"], part["w"]][: 2 + tally.width]),
         "items": _compact(part["items"]) if tally.items else None}
        for i, (key, part) in enumerate(cells.items())
    ]  # fmt: skip
    made = store.write(WRITE_CELLS, {"set": set_name, "query": name, "cells": written})
    store.write(WRITE_MARKER, {
        "marker": _marker(set_name), "set": set_name, "query": name,
        "stamp": _stamp(fingerprint, get_query(name)), "token": uuid.uuid4().hex,
        "keys": _compact(list(keys)),
        "names": _compact(names), "now": datetime.now(UTC).isoformat(timespec="seconds"),
    })  # fmt: skip
    return int(made.get("nodes_created", 0))


def build_defaults(store: GraphStore, fingerprint: str) -> int:
    """`analyse`: the sets of each tally's default parameters (the others when first read)."""
    from reviewgraph.queries.registry import coerce_params, get_query

    made = 0
    for name in TALLIES:
        made += build(store, name, coerce_params(get_query(name), {}), fingerprint)
    return made


# A set's keys and names by its marker's token: 34,000 keys are a megabyte of JSON at 10,000
# reviews, read and parsed once per build rather than on every filtered read.
_KEYS: dict[str, tuple[list[Key], dict[str, dict]]] = {}


def _keys_and_names(store: GraphStore, set_name: str, token: str) -> tuple[list[Key], dict]:
    kept = _KEYS.get(token)  # (the dashboard's sessions read on threads of their own)
    if kept is None:
        found = store.read(READ_KEYS, {"marker": _marker(set_name)})[0]
        names = json.loads(found["names"])
        if "agency" in names:
            names["agency"] = {g: tuple(v) for g, v in names["agency"].items()}
        kept = ([tuple(k) for k in json.loads(found["keys"])], names)
        for oldest in list(_KEYS)[: max(0, len(_KEYS) - 63)]:
            _KEYS.pop(oldest, None)
        _KEYS[found["token"]] = kept
    return kept


def answer(store: GraphStore, spec: QuerySpec, params: dict[str, Any]) -> list[dict] | None:
    """The query's rows from the kept counts, when they answer these parameters; None to
    compute live (other parameters, derived data being rewritten, a store refusing writes)."""
    if not answerable(spec.name, params):
        return None
    tally = TALLIES[spec.name]
    set_name = tally.set_name(params)
    marker = fresh_marker(store, READ_MARKER, _marker(set_name), lambda f: _stamp(f, spec),
                          lambda f: build(store, spec.name, params, f))  # fmt: skip
    if marker is None:
        return None
    keys, names = _keys_and_names(store, set_name, marker["token"])
    kept = Kept(store, set_name, params, keys, names)
    for row in store.read(READ_CELLS, {**params, "set": set_name}):
        n, index, *counts = json.loads(row["counts"])
        kept.years.append(row["year"])
        kept.types.append(row["type"])
        kept.registers.append(bool(row["register"]))
        kept.totals.append(n)
        kept.index.append(np.asarray(index, dtype=np.int64))
        kept.values.append([np.asarray(c, dtype=np.int64) for c in counts])
    return tally.rows(kept, params)
