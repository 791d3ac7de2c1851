"""A board's view in headless Chromium, with the sample reports and a register loaded: a click
through every page (by the sidebar's links, as a person moves) finds the same headline numbers
on each, before and after switching register records on. Screenshots go to the test's tmp dir.

One `reviewgraph dashboard` (free port, temporary data dir) and one Chromium, both stopped in
`finally`. Recipe: ../shared/browser-testing.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import open_store
from reviewgraph.queries.registry import run_query
from tests.fixtures.browser import (
    FIRST,
    require_chromium,
    sample_with_registers,
    serve_dashboard,
    settled,
)
from tests.test_register_views import FICTIONAL

pytestmark = pytest.mark.browser
OUR_BOARD = "Kestrelford Safeguarding Adults Board"
# sidebar link, page heading
PAGES = [("Overview", "Overview"), ("Themes", "Themes"),
         ("Case characteristics", "Case characteristics"), ("Agencies", "Agencies"),
         ("Recommendations", "Recommendations"), ("Case explorer", "Case explorer"),
         ("Register", "Register"), ("Cypher workbench", "Cypher workbench")]  # fmt: skip

require_chromium()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with sample_with_registers(tmp_path_factory.mktemp("board-browser")) as (folder, _):
        pass
    yield folder


@pytest.fixture(scope="module")
def expected(data_dir: Path) -> Iterator[dict[str, dict[str, int]]]:
    store = open_store(Settings(data_dir=data_dir))
    try:
        yield {
            "reports": run_query(store, "overview_totals")[0],
            "all": run_query(store, "overview_totals", {"include_register": True})[0],
        }
    finally:
        store.close()


@pytest.fixture(scope="module")
def url(data_dir: Path, expected: object) -> Iterator[str]:
    with serve_dashboard(data_dir, env={"REVIEWGRAPH_OUR_BOARD": OUR_BOARD}) as address:
        yield address


def _headline(page: object, heading: str) -> str:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=FIRST)  # type: ignore[attr-defined]
    box = page.locator(".st-key-headline")  # type: ignore[attr-defined]
    expect(box).to_contain_text("in view", timeout=FIRST)
    settled(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)  # type: ignore[attr-defined]
    return str(box.inner_text()).strip()


def _click_through(page: object, shots: Path, tag: str) -> dict[str, str]:
    seen = {}
    for link, heading in PAGES:
        nav = page.get_by_test_id("stSidebarNav")  # type: ignore[attr-defined]
        nav.get_by_role("link", name=link, exact=True).click()
        seen[link] = _headline(page, heading)
        page.screenshot(path=str(shots / f"{tag}-{link.lower().replace(' ', '-')}.png"))  # type: ignore[attr-defined]
    return seen


def test_headline_numbers_agree_on_every_page(
    browser: object, url: str, expected: dict[str, dict[str, int]], tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(url)
        _headline(page, "Overview")
        reports = _click_through(page, tmp_path, "reports")
        assert len(set(reports.values())) == 1, reports
        line = reports["Overview"]
        want = expected["reports"]
        assert f"{want['reviews']} reviews in view, from {want['reports']} reports" in line
        assert f"{want['open_recommendations']} open" in line
        assert f"{len(FICTIONAL) + 3} register records not counted" in line
        # the switch, once, in the sidebar: every page then counts the records
        page.get_by_test_id("stSidebar").get_by_text("Include register records").click()
        everything = _click_through(page, tmp_path, "with-register")
        assert len(set(everything.values())) == 1, everything
        both = expected["all"]
        numbers = [int(n) for n in re.findall(r"\d+", everything["Register"])][:3]
        assert numbers == [both["reviews"], both["reports"], both["register_records"]]
        assert list(tmp_path.glob("*.png")) and len(list(tmp_path.glob("*.png"))) == 16
    finally:
        page.close()
