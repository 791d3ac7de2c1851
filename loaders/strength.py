"""How strongly a case is about each theme: passages weighted by the section they sit in,
each times the sentence model's probability that a reader lists the theme for it.

A careful reader lists the 3-8 themes a review keeps coming back to, above all in its
findings, analysis and learning, then its recommendations; a theme named once in the
chronology, the terms of reference or the glossary is not one of them. The section weights
say where a sentence stands; the sentence model (loaders/sentence_model.py, trained on the
labelled reviews) says how much what it says is the case's theme. Every theme link keeps
its strength and its evidence; `strong` marks the links the default views count
(docs/EXTRACTION.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviewgraph.loaders.models import DocumentExtraction, ThemeHit
from reviewgraph.loaders.sentence_model import sentence_model

KEY_KINDS = frozenset({"findings", "learning", "analysis", "conclusion", "recommendations"})
# Weight of one sentence by the kind of its section (other kinds weigh 1).
SECTION_WEIGHTS: dict[str | None, float] = {
    **{kind: 4.0 for kind in KEY_KINDS},
    # a recommendation says what should be done next (training, guidance, the board's
    # assurance) more than what the case was about: above the narrative, below the findings
    # (session 14: 4 -> 2 took recall 83.4 -> 84.0% and precision 61.5 -> 61.9% on the
    # batches up to heldout19; 16 of the 20 splits better or equal on both)
    "recommendations": 2.0,
    "chronology": 0.25,
    # an action plan's rows say what will be done ("training", "a multi-agency meeting"),
    # not what the case was about: its recommendations are read, its themes not counted
    "action_plan": 0.0,
    "terms_of_reference": 0.25,
    "methodology": 0.25,
    "glossary": 0.0,
    "references": 0.0,
    "contents": 0.0,
}
# A sentence that asks, supposes or denies does not say the case was about the theme:
# "The review asked whether information was shared", "Do you see exploitation …?", "There
# was no evidence of substance misuse".
_NOT_COUNTED = re.compile(
    r"\?['\")\]]*\s*$|^(?:if|whether|had)\b|\basked (?:how|what|if)\b"
    r"|\bno (?:evidence|indication|suggestion)\b|\bdid not (?:find|see) (?:any )?evidence\b"
    r"|\b(?:was|were) not (?:a |an )?(?:factor|feature|relevant|an issue)\b|\bruled out\b",
    re.I,
)
# "whether" supposes ("The review asked whether information was shared"), except where the
# finding is that nobody asked it: "No one considered whether Glenys had capacity", "the
# social worker did not assess whether she could understand" (session 14: three reviews
# whose reader listed mental capacity had lost it to this rule).
_WHETHER = re.compile(r"\bwhether\b", re.I)
_NOT_ASKED_WHETHER = re.compile(
    r"\b(?:did not|didn.t|never|no one|no-one|nobody|not|without)\s+(?:\w+\s+){0,2}?"
    r"(?:consider|assess|ask|check|explore|establish|think about|question|test)(?:ed|ing|s)?"
    r"\s+(?:\w+\s+){0,3}?whether\b"
    # or after it: "the question of whether she could protect her own finances was not
    # asked" (round 30)
    r"|\bwhether\b[^.?]{0,100}?\b(?:was|were) (?:not|never) (?:asked|considered|assessed"
    r"|explored)\b",
    re.I,
)
# The default cut (docs/EXTRACTION.md): a link counts when its strength is at least
# MIN_SHARE of the case's strongest theme and at least MIN_STRENGTH, and it is among the
# MAX_STRONG strongest. MAX_STRONG is 10 since session 14 (9 before): the ceiling;
# on the batches up to heldout19 it gave recall 82.4% for precision 61.4% (9: 80.7% / 62.9%).
# MIN_SHARE is a fiftieth since the sentence model (a twentieth before): the share that
# scored best on batches the model was not trained on (tests/eval/theme_model.py).
MIN_SHARE = 0.02
MIN_STRENGTH = 0.0
MAX_STRONG = 10


# Every _NOT_COUNTED match holds one of these (lower case) or starts with "if"/"had": most
# sentences hold none, and a substring test is cheaper than the regex (a load runs it on
# every sentence of every case: 2.5 times faster, the same verdicts).
_TRIGGERS = ("?", "whether", "asked ", "no evidence", "no indication", "no suggestion",
             "did not", " not ", "ruled out")  # fmt: skip


def counts(sentence: str) -> bool:
    """Whether a sentence's theme mentions count (it does not ask, suppose or deny)."""
    lower = sentence.lower()
    if not (lower.startswith(("if", "had")) or any(t in lower for t in _TRIGGERS)):
        return True
    if _NOT_COUNTED.search(sentence):
        return False
    return not (_WHETHER.search(sentence) and not _NOT_ASKED_WHETHER.search(sentence))


def section_weight(kind: str | None) -> float:
    return SECTION_WEIGHTS.get(kind, 1.0)


def weigh(
    hits: dict[str, ThemeHit],
    weighted: Iterable[tuple[str, float]],
    memo: dict[str, list[str]],
) -> list[ThemeHit]:
    """The hits with their strength (the weights of the sentences signalling each theme,
    each times the sentence model's probability for it;
    `memo`: sentence -> theme ids, as Taxonomy.match_themes filled it), strongest first,
    `strong` set by the default cut; a hit of strength 0 (glossary only) is dropped."""
    model = sentence_model()
    strength: dict[str, float] = {}
    for text, weight in weighted:
        if not weight:
            continue
        for nid in memo.get(text, ()):
            strength[nid] = strength.get(nid, 0.0) + weight * model.probability(text, nid, weight)
    ranked = sorted(
        (h for h in hits.values() if strength.get(h.theme_id, 0.0) > 0),
        key=lambda h: -strength[h.theme_id],
    )
    for hit in ranked:
        hit.strength = round(strength[hit.theme_id], 2)
    mark_strong(ranked)
    return ranked


def cut_themes(extraction: DocumentExtraction, themes_per_review: int = MAX_STRONG) -> None:
    """Count at most `themes_per_review` themes of each review (the load's setting)."""
    if themes_per_review != MAX_STRONG:
        for review in extraction.reviews + ([extraction.shared] if extraction.shared else []):
            mark_strong(review.themes, max_strong=themes_per_review)


def mark_strong(
    ranked: list[ThemeHit],
    min_share: float = MIN_SHARE,
    min_strength: float = MIN_STRENGTH,
    max_strong: int = MAX_STRONG,
) -> None:
    """Set `strong` on hits ranked strongest first. A defining theme (the kind of homicide)
    is strong whenever the case names it and takes one of the `max_strong` places; a theme
    the proposer was sure of takes a place the ranking left (seat_proposed)."""
    top = ranked[0].strength if ranked else 0.0
    defining = {id(hit) for hit in [h for h in ranked if h.defining][:max_strong]}
    places = max_strong - len(defining)
    for hit in ranked:
        if hit.defining:
            hit.strong = id(hit) in defining
            continue
        hit.strong = places > 0 and hit.strength >= max(min_share * top, min_strength)
        places -= 1
    seat_proposed(ranked, max_strong)


def seat_proposed(ranked: list[ThemeHit], max_strong: int = MAX_STRONG) -> None:
    """What the theme proposer was sure of takes the places the ranking left: first what
    the text signals too, strongest first, then the surest of the rest (the proposer's
    probability moves with every sentence of the case, a phrase's strength only with its
    own sentences: a revised report's new line does not swap two themes' places)."""
    left = max_strong - sum(h.strong for h in ranked)
    waiting = [h for h in ranked if h.proposed and not h.strong]
    for hit in sorted(waiting, key=lambda h: (-h.strength, -h.proposed)):
        hit.strong = left > 0
        left -= 1
