"""A long review stays one review.

Each single-case report of the sample corpus, repeated three times into one PDF (as
bench/bench_pipeline.py builds its 30-60 page reviews), must read as one case with the
subject and type of the report read once, and at least its findings and recommendations.
A case rule once split such documents into one case per repeated heading: the benchmark's
150 reviews loaded as 31, with no findings, while every evaluation and sample test passed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_pipeline import _single_case_sources
from reviewgraph.loaders.extract import extract_document
from reviewgraph.loaders.models import DocumentExtraction
from reviewgraph.loaders.pipeline import matchers
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.sample.build import Block, Source, render_pdf

SOURCES = _single_case_sources()


def _extract(path: Path) -> DocumentExtraction:
    return extract_document(read_document(path), "0" * 64, matchers())


def _render(src: Source, copies: int, out: Path) -> Path:
    blocks: list[Block] = []
    for _ in range(copies):
        blocks += ([Block("page")] if blocks else []) + list(src.blocks)
    render_pdf(Source(out.with_suffix(".md"), src.meta, blocks), out)
    return out


def test_there_are_long_reviews_to_check() -> None:
    assert len(SOURCES) >= 4


@pytest.mark.parametrize(("src", "subject"), SOURCES, ids=[s.slug for s, _ in SOURCES])
def test_a_report_repeated_to_length_is_still_one_review(
    src: Source, subject: str, tmp_path: Path
) -> None:
    once = _extract(_render(src, 1, tmp_path / "once.pdf"))
    long = _extract(_render(src, 3, tmp_path / "long.pdf"))
    assert len(once.reviews) == 1
    assert long.page_count >= 3 * once.page_count - 2
    assert [r.meta.subject for r in long.reviews] == [subject]
    (case,) = long.reviews
    assert case.meta.type == once.reviews[0].meta.type
    assert len(once.reviews[0].findings) > 0
    assert len(case.findings) >= len(once.reviews[0].findings)
    assert len(case.recommendations) >= len(once.reviews[0].recommendations)
