"""A view is a link: the sidebar filters and the chart-click selection are kept in the URL's
query parameters, so reloading the page, or sending its address to a colleague, opens the
same view (docs/DASHBOARD.md lists the parameters).

Both ways:
- the session's opening run (a new tab, a reload, a link) takes the view from the URL
  (`opening`, `opened`); a value that is unknown or does not fit is ignored, with a note at the
  top of the page (`ignore`), never an error;
- every run puts the state back (`put`): the sidebar its filters, each page its own
  chart-click selection (None removes it: Clear does); another page's selection is removed.

Streamlit clears the query parameters when the sidebar's links change page; the state is in
the session, so the next run puts them back.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

OPENING = "url-opening"  # this run is the session's first: the URL decides
NOTES = "url-notes"  # (page, [note]): what the link asked for that was ignored
# Parameters read elsewhere, kept as they are: links to one theme, agency or review, and
# Streamlit's own embedding options.
OTHERS = {"theme", "agency", "review", "embed", "embed_options"}
SIDEBAR = {"type", "board", "years", "age", "outcome", "unpublished", "register", "our_board",
           "click_type", "click_board", "click_year"}  # fmt: skip
# Each page's own chart-click selection (its URL path: its parameters)
PAGES = {
    "themes": {"click_theme"},
    "agencies": {"click_agency", "click_agency_theme", "by"},
    "characteristics": {"click_characteristic"},
    "recommendations": {"click_status"},
    "register": {"click_region", "click_partnership", "click_incident_year", "click_tag"},
}
KNOWN = OTHERS | SIDEBAR | set().union(*PAGES.values())


def begin(page: str) -> None:
    """Start a run of `page` (its URL path): note whether the URL decides, and show what an
    opened link asked for that was ignored (while the user stays on that page)."""
    opening = "url-opened" not in st.session_state
    st.session_state["url-opened"] = True
    st.session_state[OPENING] = opening
    if opening or st.session_state.get(NOTES, (None, []))[0] != page:
        st.session_state[NOTES] = (page, [])
    st.session_state["url-notes-box"] = st.empty()
    others = KNOWN - OTHERS - SIDEBAR - PAGES.get(page, set())
    for name in sorted(set(st.query_params) - (KNOWN - others)):
        if opening:
            why = ("a chart click of another page" if name in others
                   else "not a setting of this dashboard")  # fmt: skip
            ignore(name, st.query_params.get(name, ""), why)
        del st.query_params[name]
    show_notes()


def opening() -> bool:
    """Whether this run takes the view from the URL (the session's first run)."""
    return bool(st.session_state.get(OPENING))


def opened(name: str) -> str | None:
    """On the opening run, the URL's value of `name` (the last, if repeated); else None."""
    if not opening():
        return None
    value = st.query_params.get(name)
    return None if value in (None, "") else str(value)


def opened_all(name: str) -> list[str]:
    """On the opening run, every value the URL gives `name` (`?type=SAR&type=DHR`)."""
    if not opening():
        return []
    return [v for v in st.query_params.get_all(name) if v != ""]


def ignore(name: str, value: str, why: str) -> None:
    """A value of the link that does not fit: left out of the view, and said so."""
    page, notes = st.session_state.get(NOTES, ("", []))
    text = f"`{_code(name)}={_code(value)}` ({why})"
    if text not in notes:
        st.session_state[NOTES] = (page, [*notes, text])
        show_notes()


def _code(text: str, limit: int = 60) -> str:
    """A link's text, safe inside a markdown code span: no backtick to end it early (so
    nothing of it is read as markdown: no link, no image fetched from elsewhere), cut short."""
    text = " ".join(str(text).replace("`", "'").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_notes() -> None:
    """The note at the top of the page, redrawn in its place as notes are added."""
    _page, notes = st.session_state.get(NOTES, ("", []))
    box = st.session_state.get("url-notes-box")
    if notes and box is not None:
        box.warning(
            "Part of this link was ignored: " + "; ".join(notes) + ". The rest of the view is "
            "as the link gave it.",
            icon=":material/link_off:",
        )


def put(name: str, value: str | int | Iterable[str] | None) -> None:
    """Keep `value` in the URL under `name` (None, "" or an empty list removes it)."""
    if value is None or value == "":
        if name in st.query_params:
            del st.query_params[name]
        return
    if isinstance(value, str | int):
        if st.query_params.get_all(name) != [str(value)]:
            st.query_params[name] = str(value)
        return
    values = [str(v) for v in value]
    if not values:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get_all(name) != values:
        st.query_params[name] = values


def flag(value: str | None) -> bool | None:
    """A yes/no parameter: True, False, or None when it says neither."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    return None
