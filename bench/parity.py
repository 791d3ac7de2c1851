"""The parity table: every named query's rows on FalkorDB and on Neo4j, on the same data.

Loads the sample corpus (and the DHRD register when ../shared is beside the project) into
both backends with the real pipeline, derives, and prints a Markdown table: each query's
row count on each backend, live and from the precomputed views, and whether the rows are
the same (as multisets; floats to 3 places, lists sorted; full-text scores left out, each
engine ranks in its own way). tests/test_backend_parity.py asserts the same in the suite.

    python -m bench.parity
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from bench.bench_backends import stores
from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.pipeline import FileResult, load_batch
from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import QuerySpec, list_queries, run_query

DHRD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dhrd" / "incidents.csv"
TODAY = date(2025, 6, 30)  # action statuses are judged as of one day on both backends
REQUIRED = {"theme": "information_sharing", "agency": "police", "text": "information shared",
            "review_id": "sar-hollowmere-safeguarding-adults-board-adult-c-2021",
            "board": "Kestrelford Safeguarding Adults Board"}  # fmt: skip
DOCUMENTS = (".pdf", ".docx", ".html", ".txt", ".md")


def load_parity_data(store: GraphStore, corpus: Path, dhrd: Path | None) -> list[FileResult]:
    """The sample corpus in `corpus` (and the DHRD register), loaded and derived; returns
    the files that failed."""
    docs = sorted(p for p in corpus.iterdir() if p.suffix in DOCUMENTS)
    reports = [load_batch(store, docs, register=corpus / "register.csv",
                          actions=corpus / "action_plan.csv")]  # fmt: skip
    if dhrd is not None:
        reports.append(load_batch(store, register=dhrd, mapping="dhrd"))
    analyse(store, today=TODAY)
    return [f for report in reports for f in report.failed]


def parity_params(spec: QuerySpec) -> dict[str, Any]:
    """A query's required parameters, and no LIMIT that could cut ties differently."""
    params: dict[str, Any] = {p.name: REQUIRED[p.name] for p in spec.params if p.required}
    if spec.param("limit"):
        params["limit"] = 100_000
    return params


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, list):
        items = [_plain(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def comparable(spec: QuerySpec, rows: list[dict[str, Any]]) -> Counter[str]:
    """Rows as a multiset: floats to 3 places, lists sorted (`collect()` promises no order);
    full-text relevance scores left out (RediSearch's TF-IDF, Lucene's BM25: the same hits
    are asked for, not the same scores), and load times (the wall clock of each store's own
    load, seconds apart), kept only as a check that they are there."""
    drop = ({"score"} if spec.fulltext else set()) | {"loaded_at"}
    for r in rows:
        if "loaded_at" in r:
            assert isinstance(r["loaded_at"], str) and r["loaded_at"][:2] == "20", r
    return Counter(
        json.dumps(_plain({k: v for k, v in r.items() if k not in drop}), sort_keys=True,
                   default=str)
        for r in rows
    )  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rg-parity-") as work:
        corpus = Path(work) / "sample"
        build_sample_corpus(corpus)
        with stores(Path(work)) as both:
            for store in both.values():
                store.clear()
                failed = load_parity_data(store, corpus, DHRD if DHRD.is_file() else None)
                assert not failed, [(f.path, f.reason) for f in failed]
            e, n = both["embedded"], both["neo4j"]
            print("| query | rows (FalkorDB / Neo4j) | same rows | views (FalkorDB / Neo4j) |")
            print("|---|---|---|---|")
            for spec in list_queries():
                params = parity_params(spec)
                live = [comparable(spec, run_query(s, spec.name, params, precomputed=False))
                        for s in (e, n)]  # fmt: skip
                views = "–"
                if spec.precompute is not None:
                    stored = [comparable(spec, run_query(s, spec.name, {})) for s in (e, n)]
                    views = f"{sum(stored[0].values())} / {sum(stored[1].values())}" + (
                        "" if stored[0] == stored[1] else " (differ)"
                    )
                same = "yes" if live[0] == live[1] else "**no**"
                counts = f"{sum(live[0].values())} / {sum(live[1].values())}"
                print(f"| `{spec.name}` | {counts} | {same} | {views} |")


if __name__ == "__main__":
    main()
