"""Filtered named queries: median latency under the dashboard's common filters, optionally
against the same queries as an earlier git revision wrote them, back to back on one graph.

A filter makes an aggregate run live (the precomputed views answer only the unfiltered
default), so this is what a user waits for after choosing a board, a review type or years.
Filters: one board (1/50 of the reviews), one type (SAR, a quarter), the years 2020-2025 (a
third), and every review live (`include_register`, which on the synthetic graph keeps all).

By default each query's Cypher is timed as written, live. `--served` times what the dashboard
gets instead (`run_query`: a stored view, the similar pairs' buckets under a filter of whole
review cells, else live): the same rows, see queries/cells.py.

Usage:
  python -m bench.bench_filtered --data-dir DIR                 # a graph built by bench.synth
  python -m bench.bench_filtered --data-dir DIR --against HEAD~1 --runs 7
  python -m bench.bench_filtered --data-dir DIR --served --queries similar_recommendations
  python -m bench.bench_filtered --data-dir DIR --served --queries all   # every filtered query
(build one: python -m bench.synth 10000 --data-dir DIR && reviewgraph --data-dir DIR analyse)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.queries.registry import (
    QuerySpec,
    coerce_params,
    get_query,
    parse_query_file,
    run_query,
)

QUERIES = (
    "open_on_recurring_theme", "repeat_recommendations", "similar_recommendations",
    "agency_theme_matrix", "theme_cooccurrence", "theme_trend", "recommendation_clusters",
    "board_theme_share", "characteristic_themes", "recurring_themes",
)  # fmt: skip
ROOT = Path(__file__).resolve().parents[1]


def every_filtered() -> list[str]:
    """`--queries all`: every named query that takes the common filters."""
    from reviewgraph.queries.registry import list_queries

    return [spec.name for spec in list_queries() if spec.filters]


def required(store: GraphStore, name: str) -> dict[str, Any]:
    """Values for the parameters a query cannot do without: the theme raised by most
    reviews, the agency told most, a review with similar reviews, a common word."""
    spec = get_query(name)
    given: dict[str, Any] = {}
    for param in ("theme", "agency", "review_id", "text"):
        declared = spec.param(param)
        if declared is None or not declared.required:
            continue
        if param == "theme":
            given[param] = store.read(
                "MATCH (:Review)-[:RAISES]->(a:Theme {level: 'theme'}) "
                "RETURN a.id AS id, count(*) AS n ORDER BY n DESC, id LIMIT 1"
            )[0]["id"]
        elif param == "agency":
            given[param] = store.read(
                "MATCH (:Recommendation)-[:ADDRESSED_TO]->(a:Agency) "
                "RETURN a.id AS id, count(*) AS n ORDER BY n DESC, id LIMIT 1"
            )[0]["id"]
        elif param == "review_id":
            given[param] = store.read(
                "MATCH (r:Review)-[:SIMILAR_TO]-(:Review) RETURN r.id AS id ORDER BY id LIMIT 1"
            )[0]["id"]
        else:
            given[param] = "information sharing"  # the words `search` looks for
    return given


def filters(board: str) -> dict[str, dict[str, Any]]:
    return {
        "one board": {"boards": [board]},
        "SAR": {"types": ["SAR"]},
        "2020-2025": {"year_from": 2020, "year_to": 2025},
        "all live": {"include_register": True},
    }


def spec_at(name: str, revision: str) -> QuerySpec:
    """The named query as the file was at `revision`."""
    text = subprocess.run(
        ["git", "show", f"{revision}:queries/cypher/{name}.cypher"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp(prefix="rg-q-")) / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return parse_query_file(path)


def median_ms(store: GraphStore, spec: QuerySpec, params: dict[str, Any], runs: int) -> float:
    values = coerce_params(spec, params)
    cypher = spec.cypher[store.backend]
    store.read(cypher, values)  # warm-up: plan cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        store.read(cypher, values)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def served_ms(store: GraphStore, name: str, params: dict[str, Any], runs: int) -> float:
    """What the dashboard waits for: `run_query` with its stored answers."""
    run_query(store, name, params)  # warm-up: plan cache, and a stale set of buckets rebuilt
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run_query(store, name, params)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", default=None, help="also time the queries as at this rev")
    parser.add_argument("--queries", default=",".join(QUERIES))
    parser.add_argument("--served", action="store_true", help="time run_query (as the dashboard)")
    args = parser.parse_args()
    with open_store(Settings(data_dir=args.data_dir)) as store:
        board = store.read("MATCH (r:Review) RETURN r.board AS b ORDER BY b LIMIT 1")[0]["b"]
        chosen = filters(board)
        head = "| query | " + " | ".join(chosen) + " |"
        lines = [head, "|---" * (1 + len(chosen)) + "|"]
        names = every_filtered() if args.queries == "all" else args.queries.split(",")
        for name in names:
            specs = [get_query(name)]
            given = required(store, name)
            if args.against:
                specs.insert(0, spec_at(name, args.against))
            cells = []
            for label, chosen_filter in chosen.items():
                params = {**given, **chosen_filter}
                if name == "board_theme_share":
                    params["board"] = board
                    if label == "one board":
                        cells.append("–")  # the board is the query's own parameter
                        continue
                times = [median_ms(store, spec, params, args.runs) for spec in specs]
                if args.served:
                    times.append(served_ms(store, name, params, args.runs))
                cells.append(" → ".join(f"{t:g}" for t in times))
            lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
