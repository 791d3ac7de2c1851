"""The theme proposer (loaders/theme_proposer.py): a theme a reader would list that no phrase
signals is proposed from the case's whole text, only when the model is sure of it and a
place is left under the cut, with the sentence that speaks most for it as its passage; it
reaches the graph as `source: model` and the case explorer says so. Tested on an SAR
written for this test: a man who refused help in a cold, cluttered flat, in words no
self-neglect phrase matches."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from docx import Document
from sklearn.feature_extraction.text import TfidfVectorizer
from streamlit.testing.v1 import AppTest

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.extract import extract_document
from reviewgraph.loaders.models import (
    DocumentExtraction,
    Evidence,
    ReviewExtraction,
    ReviewMeta,
    ThemeHit,
)
from reviewgraph.loaders.pipeline import load_paths, matchers
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.strength import cut_themes, mark_strong
from reviewgraph.loaders.theme_proposer import ThemeProposer, theme_proposer
from reviewgraph.queries.registry import run_query
from tests.fixtures.backend import close_test_store, open_test_store, point_dashboard_at

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
EVIDENCE = (
    "His alcohol dependence and the cluttered, cold flat were not linked to his ability to "
    "carry out the decisions he made."
)


def _sar(folder: Path) -> Path:
    doc = Document()
    doc.add_heading("Safeguarding Adults Review: Mr Ashdown", 0)
    for line in (
        "Pellworth Safeguarding Adults Board. Published March 2026.",
        "Mr Ashdown was 66. He lived alone in a flat above a shop in Pellworth and had been "
        "a lorry driver.",
    ):
        doc.add_paragraph(line)
    sections = {
        "What happened": [
            "After his wife died he stopped opening his post and stopped letting anyone into "
            "the flat.",
            "Neighbours reported a smell from the flat; the housing officer found rubbish piled "
            "to the ceiling and no working toilet.",
            "He declined the offer of home care twice and told the GP he was managing.",
            "He was found on the floor of the flat in February 2025 and died in hospital four "
            "days later.",
        ],
        "Findings": [
            "Each agency accepted his refusals at face value, recorded them as a lifestyle "
            "choice and closed its involvement.",
            EVIDENCE,
            "His drinking, the state of the flat and his weight loss were seen separately and "
            "never together.",
            "Nobody tried to build a relationship with him over time, as the Board's guidance "
            "asks.",
            "The GP practice, the housing association and adult social care did not meet to "
            "plan together.",
        ],
        "Recommendations": [
            "1. Adult social care should review how it responds when a person declines care "
            "and lives in unsafe conditions."
        ],
    }
    for heading, lines in sections.items():
        doc.add_heading(heading, 1)
        for line in lines:
            doc.add_paragraph(line)
    path = folder / "sar-mr-ashdown.docx"
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def sar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _sar(tmp_path_factory.mktemp("proposer"))


def _review(path: Path) -> ReviewExtraction:
    [review] = extract_document(read_document(path), "0" * 64, matchers()).reviews
    return review


def _hit(review: ReviewExtraction, theme: str) -> ThemeHit:
    return next(h for h in review.themes if h.theme_id == theme)


def test_a_theme_no_phrase_finds_is_proposed_with_its_passage(sar: Path) -> None:
    review = _review(sar)
    neglect = _hit(review, "self_neglect")
    assert neglect.strong and neglect.mentions == 0  # no phrase signalled it
    assert neglect.proposed >= theme_proposer().bar
    assert neglect.evidence == [Evidence(EVIDENCE, 1, "Findings")]
    capacity = _hit(review, "mental_capacity")
    assert capacity.strong and capacity.mentions == 0 and capacity.proposed >= 0.7
    # what the phrases found is theirs: counted from its passages, not proposed
    alcohol = _hit(review, "alcohol_misuse")
    assert alcohol.strong and alcohol.mentions == 2 and alcohol.proposed == 0.0
    assert sum(h.strong for h in review.themes) <= 10


def test_without_the_proposer_the_case_has_no_self_neglect(
    sar: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proposal is the proposer's: with it off, nothing else finds the theme."""
    import reviewgraph.loaders.extract as extract

    monkeypatch.setattr(extract, "propose_themes", lambda *_: None)
    assert "self_neglect" not in {h.theme_id for h in _review(sar).themes}


def _hits(strong: int, proposed: list[float]) -> list[ThemeHit]:
    ranked = [ThemeHit(f"t{i}", mentions=1, strength=10.0 - i) for i in range(strong)]
    return ranked + [ThemeHit(f"p{i}", proposed=p) for i, p in enumerate(proposed)]


def test_proposals_take_only_the_places_the_ranking_left() -> None:
    hits = _hits(9, [0.75, 0.9])
    mark_strong(hits)
    assert [h.theme_id for h in hits if h.strong] == [f"t{i}" for i in range(9)] + ["p1"]
    hits = _hits(4, [0.75, 0.9])
    mark_strong(hits)
    assert {"p0", "p1"} <= {h.theme_id for h in hits if h.strong}
    # a load that counts 4 themes a case drops what was proposed first
    review = ReviewExtraction(meta=ReviewMeta(type="SAR", subject="Mr Ashdown"), themes=hits)
    cut_themes(DocumentExtraction("0" * 64, "x.pdf", "pdf", 1, None, [review]), 4)
    assert [h.theme_id for h in hits if h.strong] == ["t0", "t1", "t2", "t3"]


def _proposer(intercept: float, coef: dict[str, float], bar: float = 0.7) -> ThemeProposer:
    words = ["neglect", "flat", "cold", "care"]
    return ThemeProposer(
        {
            "idf": {w: 1.0 for w in words},
            "themes": {"self_neglect": {"intercept": intercept, "coef": coef}},
            "bar": bar,
            "min_weight": 0.25,
            "stop_words": ["the", "a", "was"],
        }
    )


def test_a_sure_theme_needs_a_sentence_that_speaks_for_it() -> None:
    sentences = [
        (("The flat was cold.", 2, "Findings"), 4.0),
        (("Care was refused.", 3, "Chronology"), 0.25),
        (("Self neglect: see the glossary.", 9, "Glossary"), 0.0),  # not read
    ]
    sure = _proposer(3.0, {"cold": 1.0, "flat": 0.5})
    [proposal] = sure.propose(sentences)
    assert proposal.theme_id == "self_neglect" and proposal.probability > 0.95
    assert proposal.evidence == Evidence("The flat was cold.", 2, "Findings")
    # as sure, but no sentence it reads has a word that speaks for it: no passage, no theme
    assert _proposer(3.0, {"neglect": 1.0}).propose(sentences) == []
    # below the bar, or counted already: nothing
    assert _proposer(-3.0, {"cold": 1.0}).propose(sentences) == []
    assert sure.propose(sentences, exclude=["self_neglect"]) == []


def test_a_case_is_read_as_the_trained_vectorizer_read_it() -> None:
    proposer = theme_proposer()
    texts = [
        "The housing officer found the flat cold and cluttered.",
        "He declined care; the GP recorded it as his choice. He declined again.",
    ]
    vocabulary = {t: i for i, t in enumerate(proposer._idf)}
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", vocabulary=vocabulary)
    vec.fit(texts)
    vec.idf_ = np.array([proposer._idf[t] for t in vocabulary])
    row = vec.transform([" ".join(texts)]).getrow(0)
    terms = list(vocabulary)
    want = {terms[j]: v for j, v in zip(row.indices, row.data, strict=True)}
    got = proposer.vector(texts)
    assert set(got) == set(want) and "declined" in got
    assert all(abs(got[t] - want[t]) < 1e-9 for t in want)


def test_a_proposed_theme_reaches_the_graph_and_the_case_explorer(
    sar: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store: GraphStore = open_test_store(tmp_path / "data")
    try:
        report = load_paths(store, [sar])
        assert [f.status for f in report.files] == ["loaded"]
        [review] = store.read("MATCH (r:Review) RETURN r.id AS id")
        links = store.read(
            "MATCH (:Review)-[h:HAS_THEME]->(t:Theme {id: 'mental_capacity'}) "
            "RETURN h.source AS source, h.evidence AS evidence, h.pages AS pages"
        )
        assert links == [{"source": "model", "evidence": [EVIDENCE], "pages": [1]}]
        # self-neglect is what the case was: a characteristic, proposed all the same
        kinds = store.read(
            "MATCH (:Review)-[h:HAS_CHARACTERISTIC]->(:Characteristic {id: 'self_neglect'}) "
            "RETURN h.source AS source, h.evidence AS evidence"
        )
        assert kinds == [{"source": "model", "evidence": [EVIDENCE]}]
        rows = run_query(store, "review_evidence", {"review_id": review["id"]})
        mine = [r for r in rows if r["theme_id"] == "mental_capacity"]
        assert [(r["source"], r["passage"], r["page"]) for r in mine] == [("model", EVIDENCE, 1)]
        assert {r["source"] for r in rows if r["theme_id"] == "alcohol_misuse"} == {"text"}
        point_dashboard_at(monkeypatch, tmp_path / "data")
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["review"] = review["id"]
        at.switch_page("views/case_explorer.py")
        at.run()
        assert not at.exception, [e.message for e in at.exception]
    finally:
        close_test_store(store, tmp_path / "data")
    labels = [e.label for e in at.expander]
    assert "Mental capacity (1 passage, proposed by the model)" in labels, labels
    assert not any(label.startswith("Alcohol") and "proposed" in label for label in labels)
    captions = " ".join(c.value for c in at.caption)
    assert "No phrase of the taxonomy found this theme" in captions


def test_every_theme_the_proposer_knows_is_a_theme_of_the_taxonomy() -> None:
    """A model per theme at least six training cases list: themes of the taxonomy, never a
    domain (a domain is not what a reader lists for a case)."""
    nodes = matchers().taxonomy.nodes
    known = theme_proposer().themes
    assert len(known) >= 40 and {"self_neglect", "mental_capacity", "voice_of_child"} <= set(known)
    assert all(t in nodes and nodes[t].level != "domain" for t in known)
