"""Extraction on the bundled sample corpus, checked against its ground truth (EXPECTED.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.pipeline import load_actions, load_register
from reviewgraph.queries.analytics import analyse

EXPECTED = yaml.safe_load((Path(__file__).parents[1] / "loaders/sample/EXPECTED.yaml").read_text())
CASES = [(d["file"], c) for d in EXPECTED["documents"] for c in d["cases"]]
# Plain words in EXPECTED.yaml -> taxonomy ids.
THEME_IDS = {
    "information sharing": "information_sharing", "was not brought": "was_not_brought",
    "hidden men": "hidden_men", "domestic abuse": "domestic_abuse",
    "parental mental health": "parental_mental_health", "neglect": "neglect",
    "voice of the child": "voice_of_child", "self-neglect": "self_neglect",
    "mental capacity": "mental_capacity", "hospital discharge": "hospital_discharge",
    "coercive control": "coercive_control", "separation": "separation",
    "think family": "think_family", "sexual exploitation": "sexual_exploitation",
    "criminal exploitation": "criminal_exploitation", "interpreters": "interpreters",
    "safer sleep": "safe_sleep", "disguised compliance": "disguised_compliance",
}  # fmt: skip


@pytest.fixture(scope="module")
def sample(sample_store: tuple[GraphStore, Path]) -> tuple[GraphStore, Path]:
    return sample_store


def _review(store: GraphStore, subject: str) -> dict:
    rows = store.read(
        "MATCH (r:Review {subject: $s}) RETURN r.id AS id, r.type AS type, r.year AS year, "
        "r.board AS board, r.published AS published, r.age_band AS age_band, "
        "r.gender AS gender, r.outcome AS outcome",
        {"s": subject},
    )
    assert len(rows) == 1, f"one review about {subject}, got {rows}"
    return rows[0]


@pytest.mark.parametrize(("file", "case"), CASES, ids=[c["subject"] for _, c in CASES])
def test_every_case_with_its_metadata(
    sample: tuple[GraphStore, Path], file: str, case: dict
) -> None:
    store, _ = sample
    got = _review(store, case["subject"])
    expected = {k: case[k] for k in ("type", "year", "board", "published", "age_band", "gender")}
    expected["outcome"] = case["outcome"].lower()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(("file", "case"), CASES, ids=[c["subject"] for _, c in CASES])
def test_recommendations_with_numbers_text_and_pages(
    sample: tuple[GraphStore, Path], file: str, case: dict
) -> None:
    store, _ = sample
    rid = _review(store, case["subject"])["id"]
    recs = store.read(
        "MATCH (:Review {id: $id})-[:MADE]->(c:Recommendation) "
        "RETURN c.number AS n, c.text AS text, c.page AS page ORDER BY c.page, n",
        {"id": rid},
    )
    expected = case.get("recommendations") or []
    assert [(r["n"], r["text"][:30]) for r in recs] == [
        (e["number"], e["starts"][:30]) for e in expected
    ]
    if case.get("recommendations_page") and not case.get("multi_case"):
        assert {r["page"] for r in recs} <= {
            case["recommendations_page"],
            case["recommendations_page"] + 1,
        }


def test_addressees_of_baby_t(sample: tuple[GraphStore, Path]) -> None:
    store, _ = sample
    rows = store.read(
        "MATCH (r:Review {subject: 'Baby T'})-[:MADE]->(c)-[:ADDRESSED_TO]->(a:Agency) "
        "RETURN c.number AS n, collect(a.id) AS agencies"
    )
    by_number = {r["n"]: set(r["agencies"]) for r in rows}
    assert "gp" in by_number["2"]
    assert "police" in by_number["4"]
    assert "lscb" in by_number["1"] and "lscb" in by_number["8"]
    assert "csc" in by_number["6"]


def test_themes_recall_and_evidence_with_page(sample: tuple[GraphStore, Path]) -> None:
    store, _ = sample
    found = missing = 0
    for _, case in CASES:
        rows = store.read(
            # what happened in the case (domestic abuse, neglect) is a characteristic now
            "MATCH (:Review {subject: $s})-[:HAS_THEME|HAS_CHARACTERISTIC]->(t) "
            "OPTIONAL MATCH (t)-[:PART_OF*1..3]->(p:Theme) RETURN t.id AS t, collect(p.id) AS up",
            {"s": case["subject"]},
        )
        ids = {r["t"] for r in rows} | {p for r in rows for p in r["up"]}
        for theme in case.get("themes", []):
            if theme["theme"] in THEME_IDS:
                hit = THEME_IDS[theme["theme"]] in ids
                found, missing = found + hit, missing + (not hit)
    assert found / (found + missing) >= 0.8, (found, missing)
    # One passage a trainer would quote, with its page.
    [link] = store.read(
        "MATCH (:Review {subject: 'Baby T'})-[h:HAS_THEME]->(:Theme {id: 'was_not_brought'}) "
        "RETURN h.evidence AS ev, h.pages AS pages, h.mentions AS mentions"
    )
    sentence = "Baby T was not brought to four health appointments in six weeks"
    pages = [p for e, p in zip(link["ev"], link["pages"], strict=True) if sentence in e]
    assert pages == [4] and link["mentions"] >= 4


def test_multi_case_briefings_become_several_reviews_sharing_a_document(
    sample: tuple[GraphStore, Path],
) -> None:
    store, _ = sample
    rows = store.read(
        "MATCH (r:Review)-[:DESCRIBED_IN]->(d:Document {kind: 'review'}) "
        "WITH d, collect(r.subject) AS subjects "
        "WHERE size(subjects) > 1 RETURN d.name AS name, subjects ORDER BY name"
    )
    assert [(r["name"], sorted(r["subjects"])) for r in rows] == [
        ("07-briefing-three-reviews.pdf", ["Baby S", "Child P", "Child Q"]),
        ("13-briefing-four-sars.docx", ["Adult F", "Adult J", "Mr G", "Norman"]),
    ]
    shared = store.read(
        "MATCH (d:Document {name: '07-briefing-three-reviews.pdf'})-[:MADE]->(c:Recommendation) "
        "RETURN count(c) AS n"
    )
    assert shared[0]["n"] >= 3, "the briefing's own recommendations belong to the document"


def test_draft_and_register_only_reviews(sample: tuple[GraphStore, Path]) -> None:
    store, _ = sample
    assert _review(store, "Chloe")["published"] is False
    register_only = store.read(
        "MATCH (r:Review {source: 'register'}) RETURN r.subject AS s, r.published AS p ORDER BY s"
    )
    assert ("Child W", False) in [(r["s"], r["p"]) for r in register_only]
    assert len(register_only) == 4


def test_action_plan_attaches_and_reports_the_unmatched(sample: tuple[GraphStore, Path]) -> None:
    store, folder = sample
    tracked = store.read(
        "MATCH (a:Action)-[:TRACKS]->(c:Recommendation) RETURN count(a) AS n, "
        "sum(CASE a.match WHEN 'text' THEN 1 ELSE 0 END) AS by_text"
    )
    assert tracked == [{"n": 26, "by_text": 1}]
    old = store.read(
        "MATCH (a:Action)-[:TRACKS]->(c:Recommendation)<-[:MADE]-(r:Review {subject: 'Baby T'}) "
        "WHERE c.number = '2' RETURN a.status AS status, c.text AS text"
    )
    assert old[0]["status"] == "in progress" and "GP practices" in old[0]["text"]
    again = load_actions(store, folder / "action_plan.csv")
    assert [f.status for f in again.files] == ["loaded"]
    assert any(re.search(r"DHR Anna / 9", w) for w in again.files[0].warnings)
    assert store.read("MATCH (a:Action) RETURN count(a) AS n") == [{"n": 27}]
    # what `reviewgraph load` does next, so the shared graph is whole again for other tests
    analyse(store)
    assert store.read("MATCH (a:Action)-[:TRACKS]->() RETURN count(a) AS n") == [{"n": 26}]


def test_loading_the_sample_again_changes_nothing(sample: tuple[GraphStore, Path]) -> None:
    store, folder = sample
    before = store.counts()
    report = load_register(store, folder / "register.csv", "sample")
    assert not report.failed
    assert store.counts() == before
