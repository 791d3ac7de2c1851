"""Recommendations and what a report says of each: status, lead, due date and progress.

Layouts read: numbered, lettered or bulleted items under a recommendations heading
("Recommendation 3:", "R2", "(b)", "a)"); sentences "The panel recommends that …"; the
rows of a table (DOCX, HTML, or a PDF table whose cells came out as plain lines) whose
header names its columns in any usual wording ("Status", "RAG", "Progress", "Lead agency",
"Owner", "Responsible", "Due", "Timescale", "By when"); lines after an item that label a
field ("Status: Complete", "Lead: Police"); an action plan's row of the same number; and,
in a case without a recommendations section, a bullet that starts "Recommendation:".

Statuses are also read by what the cells and items say rather than by their labels: a
table whose one column is mostly status words (any header, numbered or not); a status in
brackets at an item's start or end or after its number; unlabelled statuses opening an
item or ending a flattened row, when two items of a list carry one; a tracker's numbered
rows (R1 | owner | status) in an appendix under any title. Recommendations may also be
paragraphs under the heading, one per heading ("Recommendation One"), or a numbered list
of outcomes without a modal verb ("1. Every child reported missing is offered …").

Action plans with several action rows per recommendation (its number on the first row, on
every row, or on its actions as "1.1" / "2b") give each recommendation its overall
column's status, else the least advanced of its actions'. A table row may carry its number
inside its text cell ("R1 The school should … | Agreed. Status: Closed"), a table split by
a merged section row keeps its header, and a key to the colours or to the report's own
rating words ("Partially achieved: work started …") rates every status cell after it.

The words of a status and a report's key to them are read in loaders/recstatus.py; a
status away from its recommendation is linked to it in loaders/linked_statuses.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reviewgraph.loaders.clean import continues, paragraphs, split_cells, text_width
from reviewgraph.loaders.linked_statuses import (
    _NOT_STATUS_HEADER,
    _STATE_HEADER,
    _linked_statuses,
    _short_value,
    _state_field,
)
from reviewgraph.loaders.models import Line, Recommendation, Section
from reviewgraph.loaders.recstatus import (
    _FIELD_LINE,
    _NAMED_REC,
    _RAG,
    _RAG_KEY,
    _STATUS_PHRASE,
    _STATUS_PREFIX,
    MONTH_WORD,
    _status_classes,
    _widened,
    rag_key,
    status_from,
)
from reviewgraph.loaders.statuses import normal_status, status_class
from reviewgraph.loaders.structure import Item, classify_heading, item_start, numbered_items

if TYPE_CHECKING:
    from reviewgraph.loaders.extract import Matchers

REC_KINDS = {"recommendations", "action_plan"}
# Sentences shorter than this are headings or table debris, not evidence.
MIN_SENTENCE = 25
# A recommendation asks someone to act; "The panel makes the following recommendations." does not.
_ASKS = re.compile(
    r"\b(?:should|must|will|shall|ensures?|needs? to|to consider|is asked|are asked)\b", re.I
)
# "The Review Panel recommends that:" introduces a list whose every item is a recommendation.
_LEAD_IN = re.compile(r"\brecommends?(?:\s+that)?\s*:?\s*$", re.I)
# "The panel also recommends that the CSP seeks assurance …" as a sentence of its own.
_RECOMMENDS_THAT = re.compile(
    r"^(?:The|This|Our)\s+(?:[\w-]+\s+){0,3}?(?:also\s+)?recommends?\s+that\s+(?P<text>\S.{20,})$",
    re.I,
)
# A bullet on a slide or in a summary: "Recommendation: schools should …"
# A status symbol may open it, a letter its number, and whom it asks follow it in brackets:
# "✓ Recommendation T1 (GPs, through the ICB): re-launch …"
_REC_BULLET = re.compile(
    r"^(?:[^\w\s(\[]{1,3}\s*)?Recommendations?\s*(?:[A-Z]?(?P<number>\d{1,2}))?"
    r"(?:\s*\((?P<whom>[^()]{2,80})\))?\s*[:\-–]\s*(?P<text>\S.+)$",
    re.I,
)

# an item's marker that says it is a recommendation: "Recommendation 3", "Rec. 2"
_REC_MARKER = re.compile(r"^(?i:rec(?:ommendation)?)\b\.?\s*\d")

# Column headers, in any usual wording.
_REC_COLUMN = re.compile(r"^recommendations?\b", re.I)
COLUMNS: dict[str, re.Pattern[str]] = {
    "status": re.compile(
        r"^(?:(?:current|latest|assurance|delivery|implementation|overall)\s+)?"
        r"(?:status|rag(?:\s+(?:rating|status))?)\b"
        # a rating of how far it has got: "Progress rating", "Assurance rating", "Rating"
        r"|^(?:[\w-]+\s+)?rating\b",
        re.I,
    ),
    "progress": re.compile(
        r"^(?:(?:current|latest)\s+)?(?:progress(?:\s+(?:update|to date|so far))?|update"
        r"|position)\b|^outcome\s+so\s+far\b",
        re.I,
    ),
    "lead": re.compile(
        r"^(?:lead(?:\s+(?:agency|agencies|organisation|partner))?|owners?|responsible"
        r"(?:\s+(?:agency|organisation|officer|lead))?|addressed\s+to|agency|who)\b",
        re.I,
    ),
    "due": re.compile(
        r"^(?:due(?:\s+date)?|deadline|timescales?|target(?:\s+date)?|by\s+when|date\s+due"
        r"|completion\s+date|when)\b",
        re.I,
    ),
}


# The same labels where numbered_items joined such a line onto its item ("… flagged. Lead:").
_JOINED_FIELD = re.compile(
    r"\s(?:(?:(?:Current|Latest) (?:[Ss]tatus|[Pp]rogress|[Uu]pdate|[Pp]osition)"
    r"|Status|Progress|Update|Position)"
    r"(?: update| to date| so far)?(?: \([^()]{2,25}\)| (?:at|as at|in|on) [\w ]{3,20}?)?"
    r"|RAG(?: rating| status)?|Lead(?: agency)?|Owner"
    r"|Responsible(?: agency)?|Due(?: date)?|Deadline|Timescale|Target date|By when"
    r"|(?:Agency )?Response)\s*:\s"
)


# Items and fields that a renderer ran into one paragraph ("… Status: Complete
# Recommendation 2: The Trust should …", "recommends that: a) the police … b) the ICB …"):
# where each starts again, inside the paragraph.
_INLINE_REC = re.compile(r"(?<=\S)\s+(?=Recommendation\s+\d{1,2}\s*[:\-–]\s)")
_INLINE_FIELD = re.compile(
    r"(?<=[.!?)])\s+(?=(?:(?:(?:Current|Latest) (?:[Ss]tatus|[Pp]rogress|[Uu]pdate|[Pp]osition)"
    r"|Status|Progress|Update|Position)"
    r"(?: update| to date| so far)?(?: \([^()]{2,25}\)| (?:at|as at|in|on) [\w ]{3,20}?)?"
    r"|RAG(?: rating| status)?"
    r"|Lead(?: agency)?|Owner|Responsible(?: agency)?|Due(?: date)?|Deadline"
    r"|Timescale|Target date|By when|(?:Agency )?Response)\s*:\s)"
)
_INLINE_RECOMMENDS = re.compile(
    r"(?<=[.!?])\s+(?=(?:The|This|Our)\s+(?:[\w-]+\s+){0,3}?(?:also\s+)?recommends?\s+that\b)"
)
# "a) … b) … c)" or "1) … 2) …" after a colon or a sentence's end, in sequence from a or 1
_INLINE_MARKER = re.compile(r"(?:^|(?<=[:.;])\s+)\(?([a-z]|\d{1,2})\)\s+(?=\S)")


def _marker_run(text: str) -> list[int]:
    """Where an enumeration run inside `text` starts each item: "a)", "b)", … (or "1)",
    "2)", …) in sequence from the first; none unless two or more follow in order."""
    run: list[int] = []
    expected: str | None = None
    for m in _INLINE_MARKER.finditer(text):
        mark, at = m.group(1), m.start(1) - (text[m.start(1) - 1 : m.start(1)] == "(")
        if mark in ("a", "1"):
            if len(run) >= 2:
                break
            run, expected = [at], mark
        elif expected is not None and mark == _next_mark(expected):
            run.append(at)
            expected = mark
    return run if len(run) >= 2 else []


# "4.1 The Board should … 4.2 The acute trust should …": decimal paragraph numbers after a
# sentence's end, in sequence under one major number (4.1, 4.2, 4.3)
_INLINE_DECIMAL = re.compile(r"(?:^|(?<=[.!?;])\s+)(\d{1,2})\.(\d{1,2})\s+(?=[A-Z])")


def _decimal_run(text: str) -> list[int]:
    """Where decimal paragraph numbers run in sequence inside `text` ("4.1 … 4.2 … 4.3"):
    each one's start; none unless two or more follow in order under one major number."""
    run: list[int] = []
    last: tuple[int, int] | None = None
    for m in _INLINE_DECIMAL.finditer(text):
        major, minor = int(m.group(1)), int(m.group(2))
        if last is not None and major == last[0] and minor == last[1] + 1:
            run.append(m.start(1))
        elif len(run) >= 2:
            break
        else:
            run = [m.start(1)]
        last = (major, minor)
    return run if len(run) >= 2 else []


def _next_mark(mark: str) -> str:
    return str(int(mark) + 1) if mark.isdigit() else chr(ord(mark) + 1)


def split_inline(lines: list[Line]) -> list[Line]:
    """The lines with each paragraph that runs several items or labelled fields together
    cut where each starts ("Recommendation 2:", "b)", "Status:", "The panel also recommends
    that"); each piece a paragraph of its own. Table rows and other paragraphs are kept."""
    width = text_width(lines)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and continues(groups[-1][-1], line, width):
            groups[-1].append(line)
        else:
            groups.append([line])
    out: list[Line] = []
    for group in groups:
        text = " ".join(line.text for line in group)
        if " | " in text or text.startswith("#"):
            out += group
            continue
        cuts = {m.end() for p in (_INLINE_REC, _INLINE_FIELD, _INLINE_RECOMMENDS)
                for m in p.finditer(text)}  # fmt: skip
        cuts |= {i for i in (*_marker_run(text), *_decimal_run(text)) if i > 0}
        if not cuts:
            out += group
            continue
        bounds = [0, *sorted(cuts), len(text)]
        pieces = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
        out += [Line(group[0].page, piece, starts_paragraph=True) for piece in pieces if piece]
    return out


@dataclass
class RecItem:
    """One recommendation as the page sets it out, with the fields the report gives."""

    number: str | None
    text: str
    page: int
    heading: str
    fields: dict[str, str] = field(default_factory=dict)
    listed: bool = False  # introduced by "recommends that:": no modal verb needed
    others: tuple[str, ...] = ()  # a table row's other short cells (an agency, a date)
    owner: str | None = None  # a row's first cell naming whose it is ("Bobby | 1. …")


def _headers(lines: list[Line]) -> list[tuple[str, ...]]:
    """The header rows of the tables in `lines` (table rows that are not numbered items)."""
    return [
        tuple(split_cells(line.text))
        for line in lines
        if " | " in line.text and item_start(line.text) is None
    ]


def _row_fields(cells: tuple[str, ...], headers: list[tuple[str, ...]]) -> dict[str, str]:
    """A table row's cells under the columns its header names (status, progress, lead, due)."""
    out: dict[str, str] = {}
    for header in reversed(headers):
        if len(header) == len(cells) - 1 and _ITEM_MARK.match(cells[0]):
            cells = cells[1:]  # the number split off its first cell ("1. Exclusion as a risk")
        if len(header) != len(cells):
            continue
        for name, pattern in COLUMNS.items():
            named = [
                (i, j)
                for i, h in enumerate(header)
                for j, words in enumerate(h.split(" / "))
                if pattern.match(words)
            ]
            # of two columns for one field, the last: a register adds each quarter's
            # status to the right ("Status Q2 | Status Q3")
            column, part = named[-1] if named else (None, 0)
            if column is not None and cells[column]:
                out[name] = _in_language(cells[column], header[column], part)
        if out:
            break
    else:
        out = {}
    if "status" not in out:  # a mark in one of its rating columns: "… | | X |"
        ticked = _ticked(cells, headers)
        if ticked:
            out["status"] = ticked
    if "status" not in out:  # a column whose header names a state: "Done?", "Assurance level"
        for header in reversed(headers):
            if len(header) == len(cells):
                out.update(_state_field(header, cells))
                break
    if "status" not in out:  # no Status column: a short cell that reads as a status
        status = next((c for c in cells[1:] if _status_cell(c)), None)
        if status:
            out["status"] = status
    if "status" not in out:  # a status labelled at the end of a cell ("… Status: Closed.")
        said = next((m for c in cells[1:] for m in [_CELL_STATUS.search(c)] if m), None)
        if said and status_from(said.group(1)):
            out["status"] = said.group(1)
    return out


# what marks a column as the row's: "X", "✓", "●", "Yes"
_MARK = re.compile(r"^(?:[xX✓✔●•■☑☒]|(?i:yes))$")


def _ticked(cells: Sequence[str], headers: list[tuple[str, ...]]) -> str | None:
    """The header of the one column a row marks among two or more columns of short
    headers, each marked in some row and otherwise left empty: a matrix of ratings
    ("Evident | Partly evident | Not evident" with an X under one)."""
    for header in reversed(headers):
        if len(header) != len(cells):
            continue
        marked = [j for j, c in enumerate(cells) if _MARK.match(c)]
        if len(marked) != 1:
            return None
        # the run of columns around the mark whose cells are marks or empty
        lo = hi = marked[0]
        while lo > 0 and (not cells[lo - 1] or _MARK.match(cells[lo - 1])):
            lo -= 1
        while hi + 1 < len(cells) and (not cells[hi + 1] or _MARK.match(cells[hi + 1])):
            hi += 1
        names = header[lo : hi + 1]
        if len(names) >= 2 and all(0 < len(n.split()) <= 4 for n in names):
            return header[marked[0]]
        return None
    return None


def _in_language(cell: str, header: str, part: int) -> str:
    """A bilingual cell's part in the language its header's matching words are in
    ("Wedi'i gyflawni / Accomplished" under "Statws / Status" -> "Accomplished")."""
    parts = cell.split(" / ")
    return parts[part].strip() if len(parts) == len(header.split(" / ")) > 1 else cell


# a row's number as item_start splits it off the first cell: "1.", "R2", "(a)"
_ITEM_MARK = re.compile(r"^\(?(?:[A-Z]?\d{1,2}|[a-z])[.):]?$")
# A status labelled inside a response or progress cell, after its sentences: "Agreed. …
# Status: Closed.", "… RAG: Amber", "Current status - Superseded - now part of …"
_CELL_STATUS = re.compile(
    r"(?:^|(?<=[.;!?)])\s)(?:(?:current|latest|overall)\s+)?(?:status|rag(?:\s+(?:rating|status))?)"
    r"\s*[:\-–]\s*(\S[^.;]{0,60})",
    re.I,
)


def _status_cell(cell: str) -> bool:
    """A cell that gives a status: its status words or RAG colour, perhaps with a date or a
    short note ("Complete - March 2025", "Still outstanding", "Green")."""
    return len(cell.split()) <= 15 and status_from(cell) is not None


# A header that names the actions a table tracks, in any wording.
_ACTION_HEADER = re.compile(r"\b(?:recommend|action|learning|improvement|change|task)", re.I)


def _status_rows(lines: list[Line], heading: str, asked: bool) -> list[RecItem]:
    """The unnumbered rows of a table whose one column holds mostly statuses and another
    long text: each row a recommendation with that status, whatever the headers say; the
    lead, due date and progress from the columns its header names, and the other short
    cells kept (an agency column under any header). Numbered rows are items already. The
    table must be one of actions: under a recommendations heading (`asked`), or a header
    naming them, or text that asks someone to act (not a table of agencies' past
    contacts whose cases are "Closed")."""
    tables: list[list[Line]] = []
    for k, line in enumerate(lines):
        if " | " not in line.text:
            continue
        if tables and k > 0 and " | " in lines[k - 1].text:
            tables[-1].append(line)
        else:
            tables.append([line])
    out: list[RecItem] = []
    for table in tables:
        rows = [(line, tuple(split_cells(line.text))) for line in table]
        width = max((len(c) for _, c in rows), default=0)
        body = [(line, c) for line, c in rows[1:] if len(c) == width]
        if width < 2 or len(body) < 2:
            continue
        hits = [sum(_status_cell(c[j]) for _, c in body) for j in range(width)]
        column = max(range(width), key=lambda j: hits[j])
        stated = hits[column] >= max(2, 0.6 * len(body))
        if not stated:  # a column whose header names a state, of short values: "Done? | Partly"
            head = rows[0][1] if len(rows[0][1]) == width else ()
            column = next(
                (
                    j
                    for most in (3, 5)  # the column of shorter values first
                    for j, name in enumerate(head)
                    if _state_field((name,), (body[0][1][j],))
                    and all(_short_value(c[j], most) for _, c in body)
                ),
                -1,
            )
            if column < 0:
                continue
        lengths = [sum(len(c[j]) for _, c in body) / len(body) for j in range(width)]
        text_at = max((j for j in range(width) if j != column), key=lambda j: lengths[j])
        if lengths[text_at] < 40:
            continue
        header = [rows[0][1]] if len(rows[0][1]) == width else []
        if stated and header and _status_cell(header[0][column]):  # no header: a row first
            body, header = [rows[0], *body], []
        asks = sum(bool(_ASKS.search(c[text_at])) for _, c in body) * 2 >= len(body)
        named = bool(header) and bool(_ACTION_HEADER.search(header[0][text_at]))
        if not (asked or asks or named):
            continue
        for line, cells in body:
            if item_start(line.text) is not None or (stated and not _status_cell(cells[column])):
                continue
            if len(cells[text_at]) < MIN_SENTENCE:
                continue
            fields = {
                k: v for k, v in _row_fields(cells, header).items() if k not in ("status", "state")
            }
            fields["status" if stated else "state"] = cells[column]
            others = tuple(
                c
                for j, c in enumerate(cells)
                if j not in (column, text_at) and 0 < len(c.split()) <= 6
            )
            # its number at the start of its text ("Police | 1. Treat children …")
            opened = item_start(cells[text_at])
            number, text = (opened.number, opened.text) if opened and opened.number else (None, "")
            out.append(
                RecItem(number, text or cells[text_at], line.page, heading, fields, others=others)
            )
    return out


def _row_text(item: Item, headers: list[tuple[str, ...]] | None = None) -> str:
    """An item's text; for a table row, the cell under a header naming the recommendation,
    else the first cell of five words or more that asks someone to act, else the longest
    that is not a status ("1 | Embedded | The police should …"; "R1 The school should … |
    Agreed. The procedure was rewritten …"), else its first cell after the number."""
    for header in reversed(headers or []):
        # the item's number split off its first cell ("1." | "Agree a protocol …")
        shift = int(len(item.cells) == len(header) + 1 and item.cells[0] == item.marker.strip())
        if len(header) + shift == len(item.cells):
            column = next((j for j, h in enumerate(header) if _REC_HEADER.search(h)), None)
            if column is not None and len(item.cells[column + shift].split()) >= 5:
                return item.cells[column + shift]
            break
    cells = [c for c in item.cells[1:] if len(c.split()) >= 5 and not _status_cell(c)]
    asking = [c for c in cells if _ASKS.search(c)]
    if asking:
        return asking[0]
    return max(cells, key=len) if cells else item.text


# A header naming the column of recommendations: "Recommendation", "Learning and
# recommendation", "What we recommend".
_REC_HEADER = re.compile(r"\brecommend", re.I)


def _with_fields(section: Section, inherited: list[tuple[str, ...]] | None = None) -> list[RecItem]:
    """The section's items, each with the fields of its table row or of the labelled lines
    that follow it ("Status: Complete"), and "The panel recommends that …" sentences.
    `inherited`: the header rows of a table that began in an earlier section (its rows
    split by a row merged across the table, read as a heading)."""
    lines = split_inline(section.lines)
    headers = _headers(lines) or list(inherited or [])
    items = numbered_items(lines)
    out: list[RecItem] = []
    index = -1
    listed = False
    extra: list[RecItem] = []
    for line in lines:
        text = line.text.strip()
        if not line.text.startswith("#") and item_start(line.text) is not None:
            index += 1
            if index < len(items):
                item = items[index]
                fields = _row_fields(item.cells, headers) if item.cells else {}
                said = _MARKER_STATUS.search(item.marker)
                if said and status_from(said.group(1)):  # "Recommendation 2 (In progress):"
                    fields.setdefault("status", said.group(1))
                # "Recommendation 3 asked the ICB to …": named so, it needs no "should"
                # (a title after the name is not the recommendation: "Recommendation 2:
                # school attendance and neglect", its text in the bullets under it)
                named = bool(_REC_MARKER.match(item.marker)) and len(item.text.split()) >= 8
                text = _row_text(item, headers)
                # a row's other short cells (whose review it is: "SAR Edith")
                # (the first cell too, when it is not the item's number: "Bobby | 1. …")
                start = int(item.cells[0].strip() == item.marker.strip()) if item.cells else 0
                others = tuple(
                    c
                    for c in item.cells[start:]
                    if c and c != text and c not in fields.values() and len(c.split()) <= 8
                )
                out.append(
                    RecItem(
                        item.number,
                        text,
                        item.page,
                        section.heading,
                        fields,
                        listed or named,
                        others,
                        item.cells[0] if item.cells and not start else None,
                    )
                )
            continue
        labelled = _FIELD_LINE.match(text)
        if labelled and out and index >= 0:
            label = labelled.group("label").lower()
            name = next((n for n, p in COLUMNS.items() if p.match(label)), None)
            if name and name not in out[-1].fields:
                value = labelled.group("value").strip()
                out[-1].fields[name] = value.rstrip(".") if name == "lead" else value
            continue
        if _LEAD_IN.search(text):
            listed = True
        said = _RECOMMENDS_THAT.match(text)
        if said and not text.endswith(":"):
            body = said.group("text")
            text = body[0].upper() + body[1:]
            extra.append(RecItem(None, text, line.page, section.heading, listed=True))
    # "a) ... b) ..." after "recommends that:" continue the sentence: strip a trailing
    # field line that numbered_items joined in ("… Status: Complete").
    for rec in out:
        cut = _JOINED_FIELD.search(rec.text)
        if cut:
            _joined_fields(rec, rec.text[cut.start() :])
            rec.text = rec.text[: cut.start()]
        said = _TRAILING_STATUS.search(rec.text) if rec.text.endswith((")", ").", "]")) else None
        if said:  # "… weight loss (complete).", "… [Completed March 2025]"
            rec.fields.setdefault("status", said.group(1))
            rec.text = rec.text[: said.start()].rstrip().rstrip(".") + "."
        said = _LEADING_STATUS.match(rec.text)
        if said:  # "[Complete] The police should …"
            rec.fields.setdefault("status", said.group(1))
            rec.text = rec.text[said.end() :]
    _unmarked_statuses(out, lines, items)
    asked = section.kind in REC_KINDS
    return out + _status_rows(lines, section.heading, asked) + extra


_MARKER_STATUS = re.compile(r"[(\[]([^()\[\]]+)[)\]]")
# A status in brackets at the end or the start of an item: "… health checks (not
# started).", "… [Completed March 2025]", "[Complete] The police should …", "(RAG: Green) …"
_BRACKETED = (
    rf"(?:(?:status|rag)\s*[:\-–]?\s*)?((?:{_STATUS_PHRASE}|green|amber|red)\b[^()\[\]]{{0,40}}?)"
)
_TRAILING_STATUS = re.compile(rf"\s*[(\[]\s*{_BRACKETED}\s*[)\]]\.?$", re.I)
_LEADING_STATUS = re.compile(rf"^[(\[]\s*{_BRACKETED}\s*[)\]]\s*[:\-–]?\s*(?=\S)", re.I)
# Unmarked, a status reads as one only where two items of a list or more carry it the same
# way: opening the item ("Complete: The police should …", "In progress - The ICB …"), or
# after its text, alone or with the lead and a note (a PDF table row flattened to lines:
# "… within 72 hours. Children's social care Done - new service since July 2024").
_STATUS_OPENS = re.compile(rf"^((?:{_STATUS_PHRASE}))\s*[:\-–]\s+(?=(?-i:[A-Z]))", re.I)
_STATUS_TAIL = re.compile(
    rf"^(?P<lead>(?:[\w'’&/,()-]+\s+){{0,6}}?)(?P<status>(?i:{_STATUS_PHRASE}|green|amber|red))"
    r"\b(?P<rest>.*)$"
)
_SENTENCE_BREAK = re.compile(r"[.!?]['\")\]]*\s+")
_NOTE = re.compile(r"^\s*(?:[-–:(,]|$)")


def _status_tail(text: str) -> tuple[str, str] | None:
    """(status, lead) when `text` is a row's end: a status in capitals with a note, a lead
    before it or after it ("Children's social care Done - policy changed", "Complete CAMHS");
    None for a sentence ("Completed audits should be shared …")."""
    said = _STATUS_TAIL.match(text.strip())
    if not said or not said.group("status")[0].isupper() or len(text.split()) > 20:
        return None
    lead, rest = said.group("lead").strip(), said.group("rest")
    if _ASKS.search(lead) or not (
        _NOTE.match(rest) or (len(rest.split()) <= 5 and not _ASKS.search(rest))
    ):
        return None
    if not lead and not _NOTE.match(rest):
        lead = rest.strip(" .")
    return said.group("status") + (rest if _NOTE.match(rest) else ""), lead


_CAP_STATUS = re.compile(
    r"\b(?:Complete|Completed|Fully|In progress|Not|Overdue|Ongoing|On track|Delayed|Achieved"
    r"|Partially|Superseded|Open|Closed|Implemented|Done|Still|Outstanding|Embedded|Under"
    r"|Started|Green|Amber|Red|COMPLETE|COMPLETED|DONE|OPEN|CLOSED|ONGOING)\b"
)


def _unmarked_statuses(out: list[RecItem], lines: list[Line], items: list[Item]) -> None:
    """Statuses a list gives its items without a label (see _STATUS_OPENS, _STATUS_TAIL),
    when two items or more carry one."""
    if sum("status" not in r.fields for r in out) < 2:
        return
    if not any(_CAP_STATUS.search(line.text) for line in lines):
        return  # no status word in capitals anywhere: nothing to find
    found: list[tuple[RecItem, dict[str, str], str]] = []
    for rec in (r for r in out if "status" not in r.fields):
        said = _STATUS_OPENS.match(rec.text)
        if said:
            found.append((rec, {"status": said.group(1)}, rec.text[said.end() :]))
            continue
        for brk in _SENTENCE_BREAK.finditer(rec.text):
            tail = _status_tail(rec.text[brk.end() :])
            if tail:
                fields = {"status": tail[0], **({"lead": tail[1]} if tail[1] else {})}
                found.append((rec, fields, rec.text[: brk.end()].strip()))
                break
    # a row's last cells on a line of their own after the item
    after = _lines_after_items(lines, items)
    for rec, line in zip(out, after, strict=False):
        tail = _status_tail(line) if line and "status" not in rec.fields else None
        if tail and not any(f[0] is rec for f in found):
            found.append(
                (rec, {"status": tail[0], **({"lead": tail[1]} if tail[1] else {})}, rec.text)
            )
    if len(found) < 2:
        return
    for rec, fields, text in found:
        for name, value in fields.items():
            rec.fields.setdefault(name, value)
        rec.text = text


def _lines_after_items(lines: list[Line], items: list[Item]) -> list[str]:
    """For each item in `lines`, the first line after it that no item took, if the next line
    that opens an item (or the end) follows it; "" when none."""
    out: list[str] = []
    taken = "\n".join(" ".join(it.text.split()) for it in items)
    current: int | None = None
    pending = ""
    for line in lines:
        if not line.text.startswith("#") and item_start(line.text) is not None:
            if current is not None:
                out.append(pending)
            current, pending = len(out), ""
            continue
        text = line.text.strip()
        if current is not None and not pending and text and text not in taken:
            pending = text
    if current is not None:
        out.append(pending)
    return out


def _joined_fields(rec: RecItem, rest: str) -> None:
    """The fields labelled in `rest`, the end of an item that runs them in ("… Lead: CAMHS.
    Current position: complete - …"), each kept unless the item has it already."""
    marks = list(_JOINED_FIELD.finditer(rest))
    for mark, nxt in zip(marks, [*marks[1:], None], strict=False):
        label = " ".join(mark.group(0).split()).rstrip(":").strip().lower()
        name = next((n for n, p in COLUMNS.items() if p.match(label)), None)
        value = rest[mark.end() : nxt.start() if nxt else len(rest)].strip(" .;")
        if name and value and name not in rec.fields:
            rec.fields[name] = value


# A line that introduces a list of recommendations or changes inside a case's section
# ("The review made three recommendations. Progress:", "What has been done:").
_INTRO = re.compile(
    r"\b(?:recommend\w*|actions?|progress|chang(?:es|ed|ing)|done)\b[^:]{0,80}:$", re.I
)


_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split(),
        start=1,
    )
}


def _introduced_items(sections: list[Section]) -> list[RecItem]:
    """The items listed after a line that introduces recommendations or changes, in a
    section that is not a recommendations section (an annual report's case)."""
    out: list[RecItem] = []
    for section in sections:
        lines = section.lines
        starts = [
            k
            for k, line in enumerate(lines)
            if line.text.rstrip().endswith(":") and _INTRO.search(line.text.rstrip())
        ]
        for a, b in zip(starts, [*starts[1:], len(lines)], strict=False):
            part = Section(heading=section.heading, kind=None, level=section.level)
            part.lines = lines[a + 1 : b]
            items = [
                i
                for i in _with_fields(part)
                if len(i.text) >= MIN_SENTENCE
                and not (_DEFINITION.match(i.text) and not _ASKS.search(i.text))
            ]
            # the list ends where its numbering changes style ("E/1", "E/2", then the
            # paper's "4. Positions at …") or at the count the line gives ("The review
            # made two recommendations:")
            said = _COUNTED.search(lines[a].text)
            count = said and (_NUMBER_WORDS.get(said.group(1).lower()) or said.group(1))
            style = _style(items[0].number) if items else ""
            ended = next((n for n, i in enumerate(items) if _style(i.number) != style), None)
            kept = items[:ended] if ended is not None else items
            if count and count.isdigit() and len(kept) > int(count) > 0:
                kept = kept[: int(count)]
            for item in kept:
                item.listed = True
                out.append(item)
    return out


# a key's line, not a recommendation: "[D] done: the action is complete;", "Rooted: the
# change has lasted a year"
_DEFINITION = re.compile(r"^(?:[\[(][A-Z0-9]{1,3}[\])]\s*)?[A-Za-z][\w' -]{0,40}?:\s+(?-i:[a-z])")
# "made two recommendations", "the following 3 recommendations"
_COUNTED = re.compile(
    rf"\b(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\s+(?:[\w-]+\s+)?(?:recommendations|actions)\b",
    re.I,
)


def _style(number: str | None) -> str:
    """How an item is numbered, not its number: "E/1" and "S/2" -> "A/9", "4.1" -> "9.9",
    a bullet -> ""."""
    if not number:
        return ""
    return re.sub(r"\d+", "9", re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", number)))


def _tracked_items(sections: list[Section]) -> list[RecItem]:
    """The items of a list, wherever it sits, whose items carry a status or progress of
    their own (two at least): a list of actions tracked, whatever its heading says
    ("Putting it right", "Where we are now")."""
    out: list[RecItem] = []
    for section in sections:
        if section.kind in _NOT_ACTIONS:
            continue
        items = [i for i in _with_fields(section) if len(i.text) >= MIN_SENTENCE]
        tracked = [i for i in items if {"status", "progress"} & set(i.fields)]
        # one row is enough in a table whose header names a status or rating column
        rated = any(_STATUS_HEADER.search(c) for h in _headers(section.lines) for c in h)
        if len(tracked) >= 2 or (tracked and rated):
            out += tracked
    return out


# Sections whose lists are not actions: what happened, the review's own terms and glossary.
_NOT_ACTIONS = {"chronology", "glossary", "references", "contents", "terms_of_reference"}


_ROW_START = re.compile(r"^(?:R|Rec\.?\s*)?(\d{1,2}(?:\.\d{1,2})?)(?:\s+|$)")
_FLAT_STATUSES = ("completed", "complete", "in progress", "not yet started", "not started",
                  "overdue", "ongoing", "on track", "delayed", "achieved", "closed",
                  "embedded", "partially achieved", "not achieved", "partially met",
                  "fully met", "implemented", "partially implemented",
                  "not implemented")  # fmt: skip


# A status opening a progress cell inside a flattened row: "… Ambulance trust Completed:
# pathway live", "… In progress - audit due".
# (not after a word that says how much of it: "Part complete - carried into 2026" is not
# "Complete")
_STATUS_LABEL = re.compile(
    rf"(?<!\bpart )(?<!\bpartly )(?<!\bpartially )(?<!\bnot )\b({_STATUS_PHRASE})\s*(?::|\s[-–])\s",
    re.I,
)


def _flat_table(lines: list[Line], heading: str) -> list[RecItem]:
    """Rows of a PDF table whose cells came out as plain lines, wrapped even inside words:
    under a header naming a Status/RAG/Progress column, a row starts with its number ("3"
    alone, or "3 Update …"), its recommendation runs to a full stop, and the row ends in
    its status ("Compl" / "ete")."""
    head = " ".join(line.text for line in lines[:8]).lower().replace(" ", "")
    if not re.search(r"status|rag|progress|rating|owner|lead|agency", head):
        return []
    rows: list[tuple[str, int, list[str]]] = []
    for line in lines:
        text = line.text.strip()
        if len(_RAG_KEY.findall(text)) >= 2:
            continue  # the colours' key printed under the table
        start = _ROW_START.match(text)
        if start:
            rows.append(
                (start.group(1), line.page, [text[start.end() :]] if text[start.end() :] else [])
            )
        elif rows:
            rows[-1][2].append(text)
    words = _FLAT_STATUSES + (("green", "amber", "red") if "rag" in head else ())
    # the longest first: "Not achieved" is not "achieved"
    words = tuple(sorted(words, key=lambda w: -len(w.replace(" ", ""))))
    out = []
    for number, page, parts in rows:
        body: list[str] = []
        rest = list(parts)
        while rest:
            body.append(rest.pop(0))
            if body[-1].endswith("."):
                break
        # the row ends at its status cell: what follows it (the next slide's bullets, when
        # a slide's last row ran into them) is not part of the row
        ends = (
            k
            for k in range(len(body), len(parts) + 1)
            if _ends_in_status("".join(parts[:k]), words)
        )
        parts = parts[: next(ends, len(parts))]
        rest = parts[len(body) :]
        tail = "".join(parts).lower().replace(" ", "")
        status = next((w for w in words if tail.endswith(w.replace(" ", ""))), None)
        if status is None:  # a progress cell that opens with its status ("Completed: …")
            said = list(_STATUS_LABEL.finditer(" ".join(parts)))
            status = said[-1].group(1).lower() if said else None
        if status is None:  # the status cell, then the lead, after the text ("… Complete LSCB")
            row = " ".join(parts)
            brk = _SENTENCE_BREAK.search(row)
            found = _status_tail(row[brk.end() :]) if brk else None
            if brk and found:
                body, rest, status = (
                    [row[: brk.end()].strip()],
                    [found[1]] if found[1] else [],
                    found[0],
                )
        fields = {"status": status[0].upper() + status[1:]} if status else {}
        if rest:
            lead = " ".join(rest)
            fields["lead"] = (
                re.sub(rf"\s*\b{re.escape(status)}\s*$", "", lead, flags=re.I) if status else lead
            )
        # its last line may be the owner's cell ("Wyrecross Police"), read when the text
        # names no one asked to act
        others = (parts[-1],) if parts else ()
        out.append(RecItem(number, " ".join(body), page, heading, fields, others=others))
    return out


def _ends_in_status(text: str, words: tuple[str, ...]) -> bool:
    tail = text.lower().replace(" ", "")
    return any(tail.endswith(w.replace(" ", "")) for w in words)


# "1", "b", "iv": a list's own numbers, not a report's paragraph numbers ("7.2")
_LIST_NUMBER = re.compile(r"\d{1,2}|[a-z]|[ivx]{1,5}")


def _numbered_list_asks(items: list[RecItem]) -> None:
    """Under a recommendations heading, a numbered list of two or more (1, 2, 3 … or a, b
    …, in sequence) is a list of recommendations, modal verb or not ("1. Every child
    reported missing is offered a return interview."): each of its sentences is listed.
    Bullets, paragraph numbers and numbers out of sequence are not enough (a lead-in's
    bullets, a DHR's numbered paragraphs, a long report's sections run on)."""
    run: list[RecItem] = []
    for item in items:  # the first run numbered in sequence from 1 or a: the list itself
        if not (item.number and _LIST_NUMBER.fullmatch(item.number)):
            continue
        if item.number in ("1", "a") and not run:
            run = [item]
        elif run and item.number == _next_mark(run[-1].number or ""):
            run.append(item)
        elif run:
            break
    if len(run) >= 2:
        for item in run:  # a full sentence, not a heading read as an item
            item.listed = item.listed or item.text.rstrip().endswith((".", ";"))


# A heading that is one recommendation's: "Recommendation 1: Information sharing", "R2".
_REC_HEADING = re.compile(
    rf"^(?:Recommendation|Rec\.?|R)\s*(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\b(?!\s+(?:of|and)\b)",
    re.I,
)


def _paragraph_items(section: Section) -> list[RecItem]:
    """Recommendations set out as paragraphs, not a list: under a recommendations heading
    with no item, each paragraph that asks someone to act ("The police should …"), with
    the labelled lines after it ("Current status - Complete"); numbered by the section's
    own heading when it is one recommendation's ("Recommendation 1: Information sharing")."""
    out: list[RecItem] = []
    own = _REC_HEADING.match(_strip_number(section.heading))
    pieces = [
        (para.page, piece)
        for para in paragraphs(split_inline(section.lines))
        for field_piece in _FIELD_AFTER.split(" ".join(para.text.split()))
        for piece in _BEFORE_STATUS.split(field_piece)  # "… smoke. Not done yet. Home …"
    ]
    for page, text in pieces:
        said = _SAYS_STATUS.match(text)
        if said and out and "status" not in out[-1].fields:
            # the answer under its recommendation: "Done. A shared form has been in use …"
            out[-1].fields["status"] = said.group(1)
            out[-1].fields.setdefault("progress", text)
            continue
        labelled = _FIELD_LINE.match(text)
        if labelled and out:
            name = next((n for n, p in COLUMNS.items() if p.match(labelled.group("label"))), None)
            if name and name not in out[-1].fields:
                out[-1].fields[name] = labelled.group("value").strip()
            continue
        if len(text) >= MIN_SENTENCE and text[0].isupper() and _ASKS.search(text):
            out.append(RecItem(None, text, page, section.heading))
    if own and len(out) == 1:
        out[0].number = _NUMBER_WORDS.get(own.group(1).lower(), own.group(1))
    return out


# a sentence that opens with a status, run on after its recommendation by the line joiner
_BEFORE_STATUS = re.compile(rf"(?<=[.!?])\s+(?=(?i:{_STATUS_PHRASE})\s*[.:\-–]\s+[A-Z0-9])")
# a paragraph that opens with its status, then says what was done: "Started. Training …"
_SAYS_STATUS = re.compile(rf"^((?i:{_STATUS_PHRASE}))\s*[.:\-–]\s+(?=[A-Z0-9])")
# A field run on after a sentence, labelled with a colon or a dash ("… 48 hours. Current
# status - Complete").
_FIELD_AFTER = re.compile(
    r"(?<=[.!?])\s+(?=(?:(?:Current|Latest)\s+)?(?:[Ss]tatus|Progress|Update|RAG|Lead|Owner)\b"
    r"[^:.–-]{0,25}?\s*(?::|\s[-–])\s)"
)


def _strip_number(heading: str) -> str:
    return re.sub(r"^[\d.]+\s+", "", heading.strip())


def _carried_headers(sections: list[Section]) -> list[list[tuple[str, ...]]]:
    """For each section, the header rows of a table that ran into it from the section
    before: a row merged across a table ("Single-agency recommendations") reads as a
    heading and splits the table; the rows under it keep the table's header."""
    out: list[list[tuple[str, ...]]] = []
    last: list[tuple[str, ...]] = []
    for section in sections:
        lines = section.lines
        starts = bool(lines) and " | " in lines[0].text
        out.append(last if starts and not _headers(lines[:1]) else [])
        own = _headers(lines)
        if lines and " | " in lines[-1].text:
            last = own or out[-1]
        else:
            last = []
    return out


def _section_items(sections: list[Section], kinds: set[str]) -> list[RecItem]:
    out: list[RecItem] = []
    carried = _carried_headers(sections)
    for section, inherited in zip(sections, carried, strict=True):
        if section.kind in kinds:
            items = [
                i
                for i in _with_fields(section, inherited)
                # a plan's row under a short title still says where its recommendation
                # stands ("1 | Firearms checks | … | Active - due Feb 2026")
                if len(i.text) >= MIN_SENTENCE
                or (i.number and ("status" in i.fields or "progress" in i.fields))
            ]
            _numbered_list_asks(items)
            if not items and _REC_HEADING.match(_strip_number(section.heading)):
                items = _paragraph_items(section)  # "Recommendation One" + its paragraph
            out += items
    if not out:  # a PDF table flattened to lines, perhaps split by a header row's heading
        for kind in kinds:
            heading = next((s.heading for s in sections if s.kind == kind), "")
            out += [
                i
                for i in _flat_table(_table_lines(sections, kind), heading)
                if len(i.text) >= MIN_SENTENCE and i.fields
            ]
    return out


def _table_lines(sections: list[Section], kind: str) -> list[Line]:
    """The lines of the sections of `kind` and of the unclassified sections after each: a
    flattened table's short lines ("Ref Action Owner RAG", "SAB Red") look like headings."""
    lines: list[Line] = []
    inside = False
    for section in sections:
        if section.kind == kind:
            inside = True
            lines += section.lines
        elif inside and section.kind is None:
            page = section.first_page or (lines[-1].page if lines else 1)
            lines += [Line(page, section.heading), *section.lines]
        else:
            inside = False
    return lines


def _table_items(sections: list[Section]) -> list[RecItem]:
    """Rows of any table with a Recommendation column (an annual report's table under a
    case's heading)."""
    out: list[RecItem] = []
    for section, inherited in zip(sections, _carried_headers(sections), strict=True):
        headers = _headers(section.lines) or inherited
        if not any(_REC_COLUMN.match(c) or _REC_HEADER.search(c) for h in headers for c in h) and (
            not any(_tracked_header(h) for h in headers)
        ):
            continue
        out += [
            i for i in _with_fields(section, inherited) if len(i.text) >= MIN_SENTENCE and i.fields
        ]
    return out


def _tracked_header(header: tuple[str, ...]) -> bool:
    """A header of actions and how far each has got: "Action | Who | Done?"."""
    return any(_ACTION_HEADER.search(c) for c in header) and any(
        _STATE_HEADER.search(c) and not _NOT_STATUS_HEADER.search(c) for c in header
    )


# A flattened table's header row naming its recommendations and their rating, in one line:
# "No. Recommendation Lead Rating", "Ref Recommendation Owner Status".
_FLAT_REC_HEADER = re.compile(
    r"^(?:(?:no|ref|rec)\.?\s+)?recommendations?\b.{0,60}\b(?:status|rag|rating|progress"
    r"|owner|lead(?:\s+agency)?|agency)$",
    re.I,
)


def _flat_plan_items(sections: list[Section]) -> list[RecItem]:
    """A plan table flattened to lines under any heading (a slide), from a header row that
    names the recommendation and its rating: each numbered row a recommendation, with the
    status its row ends in."""
    out: list[RecItem] = []
    for k, section in enumerate(sections):
        if _FLAT_REC_HEADER.match(section.heading.strip()):  # the header read as a heading
            at: int | None = 0
            lines = [Line(section.first_page or 1, section.heading), *_plan_lines(sections, k)]
        else:
            at = next(
                (j for j, line in enumerate(section.lines) if _FLAT_REC_HEADER.match(line.text)),
                None,
            )
            if at is None:
                continue
            lines = _plan_lines(sections, k)[at:]
        rated = bool(_RATED_HEADER.search(lines[0].text)) if lines else False
        for i in _flat_table(lines, section.heading):
            # a table of recommendations with no status column ("No. Recommendation
            # Owner"): each row is one, its status given elsewhere
            i.listed = not rated
            if len(i.text) >= MIN_SENTENCE and (i.fields.get("status") or not rated):
                out.append(i)
    return out


_RATED_HEADER = re.compile(r"\b(?:status|rag|rating|progress)\b", re.I)


def _bullet_items(sections: list[Section]) -> list[RecItem]:
    """ "Recommendation: …" bullets wherever they sit (a slide of learning)."""
    out = []
    for section in sections:
        for item in numbered_items(section.lines):
            said = _REC_BULLET.match(item.text)
            if said and len(said.group("text")) >= MIN_SENTENCE:
                whom = (said.group("whom"),) if said.group("whom") else ()
                out.append(RecItem(said.group("number"), said.group("text"), item.page,
                                   section.heading, listed=True, others=whom))  # fmt: skip
    return out


# A flattened table's header row or row read as a heading: "Rec Action Lead Position at
# March 2025 RAG", "4.4 Multiple disadvantage protocol Safeguarding".
_TABLE_DEBRIS = re.compile(
    r"^(?:(?:R|Rec\.?\s*)?\d{1,2}(?:\.\d{1,2})?\s|.*\b(?:status|rag|progress|position)\b"
    r"|.*\((?:continued|cont'?d\.?)\)\s*$"  # "Appendix A (continued)": the plan's next page
    rf"|.*\b(?:green|amber|red|{_STATUS_PHRASE})$)",  # a row's end: "Inspector Green Closed"
    re.I,
)


def _plan_lines(sections: list[Section], at: int) -> list[Line]:
    """An action plan section's lines and those of the sections after it that are its
    flattened table's header row or rows read as headings (they may take the kind of the
    chapter the plan sits in)."""
    lines = list(sections[at].lines)
    for section in sections[at + 1 :]:
        if section.kind is not None and not _TABLE_DEBRIS.match(section.heading):
            break
        page = section.first_page or (lines[-1].page if lines else 1)
        lines += [Line(page, section.heading), *section.lines]
    return lines


# How far an action has gone, to find the least advanced of a recommendation's actions.
_ADVANCE = {"open": 0, "overdue": 1, "in progress": 2, "complete": 3, "superseded": 3}


def _advance(status: str, key: dict[str, str]) -> int:
    said = normal_status(status_from(status, key)) or ""
    return _ADVANCE.get(said, 3 if said.startswith(("fully", "achieved")) else 2)


def _group_status(statuses: list[str], key: dict[str, str]) -> str | None:
    """A recommendation's status from its action rows' (in order): a status in words on a
    row whose siblings carry only colours is the recommendation's own (an overall column
    filled once: "… Green Closed" over "… Green"); else the least advanced of them."""
    if not statuses:
        return None
    words = [x for x in statuses if not _RAG.match(x)]
    if words and len(words) < len(statuses):
        return words[0]
    return min(statuses, key=lambda x: _advance(x, key))


_ACTION_ROW = re.compile(r"(?:(?:R|Rec\.?\s*)?\d{1,2}\s+)?\d{1,2}\.\d{1,2}\s")
# A header over a status column, and over the recommendation's own (overall) status.
_STATUS_HEADER = re.compile(r"\b(?:status|rag|progress|position|update|rating)\b", re.I)
_OVERALL_HEADER = re.compile(r"\b(?:overall|recommendation)\b", re.I)
# An action numbered under its recommendation: "1.2 Launch …", "2b Audit …", "R3.1 …"
_ACTION_NUMBER = re.compile(r"^(?:R|Rec\.?\s*)?(\d{1,2})(?:\.\d{1,2}|[a-z])\b")


def _plan_groups(lines: list[Line], key: dict[str, str]) -> dict[str, str]:
    """Recommendation number -> status, from an action plan table with one row or more per
    recommendation: a row belongs to the number in its number column (on its first row
    or on every row), else to the number its action carries ("2.1 …", "2b …"), else to
    the last numbered recommendation above it. The status is the recommendation's own
    column's (a status header that says "overall" or "recommendation"), else the least
    advanced of its actions' statuses."""
    tables: list[list[str]] = []
    for k, line in enumerate(lines):
        if " | " not in line.text:
            continue
        if tables and k > 0 and " | " in lines[k - 1].text:
            tables[-1].append(line.text)
        else:
            tables.append([line.text])
    out: dict[str, str] = {}
    for table in tables:
        header = _cells(table[0])
        body = [c for c in (_cells(t, len(header)) for t in table[1:]) if len(c) == len(header)]
        states = [j for j, h in enumerate(header) if _STATUS_HEADER.search(h)]
        if not states or not body:
            continue
        overall = next((j for j in states if _OVERALL_HEADER.search(header[j])), None)
        numbered = [
            j
            for j in range(len(header))
            if j not in states
            and any(c[j] for c in body)
            and all(not c[j] or _ROW_NUMBER_CELL.match(c[j]) for c in body)
        ]
        groups: dict[str, list[tuple[str, ...]]] = {}
        number = None
        for cells in body:
            own = cells[numbered[0]] if numbered and cells[numbered[0]] else None
            action = next((m for c in cells for m in [_ACTION_NUMBER.match(c)] if m), None)
            said = _ROW_NUMBER_CELL.match(own) if own else None
            number = said.group(1) if said else (action.group(1) if action else number)
            if number:
                groups.setdefault(number, []).append(cells)
        for n, rows in groups.items():
            own_status = [
                r[overall] for r in rows if overall is not None and _status_cell(r[overall])
            ]
            acts = [r[j] for r in rows for j in states if j != overall and _status_cell(r[j])]
            status = own_status[0] if own_status else _group_status(acts, key)
            if status:
                out[n] = status
    return out


def _cells(text: str, width: int | None = None) -> tuple[str, ...]:
    """A table line's cells (empty ones kept). A Markdown row's outer pipes ("| a | b |")
    are not cells when dropping them gives the table's `width`."""
    cells = split_cells(text)
    if (
        width is not None
        and len(cells) == width + 2
        and not cells[0]
        and not cells[-1]
        and text.strip().startswith("| ")
    ):
        return tuple(cells[1:-1])
    return tuple(cells)


_ROW_NUMBER_CELL = re.compile(r"^(?:R|Rec\.?\s*)?(\d{1,2})[.)]?$", re.I)


def _plan_fields(sections: list[Section], key: dict[str, str]) -> dict[str, dict[str, str]]:
    """Recommendation number -> fields, from an action plan's table (an appendix); `key`:
    the report's key to the colours."""
    out: dict[str, dict[str, str]] = {}
    plan = [s for s in sections if s.kind == "action_plan"]
    grouped: dict[str, str] = {}
    for k, section in enumerate(sections):
        if section.kind not in ("action_plan", "appendix", None):
            continue
        if section.kind != "action_plan" and not any(
            _ACTION_ROW.match(line.text) for line in section.lines
        ):
            continue  # no action numbered under its recommendation: not a plan
        flat: dict[str, list[str]] = {}
        actions: dict[str, int] = {}
        rows = _flat_table(_plan_lines(sections, k), section.heading)
        for rec in rows:
            if rec.number and "." in rec.number:
                actions[rec.number.split(".")[0]] = actions.get(rec.number.split(".")[0], 0) + 1
        # under any other heading, only a plan whose actions are numbered under their
        # recommendation (1.1, 1.2) is read as one
        if section.kind != "action_plan" and max(actions.values(), default=0) < 2:
            continue
        for rec in rows:
            if rec.number and rec.fields.get("status"):
                out[rec.number] = {"status": rec.fields["status"]}
                flat.setdefault(rec.number.split(".")[0], []).append(rec.fields["status"])
        for number, statuses in flat.items():  # a recommendation's action rows, 1.1, 1.2 …
            status = _group_status(statuses, key)
            if status:
                grouped[number] = status
    for k, section in enumerate(sections):
        if section.kind in ("action_plan", "appendix", None) and any(
            " | " in line.text for line in section.lines
        ):
            grouped.update(_plan_groups(_plan_lines(sections, k), key))
    for rec in _section_items(plan, {"action_plan"}):
        if rec.number and rec.fields:
            out[rec.number] = rec.fields
    # a tracker table in an appendix under any title ("Appendix: progress"): numbered rows
    # that carry a status and ask nothing themselves
    for section in sections:
        if section.kind in ("appendix", None) and any(
            " | " in x.text and item_start(x.text) is not None for x in section.lines
        ):
            for rec in _with_fields(section):
                body = max(split_cells(rec.text), key=len)
                if rec.number and "status" in rec.fields and not _ASKS.search(body):
                    out.setdefault(rec.number, rec.fields)
    for number, status in grouped.items():
        out.setdefault(number, {})["status"] = status
    return out


def _tracker_rows_merged(items: list[RecItem]) -> list[RecItem]:
    """A tracker's rows ("R3 | ICB | March 2025 | Open - on track") after the
    recommendations they track: a row that does not ask anything, numbered like an earlier
    recommendation, gives it its fields; a row whose text is only a status or a cell
    fragment is not a recommendation."""
    out: list[RecItem] = []
    by_number: dict[str, RecItem] = {}
    for item in items:
        cells = split_cells(item.text)
        body = max(cells, key=len) if len(cells) > 1 else item.text.strip(" |")
        asks = bool(_ASKS.search(body)) or item.listed
        # numbered again under another review of the table ("Bobby | 1.", "Laila | 1."):
        # another recommendation, not an update of the first one
        number = f"{item.owner}/{item.number}" if item.owner else item.number or ""
        earlier = by_number.get(number)
        if earlier is not None and not asks:
            for name, value in item.fields.items():
                earlier.fields.setdefault(name, value)
            continue
        if not asks and (_status_cell(body) or len(body.split()) < 4):
            continue
        out.append(item)
        if item.number and number not in by_number:
            by_number[number] = item
    return out


def extract_recommendations(
    sections: list[Section],
    m: Matchers,
    paper_key: dict[str, str] | None = None,
    paper_lines: list[Line] | None = None,
) -> list[Recommendation]:
    """The recommendations of a case's sections, each with the status, lead, due date and
    progress its table, its labelled lines or the action plan's row of its number give.
    `paper_key`: the colours' key printed once for a whole paper of several cases (the
    case's own key wins); `paper_lines`: the whole paper's lines, where a sentence may
    give this case's statuses by their codes ("S/1 and E/1 discharged")."""
    key = {**(paper_key or {}), **rag_key([line for s in sections for line in s.lines])}
    plan = _plan_fields(sections, key)
    # The layouts in the order they are trusted; True marks a plan or table. The first
    # that gives a recommendation wins. A recommendations heading over one paragraph that
    # points to an appendix ("The action plan at Appendix A sets out …") asks nobody to
    # act and must not hide the appendix's plan; prose read as a list (bullets, lines
    # after "changes:", paragraphs) is tried only when no layout found anything, since an
    # analysis that discusses recommendations is full of sentences that say "should".
    finders = (
        (False, lambda: _section_items(sections, {"recommendations"})),
        (True, lambda: _section_items(sections, {"action_plan"})),
        (True, lambda: _table_items(sections)),
        (False, lambda: _bullet_items(sections)),
        (False, lambda: _introduced_items(sections)),
        (True, lambda: _tracked_items(sections)),
        (True, lambda: _flat_plan_items(sections)),
        # paragraphs, not a list, under a recommendations heading
        (
            False,
            lambda: [
                i for s in sections if s.kind == "recommendations" for i in _paragraph_items(s)
            ],
        ),
        # last: instructions to someone, two or more together, under any heading
        (False, lambda: _asked_items(sections)),
    )
    found = False
    for planned, find in finders:
        if found and not planned:
            continue
        items = find()
        recs = _recommendations(items, m, key, plan)
        if recs:
            _linked_statuses(recs, _with_headings(sections), key, paper_lines)
            _status_classes(recs, key)
            return recs
        found = found or bool(items)
    return []


# An instruction to someone named before it: "Marshby Police should treat …", "Schools
# must …" (not hindsight: "the police should have …").
_ASKED = re.compile(
    r"^(?:[\w'’&,()/-]+\s+){1,12}?(?:should|must|needs?\s+to|will\s+need\s+to"
    # what an agency undertook, as a letter to a family tells it: "The police said they
    # would …", "The hospital said its emergency department would …", "… agreed to …"
    r"|said\s+(?:[\w'’]+\s+){1,4}?would|agreed\s+to|promised\s+to)\s+(?!have\b)",
    re.I,
)
# how far it has got, after a dash that ends its sentence: "… is closed — partly implemented."
_DASH_STATE = re.compile(r"\s[-—–]\s+((?-i:[a-z])[a-z' ]{2,30}?)\s*(?:[.;]|$)")
# Sections whose instructions are what went wrong or what the words mean, not what to do.
_NOT_ASKED = _NOT_ACTIONS | {"findings", "learning"}


def _asked_items(sections: list[Section]) -> list[RecItem]:
    """Recommendations that no recommendations heading or column holds, tried when no
    other layout gave any: items named "Recommendation 3" under any heading (a slide's
    title read into the findings before it); a list whose items (two at least, nearly all,
    or every one under a findings heading) each ask someone named to act ("a. Marshby
    Police should …", "1. The police said they would …"); cards in a row of sections, each
    opening with one (a web page's "What we are changing"). A state after a dash is the
    item's ("… — partly implemented.")."""
    quoted = _quoted_items(sections)
    if len(quoted) >= 2:
        return quoted
    out: list[RecItem] = []
    cards: list[RecItem] = []
    for section in sections:
        if not section.lines:
            continue  # a card's status set as a heading of its own ("Embedded")
        # "Recommendation 3" over its text names it one, under any heading (a slide's
        # title read as a line of the findings before it)
        numbers = {
            i.number
            for i in numbered_items(section.lines)
            if i.number and _REC_MARKER.match(i.marker)
        }
        named = [
            i
            for i in (_with_fields(section) if numbers else [])
            if i.number in numbers and len(i.text) >= MIN_SENTENCE
        ]
        if named:
            out += named
            cards = []
            continue
        # by its own heading: a page headed "Learning on a page" lends "learning" to all;
        # a list whose every item asks may still stand under findings whose heading a
        # plain letter's "What was promised" did not end
        own = classify_heading(section.heading)
        if own in _NOT_ACTIONS:
            cards = []
            continue
        items = [i for i in numbered_items(section.lines) if len(i.text) >= MIN_SENTENCE]
        numbered = [i for i in items if i.number]
        if own in _NOT_ASKED and len(numbered) >= 2 and all(_ASKED.match(i.text) for i in numbered):
            items = numbered  # a numbered list that asks, after a findings list's bullets
        # "Violet, recommendation 2. Adult social care should …": named so, even alone
        owned = [i for i in items if _OWNED.match(i.text) and _ASKED.match(_OWNED.sub("", i.text))]
        if owned:
            out += [_asked(i.text, i.number, i.page, section.heading) for i in owned]
            cards = []
            continue
        asked = [i for i in items if _ASKED.match(i.text) or _quoted_ask(i.text)]
        enough = len(asked) == len(items) if own in _NOT_ASKED else 3 * len(asked) >= 2 * len(items)
        if len(asked) >= 2 and enough:
            out += [_asked(i.text, i.number, i.page, section.heading) for i in asked]
            cards = []
            continue
        if own in _NOT_ASKED:
            cards = []
            continue
        paras = [p for p in paragraphs(section.lines) if len(p.text) >= MIN_SENTENCE]
        first = paras[0] if len(paras) in (1, 2) and not items else None
        if first is not None and _ASKED.match(first.text):
            cards.append(_asked(first.text, None, first.page, section.heading))
            if len(cards) == 2:
                out += cards
            elif len(cards) > 2:
                out.append(cards[-1])
        else:
            cards = []
    return out


# whose recommendation an item is, before its text: "Violet, recommendation 2. …"
_OWNED = re.compile(r"^[A-Z][\w'’ ]{0,40}?,\s*(?i:recommendation)\s+[A-Z]?\d{1,2}[.:]\s+")
# a recommendation quoted under a line of its own: 'Adult social care: satisfied "The
# council should …" The template was changed in April …'
_QUOTED = re.compile(
    r"^(?P<head>[^\"“”]{0,80}?)\s*[\"“](?P<quote>[^\"“”]{25,}?)[\"”]\s*(?P<rest>.*)$"
)


# how a line that closes a quotation ends
_QUOTE_ENDS = ('"', "”", '".', "”.")


def _quoted_ask(text: str) -> re.Match[str] | None:
    """A recommendation quoted whole after a short line, when the quote asks someone named."""
    quoted = _QUOTED.match(text)
    return quoted if quoted and _ASKED.match(quoted.group("quote")) else None


def _quoted_items(sections: list[Section]) -> list[RecItem]:
    """Numbered lines (or numbered headings) each followed by a recommendation quoted
    whole, then what was done ('A1. Adult social care: satisfied' / '"The council should
    …"' / 'The template was changed …'): the quote is the recommendation, the numbered
    line's end after a colon its state, the lines after the quote its progress."""
    out: list[RecItem] = []
    current: tuple[str | None, str, int, str] | None = None  # number, head, page, heading
    quote: list[str] = []
    rest: list[str] = []
    closed = False

    def flush() -> None:
        if current and closed:
            number, head, page, heading = current
            text = f"{head} {' '.join(quote)}"
            if _quoted_ask(text):
                out.append(_asked(f"{text} {' '.join(rest)}".strip(), number, page, heading))

    heading = ""
    for line in _with_headings(sections):
        text = line.text.strip()
        titled = text.startswith("# ")
        text = text[2:] if titled else text
        start = item_start(text)
        if start is not None and start.number and len(text.split()) <= 12:
            flush()
            current, quote, rest, closed = (
                (start.number, start.text, line.page, heading),
                [],
                [],
                False,
            )
        elif titled:
            flush()
            current, heading = None, text
        elif current and not quote and text[:1] in '"“':
            quote, closed = [text], text.endswith(_QUOTE_ENDS)
        elif current and quote and not closed:
            quote.append(text)
            closed = text.endswith(_QUOTE_ENDS)
        elif current and closed:
            rest.append(text)
    flush()
    return out


def _asked(text: str, number: str | None, page: int, heading: str) -> RecItem:
    fields: dict[str, str] = {}
    quoted = _quoted_ask(text)
    if quoted:  # the quote is the recommendation; its line's end after a colon its state
        head, rest = quoted.group("head"), quoted.group("rest").strip()
        value = head.rsplit(":", 1)[1].strip(" .") if ":" in head else ""
        if value and len(value.split()) <= 5:
            fields["status" if status_from(value) else "state"] = value
        if rest:
            fields["progress"] = rest
        return RecItem(number, quoted.group("quote").strip(), page, heading, fields, listed=True)
    state = _DASH_STATE.search(text)
    if state:
        value = state.group(1).strip()
        fields["status" if status_from(value) else "state"] = value
        rest = text[state.end() :].strip()
        if rest:
            fields["progress"] = rest  # "Audit of 30 closed enquiries found …"
        text = text[: state.start()].rstrip() + "."
    return RecItem(number, text, page, heading, fields, listed=True)


def _with_headings(sections: list[Section]) -> list[Line]:
    """The sections' lines, each heading first as a line of its own marked "# " (a status
    may sit in a heading: "Recommendation 2: When a child is not brought In progress")."""
    out: list[Line] = []
    for section in sections:
        if section.heading:
            page = section.lines[0].page if section.lines else (out[-1].page if out else 1)
            out.append(Line(page, f"# {section.heading}"))
        out.extend(section.lines)
    return out


def _status_cell_words(cell: str) -> str | None:
    """A Status column's value in words no list holds: a short one ("Accomplished"), or a
    phrase of up to six words with no sentence or figure in it ("Rolled out across the
    partnership", "Being tested in two teams")."""
    short = _short_value(cell)
    if short:
        return short
    words = " ".join(cell.split()).rstrip(" .")
    if not words[:1].isupper() or len(words.split()) > 6 or re.search(r"[.;:!?]\s|\d", words):
        return None
    return words


# A status cell of a few words more than its status: "In progress - due Dec 2025", "Closed
# (evidence submitted)", "Open - delayed, revised date March 2026".
QUALIFIED_WORDS = 8


# What a qualifier says: when the thing is due or was done, or the evidence of it ("due Dec
# 2025", "revised date March 2026", "audited March 2025", "verified by the sub-group").
_QUALIFIER = re.compile(
    rf"\b{MONTH_WORD}\.?\s+\d{{4}}\b"
    r"|\b(?:Q[1-4]|spring|summer|autumn|winter)\s+\d{4}\b"
    # the year the work runs into: "carried into 2026", "extended to 2027"
    r"|\b(?:into|until|till|to|by)\s+(?:19|20)\d\d\b"
    r"|\b(?:due|revised|extended|deadline|evidence|evidenced|verified|assured|impact"
    r"|reported|signed|approved|noted|closed|confirmed|ratified|assurance|chased)\b",
    re.I,
)
_DATE_TAIL = re.compile(
    rf"\s+(?:(?:by|in|from|since|for)\s+)?{MONTH_WORD}\.?\s+\d{{4}}"
    r"|\s+(?:by|in|for|into|until|till|to|before)\s+(?:19|20)\d\d",
    re.I,
)


def _qualified(status: str | None, fields: dict[str, str]) -> str | None:
    """A Status (or Progress) column's cell whole, when it is the status read from it and a
    qualifier of the same class, in brackets ("Closed (evidence submitted)") or after a dash
    and saying when or on what evidence ("In progress - due Dec 2025", "Completed - verified
    by the sub-group"): the board's words as written. A note after a colon or a dash ("Complete:
    audit done", "Completed - new procedure in place") is the progress, not the status."""
    # (or a Progress column's, when the table gives the status there: "Position at
    # October 2025 | Progressing - April 2026 target")
    cell = " ".join((fields.get("status") or fields.get("progress") or "").split()).rstrip(" .;,")
    if not status or not cell.lower().startswith(status.lower()) or len(cell) == len(status):
        return status
    rest = cell[len(status) :]
    if len(cell.split()) > QUALIFIED_WORDS or re.search(r"[.!?;]\s", cell):
        return status
    bracketed = rest.startswith(" (") and rest.endswith(")")
    dashed = re.match(r"\s*[-–,]\s", rest) is not None and bool(_QUALIFIER.search(rest))
    # its words run on ("Not yet off the ground"), or its date does ("… March 2026")
    running = re.match(r"\s+[a-z]", rest) is not None and len(cell.split()) <= 6
    if not (bracketed or dashed or running or _DATE_TAIL.fullmatch(rest)):
        return status
    return cell if status_class(cell) == status_class(status) else status


def _recommendations(
    items: list[RecItem], m: Matchers, key: dict[str, str], plan: dict[str, dict[str, str]]
) -> list[Recommendation]:
    """The items that ask someone to act, as recommendations with their fields."""
    # DHRs and minutes number paragraphs (7.1, 7.2) around the numbered list or the
    # actions ("3", "R3", "14/2"): those numbers win.
    if any(i.number and not re.fullmatch(r"\d+\.\d+", i.number) for i in items):
        items = [i for i in items if not (i.number and re.fullmatch(r"\d+\.\d+", i.number))]
    items = _tracker_rows_merged(items)
    # a register or plan that mixes the review's recommendations with rows of other
    # sources ("LCSPR Baby Ezra, recommendation 2" beside "Business plan"): the review's
    # (a row whose first cell names its review's person is the review's: "Crispin | 1. …")
    sourced = [i for i in items if i.owner or any(_SOURCED.search(c) for c in i.others)]
    if len(sourced) >= 2 and all(i.others for i in items):
        items = sourced
    recs = []
    seen: set[str] = set()
    for item in items:
        cells = split_cells(item.text)
        body = max(cells, key=len) if len(cells) > 1 else item.text
        dedupe = body.lower()[:120]  # what two items with the same text share
        # an item that carries its status or progress is an action tracked, modal or not
        tracked = any(k in item.fields for k in ("status", "progress", "state"))
        # "✓ Recommendation T1 (GPs): re-launch …": named a recommendation, modal or not
        named = _NAMED_REC.match(_STATUS_PREFIX.sub("", body))
        if not (item.listed or tracked or named or _ASKS.search(body)):
            continue
        if _defines(body, key):
            continue  # the key's own line: "- Evident: the practice was seen in 18 files"
        if body.rstrip(" '\"’”)").endswith("?"):
            continue  # a question for reflection asks the reader, not an agency
        if named:
            body = _STATUS_PREFIX.sub("", body)  # its symbol is its status, read below
        if dedupe in seen:
            continue
        seen.add(dedupe)
        fields = {**(plan.get(item.number or "", {}) if item.number else {}), **item.fields}
        lead = fields.get("lead")
        # a local name the gazetteer does not know ("Brightpath Care"): the Lead column's words
        addressees = m.gazetteer.addressees(item.text) or (
            m.gazetteer.match_text(lead, collective=True) if lead else []
        )
        for cell in item.others if not addressees else ():  # an agency column, any header
            addressees = m.gazetteer.match_text(cell, collective=True)
            if addressees:
                lead = lead or cell
                break
        status = (
            status_from(fields.get("status"), key, anywhere=True)
            or status_from(fields.get("progress"), key)
            or fields.get("state")  # its state column's value, in the board's words
            # a progress note that opens with a status in words no list holds ("Fully
            # achieved. The joint meeting …")
            or status_from(fields.get("progress"), key, anywhere=True)
            # a Status column's short value in words no list holds ("Accomplished")
            or (_status_cell_words(fields["status"]) if "status" in fields else None)
        )
        status = _qualified(_widened(status, fields.get("state"), fields.get("progress")), fields)
        recs.append(
            Recommendation(
                number=item.number or (named.group(1) if named else None),
                text=body,
                page=item.page,
                agencies=addressees,
                themes=m.taxonomy.match_sentence(body),
                section=item.heading,
                status=status,
                lead=lead,
                due=fields.get("due"),
                progress=fields.get("progress"),
                row=item.others,
            )
        )
    return recs


# a row's cell that says which review it comes from: "LCSPR Baby Ezra, recommendation 2"
_SOURCED = re.compile(
    r"\b(?:(?i:recommendation)\s+[A-Z]?\d{1,2}\b|(?:SCR|SAR|DHR|L?CSPR|CPR|APR)\s+[A-Z])"
)


def _defines(text: str, key: dict[str, str]) -> bool:
    """Whether `text` is a key's definition of one of its terms ("Partly evident: it was
    seen in 9 to 17 files", "Amber = under way")."""
    low = text.lower()
    for term in key:
        rest = low[len(term) :]
        if not low.startswith(term) or (term[-1:].isalnum() and rest[:1].isalnum()):
            continue
        # the term, perhaps its words after its code ("[f] finalised"), then ":" or "="
        if re.match(r"(?:\s+[a-z']+){0,4}\s*[:=]", rest):
            return True
    return False
