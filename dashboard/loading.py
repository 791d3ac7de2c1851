"""What the Load page runs: uploaded files saved to a temporary folder, then the loaders'
pipeline (register, documents, action plan, in that order) and the derived data, as
`reviewgraph load` does.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd

from reviewgraph.graph.config import Settings
from reviewgraph.graph.locks import store_lock_file, unfinished_analysis, writer_lock
from reviewgraph.graph.private_files import (
    checked_private_dir,
    make_data_dir_private,
    write_private,
)
from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.pipeline import LoadReport, load_batch
from reviewgraph.loaders.register import available_mappings, load_mapping
from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.queries.analytics import analyse

DOCUMENT_TYPES = ["pdf", "docx", "html", "htm", "txt", "md"]
TABLE_TYPES = ["csv", "xlsx"]
Progress = Callable[[int, int, str], None]


class Upload(Protocol):
    """What st.file_uploader returns (name and bytes)."""

    name: str

    def getvalue(self) -> bytes: ...


def mappings() -> dict[str, str]:
    """{name: description} of the register layouts the loaders know."""
    found = {}
    for name in available_mappings():
        try:
            found[name] = str(load_mapping(name).get("description") or name)
        except Exception:  # a broken mapping file should not hide the others
            found[name] = name
    return dict(sorted(found.items(), key=lambda kv: kv[0] != "sample"))


def upload_dir(settings: Settings) -> Path:
    """The folder uploads are copied to before loading: one per data location, private.

    The pipeline knows a document by its path, so the same file name must get the same
    path each time: loading a corrected version then replaces the old one instead of adding
    a second copy. A per-process folder (tempfile.mkdtemp) would lose that after a restart,
    and matching by file name alone would merge different folders' files of the same name.
    So the folder is stable, but private: inside the data dir (0700, this user's), not at a
    predictable name in /tmp that another user could create first and plant links in. Its
    owner and mode are checked each time (refused if someone else owns it).
    """
    make_data_dir_private(settings.data_dir)
    uploads = checked_private_dir(settings.data_dir / "uploads", fix=True)
    digest = hashlib.sha256(settings.location.encode()).hexdigest()[:12]
    return checked_private_dir(uploads / digest, fix=True)


def save(uploads: Sequence[Upload], folder: Path) -> list[Path]:
    """Copy the uploads into `folder` (0600), never following a symlink found there."""
    paths = []
    for upload in uploads:
        target = folder / Path(upload.name).name  # never a path from the browser
        write_private(target, upload.getvalue())
        paths.append(target)
    return paths


@dataclass
class Batch:
    documents: list[Path]
    register: Path | None = None
    mapping: str = "sample"
    actions: Path | None = None
    replaces: str | None = None  # the one document is a revised version of this review

    def files(self) -> list[Path]:
        """Every file given: the documents, the register, the action plan."""
        return [*self.documents, *(p for p in (self.register, self.actions) if p is not None)]


class FileCount:
    """Progress over the whole upload, counted in the files the user gave.

    The pipeline reports each of its steps on its own terms (the documents a register names,
    then the other documents, counting only the ones it must read: an unchanged file is not
    read), so its own "done of total" restarted between steps and said "0 of 0" when every
    file was already loaded or only tables were given. This counts every file given
    (documents, register, action plan) once: "Reading b.pdf (file 2 of 4)".
    """

    def __init__(self, files: Sequence[Path], show: Callable[[float, str], None]) -> None:
        self.total = len(files)
        self.show = show
        self.read: list[str] = []

    def __call__(self, done: int, total: int, name: str) -> None:
        if name and name not in self.read:
            self.read.append(name)
        if not self.total:
            return
        count = min(len(self.read), self.total)
        if name:
            self.show(max(count - 1, 0) / self.total,
                      f"Reading {name} (file {count} of {self.total})")  # fmt: skip
        else:
            self.show(count / self.total, f"{count} of {self.total} files read")

    def finish(self, report: LoadReport) -> str:
        """ "4 of 4 files: 2 loaded, 1 unchanged (already in the graph), 1 failed"."""
        text = summary(report)
        self.show(1.0, text)
        return text


def summary(report: LoadReport) -> str:
    """What happened to the files of a load, counted once each."""
    totals = report.totals()
    parts = [
        f"{totals[key]} {word}"
        for key, word in (
            ("loaded", "loaded"),
            ("unchanged", "unchanged (already in the graph)"),
            ("failed", "failed"),
            ("skipped", "skipped (not a review)"),
        )
        if totals[key]
    ]
    files = totals["files"]
    return f"{files} file{'s' if files != 1 else ''}: " + (", ".join(parts) or "nothing to load")


def run(store: GraphStore, batch: Batch, progress: Progress) -> LoadReport:
    """Load a batch as `reviewgraph load` does, then the derived data if anything changed;
    one writer at a time per store (a load from the CLI meanwhile waits, or this does)."""
    lock = store_lock_file(store)
    with writer_lock(lock, where=store.location), unfinished_analysis(lock) as pending:
        report = load_batch(
            store, batch.documents, register=batch.register, mapping=batch.mapping,
            actions=batch.actions, progress=progress, replaces=batch.replaces,
        )  # fmt: skip
        if report.changed or pending:  # a run that died half-way is redone in full
            analyse(
                store, state_dir=lock.parent, incremental=not pending, views=False,
                keep_state=not report.failed,  # files to load again: then derive in full
            )  # fmt: skip
    return report


def run_sample(store: GraphStore, folder: Path, show: Callable[[float, str], None]) -> LoadReport:
    """Build the fictional sample corpus into `folder` and load it (as `load --sample`),
    counting its files as an upload's (FileCount)."""
    with writer_lock(store_lock_file(store), where=store.location):
        build_sample_corpus(folder)
        docs = sorted(p for p in folder.iterdir() if p.suffix.lstrip(".") in DOCUMENT_TYPES)
        batch = Batch(docs, folder / "register.csv", "sample", folder / "action_plan.csv")
        counter = FileCount(batch.files(), show)
        report = run(store, batch, counter)
        counter.finish(report)
        return report


def report_frame(report: LoadReport) -> pd.DataFrame:
    """One row per file: name, status, reason and what it contributed."""
    rows = [
        {
            "file": Path(f.path).name,
            "status": f.status,
            "reason": f.replaced or f.reason,
            "reviews": f.reviews,
            "recommendations": f.recommendations,
            "findings": f.findings,
            "themes": f.themes,
            "agencies": f.agencies,
            "warnings": "; ".join(f.warnings),
        }
        for f in report.files
    ]
    return pd.DataFrame(rows)


def remove(paths: Sequence[Path | None]) -> None:
    """Delete the uploaded copies (the graph keeps what was extracted, with the file name)."""
    for path in paths:
        if path is not None:
            path.unlink(missing_ok=True)


def clear_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
