"""Tables in a PDF's text layer, read back as rows of cells.

A PDF has no tables, only runs of text at places on the page. Its plain text reads a
table line by line across the page, so a cell that wraps is cut into pieces among its
neighbours' ("DHR-2 Probation Service. New partner checks …" / "On" / "December 2025." /
"schedule"). Read by where the runs stand, a table is a block of lines whose text leaves
the same vertical gutters free; its columns are the bands between the gutters, and its
rows are cut at the rules drawn between them (cell borders), or, with none, at the widest
free space between one row's cell and the next. Each row
then becomes one line of cells joined by " | ", as a DOCX or HTML table is read, so one
reading of tables serves all three formats.

Only a block that is clearly a table is rebuilt: three columns, or two where one holds
short values (a status, a number) in every row; at least two rows under its header.
Two columns of running text (a newsletter) are not a table. A page with no table keeps
PDFium's own text, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Horizontal space between two runs on one line that separates cells, not words (points).
CELL_GAP = 6.0
# A gutter must stay this wide as lines join the table (points).
MIN_GUTTER = 4.0
# Words in a cell of a short column: "On schedule", "Partly", "3", "Not started".
SHORT_CELL = 4


@dataclass
class Run:
    """A piece of text on one line, with its box (PDF points, y up)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def page_boxes(textpage: Any) -> list[Run]:
    """The page's text runs (PDFium's rectangles) without their text, which costs most to
    read: enough to tell whether the page may hold a table (a space's box left out)."""
    boxes = (textpage.get_rect(i) for i in range(textpage.count_rects()))
    return [
        Run(left, bottom, right, top, "") for left, bottom, right, top in boxes if right - left >= 4
    ]


def page_runs(textpage: Any) -> list[Run]:
    """The page's text runs (PDFium's rectangles), each with its text."""
    runs = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = (
            text.replace("\ufffe", "-").replace("\x02", "-").replace("\r", " ").replace("\n", " ")
        )
        if text.strip():
            runs.append(Run(left, bottom, right, top, " ".join(text.split())))
    return runs


def visual_lines(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into lines, top of the page first, each line's runs left to right: a run
    belongs to a line whose middle lies within its height."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.middle, r.left)):
        if lines:
            last = lines[-1]
            mid = sum(r.middle for r in last) / len(last)
            if run.bottom <= mid <= run.top:
                last.append(run)
                continue
        lines.append([run])
    for line in lines:
        line.sort(key=lambda r: r.left)
    return lines


def segments(line: list[Run]) -> list[Run]:
    """A line's runs joined where they touch (a font change inside a sentence); what is
    left apart is apart by a cell's gap."""
    out: list[Run] = []
    for run in line:
        if out and run.left - out[-1].right < CELL_GAP:
            last = out[-1]
            out[-1] = Run(
                last.left,
                min(last.bottom, run.bottom),
                max(last.right, run.right),
                max(last.top, run.top),
                f"{last.text} {run.text}",
            )
        else:
            out.append(run)
    return out


def _gutters(
    spans: list[tuple[float, float]], left: float, right: float
) -> list[tuple[float, float]]:
    """The free x-ranges, at least MIN_GUTTER wide, between the spans inside [left, right]."""
    free = []
    edge = left
    for a, b in sorted(spans):
        if a - edge >= MIN_GUTTER and edge > left:
            free.append((edge, a))
        edge = max(edge, b)
    return free


# a cell that only marks a list's item: "•", "-", "3.", "(b)", "iv)"
_MARKER = re.compile(r"[^\w\s]{1,3}|\(?(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})[.)]?|")
_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass
class Table:
    """A table found on a page: the indexes of its visual lines, and its rows of cells."""

    first: int
    last: int
    rows: list[list[str]]


def _region(lines: list[list[Run]], start: int) -> tuple[int, list[tuple[float, float]]]:
    """The lines from `start` that keep the first line's gutters open: the index after the
    last, and the gutters."""
    spans = [(r.left, r.right) for r in lines[start]]
    left, right = min(a for a, _ in spans), max(b for _, b in spans)
    gutters = _gutters(spans, left, right)
    end = start + 1
    height = max(r.top - r.bottom for r in lines[start])
    while end < len(lines) and gutters:
        above, below = lines[end - 1], lines[end]
        height = max(height, *(r.top - r.bottom for r in above))
        if above[0].middle - below[0].middle > 4 * height:
            break  # a wide space: the page's foot, or the next block
        more = spans + [(r.left, r.right) for r in lines[end]]
        lo, hi = min(left, *(a for a, _ in more)), max(right, *(b for _, b in more))
        kept = _gutters(more, lo, hi)
        if len(kept) < len(gutters):
            break  # a line across a gutter: text below the table
        spans, left, right, gutters = more, lo, hi, kept
        end += 1
    return end, gutters


def _column(seg: Run, gutters: list[tuple[float, float]]) -> int:
    centre = (seg.left + seg.right) / 2
    return sum(1 for a, _ in gutters if centre > a)


def _steps(segs: list[Run]) -> list[float]:
    return [a.middle - b.middle for a, b in zip(segs, segs[1:], strict=False)]


def _blocks(segs: list[Run], pitch: float) -> list[list[Run]]:
    """A column's segments (top first) in blocks of consecutive lines: a new block where
    the step down is wider than the table's line pitch."""
    if not segs:
        return []
    blocks = [[segs[0]]]
    for step, seg in zip(_steps(segs), segs[1:], strict=True):
        if step > pitch * 1.4 + 1:
            blocks.append([seg])
        else:
            blocks[-1].append(seg)
    return blocks


def _cut(segs: list[Run], high: float, low: float) -> float:
    """Where one row ends and the next begins between two heights: the middle of the
    widest free space there (the one nearest the middle, of equals)."""
    covered = sorted(
        (max(s.bottom, low), min(s.top, high)) for s in segs if s.top > low and s.bottom < high
    )
    free: list[tuple[float, float]] = []
    edge = low
    for bottom, top in covered:
        if bottom > edge:
            free.append((edge, bottom))
        edge = max(edge, top)
    if high > edge:
        free.append((edge, high))
    if not free:
        return (high + low) / 2
    mid = (high + low) / 2
    widest = max(b - a for a, b in free)
    best = min(
        (g for g in free if g[1] - g[0] >= widest - 1.0), key=lambda g: abs((g[0] + g[1]) / 2 - mid)
    )
    return (best[0] + best[1]) / 2


def _ruled_cuts(segs: list[Run], rules: list[float]) -> list[float]:
    """The heights of the drawn rules that cross the table between its lines of text,
    top first, one per gap."""
    top, bottom = max(s.top for s in segs), min(s.bottom for s in segs)
    cuts: list[float] = []
    for y in sorted((y for y in rules if bottom < y < top), reverse=True):
        if any(s.bottom + 1 < y < s.top - 1 for s in segs):
            continue
        if cuts and cuts[-1] - y < 3:
            continue  # the two edges of one border
        # one cut per gap between lines of text
        if cuts and not any(y < s.middle < cuts[-1] for s in segs):
            continue
        cuts.append(y)
    return cuts


def _rows(
    lines: list[list[Run]], gutters: list[tuple[float, float]], rules: list[float]
) -> list[list[str]]:
    """The rows of a table region: cut at the rules drawn between them, else where the
    column broken into the most blocks of lines sets them."""
    width = len(gutters) + 1
    segs = [r for line in lines for r in line]
    columns: list[list[Run]] = [[] for _ in range(width)]
    column_of = {id(seg): _column(seg, gutters) for seg in segs}  # each run's column, once
    for seg in segs:
        columns[column_of[id(seg)]].append(seg)
    cuts = _ruled_cuts(segs, rules)
    if not cuts:
        pitch = min((x for c in columns for x in _steps(c) if x > 2), default=0.0)
        driver = max((_blocks(c, pitch) for c in columns), key=len)
        centres = [sum(s.middle for s in b) / len(b) for b in driver]
        cuts = [_cut(segs, hi, lo) for hi, lo in zip(centres, centres[1:], strict=False)]
    rows: list[list[list[str]]] = [[[] for _ in range(width)] for _ in range(len(cuts) + 1)]
    for line in lines:  # top first: each cell's pieces in reading order
        for seg in line:
            row = sum(1 for c in cuts if seg.middle < c)
            rows[row][column_of[id(seg)]].append(seg.text)
    return [[" ".join(parts) for parts in row] for row in rows]


# a plan's header over its numbered rows: "No. | Action | Lead | Status", "Action | Lead |
# What we will do | By | Status", its number column named first and a column of how far
# each has got
_PLAN_HEADER = re.compile(
    r"^\s*(?:no\.?|ref\.?|#|rec(?:ommendation)?\.?|action|item)\s.{0,120}?\b(?:status|progress"
    r"|rag|rating|position)\b",
    re.I,
)


def _plan_header(text: str) -> bool:
    """Whether a line is an action plan's header over numbered rows (see _PLAN_HEADER)."""
    return len(text.split()) <= 16 and bool(_PLAN_HEADER.match(" ".join(text.split())))


def _is_table(rows: list[list[str]]) -> bool:
    """Enough rows, and columns a table has: three or more, or a column of short values
    in words beside text. A column of bullets or list numbers makes a list, not a table."""
    body = rows[1:]
    width = len(rows[0])
    planned = width >= 3 and _plan_header(" ".join(rows[0]))
    if len(body) < 2:
        return bool(body) and bool(planned)  # a plan of one row: "No. | Action | … | Status"
    if not planned and any(all(_MARKER.fullmatch(r[j]) for r in body) for j in range(width)):
        return False  # a list's numbers, unless a header over them names a plan's columns
    if width >= 3:
        return True
    return any(
        all(0 < len(r[j].split()) <= SHORT_CELL and _WORD.search(r[j]) for r in body)
        for j in range(width)
    )


def _may_hold_table(lines: list[list[Run]], text_of: Callable[[Run], str]) -> bool:
    """Whether some line's runs stand apart and the lines below keep the gutters open for
    two lines more: most pages of prose have no such line, and stop here. A block with a
    column of list numbers is not a table (`_is_table`), told here from that column's
    few boxes alone (`text_of` reads one box's text)."""
    i = 0
    while i < len(lines):
        if len(segments(lines[i])) < 2:
            i += 1
            continue
        end, gutters = _region(lines, i)
        below = _wider_below(lines, i, end, gutters) if gutters else i
        if below != i:
            i = below
            continue
        block = lines[i:end]
        if (
            gutters
            and (end - i >= 3 or (end - i == 2 and _plan_header(" ".join(map(text_of, block[0])))))
            and not _list_markers(block, gutters)
            and (
                not _marker_column(block, gutters, text_of)
                or _plan_header(" ".join(text_of(r) for r in block[0]))
            )
        ):
            return True
        i = max(end, i + 1)
    return False


def _wider_below(
    lines: list[list[Run]], i: int, end: int, gutters: list[tuple[float, float]]
) -> int:
    """Where a block of more columns begins inside the block lines[i:end]: a table straight
    under a numbered list keeps the list's gutters open ("1. The Partnership should …" over
    "Rec | Lead | … | Rating"), so the two read as one block; the table starts at the first
    line with more cells than the block's first whose own block has more gutters. `i`
    when there is none."""
    cells = len(segments(lines[i]))
    for j in range(i + 1, end):
        if len(segments(lines[j])) > cells:
            return j if len(_region(lines, j)[1]) > len(gutters) else i
    return i


def _marker_column(
    lines: list[list[Run]], gutters: list[tuple[float, float]], text_of: Callable[[Run], str]
) -> bool:
    """A column under the block's first line whose every box is narrow and reads as a
    list's number or bullet ("1", "2.", "(b)")."""
    columns: dict[int, list[Run]] = {}
    for line in lines[1:]:
        for run in line:
            columns.setdefault(_column(run, gutters), []).append(run)
    return any(
        all(r.right - r.left < 20 for r in runs)
        and all(_MARKER.fullmatch(" ".join(text_of(r).split())) for r in runs)
        for runs in columns.values()
    )


def _list_markers(lines: list[list[Run]], gutters: list[tuple[float, float]]) -> bool:
    """Two columns, the first too narrow for a word: a list's numbers or bullets hung
    before their text, which a table's number column is not without a third column."""
    if len(gutters) != 1:
        return False
    return all(
        r.right - r.left < 20 for line in lines for r in line if r.right <= gutters[0][0] + 1
    )


def find_tables(lines: list[list[Run]], rules: list[float] | None = None) -> list[Table]:
    """The tables among a page's visual lines; `rules`: the heights of the page's drawn
    horizontal edges (cell borders), which cut rows where there are any."""
    tables = []
    i = 0
    while i < len(lines):
        if len(segments(lines[i])) < 2:  # no cell's gap on this line
            i += 1
            continue
        end, gutters = _region(lines, i)
        below = _wider_below(lines, i, end, gutters) if gutters else i
        if below != i:
            i = below
            continue
        one_row = end - i == 2 and _plan_header(" ".join(r.text for r in lines[i]))
        if gutters and (end - i >= 3 or one_row):
            rows = _rows(lines[i:end], gutters, rules or [])
            if _is_table(rows):
                tables.append(Table(i, end - 1, rows))
            i = end  # a block that is not a table holds none further down its lines
            continue
        i += 1
    return tables


def page_rules(page: Any) -> list[float]:
    """The heights of the horizontal edges of the page's drawn paths wider than a word:
    the borders of table cells (a cell's box gives its top and its bottom)."""
    import pypdfium2.raw as pdfium_c

    rules: list[float] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if right - left >= 15:
            rules += [bottom, top] if top - bottom > 2 else [(bottom + top) / 2]
    return rules


def page_text_with_tables(page: Any, textpage: Any) -> str | None:
    """The page's text with each table as rows of " | " cells, or None when it has no table
    (then PDFium's own text stands)."""

    def text_of(run: Run) -> str:
        return str(textpage.get_text_bounded(run.left, run.bottom, run.right, run.top))

    if not _may_hold_table(visual_lines(page_boxes(textpage)), text_of):
        return None
    lines = visual_lines(page_runs(textpage))
    tables = find_tables(lines, page_rules(page))
    if not tables:
        return None
    out: list[str] = []
    at = 0
    for table in tables:
        out.extend(" ".join(s.text for s in segments(line)) for line in lines[at : table.first])
        out.extend(" | ".join(cells) for cells in table.rows)
        at = table.last + 1
    out.extend(" ".join(s.text for s in segments(line)) for line in lines[at:])
    return "\n".join(out)
