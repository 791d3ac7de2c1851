"""Readable tables, in headless Chromium with the sample corpus loaded: every table on every
page (each tab opened, a search run, a theme and a review open) shows names, never "None",
"nan" or "NaT", never a raw id (a theme id such as 'information_sharing', a review id such as
'sar-kestrelford-2019-edith'), and headers written for people.

One `reviewgraph dashboard` (free port, temporary data dir) and one Chromium, both stopped in
`finally`, even when a test fails. Recipe: ../shared/browser-testing.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.browser import (
    FIRST,
    SHOTS,
    require_chromium,
    sample_with_registers,
    serve_dashboard,
    settled,
)

pytestmark = pytest.mark.browser
# sidebar link, page heading
PAGES = [("Overview", "Overview"), ("Themes", "Themes"),
         ("Case characteristics", "Case characteristics"), ("Agencies", "Agencies"),
         ("Recommendations", "Recommendations"), ("Case explorer", "Case explorer"),
         ("Register", "Register"), ("Cypher workbench", "Cypher workbench")]  # fmt: skip
UNKNOWN = {"None", "none", "nan", "NaN", "NaT", "null", "<NA>", "[]"}
SEARCH = "information"  # words every sample review uses, so the search table has rows

require_chromium()


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, set[str], str, str]]:
    """The sample corpus and a register loaded into a temporary data dir; with every id in
    the graph (reviews, themes, agencies, characteristics), which no table may show, a
    register record's id, and the id of the sample DHR (Anna) whose plan gives statuses in
    the board's words."""
    with sample_with_registers(tmp_path_factory.mktemp("tables-browser")) as (folder, store):
        rows = store.read(
            "MATCH (n) WHERE n:Review OR n:Theme OR n:Agency OR n:Characteristic "
            "RETURN n.id AS id, n.name AS name"
        )
        # an id that is also its node's name (an agency called "Police") is a name
        ids = {str(r["id"]) for r in rows if r["id"] and r["id"] != r["name"]}
        record = store.read("MATCH (r:Review) WHERE r.source = 'register' RETURN r.id AS id "
                            "ORDER BY r.id LIMIT 1")[0]["id"]  # fmt: skip
        [anna] = store.read("MATCH (r:Review {subject: 'Anna'}) RETURN r.id AS id")
    yield folder, ids, record, anna["id"]


@pytest.fixture(scope="module")
def url(graph: tuple[Path, set[str], str, str]) -> Iterator[str]:
    with serve_dashboard(graph[0]) as address:
        yield address


# A grid's header and cell texts (glide-data-grid draws on a canvas; its text is in a hidden
# accessible table, filled for the rows on screen), and the `box-<key>` container it is in.
GRID = """df => {
    const box = df.closest('[class*="st-key-box-"]');
    const key = box ? Array.from(box.classList).find(c => c.startsWith('st-key-box-')) : '?';
    const text = sel => Array.from(df.querySelectorAll(sel)).map(e => e.textContent.trim());
    return {key: key, headers: text('[role=columnheader]'), cells: text('[role=gridcell]')};
}"""


def _grids(page: object, where: str, seen: dict[str, dict]) -> None:
    from playwright.sync_api import Error

    for _attempt in range(3):  # a rerun may replace a grid while it is read: read again
        settled(page)
        grids = page.get_by_test_id("stMain").get_by_test_id("stDataFrame").filter(visible=True)  # type: ignore[attr-defined]
        try:
            found = []
            for i in range(grids.count()):
                grid = grids.nth(i)
                grid.scroll_into_view_if_needed(timeout=5_000)
                try:  # the accessible rows are filled once the grid is drawn on screen
                    grid.locator("[role=gridcell]").first.wait_for(state="attached",
                                                                   timeout=8_000)  # fmt: skip
                except Error:
                    pass  # an empty table: read what there is
                found.append(grid.evaluate(GRID))
        except Error:
            continue
        for grid_text in found:
            seen[f"{where} {grid_text['key']}"] = grid_text
        return
    raise AssertionError(f"{where}: the tables kept changing while they were read")


def _tabs(page: object, where: str, seen: dict[str, dict]) -> None:
    """Open every tab of the page in turn, collecting the tables each one draws."""
    main = page.get_by_test_id("stMain")  # type: ignore[attr-defined]
    names = [t.strip() for t in main.get_by_role("tab").filter(visible=True).all_inner_texts()]
    for name in names:
        tab = main.get_by_role("tab", name=name, exact=True).filter(visible=True)
        if tab.count() == 0:  # a tab inside another tab, closed again
            continue
        tab.first.scroll_into_view_if_needed()
        tab.first.click()
        _grids(page, f"{where} [{name}]", seen)


def _open(page: object, link: str, heading: str) -> None:
    nav = page.get_by_test_id("stSidebarNav")  # type: ignore[attr-defined]
    nav.get_by_role("link", name=link, exact=True).click()
    _open_here(page, heading)


def _open_here(page: object, heading: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=FIRST)  # type: ignore[attr-defined]
    if heading != "Load":  # every page but Load says what is in view
        expect(page.locator(".st-key-headline")).to_contain_text("in view", timeout=FIRST)  # type: ignore[attr-defined]
    settled(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)  # type: ignore[attr-defined]


def _walk(page: object, register: bool) -> dict[str, dict]:
    seen: dict[str, dict] = {}
    for link, heading in PAGES:
        _open(page, link, heading)
        where = f"{link}{' +register' if register else ''}"
        _grids(page, where, seen)
        _tabs(page, where, seen)
        if link == "Cypher workbench":  # the default named query, and the default Cypher
            page.get_by_role("tab", name="Your own Cypher (read-only)").click()  # type: ignore[attr-defined]
            page.get_by_role("button", name="Run").click()  # type: ignore[attr-defined]
            _grids(page, f"{where} own Cypher", seen)
        if link == "Recommendations":
            words = page.get_by_role("textbox", name="Words to find")  # type: ignore[attr-defined]
            words.fill(SEARCH)
            words.press("Enter")
            _grids(page, f"{where} search", seen)
    return seen


def _problems(seen: dict[str, dict], ids: set[str]) -> list[str]:
    raw_id = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$|^[a-z]+(?:-[a-z0-9]+){2,}$")
    out = []
    for where, grid in seen.items():
        for header in grid["headers"]:
            if not header or "_" in header or header[0].islower():
                out.append(f"{where}: header {header!r}")
        for cell in grid["cells"]:
            parts = [p.strip() for p in re.split(r"[;,]\s*", cell)] if cell else []
            if cell in UNKNOWN or any(p in UNKNOWN for p in parts):
                out.append(f"{where}: cell {cell!r}")
            elif cell in ids or raw_id.match(cell) or any(p in ids for p in parts):
                out.append(f"{where}: raw id {cell!r}")
    return out


def test_no_table_shows_none_nan_or_a_raw_id(browser: object, url: str,
                                             graph: tuple[Path, set[str], str, str]) -> None:  # fmt: skip
    page = browser.new_page(viewport={"width": 2400, "height": 1200})  # type: ignore[attr-defined]
    try:
        page.goto(url)
        _open(page, "Overview", "Overview")
        seen = _walk(page, register=False)
        # and with the register's records counted (their fields are the emptiest)
        page.get_by_test_id("stSidebar").get_by_text("Include register records").click()  # type: ignore[attr-defined]
        seen.update(_walk(page, register=True))
        # a register record (fields and tags only) in the Case explorer
        page.goto(f"{url}/case_explorer?review={graph[2]}")
        _open_here(page, "Case explorer")
        _grids(page, "Case explorer (a register record)", seen)
        # the Load page's report, after loading the sample again (every file unchanged)
        _open(page, "Load", "Load")
        page.get_by_role("button", name="Load the fictional sample corpus").click()  # type: ignore[attr-defined]
        page.locator(".st-key-box-up-report").wait_for(timeout=120_000)  # type: ignore[attr-defined]
        _grids(page, "Load", seen)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "readable-tables-last-page.png"))
        (SHOTS / "readable-tables.json").write_text(json.dumps(seen, indent=1))  # what was read
    finally:
        page.close()
    tables = {where for where, grid in seen.items() if grid["cells"]}
    assert len(tables) >= 12, sorted(seen)  # the walk did reach the tables
    problems = _problems(seen, graph[1])
    assert not problems, "\n".join(problems)


def test_a_status_in_the_boards_words_shows_beside_its_class(
    browser: object, url: str, graph: tuple[Path, set[str], str, str]
) -> None:
    """The sample DHR's plan says "Achieved and closed" and "Yet to begin": the Case
    explorer badges them complete and open, each with the report's words beside it, and a
    plain "Complete" gets no words repeated."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1600, "height": 1200})  # type: ignore[attr-defined]
    try:
        page.goto(f"{url}/case_explorer?review={graph[3]}")
        _open_here(page, "Case explorer")
        main = page.get_by_test_id("stMain")  # type: ignore[attr-defined]
        third = main.get_by_text("MARAC referral criteria, including referral on", exact=False)
        expect(third.first).to_be_visible(timeout=FIRST)
        expect(main.get_by_text('"Achieved and closed"')).to_have_count(1)
        expect(main.get_by_text('"Yet to begin"')).to_have_count(1)
        expect(main.get_by_text('"Complete"')).to_have_count(0)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "case-explorer-status-words.png"), full_page=True)
    finally:
        page.close()
