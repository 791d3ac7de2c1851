"""A board's view with its own reports and a register loaded for context (issue 15): every
page of the dashboard (Streamlit AppTest) shows the same headline numbers, from one named
query; register records are counted on purpose only; our board is set beside the rest.

The graph: the sample corpus (register, reports, action plan) and a small fictional register
in the DHRD's layout (tests/test_register_views.py writes it), analysed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reviewgraph.graph.store import open_store
from reviewgraph.loaders.pipeline import load_actions, load_register
from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import run_query
from tests.fixtures.backend import (
    close_test_store,
    open_test_store,
    point_dashboard_at,
    settings_under_test,
)
from tests.test_register_views import FICTIONAL, write_fictional

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
OUR_BOARD = "Kestrelford Safeguarding Adults Board"
PAGES = [None, "themes", "characteristics", "agencies", "recommendations", "case_explorer",
         "register", "workbench"]  # fmt: skip


@pytest.fixture(scope="module")
def board_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample corpus and a fictional register, loaded and analysed; the server runs for
    the module and is stopped at its end, even on failure."""
    base = tmp_path_factory.mktemp("board")
    corpus = base / "corpus"
    build_sample_corpus(corpus)
    folder = base / "data"
    store = open_test_store(folder)
    try:
        assert not load_register(store, corpus / "register.csv", "sample").failed
        assert not load_actions(store, corpus / "action_plan.csv").failed
        assert not load_register(store, write_fictional(base), "dhrd").failed
        analyse(store)
        yield folder
    finally:
        close_test_store(store, folder)


@pytest.fixture
def board(board_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    point_dashboard_at(monkeypatch, board_dir)
    monkeypatch.setenv("REVIEWGRAPH_OUR_BOARD", OUR_BOARD)
    monkeypatch.delenv("REVIEWGRAPH_DASHBOARD_READ_ONLY", raising=False)
    from reviewgraph.dashboard.data import clear_caches

    clear_caches()
    return board_dir


def totals(folder: Path, **params: object) -> dict[str, int]:
    with open_store(settings_under_test(folder)) as store:
        return run_query(store, "overview_totals", params)[0]


def run_page(page: str | None, *, register: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if page:
        at.switch_page(f"views/{page}.py")
    at.run()
    if register:
        at.sidebar.toggle(key="f_register").set_value(True).run()
    assert not at.exception, (page, [e.message for e in at.exception])
    return at


def headline(at: AppTest) -> str:
    lines = [m.value for m in at.markdown if "in view**" in m.value]
    assert len(lines) == 1, lines
    return lines[0]


def numbers(line: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", line)]


def test_every_page_shows_the_same_headline_numbers(board: Path) -> None:
    expected = totals(board)
    assert expected["register_records"] == 0  # reports only, by default
    lines = {page: headline(run_page(page)) for page in PAGES}
    assert len(set(lines.values())) == 1, lines
    line = lines[None]
    assert f"**{expected['reviews']} reviews in view**, from {expected['reports']} reports" in line
    assert f"**{expected['open_recommendations']} open**" in line
    left_out = totals(board, include_register=True)["register_records"]
    assert left_out == len(FICTIONAL) + 3  # the fictional register and the sample's 3 rows
    assert f"{left_out} register records not counted" in line


def test_the_register_switch_changes_every_page_alike(board: Path) -> None:
    on = totals(board, include_register=True)
    lines = {page: headline(run_page(page, register=True)) for page in PAGES}
    assert len(set(lines.values())) == 1, lines
    assert numbers(lines[None])[:3] == [on["reviews"], on["reports"], on["register_records"]]


def test_overview_metrics_are_the_headline_numbers(board: Path) -> None:
    at = run_page(None)
    expected = totals(board)
    metrics = {m.label: int(m.value.replace(",", "")) for m in at.metric if m.value != "–"}
    assert metrics["Reviews"] == expected["reviews"]
    assert metrics["Reports"] == expected["reports"]
    assert metrics["Still open"] == expected["open_recommendations"]
    assert metrics["Recommendations"] == expected["recommendations"]
    text = "\n".join(str(c.value) for c in at.caption)
    assert f"of the {expected['open_recommendations']} open recommendations in view" in text


def test_register_page_counts_the_register_on_its_own(board: Path) -> None:
    at = run_page("register")
    assert any(
        m.value == f"**{len(FICTIONAL) + 3} register records in view.**" for m in at.markdown
    )
    titles = " ".join(str(c.value) for c in at.caption)
    assert "not the year of the review" in titles


def test_characteristics_are_not_practice_themes(board: Path) -> None:
    at = run_page("characteristics")
    base = [m.value for m in at.markdown if m.value.startswith("**Coercive control**")]
    with open_store(settings_under_test(board)) as store:
        cross = run_query(store, "characteristic_themes", {"characteristic": "coercive_control"})
        themes = {r["theme_id"] for r in run_query(store, "recurring_themes")}
    n = cross[0]["reviews_with_characteristic"]
    assert base == [f"**Coercive control**: {n} of {totals(board)['reviews']} reviews in view."]
    assert "coercive_control" not in themes and "domestic_homicide" not in themes


def test_themes_page_sets_our_board_beside_the_rest(board: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["theme"] = "information_sharing"
    at.switch_page("views/themes.py")
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="f_our_board").value == OUR_BOARD
    with open_store(settings_under_test(board)) as store:
        share = {r["theme_id"]: r for r in run_query(store, "board_theme_share",
                                                       {"board": OUR_BOARD})}  # fmt: skip
        recurring = {r["theme_id"]: r for r in run_query(store, "recurring_themes")}
    info = share["information_sharing"]
    # ours and everyone else's add up to the recurring count, over the same reviews in view
    assert (
        info["reviews"] + info["other_reviews_with_theme"]
        == recurring["information_sharing"]["reviews"]
    )
    assert info["our_reviews"] + info["other_reviews"] == totals(board)["reviews"]
    line = next(m.value for m in at.markdown if f"of {OUR_BOARD}'s reviews" in m.value)
    assert line.startswith(
        f"**{info['theme']}**: {info['reviews']} of {info['our_reviews']} of {OUR_BOARD}'s reviews"
    )
    assert f"{info['others_percent']:.0f}% of the other boards' {info['other_reviews']}" in line


def test_case_explorer_opens_on_the_newest_report_read_in_full(board: Path) -> None:
    """Not a register record (newer, dated by its death) nor a fragment: the newest review
    read from a report, with passages behind its themes."""
    with open_store(settings_under_test(board)) as store:
        read = store.read(
            "MATCH (p:Passage)-[:IN]->(:Document) WHERE p.review_id IS NOT NULL "
            "WITH DISTINCT p.review_id AS id MATCH (r:Review {id: id}) "
            "WHERE r.source = 'report' AND r.year IS NOT NULL AND coalesce(r.published, true) "
            "RETURN r.id AS id, r.year AS year ORDER BY year DESC, id"
        )
        newest_register = store.read(
            "MATCH (r:Review {source: 'register'}) WHERE r.year IS NOT NULL "
            "RETURN max(r.year) AS year"
        )[0]["year"]
    assert newest_register > read[0]["year"]  # a register record would sort first
    for register in (False, True):
        at = run_page("case_explorer", register=register)
        assert at.selectbox(key="review_pick").value == read[0]["id"], register
        assert any("page" in str(c.value) for c in at.caption)  # its passages, with pages


BRIEFING = "07-briefing-three-reviews.pdf"  # the sample's briefing on three CSPRs
CHILD_P = "cspr-fenmarsh-safeguarding-children-partnership-child-p-2021"


def test_a_briefing_on_several_cases_is_marked_and_counted_once(board: Path) -> None:
    with open_store(settings_under_test(board)) as store:
        [doc] = store.read(
            "MATCH (d:Document {name: $n}) RETURN d.cases AS cases, "
            "[(r:Review)-[:DESCRIBED_IN]->(d) | r.subject] AS subjects", {"n": BRIEFING}
        )
        reports = store.read(
            "MATCH (r:Review {source: 'report'})-[:DESCRIBED_IN]->(d:Document {kind: 'review'}) "
            "WHERE coalesce(r.published, true) RETURN count(DISTINCT d) AS documents, "
            "count(DISTINCT r) AS reviews"
        )[0]
        shared = store.read(
            "MATCH (d:Document {name: $n})-[h:HAS_THEME]->(t:Theme) "
            "RETURN t.id AS theme, t.name AS name, h.evidence AS passages", {"n": BRIEFING}
        )
    assert doc["cases"] == 3 and sorted(doc["subjects"]) == ["Baby S", "Child P", "Child Q"]
    line = totals(board)
    assert (line["reports"], line["reviews"]) == (reports["documents"], reports["reviews"])
    assert line["reports"] < line["reviews"]  # the briefings' cases share their documents

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["review"] = CHILD_P
    at.switch_page("views/case_explorer.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    [note] = [i.value for i in at.info if "briefing on" in i.value]
    assert note.startswith(f"**Read from a briefing on 3 cases** ({BRIEFING}): this one and")
    assert "CSPR Baby S" in note and "CSPR Child Q" in note
    # what the briefing says of all three is shown once, naming the cases it covers
    passages = sum(len(r["passages"]) for r in shared)
    assert passages > 0
    covers = [c.value for c in at.caption if "· covers " in c.value]
    assert len(covers) == passages
    assert all(c.endswith("CSPR Baby S, CSPR Child P, CSPR Child Q") for c in covers), covers
    assert f"{shared[0]['name']} (" in " ".join(e.label for e in at.expander)


def test_our_board_is_a_setting() -> None:
    from reviewgraph.settings import our_board

    assert our_board({"REVIEWGRAPH_OUR_BOARD": f"  {OUR_BOARD} "}) == OUR_BOARD
    assert our_board({"REVIEWGRAPH_OUR_BOARD": ""}) is None and our_board({}) is None
