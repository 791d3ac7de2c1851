"""Every named query on the hand-written graph of tests/fixtures/tiny.py, whose answers are known."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.analytics import roll_up_themes
from reviewgraph.queries.registry import list_queries, run_query
from tests.fixtures import tiny
from tests.fixtures.tiny import R1, R2, R3, R4, R5, R6

TODAY = tiny.TODAY


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The tiny graph, analysed once for the whole module (the queries only read)."""
    with tiny.tiny_store(tmp_path_factory.mktemp("tiny") / "d", analysed=True) as store:
        yield store


def q(store: GraphStore, name: str, **params: object) -> list[dict]:
    return run_query(store, name, params)


def by(rows: list[dict], key: str) -> dict:
    return {row[key]: row for row in rows}


def test_recurring_themes_counts_distinct_reviews_rolled_up(graph: GraphStore) -> None:
    rows = q(graph, "recurring_themes")
    assert [(r["theme_id"], r["reviews"]) for r in rows] == [
        ("information_sharing", 5),
        ("risk_assessment", 3),
        ("domestic_abuse", 2),
        ("professional_curiosity", 2),
        ("substance_misuse", 2),
        ("escalation", 1),
    ]
    top = rows[0]
    assert top["reviews_in_view"] == 5 and top["percent"] == 100.0
    assert (top["scr"], top["cspr"], top["sar"], top["dhr"], top["other"]) == (1, 1, 2, 1, 0)
    assert (top["first_year"], top["last_year"]) == (2014, 2021)


def test_recurring_themes_levels_and_filters(graph: GraphStore) -> None:
    domains = by(q(graph, "recurring_themes", level="domain"), "theme_id")
    assert domains["interagency"]["reviews"] == 5 and domains["context"]["reviews"] == 4
    subs = by(q(graph, "recurring_themes", level="subtheme"), "theme_id")
    assert subs["records_not_read"]["reviews"] == 3 and "information_sharing" not in subs
    with_hidden = by(q(graph, "recurring_themes", include_unpublished=True), "theme_id")
    assert with_hidden["information_sharing"]["reviews"] == 6
    assert with_hidden["domestic_abuse"]["reviews"] == 3
    sars = q(graph, "recurring_themes", types=["SAR"])
    assert {r["theme_id"]: r["reviews"] for r in sars} == {
        "information_sharing": 2, "professional_curiosity": 2, "substance_misuse": 2,
    }  # fmt: skip
    south = q(graph, "recurring_themes", boards=["South"], year_from=2019, outcome="fatal")
    assert (south[0]["theme_id"], south[0]["reviews"], south[0]["reviews_in_view"]) == (
        "information_sharing", 2, 2,
    )  # fmt: skip
    assert q(graph, "recurring_themes", year_to=2013) == []
    assert (
        q(graph, "recurring_themes", age_bands=["under 1"], min_reviews=1, limit=1)[0]["theme_id"]
        == "domestic_abuse"
    )


def test_theme_by_type_and_trend(graph: GraphStore) -> None:
    cells = {(r["theme_id"], r["type"]): r for r in q(graph, "theme_by_type")}
    assert cells[("information_sharing", "SAR")]["reviews"] == 2
    assert cells[("information_sharing", "SAR")]["reviews_of_type"] == 2
    assert cells[("domestic_abuse", "SCR")]["percent"] == 100.0
    trend = q(graph, "theme_trend", themes=["information_sharing"])
    assert [(r["year"], r["reviews"]) for r in trend] == [
        (2014, 1), (2016, 1), (2018, 1), (2020, 1), (2021, 1),
    ]  # fmt: skip


def test_cooccurrence_lift_and_jaccard(graph: GraphStore) -> None:
    pairs = {(r["theme_a"], r["theme_b"]): r for r in q(graph, "theme_cooccurrence")}
    top = q(graph, "theme_cooccurrence")[0]
    assert (top["theme_a"], top["theme_b"], top["reviews"]) == (
        "information_sharing", "risk_assessment", 3,
    )  # fmt: skip
    assert (top["lift"], top["jaccard"]) == (1.0, 0.6)
    da = pairs[("domestic_abuse", "risk_assessment")]
    assert (da["reviews"], da["lift"], da["jaccard"]) == (2, 1.667, 0.667)
    assert da["reviews_a"] == 2 and da["reviews_b"] == 3 and da["reviews_in_view"] == 5


def test_agency_matrix_and_recommendations_per_agency(graph: GraphStore) -> None:
    cells = {(r["agency_id"], r["theme_id"]): r for r in q(graph, "agency_theme_matrix")}
    assert cells[("csc", "information_sharing")]["recommendations"] == 3
    assert cells[("csc", "information_sharing")]["reviews"] == 3
    assert cells[("police", "domestic_abuse")]["recommendations"] == 2
    sectors = {r["agency"]: r for r in q(graph, "agency_theme_matrix", by="sector")}
    assert sectors["social care"]["agency_id"] is None
    per = by(q(graph, "recommendations_per_agency"), "agency_id")
    assert (per["csc"]["reviews"], per["csc"]["recommendations"]) == (3, 3)
    assert per["csc"]["percent"] == 60.0 and per["board"]["reviews"] == 1
    per_sector = by(q(graph, "recommendations_per_agency", by="sector"), "agency")
    assert per_sector["health"]["reviews"] == 1


def test_repeat_recommendations(graph: GraphStore) -> None:
    rows = q(graph, "repeat_recommendations")
    assert [(r["agency_id"], r["theme_id"], r["reviews"]) for r in rows] == [
        ("csc", "information_sharing", 3),
        ("police", "domestic_abuse", 2),
    ]
    assert rows[0]["review_ids"] == [R1, R2, R4]  # oldest first
    assert rows[0]["texts"][1].startswith("Adult and children's social care")
    hidden = q(graph, "repeat_recommendations", include_unpublished=True)
    assert hidden[0]["reviews"] == 4 and R5 in hidden[0]["review_ids"]


def test_open_recommendations_on_a_recurring_theme(graph: GraphStore) -> None:
    rows = q(graph, "open_on_recurring_theme")
    found = {(r["recommendation_id"], r["theme_id"]): r for r in rows}
    assert set(found) == {
        (f"{R1}/rec/1", "information_sharing"),
        (f"{R2}/rec/1", "information_sharing"),
        (f"{R3}/rec/2", "information_sharing"),
        (f"{R4}/rec/1", "information_sharing"),
        (f"{R2}/rec/2", "substance_misuse"),
    }
    old = found[(f"{R1}/rec/1", "information_sharing")]
    assert (old["status"], old["newer_reviews"], old["latest_year"]) == ("no action plan", 4, 2021)
    assert found[(f"{R2}/rec/1", "information_sharing")]["status"] == "overdue"
    assert rows[0]["recommendation_id"] == f"{R1}/rec/1"  # most repeated first
    # complete recommendations (R1/rec/2, R3/rec/1 on domestic abuse) are not listed


def test_review_profile(graph: GraphStore) -> None:
    [row] = q(graph, "review_profile", review_id=R1)
    assert (row["type"], row["board"], row["year"]) == ("SCR", "North", 2014)
    assert set(row["theme_ids"]) == {"records_not_read", "cumulative_risk", "domestic_abuse"}
    assert row["characteristics"] == ["Coercive control"]  # what happened, apart from themes
    assert row["documents"] == [f"{R1}.pdf"] and row["paths"] == [f"/reviews/{R1}.pdf"]
    assert (row["recommendations"], row["open_recommendations"], row["findings"]) == (2, 1, 1)
    assert q(graph, "review_profile", review_id=R5) == []  # unpublished
    assert len(q(graph, "review_profile", review_id=R5, include_unpublished=True)) == 1


def test_a_review_read_whole(graph: GraphStore) -> None:
    recs = q(graph, "review_recommendations", review_id=R1)
    assert [r["number"] for r in recs] == ["1", "2"]
    assert recs[0]["text"].startswith("Children's social care should ensure that case records")
    assert recs[0]["addressed_to"] == ["Children's social care"]
    assert recs[0]["themes"] == ["Records not read"] and recs[0]["status"] == "no action plan"
    assert (recs[1]["status"], recs[1]["due"]) == ("complete", "2015-06-30")
    assert (recs[1]["page"], recs[1]["document"]) == (25, f"{R1}.pdf")
    [finding] = q(graph, "review_findings", review_id=R1)
    assert finding["text"] == "Records held by the GP were not read before the case was closed."
    assert (finding["kind"], finding["page"], finding["themes"]) == (
        "finding",
        12,
        ["Records not read"],
    )
    evidence = q(graph, "review_evidence", review_id=R1)
    assert {r["theme_id"] for r in evidence} == {
        "records_not_read",
        "cumulative_risk",
        "domestic_abuse",
    }
    first = next(r for r in evidence if r["theme_id"] == "records_not_read")
    assert first["passage"] == "Child A: practitioners' records not read was a concern."
    assert (first["page"], first["document"]) == (3, f"{R1}.pdf")
    # an unpublished review shows only when asked for
    assert q(graph, "review_recommendations", review_id=R5) == []
    assert len(q(graph, "review_recommendations", review_id=R5, include_unpublished=True)) == 1


def test_evidence_points_to_passage_page_and_document(graph: GraphStore) -> None:
    rows = q(graph, "evidence", theme="Information sharing")
    assert {r["review_id"] for r in rows} == {R1, R2, R3, R4, R6}
    r1 = next(r for r in rows if r["review_id"] == R1)
    assert r1["theme_id"] == "records_not_read"
    assert r1["passage"] == "Child A: practitioners' records not read was a concern."
    assert (r1["page"], r1["document"], r1["path"]) == (3, f"{R1}.pdf", f"/reviews/{R1}.pdf")
    assert q(graph, "evidence", theme="no_such_theme") == []


def test_similar_reviews_and_clusters(graph: GraphStore) -> None:
    rows = q(graph, "similar_reviews", review_id=R1)
    assert rows and rows[0]["review_id"] == R4  # same sub-themes, near-identical recommendation
    assert set(rows[0]["shared_themes"]) == {"Records not read", "Cumulative risk"}
    assert all(r["review_id"] != R5 for r in rows)
    [cluster] = q(graph, "recommendation_clusters")
    assert cluster["review_ids"] == [R1, R4] and cluster["reviews"] == 2
    [pair] = q(graph, "similar_recommendations")
    assert (pair["first_review_id"], pair["second_review_id"]) == (R1, R4)  # older first
    assert pair["first_number"] == pair["second_number"] == "1" and pair["score"] > 0.8
    assert pair["first_agencies"] == pair["second_agencies"] == ["Children's social care"]
    assert q(graph, "similar_recommendations", review_id=R4) == [pair]
    assert q(graph, "similar_recommendations", review_id=R5) == []
    assert q(graph, "similar_recommendations", min_score=0.99) == []
    assert q(graph, "similar_recommendations", types=["SCR"]) == []  # R4 is a CSPR


def test_search_finds_passages_findings_and_recommendations(graph: GraphStore) -> None:
    rows = q(graph, "search", text="records")
    kinds = {(r["kind"], r["review_id"]) for r in rows}
    assert ("Finding", R1) in kinds and ("Recommendation", R4) in kinds
    assert ("Passage", R1) in kinds
    assert all(r["review_id"] != R5 for r in rows)
    only = q(graph, "search", text="records", kinds=["Recommendation"])
    assert only and {r["kind"] for r in only} == {"Recommendation"}
    assert q(graph, "search", text="!!!") == []


def test_lists_reviews_overview_agencies_themes(graph: GraphStore) -> None:
    reviews = q(graph, "reviews")
    assert [r["id"] for r in reviews] == [R6, R4, R3, R2, R1]
    assert by(reviews, "id")[R1]["recommendations"] == 2
    assert [r["id"] for r in q(graph, "reviews", text="adult")] == [R6, R2]
    assert q(graph, "overview_totals") == [{
        "reviews": 5, "boards": 2, "documents": 5, "reports": 5, "register_records": 0,
        "findings": 3, "recommendations": 7, "open_recommendations": 5,
    }]  # fmt: skip
    overview = q(graph, "overview_counts")
    assert sum(r["reviews"] for r in overview) == 5
    assert {(r["type"], r["year"], r["board"]) for r in overview} >= {("SCR", 2014, "North")}
    agencies = by(q(graph, "agencies"), "id")
    assert agencies["csc"]["recommendations"] == 3 and agencies["csc"]["reviews"] == 5
    themes = q(graph, "themes")
    assert [t["id"] for t in themes[:4]] == [
        "context", "domestic_abuse", "substance_misuse", "interagency",
    ]  # fmt: skip
    info = by(themes, "id")["information_sharing"]
    assert info["reviews"] == 5 and info["parent"] == "interagency"
    assert info["community"] is not None and info["centrality"] is not None


def test_layers_findings_actions(graph: GraphStore) -> None:
    layers = by(q(graph, "theme_by_layer"), "layer")
    assert layers["team"]["reviews"] == 5 and layers["team"]["findings"] == 2
    assert layers["circumstance"]["findings"] == 1
    findings = q(graph, "findings_by_theme", theme="information_sharing")
    assert [f["finding_id"] for f in findings] == [f"{R1}/finding/1"]
    domain = q(graph, "findings_by_theme", theme="Inter-agency working")
    assert [f["finding_id"] for f in domain] == [f"{R4}/finding/1", f"{R1}/finding/1"]
    status = by(q(graph, "action_status"), "status")
    assert status["complete"]["recommendations"] == 2
    assert status["overdue"]["recommendations"] == 1
    assert status["no action plan"]["recommendations"] == 4
    [unmatched] = q(graph, "unmatched_actions")
    assert unmatched["review_ref"] == "SCR Child Z"
    overdue = q(graph, "overdue_actions", today="2025-01-01")
    assert [r["action_id"] for r in overdue] == ["actions-doc/3", "actions-doc/5"]
    assert overdue[0]["recommendation_id"] == f"{R2}/rec/1"


def test_agency_drill_downs(graph: GraphStore) -> None:
    police = q(graph, "reviews_by_agency", agency="Police")
    assert [r["review_id"] for r in police] == [R6, R4, R3, R2, R1]
    assert by(police, "review_id")[R1]["recommendations_to_agency"] == 1
    cell = q(graph, "theme_agency_reviews", theme="information_sharing", agency="csc")
    assert [r["recommendation_id"] for r in cell] == [f"{R4}/rec/1", f"{R2}/rec/1", f"{R1}/rec/1"]
    assert cell[0]["addressed_to"] == ["Children's social care"]
    sector = q(graph, "theme_agency_reviews", theme="context", agency="police")
    assert {r["recommendation_id"] for r in sector} == {f"{R1}/rec/2", f"{R3}/rec/1"}
    anyone = q(graph, "theme_agency_reviews", theme="information_sharing")
    assert len(anyone) == 4  # R1, R2, R4 to csc and R3 to the board; R5 is unpublished


def test_case_characteristics_apart_from_practice_themes(graph: GraphStore) -> None:
    found = by(q(graph, "characteristics"), "characteristic_id")
    assert (found["coercive_control"]["reviews"], found["separation"]["reviews"]) == (2, 1)
    assert found["coercive_control"]["reviews_in_view"] == 5
    assert found["coercive_control"]["from_text"] == 2
    # characteristics are never practice themes
    assert "coercive_control" not in {r["theme_id"] for r in q(graph, "recurring_themes")}
    cross = by(q(graph, "characteristic_themes", characteristic="Coercive control"), "theme_id")
    info = cross["information_sharing"]  # R1 and R3 both; the other 3 of 3 too
    assert (info["reviews"], info["reviews_with_characteristic"], info["percent"]) == (2, 2, 100)
    assert (info["others_with_theme"], info["others"], info["others_percent"]) == (3, 3, 100)
    risk = cross["risk_assessment"]  # R1, R3; of the others only R4
    assert (risk["reviews"], risk["others_with_theme"], risk["others_percent"]) == (2, 1, 33.3)
    assert cross["domestic_abuse"]["others_with_theme"] == 0
    every = q(graph, "characteristic_themes")
    assert {r["characteristic_id"] for r in every} == {"coercive_control", "separation"}
    # nothing in the tiny graph is a register record: the register views count none
    assert q(graph, "register_counts") == []


def test_our_board_against_the_rest(graph: GraphStore) -> None:
    rows = by(q(graph, "board_theme_share", board="North"), "theme_id")
    info = rows["information_sharing"]  # North: R1 and R2 in view (R5 is unpublished)
    assert (info["reviews"], info["our_reviews"], info["percent"]) == (2, 2, 100)
    assert (info["other_reviews_with_theme"], info["other_reviews"]) == (3, 3)
    risk = rows["risk_assessment"]  # R1 of ours; R3 and R4 of the other three
    assert (risk["reviews"], risk["percent"], risk["others_percent"]) == (1, 50, 66.7)


def test_every_query_runs_with_defaults_and_was_tested(graph: GraphStore) -> None:
    required = {"review_id": R1, "theme": "information_sharing", "text": "records",
                "agency": "police", "board": "North"}  # fmt: skip
    here = Path(__file__).read_text(encoding="utf-8")
    for spec in list_queries():
        params = {p.name: required[p.name] for p in spec.params if p.required}
        assert isinstance(run_query(graph, spec.name, params), list)
        assert f'"{spec.name}"' in here, f"{spec.name} has no known-answer test here"


def test_reviews_without_type_or_year_are_counted_apart(embedded: GraphStore) -> None:
    tiny.build_tiny(embedded)
    embedded.write(
        "MATCH (t:Theme {id: 'escalation'}) CREATE (:Review {id: 'odd'})-[:HAS_THEME]->(t)"
    )
    roll_up_themes(embedded)  # the derived RAISES links, as after a load
    cells = {(r["theme_id"], r["type"]): r for r in q(embedded, "theme_by_type")}
    assert cells[("escalation", "unknown")]["reviews_of_type"] == 1
    assert cells[("information_sharing", "SAR")]["reviews_of_type"] == 2
    escalation = by(q(embedded, "recurring_themes"), "theme_id")["escalation"]
    assert (escalation["reviews"], escalation["other"], escalation["reviews_in_view"]) == (2, 1, 6)
    assert all(r["year"] is not None for r in q(embedded, "theme_trend"))


def test_recommendations_on_a_theme_and_a_reviews_versions(graph: GraphStore) -> None:
    recs = q(graph, "theme_recommendations", theme="information_sharing")
    assert [(r["review_id"], r["status"]) for r in recs] == [
        (R4, "no action plan"), (R3, "no action plan"), (R2, "overdue"), (R1, "no action plan"),
    ]  # fmt: skip
    assert [r["review_id"] for r in q(graph, "theme_recommendations", theme="Information sharing",
                                      types=["SAR"])] == [R2]  # fmt: skip
    [version] = q(graph, "review_versions", review_id=R1)
    assert (version["version"], version["file"], version["current"]) == (
        1, f"{R1}.pdf", True,
    )  # fmt: skip
    assert q(graph, "review_versions", review_id=R5) == []  # unpublished: hidden unless asked
    assert len(q(graph, "review_versions", review_id=R5, include_unpublished=True)) == 1
