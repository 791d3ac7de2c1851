"""What the theme proposer (loaders/theme_proposer.py) costs a load: extraction of a folder
of documents timed with the proposer and without it, interleaved, best of R rounds.

The proposer runs only for a case that counts fewer than ten themes, so bench_stages'
generated reports (ten themes and more each) barely call it; the eval documents (short
briefings and summaries, most cases under ten themes) are where it costs most:

    python tests/eval/build.py /tmp/rg-eval
    python -m bench.bench_proposer /tmp/rg-eval --rounds 4
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="documents to extract (PDF, DOCX, HTML)")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    import reviewgraph.loaders.extract as extract
    from reviewgraph.loaders.pipeline import matchers
    from reviewgraph.loaders.readers import read_document
    from reviewgraph.loaders.theme_proposer import theme_proposer

    paths = sorted(
        p for p in args.folder.iterdir() if p.suffix.lower() in (".pdf", ".docx", ".html")
    )
    m = matchers()
    raws = [read_document(p) for p in paths]
    pages = sum(len(r.pages) for r in raws)
    theme_proposer()  # loaded once, as a load's worker does
    real = extract.propose_themes

    def off(*_: Any) -> None:
        return None

    best = {"with": float("inf"), "without": float("inf")}
    try:
        for _ in range(args.rounds):
            for mode, propose in (("without", off), ("with", real)):
                extract.propose_themes = propose  # type: ignore[assignment]
                start = time.perf_counter()
                for raw in raws:
                    extract.extract_document(raw, "0" * 64, m)
                best[mode] = min(best[mode], time.perf_counter() - start)
    finally:
        extract.propose_themes = real
    print(
        json.dumps(
            {
                "documents": len(paths),
                "pages": pages,
                "extract_ms_per_page_without": round(1000 * best["without"] / pages, 3),
                "extract_ms_per_page_with": round(1000 * best["with"] / pages, 3),
                "proposer_share": round(1 - best["without"] / best["with"], 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
