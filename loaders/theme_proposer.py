"""Themes a reader would list that no phrase of the taxonomy signals: one logistic
regression per theme over the case's whole text, which proposes a theme only when it is
sure of it, and gives as evidence the sentence whose words speak most for it.

The phrases find a theme from what a sentence says; a reader also lists themes the review
shows without naming them (self-neglect for a man who slept rough and refused help, the
toxic trio for a mother who drank and a father who hit her). After session 17 most of the
themes readers listed and the loader missed were of that kind: no phrase found them
anywhere in the case (docs/EXTRACTION.md, "Session 18"). Each model here was trained on
the labelled reviews (tests/eval/theme_proposer.py writes
loaders/reference/theme_proposer.json): the words of every sentence of the case outside a
glossary, contents, references and action plan (TF-IDF of single words), predicting
whether the reader listed the theme. A theme is proposed when its probability is at least
the file's `bar` and the case has fewer than the most themes a case counts; it is marked
`source: model` in the graph and keeps that passage, so a reader can judge it.

Scored here without scikit-learn, as loaders/sentence_model.py is: the vectorizer's
tokens, sublinear term frequency times idf, L2-normalised, the model's linear score (one
product of the case's vector with the themes' coefficients, in numpy) and its logistic.
Coefficients under 0.3 were dropped when it was written (the file would be about 4 MB
with them); the scores it was kept for were made without them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from reviewgraph.loaders.models import Evidence, ThemeHit
from reviewgraph.loaders.sentence_model import _TOKEN
from reviewgraph.loaders.strength import MAX_STRONG, seat_proposed

PROPOSER_PATH = Path(__file__).parent / "reference" / "theme_proposer.json"

# a sentence of the case: (text, page, section heading), and its section's weight
Located = tuple[tuple[str, int, str | None], float]


@dataclass(frozen=True)
class Proposal:
    theme_id: str
    probability: float
    evidence: Evidence


class ThemeProposer:
    def __init__(self, data: dict[str, object]):
        idf = data["idf"]
        assert isinstance(idf, dict)
        self._idf = {t: float(v) for t, v in idf.items()}
        themes = data["themes"]
        assert isinstance(themes, dict)
        self._models: dict[str, tuple[float, dict[str, float]]] = {
            theme: (float(model["intercept"]), {t: float(c) for t, c in model["coef"].items()})
            for theme, model in themes.items()
        }
        # the coefficients as one matrix (a row a term, a column a theme): a case's scores are
        # its terms' rows summed, weighted by the vector (a load does it once a case)
        self._names = list(self._models)
        self._row = {t: i for i, t in enumerate(self._idf)}
        self._matrix = np.zeros((len(self._row), len(self._names)))
        for j, (_, coef) in enumerate(self._models.values()):
            for term, c in coef.items():
                self._matrix[self._row[term], j] = c
        self._intercepts = np.array([b for b, _ in self._models.values()])
        self.bar = float(data["bar"])  # type: ignore[arg-type]
        self.min_weight = float(data["min_weight"])  # type: ignore[arg-type]
        stop = data["stop_words"]
        assert isinstance(stop, list)
        self._stop = frozenset(stop)

    @property
    def themes(self) -> list[str]:
        return list(self._models)

    def words(self, text: str) -> list[str]:
        """The text's terms as the vectorizer made them (single words, stop words out)."""
        return [w for w in _TOKEN.findall(text.lower()) if w not in self._stop]

    def vector(self, texts: Iterable[str]) -> dict[str, float]:
        """The TF-IDF vector of the texts taken as one document (sublinear tf, L2 norm)."""
        return self._vector(self.words(text) for text in texts)

    def _vector(self, word_lists: Iterable[list[str]]) -> dict[str, float]:
        counts: dict[str, int] = {}
        for words in word_lists:
            for term in words:
                if term in self._idf:
                    counts[term] = counts.get(term, 0) + 1
        raw = {t: (1.0 + math.log(n)) * self._idf[t] for t, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        return {t: v / norm for t, v in raw.items()} if norm else {}

    def probabilities(self, vector: dict[str, float]) -> dict[str, float]:
        """P(a reader lists the theme | the case's text), for every theme it has a model of."""
        rows = [self._row[t] for t in vector]
        values = np.fromiter(vector.values(), dtype=float, count=len(rows))
        z = self._intercepts + values @ self._matrix[rows]
        return dict(zip(self._names, (1.0 / (1.0 + np.exp(-z))).tolist(), strict=True))

    def propose(self, sentences: Sequence[Located], exclude: Iterable[str] = ()) -> list[Proposal]:
        """The themes it is sure of (probability at least `bar`), surest first, each with
        the sentence the theme's model scores highest on its own words (its positive terms);
        `exclude`: themes the case counts already. A theme no sentence speaks for is not
        proposed: every link keeps a passage."""
        read = [(x, w) for x, w in sentences if w >= self.min_weight]
        words = [self.words(x[0]) for x, _ in read]
        skip = set(exclude)
        scores = self.probabilities(self._vector(words)).items()
        sure = sorted(((p, t) for t, p in scores if p >= self.bar and t not in skip), reverse=True)
        out = []
        own: dict[int, dict[str, float]] = {}  # each sentence alone, made when first needed
        for p, theme in sure:
            coef = self._models[theme][1]
            best, where = 0.0, None
            for i, (x, w) in enumerate(read):
                if not any(coef.get(t, 0.0) > 0 for t in words[i]):
                    continue  # no word of it speaks for the theme
                terms = own[i] if i in own else own.setdefault(i, self._vector([words[i]]))
                # the sentence the model would score highest on its own; a finding before a
                # background sentence that scores the same
                part = sum(c * v for t, v in terms.items() if (c := coef.get(t, 0.0)) > 0)
                if part > best or (where is not None and part == best > 0 and w > where[1]):
                    best, where = part, (x, w)
            if where is not None:
                (text, page, section), _ = where
                out.append(Proposal(theme, round(p, 3), Evidence(text, page, section)))
        return out


@lru_cache(maxsize=1)
def theme_proposer(path: Path = PROPOSER_PATH) -> ThemeProposer:
    return ThemeProposer(json.loads(path.read_text(encoding="utf-8")))


def propose_themes(
    themes: list[ThemeHit], sentences: Sequence[Located], proposer: ThemeProposer | None = None
) -> None:
    """Add to a case's themes what the proposer is sure of and no phrase made count, in the
    places the ranking left (in place: the list keeps its identity). A theme a phrase found
    but ranked too low keeps its passages; a theme no phrase found gets the sentence that
    speaks most for it, and no strength."""
    counted = {h.theme_id for h in themes if h.strong}
    if len(counted) >= MAX_STRONG:
        return
    found = {h.theme_id: h for h in themes}
    for proposal in (proposer or theme_proposer()).propose(sentences, exclude=counted):
        hit = found.get(proposal.theme_id)
        if hit is None:
            hit = ThemeHit(proposal.theme_id, evidence=[proposal.evidence], strong=False)
            themes.append(hit)
        hit.proposed = proposal.probability
    seat_proposed(themes)
