"""Time to first render of each dashboard page in headless Chromium.

For every page: from the navigation to the page's main content visible (its first chart,
table or uploader), and to the page complete (Streamlit's script finished). A page is reached
three ways:

- page load: the page's URL opened in a browser tab that is already open (typing or pasting
  a link, a bookmark, reload). A new Streamlit session and a full page load. Timed first
  when nothing is cached (the first visit after the server started), then again (median of
  three) while the answers are cached;
- new tab: the URL opened in a new tab of a new browser context, which also pays for
  Chromium creating the tab and its renderer;
- from the sidebar: clicking the page in the sidebar of an open page (what a user mostly
  does: no page load).

A one-line Streamlit app timed the same ways gives the floor that Streamlit and the browser
cost by themselves.

Usage:
  python -m bench.bench_dashboard --synth 10000        # builds and analyses a synthetic graph
  python -m bench.bench_dashboard --sample             # the bundled corpus (the default)
  python -m bench.bench_dashboard --data-dir DIR       # an existing embedded store
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.serving import free_port, stop, wait_until_serving

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 900}  # the narrowest screen the dashboard is for
# url path, title, the main content (the first thing a reader looks at)
PAGES = [
    ("", "Overview", 'svg text:text-is("Reviews by type")'),
    (
        "themes",
        "Themes",
        'svg text:text-is("How many reviews raise each of the practice themes, by review type")',
    ),
    ("agencies", "Agencies", 'svg text:text-is("Recommendations to each agency on each theme")'),
    (
        "recommendations",
        "Recommendations",
        'svg text:text-is("Recommendations by action-plan status")',
    ),
    ("case_explorer", "Case explorer", '[data-testid="stExpander"]'),
    ("workbench", "Cypher workbench", '[data-testid="stDataFrame"]'),
    ("load", "Load", '[data-testid="stFileUploader"]'),
]
BASELINE_APP = 'import streamlit as st\nst.title("Baseline")\nst.write("one line")\n'


def prepare(args: argparse.Namespace, scratch: Path) -> tuple[Path, str]:
    """The data dir to serve and a description of it; builds the graph when asked."""
    from reviewgraph.graph.embedded import EmbeddedStore

    if args.data_dir:
        return Path(args.data_dir), f"existing store {args.data_dir}"
    data_dir = scratch / "data"
    started = time.perf_counter()
    # Detached: the server keeps running for the dashboard, which reads the same data dir.
    with EmbeddedStore(data_dir, detach=True) as store:
        store.setup_schema()
        store.clear()
        if args.synth:
            from bench.synth import build_synth

            build_synth(store, args.synth)
            from reviewgraph.queries.analytics import analyse

            analyse(store)  # what a load runs after it: similarity, co-occurrence, views
            what = f"a synthetic graph of {args.synth:,} reviews (bench/synth.py, analysed)"
        else:
            from reviewgraph.loaders.pipeline import load_actions, load_paths, load_register
            from reviewgraph.loaders.sample.build import build_sample_corpus

            folder = scratch / "sample"
            build_sample_corpus(folder)
            load_register(store, folder / "register.csv", "sample")
            load_paths(store, [folder])
            load_actions(store, folder / "action_plan.csv")
            what = "the bundled sample corpus (reviewgraph load --sample)"
    print(f"built {what} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return data_dir, what


@contextmanager
def streamlit(data_dir: Path, app: Path = APP) -> Iterator[str]:
    """`app` served as `reviewgraph dashboard` serves it (same command line and environment)."""
    from reviewgraph.dashboard.serve import streamlit_command, streamlit_env
    from reviewgraph.graph.config import Settings

    port = free_port()
    env = streamlit_env(Settings(data_dir=data_dir), read_only=False)
    proc = subprocess.Popen(
        streamlit_command("127.0.0.1", port, app),
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_serving(url, proc, 60)
        except RuntimeError as e:
            raise SystemExit(f"streamlit did not start ({e})") from None
        yield url
    finally:
        stop(proc, 10)


def _wait(page: Any, title: str, selector: str, started: float) -> tuple[float, float]:
    page.get_by_role("heading", name=title, exact=True).wait_for(timeout=120_000)
    page.locator(selector).first.wait_for(state="visible", timeout=120_000)
    first = time.perf_counter() - started
    # The status widget ("Running…") shows while the script runs; done when it is gone.
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )
    done = time.perf_counter() - started
    if page.locator('[data-testid="stException"]').count():
        print(f"warning: {title} shows an exception", file=sys.stderr)
    return first, done


def load_page(page: Any, url: str, title: str, selector: str) -> tuple[float, float]:
    """(seconds to main content visible, seconds to script finished) for a page load of
    `url` in the open tab `page`."""
    page.goto("about:blank")
    started = time.perf_counter()
    page.goto(url)
    return _wait(page, title, selector, started)


def new_tab(browser: Any, url: str, title: str, selector: str) -> tuple[float, float]:
    """The same, in a new tab of a new browser context (nothing in the browser's cache)."""
    page = browser.new_page(viewport=VIEWPORT)
    try:
        started = time.perf_counter()
        page.goto(url)
        return _wait(page, title, selector, started)
    finally:
        page.close()


def time_navigation(page: Any, url: str) -> dict[str, tuple[float, float]]:
    """Each page reached from the sidebar of one open tab (after the Overview)."""
    out = {}
    load_page(page, url, "Overview", PAGES[0][2])
    for _, title, selector in [*PAGES[1:], PAGES[0]]:
        started = time.perf_counter()
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
        out[title] = _wait(page, title, selector, started)
    return out


def median(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def run(url: str, baseline_url: str) -> tuple[list[dict[str, Any]], dict[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    rows = []

    def record(title: str, visit: str, first: float, done: float) -> None:
        rows.append({"page": title, "visit": visit, "content_s": round(first, 2),
                     "complete_s": round(done, 2)})  # fmt: skip
        print(f"{visit:9} {title:18} content {first:5.2f} s  complete {done:5.2f} s",
              file=sys.stderr)  # fmt: skip

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport=VIEWPORT)  # one open tab, kept throughout
            baseline = (baseline_url, "Baseline", "text=one line")
            load_page(tab, *baseline)  # warm the browser
            floor = {
                "page load": [load_page(tab, *baseline)[0] for _ in range(3)],
                "new tab": [new_tab(browser, *baseline)[0] for _ in range(3)],
            }
            # The first visit imports the app's modules in the server; not a page's cost.
            load_page(tab, f"{url}/load", "Load", PAGES[-1][2])
            for path, title, selector in PAGES:
                record(title, "cold", *load_page(tab, f"{url}/{path}", title, selector))
            for path, title, selector in PAGES:
                again = [load_page(tab, f"{url}/{path}", title, selector) for _ in range(3)]
                record(title, "warm", *median(again))
            for path, title, selector in PAGES:
                fresh = [new_tab(browser, f"{url}/{path}", title, selector) for _ in range(2)]
                record(title, "new tab", *median(fresh))
            for title, (first, done) in time_navigation(tab, url).items():
                record(title, "sidebar", first, done)
        finally:
            browser.close()
    return rows, floor


def markdown(rows: list[dict[str, Any]], floor: dict[str, list[float]], what: str) -> str:
    def span(times: list[float]) -> str:
        return f"{min(times):.2f}-{max(times):.2f} s"

    lines = [
        f"On {what}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores. A one-line "
        f"Streamlit app takes {span(floor['page load'])} to load in an open tab and "
        f"{span(floor['new tab'])} in a new tab here.",
        "",
        "Seconds to the main content visible / to the page complete:",
        "",
        "| page | page load, first visit | page load, cached | new tab | from the sidebar |",
        "|---|---|---|---|---|",
    ]
    for page in dict.fromkeys(r["page"] for r in rows):
        cells = []
        for visit in ("cold", "warm", "new tab", "sidebar"):
            r = next(r for r in rows if r["page"] == page and r["visit"] == visit)
            cells.append(f"{r['content_s']:.2f} / {r['complete_s']:.2f}")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group()  # none given: the sample corpus
    source.add_argument("--synth", type=int, help="build a synthetic graph of N reviews")
    source.add_argument("--sample", action="store_true", help="load the sample corpus")
    source.add_argument("--data-dir", help="serve an existing embedded store")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from reviewgraph.graph.embedded_server import EmbeddedServer

    with tempfile.TemporaryDirectory(prefix="rg-bench-") as scratch:
        # an existing store's server is stopped afterwards only if it was not running before
        was_running = bool(args.data_dir) and EmbeddedServer(Path(args.data_dir)).running_pid()
        data_dir, what = prepare(args, Path(scratch))
        baseline = Path(scratch) / "baseline.py"
        baseline.write_text(BASELINE_APP)
        try:
            with streamlit(data_dir) as url, streamlit(data_dir, baseline) as baseline_url:
                rows, floor = run(url, baseline_url)
        finally:
            if not was_running:
                EmbeddedServer(data_dir).stop()
    print(markdown(rows, floor, what))
    if args.json:
        args.json.write_text(json.dumps({"what": what, "floor": floor, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
