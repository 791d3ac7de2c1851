"""Small graphs the pages draw as networks: theme co-occurrence and one review's
neighbourhood. Positions come from networkx (a force layout) or a radial arrangement;
dashboard.charts.network draws them.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd


def layout(nodes: pd.DataFrame, edges: pd.DataFrame, *, seed: int = 7) -> pd.DataFrame:
    """`nodes` with x, y positions from a force-directed layout (deterministic for a seed)."""
    g = nx.Graph()
    g.add_nodes_from(nodes["id"])
    for row in edges.itertuples(index=False):
        g.add_edge(row.source, row.target, weight=float(getattr(row, "weight", 1.0) or 1.0))
    k = 2.2 / math.sqrt(max(len(g), 1))  # spaced so labels have room
    pos = nx.spring_layout(g, seed=seed, weight="weight", k=k, iterations=80)
    out = nodes.copy()
    out["x"] = [float(pos[n][0]) for n in out["id"]]
    out["y"] = [float(pos[n][1]) for n in out["id"]]
    return out


def communities(edges: pd.DataFrame, seed: int = 7) -> dict[str, int]:
    """Group numbers (1 = largest group) for nodes that tend to be linked together."""
    g = nx.Graph()
    for row in edges.itertuples(index=False):
        g.add_edge(row.source, row.target, weight=float(row.weight))
    if g.number_of_edges() == 0:
        return {}
    groups = nx.community.louvain_communities(g, weight="weight", seed=seed)
    ranked = sorted(groups, key=lambda c: (-len(c), sorted(c)))
    return {node: i + 1 for i, group in enumerate(ranked) for node in group}


def cooccurrence_graph(
    pairs: pd.DataFrame, themes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges of the co-occurrence network from the pairs and the theme counts."""
    edges = pd.DataFrame(
        {
            "source": pairs["theme_a"],
            "target": pairs["theme_b"],
            "weight": pairs["reviews"].astype(float),
            "lift": pairs["lift"].astype(float),
            "pair": pairs["theme_a_name"] + " + " + pairs["theme_b_name"],
        }
    )
    ids = set(edges["source"]) | set(edges["target"])
    nodes = themes[themes["theme_id"].isin(ids)][["theme_id", "theme", "reviews"]]
    nodes = nodes.rename(columns={"theme_id": "id", "theme": "label"}).reset_index(drop=True)
    # Groups by lift, so themes cluster by going together rather than by being frequent.
    group = communities(edges.assign(weight=edges["lift"]))
    nodes["group"] = [group.get(n, 0) for n in nodes["id"]]
    # Name each group after its most frequent theme, which a reader recognises.
    leaders = nodes.sort_values("reviews", ascending=False).drop_duplicates("group")
    names = {
        g: f"Around {label}" for g, label in zip(leaders["group"], leaders["label"], strict=True)
    }
    nodes["group"] = nodes["group"].map(names)
    return layout(nodes, edges), edges


def symmetric(pairs: pd.DataFrame) -> pd.DataFrame:
    """Both halves of a pair list (a-b and b-a), for a square matrix: names in `theme_a` and
    `theme_b`, the row's theme id in `theme_a_id` (what a click on a cell picks)."""
    ab = pairs[["theme_a_name", "theme_b_name", "reviews", "theme_a", "theme_b"]]
    ab = ab.rename(columns={"theme_a": "theme_a_id", "theme_b": "theme_b_id"})
    ab = ab.rename(columns={"theme_a_name": "theme_a", "theme_b_name": "theme_b"})
    ba = ab.rename(columns={"theme_a": "theme_b", "theme_b": "theme_a",
                            "theme_a_id": "theme_b_id", "theme_b_id": "theme_a_id"})  # fmt: skip
    return pd.concat([ab, ba], ignore_index=True)


def neighbourhood(review: dict, similar: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (with positions) and edges around one review (a `review_profile` row).

    The review sits in the middle, its themes on the left half-circle, its agencies on the
    right one, and similar reviews further out, joined to the themes they share with it.
    """
    centre = "review:" + str(review.get("id"))
    nodes = [(centre, _review_name(review), "review", 0.0, 0.0)]
    edges: list[tuple[str, str]] = []
    by_name: dict[str, str] = {}
    themes = list(zip(review.get("theme_ids") or [], review.get("themes") or [], strict=False))
    for (theme_id, name), (x, y) in zip(themes, _arc(len(themes), 112, 248, 1.0), strict=True):
        node = f"theme:{theme_id}"
        by_name[str(name)] = by_name[str(theme_id)] = node
        nodes.append((node, str(name), "theme", x, y))
        edges.append((centre, node))
    agencies = (review.get("agencies") or [])[:20]
    for name, (x, y) in zip(agencies, _arc(len(agencies), -68, 68, 1.0), strict=True):
        nodes.append((f"agency:{name}", str(name), "agency", x, y))
        edges.append((centre, f"agency:{name}"))
    others = similar.head(6).to_dict("records")
    for row, (x, y) in zip(others, _arc(len(others), 140, 220, 1.9), strict=True):
        node = f"review:{row.get('review_id')}"
        nodes.append((node, _review_name(row), "similar review", x, y))
        shared = [by_name[t] for t in (row.get("shared_themes") or []) if t in by_name]
        edges += [(node, t) for t in shared] or [(centre, node)]
    columns = ["id", "label", "kind", "x", "y"]
    node_df = pd.DataFrame(nodes, columns=columns).drop_duplicates("id")
    edge_df = pd.DataFrame(edges, columns=["source", "target"]).assign(weight=1.0)
    return node_df, edge_df


def _arc(n: int, start: float, end: float, radius: float) -> list[tuple[float, float]]:
    """`n` points spread evenly on an arc (degrees, counter-clockwise from the right)."""
    if n == 0:
        return []
    step = (end - start) / n
    angles = [math.radians(start + step * (i + 0.5)) for i in range(n)]
    return [(radius * math.cos(a), radius * math.sin(a)) for a in angles]


def _review_name(row: dict) -> str:
    return f"{row.get('type') or ''} {row.get('subject') or row.get('id') or ''}".strip()
