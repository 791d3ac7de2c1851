"""The dashboard in headless Chromium: every page renders, a filter and a drill-down work.

One Streamlit server (on a free port, over a temporary data dir holding tests/fixtures/tiny.py's
graph, or the Neo4j test database in `make test-neo4j`) and one Chromium serve the whole module; both are stopped in `finally`, even when a
test fails. Full-page screenshots go to test-artifacts/screenshots/ (gitignored).
Recipe: ../shared/browser-testing.md (Debian's /usr/bin/chromium, no `playwright install`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.backend import cli_store_args
from tests.fixtures.browser import FIRST, SHOTS, require_chromium, serve_dashboard, settled
from tests.fixtures.tiny import R3, tiny_store

pytestmark = pytest.mark.browser

PAGES = [  # url path, title, text that shows the main content is there
    ("", "Overview", "Themes that keep coming back"),
    ("themes", "Themes", "come up together"),
    ("agencies", "Agencies", "told the same thing again"),
    ("recommendations", "Recommendations", "Recommendations repeated across reviews"),
    ("case_explorer", "Case explorer", "Themes and evidence"),
    ("workbench", "Cypher workbench", "Named queries"),
    ("load", "Load", "Review documents"),
]

require_chromium()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("browser") / "data"
    with tiny_store(folder):
        yield folder


@pytest.fixture(scope="module")
def streamlit_url(data_dir: Path) -> Iterator[str]:
    """`reviewgraph dashboard` itself, on a free port; SIGTERM stops it and its Streamlit."""
    with serve_dashboard(data_dir, store_args=cli_store_args(data_dir)) as url:
        yield url


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    pg = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        pg.close()


def _open(page: object, url: str, title: str, marker: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=FIRST)  # type: ignore[attr-defined]
    expect(page.get_by_text(marker).first).to_be_visible(timeout=FIRST)  # type: ignore[attr-defined]


def _no_exception(page: object) -> None:
    """No Python exception box, and no chart that failed to draw (its error is a text box)."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException")).to_have_count(0)  # type: ignore[attr-defined]
    broken = page.get_by_text(re.compile(r"\b(Type|Reference|Syntax|Range)Error\b"))  # type: ignore[attr-defined]
    expect(broken).to_have_count(0)


def _shot(page: object, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to fit."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    settled(page)
    height = page.evaluate(  # type: ignore[attr-defined]
        "Math.max(...Array.from(document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer]'), e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": 1280, "height": int(height) + 40})  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]


def test_every_page_renders(page: object, streamlit_url: str) -> None:
    for path, title, marker in PAGES:
        _open(page, f"{streamlit_url}/{path}", title, marker)
        _shot(page, path or "overview")  # waits until everything is drawn
        _no_exception(page)


def test_filter_changes_the_count(page: object, streamlit_url: str) -> None:
    from playwright.sync_api import expect

    _open(page, streamlit_url, "Overview", "Themes that keep coming back")
    reviews = page.get_by_test_id("stMetric").filter(has_text="Reviews").first  # type: ignore[attr-defined]
    expect(reviews.get_by_test_id("stMetricValue")).to_have_text("5")
    sidebar = page.get_by_test_id("stSidebar")  # type: ignore[attr-defined]
    sidebar.get_by_test_id("stMultiSelect").first.click()
    page.get_by_role("option", name="SAR – Safeguarding Adults Review").click()  # type: ignore[attr-defined]
    expect(reviews.get_by_test_id("stMetricValue")).to_have_text("2")
    _no_exception(page)
    _shot(page, "overview-filtered-sar")


def test_theme_drilldown_to_evidence_and_case(page: object, streamlit_url: str) -> None:
    """A shared link opens a theme with its evidence; ticking a review opens the review."""
    from playwright.sync_api import expect

    _open(page, f"{streamlit_url}/themes?theme=domestic_abuse", "Themes", "come up together")
    evidence = page.locator(".st-key-box-th-evidence")  # type: ignore[attr-defined]
    expect(evidence).to_contain_text("C: practitioners' domestic abuse was a concern.")
    _shot(page, "themes-domestic-abuse")
    page.get_by_role("tab", name="Reviews raising it").click()  # type: ignore[attr-defined]
    reviews = page.locator(".st-key-box-th-reviews [data-testid=stDataFrame]")  # type: ignore[attr-defined]
    reviews.scroll_into_view_if_needed()
    box = reviews.bounding_box()
    # The grid is a canvas: tick the first row's box (left column, below the header row).
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # type: ignore[attr-defined]
    expect(page).to_have_url(re.compile(rf"/case_explorer\?review={R3}$"), timeout=FIRST)  # type: ignore[arg-type]
    expect(page.get_by_role("heading", name="Case explorer")).to_be_visible(timeout=FIRST)  # type: ignore[attr-defined]
    expect(page.get_by_text("DHR C (South, 2018)").first).to_be_visible(timeout=FIRST)  # type: ignore[attr-defined]
    _no_exception(page)
    _shot(page, "case-explorer-dhr-c")
