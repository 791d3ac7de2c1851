"""A view is a link, page by page, without a browser (Streamlit's AppTest over
tests/fixtures/tiny.py's graph): a URL's filters and chart-click selection open that view with
its notice, the view keeps them in the URL, and a value that does not fit is ignored with a
note. tests/test_browser_links.py does the same for reload and a colleague's browser.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from reviewgraph.graph.store import open_store
from reviewgraph.queries.registry import run_query
from tests.fixtures.backend import settings_under_test
from tests.test_board_view import board, board_dir  # noqa: F401
from tests.test_dashboard import APP, open_page, tiny, tiny_dir  # noqa: F401


def _text(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("info", "warning", "markdown")
                     for e in getattr(at, kind))  # fmt: skip


def _param(at: AppTest, name: str) -> list[str]:
    value = at.query_params.get(name)
    return [] if value is None else value if isinstance(value, list) else [value]


def test_a_sidebar_click_in_the_link_filters_with_its_notice(tiny: Path) -> None:  # noqa: F811
    at = open_page(click_type="SAR")
    assert at.multiselect(key="f_types").value == ["SAR"]
    text = _text(at)
    assert "Filtered by a chart click: **review type SAR**" in text
    assert "**2 reviews in view**" in text
    assert _param(at, "type") == ["SAR"] and _param(at, "click_type") == ["SAR"]


def test_sidebar_filters_in_the_link_and_back(tiny: Path) -> None:  # noqa: F811
    at = open_page(board="South", years="2018-2020")  # R3 and R4 (R6 is 2021)
    assert "**2 reviews in view**" in _text(at)
    assert at.slider(key="f_years").value == (2018, 2020)
    at.radio(key="f_outcome").set_value("Fatal").run()
    assert _param(at, "outcome") == ["fatal"] and _param(at, "board") == ["South"]
    at.multiselect(key="f_boards").set_value([]).run()
    assert _param(at, "board") == [] and _param(at, "years") == ["2018-2020"]


def test_a_status_click_in_the_link(tiny: Path) -> None:  # noqa: F811
    at = open_page("recommendations", click_status="no action plan")
    assert "Filtered by a chart click: **status no action plan" in _text(at)
    assert _param(at, "click_status") == ["no action plan"]
    at.button(key="clear-rec-status").click().run()
    assert "status no action plan" not in _text(at) and _param(at, "click_status") == []


def test_a_characteristic_click_in_the_link(tiny: Path) -> None:  # noqa: F811
    at = open_page("characteristics", click_characteristic="separation")
    text = _text(at)
    assert "Filtered by a chart click: **Separation**" in text
    assert "**Separation**: 1 of 5 reviews in view" in text


def test_an_agency_cell_click_in_the_link(tiny: Path) -> None:  # noqa: F811
    at = open_page("agencies", click_agency="police", click_agency_theme="domestic_abuse")
    assert "Filtered by a chart click: **Police, on Domestic abuse**" in _text(at)
    assert at.selectbox(key="ag-theme").value == "domestic_abuse"
    at = open_page("agencies", by="sector", click_agency="health")
    assert at.session_state["ag_by"] == "sector"
    assert "Filtered by a chart click: **health**" in _text(at)


def test_values_that_do_not_fit_are_named_and_ignored(tiny: Path) -> None:  # noqa: F811
    at = open_page("recommendations", click_status="lost", outcome="deadly", type="DHR")
    warning = "\n".join(str(w.value) for w in at.warning)
    assert "`click_status=lost`" in warning and "`outcome=deadly`" in warning
    assert "`type=DHR`" not in warning
    assert "status lost" not in _text(at) and "**1 review in view**" in _text(at)
    at = open_page("agencies", by="postcode", click_agency="nobody")
    warning = "\n".join(str(w.value) for w in at.warning)
    assert "`by=postcode`" in warning and "`click_agency=nobody`" in warning


def test_register_clicks_in_the_link(board: Path) -> None:  # noqa: F811
    with open_store(settings_under_test(board)) as store:
        rows = run_query(store, "register_counts", {"by": "region", "include_register": True})
    south_west = next(int(r["records"]) for r in rows if r["key"] == "South West")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["click_region"] = "South West"
    at.query_params["click_tag"] = "no_such_tag"
    at.switch_page("views/register.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    text = _text(at)
    assert f"**{south_west:,} register records in view.**" in text
    assert "Filtered by a chart click: **region South West**" in text
    assert "`click_tag=no_such_tag`" in "\n".join(str(w.value) for w in at.warning)
    assert _param(at, "click_region") == ["South West"] and _param(at, "click_tag") == []
    # the board chosen as "our board" is in the link only when it differs from the setting
    assert _param(at, "our_board") == []
    at.selectbox(key="f_our_board").set_value("(none chosen)").run()
    assert _param(at, "our_board") == ["none"]


def test_a_theme_or_agency_link_that_does_not_fit_says_so(tiny: Path) -> None:  # noqa: F811
    at = open_page("themes", theme="no_such_theme")
    assert "`theme=no_such_theme` (no practice theme has that id)" in _warnings(at)
    assert at.selectbox(key="theme_pick").value == "information_sharing"  # the first instead
    at = open_page("agencies", agency="nobody")
    assert "`agency=nobody`" in _warnings(at)
    at = open_page("themes", theme="escalation")  # a theme that fits: no note
    assert _warnings(at) == "" and at.selectbox(key="theme_pick").value == "escalation"


def _warnings(at: AppTest) -> str:
    return "\n".join(str(w.value) for w in at.warning)


GARBAGE = {name: "%zz;<b>" for name in ("type", "board", "years", "age", "outcome",
                                       "unpublished", "register", "our_board", "click_type",
                                       "click_board", "click_year")}  # fmt: skip
PAGE_PARAMS = {
    None: {},
    "themes": {"theme": "9", "click_theme": "9"},
    "agencies": {"by": "9", "agency": "9", "click_agency": "9", "click_agency_theme": "9"},
    "characteristics": {"click_characteristic": "9"},
    "recommendations": {"click_status": "9"},
    "case_explorer": {"review": "9"},
    "register": {
        "click_region": "9",
        "click_partnership": "9",
        "click_incident_year": "9",
        "click_tag": "9",
    },
    "load": {},
    "workbench": {},
}


def test_no_page_fails_on_a_link_of_nonsense(tiny: Path) -> None:  # noqa: F811
    for page, own in PAGE_PARAMS.items():
        at = open_page(page, **GARBAGE, **own, nonsense="1")  # open_page fails on an exception
        warning = _warnings(at)
        for name in [*GARBAGE, *[n for n in own if n not in ("review",)], "nonsense"]:
            assert f"`{name}=" in warning, (page, name, warning)
        if page != "load":  # the Load page has no headline
            assert "**5 reviews in view**" in _text(at), page  # nothing of it applied


def test_a_link_cannot_put_markdown_on_the_page(tiny: Path) -> None:  # noqa: F811
    """A value is shown inside a code span: a backtick cannot end it, so a crafted link shows
    no link or image (which the browser would fetch from elsewhere)."""
    at = open_page(board="`![x](http://example.invalid/x.png)`")
    warning = _warnings(at)
    assert "`board='![x](http://example.invalid/x.png)'`" in warning
    assert warning.count("`") % 2 == 0
