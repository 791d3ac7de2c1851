"""The load pipeline: find files, read, extract, write one transaction per file, report.

A failed file is named with its reason and never stops the batch; nothing of it reaches
the graph, and what was loaded before stays as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.errors import InputError, ReviewgraphError
from graph.store import GraphStore
from loaders import writer
from loaders.actions import action_rows
from loaders.extract import Matchers, extract_document, slug
from loaders.graphrows import board_rows, document_params, document_props, review_props
from loaders.models import ReviewMeta
from loaders.readers import iter_files, read_document
from loaders.register import RegisterRow, load_mapping, register_rows

Progress = Callable[[int, int, str], None]


@dataclass
class FileResult:
    path: str
    status: str  # loaded | unchanged | failed
    reason: str = ""
    reviews: int = 0
    recommendations: int = 0
    findings: int = 0
    themes: int = 0
    agencies: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    files: list[FileResult] = field(default_factory=list)
    unknown_organisations: list[str] = field(default_factory=list)
    unmatched_actions: list[str] = field(default_factory=list)
    derived: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def totals(self) -> dict[str, int]:
        loaded = [f for f in self.files if f.status == "loaded"]
        return {
            "files": len(self.files),
            "loaded": len(loaded),
            "unchanged": sum(f.status == "unchanged" for f in self.files),
            "failed": len(self.failed),
            "reviews": sum(f.reviews for f in loaded),
            "recommendations": sum(f.recommendations for f in loaded),
            "findings": sum(f.findings for f in loaded),
            "themes": sum(f.themes for f in loaded),
            "agencies": sum(f.agencies for f in loaded),
            "warnings": sum(len(f.warnings) for f in self.files),
        }


@lru_cache(maxsize=1)
def matchers() -> Matchers:
    from loaders.gazetteer import load_gazetteer
    from loaders.taxonomy import load_taxonomy

    return Matchers(load_taxonomy(), load_gazetteer())


def ensure_reference(store: GraphStore) -> None:
    """Theme and agency nodes from the taxonomy and gazetteer (MERGE: idempotent)."""
    m = matchers()
    themes, parents = m.taxonomy.rows()
    agencies = m.gazetteer.rows()
    writer.write_reference(store, themes, parents, agencies)


def file_sha256(path: Path) -> str:
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


def _write(store: GraphStore, params: dict[str, Any], replace: list[str]) -> None:
    params["replace"] = replace
    params["keep_reviews"] = [r["id"] for r in params["reviews"]]
    params["keep_recs"] = [c["id"] for r in params["reviews"] for c in r["recs"]]
    params["keep_recs"] += [c["id"] for c in params["doc_recs"]]
    writer.write_document(store, params)


def _counts(result: FileResult, params: dict[str, Any]) -> None:
    reviews = params["reviews"]
    result.reviews = len(reviews)
    result.recommendations = sum(len(r["recs"]) for r in reviews) + len(params["doc_recs"])
    result.findings = sum(len(r["findings"]) for r in reviews)
    result.themes = len(
        {t["id"] for r in reviews for t in r["themes"]} | {t["id"] for t in params["doc_themes"]}
    )
    result.agencies = len({a["id"] for r in reviews for a in r["agencies"]})


def load_document(
    store: GraphStore, path: Path, overrides: list[dict[str, Any]] | None = None
) -> tuple[FileResult, list[str]]:
    """Load one review document; returns its result and the unknown organisations it names."""
    path = path.resolve()
    result = FileResult(str(path), "loaded")
    try:
        sha = file_sha256(path)
        unchanged, replace = _previous(store, path, sha)
        if unchanged and not overrides:
            result.status = "unchanged"
            return result, []
        raw = read_document(path)
        extraction = extract_document(raw, sha, matchers())
        params = document_params(extraction, overrides=overrides)
        _write(store, params, replace + ([sha] if unchanged else []))
    except InputError as e:
        result.status, result.reason = "failed", e.reason
        return result, []
    except OSError as e:
        result.status, result.reason = "failed", f"unreadable: {e.strerror or e}"
        return result, []
    except ReviewgraphError as e:  # the single write statement failed: nothing was written
        result.status, result.reason = "failed", f"could not be written to the graph: {e}"
        return result, []
    _counts(result, params)
    result.warnings = extraction.warnings
    return result, extraction.unknown_organisations


def load_paths(
    store: GraphStore,
    paths: Iterable[str | Path],
    *,
    progress: Progress | None = None,
    analyse: bool = True,
    overrides: dict[Path, list[dict[str, Any]]] | None = None,
) -> LoadReport:
    """Load every document under `paths`, one transaction each; a bad file never stops the batch."""
    ensure_reference(store)
    files = iter_files(paths)
    report = LoadReport()
    unknown: set[str] = set()
    for done, path in enumerate(files):
        if progress:
            progress(done, len(files), path.name)
        result, orgs = load_document(store, path, (overrides or {}).get(path.resolve()))
        report.files.append(result)
        unknown.update(orgs)
    if progress:
        progress(len(files), len(files), "")
    report.unknown_organisations = sorted(unknown)
    if analyse:
        report.derived = run_analysis(store)
    return report


def _register_review(row: RegisterRow, doc_id: str) -> dict[str, Any]:
    meta = ReviewMeta(**{k: v for k, v in row.meta.items() if k in ReviewMeta.__dataclass_fields__})
    extra = {k: v for k, v in row.meta.items() if k not in ReviewMeta.__dataclass_fields__}
    rid = slug(meta.type, meta.board, meta.subject, meta.year) or f"{doc_id[:12]}-row{row.number}"
    return {
        "id": rid,
        "props": review_props(meta, doc_id, "register", {"id": rid, **extra}),
        "boards": board_rows(meta),
        "themes": [
            {"id": t, "mentions": 1, "evidence": [], "pages": [], "source": "register"}
            for t in row.tags
        ],  # fmt: skip
        "agencies": [],
        "recs": [],
        "findings": [],
    }


def load_register(
    store: GraphStore, path: Path, mapping_name: str, *, progress: Progress | None = None
) -> LoadReport:
    """A register: its rows with a document load that document (the row's fields win);
    the others become reviews owned by the register file."""
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
        doc = (path.parent / row.document) if row.document else None
        if doc is not None and doc.is_file():
            with_docs.setdefault(doc.resolve(), []).append(row.meta)
        else:
            if doc is not None:
                result.warnings.append(f"row {row.number}: document {row.document} not found")
            own.append(row)
    unchanged, replace = _previous(store, path, sha)
    params = writer.empty_params(
        document_props(sha, str(path), path.suffix[1:], 0, "register", None)
    )
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
    docs = load_paths(store, list(with_docs), progress=progress, overrides=with_docs, analyse=False)
    report.files += docs.files
    report.unknown_organisations = docs.unknown_organisations
    report.derived = run_analysis(store)
    return report


def load_actions(store: GraphStore, path: Path) -> LoadReport:
    """An action plan: one Action per row, matched to the recommendation it tracks."""
    path = path.resolve()
    report = LoadReport()
    result = FileResult(str(path), "loaded")
    try:
        sha = file_sha256(path)
        unchanged, replace = _previous(store, path, sha)
        rows = action_rows(path, sha, store, matchers().gazetteer)
    except InputError as e:
        report.files.append(FileResult(str(path), "failed", e.reason))
        return report
    params = writer.empty_params(
        document_props(sha, str(path), path.suffix[1:], 0, "actions", None)
    )
    params["actions"] = rows.actions
    _write(store, params, replace + ([sha] if unchanged else []))
    report.unmatched_actions = rows.unmatched
    result.warnings = [f"{u}: no recommendation matches" for u in rows.unmatched]
    report.files.append(result)
    report.derived = run_analysis(store)
    return report


def run_analysis(store: GraphStore) -> dict[str, Any]:
    """Re-attach action plans and recompute derived links (similarity, co-occurrence)."""
    linked = store.write(writer.RELINK_ACTIONS)
    derived: dict[str, Any] = {"actions_linked": linked.get("relationships_created", 0)}
    try:
        from queries.analytics import analyse
    except ImportError:  # the query package is optional for loading
        return derived
    try:
        derived.update(analyse(store))
    except ReviewgraphError as e:
        derived["error"] = str(e)
    return derived
