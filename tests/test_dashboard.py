"""Every dashboard page run by Streamlit's AppTest against a real embedded store.

The graph is tests/fixtures/tiny.py: six reviews whose answers are known. With the default filters
(R5 is unpublished, so hidden) information sharing is raised by all 5 reviews in view,
risk assessment by 3; with types = SAR only R2 and R6 remain.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from reviewgraph.dashboard import loading
from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import GraphStore, open_store
from tests.fixtures.backend import (
    TEST_BACKEND,
    close_test_store,
    open_test_store,
    point_dashboard_at,
    settings_under_test,
)
from tests.fixtures.tiny import R3, RECS, REVIEWS, build_tiny, tiny_store

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
TIMEOUT = 30
RECS_R1_1 = RECS[0][2]  # "Children's social care should ensure that case records are read …"


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data dir holding the tiny graph; its server runs for the module."""
    folder = tmp_path_factory.mktemp("dash") / "data"
    with tiny_store(folder):
        yield folder


@pytest.fixture
def tiny(tiny_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The dashboard pointed at the tiny graph. On Neo4j one database serves every fixture
    in turn: a test that emptied it or loaded the sample corpus there leaves it rebuilt."""
    if TEST_BACKEND == "neo4j":
        with open_store(settings_under_test(tiny_dir)) as store:
            held = store.read("MATCH (r:Review) RETURN r.id AS id")
            if sorted(r["id"] for r in held) != sorted(r[0] for r in REVIEWS):
                store.clear()
                build_tiny(store)
    point_dashboard_at(monkeypatch, tiny_dir)
    return tiny_dir


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    point_dashboard_at(monkeypatch, tmp_path / "data")
    store = open_test_store(tmp_path / "data")
    try:
        yield tmp_path / "data"
    finally:
        close_test_store(store, tmp_path / "data")


def open_page(page: str | None = None, **query_params: str) -> AppTest:
    """Run the app (Overview), then switch to `page`; fails on any exception shown."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query_params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown_text(at: AppTest) -> str:
    parts = [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption]
    parts += [*at.info, *at.warning, *at.error, *at.success]
    return "\n".join(str(p.value) for p in parts)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def charts(at: AppTest) -> list[tuple[str, list[pd.DataFrame]]]:
    """(title, datasets) of every Vega-Lite chart on the page."""
    out = []
    for el in at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        title = spec.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in el.proto.datasets]
        out.append((str(title), frames))
    return out


def chart(at: AppTest, title_part: str) -> pd.DataFrame:
    for title, frames in charts(at):
        if title_part in title:
            return frames[0]
    raise AssertionError(f"no chart titled {title_part!r} in {[t for t, _ in charts(at)]}")


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {column!r}")


# -- Overview --------------------------------------------------------------------------------


def test_overview_shows_counts_and_the_top_theme(tiny: Path) -> None:
    at = open_page()
    assert at.title[0].value == "Overview"
    assert metric(at, "Reviews") == "5"
    assert metric(at, "Recommendations") == "7"  # R5's one recommendation is hidden with it
    top = chart(at, "Top recurring themes").sort_values("reviews", ascending=False).iloc[0]
    assert (top["theme"], top["reviews"]) == ("Information sharing", 5)
    by_type = chart(at, "Reviews by type").set_index("type")["reviews"]
    assert by_type.to_dict() == {"CSPR": 1, "DHR": 1, "SAR": 2, "SCR": 1}


def test_a_filter_changes_the_numbers(tiny: Path) -> None:
    at = open_page()
    at.sidebar.multiselect(key="f_types").set_value(["SAR"]).run()
    assert not at.exception
    assert metric(at, "Reviews") == "2"
    assert chart(at, "Top recurring themes")["reviews"].max() == 2
    at.sidebar.toggle(key="f_unpublished").set_value(True).run()
    assert any("confidential" in w.value for w in at.sidebar.warning)


def test_including_unpublished_reviews_adds_r5(tiny: Path) -> None:
    at = open_page()
    at.sidebar.toggle(key="f_unpublished").set_value(True).run()
    assert metric(at, "Reviews") == "6"


def test_every_page_shows_the_empty_state_on_an_empty_store(empty: Path) -> None:
    for page in (None, "themes", "agencies", "recommendations", "case_explorer"):
        at = open_page(page)
        assert "No reviews loaded yet" in shown_text(at), page
        assert "reviewgraph load --sample" in shown_text(at)


def test_an_unreachable_neo4j_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWGRAPH_BACKEND", "neo4j")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # discard port: nothing listens
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    at = open_page()
    message = shown_text(at)
    assert "Cannot reach Neo4j at bolt://127.0.0.1:9" in message
    assert "docker compose up -d neo4j" in message


# -- Themes ----------------------------------------------------------------------------------


def test_themes_by_type_and_the_evidence_of_a_theme(tiny: Path) -> None:
    at = open_page("themes", theme="domestic_abuse")
    by_type = chart(at, "by review type")
    info = by_type[by_type["theme"] == "Information sharing"].set_index("type")["reviews"]
    assert info.to_dict() == {"CSPR": 1, "DHR": 1, "SAR": 2, "SCR": 1}
    assert at.selectbox(key="theme_pick").value == "domestic_abuse"
    evidence = table_with(at, "passage")
    assert "C: practitioners' domestic abuse was a concern." in set(evidence["passage"])
    assert set(evidence["page"]) == {3}
    assert "**Domestic abuse** is raised by **2** of the 5 reviews" in shown_text(at)


def test_choosing_another_theme_lists_its_reviews(tiny: Path) -> None:
    at = open_page("themes")
    at.selectbox(key="theme_pick").set_value("substance_misuse").run()
    at.session_state["th-evidence-view"] = "Reviews raising it"
    at.run()
    reviews = table_with(at, "passages")  # one row per review, with its passages counted
    assert set(reviews["subject"]) == {"Adult B", "Adult F"}
    assert not any("passage" in t.value.columns for t in at.dataframe)  # the closed tab
    assert at.query_params["theme"] in ("substance_misuse", ["substance_misuse"])


def test_cooccurrence_network_and_matrix(tiny: Path) -> None:
    at = open_page("themes")
    at.slider(key="th-co-min").set_value(2).run()
    at.toggle(key="th-co-lift").set_value(False).run()
    titles = [t for t, _ in charts(at)]
    assert any("raised by the same reviews" in t for t in titles)
    assert not any("Reviews raising both" in t for t in titles)  # closed tabs are not drawn
    at.session_state["th-co-view"] = "Matrix"  # as clicking the tab does
    at.run()
    assert at.slider(key="th-co-min").value == 2  # the page keeps its settings
    titles = [t for t, _ in charts(at)]
    assert not any("raised by the same reviews" in t for t in titles)
    matrix = chart(at, "Reviews raising both")
    pair = matrix[
        (matrix["theme_a"] == "Information sharing") & (matrix["theme_b"] == "Risk assessment")
    ]
    assert pair["reviews"].tolist() == [3]


def test_a_network_zooms_pans_and_labels_only_its_largest_nodes() -> None:
    from reviewgraph.dashboard import charts as vl
    from reviewgraph.dashboard import graphs

    nodes = pd.DataFrame({"id": [f"t{i}" for i in range(20)],
                          "label": [f"Theme number {i}" for i in range(20)],
                          "reviews": list(range(20, 0, -1)), "group": "g"})  # fmt: skip
    edges = pd.DataFrame({"source": [f"t{i}" for i in range(19)],
                          "target": [f"t{i + 1}" for i in range(19)], "weight": 1.0})  # fmt: skip
    spec = vl.network(graphs.layout(nodes, edges), edges, title="t", colour="group",
                      colour_title="", size="reviews", tooltip=["label", "reviews"],
                      label_top=15)  # fmt: skip
    node_layer = spec["layer"][1]
    params = {p["name"]: p for p in node_layer["params"]}
    assert params[vl.ZOOM] == {"name": vl.ZOOM, "select": "interval", "bind": "scales"}
    assert params[vl.PICK]["select"]["fields"] == ["id"]  # a click still picks the theme
    shown = spec["datasets"]["nodes"].set_index("id")["shown_label"]
    assert (shown != "").sum() == 15 and shown["t0"] == "Theme number 0" and shown["t19"] == ""
    halo, text = spec["layer"][2:4]  # a white outline under each label
    assert halo["mark"]["stroke"] == "white" and "stroke" not in text["mark"]
    assert {"field": "label", "type": "nominal"} in node_layer["encoding"]["tooltip"]


# -- Agencies --------------------------------------------------------------------------------


def test_agencies_matrix_repeats_and_one_agency(tiny: Path) -> None:
    at = open_page("agencies")
    matrix = chart(at, "Recommendations to each agency on each theme")
    cell = matrix[
        (matrix["agency"] == "Children's social care") & (matrix["theme"] == "Information sharing")
    ]
    assert cell["recommendations"].tolist() == [3]
    repeats = table_with(at, "texts")
    assert "Children's social care" in set(repeats["agency"])
    at.selectbox(key="agency_pick").set_value("police").run()
    recs = table_with(at, "text")
    assert any("MARAC within 24 hours" in t for t in recs["text"])


# -- Recommendations -------------------------------------------------------------------------


def test_search_finds_a_recommendation(tiny: Path) -> None:
    at = open_page("recommendations")
    at.text_input(key="rec-search").set_value("telephone referrals").run()
    hits = table_with(at, "text")
    assert any("confirm telephone referrals in writing" in t for t in hits["text"])


def test_the_same_recommendation_in_two_reviews(tiny: Path) -> None:
    from reviewgraph.queries.similarity import similarity_full

    with open_store(settings_under_test(tiny)) as store:
        written = similarity_full(store, "recommendations")[1]  # as a load does
        assert written["similar_recommendations"] == 1
    from reviewgraph.dashboard.data import clear_caches

    clear_caches()  # as the Load page does after a load (earlier tests cached the answers)
    at = open_page("recommendations")
    assert not any("first_text" in t.value.columns for t in at.dataframe)  # a closed tab
    at.session_state["rec-repeat-view"] = "In other words"
    at.run()
    pairs = table_with(at, "first_text")
    [pair] = pairs.to_dict("records")  # SCR Child A (2014) rec 1, made again by CSPR Child D
    assert (pair["first_year"], pair["second_year"]) == (2014, 2020)
    assert pair["first_text"] == RECS_R1_1 and pair["score"] > 0.8
    at.sidebar.multiselect(key="f_types").set_value(["SCR"]).run()  # Child D's CSPR leaves the view
    assert not any("first_text" in t.value.columns for t in at.dataframe)


def test_open_recommendations_on_recurring_themes(tiny: Path) -> None:
    at = open_page("recommendations")
    open_recs = table_with(at, "newer_reviews").set_index("text")
    r1 = open_recs.loc[RECS_R1_1]
    # unknown due dates are empty cells, not "None" or "nan"
    assert r1["due"] == ""
    text = open_recs.reset_index().select_dtypes(exclude="number")
    assert not text.isna().any().any()
    assert not text.isin(["None", "nan", "NaT"]).any().any()
    assert (r1["theme"], r1["status"], r1["newer_reviews"]) == (
        "Information sharing",
        "no action plan",
        4,
    )


# -- Case explorer ---------------------------------------------------------------------------


def test_case_explorer_opens_the_review_in_the_link(tiny: Path) -> None:
    at = open_page("case_explorer", review=R3)
    assert at.selectbox(key="review_pick").value == R3
    text = shown_text(at)
    assert "DHR C" in text
    assert "C: practitioners' domestic abuse was a concern." in text
    assert "Police should review how stalking reports are risk assessed." in text
    assert any("neighbourhood" in t for t, _ in charts(at))


def test_case_explorer_opens_on_the_newest_review_read_in_full(tiny: Path) -> None:
    with open_store(settings_under_test(tiny)) as store:  # an undated register row sorts first
        store.write(
            "CREATE (:Review {id: 'zz-undated-register-row', type: 'DHR', source: 'register'})"
        )
        try:
            at = open_page("case_explorer")
            picked = at.selectbox(key="review_pick").value
        finally:
            store.write("MATCH (r:Review {id: 'zz-undated-register-row'}) DELETE r")
    assert picked == "sar-south-adult-f-2021", picked  # R6, 2021: the newest with findings


def test_case_explorer_shows_every_finding_and_recommendation(
    sample_store: tuple[GraphStore, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anna's DHR has recommendations and findings with no recognised theme: the page once
    found them through its themes and dropped those; now it reads them whole."""
    store, corpus = sample_store
    point_dashboard_at(monkeypatch, corpus.parent / "data")
    review = "dhr-kestrelford-community-safety-partnership-anna-2016"
    recs = store.read(
        "MATCH (:Review {id: $id})-[:MADE]->(c) RETURN c.text AS text, "
        "size([(c)-[:ON_THEME]->(t) | t]) AS themes",
        {"id": review},
    )
    findings = store.read(
        "MATCH (:Review {id: $id})-[:FOUND]->(f) RETURN f.text AS text, "
        "size([(f)-[:ON_THEME]->(t) | t]) AS themes",
        {"id": review},
    )
    assert any(r["themes"] == 0 for r in recs) and any(f["themes"] == 0 for f in findings)
    at = open_page("case_explorer", review=review)
    text = shown_text(at)
    for row in recs + findings:
        assert row["text"] in text, row["text"]
    assert f"All {len(recs)} recommendations." in text
    assert f"All {len(findings)} findings." in text


# -- Cypher workbench ------------------------------------------------------------------------


def test_workbench_runs_a_named_query_with_generated_widgets(tiny: Path) -> None:
    at = open_page("workbench")
    at.selectbox(key="wb-query").set_value("recurring_themes").run()
    assert at.selectbox(key="wb-recurring_themes-level").value == "theme"
    top = table_with(at, "reviews").iloc[0]
    assert (top["theme"], top["reviews"]) == ("Information sharing", 5)


def _grid(at: AppTest, column: str) -> tuple[pd.DataFrame, dict, list[str]]:
    """The table holding `column`: its rows, its column config and the columns shown."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value, json.loads(df.proto.columns or "{}"), list(df.proto.column_order)
    raise AssertionError(f"no table with column {column!r}")


def test_workbench_table_shows_names_not_ids(tiny: Path) -> None:
    at = open_page("workbench")
    at.selectbox(key="wb-query").set_value("recurring_themes").run()
    rows, config, order = _grid(at, "theme_id")
    assert "theme_id" not in order and "theme" in order  # the id beside its name: hidden
    assert not rows["domain"].str.fullmatch(r"[a-z_]+").any(), rows["domain"]  # domain names
    assert config["reviews_in_view"]["label"] == "Reviews in view"
    at.toggle(key="wb-recurring_themes-ids").set_value(True).run()  # a researcher's raw rows
    rows, _config, order = _grid(at, "theme_id")
    assert "information_sharing" in set(rows["theme_id"]) and not order


def test_long_text_columns_are_wide_and_say_how_to_read_them(tiny: Path) -> None:
    at = open_page("themes", theme="domestic_abuse")
    _rows, config, _order = _grid(at, "passage")
    assert config["passage"]["width"] == "large" and config["passage"]["label"] == "Passage"
    assert "double-click the cell" in config["passage"]["help"]


def test_workbench_chart_keeps_its_axes_while_the_table_is_shown(tiny: Path) -> None:
    at = open_page("workbench")
    at.selectbox(key="wb-query").set_value("recurring_themes").run()
    assert not charts(at)  # the Table tab is open; the Chart tab is drawn when opened
    sar = table_with(at, "sar").set_index("theme")["sar"].to_dict()
    at.session_state["wb-recurring_themes-view"] = "Chart"
    at.run()
    at.selectbox(key="wb-recurring_themes-x").set_value("theme").run()
    at.selectbox(key="wb-recurring_themes-y").set_value("sar").run()
    at.session_state["wb-recurring_themes-view"] = "Table"
    at.run()
    assert not charts(at) and table_with(at, "sar") is not None
    at.session_state["wb-recurring_themes-view"] = "Chart"
    at.run()
    assert at.selectbox(key="wb-recurring_themes-y").value == "sar"
    # the chart plots plain `category` / `value` fields, titled by the query's columns
    plotted = chart(at, "SAR by Theme").set_index("category")["value"].to_dict()
    assert plotted == sar and plotted["Information sharing"] == 2


def test_workbench_charts_columns_that_are_not_aliased(tiny: Path) -> None:
    """`t.name` and `count(*)` are column names Vega-Lite reads as paths and expressions:
    the chart must plot them all the same."""
    at = open_page("workbench")
    at.text_area(key="wb-cypher").set_value(
        "MATCH (r:Review)-[:HAS_THEME]->(t:Theme) RETURN t.name, count(*) ORDER BY t.name"
    ).run()
    at.button(key="wb-run").click().run()
    at.session_state["wb-free-view"] = "Chart"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    plotted = charts(at)[0][1][0]
    assert len(plotted) == 9 and plotted.iloc[:, 1].sum() == 17  # R5 has 2 themes, others 3
    # the browser draws nothing for a field named `t.name` (a path to Vega-Lite): the chart
    # names its fields plainly, and they are the plotted data's columns
    [el] = at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart")
    spec = json.loads(el.proto.spec)
    layers = spec.get("layer", [spec])
    fields = {enc["field"] for layer in layers for enc in layer.get("encoding", {}).values()
              if isinstance(enc, dict) and "field" in enc}  # fmt: skip
    assert fields and fields <= set(plotted.columns), fields
    assert not any(ch in f for f in fields for ch in ".()[]*"), fields


ANY_SHAPE = {
    # a single column of text: how many rows name each theme
    "MATCH (r:Review)-[:HAS_THEME]->(t:Theme) RETURN t.name": ("Rows by T.name", 17, 9),
    # a single number
    "MATCH (r:Review)-[:HAS_THEME]->(t:Theme) RETURN count(*)": ("Count(*) by Row", 17, 1),
    # text only, with repeats: reviews of each type
    "MATCH (r:Review) RETURN r.type, r.board": ("Rows by R.type", 6, None),
    # true/false as categories, numbers summed per category
    "MATCH (r:Review) RETURN r.published, count(*) AS n": ("N by R.published", 6, None),
    # a list of names per row and a date written as text
    "MATCH (r:Review) RETURN r.id, collect(r.type) AS kinds, '2021-03-04' AS due, r.year":
        ("R.year by R.id", None, 6),
}  # fmt: skip


@pytest.mark.parametrize("cypher", list(ANY_SHAPE))
def test_workbench_charts_a_result_of_any_shape(tiny: Path, cypher: str) -> None:
    title, total, bars = ANY_SHAPE[cypher]
    at = open_page("workbench")
    at.text_area(key="wb-cypher").set_value(cypher).run()
    at.button(key="wb-run").click().run()
    at.session_state["wb-free-view"] = "Chart"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    plotted = chart(at, title)
    if total is not None:
        assert plotted.iloc[:, 1].sum() == total, plotted
    if bars is not None:
        assert len(plotted) == bars, plotted


def test_workbench_says_why_no_chart_fits(tiny: Path) -> None:
    at = open_page("workbench")
    at.text_area(key="wb-cypher").set_value("MATCH (r:Review) RETURN r.id ORDER BY r.id").run()
    at.button(key="wb-run").click().run()
    at.session_state["wb-free-view"] = "Chart"
    at.run()
    assert not at.exception and not charts(at)
    assert any("Each value of r.id appears once" in i.value for i in at.info), [
        i.value for i in at.info
    ]


def test_chart_data_for_every_kind_of_column() -> None:
    from decimal import Decimal

    from reviewgraph.dashboard import results

    df = pd.DataFrame(
        {
            "t.name": ["Risk", "Risk", None, "Voice"],
            "count(*)": [2, 3, 1, 4],
            "tags": [["a", "b"], ["a", "b"], [], ["c"]],
            "due": pd.to_datetime(["2021-03-04", None, "2022-01-01", "2021-03-04"]),
            "ok": [True, False, True, True],
            "score": ["0.5", "1", None, "2.25"],
            "money": [Decimal("1.5"), Decimal("2"), None, Decimal("3")],
            "note": ["x", "12", "y", "z"],
        }
    )
    xs, ys = results.chart_axes(df)
    assert ys == ["count(*)", "score", "money", results.ROW_COUNT]  # no bools, no mixed text
    assert xs[-1] == results.ROW_NUMBER and len(xs) == len(df.columns) + 1
    plot, _ = results.chart_data(df, "t.name", "count(*)")
    assert plot is not None
    assert dict(zip(plot["category"], plot["value"], strict=True)) == {
        "Risk": 5, "(not known)": 1, "Voice": 4
    }  # fmt: skip
    plot, _ = results.chart_data(df, "tags", results.ROW_COUNT)
    assert plot is not None and plot.set_index("category")["value"]["a, b"] == 2
    plot, _ = results.chart_data(df, "due", "money")
    assert plot is not None and plot.set_index("category")["value"]["2021-03-04"] == 4.5
    plot, _ = results.chart_data(df, "ok", "score")
    assert plot is not None and plot.set_index("category")["value"].to_dict() == {
        "True": 2.75, "False": 1.0
    }  # fmt: skip
    plot, why = results.chart_data(df, "note", "note")
    assert plot is None and "The column note holds no numbers" in why
    plot, why = results.chart_data(df.head(0), "t.name", "count(*)")
    assert plot is None and "no rows" in why


def test_workbench_refuses_to_write(tiny: Path) -> None:
    at = open_page("workbench")
    at.text_area(key="wb-cypher").set_value("CREATE (:Review {id: 'intruder'}) RETURN 1").run()
    at.button(key="wb-run").click().run()
    assert any("read-only" in e.value and "Nothing was changed" in e.value for e in at.error)
    at.text_area(key="wb-cypher").set_value("MATCH (r:Review) RETURN r.id AS id ORDER BY id").run()
    at.button(key="wb-run").click().run()
    ids = table_with(at, "id")["id"].tolist()
    assert len(ids) == 6 and "intruder" not in ids


# -- Load ------------------------------------------------------------------------------------


SAR_MR_B = """Thornbury Safeguarding Adults Board

Safeguarding Adults Review: Mr B

Published March 2022

1. Introduction

This Safeguarding Adults Review (SAR) was commissioned by Thornbury Safeguarding Adults Board
after the death of Mr B, aged 67, in January 2021. Mr B lived alone and had care and support
needs. The review considers self-neglect and how agencies shared information.

2. Findings

Finding 1: The GP and adult social care did not share information about Mr B's declining
health, and records held by the ambulance service were not read before the case was closed.

Finding 2: Practitioners saw Mr B's refusal of care as a lifestyle choice and did not assess
his mental capacity.

3. Recommendations

1. Adult social care should ensure that self-neglect referrals are followed up in writing.
2. The Board should seek assurance that GP practices share information with adult social care.
"""


def test_load_page_loads_uploads_and_reports_failures(empty: Path) -> None:
    at = open_page("load")
    assert at.title[0].value == "Load"
    uploads = at.get("file_uploader")
    docs = next(u for u in uploads if u.label == "Review documents")
    docs.upload("sar-mr-b.txt", SAR_MR_B.encode(), "text/plain")
    docs.upload("broken.pdf", b"%PDF-1.4 not really a pdf", "application/pdf")
    at.run()
    at.button(key="up-go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert metric(at, "Loaded") == "1" and metric(at, "Failed") == "1"
    failed = " ".join(e.value for e in at.error)
    assert "broken.pdf" in failed and "not a PDF" in failed
    report = table_with(at, "reason").set_index("file")
    assert report.loc["sar-mr-b.txt", "status"] == "loaded"
    assert report.loc["sar-mr-b.txt", "recommendations"] == 2
    at.switch_page("views/overview.py").run()
    assert metric(at, "Reviews") == "1"


ACTION_PLAN_MR_B = (
    "Review,Recommendation number,Recommendation,Owner,Action,Due date,Status\n"
    "SAR Mr B,1,,Adult social care,Audit self-neglect referrals,2023-03-31,In progress\n"
)


def progress_texts(at: AppTest) -> list[str]:
    return [el.proto.text for el in at.get("progress")]


def test_an_upload_counts_the_files_it_was_given(empty: Path) -> None:
    """The Load page said "0 of 0 files" when every document given was already loaded (the
    pipeline counts only the files it must read) and counted a register's documents and the
    others separately: it counts the files given, each once."""
    at = open_page("load")
    docs = next(u for u in at.get("file_uploader") if u.label == "Review documents")
    docs.upload("sar-mr-b.txt", SAR_MR_B.encode(), "text/plain")
    at.run()
    at.button(key="up-go").click().run()
    assert progress_texts(at) == ["1 file: 1 loaded"]
    # the same file again (unchanged) with an action plan: two files, neither "0 of 0"
    at = open_page("load")
    uploads = at.get("file_uploader")
    docs = next(u for u in uploads if u.label == "Review documents")
    docs.upload("sar-mr-b.txt", SAR_MR_B.encode(), "text/plain")
    plan = next(u for u in uploads if u.label == "Action plan (optional)")
    plan.upload("actions.csv", ACTION_PLAN_MR_B.encode(), "text/csv")
    at.run()
    at.button(key="up-go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    summary = "2 files: 1 loaded, 1 unchanged (already in the graph)"
    assert progress_texts(at) == [summary]
    assert summary in shown_text(at)
    assert metric(at, "Loaded") == "1" and metric(at, "Unchanged (already loaded)") == "1"


def test_the_file_count_says_which_file_of_how_many(tmp_path: Path) -> None:
    shown: list[tuple[float, str]] = []
    files = [tmp_path / n for n in ("a.pdf", "b.pdf", "register.csv")]
    count = loading.FileCount(files, lambda f, t: shown.append((f, t)))
    # the pipeline's own counts: the register's document (1 of 1), then the rest (1 of 1)
    for done, total, name in [(0, 1, "a.pdf"), (1, 1, ""), (0, 1, "b.pdf"), (1, 1, "")]:
        count(done, total, name)
    assert [t for _, t in shown] == [
        "Reading a.pdf (file 1 of 3)", "1 of 3 files read",
        "Reading b.pdf (file 2 of 3)", "2 of 3 files read",
    ]  # fmt: skip
    assert [round(f, 2) for f, _ in shown] == [0.0, 0.33, 0.33, 0.67]
    nothing_read = loading.FileCount(files[:1], lambda f, t: shown.append((f, t)))
    nothing_read(0, 0, "")  # every document unchanged: the pipeline reported 0 of 0
    assert shown[-1][1] == "0 of 1 files read"


# -- read-only mode and the command ----------------------------------------------------------


def test_read_only_mode_has_no_load_page(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWGRAPH_DASHBOARD_READ_ONLY", "1")
    at = open_page()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/load.py").run()


def test_dashboard_command_serves_locally_with_the_same_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from reviewgraph.cli import cli
    from reviewgraph.dashboard.serve import streamlit_command, streamlit_env

    help_text = CliRunner().invoke(cli, ["dashboard", "--help"]).output
    assert "Example:" in help_text and "--read-only" in help_text
    command = streamlit_command("127.0.0.1", 8600)
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert command[4].endswith("dashboard/app.py")
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.port"] == "8600"
    assert options["--browser.gatherUsageStats"] == "false"
    settings = Settings(
        backend="neo4j", data_dir=tmp_path, neo4j_uri="bolt://db:7687", neo4j_password="pw"
    )
    env = streamlit_env(settings, read_only=True)
    assert env["REVIEWGRAPH_BACKEND"] == "neo4j"
    assert env["REVIEWGRAPH_DATA"] == str(tmp_path)
    assert (env["NEO4J_URI"], env["NEO4J_PASSWORD"]) == ("bolt://db:7687", "pw")
    assert env["REVIEWGRAPH_DASHBOARD_READ_ONLY"] == "1"
    limited = streamlit_env(
        Settings(data_dir=tmp_path, query_timeout_s=90, query_memory_mb=256), read_only=False
    )
    assert (limited["REVIEWGRAPH_QUERY_TIMEOUT_S"], limited["REVIEWGRAPH_QUERY_MEMORY_MB"]) == (
        "90",
        "256",
    )


def test_the_year_filter_survives_a_page_switch(tiny: Path) -> None:
    at = open_page()
    at.sidebar.slider(key="f_years").set_value((2016, 2020)).run()
    assert metric(at, "Reviews") == "3"  # R2 2016, R3 2018, R4 2020
    # A drill-down (st.switch_page inside a page) can drop the slider's own state and leave
    # only the copy the sidebar keeps: the next run must restore it, not crash or reset.
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.session_state["years_chosen"] = at.session_state["years_chosen"]
    again.run()
    assert not again.exception, [e.message for e in again.exception]
    assert again.sidebar.slider(key="f_years").value == (2016, 2020)
    assert metric(again, "Reviews") == "3"
