"""The experiment behind docs/EXTRACTION.md "A linear model over sentences" (not used by
the loader): a logistic regression over each sentence that signals a theme (its words as
TF-IDF, the theme, its section's weight) predicting whether a reader lists the theme for
the case; a case's theme strength is then the sum of weight x probability. Trained on the
dev split, scored on the held-out split beside the rule in loaders/strength.py.

Usage: python tests/eval/theme_model.py SAMPLE_DIR EVAL_DIR [SHARED_DIR]
(the two built corpora, as `make eval` builds them).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

import reviewgraph.loaders.extract as extract
from reviewgraph.loaders import strength
from reviewgraph.loaders.evaluate import _related, evaluate, load_labels
from reviewgraph.loaders.models import DocumentExtraction, ReviewExtraction
from reviewgraph.loaders.pipeline import matchers
from reviewgraph.loaders.readers import read_document

LABELS = Path(__file__).parent / "labels.yaml"


def main(argv: list[str]) -> None:
    m = matchers()
    docs = load_labels(LABELS, m)
    roots = {"sample": Path(argv[0]), "eval": Path(argv[1])}
    if len(argv) > 2:
        roots["shared"] = Path(argv[2])
    sentences: dict[int, list[tuple[str, float, tuple[str, ...]]]] = {}
    weigh = strength.weigh

    def spy(hits: Any, weighted: Any, memo: dict[str, list[str]]) -> Any:
        out = weigh(hits, weighted, memo)
        sentences[id(out)] = [(t, w, tuple(memo[t])) for t, w in weighted if memo.get(t)]
        return out

    extract.weigh = spy  # type: ignore[assignment]
    cache: dict[Path, DocumentExtraction] = {}

    def run(path: Path) -> DocumentExtraction:
        if path not in cache:
            cache[path] = extract.extract_document(read_document(path), "0" * 64, m)
        return cache[path]

    def reviews() -> list[ReviewExtraction]:
        return [r for ex in cache.values() for r in ex.reviews]

    for split in ("dev", "heldout"):
        evaluate(docs, roots, m, split, extract=run)
    rows = []
    for doc in docs:
        root, _, name = doc.file.partition("/")
        if doc.split != "dev" or root not in roots or not (roots[root] / name).is_file():
            continue
        ex = run(roots[root] / name)
        for case in doc.cases:
            got = [r for r in ex.reviews if r.meta.subject == case.subject] or (
                ex.reviews if len(ex.reviews) == len(doc.cases) == 1 else []
            )
            for review in got[:1]:
                for text, weight, ids in sentences.get(id(review.themes), []):
                    for nid in ids:
                        hit = any(_related(m, nid, label) for label in case.themes)
                        rows.append((text, weight, nid, int(hit)))
    vec = TfidfVectorizer(min_df=2, ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    vec.fit([r[0] for r in rows])
    themes = sorted(m.taxonomy.nodes)

    def features(items: list[tuple[str, float, str]]) -> Any:
        words = vec.transform([t for t, _, _ in items])
        theme = csr_matrix([[float(nid == x) for x in themes] for _, _, nid in items])
        weight = csr_matrix([[w, float(w >= 4), float(w < 1)] for _, w, _ in items])
        return hstack([words, theme, weight]).tocsr()

    model = LogisticRegression(C=10.0, max_iter=2000)
    model.fit(features([r[:3] for r in rows]), np.array([r[3] for r in rows]))
    print(f"trained on {len(rows)} sentence-theme pairs of the dev split")
    for share in (0.02, 0.05, 0.1):
        for review in reviews():
            items = [
                (t, w, nid) for t, w, ids in sentences.get(id(review.themes), []) for nid in ids
            ]
            score: dict[str, float] = {}
            if items:
                probabilities = model.predict_proba(features(items))[:, 1]
                for (_, w, nid), p in zip(items, probabilities, strict=True):
                    score[nid] = score.get(nid, 0.0) + p * w
            ranked = sorted(review.themes, key=lambda h: -score.get(h.theme_id, 0.0))
            top = score.get(ranked[0].theme_id, 0.0) if ranked else 0.0
            for i, hit in enumerate(ranked):
                s = score.get(hit.theme_id, 0.0)
                hit.strong = i < strength.MAX_STRONG and s > 0 and s >= share * top
        for split in ("dev", "heldout"):
            t = evaluate(docs, roots, m, split, extract=run).table()["themes"]
            print(f"model share>={share} {split}: P {t['precision']:.2f} R {t['recall']:.2f} "
                  f"F1 {t['f1']:.2f} per case {t['per_case_predicted']:.1f}")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
