"""Export the whole graph (or a query's rows) as CSV, GraphML or JSON; no click here.

Whole graph: every node of the model's labels and every relationship between them; the
precomputed views (queries/views.py) are a cache and are left out. Node keys are
`<Label>:<id>` because ids are unique per label only.

- JSON: {"nodes": [{key, label, properties}], "relationships": [{source, target, type,
  properties}]}
- CSV: a folder with nodes.csv (`:ID` the key, `:LABEL`, then one column per property) and
  relationships.csv (`:START_ID`, `:END_ID`, `:TYPE`, then properties), the header names of
  neo4j-admin import, which no property can take; lists as JSON text.
- GraphML: a directed multigraph networkx and Gephi read; node attributes `label` (a display
  name, what Gephi shows) and `labels` (":Review", as APOC's export writes it); edge attribute
  `label` the relationship type; lists as JSON text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reviewgraph.graph.store import NODE_LABELS, RELATIONSHIP_TYPES, GraphStore
from reviewgraph.queries.errors import ParameterError

FORMATS = ("csv", "graphml", "json")
# Labels and types come from the fixed lists in graph/store.py, never from input.
_NODES = "MATCH (n:{label}) RETURN n ORDER BY n.id"
_RELATIONSHIPS = (
    "MATCH (a)-[x:{rel}]->(b) "
    "RETURN labels(a)[0] AS a_label, a.id AS a_id, x, labels(b)[0] AS b_label, b.id AS b_id "
    "ORDER BY a_label, a_id, b_label, b_id"
)
_DISPLAY = ("name", "subject", "title", "text", "id")


def read_graph(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    """Every node and relationship of the model, as plain dicts."""
    nodes = []
    for label in NODE_LABELS:
        for row in store.read(_NODES.format(label=label)):
            props = row["n"]
            nodes.append({"key": f"{label}:{props.get('id')}", "label": label, "properties": props})
    relationships = []
    for rel in RELATIONSHIP_TYPES:
        for row in store.read(_RELATIONSHIPS.format(rel=rel)):
            relationships.append({
                "source": f"{row['a_label']}:{row['a_id']}",
                "target": f"{row['b_label']}:{row['b_id']}",
                "type": rel,
                "properties": row["x"] or {},
            })  # fmt: skip
    return {"nodes": nodes, "relationships": relationships}


def _cell(value: Any) -> Any:
    """A value for CSV/GraphML: lists and maps as JSON text, the rest as is."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_rows_csv(rows: list[dict[str, Any]], path: Path) -> None:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})


def _flat(items: Iterable[dict[str, Any]], fixed: dict[str, str]) -> list[dict[str, Any]]:
    """Rows with the fixed columns (renamed) first, then the properties."""
    return [{**{name: item[k] for k, name in fixed.items()}, **item["properties"]}
            for item in items]  # fmt: skip


def _graphml_types(elements: list[dict[str, Any]]) -> dict[str, type]:
    """One type per attribute (GraphML declares each once): int, float, bool or str."""
    seen: dict[str, set[type]] = {}
    for props in elements:
        for k, v in props.items():
            if v is not None:
                seen.setdefault(k, set()).add(type(v))
    chosen: dict[str, type] = {}
    for key, types in seen.items():
        if types == {bool}:
            chosen[key] = bool
        elif types <= {int}:
            chosen[key] = int
        elif types <= {int, float}:
            chosen[key] = float
        else:
            chosen[key] = str
    return chosen


def _graphml_value(value: Any, kind: type) -> Any:
    if kind is str:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return kind(value)


def to_networkx(graph: dict[str, list[dict[str, Any]]]) -> Any:
    """A networkx MultiDiGraph with GraphML-safe attributes."""
    import networkx as nx

    g = nx.MultiDiGraph()
    node_props = [n["properties"] for n in graph["nodes"]]
    node_types = _graphml_types(node_props)
    for node in graph["nodes"]:
        props = node["properties"]
        attrs = {k: _graphml_value(v, node_types[k]) for k, v in props.items() if v is not None}
        display = next((str(props[k]) for k in _DISPLAY if props.get(k)), node["key"])
        attrs.update(label=display[:80], labels=f":{node['label']}")
        g.add_node(node["key"], **attrs)
    edge_types = _graphml_types([r["properties"] for r in graph["relationships"]])
    for rel in graph["relationships"]:
        props = rel["properties"]
        attrs = {k: _graphml_value(v, edge_types[k]) for k, v in props.items() if v is not None}
        attrs["label"] = rel["type"]
        g.add_edge(rel["source"], rel["target"], **attrs)
    return g


def export_graph(store: GraphStore, fmt: str, out: Path) -> dict[str, int]:
    """Write the whole graph to `out` (a folder for CSV); returns node and relationship counts."""
    graph = read_graph(store)
    counts = {"nodes": len(graph["nodes"]), "relationships": len(graph["relationships"])}
    if fmt == "json":
        out.write_text(json.dumps(graph, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        write_rows_csv(_flat(graph["nodes"], {"key": ":ID", "label": ":LABEL"}), out / "nodes.csv")
        write_rows_csv(
            _flat(graph["relationships"],
                  {"source": ":START_ID", "target": ":END_ID", "type": ":TYPE"}),
            out / "relationships.csv",
        )  # fmt: skip
    elif fmt == "graphml":
        import networkx as nx

        nx.write_graphml(to_networkx(graph), out)
    else:
        raise ParameterError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return counts


def export_rows(rows: list[dict[str, Any]], fmt: str, out: Path) -> int:
    """Write a query's rows as CSV or JSON (a list of row objects); returns rows written."""
    if fmt == "json":
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "csv":
        write_rows_csv(rows, out)
    else:
        raise ParameterError(
            "a query's rows export as csv or json; graphml is for the whole graph (drop --query)"
        )
    return len(rows)
