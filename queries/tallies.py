"""Three count-shaped aggregates under a broad filter, from counts kept per review cell.

`theme_cooccurrence`, `characteristic_themes` and `agency_theme_matrix` count reviews (and
recommendations) per theme, pair of themes, characteristic or agency. Live, under one review
type or six years at 10,000 reviews, they walk a quarter to a third of 490,000 theme links and
take 60-240 ms (docs/BENCHMARKS.md), over the 100 ms goal of issue 15.

Every count they take is a sum over reviews, and every review is in one *cell*: its (type,
year, published, register record), the same cells as queries/cells.py. The common filter keeps
a review exactly when it keeps its cell, unless a board, age band or outcome is chosen (those
answer live, in tens of milliseconds). So each count under such a filter is the sum of that
count over the cells kept. For each query and each value of the parameters that change what is
counted (`level`, and `by` for the matrix), `analyse` keeps one node per cell,

    (:Precomputed {cells: "<query>@<level>[@<by>]", type, year, published, register, counts})

whose `counts` is JSON: [reviews in the cell, [key index…], [count…] (, [second count…])],
the keys (theme ids, pairs of them, characteristic/theme pairs, agency/theme pairs) listed once
on the set's marker with the names the rows show. A filtered read adds up the cells it keeps
(numpy, a few milliseconds) and builds the live query's rows in Python: the same columns,
arithmetic (Cypher's round(), halves up) and order. tests/test_tallies.py compares them with
the live rows under many filters on both backends.

The counts are read out of the graph by one aggregate per kind of key (returning per-cell rows
is what costs: 3-6 s per set at 10,000 reviews, mostly the FalkorDB client's decoding), so
`analyse` builds only the sets of the default parameters; another set, or a set gone stale
after a load, is built when a filtered read first needs it, like the similar pairs' buckets.
A store that refuses writes (a read-only account) answers live.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.cells import cell_columns

if TYPE_CHECKING:
    from reviewgraph.queries.registry import QuerySpec

CELL = cell_columns("r")
CELL_NAMES = "type, year, published, register"

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

# Recommendations per (review, group, theme) first, so a review counts once per key without
# count(DISTINCT r), which crashed FalkorDB 4.16 over this many groups (docs/BENCHMARKS.md).
MATRIX_PARTS = f"""
MATCH (r:Review)-[:MADE]->(c:Recommendation)
WITH r, c,
     CASE $by WHEN 'sector' THEN c.sectors ELSE c.agency_ids END AS gs,
     CASE $level WHEN 'theme' THEN c.raises_theme WHEN 'subtheme' THEN c.raises_subtheme
       ELSE c.raises_domain END AS ts
UNWIND gs AS g
UNWIND ts AS t
WITH r, g, t, count(c) AS n
RETURN {CELL}, [g, t] AS key, sum(n) AS v, count(*) AS w"""

THEME_NAMES = "MATCH (a:Theme) WHERE a.level = $level RETURN a.id AS id, a.name AS name"
CHARACTERISTIC_NAMES = "MATCH (c:Characteristic) RETURN c.id AS id, c.name AS name"
AGENCY_NAMES = "MATCH (a:Agency) RETURN a.id AS id, [a.name, a.sector] AS name"

# One statement (one transaction on both backends): the old cells go and the new come together.
WRITE_CELLS = """
OPTIONAL MATCH (old:Precomputed {cells: $set})
DELETE old
WITH count(*) AS cleared
UNWIND $cells AS c
CREATE (x:Precomputed {cells: $set, query: $query})
SET x.id = $set + '#' + toString(c.i), x.type = c.type, x.year = c.year,
    x.published = c.published, x.register = c.register, x.counts = c.counts
RETURN count(x) AS cells"""
READ_CELLS = """
MATCH (x:Precomputed {cells: $set})
WHERE (size($types) = 0 OR x.type IN $types)
  AND ($year_from IS NULL OR x.year >= $year_from)
  AND ($year_to IS NULL OR x.year <= $year_to)
  AND ($include_unpublished OR x.published)
  AND ($include_register OR NOT x.register)
RETURN x.counts AS counts"""
READ_MARKER = """
MATCH (p:Precomputed {id: $marker})
RETURN p.fingerprint AS fingerprint, p.keys AS keys, p.names AS names"""
WRITE_MARKER = """
MERGE (p:Precomputed {id: $marker})
SET p.cells = $set + '@marker', p.query = $query, p.fingerprint = $stamp, p.keys = $keys,
    p.names = $names, p.computed_at = $now"""

Counts = dict[tuple[str, ...], tuple[int, ...]]


def _round(value: float) -> float:
    """Cypher's round() on both backends: the nearest whole number, halves up (every value
    rounded here is positive); Python's round() would take halves to the even number."""
    whole = math.floor(value)
    return float(whole + 1 if value - whole >= 0.5 else whole)


def _cooccurrence_rows(total: int, counts: Counts, names: dict, p: dict) -> list[dict]:
    themes = names["theme"]
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


def _characteristic_rows(total: int, counts: Counts, names: dict, p: dict) -> list[dict]:
    themes, kinds = names["theme"], names["characteristic"]
    wanted = p["characteristic"]
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


def _matrix_rows(total: int, counts: Counts, names: dict, p: dict) -> list[dict]:
    themes, agencies = names["theme"], names["agency"]
    by_sector = p["by"] == "sector"
    rows = []
    for (g, t), (recommendations, reviews) in counts.items():
        if recommendations < p["min_recommendations"] or t not in themes:
            continue  # the live query keeps a theme id only when the Theme is there
        name, sector = agencies.get(g, (None, None))
        rows.append({
            "agency_id": None if by_sector else g,
            "agency": g if by_sector else (name if name is not None else g),
            "sector": g if by_sector else (sector if sector is not None else "unknown"),
            "theme_id": t, "theme": themes[t],
            "recommendations": recommendations, "reviews": reviews,
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["recommendations"], r["agency"], r["theme_id"]))
    return rows


@dataclass(frozen=True)
class Tally:
    query: str
    keyed_by: tuple[str, ...]  # the parameters that change what is counted: one set per value
    parts: tuple[str, ...]  # statements returning cell columns, `key` and counts `v` (, `w`)
    names: tuple[tuple[str, str], ...]  # (kind, statement returning id and name)
    rows: Callable[[int, Counts, dict, dict], list[dict]]
    floors: tuple[str, ...]  # parameters the answer needs a value for
    width: int = 1  # counts per key: `v`, or `v` and `w`

    def set_name(self, params: dict[str, Any]) -> str:
        return "@".join([self.query, *(str(params[p]) for p in self.keyed_by)])


TALLIES = {
    t.query: t
    for t in (
        Tally("theme_cooccurrence", ("level",), (COOCCURRENCE_PARTS,),
              (("theme", THEME_NAMES),), _cooccurrence_rows, ("min_reviews", "limit")),
        Tally("characteristic_themes", ("level",),
              (CHARACTERISTIC_PARTS, CHARACTERISTIC_THEME_PARTS, THEME_PARTS),
              (("theme", THEME_NAMES), ("characteristic", CHARACTERISTIC_NAMES)),
              _characteristic_rows, ("min_reviews",)),
        Tally("agency_theme_matrix", ("level", "by"), (MATRIX_PARTS,),
              (("theme", THEME_NAMES), ("agency", AGENCY_NAMES)), _matrix_rows,
              ("min_recommendations",), width=2),
    )
}  # fmt: skip

STATEMENTS = {
    "tallies.totals": TOTALS, "tallies.cooccurrence_parts": COOCCURRENCE_PARTS,
    "tallies.characteristic_parts": CHARACTERISTIC_PARTS,
    "tallies.characteristic_theme_parts": CHARACTERISTIC_THEME_PARTS,
    "tallies.theme_parts": THEME_PARTS, "tallies.matrix_parts": MATRIX_PARTS,
    "tallies.theme_names": THEME_NAMES, "tallies.characteristic_names": CHARACTERISTIC_NAMES,
    "tallies.agency_names": AGENCY_NAMES, "tallies.write_cells": WRITE_CELLS,
    "tallies.read_cells": READ_CELLS, "tallies.read_marker": READ_MARKER,
    "tallies.write_marker": WRITE_MARKER,
}  # fmt: skip
# The stored form's version: counts another version of these statements wrote are never read.
LAYOUT = hashlib.sha256("\n".join(STATEMENTS.values()).encode()).hexdigest()[:12]


def answerable(name: str, params: dict[str, Any]) -> bool:
    """Whether the kept counts answer these parameters exactly: a filter of whole cells (no
    board, age band or outcome) and a value for every floor and limit."""
    tally = TALLIES.get(name)
    return (
        tally is not None and not params["boards"] and not params["age_bands"]
        and params["outcome"] is None
        and all(params[p] is not None for p in tally.floors)
        and params.get("limit", 0) >= 0
    )  # fmt: skip


def _marker(set_name: str) -> str:
    return f"{set_name}@tallies"


def _stamp(fingerprint: str, spec: QuerySpec) -> str:
    from reviewgraph.queries.views import stamp

    return f"{stamp(fingerprint, spec)}|t{LAYOUT}"


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
            cells[key] = {"n": 0, "k": [], "v": [], "w": []}
        return cells[key]

    for row in store.read(TOTALS):
        cell(row)["n"] = int(row["n"])
    keys: dict[tuple, int] = {}
    for statement in tally.parts:
        for row in store.read(statement, given):
            part = cell(row)
            part["k"].append(keys.setdefault(tuple(row["key"]), len(keys)))
            part["v"].append(int(row["v"]))  # sum() is a float on FalkorDB
            if "w" in row:
                part["w"].append(int(row["w"]))
    names = {kind: {r["id"]: r["name"] for r in store.read(statement, given)}
             for kind, statement in tally.names}  # fmt: skip
    set_name = tally.set_name(params)
    written = [
        {"i": i, "type": key[0], "year": key[1], "published": key[2], "register": key[3],
         "counts": json.dumps([part["n"], part["k"], part["v"], part["w"]][: 3 + tally.width - 1],
                              separators=(",", ":"))}
        for i, (key, part) in enumerate(cells.items())
    ]  # fmt: skip
    made = store.write(WRITE_CELLS, {"set": set_name, "query": name, "cells": written})
    store.write(WRITE_MARKER, {
        "marker": _marker(set_name), "set": set_name, "query": name,
        "stamp": _stamp(fingerprint, get_query(name)),
        "keys": json.dumps(list(keys), separators=(",", ":")),
        "names": json.dumps(names, separators=(",", ":")),
        "now": datetime.now(UTC).isoformat(timespec="seconds"),
    })  # fmt: skip
    return int(made.get("nodes_created", 0))


def build_defaults(store: GraphStore, fingerprint: str) -> int:
    """`analyse`: the sets of each tally's default parameters (the others when first read)."""
    from reviewgraph.queries.registry import coerce_params, get_query

    made = 0
    for name in TALLIES:
        made += build(store, name, coerce_params(get_query(name), {}), fingerprint)
    return made


def _add_up(rows: list[dict], size: int, width: int) -> tuple[int, list[np.ndarray]]:
    """The reviews and each count summed over the cells read, as arrays by key index."""
    total, keys, values = 0, [], []
    for row in rows:
        n, k, *counts = json.loads(row["counts"])
        total += n
        keys.append(np.asarray(k, dtype=np.int64))
        values.append(counts)
    if not keys:
        return total, []
    index = np.concatenate(keys)
    sums = []
    for j in range(width):
        column = np.concatenate([np.asarray(v[j], dtype=np.int64) for v in values])
        sums.append(np.bincount(index, weights=column, minlength=size).astype(np.int64))
    return total, sums


def answer(store: GraphStore, spec: QuerySpec, params: dict[str, Any]) -> list[dict] | None:
    """The query's rows from the kept counts, when they answer these parameters; None to
    compute live (other parameters, derived data being rewritten, a store refusing writes)."""
    from reviewgraph.queries.derived import REWRITING
    from reviewgraph.queries.views import graph_fingerprint

    if not answerable(spec.name, params):
        return None
    tally = TALLIES[spec.name]
    set_name = tally.set_name(params)
    found = store.read(READ_MARKER, {"marker": _marker(set_name)})
    fingerprint = graph_fingerprint(store)
    if not found or found[0]["fingerprint"] != _stamp(fingerprint, spec):
        if fingerprint.endswith("|" + REWRITING):
            return None
        try:
            build(store, spec.name, params, fingerprint)
        except ReviewgraphError:
            return None
        found = store.read(READ_MARKER, {"marker": _marker(set_name)})
    keys = [tuple(k) for k in json.loads(found[0]["keys"])]
    names = json.loads(found[0]["names"])
    if "agency" in names:
        names["agency"] = {g: tuple(v) for g, v in names["agency"].items()}
    cells = store.read(READ_CELLS, {**params, "set": set_name})
    total, sums = _add_up(cells, len(keys), tally.width)
    counts: Counts = {}
    if sums:
        for i in np.flatnonzero(sums[0]):
            counts[keys[i]] = tuple(int(s[i]) for s in sums)
    return tally.rows(total, counts, names, params)
