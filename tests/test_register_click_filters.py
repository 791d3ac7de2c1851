"""register_counts narrowed the way a click on the Register page narrows it (a region, a
year of death or incident, a tag): the counts equal pandas on the same rows of the CSV."""

from __future__ import annotations

from pathlib import Path

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.pipeline import load_register
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import run_query
from tests.test_register_views import FICTIONAL, write_fictional


def _counts(store: GraphStore, by: str, **narrow: object) -> dict[object, int]:
    rows = run_query(store, "register_counts", {"by": by, **narrow})
    return {r["key"]: r["records"] for r in rows}


def test_register_counts_narrow_to_a_region_year_or_tag(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    assert not load_register(empty_store, write_fictional(tmp_path), "dhrd").failed
    analyse(empty_store)
    # South West: X-3 (Tallow Vale, 2021) and X-5 (Quillham, 2017)
    boards = _counts(empty_store, "board", region="South West")
    assert sorted(boards.values()) == [1, 1]
    assert _counts(empty_store, "incident_year", region="South West") == {2021: 1, 2017: 1}
    # coercive control
    tagged = [row for row in FICTIONAL if "coercive_control" in row[7]]
    regions = _counts(empty_store, "region", tag="coercive_control")
    assert regions == {"North East": 1, "South West": 2} and sum(regions.values()) == len(tagged)
    assert _counts(empty_store, "region", incident_year=2019) == {"North East": 2}
    rows = run_query(empty_store, "register_counts", {"by": "region", "tag": "stalking"})
    assert [(r["key"], r["records"], r["records_in_view"]) for r in rows] == [("South West", 1, 1)]
    # no narrowing: the default (precomputed) view is unchanged
    assert sum(_counts(empty_store, "region").values()) == len(FICTIONAL)
