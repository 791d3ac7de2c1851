"""Incremental derive: one new report loaded into a large graph re-derives only what it touched.

    python -m bench.bench_incremental --reviews 10000 --data-dir /tmp/rg-incr

Builds the synthetic graph (bench/synth.py) unless the data dir already holds one, runs a
full `analyse` (which saves the derive state beside the store), then, timed separately:
1. `load` of one new generated report (bench/bench_pipeline.py's PDFs): the pipeline, then
   the incremental derive;
2. the same file again (unchanged: nothing to derive);
3. a revised version of that report under the same path (replaces its contributions);
4. `reviewgraph load` of another new report, as a user runs it: the whole command, process
   start to exit (imports, store start, the pipeline, the incremental derive);
5. a full `analyse` for comparison.
The first read of each precomputed view after an incremental derive computes it live; the
time of the dashboard's Overview queries then, and once kept, is reported too.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_pipeline import make_corpus
from bench.synth import build_synth
from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import open_store
from reviewgraph.loaders.pipeline import load_batch
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import run_query

OVERVIEW = [("overview_totals", {}), ("recurring_themes", {"level": "theme"}),
            ("theme_trend", {}), ("action_status", {})]  # fmt: skip


def _timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--keep", action="store_true", help="reuse an analysed graph in data-dir")
    args = parser.parse_args()
    data = args.data_dir
    docs = data.parent / (data.name + "-docs")
    shutil.rmtree(docs, ignore_errors=True)
    report_a, report_b, report_c = make_corpus(docs, 3, seed=11)
    target = docs / "new-report.pdf"
    shutil.copy(report_a, target)
    with open_store(Settings(data_dir=data)) as store:
        if not args.keep:
            store.clear()
            _, seconds = _timed(lambda: build_synth(store, args.reviews, 7))
            print(f"synthetic graph of {args.reviews:,} reviews written in {seconds:.1f} s")
            counts, seconds = _timed(lambda: analyse(store, state_dir=data))
            print(f"full analyse (saves the state): {seconds:.1f} s {counts}")
        for label, step in (("new report", None), ("same file again", None),
                            ("revised report, same path", report_b)):  # fmt: skip
            if step is not None:
                shutil.copy(step, target)
            report, load_s = _timed(lambda: load_batch(store, [target]))
            counts, derive_s = _timed(
                lambda r=report: analyse(store, state_dir=data, incremental=True)
                if r.changed else {"mode": "nothing loaded"}
            )
            print(f"{label}: load {load_s:.2f} s, derive {derive_s:.2f} s {counts}")
            for name, params in OVERVIEW:
                _, first = _timed(lambda n=name, p=params: run_query(store, n, p))
                _, again = _timed(lambda n=name, p=params: run_query(store, n, p))
                print(f"    {name}: first read {first * 1000:.0f} ms, then {again * 1000:.0f} ms")
    # the command a user runs (the store is closed above: the command starts its own server)
    command = [sys.executable, "-m", "reviewgraph", "--data-dir", str(data), "load",
               str(report_c), "--no-progress"]  # fmt: skip
    done, seconds = _timed(lambda: subprocess.run(command, capture_output=True, text=True))
    derived = [line for line in done.stdout.splitlines() if line.startswith("derived")]
    print(f"`reviewgraph load` of one new report: {seconds:.2f} s, exit {done.returncode}; "
          f"{derived[0] if derived else done.stderr[-300:]}")
    with open_store(Settings(data_dir=data)) as store:
        counts, seconds = _timed(lambda: analyse(store, state_dir=data))
        print(f"full analyse for comparison: {seconds:.1f} s")


if __name__ == "__main__":
    main()
