"""Run every benchmark in bench/ (`make bench`): each bench_*.py module's main(), defaults.

Usage: python -m bench.run_all [name ...]   e.g. python -m bench.run_all queries
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main() -> None:
    wanted = set(sys.argv[1:])
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    for name in names:
        if wanted and name.removeprefix("bench_") not in wanted and name not in wanted:
            continue
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        sys.argv = [f"bench/{name}.py"]  # each main() parses its own defaults
        module.main()
        print(f"== {name} done in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
