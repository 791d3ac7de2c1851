"""The Cypher workbench's parts: widgets generated from a query's parameters, and a result
shown as a table, a chart (the user picks x and y) or a graph (the user picks two columns).
"""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd
import streamlit as st

from reviewgraph.dashboard import charts, data, graphs, ui

PICKERS = {"review_id": "reviews", "theme": "themes", "agency": "agencies"}
# The chart's axes and the graph's ends stay as chosen while another tab of the result is
# open (a closed tab is not drawn, and Streamlit forgets what it does not draw).
KEEP: Literal["page"] = "page"


def _options(name: str) -> dict[str, str]:
    """{id: label} for parameters that name a review, a theme or an agency."""
    if name == "review_id":
        df = data.query("reviews", limit=ui.REVIEW_PICKER_LIMIT, quiet=True)
        return {str(r["id"]): ui.review_label(r) for r in df.to_dict("records")}
    df = data.query(PICKERS[name], quiet=True)
    if df.empty or "id" not in df or "name" not in df:
        return {}
    return dict(zip(df["id"].astype(str), df["name"].astype(str), strict=True))


def _widget(p: Any, key: str) -> Any:
    """One input for one parameter, by its declared type."""
    help_text = p.description
    title = ui.label(p.name) + ("" if not p.required else " (required)")
    if p.name in PICKERS:
        options = _options(p.name)
        if options:
            return st.selectbox(
                title,
                list(options),
                format_func=options.__getitem__,
                key=key,
                index=None,
                placeholder="Choose…",
                help=help_text,
            )
    if p.choices:
        default = p.default if p.default in p.choices else None
        index = list(p.choices).index(default) if default is not None else None
        return st.selectbox(title, list(p.choices), index=index, key=key, help=help_text)
    if p.type == "bool":
        return st.checkbox(title, value=bool(p.default), key=key, help=help_text)
    if p.type == "int":
        return st.number_input(title, value=p.default, step=1, key=key, help=help_text)
    if p.type == "float":
        return st.number_input(title, value=p.default, key=key, help=help_text, format="%.3f")
    if p.type.startswith("list["):
        text = st.text_input(
            title,
            value=", ".join(map(str, p.default or [])),
            key=key,
            help=f"{help_text} (separate values with commas)",
        )
        return text  # the registry turns "a, b" into a list of the declared type
    return st.text_input(title, value=p.default or "", key=key, help=help_text)


def param_widgets(spec: Any, *, use_filters: bool) -> dict[str, Any] | None:
    """Inputs for a named query's own parameters; None while a required one is missing."""
    values: dict[str, Any] = {}
    own = [p for p in spec.params if not (spec.filters and p.name in data.FILTER_KEYS)]
    if not own:
        st.caption("This query has no parameters of its own.")
    cols = st.columns(min(3, max(1, len(own))))
    for i, p in enumerate(own):
        with cols[i % len(cols)]:
            value = _widget(p, key=f"wb-{spec.name}-{p.name}")
        if value is None or value == "":
            if p.required:
                st.info(f"Choose or enter **{ui.label(p.name)}** to run this query.")
                return None
            continue
        values[p.name] = value
    if spec.filters and not use_filters:
        values.update(data.NO_FILTERS)
    return values


def show_result(df: pd.DataFrame, *, key: str, name: str) -> None:
    """The rows as a table, a chart or a graph, with a CSV download of all of them."""
    if df.empty:
        st.info("The query returned no rows.")
        return
    shown = df.head(data.MAX_ROWS_SHOWN)
    note = f"{len(df):,} row{'s' if len(df) != 1 else ''}"
    if len(df) > len(shown):
        note += f" (the first {len(shown):,} are shown; the CSV has all)"
    tab_table, tab_chart, tab_graph = ui.tabs(["Table", "Chart", "Graph"], key=f"{key}-view")
    with tab_table:
        if tab_table.open:
            st.dataframe(shown, hide_index=True, key=f"{key}-df")
            st.caption(note + ".")
            ui.download(df, name, key=f"{key}-csv")
    with tab_chart:
        if tab_chart.open:
            _chart(shown, key=key, name=name)
    with tab_graph:
        if tab_graph.open:
            _graph(shown, key=key, name=name)


def _chart(df: pd.DataFrame, *, key: str, name: str) -> None:
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    if not numeric:
        st.info("A chart needs a column of numbers; this result has none.")
        return
    cols = st.columns(3)
    x = cols[0].selectbox("x (categories)", list(df.columns), key=f"{key}-x", persist_state=KEEP)
    y = cols[1].selectbox(
        "y (numbers)", numeric, index=len(numeric) - 1, key=f"{key}-y", persist_state=KEEP
    )
    kind = cols[2].radio(
        "Kind", ["Bars", "Line"], horizontal=True, key=f"{key}-kind", persist_state=KEEP
    )
    # Plain field names: Vega-Lite reads `t.name` as a path and `count(*)` breaks it, so an
    # unaliased column drew nothing; the axis titles keep the query's own names.
    plot = pd.DataFrame({"category": df[x].astype(str), "value": df[y]})
    figure = charts.trend(
        plot,
        x="category",
        value="value",
        title=f"{ui.label(y)} by {ui.label(x)}",
        x_title=ui.label(x),
        value_title=ui.label(y),
        kind="bar" if kind == "Bars" else "line",
    )
    ui.chart(
        figure,
        plot.set_axis([x, y] if x != y else [x, f"{y} "], axis=1),
        key=f"{key}-chart",
        name=f"{name} chart",
        caption=f"{ui.label(y)} for each {ui.label(x).lower()}, from the rows above.",
    )


def _graph(df: pd.DataFrame, *, key: str, name: str) -> None:
    if len(df.columns) < 2:
        st.info("A graph needs two columns: one for each end of a link.")
        return
    cols = st.columns(3)
    source = cols[0].selectbox(
        "From (column)", list(df.columns), key=f"{key}-src", persist_state=KEEP
    )
    others = [c for c in df.columns if c != source]
    target = cols[1].selectbox("To (column)", others, key=f"{key}-dst", persist_state=KEEP)
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    weight = cols[2].selectbox(
        "Line width (optional)", [None, *numeric], key=f"{key}-w", persist_state=KEEP
    )
    links = df[[source, target] + ([weight] if weight else [])].dropna().head(400)
    edges = pd.DataFrame(
        {
            "source": "a:" + links[source].astype(str),
            "target": "b:" + links[target].astype(str),
            "weight": links[weight].astype(float) if weight else 1.0,
        }
    )
    edges["pair"] = links[source].astype(str) + " – " + links[target].astype(str)
    ends = [(f"a:{v}", str(v), ui.label(source)) for v in links[source].astype(str).unique()]
    ends += [(f"b:{v}", str(v), ui.label(target)) for v in links[target].astype(str).unique()]
    nodes = pd.DataFrame(ends, columns=["id", "label", "column"]).drop_duplicates("id")
    figure = charts.network(
        graphs.layout(nodes, edges),
        edges,
        title=f"{ui.label(source)} linked to {ui.label(target)}",
        colour="column",
        colour_title="Column",
        edge_tooltip=["pair"],
        pickable=False,
    )
    ui.chart(
        figure,
        links,
        key=f"{key}-graph",
        name=f"{name} graph",
        caption=f"Each line joins a row's {ui.label(source).lower()} to its "
        f"{ui.label(target).lower()} (at most 400 rows).",
    )
