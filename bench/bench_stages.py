"""Milliseconds per page in each stage a load worker runs: reading a PDF, and cleaning,
sectioning and extracting its text (the steps `load_paths` runs in its workers; the
parent's graph writes are timed by bench_pipeline).

The same generated PDFs as bench_pipeline (its first N documents), each stage timed
alone, best of R rounds, one process, so that two commits can be compared in one sitting:

    python -m bench.bench_stages --docs 40 --rounds 3 --out /tmp/rg-bench
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.bench_pipeline import make_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "rg-bench")
    args = parser.parse_args()

    from reviewgraph.loaders.extract import extract_document
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document

    paths = make_corpus(args.out / "pdfs", args.docs)
    m = matchers()
    raws = [read_document(p) for p in paths]  # warm: imports, fonts, caches
    pages = sum(len(r.pages) for r in raws)
    read_s = extract_s = float("inf")
    for _ in range(args.rounds):
        start = time.perf_counter()
        raws = [read_document(p) for p in paths]
        read_s = min(read_s, time.perf_counter() - start)
        start = time.perf_counter()
        for raw in raws:
            extract_document(raw, "0" * 64, m)
        extract_s = min(extract_s, time.perf_counter() - start)
    print(
        json.dumps(
            {
                "documents": len(paths),
                "pages": pages,
                "read_ms_per_page": round(1000 * read_s / pages, 3),
                "extract_ms_per_page": round(1000 * extract_s / pages, 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
