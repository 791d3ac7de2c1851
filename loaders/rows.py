"""The contract between extraction and the graph: what one document contributes, as typed rows.

loaders/graphrows.py builds a `DocumentRows` from an extraction (or a register, or an action
plan); loaders/writer.py writes it in one statement. The test and benchmark graphs
(tests/fixtures/tiny.py, bench/synth.py) are built as the same rows and written by the same
writer, so every graph the suite or a benchmark queries has the shape a real load gives.
The keys are the parameters of writer.WRITE_DOCUMENT; docs/GRAPH_MODEL.md shows the graph
they become.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

# Properties are open maps: a register may carry columns of its own onto a review, and the
# writer stores each map whole (`SET n += props`).
Props = dict[str, Any]


class ThemeRow(TypedDict):
    """A taxonomy theme (reference data)."""

    id: str
    name: str
    level: str  # domain | theme | subtheme
    domain: str
    layer: str | None
    definition: str | None


class CharacteristicRow(TypedDict):
    """A case characteristic (reference data, loaders/reference/characteristics.yaml)."""

    id: str
    name: str
    group: str  # abuse | death | relationship | circumstance
    group_name: str
    definition: str | None


class ParentRow(TypedDict):
    child: str
    parent: str


class AgencyRow(TypedDict):
    """A gazetteer agency and its sector (reference data)."""

    id: str
    name: str
    sector: str
    sector_id: str
    collective: bool


class BoardRow(TypedDict):
    id: str
    name: str
    kind: str


class HitRow(TypedDict):
    """A theme or agency found in a review (or a briefing), with the passages and pages."""

    id: str
    mentions: int
    evidence: list[str]
    pages: list[int]
    source: str  # text | model (loaders/theme_proposer.py) | register
    # a theme found in text: its weighted passages and its place among the case's themes
    # (loaders/strength.py); absent for agencies and register tags
    strength: NotRequired[float]
    rank: NotRequired[int]


class RecommendationRow(TypedDict):
    id: str
    props: Props  # id, number, text, page, section, review_id, doc
    agencies: list[str]  # agency ids it is addressed to
    themes: list[str]


class FindingRow(TypedDict):
    props: Props  # id, number, text, page, kind, section, review_id, doc
    themes: list[str]


class ReviewRows(TypedDict):
    """One review (case) the document describes, and what it says."""

    id: str
    props: Props  # type, title, subject, board, year, ..., doc, source
    boards: list[BoardRow]
    themes: list[HitRow]  # practice themes the default views count (the strong links)
    # themes the text mentions below the cut (MENTIONS_THEME): kept with their evidence
    weak_themes: NotRequired[list[HitRow]]
    # what happened in the case (loaders/characteristics.py); absent = none
    characteristics: NotRequired[list[HitRow]]
    agencies: list[HitRow]
    recs: list[RecommendationRow]
    findings: list[FindingRow]


class PassageRow(TypedDict):
    props: Props  # id, text, page, doc, review_id (None when said of several reviews)
    themes: list[str]


class ActionRow(TypedDict):
    props: Props  # id, review_ref, rec_number, action, owner, due, status, rec_id, doc, ...
    owners: list[str]


class DocumentRows(TypedDict):
    """Everything one file contributes; `replace` names the earlier versions it replaces and
    `keep_*` the reviews and recommendations that survive the replacement (same ids)."""

    doc: Props  # id (= sha256), sha256, path, name, format, pages, kind, title, loaded_at
    replace: list[str]
    keep_reviews: list[str]
    keep_recs: list[str]
    reviews: list[ReviewRows]
    doc_themes: list[HitRow]  # a multi-case briefing's cross-case themes
    doc_recs: list[RecommendationRow]  # and its recommendations to every case
    passages: list[PassageRow]
    actions: list[ActionRow]


def document_rows(doc: Props) -> DocumentRows:
    """The rows of a document that contributes nothing yet."""
    return DocumentRows(
        doc=doc, replace=[], keep_reviews=[], keep_recs=[], reviews=[], doc_themes=[],
        doc_recs=[], passages=[], actions=[],
    )  # fmt: skip
