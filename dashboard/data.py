"""The dashboard's only data access: the store, the named queries and the read-only editor.

Pages call `query(name, **params)` and get a DataFrame; the sidebar filters are added to
every query that declares them. Errors become a message saying what to do, never a
traceback. No Cypher is written here: the one free-text path, `run_cypher`, passes the
user's own text to the store's read-only `read`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from reviewgraph.graph.config import Settings
from reviewgraph.graph.errors import (
    QueryError,
    ReadOnlyViolation,
    ReviewgraphError,
    StoreUnavailable,
)
from reviewgraph.graph.query_errors import check_param_names
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.queries import registry
from reviewgraph.queries.errors import ParameterError, UnknownQuery
from reviewgraph.queries.registry import QuerySpec
from reviewgraph.settings import store_settings

FILTER_KEYS = (
    "types",
    "boards",
    "year_from",
    "year_to",
    "age_bands",
    "outcome",
    "include_unpublished",
    "include_register",
)
NO_FILTERS: dict[str, Any] = {
    "types": [],
    "boards": [],
    "year_from": None,
    "year_to": None,
    "age_bands": [],
    "outcome": None,
    "include_unpublished": False,
    "include_register": False,
}
QUERY_TTL_S = 60
PREFETCH_THREADS = 4
MAX_ROWS_SHOWN = 5_000
EMPTY_MESSAGE = (
    "No reviews loaded yet: use the **Load** page or `reviewgraph load PATH` "
    "(for the fictional demo corpus: `reviewgraph load --sample`)."
)


# -- the store -------------------------------------------------------------------------------


def settings() -> Settings:
    """The backend and data location the dashboard was started with (from the environment)."""
    return store_settings()


def _settings_key(s: Settings) -> tuple[str, ...]:
    # Part of every cache key, so two data dirs in one process (tests) never share results.
    return (s.backend, str(s.data_dir), s.neo4j_uri, s.neo4j_user, s.neo4j_database)


@st.cache_resource(show_spinner=False)
def _open(key: tuple[str, ...]) -> GraphStore:
    return open_store(settings())


def store() -> GraphStore:
    """The shared store of this server process (the dashboard itself only reads from it)."""
    return _open(_settings_key(settings()))


def unavailable_message(e: Exception) -> str:
    """What went wrong with the store and what to do about it."""
    s = settings()
    if s.backend == "neo4j":
        return (
            f"Cannot reach Neo4j at {s.neo4j_uri}: {e}\n\n"
            "Start it with `docker compose up -d neo4j` (and check NEO4J_USER / NEO4J_PASSWORD), "
            "or run the dashboard on the embedded store: `reviewgraph dashboard`."
        )
    return (
        f"Cannot open the embedded store in {s.data_dir}: {e}\n\n"
        "Restart the dashboard with `reviewgraph dashboard` (it starts the store), "
        "or check the store with `reviewgraph status`."
    )


def _store_down(e: Exception) -> None:
    _open.clear()  # reconnect on the next run (the server may come back)
    st.error(unavailable_message(e), icon=":material/cloud_off:")
    st.stop()


# -- named queries ---------------------------------------------------------------------------


def filters() -> dict[str, Any]:
    """The sidebar filters in force (set by app.py), as the queries' filter parameters."""
    chosen = st.session_state.get("filters") or {}
    return {k: chosen.get(k, NO_FILTERS[k]) for k in FILTER_KEYS}


def list_queries() -> list[QuerySpec]:
    return registry.list_queries()


@st.cache_data(ttl=QUERY_TTL_S, show_spinner=False)
def _cached(key: tuple[str, ...], name: str, params_json: str) -> pd.DataFrame:
    return pd.DataFrame(registry.run_query(store(), name, json.loads(params_json)))


def query_params(name: str, params: Mapping[str, Any], *, unfiltered: bool = False) -> dict:
    """The parameters sent for `name`: the sidebar filters (if it takes them), then `params`."""
    sent: dict[str, Any] = {}
    spec = registry.get_query(name)
    if spec.filters:
        declared = {p.name for p in spec.params}
        chosen = NO_FILTERS if unfiltered else filters()
        sent.update({k: v for k, v in chosen.items() if k in declared})
    sent.update(params)
    return sent


def query(
    name: str, *, unfiltered: bool = False, quiet: bool = False, **params: Any
) -> pd.DataFrame:
    """Rows of a named query as a DataFrame (cached for a minute).

    The sidebar filters are added when the query declares them (`unfiltered=True` counts
    everything published). A store that cannot be reached stops the page with what to do;
    a query the library lacks or rejects shows an error in place (nothing with `quiet`)
    and gives an empty frame.
    """
    try:
        sent = query_params(name, params, unfiltered=unfiltered)
        return _cached(_settings_key(settings()), name, json.dumps(sent, sort_keys=True))
    except StoreUnavailable as e:
        _store_down(e)
    except (QueryError, ParameterError, UnknownQuery) as e:
        if not quiet:
            st.error(f"The query `{name}` failed: {e}", icon=":material/error:")
    except ReviewgraphError as e:
        if not quiet:
            st.error(str(e))
    return pd.DataFrame()


_POOL = ThreadPoolExecutor(max_workers=PREFETCH_THREADS, thread_name_prefix="rg-prefetch")


def prefetch(*calls: tuple[str, Mapping[str, Any]]) -> None:
    """Start a page's queries at once, so the store answers them side by side while the page
    draws its first panels; the page's own `query` calls then wait for (or find) the cached
    answers (Streamlit computes one key once). Errors are left for those calls to show.
    """
    key = _settings_key(settings())
    ctx = get_script_run_ctx()

    def run(name: str, params_json: str) -> None:
        add_script_run_ctx(None, ctx)  # the cache and its messages belong to this session
        try:
            _cached(key, name, params_json)
        except Exception:  # noqa: BLE001 - shown by the page's own call
            pass

    for name, params in calls:
        _POOL.submit(run, name, json.dumps(query_params(name, params), sort_keys=True))


def clear_caches() -> None:
    """Forget cached answers (after a load changed the graph)."""
    _cached.clear()


# -- state of the graph ----------------------------------------------------------------------


def totals() -> dict[str, int]:
    """The Overview's headline numbers for the reviews in view."""
    out: dict[str, int] = {}
    headline = query("overview_totals", quiet=True)
    if not headline.empty:
        out.update({k: int(v) for k, v in headline.iloc[0].items() if pd.notna(v)})
    else:  # an older query library: add them up from the parts
        reviews = query("overview_counts")
        status = query("action_status")
        if not reviews.empty:
            out["reviews"] = int(reviews["reviews"].sum())
            out["boards"] = int(reviews["board"].nunique())
        if not status.empty:
            out["recommendations"] = int(status["recommendations"].sum())
            still_open = status[status["status"] != "complete"]
            out["open_recommendations"] = int(still_open["recommendations"].sum())
    out["themes"] = len(query("recurring_themes", level="theme"))
    return out


def headline() -> dict[str, int]:
    """The headline numbers of the reviews in view, from ONE named query (overview_totals):
    every page shows these, so no two pages can disagree about them."""
    row = query("overview_totals", quiet=True)
    out = {k: int(v) for k, v in row.iloc[0].items() if pd.notna(v)} if not row.empty else {}
    if not filters()["include_register"]:  # how many records the switch would add
        every = query("overview_totals", include_register=True, quiet=True)
        if not every.empty:
            out["register_records_left_out"] = int(every.iloc[0].get("register_records") or 0)
    return out


def our_board() -> str | None:
    """The board chosen as "our board" (sidebar; REVIEWGRAPH_OUR_BOARD by default)."""
    chosen = st.session_state.get("our_board")
    return str(chosen) if chosen else None


def any_reviews() -> bool:
    """Whether any review is loaded at all, published or not (one cheap query)."""
    return not query(
        "reviews", unfiltered=True, include_unpublished=True, include_register=True, limit=1
    ).empty


def require_reviews() -> None:
    """Stop the page with the empty state when no review is loaded at all."""
    if not any_reviews():
        st.info(EMPTY_MESSAGE, icon=":material/inbox:")
        if not read_only_mode():
            st.page_link("views/load.py", label="Go to the Load page", icon=":material/upload:")
        st.stop()


# -- the free Cypher editor (read only) ------------------------------------------------------


def run_cypher(text: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame | None:
    """Run the user's Cypher read-only; shows the refusal or the error and returns None."""
    try:
        check_param_names(params)  # before the store: falkordb-py writes names into the text
        rows = store().read(text, params or {})  # under the store's read limits
    except ReadOnlyViolation:
        st.error(
            "The workbench is read-only: this query tries to change the graph "
            "(CREATE, MERGE, SET, DELETE, REMOVE …). Nothing was changed. "
            "Load data on the Load page or with `reviewgraph load`.",
            icon=":material/lock:",
        )
        return None
    except StoreUnavailable as e:
        _store_down(e)
        return None
    except QueryError as e:
        # "syntax error at line 2, column 4: …", then the line and a pointer under the place.
        headline, _, pointer = str(e).partition("\n")
        st.error(headline[:1].upper() + headline[1:], icon=":material/error:")
        if pointer:
            st.code(pointer, language=None)
        return None
    return pd.DataFrame([{k: _cell(v) for k, v in row.items()} for row in rows])


def _cell(value: Any) -> Any:
    # Nodes and lists come back as dicts and lists; show them as compact JSON text.
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def read_only_mode() -> bool:
    """True when the dashboard was started with --read-only (no Load page)."""
    return os.environ.get("REVIEWGRAPH_DASHBOARD_READ_ONLY", "") == "1"


def filter_options() -> dict[str, Any]:
    """What the sidebar offers: the review types, boards and years present in the graph.

    Unpublished reviews contribute only when they are shown, so a board or year known only
    from a confidential review is not revealed by the list.
    """
    unpublished = bool(st.session_state.get("f_unpublished", False))
    register = bool(st.session_state.get("f_register", False))  # likewise register-only boards
    df = query("overview_counts", unfiltered=True, include_unpublished=unpublished,
               include_register=register, quiet=True)  # fmt: skip

    def values(column: str) -> list[Any]:
        if df.empty or column not in df:
            return []
        return sorted(v for v in df[column].dropna().unique().tolist())

    years = [int(y) for y in values("year")]
    return {
        "types": values("type"),
        "boards": values("board"),
        "year_min": min(years) if years else None,
        "year_max": max(years) if years else None,
    }


# -- one review ------------------------------------------------------------------------------


def review_parts(review: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The evidence, findings and recommendations of one review (a `review_profile` row):
    three named queries, whatever the review's size."""
    unpublished = filters()["include_unpublished"]
    return {
        part: query(f"review_{part}", review_id=review["id"], include_unpublished=unpublished)
        for part in ("evidence", "findings", "recommendations")
    }


# -- a paper for the board -------------------------------------------------------------------


def paper(theme: str, level: str, fmt: str) -> bytes:
    """The board paper on `theme` for the filters in force, as DOCX or PDF bytes: assembled by
    queries/paper.py from named queries, the same code `reviewgraph paper` runs."""
    from reviewgraph.queries import paper as board_paper

    try:
        made = board_paper.assemble(store(), theme, filters(), level)
    except StoreUnavailable as e:
        _store_down(e)
        raise
    return board_paper.render(made, fmt)
