"""Turn an extraction into the rows of the one-statement document write (loaders/rows.py)."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from reviewgraph.loaders.characteristics import load_characteristics
from reviewgraph.loaders.extract import item_id, review_id, slug
from reviewgraph.loaders.models import (
    AgencyHit,
    DocumentExtraction,
    ReviewExtraction,
    ReviewMeta,
    ThemeHit,
)
from reviewgraph.loaders.rows import (
    BoardRow,
    DocumentRows,
    FindingRow,
    HitRow,
    PassageRow,
    Props,
    RecommendationRow,
    ReviewRows,
    document_rows,
)
from reviewgraph.loaders.statuses import normal_status

META_FIELDS = ("type", "title", "subject", "board", "year", "age", "age_band", "gender",
               "outcome", "harm", "published")  # fmt: skip


def document_props(
    sha: str, path: str, fmt: str, pages: int, kind: str, title: str | None
) -> Props:
    from pathlib import Path

    return {
        "id": sha,
        "sha256": sha,
        "path": path,
        "name": Path(path).name,
        "format": fmt,
        "pages": pages,
        "kind": kind,
        "title": title,
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _hit_rows(hits: list[ThemeHit] | list[AgencyHit], key: str) -> list[HitRow]:
    return [
        HitRow(id=getattr(h, key), mentions=h.mentions, evidence=[e.text for e in h.evidence],
               pages=[e.page for e in h.evidence], source=_source(h))
        for h in hits
    ]  # fmt: skip


def _source(hit: ThemeHit | AgencyHit) -> str:
    """`model`: a theme no phrase found, proposed by loaders/theme_proposer.py; else `text`."""
    return "model" if isinstance(hit, ThemeHit) and hit.proposed and not hit.mentions else "text"


def _theme_rows(hits: list[ThemeHit]) -> tuple[list[HitRow], list[HitRow]]:
    """(the strong links, the weak ones), each with its strength and rank (1 = strongest)."""
    rows = _hit_rows(hits, "theme_id")
    for rank, (row, hit) in enumerate(zip(rows, hits, strict=True), start=1):
        if hit.strength:
            row["strength"], row["rank"] = hit.strength, rank
    strong = [r for r, h in zip(rows, hits, strict=True) if h.strong]
    return strong, [r for r, h in zip(rows, hits, strict=True) if not h.strong]


def review_props(
    meta: ReviewMeta, doc_id: str, source: str, extra: dict[str, Any] | None = None
) -> Props:
    props = {f: getattr(meta, f) for f in META_FIELDS}
    props.update({"doc": doc_id, "source": source})
    props.update(extra or {})
    return props


def board_rows(meta: ReviewMeta, kind: str | None = None) -> list[BoardRow]:
    if not meta.board:
        return []
    return [BoardRow(id=slug(meta.board), name=meta.board, kind=kind or _board_kind(meta.board))]


def _board_kind(name: str) -> str:
    from reviewgraph.loaders.metadata import detect_board

    found = detect_board(name)
    return found[1] if found else "partnership"


def _recs(parent: str, ex: ReviewExtraction, doc_id: str) -> list[RecommendationRow]:
    rows: list[RecommendationRow] = []
    seen: set[str] = set()
    for rec in ex.recommendations:
        rid = item_id(parent, "rec", rec.number, rec.text)
        if rid in seen:  # two items numbered alike: fall back to the text hash
            rid = item_id(parent, "rec", None, rec.text)
        if rid in seen:  # the same recommendation printed twice
            continue
        seen.add(rid)
        rows.append(RecommendationRow(
            id=rid,
            props={"id": rid, "number": rec.number, "text": rec.text, "page": rec.page,
                   "section": rec.section, "review_id": parent, "doc": doc_id,
                   "reported_status": rec.status_class or normal_status(rec.status),
                   "reported_status_text": rec.status, "reported_lead": rec.lead,
                   "reported_due": rec.due, "reported_progress": rec.progress},
            agencies=rec.agencies,
            themes=rec.themes,
        ))  # fmt: skip
    return rows


def _findings(parent: str, ex: ReviewExtraction, doc_id: str) -> list[FindingRow]:
    rows: list[FindingRow] = []
    for f in ex.findings:
        fid = (
            item_id(parent, f.kind, f.number, f.text)
            + "-"
            + hashlib.sha256(f.text.encode()).hexdigest()[:6]
        )
        rows.append(FindingRow(
            props={"id": fid, "number": f.number, "text": f.text, "page": f.page,
                   "kind": f.kind, "section": f.section, "review_id": parent, "doc": doc_id},
            themes=f.themes,
        ))  # fmt: skip
    return rows


def _evidence(ex: ReviewExtraction) -> dict[tuple[str, int], list[str]]:
    by_text: dict[tuple[str, int], list[str]] = {}
    for hit in ex.themes:
        for e in hit.evidence:
            by_text.setdefault((e.text, e.page), []).append(hit.theme_id)
    return by_text


def _passages(
    doc_id: str,
    review: str | None,
    evidence: dict[tuple[str, int], list[str]],
    seen: set[str],
    common: set[tuple[str, int]] | frozenset[tuple[str, int]] = frozenset(),
) -> list[PassageRow]:
    """Passage rows of one review's `evidence` (from _evidence); one said of several reviews
    (`common`) belongs to none of them in particular (review_id absent, like a cross-case
    passage)."""
    rows: list[PassageRow] = []
    for (text, page), themes in evidence.items():
        pid = f"{doc_id}/p{page}/{hashlib.sha256(text.encode()).hexdigest()[:12]}"
        if pid in seen:
            continue
        seen.add(pid)
        owner = None if (text, page) in common else review
        props = {"id": pid, "text": text, "page": page, "doc": doc_id, "review_id": owner}
        rows.append(PassageRow(props=props, themes=sorted(set(themes))))
    return rows


def _override_for(
    review: ReviewExtraction, overrides: list[dict[str, Any]], n_reviews: int
) -> dict[str, Any]:
    """The register row about this review: the only one, or the one naming its subject."""
    if len(overrides) == 1 and n_reviews == 1:
        return overrides[0]
    subject = (review.meta.subject or "").lower()
    for row in overrides:
        if subject and str(row.get("subject", "")).lower() == subject:
            return row
    return {}


def document_params(
    ex: DocumentExtraction,
    kind: str = "review",
    overrides: list[dict[str, Any]] | None = None,
) -> DocumentRows:
    """The rows of an extracted review document.

    `overrides` (one dict per review, from a register row) win over what the text gave.
    """
    doc_id = ex.sha256
    params = document_rows(
        document_props(doc_id, ex.path, ex.format, ex.page_count, kind, ex.title)
    )
    params["doc"]["cases"] = len(ex.reviews)  # more than one: a briefing on several cases
    seen_passages: set[str] = set()
    used_ids: set[str] = set()
    evidence = [_evidence(review) for review in ex.reviews]
    owners = Counter(key for passages in evidence for key in passages)
    common = {key for key, n in owners.items() if n > 1}
    for index, review in enumerate(ex.reviews):
        extra = _override_for(review, overrides or [], len(ex.reviews))
        for field, value in extra.items():
            if value is not None and hasattr(review.meta, field):
                setattr(review.meta, field, value)
        rid = review_id(review.meta, doc_id, index)
        if rid in used_ids:
            rid = f"{rid}-{index + 1}"
        used_ids.add(rid)
        first, last = review.pages or (None, None)
        strong, weak = _theme_rows(review.themes)
        themes, characteristics = load_characteristics().split(strong)
        params["reviews"].append(ReviewRows(
            id=rid,
            props=review_props(review.meta, doc_id, "report",
                               {"id": rid, "first_page": first, "last_page": last}),
            boards=board_rows(review.meta),
            themes=themes,
            characteristics=characteristics,
            agencies=_hit_rows(review.agencies, "agency_id"),
            recs=_recs(rid, review, doc_id),
            findings=_findings(rid, review, doc_id),
        ))  # fmt: skip
        # a weak mention of what happened in the case is not a practice theme either: it is
        # left out rather than kept as a MENTIONS_THEME link to the topic
        weak = load_characteristics().split(weak)[0]
        if weak:
            params["reviews"][-1]["weak_themes"] = weak
        params["passages"] += _passages(doc_id, rid, evidence[index], seen_passages, common)
    if ex.shared is not None:
        params["doc_themes"] = _theme_rows(ex.shared.themes)[0]
        params["doc_recs"] = _recs(f"doc-{doc_id[:12]}", ex.shared, doc_id)
        params["passages"] += _passages(doc_id, None, _evidence(ex.shared), seen_passages)
    return params
