"""The Cypher workbench's chart opens on the column a person reads: a result holding both an
id and its name (theme_id, theme, reviews) is charted by name, and the user can still choose
the id (dashboard/results.py's default_x, and the page itself under AppTest over
tests/fixtures/tiny.py's graph)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from reviewgraph.dashboard.results import ROW_NUMBER, default_x
from tests.test_dashboard import open_page, tiny, tiny_dir  # noqa: F401


def test_the_name_beside_an_id_is_the_default_x() -> None:
    rows = {"theme_id": ["information_sharing", "escalation"],
            "theme": ["Information sharing", "Escalation"], "reviews": [5, 1]}  # fmt: skip
    assert default_x(pd.DataFrame(rows)) == "theme"
    assert default_x(pd.DataFrame({"id": ["a_b"], "name": ["A b"], "n": [1]})) == "name"
    assert default_x(pd.DataFrame({"agency_id": ["gp"], "agency_name": ["GP"], "n": [2]})) == (
        "agency_name"
    )
    # no name beside it: the id is what there is; numbers alone: the first column, a year
    assert default_x(pd.DataFrame({"theme_id": ["escalation"], "n": [1]})) == "theme_id"
    assert default_x(pd.DataFrame({"year": [2019, 2020], "n": [1, 2]})) == "year"
    assert default_x(pd.DataFrame({"n": [1, 2]})) == ROW_NUMBER


def test_the_workbench_charts_themes_by_name_and_the_id_can_be_chosen(tiny: Path) -> None:  # noqa: F811
    at = open_page("workbench")
    at.selectbox(key="wb-query").set_value("recurring_themes").run()  # theme_id, theme, ...
    at.session_state["wb-recurring_themes-view"] = "Chart"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="wb-recurring_themes-x").value == "theme"
    at.selectbox(key="wb-recurring_themes-y").set_value("reviews").run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["x"]["title"] == "Theme"
    plotted = _plotted(at)
    assert plotted["Information sharing"] == 5 and plotted["Risk assessment"] == 3
    at.selectbox(key="wb-recurring_themes-x").set_value("theme_id").run()  # the user's choice holds
    assert _plotted(at)["information_sharing"] == 5


def _plotted(at: object) -> dict[str, float]:
    import pyarrow as pa

    chart = at.get("vega_lite_chart")[0].proto  # type: ignore[attr-defined]
    frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.datasets]
    frame = next(f for f in frames if {"category", "value"} <= set(f.columns))
    return dict(zip(frame["category"], frame["value"], strict=True))
