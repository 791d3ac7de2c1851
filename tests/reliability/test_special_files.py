"""Issue 13, item 10: special files in a folder given to `load`.

A FIFO used to make `load` hang for ever (reading it blocks until a writer comes), and a
symlink loop gave a traceback that aborted the whole batch. Now only regular files (and
symlinks to regular files inside the folder) are loaded; the rest are reported as skipped
with the reason. The timeout makes a hang fail fast instead of blocking the run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.pipeline import load_batch, load_paths
from reviewgraph.loaders.readers import iter_files, scan_files

pytestmark = pytest.mark.timeout(60)

TEXT = """Serious Case Review: Child Z

1. Introduction

This fictional review was commissioned by the Westmarsh Safeguarding Children Partnership.

3. Recommendations

1. Children's social care should record every strategy discussion in writing.
"""


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with one good review, a FIFO, a symlink loop, a link out of the folder,
    a link to a file inside it and a broken link; and the outside folder."""
    folder = tmp_path / "reviews"
    folder.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(TEXT.replace("Child Z", "Child Y"))
    (folder / "good.txt").write_text(TEXT)
    os.mkfifo(folder / "pipe.txt")
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    os.symlink(outside / "secret.txt", folder / "out.txt")
    (folder / ".drafts").mkdir()  # hidden: not walked, but reachable through the link
    (folder / ".drafts" / "draft.md").write_text(TEXT.replace("Child Z", "Child X"))
    os.symlink(".drafts/draft.md", folder / "alias.md")
    os.symlink(folder / "gone.txt", folder / "broken.txt")
    return folder, outside


def test_scan_reports_special_files_with_their_reason(tmp_path: Path) -> None:
    folder, _ = _folder(tmp_path)
    files, skipped = scan_files([folder])
    assert [p.name for p in files] == ["alias.md", "good.txt"]
    reasons = {p.name: reason for p, reason in skipped}
    assert reasons == {
        "broken.txt": "broken symlink (its target does not exist)",
        "loop-a.txt": "symlink loop",
        "loop-b.txt": "symlink loop",
        "out.txt": "symlink pointing outside the folder",
        "pipe.txt": "not a regular file (FIFO)",
    }
    # iter_files keeps its old shape: the loadable files only.
    assert [p.name for p in iter_files([folder])] == ["alias.md", "good.txt"]


def test_a_fifo_named_on_the_command_line_is_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.pdf")
    files, skipped = scan_files([tmp_path / "pipe.pdf"])
    assert files == [] and skipped == [(tmp_path / "pipe.pdf", "not a regular file (FIFO)")]


def test_load_skips_them_and_loads_the_rest(embedded: GraphStore, tmp_path: Path) -> None:
    folder, _ = _folder(tmp_path)
    report = load_batch(embedded, [folder])
    status = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert status["good.txt"] == ("loaded", "")
    assert status["pipe.txt"] == ("skipped", "not a regular file (FIFO)")
    assert status["loop-a.txt"] == ("skipped", "symlink loop")
    assert status["out.txt"] == ("skipped", "symlink pointing outside the folder")
    assert report.totals()["skipped"] == 5
    assert not report.failed
    assert status["draft.md"] == ("loaded", "")  # alias.md, a link inside the folder
    assert embedded.counts()["nodes"]["Document"] == 2
    again = load_paths(embedded, [folder])
    assert {f.status for f in again.files} == {"unchanged", "skipped"}


def test_a_fifo_as_register_or_action_plan_is_refused(embedded: GraphStore, tmp_path: Path) -> None:
    """`--register` and `--actions` take a path click only checks exists: a FIFO hung."""
    from reviewgraph.loaders.pipeline import load_actions, load_register

    os.mkfifo(tmp_path / "register.csv")
    os.mkfifo(tmp_path / "actions.csv")
    [failed] = load_register(embedded, tmp_path / "register.csv", "sample").files
    assert (failed.status, failed.reason) == ("failed", "not a regular file (FIFO)")
    [failed] = load_actions(embedded, tmp_path / "actions.csv").files
    assert (failed.status, failed.reason) == ("failed", "not a regular file (FIFO)")


def test_load_document_refuses_a_fifo(embedded: GraphStore, tmp_path: Path) -> None:
    from reviewgraph.loaders.pipeline import load_document

    os.mkfifo(tmp_path / "pipe.txt")
    result, _ = load_document(embedded, tmp_path / "pipe.txt")
    assert (result.status, result.reason) == ("skipped", "not a regular file (FIFO)")
