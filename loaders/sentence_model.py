"""How likely a reader is to list a theme for a case, given one sentence that signals it.

A logistic regression over the sentence's words (TF-IDF of words and word pairs), the
theme, and the weight of the sentence's section, trained on the labelled reviews
(tests/eval/theme_model.py writes it to loaders/reference/theme_model.json; the numbers
that made us keep it are in docs/EXTRACTION.md). It ranks what the phrases found: a theme
no phrase signals is never scored, and every link keeps its passages as evidence.

Scored here without scikit-learn (importing it costs a load about a second): the same
tokens (lower case, words of two or more letters or digits, English stop words out, then
single words and adjacent pairs), sublinear term frequency times idf, L2-normalised, then
the model's linear score and its logistic.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "reference" / "theme_model.json"
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


class SentenceModel:
    def __init__(self, data: dict[str, object]):
        terms = data["terms"]
        assert isinstance(terms, dict)
        self._idf = {t: float(v[0]) for t, v in terms.items()}
        self._coef = {t: float(v[1]) for t, v in terms.items()}
        themes = data["themes"]
        assert isinstance(themes, dict)
        self._themes = {t: float(c) for t, c in themes.items()}
        weight = data["weight"]
        assert isinstance(weight, list) and len(weight) == 3
        self._weight = [float(c) for c in weight]
        self._intercept = float(data["intercept"])  # type: ignore[arg-type]
        stop = data["stop_words"]
        assert isinstance(stop, list)
        self._stop = frozenset(stop)
        self._words: dict[str, float] = {}  # sentence -> its words' part of the score

    def terms(self, text: str) -> list[str]:
        """The sentence's terms as the vectorizer made them: words, then adjacent pairs."""
        words = [w for w in _TOKEN.findall(text.lower()) if w not in self._stop]
        return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]

    def vector(self, text: str) -> dict[str, float]:
        """The sentence's TF-IDF vector over the model's terms (sublinear tf, L2 norm)."""
        counts: dict[str, int] = {}
        for term in self.terms(text):
            if term in self._idf:
                counts[term] = counts.get(term, 0) + 1
        raw = {t: (1.0 + math.log(n)) * self._idf[t] for t, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        return {t: v / norm for t, v in raw.items()} if norm else {}

    def _word_score(self, text: str) -> float:
        score = self._words.get(text)
        if score is None:
            score = sum(self._coef[t] * v for t, v in self.vector(text).items())
            if len(self._words) < 200_000:
                self._words[text] = score
        return score

    def probability(self, text: str, theme: str, weight: float) -> float:
        """P(a reader lists `theme` for the case | this sentence signals it, in a section
        of this weight)."""
        w = self._weight
        z = (
            self._intercept
            + self._word_score(text)
            + self._themes.get(theme, 0.0)
            + w[0] * weight
            + w[1] * float(weight >= 4)
            + w[2] * float(weight < 1)
        )
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def sentence_model(path: Path = MODEL_PATH) -> SentenceModel:
    return SentenceModel(json.loads(path.read_text(encoding="utf-8")))
