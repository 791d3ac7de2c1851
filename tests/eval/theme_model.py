"""The experiment behind docs/EXTRACTION.md "A linear model over sentences" (not used by
the loader): a logistic regression over each sentence that signals a theme (its words as
TF-IDF, the theme, its section's weight) predicting whether a reader lists the theme for
the case; a case's theme score is then the sum of weight x probability, and its strong
themes the highest-scoring ones, as loaders/strength.py's rule does with the weights alone.

It is trained on the batches before `--train-before N` (dev, heldout, heldout2 ... heldout
N-1) and scored, beside the rule, on the batches from heldout N on, which it never saw. The
candidate themes are the phrase matcher's in both: the model can only rank what the phrases
found, so it can raise precision, not find a theme no phrase signals.

Usage: python tests/eval/theme_model.py SAMPLE_DIR EVAL_DIR [SHARED_DIR] [--train-before N]
(the built corpora, as `make eval` or `reviewgraph eval` builds them; N defaults to 16).

With `--write PATH` it trains on every labelled batch and writes the model the loader uses
(loaders/reference/theme_model.json, read by loaders/sentence_model.py): the vectorizer's
vocabulary and idf, the English stop words, and the coefficients, so that loading needs
neither scikit-learn nor any download, and the file can be made again from the labels.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

import reviewgraph.loaders.extract as extract
from reviewgraph.loaders import strength
from reviewgraph.loaders.evaluate import DOC_SPLITS, _related, align, evaluate, load_labels
from reviewgraph.loaders.models import DocumentExtraction, ReviewExtraction
from reviewgraph.loaders.pipeline import matchers
from reviewgraph.loaders.readers import read_document

LABELS = Path(__file__).parent / "labels.yaml"
RULE_SHARE = 0.05  # the rule's own cut before the model (session 14)


class _Ones:
    @staticmethod
    def probability(text: str, theme: str, weight: float) -> float:
        return 1.0


_ONES = _Ones()
SHARES = (0.02, 0.05, 0.1)


def _batch(split: str) -> int:
    """dev 0, heldout 1, heldout2 2, ..."""
    return 0 if split == "dev" else int(split[len("heldout") :] or 1)


def main(argv: list[str] | None = None) -> None:
    saved = extract.weigh, strength.sentence_model, strength.mark_strong.__defaults__
    try:
        _main(argv)
    finally:  # the spies and the rule's cut are this script's, not the caller's
        extract.weigh, strength.sentence_model, strength.mark_strong.__defaults__ = saved


def _main(argv: list[str] | None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("roots", nargs="+", metavar="DIR", help="SAMPLE_DIR EVAL_DIR [SHARED_DIR]")
    parser.add_argument("--train-before", type=int, default=16, metavar="N")
    parser.add_argument("--write", type=Path, metavar="PATH", help="train on every batch, write")
    parser.add_argument("--train-on", metavar="SPLITS",
                        help="with --write: these batches only (comma-separated); a batch "
                             "held back for a fair score must not be trained on")  # fmt: skip
    args = parser.parse_args(argv)
    if args.write:
        args.train_before = 10**6
        # the model ships in the repo: no word of ../shared/corpus's real documents goes in it
        args.roots = args.roots[:2]
    m = matchers()
    docs = load_labels(LABELS, m)
    roots = dict(zip(("sample", "eval", "shared"), (Path(r) for r in args.roots), strict=False))
    train = [s for s in DOC_SPLITS if _batch(s) < args.train_before]
    if args.write and args.train_on:
        train = [s for s in DOC_SPLITS if s in args.train_on.split(",")]
    test = [s for s in DOC_SPLITS if _batch(s) >= args.train_before]
    sentences: dict[int, list[tuple[str, float, tuple[str, ...]]]] = {}
    weigh = strength.weigh

    def spy(hits: Any, weighted: Any, memo: dict[str, list[str]]) -> Any:
        out = weigh(hits, weighted, memo)
        sentences[id(out)] = [(t, w, tuple(memo[t])) for t, w in weighted if memo.get(t)]
        return out

    extract.weigh = spy  # type: ignore[assignment]
    # the baseline is the rule alone: each sentence its section's weight, the rule's cut
    # (a twentieth of the strongest), not the shipped model the loader now scores
    strength.sentence_model = lambda: _ONES  # type: ignore[assignment]
    strength.mark_strong.__defaults__ = (RULE_SHARE, strength.MIN_STRENGTH, strength.MAX_STRONG)
    cache: dict[Path, DocumentExtraction] = {}

    def run(path: Path) -> DocumentExtraction:
        if path not in cache:
            cache[path] = extract.extract_document(read_document(path), "0" * 64, m)
        return cache[path]

    def scored(splits: list[str]) -> tuple[float, float, float]:
        tp = pred = tl = lab = cases = 0
        for split in splits:
            s = evaluate(docs, roots, m, split, extract=run)
            tp, pred = tp + s.theme_tp_pred, pred + s.theme_pred
            tl, lab = tl + s.theme_tp_label, lab + s.theme_label
            cases += s.found_cases
        return (tp / pred, tl / lab, pred / cases) if pred and lab and cases else (0.0, 0.0, 0.0)

    rule = {"train": scored(train), "test": scored(test)}  # also fills the cache
    rows = []
    for doc in docs:
        root, _, name = doc.file.partition("/")
        if doc.split not in train or root not in roots or not (roots[root] / name).is_file():
            continue
        # each labelled case with the review the scorer pairs it with
        for case, review in align(doc.cases, run(roots[root] / name).reviews)[0]:
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
    print(f"trained on {len(rows)} sentence-theme pairs of {', '.join(train)}")
    if args.write:
        _write(args.write, vec, model, themes, train, len(rows))
        return
    print(f"scored on {', '.join(test)}")
    print("| ranking | train P / R / per case | held-back P / R / per case |")
    print("|---|---|---|")

    def cell(x: tuple[float, float, float]) -> str:
        return f"{x[0]:.1%} / {x[1]:.1%} / {x[2]:.1f}"

    print(f"| rule (loaders/strength.py) | {cell(rule['train'])} | {cell(rule['test'])} |")
    reviews: list[ReviewExtraction] = [r for ex in cache.values() for r in ex.reviews]
    probability: dict[int, list[float]] = {}
    for review in reviews:
        items = [(t, w, nid) for t, w, ids in sentences.get(id(review.themes), []) for nid in ids]
        probability[id(review)] = list(model.predict_proba(features(items))[:, 1]) if items else []
    for share in SHARES:
        for review in reviews:
            items = [(w, nid) for _, w, ids in sentences.get(id(review.themes), []) for nid in ids]
            score: dict[str, float] = {}
            for (w, nid), p in zip(items, probability[id(review)], strict=True):
                score[nid] = score.get(nid, 0.0) + p * w
            ranked = sorted(review.themes, key=lambda h: -score.get(h.theme_id, 0.0))
            top = score.get(ranked[0].theme_id, 0.0) if ranked else 0.0
            for i, hit in enumerate(ranked):
                s = score.get(hit.theme_id, 0.0)
                hit.strong = i < strength.MAX_STRONG and s > 0 and s >= share * top
        print(f"| model, share >= {share} | {cell(scored(train))} | {cell(scored(test))} |")


def _write(
    path: Path, vec: TfidfVectorizer, model: LogisticRegression, themes: list[str],
    train: list[str], pairs: int,
) -> None:  # fmt: skip
    """The model as data: terms in vocabulary order with their idf and coefficient."""
    coef = model.coef_[0]
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    n = len(terms)
    out = {
        "about": "Theme sentence model (tests/eval/theme_model.py --write); docs/EXTRACTION.md",
        "trained_on": train,
        "pairs": pairs,
        "stop_words": sorted(vec.get_stop_words() or ()),
        "terms": {
            t: [round(float(vec.idf_[i]), 6), round(float(coef[i]), 6)] for i, t in enumerate(terms)
        },
        "themes": {t: round(float(coef[n + k]), 6) for k, t in enumerate(themes)},
        "weight": [round(float(c), 6) for c in coef[n + len(themes) :]],
        "intercept": round(float(model.intercept_[0]), 6),
    }
    path.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {path}: {n} terms, {len(themes)} themes")


if __name__ == "__main__":
    main()
