"""A paper for the board, from the CLI and the dashboard's code, on the sample corpus: the
DOCX and PDF open and say the counts and passages the dashboard shows for the same view."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from docx import Document

from reviewgraph.cli import cli
from reviewgraph.graph.store import GraphStore
from reviewgraph.queries import paper as board_paper
from reviewgraph.queries.errors import ParameterError
from reviewgraph.queries.registry import run_query
from tests.fixtures.backend import cli_store_args


def _flat(text: str) -> str:
    """Text as the reader gives it, compared word for word (line breaks and quotes aside)."""
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


def docx_text(path: Path) -> str:
    return _flat("\n".join(p.text for p in Document(str(path)).paragraphs))


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return _flat("\n".join(page.get_textpage().get_text_range() for page in pdf))
    finally:
        pdf.close()


def _cli(store_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*cli_store_args(store_dir), "paper", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def sample(sample_store: tuple[GraphStore, Path]) -> tuple[GraphStore, Path]:
    store, corpus = sample_store
    return store, corpus.parent / "data"


@pytest.mark.parametrize(
    ("filters", "args"),
    [({}, []), ({"types": ["SCR", "CSPR"]}, ["--type", "SCR", "--type", "CSPR"])],
)
def test_paper_says_what_the_dashboard_shows(
    sample: tuple[GraphStore, Path], tmp_path: Path, filters: dict, args: list[str]
) -> None:
    store, data_dir = sample
    # What the Themes page shows for this view: the theme's row and its evidence passages.
    row = next(
        r for r in run_query(store, "recurring_themes", filters)
        if r["theme_id"] == "information_sharing"
    )  # fmt: skip
    shown = run_query(store, "evidence", {**filters, "theme": "information_sharing", "limit": 500})
    shown_passages = {_flat(r["passage"]) for r in shown if r["passage"]}
    recs = run_query(store, "theme_recommendations", {**filters, "theme": "information_sharing"})

    docx, pdf = tmp_path / "paper.docx", tmp_path / "paper.pdf"
    code, output = _cli(data_dir, "--theme", "Information sharing and communication", *args,
                        "--out", str(docx), "--out", str(pdf))  # fmt: skip
    assert code == 0, output
    headline = f"{row['reviews']} of {row['reviews_in_view']} reviews in view"
    assert headline in output

    made = board_paper.assemble(store, "information_sharing", filters)
    assert (made.reviews, made.base) == (row["reviews"], row["reviews_in_view"])
    assert made.passages and len(made.passages) <= board_paper.PASSAGES
    assert len({p["review_id"] for p in made.passages}) == min(
        board_paper.PASSAGES, len({r["review_id"] for r in shown if r["passage"]})
    )  # one passage per review before a second from any
    for text in (docx_text(docx), pdf_text(pdf)):
        assert headline in text
        assert f"{len(recs)} recommendations were made on it" in text
        for p in made.passages:
            assert _flat(p["passage"]) in shown_passages
            assert _flat(p["passage"])[:80] in text
            assert f"page {p['page']}" in text
        for r in recs[: board_paper.RECOMMENDATIONS]:
            assert _flat(r["text"])[:60] in text
    assert len(Document(str(docx)).inline_shapes) == 1  # the chart


def test_filters_narrow_the_paper(sample: tuple[GraphStore, Path]) -> None:
    store, _ = sample
    every = board_paper.assemble(store, "information_sharing")
    sars = board_paper.assemble(store, "information_sharing", {"types": ["SAR"]})
    assert sars.base < every.base and sars.reviews < every.reviews
    assert {p["type"] for p in sars.passages} == {"SAR"}
    assert all(r["type"] == "SAR" for r in sars.recommendations)


def test_what_recurs_despite_open_actions(sample: tuple[GraphStore, Path]) -> None:
    store, _ = sample
    made = board_paper.assemble(store, "information_sharing")
    every = run_query(store, "open_on_recurring_theme", {"limit": 5000})
    expected = {r["recommendation_id"] for r in every if r["theme_id"] == "information_sharing"}
    assert expected, "the sample has an open recommendation whose theme came back"
    assert {r["recommendation_id"] for r in made.recurring_open} == expected
    text = _flat(" ".join(" ".join(p) for _, p in board_paper.sections(made)))
    assert "raised again by" in text


def test_unknown_theme_or_format_is_refused(
    sample: tuple[GraphStore, Path], tmp_path: Path
) -> None:
    store, data_dir = sample
    with pytest.raises(ParameterError, match="no review in view raises"):
        board_paper.assemble(store, "no_such_theme")
    code, output = _cli(data_dir, "--theme", "information_sharing", "--out",
                        str(tmp_path / "paper.txt"))  # fmt: skip
    assert code != 0 and "paper.txt" in output and ".docx or .pdf" in output
    assert not (tmp_path / "paper.txt").exists()
