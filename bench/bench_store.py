"""Start-up time of the embedded store: cold (new data dir), warm restart, and connect.

python -m bench.bench_store --runs 10
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from reviewgraph.graph.embedded import EmbeddedStore


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    cold, restart, connect = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            data = Path(tmp) / f"d{i}"
            holder: list[EmbeddedStore] = []
            cold.append(_timed(lambda: holder.append(EmbeddedStore(data))))  # noqa: B023
            owner = holder.pop()
            owner.write("UNWIND range(1, 1000) AS i CREATE (:Review {id: toString(i)})")
            connect.append(_timed(lambda: EmbeddedStore(data).close()))  # noqa: B023
            owner.close()
            restart.append(_timed(lambda: holder.append(EmbeddedStore(data))))  # noqa: B023
            holder.pop().close()
    print(json.dumps({
        "runs": args.runs,
        "cold_start_ms_median": round(statistics.median(cold), 1),
        "restart_with_1000_nodes_ms_median": round(statistics.median(restart), 1),
        "connect_to_running_ms_median": round(statistics.median(connect), 1),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
