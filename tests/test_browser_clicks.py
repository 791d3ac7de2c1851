"""Every chart click filters: in headless Chromium, a click on a bar (or cell, or node) of a
chart on the Overview, Themes, Agencies and Case characteristics pages narrows the page to
what was clicked, says so in a notice with a Clear button, and Clear undoes it.

Its own dashboard over tests/fixtures/tiny.py's graph and its own Chromium, both stopped in
`finally`. Recipe: ../shared/browser-testing.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.fixtures.browser import FIRST, SHOTS, require_chromium, settled, tiny_dashboard

pytestmark = pytest.mark.browser


require_chromium()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with tiny_dashboard(tmp_path_factory.mktemp("clicks")) as address:
        yield address


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser session per test: no click filter carried from another test."""
    pg = browser.new_page(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        pg.close()


def _open(pg: object, url: str, path: str, ready: str) -> None:
    from playwright.sync_api import expect

    pg.goto(f"{url}/{path}")  # type: ignore[attr-defined]
    expect(pg.get_by_text(ready).first).to_be_visible(timeout=FIRST)  # type: ignore[attr-defined]
    settled(pg)


def click_mark(pg: object, chart: str, *labels: str) -> None:
    """Click the mark of chart `chart` (its ui.chart key) whose tooltip/aria label holds
    every one of `labels` (Vega draws each bar, cell or circle as an SVG path whose aria-label lists its
    fields: "theme: Escalation; type: CSPR; reviews: 1")."""
    box = pg.locator(f".st-key-box-{chart} [data-testid=stVegaLiteChart]").first  # type: ignore[attr-defined]
    box.scroll_into_view_if_needed()
    settled(pg)
    having = "".join(f"[aria-label*={label!r}]" for label in labels)
    mark = box.locator(f"path[aria-roledescription]{having}").first
    mark.wait_for(state="attached", timeout=FIRST)
    where = mark.bounding_box()
    assert where, f"no mark labelled {labels} in {chart}"
    pg.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)  # type: ignore[attr-defined]


def test_overview_type_bar_filters_every_page(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    _open(pg, url, "", "Themes that keep coming back")
    headline = pg.locator(".st-key-headline")  # type: ignore[attr-defined]
    expect(headline).to_contain_text("5 reviews in view")
    click_mark(pg, "ov-type", "type: SAR")
    note = pg.locator(".st-key-click-filter-types")  # type: ignore[attr-defined]
    expect(note).to_contain_text("review type SAR", timeout=FIRST)
    expect(headline).to_contain_text("2 reviews in view")
    settled(pg)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "overview-type-clicked.png"))  # type: ignore[attr-defined]
    # the filter holds on another page
    pg.get_by_test_id("stSidebarNav").get_by_role("link", name="Themes").click()  # type: ignore[attr-defined]
    expect(pg.locator(".st-key-headline")).to_contain_text("2 reviews in view", timeout=FIRST)  # type: ignore[attr-defined]
    expect(pg.locator(".st-key-click-filter-types")).to_be_visible()  # type: ignore[attr-defined]
    pg.locator(".st-key-click-filter-types").get_by_role("button", name="Clear").click()  # type: ignore[attr-defined]
    expect(pg.locator(".st-key-headline")).to_contain_text("5 reviews in view", timeout=FIRST)  # type: ignore[attr-defined]
    expect(pg.locator(".st-key-click-filter-types")).to_have_count(0)  # type: ignore[attr-defined]


def test_themes_bar_and_heatmap_cell_pick_the_theme(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    _open(pg, url, "themes", "come up together")
    count = pg.locator(".st-key-theme-count")  # type: ignore[attr-defined]
    expect(count).to_contain_text("Information sharing is raised by 5 of the 5 reviews")
    click_mark(pg, "th-type", "theme: Risk assessment")
    note = pg.locator(".st-key-click-th")  # type: ignore[attr-defined]
    expect(note).to_contain_text("Risk assessment", timeout=FIRST)
    expect(count).to_contain_text("Risk assessment is raised by 3 of the 5 reviews")
    expect(pg.locator(".st-key-box-th-evidence")).to_be_visible()  # type: ignore[attr-defined]
    settled(pg)
    # a cell of the themes-by-year heatmap picks its theme too
    click_mark(pg, "th-trend", "theme: Escalation")
    expect(note).to_contain_text("Escalation", timeout=FIRST)
    expect(count).to_contain_text("Escalation is raised by 1 of the 5 reviews")
    settled(pg)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "themes-cell-clicked.png"), full_page=True)  # type: ignore[attr-defined]
    note.get_by_role("button", name="Clear").click()
    expect(note).to_have_count(0, timeout=FIRST)
    expect(count).to_contain_text("Information sharing is raised by 5 of the 5 reviews")


def test_agencies_cell_and_sector_bar_list_what_was_clicked(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    _open(pg, url, "agencies", "told the same thing again")
    note = pg.locator(".st-key-click-ag")  # type: ignore[attr-defined]
    recs = pg.locator(".st-key-box-ag-recs")  # type: ignore[attr-defined]
    click_mark(pg, "ag-matrix", "Police", "Domestic abuse")
    expect(note).to_contain_text("Police, on Domestic abuse", timeout=FIRST)
    expect(recs).to_contain_text("2 recommendations to Police on Domestic abuse")
    settled(pg)
    click_mark(pg, "ag-sector", "agency: health")  # groups by sector, picks health
    expect(note).to_contain_text("health", timeout=FIRST)
    expect(pg.get_by_role("heading", name="Recommendations to one sector")).to_be_visible()  # type: ignore[attr-defined]
    settled(pg)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "agencies-sector-clicked.png"), full_page=True)  # type: ignore[attr-defined]
    note.get_by_role("button", name="Clear").click()
    expect(note).to_have_count(0, timeout=FIRST)


def test_characteristics_bar_picks_the_characteristic(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    _open(pg, url, "characteristics", "Practice themes in cases with a characteristic")
    base = pg.locator(".st-key-cc-base")  # type: ignore[attr-defined]
    expect(base).to_contain_text("Coercive control: 2 of 5 reviews in view")
    click_mark(pg, "cc-bars", "characteristic: Separation")
    note = pg.locator(".st-key-click-cc")  # type: ignore[attr-defined]
    expect(note).to_contain_text("Separation", timeout=FIRST)
    expect(base).to_contain_text("Separation: 1 of 5 reviews in view")
    note.get_by_role("button", name="Clear").click()
    expect(note).to_have_count(0, timeout=FIRST)
    expect(base).to_contain_text("Coercive control: 2 of 5 reviews in view")


def test_case_explorer_theme_node_opens_the_theme(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    _open(pg, url, "case_explorer", "Themes and evidence")
    box = pg.locator(".st-key-box-cx-net [data-testid=stVegaLiteChart]").first  # type: ignore[attr-defined]
    box.scroll_into_view_if_needed()
    settled(pg)
    theme = box.locator("path[aria-roledescription][aria-label*='kind: theme']").first
    name = re.search(r"label: ([^;]+)", str(theme.get_attribute("aria-label")))
    assert name, theme.get_attribute("aria-label")
    click_mark(pg, "cx-net", f"label: {name.group(1)}", "kind: theme")
    expect(pg).to_have_url(re.compile(r"/themes\?theme="), timeout=FIRST)  # type: ignore[attr-defined]
    count = pg.locator(".st-key-theme-count")  # type: ignore[attr-defined]
    expect(count).to_contain_text(f"{name.group(1)} is raised by", timeout=FIRST)


def test_workbench_chart_bar_lists_its_rows(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    _open(pg, url, "workbench", "Named queries")
    pg.get_by_role("tab", name="Chart").first.click()  # type: ignore[attr-defined]
    settled(pg)
    box = pg.locator("[class*='st-key-box-wb-'][class*='-chart'] [data-testid=stVegaLiteChart]")  # type: ignore[attr-defined]
    bar = box.first.locator("path[aria-roledescription=bar]").first
    bar.scroll_into_view_if_needed()
    settled(pg)
    label = str(bar.get_attribute("aria-label"))
    where = bar.bounding_box()
    pg.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)  # type: ignore[attr-defined]
    note = pg.locator("[class*='st-key-click-wb-']")  # type: ignore[attr-defined]
    expect(note).to_contain_text(re.compile(r"\(\d+ rows?\)"), timeout=FIRST)
    category = re.search(r"category: ([^;]+)", label)
    assert category, label
    expect(note).to_contain_text(category.group(1))
    picked = pg.locator("[class*='st-key-wb-'][class*='-picked'] [data-testid=stDataFrame]")  # type: ignore[attr-defined]
    expect(picked).to_have_count(1)
    note.get_by_role("button", name="Clear").click()
    expect(note).to_have_count(0, timeout=FIRST)


def test_overview_board_and_year_bars_filter_too(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    _open(pg, url, "", "Themes that keep coming back")
    headline = pg.locator(".st-key-headline")  # type: ignore[attr-defined]
    click_mark(pg, "ov-board", "board: South")
    expect(pg.locator(".st-key-click-filter-boards")).to_contain_text("board South", timeout=FIRST)  # type: ignore[attr-defined]
    expect(headline).to_contain_text("3 reviews in view")  # R3, R4, R6
    settled(pg)
    click_mark(pg, "ov-year", "year: 2020")  # R4, South's CSPR
    expect(pg.locator(".st-key-click-filter-year")).to_contain_text(  # type: ignore[attr-defined]
        "year of review 2020", timeout=FIRST
    )
    expect(headline).to_contain_text("1 review in view")
    pg.locator(".st-key-click-filter-year").get_by_role("button", name="Clear").click()  # type: ignore[attr-defined]
    expect(headline).to_contain_text("3 reviews in view", timeout=FIRST)
    pg.locator(".st-key-click-filter-boards").get_by_role("button", name="Clear").click()  # type: ignore[attr-defined]
    expect(headline).to_contain_text("5 reviews in view", timeout=FIRST)


def test_workbench_graph_node_lists_its_rows(page: object, url: str) -> None:
    from playwright.sync_api import expect

    pg = page
    _open(pg, url, "workbench", "Named queries")
    pg.get_by_role("tab", name="Graph").first.click()  # type: ignore[attr-defined]
    settled(pg)
    box = pg.locator("[class*='st-key-box-wb-'][class*='-graph'] [data-testid=stVegaLiteChart]")  # type: ignore[attr-defined]
    node = box.first.locator("path[aria-roledescription=circle]").first
    node.scroll_into_view_if_needed()
    settled(pg)
    where = node.bounding_box()
    pg.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)  # type: ignore[attr-defined]
    note = pg.locator("[class*='st-key-click-wb-'][class*='-graph']")  # type: ignore[attr-defined]
    expect(note).to_contain_text(re.compile(r"\(\d+ rows?\)"), timeout=FIRST)
    picked = pg.locator("[class*='-graph-picked'] [data-testid=stDataFrame]")  # type: ignore[attr-defined]
    expect(picked).to_have_count(1)
    note.get_by_role("button", name="Clear").click()
    expect(note).to_have_count(0, timeout=FIRST)
