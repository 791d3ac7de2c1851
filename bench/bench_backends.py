"""FalkorDB (embedded) and Neo4j side by side, in one run, on the same data.

For each backend: load the sample corpus with the real pipeline (register, reports,
action plan) and derive; then write a synthetic graph of N reviews (bench/synth.py, the
loaders' own writer), derive, and time every named query (median of R runs, live, not from
the precomputed views) and, with --dashboard, every dashboard page in headless Chromium over
that graph (`reviewgraph dashboard` on each backend; bench/bench_dashboard.py's pages and
timings: the first visit of a new session, then the median of three). Neo4j is the server
`graph/neo4j_server.py` starts from Maven Central's jars (its memory settings there), in a
temporary folder.

    python -m bench.bench_backends --reviews 1000 --runs 5
    python -m bench.bench_backends --reviews 10000 --runs 5 --dashboard
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.bench_queries import _required
from bench.synth import build_synth
from reviewgraph.graph.config import Settings
from reviewgraph.graph.neo4j_server import LocalNeo4j
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.loaders.pipeline import load_batch
from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import list_queries, run_query


@contextmanager
def stores(work: Path) -> Iterator[dict[str, GraphStore]]:
    server = LocalNeo4j(work / "neo4j")
    running = server.start()
    embedded = open_store(Settings(data_dir=work / "embedded"))
    neo4j = open_store(
        Settings(backend="neo4j", neo4j_uri=running.uri, neo4j_password=server.password())
    )
    SETTINGS["embedded"] = Settings(data_dir=work / "embedded")
    SETTINGS["neo4j"] = Settings(
        backend="neo4j", neo4j_uri=running.uri, neo4j_password=server.password()
    )
    try:
        yield {"embedded": embedded, "neo4j": neo4j}
    finally:
        embedded.close()
        neo4j.close()
        server.stop()


@contextmanager
def dashboard(settings: Settings) -> Iterator[str]:
    """The dashboard served over `settings`' store as `reviewgraph dashboard` serves it (with
    its Load page, which the first visit uses to import the app's modules in the server)."""
    from bench.serving import free_port, stop, wait_until_serving
    from reviewgraph.dashboard.serve import streamlit_command, streamlit_env

    port = free_port()
    proc = subprocess.Popen(
        streamlit_command("127.0.0.1", port), cwd=Path(__file__).resolve().parents[1],
        env=streamlit_env(settings, read_only=False), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, proc, 60)
        yield url
    finally:
        stop(proc, 10)


def page_renders(settings: Settings) -> dict[str, dict[str, float]]:
    """Seconds to each page's main content: the first visit (a new session, nothing cached
    in the server), then the median of three page loads."""
    from playwright.sync_api import sync_playwright

    from bench.bench_dashboard import CHROMIUM, CHROMIUM_ARGS, PAGES, VIEWPORT, load_page

    out: dict[str, dict[str, float]] = {}
    with dashboard(settings) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport=VIEWPORT)
            load_page(tab, f"{url}/load", "Load", PAGES[-1][2])  # the server's imports
            for path, title, selector in PAGES[:-1]:
                first = load_page(tab, f"{url}/{path}", title, selector)[0]
                again = [load_page(tab, f"{url}/{path}", title, selector)[0] for _ in range(3)]
                out[title] = {"first_s": round(first, 2),
                              "cached_s": round(statistics.median(again), 2)}  # fmt: skip
        finally:
            browser.close()
    return out


def timed(fn: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, round(time.perf_counter() - started, 2)


def median_ms(store: GraphStore, name: str, params: dict[str, Any], runs: int) -> float:
    run_query(store, name, params, precomputed=False)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run_query(store, name, params, precomputed=False)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


SETTINGS: dict[str, Settings] = {}  # how a second process (the dashboard) reaches each store


def run(reviews: int, runs: int, work: Path, pages: bool = False) -> dict[str, Any]:
    corpus = work / "sample"
    build_sample_corpus(corpus)
    docs = sorted(p for p in corpus.iterdir() if p.suffix in (".pdf", ".docx", ".html", ".txt"))
    out: dict[str, Any] = {"reviews": reviews, "runs": runs}
    with stores(work) as both:
        for name, store in both.items():
            store.clear()
            result: dict[str, Any] = {}
            _, result["sample_load_s"] = timed(lambda s=store: load_batch(
                s, docs, register=corpus / "register.csv", actions=corpus / "action_plan.csv"))
            _, result["sample_derive_s"] = timed(lambda s=store: analyse(s))
            store.clear()
            _, result["synth_write_s"] = timed(lambda s=store: build_synth(s, reviews))
            _, result["synth_derive_s"] = timed(lambda s=store: analyse(s))
            result["queries_ms"] = {
                spec.name: median_ms(store, spec.name, _required(spec, store), runs)
                for spec in list_queries()
            }
            if pages:
                result["pages_s"] = page_renders(SETTINGS[name])
            out[name] = result
    e, n = out["embedded"], out["neo4j"]
    out["neo4j_over_embedded"] = {
        key: round(n[key] / e[key], 2) if e[key] else None
        for key in ("sample_load_s", "sample_derive_s", "synth_write_s", "synth_derive_s")
    }
    out["query_ratio"] = {
        q: round(n["queries_ms"][q] / max(e["queries_ms"][q], 0.1), 2) for q in e["queries_ms"]
    }
    if pages:
        out["page_ratio"] = {
            page: round(n["pages_s"][page]["first_s"] / e["pages_s"][page]["first_s"], 2)
            for page in e["pages_s"]
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dashboard", action="store_true",
                        help="also time each dashboard page in headless Chromium")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rg-backends-") as work:
        result = run(args.reviews, args.runs, Path(work), pages=args.dashboard)
        print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
