"""Median latency of every named query on synthetic graphs, embedded backend.

For each size: generate (bench/synth.py), run `analyse`, then time each query
- default: the parameters the dashboard opens with (answered from a precomputed view where
  the query has one);
- live: the same parameters computed from the links (`precomputed=False`), i.e. before
  precomputing;
- board: one board's reviews (a filter, so always live).

Usage: python -m bench.bench_queries --sizes 1000,10000 --runs 7 --out bench-queries.json
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synth import build_synth
from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import QuerySpec, list_queries, run_query

REQUIRED = {"theme": "information_sharing", "text": "information sharing", "agency": "police"}


def _required(spec: QuerySpec, store: GraphStore) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for p in spec.params:
        if p.required:
            if p.name == "review_id":
                first = store.read("MATCH (r:Review) RETURN r.id AS id ORDER BY id LIMIT 1")
                params[p.name] = first[0]["id"]
            elif p.name == "board":
                first = store.read("MATCH (r:Review) RETURN r.board AS b ORDER BY b LIMIT 1")
                params[p.name] = first[0]["b"]
            else:
                params[p.name] = REQUIRED[p.name]
    return params


def median_ms(store: GraphStore, name: str, params: dict[str, Any], runs: int, **kw: Any) -> float:
    run_query(store, name, params, **kw)  # warm-up: plan cache, page cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run_query(store, name, params, **kw)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def bench_size(n: int, runs: int, data_root: Path) -> dict[str, Any]:
    data = data_root / f"synth-{n}"
    result: dict[str, Any] = {"reviews": n, "queries": {}}
    with open_store(Settings(data_dir=data)) as store:
        store.clear()
        started = time.perf_counter()
        written = build_synth(store, n)
        result["generate_s"] = round(time.perf_counter() - started, 1)
        result["documents_written"] = written
        derived = analyse(store)
        result["analyse"] = derived
        board = store.read("MATCH (r:Review) RETURN r.board AS b ORDER BY b LIMIT 1")[0]["b"]
        for spec in list_queries():
            params = _required(spec, store)
            timing = {"default": median_ms(store, spec.name, params, runs)}
            if spec.precompute is not None:
                timing["live"] = median_ms(store, spec.name, params, runs, precomputed=False)
            if spec.filters:
                timing["board"] = median_ms(store, spec.name, {**params, "boards": [board]}, runs)
            result["queries"][spec.name] = timing
            print(f"N={n:>6} {spec.name:<28} {timing}", flush=True)
    return result


def markdown(results: list[dict[str, Any]]) -> str:
    """The table for docs/BENCHMARKS.md."""
    sizes = [r["reviews"] for r in results]
    head = (
        "| query | "
        + " | ".join(f"N={n:,} default | N={n:,} live | N={n:,} one board" for n in sizes)
        + " |"
    )
    lines = [head, "|---" * (1 + 3 * len(sizes)) + "|"]
    names = list(results[0]["queries"])
    for name in names:
        cells = []
        for r in results:
            t = r["queries"][name]
            cells += [f"{t['default']:.1f}", f"{t['live']:.1f}" if "live" in t else "=",
                      f"{t['board']:.1f}" if "board" in t else "–"]  # fmt: skip
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-root", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="also write the results as JSON")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="rgb-", dir="/tmp") as tmp:
        root = args.data_root or Path(tmp)
        results = [bench_size(n, args.runs, root) for n in sizes]
    meta = {"machine": f"{platform.machine()}, {platform.system()} {platform.release()}",
            "python": platform.python_version(), "runs": args.runs}  # fmt: skip
    if args.out:
        args.out.write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    print(markdown(results))
    for r in results:
        print(f"N={r['reviews']}: generated {r['rows_written']} rows in {r['generate_s']} s; "
              f"analyse {r['analyse'].get('seconds')} s: {r['analyse']}")  # fmt: skip


if __name__ == "__main__":
    main()
