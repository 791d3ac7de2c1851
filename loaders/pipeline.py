"""The load pipeline: find files, read, extract, write one transaction per file, report.

A failed file is named with its reason and never stops the batch; nothing of it reaches
the graph, and what was loaded before stays as it was.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from reviewgraph.graph.children import end_with_parent
from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders import writer
from reviewgraph.loaders.actions import action_rows
from reviewgraph.loaders.characteristics import load_characteristics
from reviewgraph.loaders.errors import InputError
from reviewgraph.loaders.extract import Matchers, extract_document, is_review, slug
from reviewgraph.loaders.graphrows import board_rows, document_params, document_props, review_props
from reviewgraph.loaders.models import ReviewMeta
from reviewgraph.loaders.readers import ReadLimits, read_document, scan_files, special_file
from reviewgraph.loaders.register import RegisterRow, load_mapping, register_rows
from reviewgraph.loaders.rows import DocumentRows, HitRow, ReviewRows, document_rows
from reviewgraph.loaders.sentence_model import sentence_model
from reviewgraph.loaders.strength import cut_themes
from reviewgraph.loaders.theme_proposer import theme_proposer

Progress = Callable[[int, int, str], None]


@dataclass
class FileResult:
    path: str
    # loaded | unchanged | failed | skipped (not a regular file: never read; or not a review)
    status: str
    reason: str = ""
    reviews: int = 0
    recommendations: int = 0
    findings: int = 0
    themes: int = 0  # practice themes
    characteristics: int = 0  # case characteristics (what happened)
    agencies: int = 0
    warnings: list[str] = field(default_factory=list)
    replaced: str = ""  # "replaced version 1 of Child K's SCR" when it is a revised report
    version: int = 0  # the version number this file is of its review (1 for a new one)


@dataclass
class LoadReport:
    files: list[FileResult] = field(default_factory=list)
    unknown_organisations: list[str] = field(default_factory=list)
    unmatched_actions: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def changed(self) -> bool:
        """Whether anything reached the graph (so derived data is stale)."""
        return any(f.status == "loaded" for f in self.files)

    def merge(self, other: LoadReport) -> None:
        """Add a later step's report to this one."""
        self.files += other.files
        self.unknown_organisations = sorted(
            set(self.unknown_organisations) | set(other.unknown_organisations)
        )
        self.unmatched_actions += other.unmatched_actions

    def totals(self) -> dict[str, int]:
        loaded = [f for f in self.files if f.status == "loaded"]
        return {
            "files": len(self.files),
            "loaded": len(loaded),
            "unchanged": sum(f.status == "unchanged" for f in self.files),
            "failed": len(self.failed),
            "skipped": sum(f.status == "skipped" for f in self.files),
            "reviews": sum(f.reviews for f in loaded),
            "recommendations": sum(f.recommendations for f in loaded),
            "findings": sum(f.findings for f in loaded),
            "themes": sum(f.themes for f in loaded),
            "agencies": sum(f.agencies for f in loaded),
            "warnings": sum(len(f.warnings) for f in self.files),
        }


@lru_cache(maxsize=1)
def matchers() -> Matchers:
    from reviewgraph.loaders.gazetteer import load_gazetteer
    from reviewgraph.loaders.taxonomy import load_taxonomy

    return Matchers(load_taxonomy(), load_gazetteer())


def ensure_reference(store: GraphStore) -> None:
    """Theme and agency nodes from the taxonomy and gazetteer (MERGE: idempotent)."""
    m = matchers()
    themes, parents = m.taxonomy.rows()
    agencies = m.gazetteer.rows()
    characteristics = load_characteristics().rows
    writer.write_reference(store, themes, parents, agencies, characteristics)


def file_sha256(path: Path) -> str:
    kind = special_file(path)
    if kind:  # a FIFO would block the read for ever
        raise InputError(str(path), f"not a regular file ({kind})")
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _previous(store: GraphStore, path: Path, sha: str) -> tuple[bool, list[str]]:
    """(unchanged, ids of older versions of this path to replace)."""
    rows = store.read(writer.DOCUMENT_BY_PATH, {"path": str(path), "sha": sha})
    if any(r["id"] == sha for r in rows):
        return True, []
    return False, [r["id"] for r in rows]


def _write(store: GraphStore, params: DocumentRows, replace: list[str]) -> None:
    params["replace"] = replace
    params["keep_reviews"] = [r["id"] for r in params["reviews"]]
    params["keep_recs"] = [c["id"] for r in params["reviews"] for c in r["recs"]]
    params["keep_recs"] += [c["id"] for c in params["doc_recs"]]
    writer.write_document(store, params)


def _counts(result: FileResult, params: DocumentRows) -> None:
    reviews = params["reviews"]
    result.reviews = len(reviews)
    result.recommendations = sum(len(r["recs"]) for r in reviews) + len(params["doc_recs"])
    result.findings = sum(len(r["findings"]) for r in reviews)
    result.themes = len(
        {t["id"] for r in reviews for t in r["themes"]} | {t["id"] for t in params["doc_themes"]}
    )
    result.characteristics = len({c["id"] for r in reviews for c in r.get("characteristics", [])})
    result.agencies = len({a["id"] for r in reviews for a in r["agencies"]})


@dataclass
class _Job:
    """One document to read and extract: what the worker needs and what it gives back."""

    path: Path
    sha: str
    replace: list[str]
    overrides: list[dict[str, Any]] | None = None
    limits: ReadLimits = ReadLimits()
    params: DocumentRows | None = None
    unknown: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    force: bool = False  # load it even if it does not look like a review
    skip: str = ""  # why it is not a review
    replaces: str | None = None  # the review this file is a revised version of (user said)


def _extract_job(job: _Job) -> _Job:
    """Read and extract one file (runs in a worker process); errors become `job.error`."""
    try:
        raw = read_document(job.path, job.limits)
        extraction = extract_document(raw, job.sha, matchers())
        cut_themes(extraction, job.limits.themes_per_review)
        if not (job.force or job.overrides) and (why := is_review(extraction)):
            job.skip = f"not a review: {why} (--force loads it)"
            return job
        job.params = document_params(extraction, overrides=job.overrides)
        job.unknown, job.warnings = extraction.unknown_organisations, extraction.warnings
    except InputError as e:
        job.error = e.reason
    except OSError as e:
        job.error = f"unreadable: {e.strerror or e}"
    except Exception as e:  # a fault of reviewgraph's own on this file: the batch goes on
        where = traceback.extract_tb(e.__traceback__)[-1]
        job.error = (
            f"reviewgraph could not read it ({type(e).__name__}: {e} at "
            f"{Path(where.filename).name}:{where.lineno}); nothing of it was written. "
            "Please report this with the file"
        )
    return job


def _plan(
    store: GraphStore,
    path: Path,
    overrides: list[dict[str, Any]] | None,
    limits: ReadLimits = ReadLimits(),
    force: bool = False,
    reapply: bool = True,
    replaces: str | None = None,
) -> _Job | FileResult:
    """What to do with a file: skip it (unchanged, or not a regular file), or a job with
    what it replaces. An unchanged file is read again only to apply register fields
    (`overrides`) from a register that changed (`reapply`)."""
    kind = special_file(path)
    if kind:  # reading a FIFO blocks until a writer comes: never open one
        return FileResult(str(path), "skipped", f"not a regular file ({kind})")
    try:
        sha = file_sha256(path)
    except OSError as e:
        return FileResult(str(path), "failed", f"unreadable: {e.strerror or e}")
    unchanged, replace = _previous(store, path, sha)
    if replaces:  # the user says which review this file is a revised version of
        found = [r["id"] for r in store.read(writer.REVIEW_DOCUMENTS, {"id": replaces})]
        if not found:
            return FileResult(
                str(path), "failed", f"--replaces {replaces}: no report of that review is loaded "
                "(`reviewgraph query reviews` lists them); nothing was changed",
            )  # fmt: skip
        replace += [d for d in found if d != sha and d not in replace]
        unchanged = unchanged and not replace
    if unchanged and not (overrides and reapply):
        return FileResult(str(path), "unchanged")
    job = _Job(path, sha, replace + ([sha] if unchanged else []), overrides, limits, force=force)
    job.replaces = replaces
    return job


def _finish(store: GraphStore, job: _Job) -> FileResult:
    """Write a job's document in its single statement, or report why not."""
    if job.skip:
        return FileResult(str(job.path), "skipped", job.skip)
    result = FileResult(str(job.path), "loaded", warnings=job.warnings)
    if job.error or job.params is None:
        result.status, result.reason = "failed", job.error
        return result
    try:
        job.replace += _same_review(store, job)
        result.version, result.replaced = _versions(store, job)
        _write(store, job.params, job.replace)
    except ReviewgraphError as e:  # the single write statement failed: nothing was written
        result.status, result.reason = "failed", f"could not be written to the graph: {e}"
        return result
    _counts(result, job.params)
    return result


def _review_name(review: ReviewRows) -> str:
    """ "Child K's SCR" (or the review's id when it has no subject)."""
    props = review["props"]
    subject, kind = props.get("subject"), props.get("type")
    if subject and kind:
        return f"{subject}'s {kind}"
    return str(subject or review["id"])


def _same_review(store: GraphStore, job: _Job) -> list[str]:
    """Earlier files of the same review (same type, board and subject) that this one, on one
    case only, replaces: a revised report uploaded under another name."""
    assert job.params is not None
    reviews = job.params["reviews"]
    if len(reviews) != 1 or job.overrides:  # a briefing, or a register's own row
        return []
    props = reviews[0]["props"]
    if not (props.get("type") and props.get("board") and props.get("subject")):
        return []
    rows = store.read(
        writer.SAME_REVIEW,
        {"type": props["type"], "board": props["board"], "subject": props["subject"],
         "year": props.get("year"), "exclude": [*job.replace, job.sha]},
    )  # fmt: skip
    return [r["id"] for r in rows]


def _versions(store: GraphStore, job: _Job) -> tuple[int, str]:
    """Give the document its version history (the files it replaces, then itself: file name,
    date loaded, sha256) and number; returns (its version, "replaced version N of X" or "")."""
    assert job.params is not None
    doc = job.params["doc"]
    files: list[str] = []
    loaded: list[str] = []
    shas: list[str] = []
    rows = store.read(writer.DOCUMENT_VERSIONS, {"ids": job.replace}) if job.replace else []
    for row in sorted(rows, key=lambda r: (r["version"] or 1, str(r["loaded_at"] or ""))):
        history = (
            zip(row["files"], row["loaded"], row["shas"], strict=False)
            if row["files"]
            else [(row["name"], row["loaded_at"], row["id"])]
        )
        for name, when, sha in history:
            if sha not in shas:
                files.append(str(name))
                loaded.append(str(when or ""))
                shas.append(str(sha))
    if job.sha not in shas:
        files.append(str(doc["name"]))
        loaded.append(str(doc.get("loaded_at") or ""))
        shas.append(job.sha)
    doc["history_files"], doc["history_loaded"], doc["history_sha"] = files, loaded, shas
    doc["version"] = shas.index(job.sha) + 1
    replaced_others = [d for d in job.replace if d != job.sha]
    reviews = job.params["reviews"]
    if not replaced_others or len(reviews) != 1:
        return doc["version"], ""
    return doc["version"], f"replaced version {doc['version'] - 1} of {_review_name(reviews[0])}"


def _extracted(jobs: list[_Job]) -> Iterator[_Job]:
    """Jobs extracted in worker processes (one per core) when there are several files."""
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < 4 or "fork" not in mp.get_all_start_methods():
        yield from map(_extract_job, jobs)
        return
    matchers()  # loaded once here, inherited by the forked workers
    sentence_model()  # the same for the theme sentence model (510 KB of JSON)
    theme_proposer()  # and the theme proposer (0.8 MB of JSON, its coefficient matrix)
    # Workers wait on a pipe that they hold open themselves: after kill -9 of this process
    # they waited for ever. They now get SIGTERM when the thread that starts them ends.
    with ProcessPoolExecutor(
        workers, mp_context=mp.get_context("fork"), initializer=end_with_parent,
        initargs=(os.getpid(),),
    ) as pool:  # fmt: skip
        yield from pool.map(_extract_job, jobs, chunksize=1)


def load_document(
    store: GraphStore,
    path: Path,
    overrides: list[dict[str, Any]] | None = None,
    force: bool = False,
    replaces: str | None = None,
) -> tuple[FileResult, list[str]]:
    """Load one review document; returns its result and the unknown organisations it names.
    A file that is not a review is skipped unless `force`."""
    plan = _plan(store, path.resolve(), overrides, force=force, replaces=replaces)
    if isinstance(plan, FileResult):
        return plan, []
    job = _extract_job(plan)
    return _finish(store, job), job.unknown


def load_paths(
    store: GraphStore,
    paths: Iterable[str | Path],
    *,
    progress: Progress | None = None,
    overrides: dict[Path, list[dict[str, Any]]] | None = None,
    reapply_overrides: bool = True,
    limits: ReadLimits = ReadLimits(),
    force: bool = False,
    replaces: str | None = None,
) -> LoadReport:
    """Load every document under `paths`, one transaction each; a bad file never stops the batch.
    A file that is not a review (a README, a codebook: extract.is_review) is skipped with its
    reason unless `force` (or a register row names it). `replaces`: the one file given is a
    revised version of that review (its earlier files are replaced, their history kept).

    Reading and extraction run in parallel worker processes; writes stay in this process,
    one statement per file, in file order.
    """
    ensure_reference(store)
    found, skipped = scan_files(paths)
    files = [p.resolve() for p in found]
    report = LoadReport()
    if replaces and len(files) != 1:
        raise InputError(
            ", ".join(p.name for p in files) or "no file",
            f"--replaces {replaces} takes exactly one revised file (got {len(files)})",
        )
    planned = [
        _plan(store, p, (overrides or {}).get(p), limits, force, reapply_overrides, replaces)
        for p in files
    ]
    jobs = [p for p in planned if isinstance(p, _Job)]
    results: dict[Path, FileResult] = {}
    unknown: set[str] = set()
    for done, job in enumerate(_extracted(jobs)):
        if progress:
            progress(done, len(jobs), job.path.name)
        results[job.path] = _finish(store, job)
        unknown.update(job.unknown)
    if progress:
        progress(len(jobs), len(jobs), "")
    for path, plan in zip(files, planned, strict=True):
        report.files.append(results[path] if isinstance(plan, _Job) else plan)
    report.files += _skipped(skipped)
    report.unknown_organisations = sorted(unknown)
    return report


def _skipped(skipped: list[tuple[Path, str]]) -> list[FileResult]:
    """Special files and bad symlinks met while finding files: reported, never opened."""
    return [FileResult(str(path), "skipped", reason) for path, reason in skipped]


def _register_review(row: RegisterRow, doc_id: str) -> ReviewRows:
    meta = ReviewMeta(**{k: v for k, v in row.meta.items() if k in ReviewMeta.__dataclass_fields__})
    extra = {k: v for k, v in row.meta.items() if k not in ReviewMeta.__dataclass_fields__}
    rid = slug(meta.type, meta.board, meta.subject, meta.year) or f"{doc_id[:12]}-row{row.number}"
    return ReviewRows(
        id=rid,
        props=review_props(meta, doc_id, "register", {"id": rid, **extra}),
        boards=board_rows(meta),
        themes=[
            HitRow(id=t, mentions=1, evidence=[], pages=[], source="register") for t in row.tags
        ],
        characteristics=[
            HitRow(id=c, mentions=1, evidence=[], pages=[], source="register")
            for c in row.characteristics
        ],
        agencies=[],
        recs=[],
        findings=[],
    )


def register_document(
    name: str, register_dir: Path, documents_root: Path | None = None
) -> tuple[Path | None, str]:
    """(the file a register row names, "") or (None, why it is not loaded).

    A register is data from elsewhere: its Document column must not reach any file on the
    machine (`/etc/passwd`, `../../x`). The file, symlinks resolved, must lie inside the
    register's folder or `documents_root`; a relative name is looked up in the register's
    folder, then in `documents_root`. It must also be a regular file (a FIFO would block).
    """
    roots = [register_dir.resolve()]
    if documents_root is not None:
        roots.append(documents_root.resolve())
    candidates = [Path(name)] if Path(name).is_absolute() else [r / name for r in roots]
    existing = [c for c in candidates if os.path.lexists(c)]
    if not existing:
        return None, "not found"
    try:
        target = existing[0].resolve(strict=True)
    except FileNotFoundError:
        return None, "refused: a broken symlink"
    except (RuntimeError, OSError):  # pathlib raises RuntimeError for a symlink loop
        return None, "refused: a symlink loop"
    if not any(target.is_relative_to(root) for root in roots):
        allowed = " or ".join(str(r) for r in roots)
        return None, (
            f"refused: outside the register's folder ({allowed}); documents a register names "
            "must be in its folder, or in a folder named with --documents-root"
        )
    kind = special_file(target) or ("folder" if target.is_dir() else "")
    if kind:
        return None, f"refused: not a regular file ({kind})"
    return target, ""


def load_register(
    store: GraphStore,
    path: Path,
    mapping_name: str,
    *,
    progress: Progress | None = None,
    limits: ReadLimits = ReadLimits(),
    documents_root: Path | None = None,
) -> LoadReport:
    """A register: its rows with a document load that document (the row's fields win);
    the others become reviews owned by the register file.

    Documents must lie in the register's folder or `documents_root` (register_document)."""
    path = path.resolve()
    report = LoadReport()
    try:
        rows = register_rows(path, load_mapping(mapping_name))
        sha = file_sha256(path)
    except InputError as e:
        report.files.append(FileResult(str(path), "failed", e.reason))
        return report
    ensure_reference(store)
    with_docs: dict[Path, list[dict[str, Any]]] = {}
    own: list[RegisterRow] = []
    result = FileResult(str(path), "loaded")
    for row in rows:
        result.warnings += row.warnings
        doc, why = (
            register_document(row.document, path.parent, documents_root)
            if row.document
            else (None, "")
        )
        if doc is not None:
            with_docs.setdefault(doc, []).append(row.meta)
        else:
            if why:
                result.warnings.append(f"row {row.number}: document {row.document} {why}")
            own.append(row)
    unchanged, replace = _previous(store, path, sha)
    params = document_rows(document_props(sha, str(path), path.suffix[1:], 0, "register", None))
    seen: set[str] = set()
    for row in own:
        review = _register_review(row, sha)
        if review["id"] in seen:
            review["id"] = review["props"]["id"] = f"{review['id']}-row{row.number}"
        seen.add(review["id"])
        params["reviews"].append(review)
    if not unchanged:
        _write(store, params, replace)
        _counts(result, params)
    else:
        result.status = "unchanged"
    report.files.append(result)
    # an unchanged register's fields are in its documents already: unchanged ones are skipped
    docs = load_paths(
        store, list(with_docs), progress=progress, overrides=with_docs, limits=limits,
        reapply_overrides=not unchanged,
    )  # fmt: skip
    report.files += docs.files
    report.unknown_organisations = docs.unknown_organisations
    return report


def load_actions(store: GraphStore, path: Path, *, rematch: bool = True) -> LoadReport:
    """An action plan: one Action per row, matched to the recommendation it tracks.

    An unchanged plan is matched again only when `rematch` (recommendations may have been
    loaded since); otherwise it is left as it is."""
    path = path.resolve()
    report = LoadReport()
    result = FileResult(str(path), "loaded")
    try:
        sha = file_sha256(path)
        unchanged, replace = _previous(store, path, sha)
        if unchanged and not rematch:
            report.files.append(FileResult(str(path), "unchanged"))
            return report
        rows = action_rows(path, sha, store, matchers().gazetteer)
    except InputError as e:
        report.files.append(FileResult(str(path), "failed", e.reason))
        return report
    params = document_rows(document_props(sha, str(path), path.suffix[1:], 0, "actions", None))
    params["actions"] = rows.actions
    _write(store, params, replace + ([sha] if unchanged else []))
    report.unmatched_actions = rows.unmatched
    result.warnings = [f"{u}: no recommendation matches" for u in rows.unmatched]
    report.files.append(result)
    return report


def load_batch(
    store: GraphStore,
    paths: Iterable[str | Path] = (),
    *,
    register: Path | None = None,
    mapping: str = "sample",
    actions: Path | None = None,
    progress: Progress | None = None,
    limits: ReadLimits = ReadLimits(),
    documents_root: Path | None = None,
    force: bool = False,
    replaces: str | None = None,
) -> LoadReport:
    """What `reviewgraph load` and the dashboard's Load page run: the register (and the
    documents its rows name), the other documents, the action plan, in that order; then
    the derived links once, not after every step. `force`: load files that do not look
    like reviews too. `replaces`: the one document given is a revised version of that review."""
    report = LoadReport()
    if register:
        report.merge(
            load_register(
                store,
                register,
                mapping,
                progress=progress,
                limits=limits,
                documents_root=documents_root,
            )  # fmt: skip
        )
    # Documents a register row named were loaded with it; do not list them twice.
    done = {Path(f.path).resolve() for f in report.files}
    found, skipped = scan_files(paths)
    rest = [p for p in found if p.resolve() not in done]
    if rest:
        report.merge(
            load_paths(
                store, rest, progress=progress, limits=limits, force=force, replaces=replaces
            )
        )
    elif replaces:
        raise InputError("no file", f"--replaces {replaces} needs the revised report's file")
    report.files += _skipped(skipped)
    if actions:
        # matched again only if this batch changed what it could match
        report.merge(load_actions(store, actions, rematch=report.changed))
    return report
