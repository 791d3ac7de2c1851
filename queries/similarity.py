"""Text and theme similarity, offline (TF-IDF, no models to download), kept up to date
incrementally.

Recommendations: TF-IDF over words and word pairs (sublinear tf, English stop words), cosine.
Pairs from different reviews scoring >= REC_LINK (0.3) become (:Recommendation)-[:SIMILAR_TO
{score}]->(:Recommendation), at most REC_TOP_K per recommendation, lower id first. Connected
components of those links scoring >= REC_CLUSTER (0.8) are "the same lesson again": each member
gets Recommendation.cluster (the smallest id in it) and cluster_size. (Links, not every pair:
a lesson repeated word for word in hundreds of reports would otherwise be tens of thousands of
pairs; a group of near-identical texts is still one component through its closest links.)

Reviews: REVIEW_THEME_WEIGHT x Jaccard of their theme links + the rest x cosine of TF-IDF over
their findings and recommendations (theme Jaccard alone when either has no text). Each review
keeps its REVIEW_TOP_K best neighbours scoring >= REVIEW_LINK as (:Review)-[:SIMILAR_TO
{score, shared_themes}]->(:Review), one relationship per pair.

A link exists when either end has the other among its k best (ties to the lower id). What
was computed is kept as a `SimilarityState` (the vectors, each row's k best, the
saved by queries/derived.py next to the store), so that a load which
adds or replaces a few documents scores only their rows against the stored vectors and
rewrites only the links that changed: every row's k best is then exactly what a full
computation would give with the same vocabulary. New texts are weighted with the vocabulary
and IDF of the last full fit; words it never saw count for nothing until the next full fit
(`reviewgraph analyse`, or automatically once the rows added since exceed REFIT_GROWTH).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.analytics import ANALYSE_THREADS, delete_relationships

REC_LINK = 0.3
REC_CLUSTER = 0.8
REC_TOP_K = 5
REVIEW_LINK = 0.1
REVIEW_TOP_K = 5
REVIEW_THEME_WEIGHT = 0.5
REFIT_GROWTH = 0.2  # refit the vocabulary once rows added since the last fit exceed 20%
CHUNK = 256  # rows per block of the similarity matrix, fewer when there are many columns
BLOCK_CELLS = 4_000_000  # about 16 MB of float32 per block

_REC_COLUMNS = "RETURN c.id AS id, r.id AS review_id, c.doc AS doc, c.text AS text ORDER BY id"
RECOMMENDATIONS = f"""
MATCH (r:Review)-[:MADE]->(c:Recommendation)
WHERE c.text IS NOT NULL
{_REC_COLUMNS}
"""
# The recommendations a set of documents (new or rewritten ones) now holds.
RECOMMENDATIONS_OF = f"""
MATCH (r:Review)-[:MADE]->(c:Recommendation)
WHERE c.doc IN $docs AND c.text IS NOT NULL
{_REC_COLUMNS}
"""
DELETE_REC_LINKS = (
    "MATCH (:Recommendation)-[x:SIMILAR_TO]->(:Recommendation) "
    "WITH x LIMIT $batch DELETE x RETURN count(*) AS n"
)
# The links of recommendations whose text is scored again (a kept id with new text).
DELETE_REC_LINKS_OF = """
MATCH (c:Recommendation)-[x:SIMILAR_TO]-(:Recommendation)
WHERE c.id IN $ids
DELETE x
"""
DELETE_REC_PAIRS = """
UNWIND $rows AS row
MATCH (a:Recommendation {id: row.a})-[x:SIMILAR_TO]->(b:Recommendation {id: row.b})
DELETE x
"""
CLEAR_CLUSTERS = """
MATCH (c:Recommendation)
WHERE c.cluster IS NOT NULL OR c.cluster_size IS NOT NULL
SET c.cluster = null, c.cluster_size = null
"""
WRITE_REC_LINKS = """
UNWIND $rows AS row
MATCH (a:Recommendation {id: row.a})
MATCH (b:Recommendation {id: row.b})
CREATE (a)-[:SIMILAR_TO {score: row.score}]->(b)
"""
SET_CLUSTERS = """
UNWIND $rows AS row
MATCH (c:Recommendation {id: row.id})
SET c.cluster = row.cluster, c.cluster_size = row.size
"""
_REVIEW_COLUMNS = """
OPTIONAL MATCH (r)-[:HAS_THEME]->(t)
WITH r, collect(DISTINCT t.id) AS themes
RETURN r.id AS id, themes,
       [(r)-[:FOUND]->(f) | f.text] + [(r)-[:MADE]->(c) | c.text] AS texts,
       [(r)-[:DESCRIBED_IN]->(d) | d.id] AS docs
ORDER BY id
"""
REVIEW_TEXTS = "MATCH (r:Review)" + _REVIEW_COLUMNS
REVIEW_TEXTS_OF = "MATCH (r:Review) WHERE r.id IN $ids" + _REVIEW_COLUMNS
REVIEWS_OF = """
MATCH (r:Review)-[:DESCRIBED_IN]->(d:Document)
WHERE d.id IN $docs
RETURN DISTINCT r.id AS id
"""
DELETE_REVIEW_LINKS = (
    "MATCH (:Review)-[x:SIMILAR_TO]->(:Review) WITH x LIMIT $batch DELETE x RETURN count(*) AS n"
)
DELETE_REVIEW_LINKS_OF = """
MATCH (r:Review)-[x:SIMILAR_TO]-(:Review)
WHERE r.id IN $ids
DELETE x
"""
DELETE_REVIEW_PAIRS = """
UNWIND $rows AS row
MATCH (a:Review {id: row.a})-[x:SIMILAR_TO]->(b:Review {id: row.b})
DELETE x
"""
WRITE_REVIEW_LINKS = """
UNWIND $rows AS row
MATCH (a:Review {id: row.a})
MATCH (b:Review {id: row.b})
CREATE (a)-[:SIMILAR_TO {score: row.score, shared_themes: row.shared}]->(b)
"""

# -- vectors -------------------------------------------------------------------------------------


@dataclass
class Vocabulary:
    """The terms and IDF weights of one TF-IDF fit, to weight later texts the same way.

    The same analysis and weights as scikit-learn's TfidfVectorizer(ngram_range=(1, 2),
    sublinear_tf=True, stop_words="english"): lower case, tokens of two or more word
    characters, its English stop words left out, then words and word pairs; smoothed IDF;
    rows scaled to unit length. Written out because importing scikit-learn costs more than
    the whole update of a large graph (tests/test_derive.py checks the two agree)."""

    terms: np.ndarray  # str, column order (sorted, as scikit-learn orders them)
    idf: np.ndarray  # float32

    @staticmethod
    def fit(texts: list[str]) -> tuple[Vocabulary | None, sparse.csr_matrix]:
        """(vocabulary, row-normalised TF-IDF of `texts`); no vocabulary when no words."""
        analysed = [_terms(text) for text in texts]
        df: dict[str, int] = {}
        for terms in analysed:
            for term in set(terms):
                df[term] = df.get(term, 0) + 1
        if not df:  # only stop words or no text at all
            return None, sparse.csr_matrix((len(texts), 0), dtype=np.float32)
        vocabulary = np.array(sorted(df), dtype=str)
        counts = np.array([df[t] for t in vocabulary.tolist()], dtype=np.float64)
        idf = np.log((1 + len(texts)) / (1 + counts)) + 1.0
        fitted = Vocabulary(vocabulary, idf.astype(np.float32))
        return fitted, fitted._matrix(analysed)

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        """TF-IDF of new texts as the fit would have weighted them (unknown words dropped)."""
        return self._matrix([_terms(text) for text in texts])

    def _matrix(self, analysed: list[list[str]]) -> sparse.csr_matrix:
        index = {term: i for i, term in enumerate(self.terms.tolist())}
        indptr, columns, counts = [0], [], []
        for terms in analysed:
            found: dict[int, int] = {}
            for term in terms:
                column = index.get(term)
                if column is not None:
                    found[column] = found.get(column, 0) + 1
            ordered = sorted(found)
            columns += ordered
            counts += [found[c] for c in ordered]
            indptr.append(len(columns))
        column_array = np.array(columns, dtype=np.int32)
        data = (1.0 + np.log(np.array(counts, dtype=np.float64))) * self.idf[column_array]
        rows = np.repeat(np.arange(len(analysed)), np.diff(indptr))
        norms = np.zeros(len(analysed))
        np.add.at(norms, rows, data * data)
        data = data / np.sqrt(norms[rows])
        return sparse.csr_matrix(
            (data.astype(np.float32), column_array, np.array(indptr, dtype=np.int64)),
            shape=(len(analysed), len(self.terms)),
        )


def _terms(text: str) -> list[str]:
    """Words and word pairs of a text, stop words left out (scikit-learn's analysis)."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOP_WORDS]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
STOP_WORDS = frozenset(
    line.strip()
    for line in (Path(__file__).parent / "stop_words.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)


def chunk_rows(n: int) -> int:
    return max(8, min(CHUNK, BLOCK_CELLS // max(1, n)))


def components(n: int, edges: np.ndarray) -> np.ndarray:
    """Connected-component label of each of `n` rows given an (m, 2) array of row pairs; a
    label is the smallest row in its component."""
    from scipy.sparse.csgraph import connected_components

    if n == 0:
        return np.zeros(0, dtype=np.int64)
    graph = sparse.coo_matrix(
        (np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), shape=(n, n)
    )
    _, labels = connected_components(graph, directed=False)
    smallest = np.full(labels.max() + 1, n, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(n))
    return smallest[labels]


def best_k(scores: np.ndarray, columns: np.ndarray, k: int, floor: float) -> tuple[Any, Any]:
    """Each row's k best (column, score) among candidates scoring >= floor, best first, ties
    to the lower column; missing places are column -1, score 0."""
    m, c = scores.shape
    masked = np.where((columns >= 0) & (scores >= floor), scores, -np.inf)
    if c > k + 8:  # a few more than k by score, then the exact order among them
        keep = np.argpartition(-masked, k + 7, axis=1)[:, : k + 8]
        masked = np.take_along_axis(masked, keep, axis=1)
        columns = np.take_along_axis(columns, keep, axis=1)
    order = np.lexsort((columns, -masked), axis=1)[:, :k]
    top_scores = np.take_along_axis(masked, order, axis=1)
    top = np.where(np.isfinite(top_scores), np.take_along_axis(columns, order, axis=1), -1)
    if top.shape[1] < k:  # fewer candidates than k
        pad = k - top.shape[1]
        top = np.pad(top, ((0, 0), (0, pad)), constant_values=-1)
        top_scores = np.pad(top_scores, ((0, 0), (0, pad)), constant_values=-np.inf)
    return top.astype(np.int64), np.where(top >= 0, top_scores, 0.0).astype(np.float32)


# -- what is kept between loads ------------------------------------------------------------------


@dataclass
class SimilarityState:
    """One kind of similarity as last written to the graph: rows sorted by id."""

    kind: str  # "recommendations" | "reviews"
    k: int
    floor: float
    ids: np.ndarray  # str
    groups: np.ndarray  # str: rows of one group never pair (a recommendation's review; a review)
    docs: list[list[str]]  # the documents each row came from
    text: sparse.csr_matrix  # TF-IDF rows
    has_text: np.ndarray  # bool
    vocabulary: Vocabulary | None
    fitted_rows: int  # rows when the vocabulary was fitted
    top: np.ndarray  # (n, k) row of each best neighbour, -1 none
    score: np.ndarray  # (n, k)
    themes: list[frozenset[str]] = field(default_factory=list)  # reviews only

    @property
    def n(self) -> int:
        return len(self.ids)

    def arrays(self) -> dict[str, np.ndarray]:
        """Everything as plain arrays (no pickles) for np.savez."""
        vocabulary = self.vocabulary
        flat_docs = [d for docs in self.docs for d in docs]
        flat_themes = [t for themes in self.themes for t in sorted(themes)]
        return {
            "meta": np.array([self.kind, str(self.k), str(self.floor), str(self.fitted_rows)]),
            "ids": self.ids, "groups": self.groups, "has_text": self.has_text,
            "doc_counts": np.array([len(d) for d in self.docs], dtype=np.int64),
            "docs": np.array(flat_docs, dtype=str),
            "theme_counts": np.array([len(t) for t in self.themes], dtype=np.int64),
            "themes": np.array(flat_themes, dtype=str),
            "text_data": self.text.data, "text_indices": self.text.indices,
            "text_indptr": self.text.indptr, "text_shape": np.array(self.text.shape),
            "terms": vocabulary.terms if vocabulary else np.zeros(0, dtype=str),
            "idf": vocabulary.idf if vocabulary else np.zeros(0, dtype=np.float32),
            "top": self.top, "score": self.score,
        }  # fmt: skip

    @staticmethod
    def from_arrays(a: Any) -> SimilarityState:
        kind, k, floor, fitted = a["meta"].tolist()

        def split(flat: np.ndarray, counts: np.ndarray) -> list[list[str]]:
            bounds = np.concatenate([[0], np.cumsum(counts)])
            values = flat.tolist()
            return [values[bounds[i] : bounds[i + 1]] for i in range(len(counts))]

        text = sparse.csr_matrix(
            (a["text_data"], a["text_indices"], a["text_indptr"]), shape=tuple(a["text_shape"])
        )
        terms = a["terms"]
        return SimilarityState(
            kind=kind, k=int(k), floor=float(floor), ids=a["ids"], groups=a["groups"],
            docs=split(a["docs"], a["doc_counts"]), text=text, has_text=a["has_text"],
            vocabulary=Vocabulary(terms, a["idf"]) if len(terms) else None,
            fitted_rows=int(fitted), top=a["top"], score=a["score"],
            themes=[frozenset(t) for t in split(a["themes"], a["theme_counts"])],
        )  # fmt: skip


@dataclass
class Rows:
    """Rows read from the graph for one kind: new rows, or rows whose contents changed."""

    ids: list[str]
    groups: list[str]
    docs: list[list[str]]
    texts: list[str]
    themes: list[frozenset[str]] = field(default_factory=list)


@dataclass
class Changes:
    """What one refresh did to the links and clusters (pairs are ids, lower first)."""

    add: dict[tuple[str, str], float] = field(default_factory=dict)
    remove: set[tuple[str, str]] = field(default_factory=set)
    clusters: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    # ids whose links are all written again (scored again with new text, or gone while the
    # node may remain): their old links are deleted first
    relinked: list[str] = field(default_factory=list)


# -- scoring blocks -------------------------------------------------------------------------------


def _theme_matrix(themes: list[frozenset[str]]) -> sparse.csr_matrix:
    vocabulary = sorted(set().union(*themes)) if themes else []
    index = {t: i for i, t in enumerate(vocabulary)}
    rows = [i for i, ts in enumerate(themes) for _ in ts]
    cols = [index[t] for ts in themes for t in ts]
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(themes), max(1, len(vocabulary))),
    )


def _scorer(state: SimilarityState) -> Callable[[np.ndarray], np.ndarray]:
    """A function: rows -> their dense scores against every row (pairs that may not link
    scored 0: the same group, or the row itself)."""
    text = state.text.tocsr()
    codes = np.unique(state.groups, return_inverse=True)[1].reshape(-1)
    if state.kind == "recommendations":

        def score(rows: np.ndarray) -> np.ndarray:
            block = np.asarray(text @ text[rows].toarray().T).T  # sparse x dense: fast
            block[codes[rows][:, None] == codes[None, :]] = 0.0
            return block

        return score
    binary = _theme_matrix(state.themes)
    sizes = np.asarray(binary.sum(axis=1)).reshape(-1)
    has_text = state.has_text

    def score_reviews(rows: np.ndarray) -> np.ndarray:
        inter = np.asarray(binary @ binary[rows].toarray().T).T
        union = sizes[rows, None] + sizes[None, :] - inter
        scores = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        if text.shape[1]:
            cosine = np.asarray(text @ text[rows].toarray().T).T
            both = has_text[rows, None] & has_text[None, :]
            combined = REVIEW_THEME_WEIGHT * scores + (1 - REVIEW_THEME_WEIGHT) * cosine
            scores = np.where(both, combined, scores)
        scores[np.arange(len(rows)), rows] = 0.0  # not similar to itself
        return scores.astype(np.float32)

    return score_reviews


def _rescore_rows(state: SimilarityState, rows: np.ndarray) -> None:
    """Each given row's k best against every row, in blocks on several threads."""
    if len(rows) == 0 or state.n == 0:
        return
    score = _scorer(state)
    step = chunk_rows(state.n)
    columns = np.arange(state.n)

    def block(start: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        chunk = rows[start : start + step]
        scores = score(chunk)
        top, best = best_k(scores, np.broadcast_to(columns, scores.shape), state.k, state.floor)
        return chunk, top, best

    with ThreadPoolExecutor(ANALYSE_THREADS) as pool:
        for chunk, top, best in pool.map(block, range(0, len(rows), step)):
            state.top[chunk], state.score[chunk] = top, best


# -- building and refreshing ----------------------------------------------------------------------


def empty_state(kind: str) -> SimilarityState:
    k, floor = (REC_TOP_K, REC_LINK) if kind == "recommendations" else (REVIEW_TOP_K, REVIEW_LINK)
    return SimilarityState(
        kind=kind, k=k, floor=floor, ids=np.zeros(0, dtype=str), groups=np.zeros(0, dtype=str),
        docs=[], text=sparse.csr_matrix((0, 0), dtype=np.float32), has_text=np.zeros(0, bool),
        vocabulary=None, fitted_rows=0, top=np.zeros((0, k), dtype=np.int64),
        score=np.zeros((0, k), dtype=np.float32),
    )  # fmt: skip


def build(kind: str, rows: Rows, vocabulary: Vocabulary | None = None) -> SimilarityState:
    """Every row's k best from scratch: a fresh vocabulary, or the one given (what a
    refresh with that vocabulary must equal)."""
    state = empty_state(kind)
    order = np.argsort(np.array(rows.ids, dtype=str), kind="stable")
    state.ids = np.array(rows.ids, dtype=str)[order]
    state.groups = np.array(rows.groups, dtype=str)[order]
    state.docs = [rows.docs[i] for i in order]
    texts = [rows.texts[i] for i in order]
    state.themes = [rows.themes[i] for i in order] if rows.themes else []
    state.has_text = np.array([bool(t.strip()) for t in texts], dtype=bool)
    if vocabulary is None:
        state.vocabulary, state.text = Vocabulary.fit(texts)
    else:
        state.vocabulary, state.text = vocabulary, vocabulary.transform(texts)
    state.fitted_rows = state.n
    state.top = np.full((state.n, state.k), -1, dtype=np.int64)
    state.score = np.zeros((state.n, state.k), dtype=np.float32)
    _rescore_rows(state, np.arange(state.n))
    return state


def links(state: SimilarityState) -> dict[tuple[str, str], float]:
    """Every link: a pair where either row has the other among its k best."""
    i, slot = np.nonzero(state.top >= 0)
    j = state.top[i, slot]
    result: dict[tuple[str, str], float] = {}
    ids = state.ids.tolist()
    for a, b, s in zip(i.tolist(), j.tolist(), state.score[i, slot].tolist(), strict=True):
        result[(ids[min(a, b)], ids[max(a, b)])] = round(s, 4)
    return result


def clusters(state: SimilarityState) -> dict[str, tuple[str, int]]:
    """{id: (cluster id, size)} for rows in a near-identical group of two or more."""
    labels = components(state.n, _near(state))
    sizes = np.bincount(labels, minlength=state.n)
    ids = state.ids.tolist()
    return {ids[r]: (ids[label], int(sizes[label])) for r, label in enumerate(labels.tolist())
            if sizes[label] > 1}  # fmt: skip


def refresh(state: SimilarityState, gone: set[str], fresh: Rows) -> tuple[SimilarityState, Changes]:
    """Remove rows `gone`, add (or score again) the rows in `fresh`; every row's k best is
    then exactly what `build` gives with this vocabulary. Returns the new state and what
    changed in the links and clusters."""
    drop = gone | set(fresh.ids)
    relinked = (set(fresh.ids) & set(state.ids.tolist())) | gone
    keep = np.array([i not in drop for i in state.ids.tolist()], dtype=bool)
    old_rows = np.flatnonzero(keep)
    # the surviving rows, then the fresh ones; sorted by id below
    ids = np.concatenate([state.ids[keep], np.array(fresh.ids, dtype=str)])
    order = np.argsort(ids, kind="stable")
    position = np.empty(len(ids), dtype=np.int64)
    position[order] = np.arange(len(ids))
    remap = np.full(state.n, -1, dtype=np.int64)
    remap[old_rows] = position[: len(old_rows)]
    fresh_rows = position[len(old_rows) :]

    new = empty_state(state.kind)
    new.ids = ids[order]
    new.groups = np.concatenate([state.groups[keep], np.array(fresh.groups, dtype=str)])[order]
    docs = [state.docs[i] for i in old_rows] + list(fresh.docs)
    new.docs = [docs[i] for i in order]
    if state.kind == "reviews":
        themes = [state.themes[i] for i in old_rows] + list(fresh.themes)
        new.themes = [themes[i] for i in order]
    texts_fresh = fresh.texts
    new.vocabulary, new.fitted_rows = state.vocabulary, state.fitted_rows
    if new.vocabulary is None:  # nothing had words before: the fresh rows start the vocabulary
        if any(t.strip() for t in texts_fresh) and not old_rows.size:
            new.vocabulary, _ = Vocabulary.fit(texts_fresh)
            new.fitted_rows = len(texts_fresh)
    width = len(new.vocabulary.terms) if new.vocabulary else 0
    kept_text = state.text[old_rows] if state.text.shape[1] == width else None
    if kept_text is None:
        kept_text = sparse.csr_matrix((len(old_rows), width), dtype=np.float32)
    added = new.vocabulary.transform(texts_fresh) if new.vocabulary else (
        sparse.csr_matrix((len(texts_fresh), width), dtype=np.float32))  # fmt: skip
    new.text = sparse.vstack([kept_text, added], format="csr")[order]
    has_text = np.concatenate(
        [state.has_text[keep], np.array([bool(t.strip()) for t in texts_fresh], dtype=bool)]
    )
    new.has_text = has_text[order]

    # surviving rows keep their k best, re-pointed; a row that lost one is scored again
    top = np.full((new.n, new.k), -1, dtype=np.int64)
    score = np.zeros((new.n, new.k), dtype=np.float32)
    moved = np.where(state.top[old_rows] >= 0, remap[np.maximum(state.top[old_rows], 0)], -1)
    lost = ((state.top[old_rows] >= 0) & (moved < 0)).any(axis=1)
    top[remap[old_rows]], score[remap[old_rows]] = moved, state.score[old_rows]
    new.top, new.score = top, score
    old_top, old_score = top.copy(), score.copy()
    dirty = np.concatenate([fresh_rows, remap[old_rows][lost]])
    # the others: their k best among their old k best and the fresh rows
    others = np.setdiff1d(np.arange(new.n), dirty)
    if len(fresh_rows) and len(others):
        scores_fresh = _scorer(new)(fresh_rows)  # (fresh, all); scores are symmetric
        candidates = np.concatenate([new.score[others], scores_fresh[:, others].T], axis=1)
        columns = np.concatenate(
            [new.top[others], np.broadcast_to(fresh_rows, (len(others), len(fresh_rows)))], axis=1
        )
        new.top[others], new.score[others] = best_k(candidates, columns, new.k, new.floor)
    _rescore_rows(new, dirty)
    if new.vocabulary is None:
        if new.has_text.any():
            new.fitted_rows = -1  # texts but no vocabulary yet: a full fit
    elif new.n - new.fitted_rows > REFIT_GROWTH * new.fitted_rows:
        new.fitted_rows = -1  # asks the caller for a full fit

    # what changed, in the new rows' numbering: links as codes lower * n + higher
    before_codes, _ = _link_codes(old_top, old_score, new.n)
    after_codes, after_scores = _link_codes(new.top, new.score, new.n)
    added = np.isin(after_codes, before_codes, invert=True)
    removed = np.setdiff1d(before_codes, after_codes)
    ids = new.ids.tolist()
    changes = Changes(relinked=sorted(relinked))
    for code, value in zip(after_codes[added].tolist(), after_scores[added].tolist(), strict=True):
        changes.add[(ids[code // new.n], ids[code % new.n])] = round(value, 4)
    changes.remove = {(ids[code // new.n], ids[code % new.n]) for code in removed.tolist()}
    if state.kind == "recommendations":
        # a cluster is named by its smallest id: compare names and sizes, row by row
        old_label, old_size = _cluster_labels(state)
        survivors, in_cluster = remap[old_rows], old_size[old_rows] > 1
        was_name = np.full(new.n, "", dtype=object)
        was_name[survivors] = np.where(in_cluster, state.ids[old_label[old_rows]], "")
        was_size = np.zeros(new.n, dtype=np.int64)
        was_size[survivors] = np.where(in_cluster, old_size[old_rows], 0)
        label, size = _cluster_labels(new)
        now_name = np.where(size > 1, new.ids[label], "").astype(object)
        now_size = np.where(size > 1, size, 0)
        changed = (was_name != now_name) | (was_size != now_size)
        changed[fresh_rows] = True
        for row in np.flatnonzero(changed).tolist():
            name, count = str(now_name[row]), int(now_size[row])
            changes.clusters[ids[row]] = (name, count) if name else (None, None)
        for rec in gone:
            changes.clusters[rec] = (None, None)  # if the node is still there
    return new, changes


def _link_codes(top: np.ndarray, score: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct links as codes lower * n + higher, with their scores."""
    i, slot = np.nonzero(top >= 0)
    j = top[i, slot]
    codes = np.minimum(i, j) * n + np.maximum(i, j)
    codes, first = np.unique(codes, return_index=True)
    return codes, score[i, slot][first]


def _near(state: SimilarityState) -> np.ndarray:
    """The links scoring >= REC_CLUSTER as (row, row) pairs (recommendations only)."""
    if state.kind != "recommendations":
        return np.zeros((0, 2), dtype=np.int64)
    i, slot = np.nonzero((state.top >= 0) & (state.score >= REC_CLUSTER))
    return np.stack([i, state.top[i, slot]], axis=1)


def _cluster_labels(state: SimilarityState) -> tuple[np.ndarray, np.ndarray]:
    """Each row's component label (its smallest row) and that component's size per row."""
    labels = components(state.n, _near(state))
    return labels, np.bincount(labels, minlength=state.n)[labels]


# -- reading and writing the graph ----------------------------------------------------------------


def recommendation_rows(found: list[dict[str, Any]]) -> Rows:
    return Rows(
        ids=[r["id"] for r in found], groups=[r["review_id"] for r in found],
        docs=[[r["doc"]] if r["doc"] else [] for r in found], texts=[r["text"] for r in found],
    )  # fmt: skip


def review_rows(found: list[dict[str, Any]]) -> Rows:
    # sorted: the engines return a pattern comprehension's items in their own order, and word
    # pairs across two texts would otherwise make the score depend on the backend
    return Rows(
        ids=[r["id"] for r in found], groups=[r["id"] for r in found],
        docs=[sorted(r["docs"] or []) for r in found],
        texts=[" ".join(sorted(t for t in (r["texts"] or []) if t)) for r in found],
        themes=[frozenset(r["themes"] or []) for r in found],
    )  # fmt: skip


def _shared(state: SimilarityState) -> Callable[[str, str], list[str]]:
    index = {rid: i for i, rid in enumerate(state.ids.tolist())}
    return lambda a, b: sorted(state.themes[index[a]] & state.themes[index[b]])


def _write_all(store: GraphStore, state: SimilarityState) -> int:
    """Replace every link (and cluster) of this kind by the state's."""
    pairs = sorted(links(state).items())
    if state.kind == "recommendations":
        delete_relationships(store, DELETE_REC_LINKS)
        store.write(CLEAR_CLUSTERS)
        written = store.write_batch(
            WRITE_REC_LINKS, [{"a": a, "b": b, "score": s} for (a, b), s in pairs]
        )
        found = clusters(state)
        store.write_batch(SET_CLUSTERS, [
            {"id": rec, "cluster": c, "size": size} for rec, (c, size) in sorted(found.items())
        ])  # fmt: skip
        return written
    delete_relationships(store, DELETE_REVIEW_LINKS)
    shared = _shared(state)
    return store.write_batch(WRITE_REVIEW_LINKS, [
        {"a": a, "b": b, "score": s, "shared": shared(a, b)} for (a, b), s in pairs
    ])  # fmt: skip


def _write_changes(store: GraphStore, state: SimilarityState, changes: Changes) -> int:
    """Write only what changed: the links of rows scored again, dropped links, new links."""
    rec = state.kind == "recommendations"
    if changes.relinked:
        store.write(DELETE_REC_LINKS_OF if rec else DELETE_REVIEW_LINKS_OF,
                    {"ids": changes.relinked})  # fmt: skip
    store.write_batch(DELETE_REC_PAIRS if rec else DELETE_REVIEW_PAIRS,
                      [{"a": a, "b": b} for a, b in sorted(changes.remove)])  # fmt: skip
    if rec:
        written = store.write_batch(WRITE_REC_LINKS, [
            {"a": a, "b": b, "score": s} for (a, b), s in sorted(changes.add.items())
        ])  # fmt: skip
        store.write_batch(SET_CLUSTERS, [
            {"id": r, "cluster": c, "size": size}
            for r, (c, size) in sorted(changes.clusters.items())
        ])  # fmt: skip
        return written
    shared = _shared(state)
    return store.write_batch(WRITE_REVIEW_LINKS, [
        {"a": a, "b": b, "score": s, "shared": shared(a, b)}
        for (a, b), s in sorted(changes.add.items())
    ])  # fmt: skip


def _read_all(store: GraphStore, kind: str) -> Rows:
    if kind == "recommendations":
        return recommendation_rows(store.read(RECOMMENDATIONS))
    return review_rows(store.read(REVIEW_TEXTS))


def similarity_full(store: GraphStore, kind: str) -> tuple[SimilarityState, dict[str, int]]:
    """Score every row of `kind` against every other and rewrite all its links."""
    state = build(kind, _read_all(store, kind))
    written = _write_all(store, state)
    if kind == "recommendations":
        groups = {cluster for cluster, _ in clusters(state).values()}
        return state, {"similar_recommendations": written, "recommendation_clusters": len(groups)}
    return state, {"similar_reviews": written}


def similarity_update(
    store: GraphStore, state: SimilarityState, changed_docs: set[str], removed_docs: set[str]
) -> tuple[SimilarityState, dict[str, int]]:
    """Bring `state` (as last written) up to date after documents were added, rewritten
    (`changed_docs`) or removed, and write only the links that changed. Falls back to a full
    computation when the vocabulary is due for a refit."""
    touched_docs = changed_docs | removed_docs
    before = set(state.ids.tolist())
    if state.kind == "recommendations":
        fresh = recommendation_rows(store.read(RECOMMENDATIONS_OF, {"docs": sorted(changed_docs)}))
    else:
        ids = {r["id"] for r in store.read(REVIEWS_OF, {"docs": sorted(changed_docs)})}
        ids |= {rid for rid, docs in zip(state.ids.tolist(), state.docs, strict=True)
                if touched_docs.intersection(docs)}  # fmt: skip
        fresh = review_rows(store.read(REVIEW_TEXTS_OF, {"ids": sorted(ids)}))
    # rows of a touched document that did not come back are gone
    gone = {rid for rid, docs in zip(state.ids.tolist(), state.docs, strict=True)
            if touched_docs.intersection(docs)} - set(fresh.ids)  # fmt: skip
    new, changes = refresh(state, gone, fresh)
    if new.fitted_rows < 0:
        return similarity_full(store, state.kind)
    written = _write_changes(store, new, changes)
    counts = {"added": len(set(fresh.ids) - before),
              "rescored": len(set(fresh.ids) & before),
              "removed": len(gone), "links_written": written,
              "links_removed": len(changes.remove)}  # fmt: skip
    return new, {f"{state.kind}_{k}": v for k, v in counts.items()}


def similar_recommendation_pairs(
    ids: list[str], reviews: list[str], texts: list[str]
) -> tuple[dict[tuple[int, int], float], np.ndarray]:
    """Top-k links as row pairs (lower first, rows in the given order) and each row's
    near-identical component (the smallest row in it; a row alone is its own)."""
    state = build("recommendations", Rows(ids, reviews, [[] for _ in ids], texts))
    row = {rid: i for i, rid in enumerate(ids)}
    pairs = {}
    for (a, b), s in links(state).items():
        i, j = row[a], row[b]
        pairs[(min(i, j), max(i, j))] = s
    label = np.arange(len(ids))
    for rec, (cluster, _) in clusters(state).items():
        label[row[rec]] = row[cluster]
    # a component is labelled by its smallest row in the caller's order
    smallest: dict[int, int] = {}
    for i, lab in enumerate(label.tolist()):
        smallest[lab] = min(smallest.get(lab, i), i)
    return pairs, np.array([smallest[lab] for lab in label.tolist()], dtype=np.int64)


STATEMENTS = {
    "similarity.recommendations": RECOMMENDATIONS,
    "similarity.recommendations_of": RECOMMENDATIONS_OF,
    "similarity.delete_rec_links": DELETE_REC_LINKS,
    "similarity.delete_rec_links_of": DELETE_REC_LINKS_OF,
    "similarity.delete_rec_pairs": DELETE_REC_PAIRS,
    "similarity.clear_clusters": CLEAR_CLUSTERS,
    "similarity.write_rec_links": WRITE_REC_LINKS,
    "similarity.set_clusters": SET_CLUSTERS,
    "similarity.review_texts": REVIEW_TEXTS,
    "similarity.review_texts_of": REVIEW_TEXTS_OF,
    "similarity.reviews_of": REVIEWS_OF,
    "similarity.delete_review_links": DELETE_REVIEW_LINKS,
    "similarity.delete_review_links_of": DELETE_REVIEW_LINKS_OF,
    "similarity.delete_review_pairs": DELETE_REVIEW_PAIRS,
    "similarity.write_review_links": WRITE_REVIEW_LINKS,
}
