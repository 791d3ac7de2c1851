"""Typed records that flow between the loader stages: read -> clean -> extract -> write."""

from __future__ import annotations

from dataclasses import dataclass, field

REVIEW_TYPES = ("SCR", "CSPR", "SAR", "DHR", "CPR", "TTR", "OTHER")
AGE_BANDS = ("under 1", "1-5", "6-10", "11-15", "16-17", "adult")


@dataclass(frozen=True)
class Page:
    """One page of text as it came out of a reader; numbers start at 1."""

    number: int
    text: str


@dataclass
class RawDocument:
    """What a reader yields: the pages of one file, before cleaning."""

    path: str
    format: str  # pdf, docx, html, txt, md
    pages: list[Page]
    title: str | None = None
    # page headers and footers a format keeps apart from the body (a DOCX's), once each
    furniture: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    """A cleaned line of text with the page it sits on."""

    page: int
    text: str
    # True when the source marked a paragraph break before this line (a blank line, a new
    # DOCX or HTML paragraph); left out of equality so Line(page, text) compares as before.
    starts_paragraph: bool = field(default=False, compare=False)


@dataclass
class Section:
    """A run of lines under one heading; `kind` is a canonical section name or None."""

    heading: str
    kind: str | None
    lines: list[Line] = field(default_factory=list)
    level: int = 1

    @property
    def first_page(self) -> int | None:
        return self.lines[0].page if self.lines else None


@dataclass(frozen=True)
class Evidence:
    """A passage that supports a link, with where it came from."""

    text: str
    page: int
    section: str | None = None


@dataclass
class ThemeHit:
    theme_id: str
    mentions: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    # the sentences signalling it, weighted by section (loaders/strength.py); 0: not weighed
    strength: float = 0.0
    strong: bool = True  # counted by the default views
    # the kind of case it is ("killed by her former partner"): counted whenever the case's
    # own text names it, however seldom (a report says it once, in its introduction)
    defining: bool = False
    # the theme proposer's probability when it proposed the theme (loaders/theme_proposer.py):
    # counted if a place is left after the themes the phrases rank; 0: not proposed
    proposed: float = 0.0


@dataclass
class AgencyHit:
    agency_id: str
    mentions: int = 0
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Recommendation:
    number: str | None
    text: str
    page: int
    agencies: list[str] = field(default_factory=list)  # agency ids it is addressed to
    themes: list[str] = field(default_factory=list)  # theme ids
    section: str | None = None
    status: str | None = None  # in the board's words ("Achieved and closed"), else None
    # its class (complete, in progress, open, overdue): what the report's key says the
    # words mean, else what they say (loaders/statuses.py); None when they name none
    status_class: str | None = None
    lead: str | None = None  # the Lead / Owner / Responsible cell or line, as written
    due: str | None = None  # the Due / Timescale / By when cell, as written
    progress: str | None = None  # the Progress cell or line, as written
    # its table row's other short cells, as written: a row may name its case ("DHR Ruth")
    # in a table of several reviews' recommendations; not stored in the graph
    row: tuple[str, ...] = ()


@dataclass
class Finding:
    number: str | None
    text: str
    page: int
    kind: str = "finding"  # finding | learning
    themes: list[str] = field(default_factory=list)
    section: str | None = None


@dataclass
class ReviewMeta:
    """Metadata of one review; None means unknown, never a guess."""

    type: str | None = None
    board: str | None = None
    subject: str | None = None
    year: int | None = None
    age: str | None = None  # as written, e.g. "8 months", "17"
    age_band: str | None = None
    gender: str | None = None
    outcome: str | None = None  # fatal | non-fatal
    harm: str | None = None
    published: bool | None = None
    title: str | None = None


@dataclass
class ReviewExtraction:
    """Everything extracted about one case (a document may hold several)."""

    meta: ReviewMeta
    themes: list[ThemeHit] = field(default_factory=list)
    agencies: list[AgencyHit] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    pages: tuple[int, int] | None = None  # first and last page of the case's own text


@dataclass
class DocumentExtraction:
    """The result of extracting one document, ready to write in one transaction."""

    sha256: str
    path: str
    format: str
    page_count: int
    title: str | None
    reviews: list[ReviewExtraction]
    # Cross-case material of a multi-case briefing: themes and recommendations
    # that belong to the document as a whole, not to one case.
    shared: ReviewExtraction | None = None
    unknown_organisations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
