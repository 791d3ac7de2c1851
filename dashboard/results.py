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
            _table(shown, key=key)
            st.caption(note + ".")
            ui.download(df, name, key=f"{key}-csv")
    with tab_chart:
        if tab_chart.open:
            _chart(shown, key=key, name=name)
    with tab_graph:
        if tab_graph.open:
            _graph(shown, key=key, name=name)


def _table(df: pd.DataFrame, *, key: str) -> None:
    """The rows as people read them: names rather than ids (an id column beside its name is
    hidden), friendly headers, empty cells for unknown values. A researcher writing Cypher
    can show the ids as the query returned them; the CSV always has them."""
    raw = st.toggle(
        "Show ids",
        key=f"{key}-ids",
        help="Show the rows as the query returned them, ids and column names included (for "
        "use in Cypher); the CSV has them either way.",
    )
    if raw:
        st.dataframe(ui.blank_unknown(df), hide_index=True, key=f"{key}-df")
        return
    shown = ui.blank_unknown(ui.named(df))
    hidden = ui.beside_names(list(df.columns))
    config: dict[Any, Any] = {c: st.column_config.Column(ui.label(c)) for c in shown.columns}
    st.dataframe(shown, hide_index=True, key=f"{key}-df", column_config=config,
                 column_order=[c for c in shown.columns if c not in hidden])  # fmt: skip


ROW_NUMBER = "(row number)"  # x: each row in turn, for a result with no column of names
ROW_COUNT = "(number of rows)"  # y: how many rows have each x, for a result with no numbers
NOT_KNOWN = "(not known)"


def numbers(column: pd.Series) -> pd.Series | None:
    """The column as numbers, or None when it does not hold numbers: a count, a score, a
    year; text that reads wholly as numbers ("12") too. True/False are not numbers here."""
    if pd.api.types.is_bool_dtype(column):
        return None
    if pd.api.types.is_numeric_dtype(column):
        values = column.astype(float)
    else:
        kind = pd.api.types.infer_dtype(column, skipna=True)
        if kind not in ("integer", "floating", "mixed-integer-float", "decimal", "string"):
            return None
        values = pd.to_numeric(column, errors="coerce").astype(float)
        if values.notna().sum() != column.notna().sum():  # some text is not a number
            return None
    return values if values.notna().any() else None


def as_labels(column: pd.Series) -> pd.Series:
    """Any column as category names: lists joined, dates as written, unknown as such."""

    def one(value: Any) -> str:
        if isinstance(value, list | tuple | set):
            return ", ".join(one(v) for v in value) or NOT_KNOWN
        if not ui.known(value) or value is pd.NaT:
            return NOT_KNOWN
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # a year read as a float (a column with gaps)
        if hasattr(value, "isoformat"):  # dates and times (pandas, datetime, neo4j.time)
            text = value.isoformat()
            return text[:10] if text.endswith("T00:00:00") else text
        return str(value)

    return column.map(one).astype(str)


def chart_axes(df: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(x choices, y choices) for any result: every column can name the categories (and the
    row number can); the columns of numbers can be plotted, and so can how many rows have
    each category, so a result of text alone still has a chart."""
    measured = [c for c in df.columns if numbers(df[c]) is not None]
    return [*df.columns, ROW_NUMBER], [*measured, ROW_COUNT]


def categories(df: pd.DataFrame, x: str) -> pd.Series:
    """Each row's category on the chart's x axis (its row number, or column `x` as text)."""
    if x == ROW_NUMBER:
        return pd.Series([str(i) for i in range(1, len(df) + 1)], index=df.index)
    return as_labels(df[x])


def chart_data(df: pd.DataFrame, x: str, y: str) -> tuple[pd.DataFrame | None, str]:
    """The two plotted columns, `category` and `value`, or None and why no chart fits."""
    if df.empty:
        return None, "The query returned no rows."
    category = categories(df, x)
    if y == ROW_COUNT:
        counted = category.value_counts(sort=False)  # in the order the rows came
        if counted.max() <= 1:
            return None, (
                f"Each value of {x} appears once, so counting rows compares nothing: "
                "choose a column whose values repeat, or a column of numbers for y."
                if x != ROW_NUMBER
                else "The row number alone compares nothing: choose a column for x."
            )
        return pd.DataFrame({"category": counted.index, "value": counted.to_numpy()}), ""
    values = numbers(df[y])
    if values is None:
        return None, f"The column {y} holds no numbers to plot."
    plot = pd.DataFrame({"category": category, "value": values}).dropna(subset=["value"])
    if plot["category"].duplicated().any():
        # several rows per category: their sum, as a stacked bar would show it
        plot = plot.groupby("category", sort=False, as_index=False)["value"].sum()
    return plot.reset_index(drop=True), ""


def default_x(df: pd.DataFrame) -> str:
    """The x axis a chart opens on: the first column of names a person reads, passing over an
    id column whose name is beside it (theme, not theme_id; name, not id); else the first
    column of text; else the first column (a year); else the row number."""
    text = [c for c in df.columns if numbers(df[c]) is None]
    hidden = ui.beside_names([str(c) for c in df.columns])
    readable = [c for c in text if str(c) not in hidden]
    if readable or text:
        return str((readable or text)[0])
    return str(df.columns[0]) if len(df.columns) > 1 else ROW_NUMBER


def _chart(df: pd.DataFrame, *, key: str, name: str) -> None:
    xs, ys = chart_axes(df)
    cols = st.columns(3)
    x = cols[0].selectbox(
        "x (categories)",
        xs,
        index=xs.index(default_x(df)),  # the user can choose any other
        key=f"{key}-x",
        persist_state=KEEP,
        format_func=str,
    )
    y = cols[1].selectbox(
        "y (numbers)",
        ys,
        index=max(len(ys) - 2, 0) if len(ys) > 1 else 0,
        key=f"{key}-y",
        persist_state=KEEP,
        format_func=str,
        help="A column of numbers, or the number of rows with each category.",
    )
    kind = cols[2].radio(
        "Kind", ["Bars", "Line"], horizontal=True, key=f"{key}-kind", persist_state=KEEP
    )
    plot, why = chart_data(df, x, y)
    if plot is None:
        st.info(why, icon=":material/bar_chart_off:")
        return
    x_title = "Row" if x == ROW_NUMBER else ui.label(x)
    y_title = "Rows" if y == ROW_COUNT else ui.label(y)
    # Plain field names: Vega-Lite reads `t.name` as a path and `count(*)` breaks it, so an
    # unaliased column drew nothing; the axis titles keep the query's own names.
    figure = charts.trend(
        plot,
        x="category",
        value="value",
        title=f"{y_title} by {x_title}",
        x_title=x_title,
        value_title=y_title,
        kind="bar" if kind == "Bars" else "line",
        pick_field="category",
    )
    state = ui.chart(
        figure,
        plot.set_axis([x_title, y_title] if x_title != y_title else [x_title, f"{y_title} "],
                      axis=1),
        key=f"{key}-chart",
        name=f"{name} chart",
        caption=f"{y_title} for each {x_title.lower()}, from the rows above"
        + (" (rows with the same one added up)." if len(plot) < len(df) and y != ROW_COUNT
           else ".") + " Click a bar to list its rows.",
        selectable=True,
    )  # fmt: skip
    picked = ui.click_filter(state, "category", key=f"{key}-chart")
    rows = df[categories(df, x) == picked] if picked is not None else df.iloc[0:0]
    if picked is not None and not rows.empty:
        ui.click_note(
            f"{key}-chart", f"{x_title} {picked} ({len(rows)} row{'' if len(rows) == 1 else 's'})"
        )
        with st.container(key=f"{key}-picked"):  # a stable handle for browser tests
            _table(rows, key=f"{key}-picked")


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
    )
    state = ui.chart(
        figure,
        links,
        key=f"{key}-graph",
        name=f"{name} graph",
        selectable=True,
        caption=f"Each line joins a row's {ui.label(source).lower()} to its "
        f"{ui.label(target).lower()} (at most 400 rows). Click a circle to list its rows.",
    )
    node = ui.click_filter(state, "id", key=f"{key}-graph")
    if node is None or node[:2] not in ("a:", "b:"):
        return
    column = source if node.startswith("a:") else target
    rows = df[df[column].astype(str) == node[2:]]
    if not rows.empty:
        ui.click_note(f"{key}-graph", f"{ui.label(column)} {node[2:]} ({len(rows)} "
                      f"row{'' if len(rows) == 1 else 's'})")  # fmt: skip
        with st.container(key=f"{key}-graph-picked"):  # a stable handle for browser tests
            _table(rows, key=f"{key}-graph-picked")
