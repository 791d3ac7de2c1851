"""A paper for the board on one theme: assembled from named queries, written as DOCX or PDF.

`assemble` runs the named queries (recurring_themes, evidence, theme_recommendations,
open_on_recurring_theme) for a theme and the common filters and keeps their rows; the
writers only lay those rows out, so the paper says what the dashboard shows for the same
view. The CLI (`reviewgraph paper`) and the dashboard's Themes page both call this module.
The chart is drawn locally with matplotlib (no network); DOCX by python-docx, PDF by fpdf2.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.errors import ParameterError
from reviewgraph.queries.registry import FILTER_PARAMS, run_query

LEVELS = ("theme", "subtheme", "domain")
PASSAGES = 8  # the strongest passages quoted, at most one per review first
RECOMMENDATIONS = 25  # recommendations listed (the status counts cover all of them)
CHART_THEMES = 12  # bars in the chart: the most frequent themes, this one among them
MAX_ROWS = 5000
FORMATS = ("docx", "pdf")
FILTER_WORDS = {
    "types": "review types",
    "boards": "boards",
    "year_from": "from",
    "year_to": "to",
    "age_bands": "ages",
    "outcome": "outcome",
}


@dataclass
class Paper:
    """Everything the paper says, each part from the rows of one named query."""

    theme_id: str
    theme: str
    level: str
    filters: dict[str, Any]
    reviews: int  # reviews in view raising the theme
    base: int  # reviews in view
    percent: float
    themes: list[dict[str, Any]]  # recurring_themes rows (the chart)
    passages: list[dict[str, Any]]  # evidence rows quoted
    recommendations: list[dict[str, Any]]  # theme_recommendations rows
    recurring_open: list[dict[str, Any]]  # open_on_recurring_theme rows for this theme
    made: date = field(default_factory=date.today)

    @property
    def question(self) -> str:
        return (
            f"How often do our reviews raise {self.theme.lower()}, what did they find and "
            "recommend, and has it come back while actions are still open?"
        )

    @property
    def headline(self) -> str:
        """ "8 of 12 reviews in view (67%) raise Information sharing"."""
        return (
            f"{self.reviews} of {self.base} reviews in view ({self.percent:g}%) raise {self.theme}"
        )

    @property
    def statuses(self) -> list[tuple[str, int]]:
        counts = Counter(str(r["status"]) for r in self.recommendations)
        return counts.most_common()

    @property
    def view(self) -> str:
        """The filters in force in a few words."""
        parts = []
        for key, word in FILTER_WORDS.items():
            value = self.filters.get(key)
            if value:
                text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
                parts.append(f"{word} {text}")
        if self.filters.get("include_unpublished"):
            parts.append("including unpublished reviews (confidential)")
        if self.filters.get("include_register"):
            parts.append("register records included")
        return "; ".join(parts) if parts else "all published reports"


def _filters(given: dict[str, Any] | None) -> dict[str, Any]:
    names = {p.name for p in FILTER_PARAMS}
    return {k: v for k, v in (given or {}).items() if k in names}


def strongest(evidence: list[dict[str, Any]], n: int = PASSAGES) -> list[dict[str, Any]]:
    """The passages to quote: most mentions first, one per review before a second from any,
    newest reviews first among equals; register tags (no passage) are left out."""
    with_text = [r for r in evidence if r.get("passage")]
    ranked = sorted(
        with_text,
        key=lambda r: (-(r.get("mentions") or 0), -(r.get("year") or 0), str(r["review_id"])),
    )
    first: list[dict[str, Any]] = []
    rest: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for row in ranked:
        (rest if row["review_id"] in seen else first).append(row)
        seen.add(row["review_id"])
    return (first + rest)[:n]


def assemble(
    store: GraphStore, theme: str, filters: dict[str, Any] | None = None, level: str = "theme"
) -> Paper:
    """The paper on `theme` (id or name) for the reviews the filters keep."""
    if level not in LEVELS:
        raise ParameterError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    chosen = _filters(filters)
    themes = run_query(store, "recurring_themes", {**chosen, "level": level, "limit": MAX_ROWS})
    wanted = theme.strip().lower()
    row = next(
        (t for t in themes if wanted in (str(t["theme_id"]).lower(), str(t["theme"]).lower())),
        None,
    )
    if row is None:
        known = ", ".join(str(t["theme_id"]) for t in themes[:8])
        raise ParameterError(
            f"no review in view raises the {level} {theme!r}: the most frequent are {known}"
            if known
            else f"no review in view raises any {level}: load reports or widen the filters"
        )
    theme_id = str(row["theme_id"])
    evidence = run_query(store, "evidence", {**chosen, "theme": theme_id, "limit": MAX_ROWS})
    recs = run_query(
        store, "theme_recommendations", {**chosen, "theme": theme_id, "limit": MAX_ROWS}
    )
    open_rows = run_query(
        store, "open_on_recurring_theme", {**chosen, "level": level, "limit": MAX_ROWS}
    )
    return Paper(
        theme_id=theme_id,
        theme=str(row["theme"]),
        level=level,
        filters=chosen,
        reviews=int(row["reviews"]),
        base=int(row["reviews_in_view"]),
        percent=float(row["percent"]),
        themes=themes,
        passages=strongest(evidence),
        recommendations=recs,
        recurring_open=[r for r in open_rows if r["theme_id"] == theme_id],
    )


# -- the parts as text -------------------------------------------------------------------------


def _review(row: dict[str, Any]) -> str:
    bits = [str(row.get("subject") or row["review_id"]), str(row.get("type") or "")]
    if row.get("year"):
        bits.append(str(row["year"]))
    return " ".join(b for b in bits if b)


def _where(row: dict[str, Any]) -> str:
    page = f", page {row['page']}" if row.get("page") is not None else ""
    return f"{_review(row)} ({row.get('document') or 'document not named'}{page})"


def sections(paper: Paper) -> list[tuple[str, list[str]]]:
    """The paper as headed lists of paragraphs (both writers lay out the same text)."""
    open_n = sum(1 for r in paper.recommendations if r["status"] != "complete")
    status = "; ".join(f"{n} {s}" for s, n in paper.statuses) or "none"
    out: list[tuple[str, list[str]]] = [
        ("The question", [paper.question, f"Reviews in view: {paper.view}."]),
        (
            "The counts",
            [
                f"{paper.headline}.",
                f"{len(paper.recommendations)} recommendations were made on it, "
                f"{open_n} not complete ({status}).",
            ],
        ),
    ]
    out.append(
        (
            "The strongest evidence",
            [f"“{r['passage']}” — {_where(r)}" for r in paper.passages]
            or ["No passage in the reviews in view (register tags only)."],
        )
    )
    shown = paper.recommendations[:RECOMMENDATIONS]
    recs = [
        f"[{r['status']}] {_review(r)}, recommendation {r.get('number') or '–'}: {r['text']}"
        + (f" (due {r['due']})" if r.get("due") else "")
        for r in shown
    ]
    if len(paper.recommendations) > len(shown):
        recs.append(f"… and {len(paper.recommendations) - len(shown)} more.")
    out.append(("Recommendations made on it and their status", recs or ["None made."]))
    recur = [
        f"{r.get('number') or r['recommendation_id']} of {r['review_id']} ({r['year']}), "
        f"{r['status']}: raised again by {r['newer_reviews']} later reviews, the latest in "
        f"{r['latest_year']}. {r['text']}"
        for r in paper.recurring_open
    ]
    out.append(
        (
            "What recurs despite open actions",
            recur or ["No open recommendation on this theme was followed by a later review."],
        )
    )
    return out


# -- the chart ---------------------------------------------------------------------------------


def chart_png(paper: Paper) -> bytes:
    """Bars of the most frequent themes in view, this theme highlighted, as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    top = paper.themes[:CHART_THEMES]
    if all(t["theme_id"] != paper.theme_id for t in top):
        top = [
            *top[: CHART_THEMES - 1],
            next(t for t in paper.themes if t["theme_id"] == paper.theme_id),
        ]
    top = list(reversed(top))
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(top) + 1.2), dpi=150)
    colours = ["#e08214" if t["theme_id"] == paper.theme_id else "#1f4e79" for t in top]
    ax.barh([str(t["theme"]) for t in top], [int(t["reviews"]) for t in top], color=colours)
    for i, t in enumerate(top):
        ax.text(int(t["reviews"]), i, f" {t['reviews']} of {t['reviews_in_view']}", va="center",
                fontsize=7)  # fmt: skip
    ax.set_xlabel("Reviews raising it")
    ax.set_title(f"Most frequent practice {paper.level}s, {paper.base} reviews in view", fontsize=9)
    ax.tick_params(axis="y", labelsize=7)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


# -- the writers -------------------------------------------------------------------------------


def title(paper: Paper) -> str:
    return f"{paper.theme}: a paper for the board"


def to_docx(paper: Paper) -> bytes:
    from docx import Document
    from docx.shared import Inches

    doc = Document()
    doc.add_heading(title(paper), 0)
    doc.add_paragraph(f"Prepared {paper.made:%d %B %Y} with reviewgraph.")
    for n, (heading, paragraphs) in enumerate(sections(paper)):
        doc.add_heading(heading, 1)
        style = "List Bullet" if n >= 2 else None
        for text in paragraphs:
            doc.add_paragraph(text, style=style)
        if n == 1:
            doc.add_picture(io.BytesIO(chart_png(paper)), width=Inches(6.2))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _latin(text: str) -> str:
    """The core PDF fonts are Latin-1: typographic quotes and dashes become plain ones."""
    swaps = {"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "..."}
    for a, b in swaps.items():
        text = text.replace(a, b)
    return text.encode("latin-1", "replace").decode("latin-1")


def to_pdf(paper: Paper) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_title(_latin(title(paper)))
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin(title(paper)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 6, f"Prepared {paper.made:%d %B %Y} with reviewgraph.",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    for n, (heading, paragraphs) in enumerate(sections(paper)):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, _latin(heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 10)
        for text in paragraphs:
            pdf.multi_cell(0, 5, _latin(("- " if n >= 2 else "") + text),
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
            pdf.ln(1)
        if n == 1:
            pdf.image(io.BytesIO(chart_png(paper)), w=pdf.epw)
    return bytes(pdf.output())


def render(paper: Paper, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ParameterError(f"a paper is written as {' or '.join(FORMATS)}; got {fmt!r}")
    return to_docx(paper) if fmt == "docx" else to_pdf(paper)


def write(paper: Paper, out: Path) -> Path:
    """Write the paper to `out`, as DOCX or PDF by its suffix."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ParameterError(f"--out must end in .docx or .pdf; got {out.name!r}")
    out.write_bytes(render(paper, fmt))
    return out


def file_name(paper: Paper, fmt: str) -> str:
    return f"reviewgraph-paper-{paper.theme_id}.{fmt}"
