"""A view is a link, in headless Chromium over tests/fixtures/tiny.py's graph: the sidebar
filters and the chart-click selection are in the URL, so
- a reload keeps the clicked filter, its notice and the numbers;
- the copied address, opened in a fresh browser context (a colleague's), shows the same view;
- Clear takes the selection out of the URL;
- a bad value in a link is ignored with a note naming it, never a traceback.

Its own dashboard and Chromium (tests/fixtures/browser.py), both stopped even when a test
fails. Recipe: ../shared/browser-testing.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.fixtures.browser import FIRST, SHOTS, require_chromium, settled, tiny_dashboard
from tests.test_browser_clicks import click_mark

pytestmark = pytest.mark.browser
require_chromium()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with tiny_dashboard(tmp_path_factory.mktemp("links")) as address:
        yield address


@pytest.fixture
def context(browser: object) -> Iterator[object]:
    """A fresh browser context per test (its own cookies and session): a colleague's."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    try:
        yield ctx
    finally:
        ctx.close()


def _params(page: object) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)  # type: ignore[attr-defined]


def _wait_for_param(page: object, name: str, value: str | None) -> None:
    """Wait until the URL holds `name=value` (or, with None, no `name`)."""
    from playwright.sync_api import expect

    if value is None:
        expect(page).not_to_have_url(re.compile(rf"[?&]{name}="), timeout=FIRST)  # type: ignore[arg-type]
    else:
        expect(page).to_have_url(re.compile(rf"[?&]{name}={re.escape(value)}(&|$)"), timeout=FIRST)  # type: ignore[arg-type]


def _note(page: object) -> object:
    """The note that names what a link asked for and was ignored."""
    return page.get_by_test_id("stAlert").filter(has_text="Part of this link was ignored")  # type: ignore[attr-defined]


def _view(page: object) -> dict[str, str]:
    """What a person reads: the headline, the sidebar filter notice, the theme's count."""
    from playwright.sync_api import expect

    settled(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)  # type: ignore[attr-defined]
    return {
        "headline": page.locator(".st-key-headline").inner_text().strip(),  # type: ignore[attr-defined]
        "notice": page.locator(".st-key-click-filter-types").inner_text().strip(),  # type: ignore[attr-defined]
        "theme notice": page.locator(".st-key-click-th").inner_text().strip(),  # type: ignore[attr-defined]
        "count": page.locator(".st-key-theme-count").inner_text().strip(),  # type: ignore[attr-defined]
    }


def test_a_clicked_view_survives_a_reload_and_opens_for_a_colleague(
    context: object, browser: object, url: str
) -> None:
    from playwright.sync_api import expect

    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(url)
    headline = page.locator(".st-key-headline")
    expect(headline).to_contain_text("5 reviews in view", timeout=FIRST)
    settled(page)
    click_mark(page, "ov-type", "type: SAR")
    expect(page.locator(".st-key-click-filter-types")).to_contain_text("review type SAR",
                                                                       timeout=FIRST)  # fmt: skip
    expect(headline).to_contain_text("2 reviews in view")
    _wait_for_param(page, "click_type", "SAR")
    assert _params(page)["type"] == ["SAR"]

    # reload: the filter, its notice and the count are still there
    page.reload()
    expect(page.locator(".st-key-headline")).to_contain_text("2 reviews in view", timeout=FIRST)
    expect(page.locator(".st-key-click-filter-types")).to_contain_text("review type SAR")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_test_id("stMultiSelect").first).to_contain_text("SAR")

    # another page by the sidebar's link: Streamlit clears the URL, the view puts it back
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Themes").click()
    expect(page.locator(".st-key-headline")).to_contain_text("2 reviews in view", timeout=FIRST)
    _wait_for_param(page, "click_type", "SAR")
    settled(page)
    click_mark(page, "th-type", "theme: Substance misuse")
    expect(page.locator(".st-key-click-th")).to_contain_text("Substance misuse", timeout=FIRST)
    count = page.locator(".st-key-theme-count")
    expect(count).to_contain_text("Substance misuse is raised by 2 of the 2 reviews")
    _wait_for_param(page, "click_theme", "substance_misuse")
    seen = _view(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "link-themes-clicked.png"))

    page.reload()
    expect(page.locator(".st-key-theme-count")).to_contain_text("Substance misuse is raised by",
                                                                timeout=FIRST)  # fmt: skip
    assert _view(page) == seen

    # the copied address in a colleague's browser: the same view, numbers and notices
    address = page.url
    colleague = browser.new_context(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    try:
        other = colleague.new_page()
        other.goto(address)
        expect(other.locator(".st-key-theme-count")).to_contain_text(
            "Substance misuse is raised by", timeout=FIRST
        )
        assert _view(other) == seen
        assert "/themes" in other.url
        other.screenshot(path=str(SHOTS / "link-themes-colleague.png"))
        # Clear takes the click out of the view and out of the URL
        other.locator(".st-key-click-th").get_by_role("button", name="Clear").click()
        expect(other.locator(".st-key-click-th")).to_have_count(0, timeout=FIRST)
        _wait_for_param(other, "click_theme", None)
        other.locator(".st-key-click-filter-types").get_by_role("button", name="Clear").click()
        expect(other.locator(".st-key-headline")).to_contain_text("5 reviews in view",
                                                                  timeout=FIRST)  # fmt: skip
        _wait_for_param(other, "click_type", None)
        _wait_for_param(other, "type", None)
    finally:
        colleague.close()


def test_sidebar_filters_are_in_the_link(context: object, url: str) -> None:
    from playwright.sync_api import expect

    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(url)
    headline = page.locator(".st-key-headline")
    expect(headline).to_contain_text("5 reviews in view", timeout=FIRST)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Non-fatal", exact=True).click()  # R2 only
    expect(headline).to_contain_text("1 review in view", timeout=FIRST)
    _wait_for_param(page, "outcome", "non-fatal")
    sidebar.get_by_text("Include unpublished reviews").click()  # R5 is fatal: still 1
    _wait_for_param(page, "unpublished", "1")
    page.reload()
    expect(page.locator(".st-key-headline")).to_contain_text("1 review in view", timeout=FIRST)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("radio", name="Non-fatal")).to_be_checked()
    toggle = sidebar.get_by_test_id("stCheckbox").filter(has_text="Include unpublished reviews")
    expect(toggle.locator("input")).to_be_checked()
    # a link with years, a board and unpublished reviews: 2016-2019 in the North is R2 and R5
    page.goto(f"{url}/?board=North&years=2016-2019&unpublished=1")
    expect(page.locator(".st-key-headline")).to_contain_text("2 reviews in view", timeout=FIRST)
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").nth(1)).to_contain_text(
        "North"
    )
    expect(_note(page)).to_have_count(0)


def test_a_bad_value_in_the_link_is_named_not_a_traceback(context: object, url: str) -> None:
    from playwright.sync_api import expect

    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(f"{url}/?type=XYZ&type=SAR&years=20x6&click_theme=risk_assessment&colour=red"
              "&click_board=Atlantis")  # fmt: skip
    note = _note(page)
    expect(note).to_be_visible(timeout=FIRST)
    for part in ("type=XYZ", "years=20x6", "colour=red", "click_board=Atlantis",
                 "click_theme=risk_assessment"):  # fmt: skip
        expect(note).to_contain_text(part)
    # what did fit is applied: SAR alone
    expect(page.locator(".st-key-headline")).to_contain_text("2 reviews in view", timeout=FIRST)
    settled(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    params = _params(page)
    assert params.get("type") == ["SAR"] and "colour" not in params and "years" not in params
    page.screenshot(path=str(SHOTS / "link-bad-values.png"))
    # a click on a page that has none of that id, on its own page
    page.goto(f"{url}/themes?click_theme=no_such_theme")
    expect(_note(page)).to_contain_text("click_theme=no_such_theme",
                                                             timeout=FIRST)  # fmt: skip
    expect(page.locator(".st-key-theme-count")).to_contain_text("is raised by", timeout=FIRST)
    expect(page.get_by_test_id("stException")).to_have_count(0)
