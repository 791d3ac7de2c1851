"""The theme proposer (loaders/theme_proposer.py): trains it on labelled batches and scores
the loader's themes with and without it on batches it never saw, or writes the file the
loader reads (docs/EXTRACTION.md, "Session 18").

One logistic regression per theme (a theme at least MIN_CASES training cases list) over
the case's text as one document: every sentence whose section weighs at least MIN_WEIGHT
(not a glossary, contents, references or action plan), TF-IDF of single words, classes
balanced; coefficients smaller than PRUNE are dropped before anything is scored, so what
is scored is what ships. A case's sentences are the ones the loader hands the proposer.

Usage:
  python tests/eval/theme_proposer.py SAMPLE_DIR EVAL_DIR --train-before N [--test-to M]
      trains on dev, heldout, ... heldout N-1 and prints, for batches N to M, the themes'
      precision, recall and themes per case with the phrases alone and with the proposer at
      each bar in BARS, batch by batch and together;
  python tests/eval/theme_proposer.py SAMPLE_DIR EVAL_DIR --write PATH --train-on SPLITS
      trains on those batches (comma-separated) and writes the file the loader reads.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

import reviewgraph.loaders.extract as extract
from reviewgraph.loaders.evaluate import DOC_SPLITS, align, evaluate, load_labels
from reviewgraph.loaders.models import DocumentExtraction, ReviewExtraction, ThemeHit
from reviewgraph.loaders.pipeline import matchers
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.theme_proposer import Located, ThemeProposer, propose_themes

LABELS = Path(__file__).parent / "labels.yaml"
MIN_CASES = 6  # a theme fewer training cases list gets no model
MIN_WEIGHT = 0.25  # the sections read: all but those that weigh nothing
PRUNE = 0.3  # |coefficient| below this is dropped: 0.8 MB instead of about 4; the scores hold
C = 10.0
BAR = 0.7  # the shipped bar: the lowest that held precision on batches it never saw
BARS = (0.6, 0.7, 0.8, 0.9)


def _batch(split: str) -> int:
    """dev 0, heldout 1, heldout2 2, ..."""
    return 0 if split == "dev" else int(split[len("heldout") :] or 1)


def main(argv: list[str] | None = None) -> None:
    saved = extract.propose_themes
    try:
        _main(argv)
    finally:  # the spy is this script's, not the caller's
        extract.propose_themes = saved


def _main(argv: list[str] | None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("roots", nargs=2, metavar="DIR", help="SAMPLE_DIR EVAL_DIR")
    parser.add_argument("--train-before", type=int, metavar="N")
    parser.add_argument("--test-to", type=int, metavar="M")
    parser.add_argument("--write", type=Path, metavar="PATH")
    parser.add_argument("--train-on", metavar="SPLITS")
    args = parser.parse_args(argv)
    if bool(args.write) == (args.train_before is not None) or bool(args.write) != bool(
        args.train_on
    ):
        parser.error("give --train-before N, or --write PATH with --train-on SPLITS")
    m = matchers()
    docs = load_labels(LABELS, m)
    roots = dict(zip(("sample", "eval"), (Path(r) for r in args.roots), strict=True))
    if args.write:
        train = [s for s in DOC_SPLITS if s in args.train_on.split(",")]
        test: list[str] = []
    else:
        last = args.test_to if args.test_to is not None else 10**6
        train = [s for s in DOC_SPLITS if _batch(s) < args.train_before]
        test = [s for s in DOC_SPLITS if args.train_before <= _batch(s) <= last]
    sentences: dict[int, list[Located]] = {}

    def spy(themes: list[ThemeHit], located: list[Located], *_: Any) -> None:
        sentences[id(themes)] = list(located)  # the phrases' themes, nothing proposed

    extract.propose_themes = spy  # type: ignore[assignment]
    cache: dict[Path, DocumentExtraction] = {}

    def run(path: Path) -> DocumentExtraction:
        if path not in cache:
            cache[path] = extract.extract_document(read_document(path), "0" * 64, m)
        return cache[path]

    def cases(splits: list[str]) -> list[tuple[ReviewExtraction, list[str]]]:
        out = []
        for doc in docs:
            root, _, name = doc.file.partition("/")
            if doc.split not in splits or root not in roots or not (roots[root] / name).is_file():
                continue
            # each labelled case with the review the scorer pairs it with
            pairs = align(doc.cases, run(roots[root] / name).reviews)[0]
            out += [(review, list(case.themes)) for case, review in pairs]
        return out

    def text(review: ReviewExtraction) -> str:
        return " ".join(x[0] for x, w in sentences.get(id(review.themes), []) if w >= MIN_WEIGHT)

    trained = cases(train)
    vec = TfidfVectorizer(min_df=2, max_df=0.9, sublinear_tf=True, stop_words="english")
    x = vec.fit_transform([text(r) for r, _ in trained])
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    models: dict[str, dict[str, Any]] = {}
    for theme in sorted(t for t, node in m.taxonomy.nodes.items() if node.level != "domain"):
        y = np.array([int(theme in labelled) for _, labelled in trained])
        if y.sum() < MIN_CASES:
            continue
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(x, y)
        coef = {terms[i]: round(float(c), 4) for i, c in enumerate(clf.coef_[0]) if abs(c) >= PRUNE}
        models[theme] = {"intercept": round(float(clf.intercept_[0]), 4), "coef": coef}
    data = {
        "about": "Theme proposer (tests/eval/theme_proposer.py --write); docs/EXTRACTION.md",
        "trained_on": train,
        "cases": len(trained),
        "bar": BAR,
        "min_weight": MIN_WEIGHT,
        "stop_words": sorted(vec.get_stop_words() or ()),
        "idf": {t: round(float(vec.idf_[i]), 6) for i, t in enumerate(terms)},
        "themes": models,
    }
    print(f"trained on {len(trained)} cases of {', '.join(train)}: {len(models)} themes")
    if args.write:
        args.write.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n")
        size = args.write.stat().st_size
        print(f"wrote {args.write}: {len(terms)} terms, {len(models)} themes, {size} bytes")
        return
    _score(docs, roots, m, test, run, cases, sentences, data)


def _score(
    docs: Any, roots: dict[str, Path], m: Any, test: list[str], run: Any, cases: Any,
    sentences: dict[int, list[Located]], data: dict[str, Any],
) -> None:  # fmt: skip
    """The phrases alone, then the proposer at each bar, on each test batch and together."""
    tested = [review for review, _ in cases(test)]
    before = {id(r): [(h, h.strong) for h in r.themes] for r in tested}

    def restore() -> None:
        for review in tested:
            review.themes[:] = [h for h, _ in before[id(review)]]
            for hit, strong in before[id(review)]:
                hit.strong, hit.proposed = strong, 0.0

    def row(name: str) -> str:
        cells, total = [], [0, 0, 0, 0, 0]
        for split in test:
            s = evaluate(docs, roots, m, split, extract=run)
            got = [s.theme_tp_pred, s.theme_pred, s.theme_tp_label, s.theme_label, s.found_cases]
            total = [a + b for a, b in zip(total, got, strict=True)]
            cells.append(_cell(*got))
        return f"| {name} | " + " | ".join([*cells, _cell(*total)]) + " |"

    print(f"| themes P / R / per case | {' | '.join(test)} | together |")
    print("|---" * (len(test) + 2) + "|")
    print(row("phrases alone"))
    for bar in BARS:
        proposer = ThemeProposer({**data, "bar": bar})
        for review in tested:
            propose_themes(review.themes, sentences.get(id(review.themes), []), proposer)
        print(row(f"proposer, bar {bar}"))
        restore()


def _cell(tp: int, pred: int, tl: int, lab: int, found: int) -> str:
    if not (pred and lab and found):
        return "-"
    return f"{tp / pred:.1%} / {tl / lab:.1%} / {pred / found:.1f}"


if __name__ == "__main__":
    main()
