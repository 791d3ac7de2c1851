"""The named queries on the bundled sample corpus: the patterns built into it are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.registry import list_queries, run_query

BABY_T = "scr-kestrelford-local-safeguarding-children-board-baby-t-2015"
ANNA = "dhr-kestrelford-community-safety-partnership-anna-2016"
BABY_J = "cspr-fenmarsh-safeguarding-children-partnership-baby-j-2023"
CHILD_L = "cspr-kestrelford-safeguarding-children-partnership-child-l-2022"


@pytest.fixture(scope="module")
def store(sample_store: tuple[GraphStore, Path]) -> GraphStore:
    return sample_store[0]


def test_information_sharing_recurs_across_every_review_type(store: GraphStore) -> None:
    rows = {r["theme_id"]: r for r in run_query(store, "recurring_themes")}
    info = rows["information_sharing"]
    assert info["reviews"] >= 9
    assert all(info[t] >= 1 for t in ("scr", "cspr", "sar", "dhr"))
    assert (info["first_year"], info["last_year"]) == (2015, 2023)
    # The draft DHR (Chloe) is out of view unless asked, and the register's four rows with no
    # report (Child V, Adult E, DHR/09 and the unpublished Child W) unless asked too.
    assert info["reviews_in_view"] == 18
    everything = run_query(store, "recurring_themes", {"include_unpublished": True})
    assert everything[0]["reviews_in_view"] == 19
    both = {"include_unpublished": True, "include_register": True}
    assert run_query(store, "recurring_themes", both)[0]["reviews_in_view"] == 23


def test_filters_change_the_counts(store: GraphStore) -> None:
    params = {"types": ["SAR"], "level": "subtheme"}
    sars = {r["theme_id"]: r["reviews"] for r in run_query(store, "recurring_themes", params)}
    assert sars["hospital_discharge"] >= 4
    # self-neglect is what happened in the case: a characteristic, not a practice theme
    assert "self_neglect" not in sars
    cases = run_query(store, "characteristics", {"types": ["SAR"]})
    assert {r["characteristic_id"]: r["reviews"] for r in cases}["self_neglect"] >= 4
    children = {
        r["theme_id"]
        for r in run_query(
            store, "recurring_themes", {"types": ["SCR", "CSPR"], "level": "subtheme"}
        )
    }
    assert "was_not_brought" in children
    early = run_query(store, "reviews", {"year_to": 2016})
    assert sorted(r["subject"] for r in early) == ["Anna", "Baby T", "Child K"]
    # Child V is a register row with no report: counted only on purpose
    early = run_query(store, "reviews", {"year_to": 2016, "include_register": True})
    assert sorted(r["subject"] for r in early) == ["Anna", "Baby T", "Child K", "Child V"]


def test_police_keep_getting_the_domestic_abuse_recommendation(store: GraphStore) -> None:
    rows = run_query(store, "repeat_recommendations")
    police = next(
        r for r in rows if r["agency_id"] == "police" and r["theme_id"] == "domestic_abuse"
    )
    assert {BABY_T, ANNA, BABY_J} <= set(police["review_ids"])
    assert any("domestic abuse incident notifications" in t for t in police["texts"])


def test_old_recommendation_still_open_when_the_theme_returns(store: GraphStore) -> None:
    rows = run_query(store, "open_on_recurring_theme")
    baby_t_2 = [r for r in rows if r["recommendation_id"] == f"{BABY_T}/rec/2"]
    assert baby_t_2, "Baby T's was-not-brought recommendation to GPs (2015) is still open"
    assert baby_t_2[0]["status"] in ("in progress", "overdue")
    assert baby_t_2[0]["latest_year"] >= 2022


def test_agencies_and_sectors(store: GraphStore) -> None:
    per_agency = {r["agency_id"]: r for r in run_query(store, "recommendations_per_agency")}
    assert per_agency["gp"]["reviews"] >= 6 and per_agency["police"]["reviews"] >= 6
    matrix = run_query(store, "agency_theme_matrix")
    assert any(
        r["agency_id"] == "asc" and r["theme_id"] in ("self_neglect", "mental_capacity", "carers")
        for r in matrix
    )


def test_evidence_search_and_profile_point_to_pages(store: GraphStore) -> None:
    evidence = run_query(store, "evidence", {"theme": "was_not_brought"})
    assert any(
        r["review_id"] == CHILD_L
        and r["page"] == 4
        and "not brought" in r["passage"]
        and r["document"] == "10-cspr-child-l.pdf"
        for r in evidence
    )
    hits = run_query(store, "search", {"text": "was not brought"})
    assert {"Child L", "Child K"} <= {h["subject"] for h in hits}
    [profile] = run_query(store, "review_profile", {"review_id": BABY_T})
    assert profile["subject"] == "Baby T" and profile["documents"] == ["01-scr-baby-t.pdf"]
    similar = run_query(store, "similar_reviews", {"review_id": BABY_T})
    assert similar and similar[0]["score"] > 0


def test_the_same_lesson_again(store: GraphStore) -> None:
    clusters = run_query(store, "recommendation_clusters")
    assert any(c["reviews"] >= 2 and "mental capacity assessment" in c["example"] for c in clusters)


EDITH = "sar-kestrelford-safeguarding-adults-board-edith-2019"
ADULT_C = "sar-hollowmere-safeguarding-adults-board-adult-c-2021"
MR_G = "sar-hollowmere-safeguarding-adults-board-mr-g-2023"


def test_recommendations_that_say_much_the_same(store: GraphStore) -> None:
    pairs = run_query(store, "similar_recommendations")
    top = pairs[0]  # Edith's mental-capacity recommendation, made again for Adult C
    assert (top["first_review_id"], top["first_number"]) == (EDITH, "2")
    assert (top["second_review_id"], top["second_number"]) == (ADULT_C, "2")
    assert top["score"] > 0.8 and top["first_agencies"] == ["Adult social care"]
    assert top["first_year"] < top["second_year"]
    # reworded, two years later in the other board: still found, less alike
    again = {(p["first_review_id"], p["second_review_id"]): p["score"] for p in pairs}
    assert 0.3 <= again[(EDITH, MR_G)] < 0.5
    # one review's pairs; and a filter both reviews of a pair must pass
    mine = run_query(store, "similar_recommendations", {"review_id": MR_G})
    assert all(MR_G in (p["first_review_id"], p["second_review_id"]) for p in mine)
    assert EDITH in {p["first_review_id"] for p in mine}
    assert run_query(store, "similar_recommendations", {"types": ["SAR"]})[0]["score"] > 0.8
    assert not run_query(store, "similar_recommendations", {"types": ["DHR"]})  # Chloe: draft
    everything = run_query(
        store, "similar_recommendations", {"types": ["DHR"], "include_unpublished": True}
    )
    assert any("harassment after separation" in p["first_text"] for p in everything)


def test_every_named_query_runs_on_the_sample(store: GraphStore) -> None:
    defaults = {
        "review_id": BABY_T,
        "theme": "information_sharing",
        "text": "information sharing",
        "agency": "police",
        "agency_id": "police",
        "theme_id": "information_sharing",
        "board": "Kestrelford Safeguarding Adults Board",
    }
    for spec in list_queries():
        params = {p.name: defaults[p.name] for p in spec.params if p.name in defaults}
        rows = run_query(store, spec.name, params)
        assert isinstance(rows, list), spec.name
