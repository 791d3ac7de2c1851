"""Chart clicks with the sample reports, their action plan and a register loaded, in headless
Chromium (tests/test_browser_clicks.py has the tiny graph's):
- a click on a Register chart's bar narrows every register chart to it (the total becomes
  that bar's count), with a notice and a Clear button;
- a click on a status bar on the Recommendations page lists only that status below.

One `reviewgraph dashboard` (free port, tests/test_browser_board.py's data dir) and one
Chromium, both stopped in `finally`. Recipe: ../shared/browser-testing.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.browser import FIRST, SHOTS, require_chromium, serve_dashboard, settled
from tests.test_browser_board import OUR_BOARD, data_dir  # noqa: F401
from tests.test_browser_clicks import click_mark

pytestmark = pytest.mark.browser
require_chromium()


@pytest.fixture(scope="module")
def url(data_dir: Path) -> Iterator[str]:  # noqa: F811
    with serve_dashboard(data_dir, env={"REVIEWGRAPH_OUR_BOARD": OUR_BOARD}) as address:
        yield address


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        pg.close()


def _records(pg: object) -> int:
    text = pg.locator(".st-key-register-total").inner_text()  # type: ignore[attr-defined]
    return int(re.search(r"([\d,]+) register records", text).group(1).replace(",", ""))  # type: ignore[union-attr]


def _bar_records(pg: object, chart: str, value: str) -> int:
    box = pg.locator(f".st-key-box-{chart} [data-testid=stVegaLiteChart]").first  # type: ignore[attr-defined]
    label = box.locator(f"path[aria-roledescription][aria-label*={value!r}]").first
    return int(re.search(r"records: (\d+)", str(label.get_attribute("aria-label"))).group(1))  # type: ignore[union-attr]


def test_a_register_bar_narrows_every_register_chart(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    pg.goto(f"{url}/register")  # type: ignore[attr-defined]
    expect(pg.locator(".st-key-register-total")).to_be_visible(timeout=FIRST)  # type: ignore[attr-defined]
    settled(pg)
    everything = _records(pg)
    region = _bar_records(pg, "rg-region", "value: South West")
    assert 0 < region < everything
    click_mark(pg, "rg-region", "value: South West")
    note = pg.locator(".st-key-click-rg-region-filter")  # type: ignore[attr-defined]
    expect(note).to_contain_text("region South West", timeout=FIRST)
    expect(pg.locator(".st-key-register-total")).to_contain_text(f"{region} register records")  # type: ignore[attr-defined]
    settled(pg)
    # the tag chart now counts only South West's records: Coercive control is 2 of them
    tagged = _bar_records(pg, "rg-characteristic", "value: Coercive control")
    click_mark(pg, "rg-characteristic", "value: Coercive control")
    expect(pg.locator(".st-key-click-rg-characteristic-filter")).to_contain_text(  # type: ignore[attr-defined]
        "tag Coercive control", timeout=FIRST
    )
    expect(pg.locator(".st-key-register-total")).to_contain_text(f"{tagged} register records")  # type: ignore[attr-defined]
    settled(pg)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "register-clicked.png"), full_page=True)  # type: ignore[attr-defined]
    note.get_by_role("button", name="Clear").click()
    expect(note).to_have_count(0, timeout=FIRST)
    expect(pg.locator(".st-key-register-total")).not_to_contain_text(f"{region} register")  # type: ignore[attr-defined]


def test_a_status_bar_filters_the_recommendations_tables(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    pg.goto(f"{url}/recommendations")  # type: ignore[attr-defined]
    still_open = pg.locator(".st-key-box-rec-open")  # type: ignore[attr-defined]
    expect(still_open).to_be_visible(timeout=FIRST)
    settled(pg)

    def rows() -> int:
        """How many open recommendations on a recurring theme the table lists."""
        caption = re.search(r"(\d+) of the \d+ open recommendations", still_open.inner_text())
        assert caption, still_open.inner_text()
        return int(caption.group(1))

    every = rows()
    click_mark(pg, "rec-status", "status: no action plan")
    note = pg.locator(".st-key-click-rec-status")  # type: ignore[attr-defined]
    expect(note).to_contain_text("status no action plan", timeout=FIRST)
    settled(pg)
    untracked = rows()
    assert 0 < untracked < every  # the sample's action plan tracks some of them
    note.get_by_role("button", name="Clear").click()
    expect(note).to_have_count(0, timeout=FIRST)
    settled(pg)
    assert rows() == every
