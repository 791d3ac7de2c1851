"""The charts the pages draw, as Vega-Lite specs: bars, stacked bars, heatmaps, trends and
small networks.

Each function returns a plain spec dict with its data under `datasets` (Streamlit sends
DataFrames there as Arrow) and its title inside, so a chart saved from its menu (PNG or
SVG, for a board paper) still says what it shows. Plain dicts rather than altair objects:
altair validates every spec against the JSON schema, which cost about a second per page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

Spec = dict[str, Any]

# Distinct colours for review types, stable across charts.
TYPE_COLOURS = {
    "SCR": "#1f77b4",
    "CSPR": "#6baed6",
    "CPR": "#9ecae1",
    "SAR": "#2ca02c",
    "DHR": "#d62728",
    "TTR": "#9467bd",
    "OTHER": "#7f7f7f",
}
NODE_KIND_COLOURS = {
    "review": "#1f4e79",
    "theme": "#e08214",
    "agency": "#2ca02c",
    "similar review": "#6baed6",
}
PICK = "pick"  # the name of the click selection on charts that drill down
ZOOM = "zoom"  # a network's scroll-to-zoom, drag-to-pan interval (bound to its scales)
DATA = "table"


def _count_axis(title: str) -> dict:
    """An axis of whole numbers (reviews, recommendations): no 0.5 ticks."""
    return {"title": title, "format": "d", "tickMinStep": 1}


def _label_axis(title: str, limit: int = 260) -> dict:
    """A category axis with long labels; its title sits above them, level, because Vega
    measures the labels narrower than the browser draws them and a side title overlaps."""
    return {
        "title": title,
        "titleAngle": 0,
        "titleAlign": "right",
        "titleBaseline": "bottom",
        "titleX": -6,
        "titleY": -6,
        "labelLimit": limit,
        "labelOverlap": False,
    }


def _tooltip(fields: Sequence[str], df: pd.DataFrame) -> list[dict]:
    return [{"field": f, "type": _type_of(df, f)} for f in fields if f in df.columns]


def _type_of(df: pd.DataFrame, field: str) -> str:
    return "quantitative" if pd.api.types.is_numeric_dtype(df[field]) else "nominal"


def _pickable(spec: Spec, field: str, dimmed: float) -> Spec:
    """Clicking a mark selects its `field`; the others dim until the click is undone.

    A field the marks do not encode is added as `detail`: an aggregated mark (a bar summed
    over review types) keeps only the fields it is grouped by, so a click on it selected
    nothing and the page never heard of it."""
    spec["params"] = [{"name": PICK, "select": {"type": "point", "fields": [field], "on": "click"}}]
    encoded = {e.get("field") for e in spec["encoding"].values() if isinstance(e, dict)}
    if field not in encoded:
        spec["encoding"]["detail"] = {"field": field, "type": "nominal"}
    spec["encoding"]["opacity"] = {"condition": {"param": PICK, "value": 1}, "value": dimmed}
    return spec


def _type_colour(df: pd.DataFrame, field: str, title: str) -> dict:
    present = set(df[field].dropna())
    colour: dict = {"field": field, "type": "nominal", "title": title}
    if present and present <= set(TYPE_COLOURS):
        domain = [t for t in TYPE_COLOURS if t in present]
        colour["scale"] = {"domain": domain, "range": [TYPE_COLOURS[t] for t in domain]}
    return colour


def bar(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    category_title: str,
    value_title: str,
    tooltip: Sequence[str] = (),
    colour: str = "#1f4e79",
    sort_by_value: bool = True,
    pick_field: str | None = None,
) -> Spec:
    """Horizontal bars, longest first; `pick_field` makes a bar clickable."""
    spec: Spec = {
        "title": title,
        "datasets": {DATA: df},
        "data": {"name": DATA},
        "mark": {"type": "bar", "color": colour},
        "encoding": {
            "y": {
                "field": category,
                "type": "nominal",
                "sort": "-x" if sort_by_value else None,
                "axis": _label_axis(category_title),
            },
            "x": {"field": value, "type": "quantitative", "axis": _count_axis(value_title)},
            "tooltip": _tooltip(tooltip or (category, value), df),
        },
        "height": {"step": 22},
    }
    return _pickable(spec, pick_field, 0.45) if pick_field else spec


def columns(
    df: pd.DataFrame,
    *,
    x: str,
    value: str,
    title: str,
    x_title: str,
    value_title: str,
    colour: str | None = None,
    colour_title: str = "",
    pick_field: str | None = None,
) -> Spec:
    """Vertical bars (e.g. reviews per year), stacked by `colour` when given; `pick_field`
    makes a column clickable."""
    encoding: dict = {
        "x": {"field": x, "type": "ordinal", "title": x_title, "axis": {"labelAngle": 0}},
        "y": {"field": value, "type": "quantitative", "aggregate": "sum",
              "axis": _count_axis(value_title)},
        "tooltip": _tooltip([c for c in (x, colour, value) if c], df),
    }  # fmt: skip
    if colour:
        encoding["color"] = _type_colour(df, colour, colour_title)
    spec: Spec = {
        "title": title,
        "datasets": {DATA: df},
        "data": {"name": DATA},
        "mark": "bar",
        "encoding": encoding,
        "height": 260,
    }
    return _pickable(spec, pick_field, 0.45) if pick_field else spec


def stacked_bar(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    stack: str,
    title: str,
    category_title: str,
    value_title: str,
    stack_title: str,
    order: Sequence[str] | None = None,
    pick_field: str | None = None,
) -> Spec:
    """Horizontal stacked bars (e.g. reviews raising each theme, split by review type)."""
    spec: Spec = {
        "title": title,
        "datasets": {DATA: df},
        "data": {"name": DATA},
        "mark": "bar",
        "encoding": {
            "y": {
                "field": category,
                "type": "nominal",
                "sort": list(order) if order is not None else "-x",
                "axis": _label_axis(category_title),
            },
            "x": {
                "field": value,
                "type": "quantitative",
                "aggregate": "sum",
                "axis": _count_axis(value_title),
            },
            "color": _type_colour(df, stack, stack_title),
            "tooltip": _tooltip([category, stack, value], df),
        },  # fmt: skip
        "height": {"step": 22},
    }
    return _pickable(spec, pick_field, 0.5) if pick_field else spec


def heatmap(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    title: str,
    x_title: str,
    y_title: str,
    value_title: str,
    x_ordinal: bool = False,
    y_sort: Sequence[str] | None = None,
    x_sort: Sequence[str] | None = None,
    tooltip: Sequence[str] = (),
    scheme: str = "blues",
    number_format: str = "d",
    pick_fields: Sequence[str] = (),
) -> Spec:
    """A grid of cells shaded by `value`, with the number written in each cell;
    `pick_fields` makes a cell clickable (the click selects those fields of its row)."""
    top = float(df[value].max()) if not df.empty else 1.0
    rect: Spec = {
        "mark": "rect",
        "encoding": {
            "color": {
                "field": value,
                "type": "quantitative",
                "title": value_title,
                "scale": {"scheme": scheme},
                "legend": {"format": number_format},
            },
            "tooltip": _tooltip(tooltip or (y, x, value), df),
        },
    }
    if pick_fields:
        rect["params"] = [
            {"name": PICK, "select": {"type": "point", "fields": list(pick_fields), "on": "click"}}
        ]
        rect["encoding"]["opacity"] = {"condition": {"param": PICK, "value": 1}, "value": 0.5}
    return {
        "title": title,
        "datasets": {DATA: df},
        "data": {"name": DATA},
        "encoding": {
            "x": {
                "field": x,
                "type": "ordinal" if x_ordinal else "nominal",
                "title": x_title,
                "sort": list(x_sort) if x_sort is not None else "ascending",
                "axis": {
                    "labelAngle": 0 if x_ordinal else -45,
                    "labelLimit": 170,
                    "labelOverlap": False,
                },
            },  # fmt: skip
            "y": {
                "field": y,
                "type": "nominal",
                "title": y_title,
                "sort": list(y_sort) if y_sort is not None else "ascending",
                "axis": _label_axis(y_title),
            },
        },
        "layer": [
            rect,
            {
                "mark": {"type": "text", "fontSize": 11},
                "encoding": {
                    "text": {"field": value, "type": "quantitative", "format": number_format},
                    "color": {
                        "condition": {"test": f"datum['{value}'] > {top / 2}", "value": "white"},
                        "value": "black",
                    },
                },
            },
        ],
        "height": {"step": 26},
    }


def trend(
    df: pd.DataFrame,
    *,
    x: str,
    value: str,
    title: str,
    x_title: str,
    value_title: str,
    kind: str = "bar",
    pick_field: str | None = None,
) -> Spec:
    """`value` by `x` (the workbench's chart of any result): bars or a line; `pick_field`
    makes a bar (or a line's point) clickable."""
    mark = {"type": "line", "point": True} if kind == "line" else {"type": "bar"}
    spec: Spec = {
        "title": title,
        "datasets": {DATA: df},
        "data": {"name": DATA},
        "mark": mark,
        "encoding": {
            "x": {
                "field": x,
                "type": "nominal",
                "title": x_title,
                "sort": None,
                "axis": {"labelLimit": 200},
            },
            "y": {"field": value, "type": "quantitative", "title": value_title},
            "tooltip": _tooltip([x, value], df),
        },  # fmt: skip
        "height": 360,
    }
    return _pickable(spec, pick_field, 0.45) if pick_field else spec


# -- networks --------------------------------------------------------------------------------


def network(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    title: str,
    colour: str,
    colour_title: str,
    colours: dict[str, str] | None = None,
    size: str | None = None,
    size_title: str = "",
    tooltip: Sequence[str] = ("label",),
    edge_tooltip: Sequence[str] = (),
    height: int = 520,
    pickable: bool = True,
    radial: bool = False,
    label_top: int | None = None,
) -> Spec:
    """Nodes (id, label, x, y, colour field, optional size) joined by edges (source, target,
    weight), positions from dashboard.graphs. Clicking a node selects its `id` (`pick`).

    Scroll to zoom and drag to pan (an interval bound to the scales; double-click resets).
    Labels have a white halo so lines under them do not hide them; with `label_top`, only
    that many nodes (the largest by `size`) are labelled and the rest name themselves on
    hover, so a dense network stays legible.
    """
    nodes = nodes.copy()
    nodes["shown_label"] = nodes["label"]
    if label_top is not None and len(nodes) > label_top:
        ranked = nodes[size].rank(method="first", ascending=False) if size else nodes.index
        nodes["shown_label"] = nodes["label"].where(pd.Series(ranked, index=nodes.index)
                                                    <= label_top, "")  # fmt: skip
    where = nodes.set_index("id")[["x", "y"]]
    lines = edges[edges["source"].isin(where.index) & edges["target"].isin(where.index)].copy()
    lines["x"] = where.loc[lines["source"], "x"].to_numpy()
    lines["y"] = where.loc[lines["source"], "y"].to_numpy()
    lines["x2"] = where.loc[lines["target"], "x"].to_numpy()
    lines["y2"] = where.loc[lines["target"], "y"].to_numpy()
    if "weight" not in lines:
        lines["weight"] = 1.0
    hidden = {"title": None, "labels": False, "ticks": False, "domain": False, "grid": False}
    # Room around the outermost nodes for their labels (radial ones run sideways).
    x_span = [-2.4, 2.4] if radial else _span(nodes["x"], 0.22)
    if radial and nodes["x"].min() < -1.5:  # similar reviews further out on the left
        x_span = [-3.3, 2.4]
    x = {
        "field": "x",
        "type": "quantitative",
        "axis": hidden,
        "scale": {"domain": x_span, "nice": False},
    }
    y = {"field": "y", "type": "quantitative", "axis": hidden,
         "scale": {"domain": _span(nodes["y"], 0.08), "nice": False}}  # fmt: skip
    edge_layer: Spec = {
        "data": {"name": "edges"},
        "mark": {"type": "rule", "color": "#9aa5b1", "opacity": 0.55},
        "encoding": {
            "x": x,
            "y": y,
            "x2": {"field": "x2"},
            "y2": {"field": "y2"},
            "strokeWidth": {
                "field": "weight",
                "type": "quantitative",
                "legend": None,
                "scale": {"range": [0.5, 5]},
            },
        },  # fmt: skip
    }
    if edge_tooltip:
        edge_layer["encoding"]["tooltip"] = _tooltip(edge_tooltip, lines)
    colour_enc: dict = {"field": colour, "type": "nominal", "title": colour_title or None}
    if colours:
        present = [k for k in colours if k in set(nodes[colour])]
        colour_enc["scale"] = {"domain": present, "range": [colours[k] for k in present]}
    else:
        colour_enc["scale"] = {"scheme": "tableau10"}
    node_layer: Spec = {
        "data": {"name": "nodes"},
        "mark": {"type": "circle", "opacity": 0.95, "stroke": "white", "size": 260},
        "encoding": {"x": x, "y": y, "color": colour_enc, "tooltip": _tooltip(tooltip, nodes)},
    }
    if size:
        scale = {"range": [80, 900]}
        node_layer["encoding"]["size"] = {
            "field": size, "type": "quantitative", "title": size_title, "scale": scale
        }  # fmt: skip
    node_layer["params"] = [{"name": ZOOM, "select": "interval", "bind": "scales"}]
    if pickable:
        node_layer["params"].append(
            {"name": PICK, "select": {"type": "point", "fields": ["id"], "on": "click"}}
        )
    return {
        "title": title,
        "datasets": {"nodes": nodes, "edges": lines},
        "layer": [edge_layer, node_layer, *_labels(x, y, radial=radial)],
        "height": height,
        "padding": {"left": 12, "right": 12, "top": 8, "bottom": 8},
    }


def _labels(x: dict, y: dict, *, radial: bool) -> list[Spec]:
    """Node labels: above each node, or outward (left or right) on a radial layout."""

    def layer(mark: dict, where: str | None = None) -> list[Spec]:
        """The label twice: a thick white outline (the halo), then the text over it."""
        out = []
        for style in ({"stroke": "white", "strokeWidth": 4, "strokeJoin": "round",
                       "strokeOpacity": 0.9}, {}):  # fmt: skip
            spec: Spec = {
                "data": {"name": "nodes"},
                "mark": {"type": "text", "fontSize": 11, "color": "#222", **mark, **style},
                "encoding": {"x": x, "y": y,
                             "text": {"field": "shown_label", "type": "nominal"}},
            }  # fmt: skip
            if where:
                spec["transform"] = [{"filter": where}]
            out.append(spec)
        return out

    if not radial:
        return layer({"dy": -14})
    return [
        *layer({"align": "right", "dx": -10}, "datum.x < -0.01"),
        *layer({"align": "left", "dx": 10}, "datum.x > 0.01"),
        *layer({"dy": -16, "fontSize": 12, "fontWeight": "bold"}, "abs(datum.x) <= 0.01"),
    ]


def _span(values: pd.Series, margin: float) -> list[float]:
    low, high = float(values.min()), float(values.max())
    pad = (high - low or 1.0) * margin
    return [low - pad, high + pad]
