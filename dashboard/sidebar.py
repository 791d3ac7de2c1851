"""The sidebar filters every page honours, kept in `st.session_state["filters"]` and in the
URL's query parameters (dashboard/share.py), so a link opens the same filters."""

from __future__ import annotations

from typing import Any

import streamlit as st

from reviewgraph.dashboard import data, share
from reviewgraph.settings import our_board as our_board_setting

TYPE_ORDER = ["SCR", "CSPR", "CPR", "SAR", "DHR", "TTR", "OTHER"]
AGE_BANDS = ["under 1", "1-5", "6-10", "11-15", "16-17", "adult"]
TYPE_NAMES = {
    "SCR": "SCR – Serious Case Review",
    "CSPR": "CSPR – Child Safeguarding Practice Review",
    "CPR": "CPR – Child Practice Review (Wales)",
    "SAR": "SAR – Safeguarding Adults Review",
    "DHR": "DHR – Domestic Homicide Review",
    "TTR": "TTR – table-top / local review",
    "OTHER": "Other",
}
NO_BOARD = "(none chosen)"
OUTCOMES = {"Any outcome": None, "Fatal": "fatal", "Non-fatal": "non-fatal"}
WIDGET_KEYS = (
    "f_types",
    "f_boards",
    "f_years",
    "f_age_bands",
    "f_outcome",
    "f_unpublished",
    "f_register",
    "years_chosen",
)


def _clear() -> None:
    for key in WIDGET_KEYS:
        st.session_state.pop(key, None)
    st.session_state.pop("click-filters", None)


def _carry_years(low: int, high: int) -> None:
    """Set the years slider's state before it is drawn: what the user chose, kept inside a
    range that may have changed (unpublished reviews shown or hidden, a load).

    An end left at the old limit follows the new limit, so "all years" stays all years.
    Streamlit drops a widget's state when a page switch skips a run, so the last choice is
    also kept under `years_chosen`.
    """
    current = st.session_state.get("f_years")
    previous = st.session_state.get("years_chosen")
    if previous is None:
        start, end, old_low, old_high = low, high, low, high
    else:
        (start, end), old_low, old_high = previous
    same_range = (old_low, old_high) == (low, high)
    if same_range and isinstance(current, tuple | list) and len(current) == 2:
        start, end = current  # the user's latest move
    start = low if start <= old_low else min(max(start, low), high)
    end = high if end >= old_high else max(min(end, high), low)
    st.session_state["f_years"] = (min(start, end), max(start, end))


# A sidebar filter a chart click can set: its widget, and what the notice calls it
CLICKABLE = {"types": ("f_types", "review type"), "boards": ("f_boards", "board"),
             "year": ("f_years", "year of review")}  # fmt: skip


def _apply_click() -> None:
    """Set the sidebar filter a chart click asked for (ui.filter_by_click), before its widget
    is drawn; remember it so the page can say so and clear it."""
    pending = st.session_state.pop("pending-filter", None)
    if not pending:
        return
    what, value, chart = pending
    widget = CLICKABLE[what][0]
    if what == "year":
        st.session_state[widget] = (int(value), int(value))
    else:
        st.session_state[widget] = [value]
    clicks = dict(st.session_state.get("click-filters", {}))
    st.session_state["click-filters"] = {**clicks, what: (value, chart)}


def _in_force(what: str, value: str) -> bool:
    current = st.session_state.get(CLICKABLE[what][0])
    if what == "year":
        return isinstance(current, tuple | list) and list(current) == [int(value)] * 2
    return current == [value]


def _clear_click(what: str) -> None:
    clicks = dict(st.session_state.get("click-filters", {}))
    _value, chart = clicks.pop(what, (None, ""))
    st.session_state["click-filters"] = clicks
    if what == "year":
        st.session_state.pop("f_years", None)
        st.session_state.pop("years_chosen", None)
    else:
        st.session_state[CLICKABLE[what][0]] = []
    st.session_state.pop(f"last-click-{chart}", None)
    st.session_state[f"gen-{chart}"] = st.session_state.get(f"gen-{chart}", 0) + 1


def _clicks_in_force() -> dict[str, tuple[str, str]]:
    """The sidebar filters a chart click set that are still in force (not changed in the
    sidebar since)."""
    clicks = {
        what: (value, chart)
        for what, (value, chart) in st.session_state.get("click-filters", {}).items()
        if _in_force(what, value)
    }
    st.session_state["click-filters"] = clicks
    return clicks


def click_notes() -> None:
    """The sidebar filters a chart click set, still in force: each with a Clear button."""
    clicks = _clicks_in_force()
    for what, (value, _chart) in clicks.items():
        with st.container(key=f"click-filter-{what}", horizontal=True,
                          vertical_alignment="center"):  # fmt: skip
            st.info(
                f"Filtered by a chart click: **{CLICKABLE[what][1]} {value}** (every page; "
                "the sidebar shows it)",
                icon=":material/ads_click:",
            )
            st.button("Clear", key=f"clear-filter-{what}", on_click=_clear_click, args=(what,),
                      icon=":material/close:")  # fmt: skip


# A chart click's sidebar filter in the URL (click_type=SAR): the filter, and the chart it
# came from (its Clear button forgets that chart's click)
CLICK_PARAMS = {"types": ("click_type", "ov-type"), "boards": ("click_board", "ov-board"),
                "year": ("click_year", "ov-year")}  # fmt: skip


def _year_range(text: str, low: int | None, high: int | None) -> tuple[int, int] | None:
    """ "2015-2019" or "2019" as years within the data's range; None when it is not."""
    parts = text.replace("–", "-").split("-")
    if len(parts) not in (1, 2) or not all(p.strip().isdigit() for p in parts):
        return None
    start, end = int(parts[0]), int(parts[-1])
    if low is None or high is None or not low <= start <= end <= high:
        return None
    return start, end


def _switches_from_url() -> None:
    """On the opening run, the switches the link gives: first, as they decide which boards
    and years the other filters offer."""
    if not share.opening():
        return
    for param, key in (("unpublished", "f_unpublished"), ("register", "f_register")):
        raw = share.opened(param)
        if raw is not None:
            on = share.flag(raw)
            if on is None:
                share.ignore(param, raw, "1 or 0")
            else:
                st.session_state[key] = on


def _from_url(options: dict[str, Any]) -> None:
    """On the session's opening run, set the filters the link gives (before their widgets are
    drawn); a value this data does not have is ignored, with a note."""
    if not share.opening():
        return
    low, high = options["year_min"], options["year_max"]
    for param, key, allowed, what in (
        ("type", "f_types", options["types"], "not a review type in this data"),
        ("board", "f_boards", options["boards"], "not a board in this data"),
        ("age", "f_age_bands", AGE_BANDS, "not an age band"),
    ):
        values = share.opened_all(param)
        for v in values:
            if v not in allowed:
                share.ignore(param, v, what)
        good = list(dict.fromkeys(v for v in values if v in allowed))
        if good:
            st.session_state[key] = good
    years = share.opened("years")
    if years is not None:
        span = _year_range(years, low, high)
        if span is None:
            share.ignore(
                "years",
                years,
                f"years of review run from {low} to {high} here"
                if low is not None and low < (high or low)
                else "no range of years here",
            )
        else:
            st.session_state["f_years"] = span
    outcome = share.opened("outcome")
    if outcome is not None:
        names = {v: k for k, v in OUTCOMES.items() if v}
        if outcome in names:
            st.session_state["f_outcome"] = names[outcome]
        else:
            share.ignore("outcome", outcome, "fatal or non-fatal")
    ours = share.opened("our_board")
    if ours is not None:
        if ours == "none":
            st.session_state["f_our_board"] = NO_BOARD
        elif ours in options["boards"]:
            st.session_state["f_our_board"] = ours
        else:
            share.ignore("our_board", ours, "not a board in this data")
    for what, (param, chart) in CLICK_PARAMS.items():
        value = share.opened(param)
        if value is None:
            continue
        fits = (_year_range(value, low, high) is not None and "-" not in value
                if what == "year" else value in options[what])  # fmt: skip
        if not fits:
            share.ignore(param, value, f"no such {CLICKABLE[what][1]} in this data")
            continue
        st.session_state["pending-filter"] = (what, value, chart)
        _apply_click()


def _to_url(chosen: dict[str, Any], our: str | None) -> None:
    """Put the filters (and which of them a chart click set) in the URL, on every run."""
    share.put("type", chosen["types"])
    share.put("board", chosen["boards"])
    low, high = chosen["year_from"], chosen["year_to"]
    span = st.session_state.get("f_years")
    share.put("years", f"{span[0]}-{span[1]}" if (low or high) and span else None)
    share.put("age", chosen["age_bands"])
    share.put("outcome", chosen["outcome"])
    share.put("unpublished", "1" if chosen["include_unpublished"] else None)
    share.put("register", "1" if chosen["include_register"] else None)
    default = our_board_setting() or None
    share.put("our_board", None if our == default else (our or "none"))
    clicks = {what: value for what, (value, _chart) in _clicks_in_force().items()}
    for what, (param, _chart) in CLICK_PARAMS.items():
        share.put(param, clicks.get(what))


def filter_sidebar() -> dict[str, Any]:
    """Draw the filters and store the chosen ones; returns them as query parameters."""
    _switches_from_url()
    options = data.filter_options()
    _from_url(options)
    _apply_click()
    with st.sidebar:
        st.header("Filters", divider="gray")
        st.caption("Every page counts only the reviews that match these.")
        present = [t for t in TYPE_ORDER if t in options["types"]]
        present += sorted(set(options["types"]) - set(TYPE_ORDER))
        types = st.multiselect(
            "Review types",
            present,
            key="f_types",
            format_func=lambda t: TYPE_NAMES.get(t, t),
            placeholder="All types",
        )
        boards = st.multiselect(
            "Boards", options["boards"], key="f_boards", placeholder="All boards"
        )
        year_from = year_to = None
        low, high = options["year_min"], options["year_max"]
        if low is not None and high is not None and low < high:
            _carry_years(low, high)
            chosen = st.slider(
                "Years of review",
                low,
                high,
                key="f_years",
                help="The year of the review (its publication). Register records give the year "
                "of the death or incident instead: the Register page counts by that.",
            )
            st.session_state["years_chosen"] = (chosen, low, high)
            # The full range means "no year filter", so reviews whose year is unknown stay in.
            year_from = chosen[0] if chosen[0] > low else None
            year_to = chosen[1] if chosen[1] < high else None
        age_bands = st.multiselect(
            "Age bands", AGE_BANDS, key="f_age_bands", placeholder="All ages"
        )
        outcome = st.radio("Outcome", list(OUTCOMES), key="f_outcome", horizontal=True)
        unpublished = st.toggle(
            "Include unpublished reviews",
            value=False,
            key="f_unpublished",
            help="Unpublished reviews and drafts are confidential: include them only "
            "for people entitled to see them.",
        )
        if unpublished:
            st.warning(
                "Unpublished reviews are confidential. Do not share these views or "
                "downloads beyond people entitled to see them.",
                icon=":material/lock:",
            )
        else:
            st.caption("Unpublished (confidential) reviews are left out.")
        register = st.toggle(
            "Include register records",
            value=False,
            key="f_register",
            help="Rows of a register (such as the DHRD): fields and tags only, no report read. "
            "Left out of every count by default, so a register loaded for context never "
            "changes your own reports' themes; the Register page counts them on their own.",
        )
        st.caption(
            "Register records are counted too." if register
            else "Counting reports only; register records are left out."
        )  # fmt: skip
        our = _our_board(options["boards"])
        st.button("Clear filters", on_click=_clear, icon=":material/filter_alt_off:")
    chosen = {
        "types": types,
        "boards": boards,
        "year_from": year_from,
        "year_to": year_to,
        "age_bands": age_bands,
        "outcome": OUTCOMES[outcome or "Any outcome"],
        "include_unpublished": unpublished,
        "include_register": register,
    }
    st.session_state["filters"] = chosen
    st.session_state["our_board"] = our
    _to_url(chosen, our)
    return chosen


def _our_board(boards: list[str]) -> str | None:
    """The "our board" choice: set once (REVIEWGRAPH_OUR_BOARD gives the first value), kept
    while moving between pages; theme pages set its share beside all other boards'."""
    if "f_our_board" not in st.session_state:
        st.session_state["f_our_board"] = our_board_setting() or NO_BOARD
    options = [NO_BOARD, *boards]
    if st.session_state["f_our_board"] not in options:
        options.append(st.session_state["f_our_board"])
    picked = st.selectbox(
        "Our board",
        options,
        key="f_our_board",
        help="Your own board: theme pages show its reviews' share beside the share across "
        "all other boards. Set it once with REVIEWGRAPH_OUR_BOARD.",
    )
    return None if picked == NO_BOARD else str(picked)


def describe(chosen: dict[str, Any]) -> str:
    """The filters in force in a few words, for captions and exported charts."""
    parts = []
    if chosen["types"]:
        parts.append(", ".join(chosen["types"]))
    if chosen["boards"]:
        parts.append(", ".join(chosen["boards"]))
    if chosen["year_from"] or chosen["year_to"]:
        parts.append(f"{chosen['year_from'] or '…'}–{chosen['year_to'] or '…'}")
    if chosen["age_bands"]:
        parts.append("age " + ", ".join(chosen["age_bands"]))
    if chosen["outcome"]:
        parts.append(chosen["outcome"])
    if chosen["include_unpublished"]:
        parts.append("including unpublished")
    if chosen.get("include_register"):
        parts.append("register records included")
    return "; ".join(parts) if parts else "all published reports"
