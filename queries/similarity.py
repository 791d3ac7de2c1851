"""Text and theme similarity, offline with scikit-learn (no models to download).

Recommendations: TF-IDF over words and word pairs (sublinear tf, English stop words), cosine.
Pairs from different reviews scoring >= REC_LINK (0.3) become (:Recommendation)-[:SIMILAR_TO
{score}]->(:Recommendation), at most REC_TOP_K per recommendation, lower id first. Connected
components of pairs scoring >= REC_CLUSTER (0.8) are "the same lesson again": each member gets
Recommendation.cluster (the smallest id in it) and cluster_size.

Reviews: REVIEW_THEME_WEIGHT x Jaccard of their theme links + the rest x cosine of TF-IDF over
their findings and recommendations (theme Jaccard alone when either has no text). Each review
keeps its REVIEW_TOP_K best neighbours scoring >= REVIEW_LINK as (:Review)-[:SIMILAR_TO
{score, shared_themes}]->(:Review), one relationship per pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.analytics import ANALYSE_THREADS, delete_relationships

REC_LINK = 0.3
REC_CLUSTER = 0.8
REC_TOP_K = 5
REVIEW_LINK = 0.1
REVIEW_TOP_K = 5
REVIEW_THEME_WEIGHT = 0.5
CHUNK = 256  # rows per block of the similarity matrix, fewer when there are many columns
BLOCK_CELLS = 4_000_000  # about 16 MB of float32 per block

RECOMMENDATIONS = """
MATCH (r:Review)-[:MADE]->(c:Recommendation)
WHERE c.text IS NOT NULL
RETURN c.id AS id, r.id AS review_id, c.text AS text
ORDER BY id
"""
DELETE_REC_LINKS = (
    "MATCH (:Recommendation)-[x:SIMILAR_TO]->(:Recommendation) "
    "WITH x LIMIT $batch DELETE x RETURN count(*) AS n"
)
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
REVIEW_TEXTS = """
MATCH (r:Review)
OPTIONAL MATCH (r)-[:HAS_THEME]->(t)
WITH r, collect(DISTINCT t.id) AS themes
RETURN r.id AS id, themes,
       [(r)-[:FOUND]->(f) | f.text] + [(r)-[:MADE]->(c) | c.text] AS texts
ORDER BY id
"""
DELETE_REVIEW_LINKS = (
    "MATCH (:Review)-[x:SIMILAR_TO]->(:Review) WITH x LIMIT $batch DELETE x RETURN count(*) AS n"
)
WRITE_REVIEW_LINKS = """
UNWIND $rows AS row
MATCH (a:Review {id: row.a})
MATCH (b:Review {id: row.b})
CREATE (a)-[:SIMILAR_TO {score: row.score, shared_themes: row.shared}]->(b)
"""


def tfidf(texts: list[str]) -> Any:
    """Row-normalised TF-IDF (words and word pairs, sublinear tf); None when no words."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    try:
        return vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary: only stop words or no text at all
        return None


def chunk_rows(n: int) -> int:
    return max(8, min(CHUNK, BLOCK_CELLS // max(1, n)))


def _block(matrix: Any, start: int, step: int) -> np.ndarray:
    """Dense cosine block: rows start..start+step of `matrix` (CSR float32) against all rows.

    Sparse times dense: far faster than sparse times sparse when the result is dense-ish."""
    rows = matrix[start : start + step].toarray()
    return np.asarray(matrix @ rows.T).T


def _chunks(matrix: Any) -> Iterator[tuple[int, np.ndarray]]:
    """(first row, dense cosine block of some rows against all rows), in order."""
    matrix = matrix.tocsr().astype(np.float32)
    step = chunk_rows(matrix.shape[0])
    for start in range(0, matrix.shape[0], step):
        yield start, _block(matrix, start, step)


def components(n: int, edges: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Connected-component label of each of `n` rows, given edge arrays (rows i, rows j);
    a label is the smallest row in its component."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if n == 0:
        return np.zeros(0, dtype=np.int64)
    i = np.concatenate([e[0] for e in edges]) if edges else np.zeros(0, dtype=np.int64)
    j = np.concatenate([e[1] for e in edges]) if edges else np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    smallest = np.full(labels.max() + 1, n, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(n))
    return smallest[labels]


def _top_k(block: np.ndarray, start: int, k: int, floor: float) -> Iterator[tuple[int, int]]:
    """(row, column) of each row's k best scores >= floor; ties go to the lower column."""
    if block.shape[1] > k:
        # argpartition on (-score, column) order: negate and break ties by a tiny column term
        keys = -block + np.arange(block.shape[1])[None, :] * 1e-12
        best = np.argpartition(keys, k - 1, axis=1)[:, :k]
    else:
        best = np.tile(np.arange(block.shape[1]), (block.shape[0], 1))
    for offset, columns in enumerate(best):
        for j in columns:
            if block[offset, j] >= floor:
                yield start + offset, int(j)


def similar_recommendation_pairs(
    ids: list[str], reviews: list[str], texts: list[str]
) -> tuple[dict[tuple[int, int], float], np.ndarray]:
    """Top-k links (row pairs, lower first) and each row's near-identical component (the
    smallest row in it; a row alone is its own)."""
    links: dict[tuple[int, int], float] = {}
    matrix = tfidf(texts)
    if matrix is None:
        return links, np.arange(len(ids))
    matrix = matrix.tocsr().astype(np.float32)
    _, codes = np.unique(np.array(reviews), return_inverse=True)
    step = chunk_rows(matrix.shape[0])

    def block_pairs(start: int) -> tuple[tuple[np.ndarray, np.ndarray], list[Any]]:
        block = _block(matrix, start, step)
        rows = codes[start : start + block.shape[0]]
        block[rows[:, None] == codes[None, :]] = 0.0  # only pairs from different reviews
        i, j = np.nonzero(block >= REC_CLUSTER)
        once = start + i < j  # each pair once
        best = _top_k(block, start, REC_TOP_K, REC_LINK)
        return (start + i[once], j[once]), [(a, b, float(block[a - start, b])) for a, b in best]

    edges = []
    with ThreadPoolExecutor(ANALYSE_THREADS) as pool:
        for near, best in pool.map(block_pairs, range(0, matrix.shape[0], step)):
            edges.append(near)
            for i, j, score in best:
                links[(min(i, j), max(i, j))] = round(score, 4)
    return links, components(len(ids), edges)


def recommendation_similarity(store: GraphStore) -> dict[str, int]:
    """Write SIMILAR_TO between recommendations and their near-identical clusters."""
    rows = store.read(RECOMMENDATIONS)
    delete_relationships(store, DELETE_REC_LINKS)
    store.write(CLEAR_CLUSTERS)
    ids = [r["id"] for r in rows]
    links, labels = similar_recommendation_pairs(
        ids, [r["review_id"] for r in rows], [r["text"] for r in rows]
    )
    written = store.write_batch(
        WRITE_REC_LINKS,
        [{"a": ids[i], "b": ids[j], "score": s} for (i, j), s in sorted(links.items())],
    )
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels.tolist()):
        members[label].append(i)
    clusters = [sorted(ids[i] for i in group) for group in members.values() if len(group) > 1]
    store.write_batch(
        SET_CLUSTERS,
        [
            {"id": rec, "cluster": group[0], "size": len(group)}
            for group in clusters
            for rec in group
        ],  # fmt: skip
    )
    return {"similar_recommendations": written, "recommendation_clusters": len(clusters)}


def _theme_jaccard(theme_sets: list[set[str]]) -> Iterator[tuple[int, np.ndarray]]:
    """Dense Jaccard matrix of the reviews' theme sets, in row chunks (generator)."""
    vocabulary = sorted(set().union(*theme_sets)) if theme_sets else []
    index = {t: i for i, t in enumerate(vocabulary)}
    binary = np.zeros((len(theme_sets), max(1, len(vocabulary))), dtype=np.float32)
    for row, themes in enumerate(theme_sets):
        for t in themes:
            binary[row, index[t]] = 1.0
    sizes = binary.sum(axis=1)
    step = chunk_rows(len(theme_sets))
    for start in range(0, len(theme_sets), step):
        inter = binary[start : start + step] @ binary.T
        union = sizes[start : start + step, None] + sizes[None, :] - inter
        yield start, np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def similar_review_pairs(
    theme_sets: list[set[str]], texts: list[str]
) -> dict[tuple[int, int], float]:
    """Each review's top-k neighbours by the combined score, as (lower row, higher row)."""
    has_text = np.array([bool(t.strip()) for t in texts])
    matrix = tfidf(texts) if has_text.any() else None
    text_blocks = _chunks(matrix) if matrix is not None else None
    pairs: dict[tuple[int, int], float] = {}
    for start, jaccard in _theme_jaccard(theme_sets):
        scores = jaccard.astype(np.float64)
        if text_blocks is not None:
            cosine = next(text_blocks)[1]
            both = has_text[start : start + scores.shape[0], None] & has_text[None, :]
            combined = REVIEW_THEME_WEIGHT * scores + (1 - REVIEW_THEME_WEIGHT) * cosine
            scores = np.where(both, combined, scores)
        rows = np.arange(scores.shape[0])
        scores[rows, start + rows] = 0.0  # not similar to itself
        for i, j in _top_k(scores, start, REVIEW_TOP_K, REVIEW_LINK):
            pairs[(min(i, j), max(i, j))] = round(float(scores[i - start, j]), 4)
    return pairs


def review_similarity(store: GraphStore) -> dict[str, int]:
    """Write SIMILAR_TO between reviews: top-k neighbours each, with the themes they share."""
    rows = store.read(REVIEW_TEXTS)
    delete_relationships(store, DELETE_REVIEW_LINKS)
    theme_sets = [set(r["themes"] or []) for r in rows]
    # sorted: the engines return a pattern comprehension's items in their own order, and word
    # pairs across two texts would otherwise make the score depend on the backend
    texts = [" ".join(sorted(t for t in (r["texts"] or []) if t)) for r in rows]
    pairs = similar_review_pairs(theme_sets, texts)
    written = store.write_batch(
        WRITE_REVIEW_LINKS,
        [
            {
                "a": rows[i]["id"],
                "b": rows[j]["id"],
                "score": score,
                "shared": sorted(theme_sets[i] & theme_sets[j]),
            }
            for (i, j), score in sorted(pairs.items())
        ],  # fmt: skip
    )
    return {"similar_reviews": written}


STATEMENTS = {
    "similarity.recommendations": RECOMMENDATIONS,
    "similarity.delete_rec_links": DELETE_REC_LINKS,
    "similarity.clear_clusters": CLEAR_CLUSTERS,
    "similarity.write_rec_links": WRITE_REC_LINKS,
    "similarity.set_clusters": SET_CLUSTERS,
    "similarity.review_texts": REVIEW_TEXTS,
    "similarity.delete_review_links": DELETE_REVIEW_LINKS,
    "similarity.write_review_links": WRITE_REVIEW_LINKS,
}
