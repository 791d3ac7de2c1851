"""Action plans: each row attached to the recommendation it tracks, by number or by text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.errors import InputError
from reviewgraph.loaders.register import read_table
from reviewgraph.loaders.rows import ActionRow
from reviewgraph.loaders.statuses import normal_status, status_words

if TYPE_CHECKING:
    from reviewgraph.loaders.gazetteer import Gazetteer

# Field -> accepted column headings (case-insensitive).
COLUMNS = {
    "review": ("review", "review name", "case"),
    "rec_number": ("recommendation number", "rec no", "rec number", "no.", "number"),
    "rec_text": ("recommendation", "recommendation text"),
    "owner": ("owner", "owner agency", "lead agency", "lead"),
    "action": ("action", "actions", "action to be taken"),
    "due": ("due date", "due", "deadline", "timescale", "target date"),
    "status": ("status", "rag status", "progress"),
    "evidence": ("evidence of completion", "evidence", "outcome"),
}
REQUIRED = ("review", "status")

TEXT_MATCH_THRESHOLD = 80  # rapidfuzz token_set_ratio, 0-100

RECS_FOR_MATCHING = """
MATCH (r:Review)-[:MADE]->(c:Recommendation)
RETURN r.id AS review_id, r.subject AS subject, r.type AS type, c.id AS id,
       c.number AS number, c.text AS text
"""


@dataclass
class ActionRows:
    actions: list[ActionRow]
    unmatched: list[str]


def _columns(header: list[str], path: Path) -> dict[str, str]:
    lowered = {h.lower().strip(): h for h in header}
    found = {
        f: next((lowered[a] for a in aliases if a in lowered), "") for f, aliases in COLUMNS.items()
    }
    missing = [f for f in REQUIRED if not found[f]]
    if missing or not (found["rec_number"] or found["rec_text"]):
        raise InputError(
            str(path),
            "wrong or missing columns for an action plan: need Review, Status and "
            f"Recommendation number or Recommendation (found {', '.join(header)})",
        )
    return found


def _find_review(ref: str, recs: list[dict[str, Any]]) -> set[str]:
    """Reviews whose subject the row names ("SCR Child K" -> the SCR about Child K)."""
    ref_low = ref.lower()
    hits = {r["review_id"] for r in recs if r["subject"] and r["subject"].lower() in ref_low}
    typed = {r["review_id"] for r in recs if r["review_id"] in hits and r["type"]
             and re.search(rf"\b{r['type'].lower()}\b", ref_low)}  # fmt: skip
    return typed or hits


def _match(row: dict[str, str], recs: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    from rapidfuzz import fuzz

    candidates = [r for r in recs if r["review_id"] in _find_review(row["review"], recs)]
    number = row.get("rec_number", "").strip().rstrip(".")
    if number and candidates:
        for r in candidates:
            if (r["number"] or "").strip().rstrip(".") == number:
                return r["id"], "number"
    text = row.get("rec_text", "")
    if text:
        pool = candidates or recs
        scored = [(fuzz.token_set_ratio(text, r["text"] or ""), r["id"]) for r in pool]
        if scored:
            score, rec_id = max(scored)
            if score >= TEXT_MATCH_THRESHOLD:
                return rec_id, "text"
    return None, None


def action_rows(path: Path, doc_id: str, store: GraphStore, gazetteer: Gazetteer) -> ActionRows:
    """The Action nodes of an action plan, matched to recommendations already in the graph."""
    table = read_table(path)
    cols = _columns(list(table[0]), path)
    recs = store.read(RECS_FOR_MATCHING)
    actions: list[ActionRow] = []
    unmatched: list[str] = []
    for number, raw in enumerate(table, start=2):
        row = {f: raw.get(c, "") if c else "" for f, c in cols.items()}
        rec_id, how = _match(row, recs)
        if rec_id is None:
            unmatched.append(
                f"row {number}: {row['review']} / {row['rec_number'] or row['rec_text'][:60]}"
            )
        status = normal_status(row["status"])
        key = hashlib.sha256(repr(sorted(row.items())).encode()).hexdigest()[:8]
        props = {
            "id": f"{doc_id}/{number}-{key}",
            "review_ref": row["review"],
            "rec_number": row["rec_number"] or None,
            "rec_text": row["rec_text"] or None,
            "owner": row["owner"] or None,
            "action": row["action"] or None,
            "due": row["due"] or None,
            "status": status,
            "status_text": status_words(row["status"]),  # the board's words, as written
            "evidence": row["evidence"] or None,
            "doc": doc_id,
            "rec_id": rec_id,
            "match": how,
        }
        owner = row["owner"]
        owners = (
            (gazetteer.addressees(owner) or gazetteer.match_text(owner, collective=True))
            if owner
            else []
        )
        actions.append(ActionRow(props=props, owners=owners))
    return ActionRows(actions, unmatched)
