"""The bundled sample corpus: fictional case reviews written for reviewgraph.

`build_sample_corpus(out_dir)` renders the sources into PDF, DOCX and TXT files.
"""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent


def build_sample_corpus(out_dir: Path) -> list[Path]:
    from reviewgraph.loaders.sample.build import build_sample_corpus as _build

    return _build(out_dir)


__all__ = ["SAMPLE_DIR", "build_sample_corpus"]
