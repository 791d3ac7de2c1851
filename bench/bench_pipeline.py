"""Pages per second through the whole load pipeline against raw PDF text extraction.

Generates N review PDFs of 30-60 pages (the sample corpus's single-case reviews, each
given its own subject and repeated to length), then times
  1. raw extraction: pypdfium2 text of every page, nothing else;
  2. the pipeline in this process: read, clean, section, extract, write (one transaction
     per file) into a fresh embedded store, derived data left out;
  3. the command a user runs, `reviewgraph --data-dir D load FOLDER`, start to exit: the
     process start, imports, store start, the pipeline and the derived data, all included.

    python -m bench.bench_pipeline --docs 150 --out /tmp/rg-bench
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import tempfile
import time
from pathlib import Path

import yaml

from reviewgraph.loaders.sample.build import (
    SOURCES,
    Block,
    Source,
    pages_of,
    parse_source,
    render_pdf,
)

EXPECTED = yaml.safe_load((SOURCES.parent / "EXPECTED.yaml").read_text())


def _single_case_sources() -> list[tuple[Source, str]]:
    out = []
    for doc in EXPECTED["documents"]:
        case = doc["cases"][0]
        if len(doc["cases"]) == 1 and case["published"] and doc["format"] == "pdf":
            out.append((parse_source(SOURCES / doc["source"]), case["subject"]))
    return out


def _renamed(block: Block, old: str, new: str) -> Block:
    b = copy.copy(block)
    b.text = b.text.replace(old, new)
    b.rows = [[c.replace(old, new) for c in row] for row in b.rows]
    return b


def _base_pdf(src: Source, folder: Path) -> Path:
    """The source repeated to 60 pages, rendered once (fpdf2 is the slow part)."""
    out = folder / f"base-{src.slug}.pdf"
    if not out.exists():
        blocks: list[Block] = []
        while 1 + sum(b.kind == "page" for b in blocks) < 60:
            blocks += ([Block("page")] if blocks else []) + list(src.blocks)
        breaks = [j for j, b in enumerate(blocks) if b.kind == "page"]
        blocks = blocks[: breaks[59]] if len(breaks) >= 60 else blocks
        render_pdf(Source(out.with_suffix(".md"), src.meta, blocks), out)
    return out


def make_corpus(folder: Path, docs: int, seed: int = 7) -> list[Path]:
    """`docs` PDFs of 30-60 pages: a title page naming a distinct (fictional) subject,
    then pages of a sample review."""
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    work = folder.parent / "parts"  # base documents and title pages, kept out of the corpus
    work.mkdir(exist_ok=True)
    bases = [(src, subject, _base_pdf(src, work)) for src, subject in _single_case_sources()]
    paths = []
    for i in range(docs):
        out = folder / f"bench-{i:04d}.pdf"
        paths.append(out)
        if out.exists():
            continue
        src, subject, base = rng.choice(bases)
        first = pages_of(src)[0]
        title = work / "title.pdf"
        blocks = [_renamed(b, subject, f"Child Z{i:04d}") for b in first]
        render_pdf(Source(title.with_suffix(".md"), src.meta, blocks), title)
        pdf = pdfium.PdfDocument(title)
        pdf.import_pages(pdfium.PdfDocument(base), list(range(1, rng.randint(30, 60))))
        pdf.save(out)
        pdf.close()
    return paths


def raw_extraction(paths: list[Path]) -> tuple[int, float]:
    import pypdfium2 as pdfium

    pages, start = 0, time.perf_counter()
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            page.get_textpage().get_text_range()
            pages += 1
        pdf.close()
    return pages, time.perf_counter() - start


def pipeline(paths: list[Path], data: Path) -> tuple[int, float, dict]:
    from reviewgraph.graph.config import Settings
    from reviewgraph.graph.store import open_store
    from reviewgraph.loaders.pipeline import ensure_reference, load_paths, matchers

    with open_store(Settings(data_dir=data)) as store:
        matchers()
        ensure_reference(store)  # one-off start-up costs, not per page
        start = time.perf_counter()
        report = load_paths(store, paths)
        elapsed = time.perf_counter() - start
        counts = store.counts()["nodes"]
    assert not report.failed, report.failed[:3]
    pages = sum(p.page_count for p in [_count(path) for path in paths])
    return pages, elapsed, counts


class _count:
    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        self.page_count = len(pdf)
        pdf.close()


def command(folder: Path, data: Path) -> float:
    """Wall time of `reviewgraph load FOLDER` into a fresh data dir (the server stopped
    after, as a user's terminal would leave it)."""
    import subprocess
    import sys

    exe = [sys.executable, "-m", "reviewgraph", "--data-dir", str(data)]
    start = time.perf_counter()
    subprocess.run([*exe, "load", "--no-progress", str(folder)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    elapsed = time.perf_counter() - start
    subprocess.run([*exe, "db", "stop"], check=False, stdout=subprocess.DEVNULL)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "rg-bench")
    args = parser.parse_args()
    paths = make_corpus(args.out / "pdfs", args.docs)
    raw_pages, raw_s = raw_extraction(paths)
    data = args.out / f"data-{int(time.time())}"
    pipe_pages, pipe_s, counts = pipeline(paths, data)
    cli_s = command(args.out / "pdfs", args.out / f"cli-{int(time.time())}")
    result = {
        "documents": len(paths),
        "pages": raw_pages,
        "raw_pages_per_s": round(raw_pages / raw_s, 1),
        "pipeline_pages_per_s": round(pipe_pages / pipe_s, 1),
        "ratio": round((pipe_pages / pipe_s) / (raw_pages / raw_s), 3),
        "raw_s": round(raw_s, 2),
        "pipeline_s": round(pipe_s, 2),
        "command_pages_per_s": round(raw_pages / cli_s, 1),
        "command_ratio": round((raw_pages / cli_s) / (raw_pages / raw_s), 3),
        "command_s": round(cli_s, 2),
        "nodes": counts,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
