"""Layout helpers every page uses: titled charts and tables with a caption and a CSV download,
friendly column names, and the links that move from a theme, agency or review to its page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import pandas as pd
import streamlit as st

from reviewgraph.dashboard.charts import PICK
from reviewgraph.loaders.statuses import STATUSES

CASE_EXPLORER = "views/case_explorer.py"
REVIEW_PICKER_LIMIT = 1000  # newest reviews offered in pickers; the filters narrow the rest
THEMES = "views/themes.py"
AGENCIES = "views/agencies.py"

# Column names as a board manager reads them; anything not listed is title-cased.
LABELS = {
    "theme": "Theme",
    "agency": "Agency",
    "sector": "Sector",
    "reviews": "Reviews",
    "reviews_in_view": "Reviews in view",
    "percent": "% of reviews",
    "mentions": "Mentions",
    "first_year": "First seen",
    "last_year": "Last seen",
    "scr": "SCR",
    "cspr": "CSPR",
    "cpr": "CPR",
    "sar": "SAR",
    "dhr": "DHR",
    "other": "Other",
    "type": "Type",
    "board": "Board",
    "year": "Year of review",
    "incident_year": "Year of death or incident",
    "subject": "Subject",
    "title": "Title",
    "recommendations": "Recommendations",
    "open_recommendations": "Open recommendations",
    "status": "Status",
    "text": "Text",
    "page": "Page",
    "document": "Document",
    "passage": "Passage",
    "number": "No.",
    "age_band": "Age band",
    "outcome": "Outcome",
    "harm": "Harm",
    "published": "Published",
    "score": "Similarity",
    "shared_themes": "Shared themes",
    "domain": "Domain",
    "level": "Level",
    "due": "Due",
    "owner": "Owner",
    "cases": "Cases",
}


def label(column: str) -> str:
    """A column's name for people ("reviews_in_view" -> "Reviews in view", "theme_id" ->
    "Theme")."""
    column = str(column)
    if column in LABELS:
        return LABELS[column]
    if column.endswith("_id") and column != "_id":
        return label(column[:-3])
    if column.endswith("_name"):
        return label(column[:-5])
    return re.sub(r"_+", " ", column).strip().capitalize()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "data"


def download(df: pd.DataFrame, name: str, *, key: str) -> None:
    """A button that saves exactly the rows behind a chart or table as CSV."""
    st.download_button(
        "Download CSV",
        df.to_csv(index=False).encode("utf-8"),
        file_name=f"reviewgraph-{slug(name)}.csv",
        mime="text/csv",
        key=f"dl-{key}",
        icon=":material/download:",
    )


def tabs(labels: Sequence[str], *, key: str) -> Sequence[Any]:
    """Tabs that draw only the open one: a hidden tab's charts and tables are not built or
    sent to the browser until it is opened (opening it reruns the page from the cache).

    Put each tab's content under `if tab.open:`. The open tab is kept in
    `st.session_state[key]` (its label), so a page can open one from a link or a test.
    Widgets inside a tab need `persist_state="page"` to keep their values while it is closed.
    """
    return st.tabs(list(labels), key=key, on_change="rerun")


def heading(title: str, caption: str) -> None:
    st.subheader(title)
    st.caption(caption)


def chart(
    figure: dict[str, Any],
    df: pd.DataFrame,
    *,
    caption: str,
    key: str,
    name: str,
    selectable: bool = False,
) -> Any:
    """A chart (its title is inside it), a caption saying what it counts, its CSV.

    With `selectable`, clicks on the chart rerun the page; returns the selection state. Its
    widget key changes when a click filter is cleared, so the chart forgets the click too.
    """
    widget = f"{key}-{st.session_state.get(f'gen-{key}', 0)}" if selectable else key
    with st.container(key=f"box-{key}"):  # a stable handle for browser tests
        state = st.vega_lite_chart(
            spec=figure,
            width="stretch",
            key=widget,
            on_select="rerun" if selectable else "ignore",
            selection_mode=[PICK] if selectable else None,
        )
        st.caption(caption)
        download(df, name, key=key)
    return state


def picked(state: Any, field: str) -> str | None:
    """The value of `field` the user clicked on a selectable chart, if any."""
    try:
        points = state["selection"][PICK]
    except (KeyError, TypeError):
        return None
    if not points:
        return None
    value = points[0].get(field)
    return None if value is None else str(value)


def clicked(state: Any, field: str, *, key: str) -> str | None:
    """A new click on chart `key`: the `field` of the mark clicked, on the run the click made
    (None on later runs, and when a click was undone by clicking beside the marks)."""
    value = picked(state, field)
    last = f"last-click-{key}"
    new = value is not None and value != st.session_state.get(last)
    st.session_state[last] = value
    return value if new else None


def click_filter(state: Any, field: str, *, key: str) -> str | None:
    """What the user last clicked on chart `key` (its `field`), kept until `click_note`'s
    Clear button (or another click) changes it: the page filters to it."""
    new = clicked(state, field, key=key)
    if new is not None:
        st.session_state[f"click-{key}"] = new
    value = st.session_state.get(f"click-{key}")
    return None if value is None else str(value)


def click_note(key: str, text: str, *, on_clear: Callable[[], None] | None = None) -> None:
    """The visible sign of a click filter: what the page is filtered to, and a Clear button
    (a stable handle, `click-<key>`, for browser tests)."""
    with st.container(key=f"click-{key}", horizontal=True, vertical_alignment="center"):
        st.info(f"Filtered by a chart click: **{text}**", icon=":material/ads_click:")
        st.button(
            "Clear",
            key=f"clear-{key}",
            on_click=clear_click,
            args=(key, on_clear),
            icon=":material/close:",
            help="Show everything again (the sidebar filters still apply).",
        )


def clear_click(key: str, also: Callable[[], None] | None = None) -> None:
    """Forget chart `key`'s click filter; its chart is drawn afresh, with nothing picked."""
    st.session_state.pop(f"click-{key}", None)
    st.session_state.pop(f"last-click-{key}", None)
    st.session_state[f"gen-{key}"] = st.session_state.get(f"gen-{key}", 0) + 1
    if also is not None:
        also()


def filter_by_click(state: Any, field: str, *, key: str, sidebar: str) -> None:
    """A click on chart `key` sets the sidebar filter `sidebar` ("types", "boards" or
    "year") to the value clicked, so every page counts only those reviews; the sidebar shows
    it, and the headline line says so with a Clear button (sidebar.click_notes)."""
    value = clicked(state, field, key=key)
    if value is None:
        return
    st.session_state["pending-filter"] = (sidebar, value, key)
    st.rerun()


def table(
    df: pd.DataFrame,
    *,
    caption: str,
    key: str,
    name: str,
    columns: Sequence[str] | None = None,
    column_config: Mapping[str, Any] | None = None,
    select: bool = False,
    height: int | Literal["auto", "stretch", "content"] = "auto",
) -> Any:
    """A table of `columns` with friendly headers, a caption, and the full rows as CSV.

    What people read: names, never ids (a column of ids is shown as their names; with no
    `columns` chosen, an id column beside its name is left out), an empty cell where a value
    is unknown, never "None" or "nan", and long text in wide columns whose header says so
    (the CSV keeps every column as it is). With `select`, one row can be chosen; returns the
    chosen row's index label or None.
    """
    picked = [c for c in (columns or df.columns) if c in df.columns]
    if columns is None:
        picked = [c for c in picked if c not in beside_names(picked)]
    shown = blank_unknown(named(df[picked]))
    config = {c: _column(shown[c], c) for c in shown.columns}
    for c, given in (column_config or {}).items():  # the page's own, the tooltip kept
        if c in config and isinstance(given, dict):
            given = {**config[c], **{k: v for k, v in given.items() if v is not None}}
        config[c] = given
    with st.container(key=f"box-{key}"):
        if select:
            state = st.dataframe(
                shown, hide_index=True, column_config=config, key=key, on_select="rerun",
                selection_mode="single-row", height=height,
            )  # fmt: skip
            rows = state.selection.rows
        else:
            st.dataframe(shown, hide_index=True, column_config=config, key=key, height=height)
            rows = []
        st.caption(caption)
        download(df, name, key=key)
    return df.index[rows[0]] if rows else None


LONG_TEXT = 40  # characters: a text column holding longer values is drawn wide


def _column(values: pd.Series, column: str) -> Any:
    """A column's header for people; text longer than a narrow column is drawn wide, and
    the header's tooltip says how to read a value cut off at the edge."""
    if values.empty or pd.api.types.is_numeric_dtype(values):
        return st.column_config.Column(label(column))
    longest = int(values.map(lambda v: len(str(v)) if isinstance(v, str) else 0).max())
    if longest <= LONG_TEXT:
        return st.column_config.Column(label(column))
    return st.column_config.Column(
        label(column),
        width="large" if longest > 2 * LONG_TEXT else "medium",
        help=f"{label(column)}: a value too long for the column is cut off at its edge; "
        "double-click the cell to read all of it, or drag the column's edge wider.",
    )


def blank_unknown(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns with an empty cell where a value is unknown, never "None" or "nan"
    (numbers and dates keep their type: the grid leaves their missing cells empty); lists
    lose their unknown items."""
    out = {}
    for c in df.columns:
        column = df[c]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        if column.map(lambda v: isinstance(v, list | tuple)).any():
            out[c] = column.map(
                lambda v: [x for x in v if known(x) and str(x) not in UNKNOWN_TEXT]
                if isinstance(v, list | tuple) else v
            )  # fmt: skip
            column = out[c]
        gaps = column.map(lambda v: not isinstance(v, list | tuple) and (not known(v) or (
            isinstance(v, str) and v.strip() in UNKNOWN_TEXT)))  # fmt: skip
        if gaps.any():
            out[c] = column.astype(object).where(~gaps, "")
    return df.assign(**out) if out else df


UNKNOWN_TEXT = {"None", "nan", "NaN", "NaT", "null", "<NA>"}  # an unknown value as text
# Ids in the graph: lower-case words joined by '_' (themes, agencies, characteristics) or
# '-' (reviews: 'sar-kestrelford-safeguarding-adults-board-edith-2019').
ID_LIKE = re.compile(r"^(?=[a-z0-9_-]*[a-z])[a-z0-9]+(?:[_-][a-z0-9]+)+$")
ONE_WORD = re.compile(r"^[a-z0-9_-]+$")
NAME_COLUMNS = ("name", "title", "subject", "label")


def beside_names(columns: Sequence[str]) -> set[str]:
    """The id columns a table needs no more because their name is beside them ("theme_id"
    beside "theme", "id" beside "name")."""
    present = set(columns)
    out = set()
    for c in present:
        if c == "id" and present & set(NAME_COLUMNS):
            out.add(c)
        elif c.endswith("_id") and {c[:-3], f"{c[:-3]}_name"} & present:
            out.add(c)
    return out


def _words(values: pd.Series) -> list[str] | None:
    """The column's values (in lists too) when every one could be an id (lower-case words
    joined by '_' or '-'), else None."""
    flat: list[Any] = []
    for v in values.head(500):
        if isinstance(v, list | tuple):
            flat.extend(v)
        elif known(v):
            flat.append(v)
    if not flat or not all(isinstance(v, str) and ONE_WORD.match(v) for v in flat):
        return None
    return flat


ID_COLUMNS = {"id", "domain", "parent", "theme", "agency", "characteristic", "review"}


def _names_ids(column: str) -> bool:
    """Whether a column's name says it holds ids ("theme_id", "domain", "r.id")."""
    last = column.rsplit(".", 1)[-1]
    return last in ID_COLUMNS or last.endswith("_id")


def named(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every column of ids (lists of ids too) shown as the names of what they
    identify: themes, agencies, case characteristics and reviews. A column is one of ids
    when its values look like ids ('information_sharing') or all are known ids (one-word
    ones such as 'practice'); an id with no known name (a review outside the filters) stays
    as it is."""
    candidates = {}
    for c in df.columns:
        if not pd.api.types.is_numeric_dtype(df[c]):
            words = _words(df[c])
            if words is not None:
                candidates[c] = words
    # one-word values ('practice', 'complete') are ids only in a column that holds ids
    candidates = {c: words for c, words in candidates.items()
                  if any(ID_LIKE.match(w) for w in words) or _names_ids(str(c))}  # fmt: skip
    if not candidates:
        return df
    names = id_names()
    columns = [c for c, words in candidates.items() if any(ID_LIKE.match(w) for w in words)
               or (_names_ids(str(c)) and all(w in names for w in words))]  # fmt: skip
    if not columns:
        return df

    def one(v: Any) -> Any:
        if isinstance(v, list | tuple):
            return [names.get(x, x) for x in v]
        return names.get(v, v) if isinstance(v, str) else v

    return df.assign(**{c: df[c].map(one) for c in columns})


def id_names() -> dict[str, str]:
    """The name of everything a table may hold the id of: every theme (domains and
    sub-themes too), agency and case characteristic, and the reviews in view."""
    from reviewgraph.dashboard import data

    names: dict[str, str] = {}
    for query, id_column, name_column in (("themes", "id", "name"), ("agencies", "id", "name"),
                                          ("characteristics", "characteristic_id",
                                           "characteristic")):  # fmt: skip
        rows = data.query(query, unfiltered=True, include_register=True, quiet=True)
        if id_column in rows and name_column in rows:
            rows = rows.dropna(subset=[id_column, name_column])
            names.update(zip(rows[id_column].astype(str), rows[name_column].astype(str),
                             strict=True))  # fmt: skip
    reviews = data.query("reviews", limit=REVIEW_PICKER_LIMIT, quiet=True)
    names.update({str(r["id"]): review_label(r) for r in reviews.to_dict("records")})
    return names


def open_review(review_id: str) -> None:
    """Go to the Case explorer showing one review (the URL carries it, so it can be shared)."""
    st.switch_page(CASE_EXPLORER, query_params={"review": review_id})


def review_label(row: Mapping[str, Any]) -> str:
    """How a review is named in lists: "SAR Edith (Kestrelford SAB, 2019)"."""
    name = row.get("subject") or row.get("title")
    if not known(name):  # only an id: it already says type, board, subject and year
        return str(row.get("review_id") or row.get("id"))
    raw_year = row.get("year")
    year = int(raw_year) if raw_year is not None and known(raw_year) else None
    where = ", ".join(str(v) for v in (row.get("board"), year) if known(v))
    text = f"{row.get('type') or ''} {name}".strip()
    return f"{text} ({where})" if where else text


def review_names(rows: pd.DataFrame, id_column: str = "review_id") -> list[str]:
    """A readable name for the review of each row ("SAR Edith (Kestrelford SAB, 2019)").

    Rows that lack the review's type and subject are named from the reviews in view (the
    newest REVIEW_PICKER_LIMIT); any other keeps its id, which still names it.
    """
    from reviewgraph.dashboard import data

    listed = data.query("reviews", limit=REVIEW_PICKER_LIMIT, quiet=True)
    names = {str(r["id"]): review_label(r) for r in listed.to_dict("records")}
    out = []
    for row in rows.to_dict("records"):
        if known(row.get("subject")):
            out.append(review_label(row))
        else:
            out.append(names.get(str(row.get(id_column)), str(row.get(id_column))))
    return out


def shared_once(evidence: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows with a passage several cases share shown once, with the cases it covers.

    A briefing on several cases says some things of all of them; each case is a review with
    that passage as its evidence, so a table of passages listed it once per case. Here the
    rows of one passage (same text, document and page) become one, its `reviews` naming
    every case ("CSPR Child P; CSPR Baby S") and `cases` counting them. Rows without a
    passage (a register's tag) stay one per review.
    """
    if evidence.empty:
        return evidence.assign(reviews=[], cases=[])
    rows = evidence.assign(reviews=review_names(evidence), cases=1)
    with_text = rows[rows["passage"].notna()]
    keys = ["passage", "document", "page"]
    grouped = (
        with_text.groupby(keys, dropna=False, sort=False)
        .agg({**{c: "first" for c in rows.columns if c not in (*keys, "reviews", "cases")},
              "reviews": lambda names: "; ".join(dict.fromkeys(names)), "cases": "count"})
        .reset_index()
    )  # fmt: skip
    out = pd.concat([grouped, rows[rows["passage"].isna()]], ignore_index=True)
    return out[[*evidence.columns, "reviews", "cases"]]


def known(value: Any) -> bool:
    """False for None and NaN (an unknown property), True for anything else."""
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def shown_of(shown: int, total: Any, what: str) -> str:
    """ "All 7 recommendations." or "5 of the 7 recommendations (…)"."""
    if not known(total) or int(total) <= shown:
        return f"All {shown} {what}."
    return (
        f"{shown} of the review's {int(total)} {what}: the others have no recognised "
        "theme or addressee."
    )


def arrived(param: str, widget_key: str) -> str | None:
    """A value of URL parameter `param` that came from a link rather than from this page.

    On the first run of a page (its widget has no state yet) the URL decides; later runs
    follow the widget unless the URL changed to something this page did not put there.
    """
    value = st.query_params.get(param)
    if value is None:
        return None
    if widget_key not in st.session_state or value != st.session_state.get(f"url-{param}"):
        return value
    return None


def remember_in_url(param: str, value: str | None) -> None:
    """Put the current choice in the URL so the page can be shared as it is."""
    st.session_state[f"url-{param}"] = value
    if value is None:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value


STATUS_COLOURS = {
    "complete": "green",
    "in progress": "blue",
    "open": "orange",
    "overdue": "red",
    "no action plan": "gray",
}


def status_badge(status: Any) -> str:
    """An action-plan status as a coloured badge in markdown."""
    text = str(status) if known(status) else "no action plan"
    return f":{STATUS_COLOURS.get(text, 'gray')}-badge[{text}]"


def as_written(row: Mapping[str, Any]) -> str:
    """' "Achieved and closed"': the report's own words for a recommendation's status,
    after its badge, when they say more than the badge's class."""
    words = row.get("as_written")
    said = " ".join(str(words).lower().split()) if known(words) else ""
    if not said or STATUSES.get(said, said) == str(row.get("status")).lower():
        return ""  # "Completed" beside "complete" says nothing more
    return ' "' + re.sub(r"[*_`\[\]<>:]", "", str(words)) + '"'


def provenance(row: Mapping[str, Any], about: str = "") -> str:
    """ "Themes …; document.pdf, page 12": where a finding or recommendation came from."""
    where = ", ".join(
        part
        for part in (
            str(row["document"]) if known(row.get("document")) else "",
            f"page {int(row['page'])}" if known(row.get("page")) else "",
        )
        if part
    )
    return "; ".join(p for p in (about, where) if p)


def no_rows(what: str = "reviews") -> None:
    st.info(
        f"No {what} match the filters in the sidebar. Widen them (or clear them) to see more.",
        icon=":material/filter_alt_off:",
    )
