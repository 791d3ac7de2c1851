"""Statuses away from their recommendations, linked to them after the recommendations are
read (loaders/recommendations.py).

A status away from its recommendation is linked to it afterwards (`_linked_statuses`): by
its number (a progress table pages later, a flattened row, "1 - complete, 2 - on track",
"Recommendations B1 and B3 are closed"), by its place (its own row under any header, its
heading's last words, a status line in its block, "this recommendation is overdue"), by
the words of a short title, or, for a board's own rating words no list holds, by where
they stand (`_repeated_values`: one short value per recommendation, from a few that
repeat, in one column or at one place in each card). A board's own rating words, learned
from the document (loaders/scales.py: "Actioned / Part actioned / Not actioned") or its
key, are read where they stand (`_keyed_statuses`): in brackets closing an item, alone on
the line above each item, or in one sentence that gives several statuses by their codes
("S/1 and E/1 discharged, S/2 partly discharged").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from reviewgraph.loaders.clean import REC_REF, paragraphs, split_cells
from reviewgraph.loaders.models import Line, Recommendation
from reviewgraph.loaders.recstatus import (
    _CAPS_ANSWER,
    _FIELD_LINE,
    _NAMED_REC,
    _RATED,
    _STATUS_PHRASE,
    _key_term,
    status_from,
)
from reviewgraph.loaders.structure import item_start

# A status may sit away from its recommendation: a progress table added pages later that
# names each recommendation by its number ("B1 | Fully met"), a "Status:" line of its own
# under the recommendation on a slide, a table keyed by a short title ("DASH for older
# victims | Green"), a sentence ("Recommendations B1 and B3 are closed"). Each is read by
# what links it to one recommendation: a number, a place, or the words they share.

# a cell that names a recommendation by its number: "3", "R3", "B3", "Rec 3", "Recommendation 3"
_REF_CELL = re.compile(rf"^{REC_REF}[.):]?$")
# a log's line that names the item again, then its state: "Action 14/2 - delayed.",
# "Recommendation 3 - closed, evidence seen" (lower case: a state, not a sentence)
_OWN_STATUS = re.compile(
    r"(?:^|(?<=[.;]\s))(?i:action|recommendation|rec)\.?\s*[\w/.]{1,6}\s+[-–]\s+"
    r"((?-i:[a-z])[a-z' ]{2,40}?)\s*(?=[,.;]|$)"
)
# numbers and statuses in a run: "1 - complete, 2 - on track, 3 - complete"
_NUMBERED_STATUS = re.compile(
    rf"(?:^|[\s,;:(])(?:R|Rec\.?\s*)?(\d{{1,2}})\s*[-–:=]\s*({_STATUS_PHRASE})\b", re.I
)
_NUMBER_SEPARATED = re.compile(r"\d\s*[-–:=]")
# a line a flattened row opens with the number it names: "B1 Fully", "R3 Closed - audit seen"
_REF_LINE = re.compile(r"^(?:[A-Z]{1,2}|(?i:rec\.?)\s*)?(\d{1,2})[.:]?\s+(\S.*)$")
# "Recommendation 3", "recommendations B1 and B3", "Recs 2, 4 and 5"
_REF_PROSE = re.compile(
    r"\b(?i:rec(?:ommendation)?s?)\.?\s+((?:[A-Z]?\d{1,2})(?:\s*(?:,|and|&)\s*[A-Z]?\d{1,2})*)\b"
)
# a status said in a sentence: "has now been completed", "is overdue", "are closed",
# "has not started"
_SAID_STATUS = re.compile(
    r"\b(?:has|have|is|are|was|were)\s+(?:now\s+)?(?P<not>not\s+(?:yet\s+)?)?(?:been\s+)?"
    rf"(?P<status>{_STATUS_PHRASE})\b",
    re.I,
)
# a labelled status closing the recommendation's own text: "… Progress rating: Complete."
_LABELLED_END = re.compile(
    r"\b(?:(?:current|latest|overall)\s+)?(?:status|rag(?:\s+(?:rating|status))?"
    rf"|progress(?:\s+rating)?|rating|position)\s*[:\-–]\s*({_STATUS_PHRASE})\b[^.]{{0,60}}\.?\s*$",
    re.I,
)
# what a report says of the recommendation in hand: "this recommendation has now been
# completed", "Work on this recommendation has not started"
_OF_ITSELF = re.compile(
    r"\bthis (?:recommendation|action)\b[^.]{0,20}?\s(?:has|have|is|was)\s+(?:now\s+)?"
    rf"(?P<not>not\s+(?:yet\s+)?)?(?:been\s+)?(?P<status>{_STATUS_PHRASE})\b",
    re.I,
)
# a status line of its own: "Status: Complete", "- RAG: Amber", "Rating - Partly met"
_STATUS_LINE = re.compile(
    r"^(?:[-•*]\s*)?(?:(?:current|latest|overall)\s+)?"
    r"(?:status|rag(?:\s+(?:rating|status))?|rating|progress)\s*[:\-–]\s*(?P<value>\S.*)$",
    re.I,
)
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP = frozenset(
    "the and for with that this from should must will all any are its their into has have "
    "been not who when where which what each every can than then there they them our was "
    "were".split()
)
# the share of a short title's words a recommendation must hold to be the one it names,
# and by how much more than any other recommendation
TITLE_OVERLAP = 0.4
TITLE_MARGIN = 0.15
# a flattened table's header words, read into its first row's title: not the title's
_HEADER_WORDS = frozenset(
    "recommendation lead rag comment comments status owner progress rating update action "
    "agency ref title summary position".split()
)
# a flattened row's status after its title and lead: "… Cottesby Police Amber: Force guidance …"
_ROW_STATUS = re.compile(
    rf"^(?P<before>.*?)\b(?P<status>green|amber|red|blue|{_STATUS_PHRASE})\s*[:\-–]\s+\S", re.I
)
# what _ROW_STATUS needs somewhere, found fast: its big alternation is tried at every
# position, and nine lines in ten of a report have no separator before a word
_SEPARATED = re.compile(r"[:\-–]\s+\S")
# a status ending a line: "… not brought In progress"
_STATUS_END = re.compile(rf"\b({_STATUS_PHRASE})\s*$", re.I)
# how far below a recommendation its own status line may sit
BLOCK_LINES = 8


def _number_of(ref: str) -> str | None:
    digits = re.findall(r"\d{1,2}", ref)
    return digits[-1] if digits else None


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _openings(lines: list[Line]) -> list[tuple[str, str]]:
    """Each line as _line_of compares it: (its words in lower case, the same after an
    item's number)."""
    out = []
    for line in lines:
        text = " ".join(line.text.split()).lower()
        item = item_start(text)
        out.append((text, (item.text if item else text)[:80]))
    return out


def _line_of(rec: Recommendation, texts: list[tuple[str, str]], start: int) -> int | None:
    """The index of the line that opens `rec`'s text, searching from `start` (`texts`:
    the lines' _openings)."""
    opening = " ".join(rec.text.split())[:80].lower()
    head = opening[:30]
    if not head:
        return None
    # the line its text opens, after its number, as far as the line goes; else any line
    # that holds its first words (a bullet before it may name the same agency: "- Merrowby
    # Council adult social care, which …")
    for k in range(start, len(texts)):
        own = texts[k][1]
        if len(own) >= 20 and opening.startswith(own):
            return k
    for k in range(start, len(texts)):
        if head in texts[k][0]:
            return k
    return None


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _named_by(
    title: str, recs: list[Recommendation], words: list[set[str]]
) -> Recommendation | None:
    """The one recommendation a short title names: most of the title's words are in its
    text, clearly more than in any other's ("Carers seen alone Cottesby and Wolds NHS FT").
    A word every recommendation holds (the area's name, "adult social care") says little:
    each word weighs by how few of the recommendations hold it."""
    said = {_stem(w) for w in _content_words(title)} - _HEADER_WORDS
    if not 2 <= len(said) <= 16 or not recs:
        return None
    stems = [{_stem(w) for w in ws} for ws in words]
    weight = {w: math.log(1 + len(recs) / (1 + sum(w in st for st in stems))) for w in said}
    total = sum(weight.values())
    shares = sorted(
        ((sum(weight[w] for w in said & st) / total, i) for i, st in enumerate(stems)),
        reverse=True,
    )
    best, second = shares[0][0], shares[1][0] if len(shares) > 1 else 0.0
    if best >= TITLE_OVERLAP and best - second >= TITLE_MARGIN:
        return recs[shares[0][1]]
    return None


def _said(match: re.Match[str] | None) -> str | None:
    """The status a sentence says, from a match with `not` and `status` groups ("has not
    started" -> "not started")."""
    if match is None:
        return None
    word = match.group("status")
    return f"not {word}" if match.group("not") and not word.lower().startswith("not") else word


def _linked_statuses(
    recs: list[Recommendation],
    lines: list[Line],
    key: dict[str, str],
    paper_lines: list[Line] | None = None,
) -> None:
    """Give each recommendation without a status the one the case states elsewhere, in this
    order: a table row naming its number; a status line in its own block (or a key's
    symbol opening its line); a table row naming it by a short title; a sentence naming
    its number. A number two recommendations share links neither."""
    if all(r.status for r in recs):
        return
    numbers: dict[str, list[Recommendation]] = {}
    for i, rec in enumerate(recs, start=1):
        numbers.setdefault(_number_of(rec.number or "") or str(i), []).append(rec)
    by_number = {n: rs[0] for n, rs in numbers.items() if len(rs) == 1}
    said: dict[int, str] = {}

    def give(rec: Recommendation | None, status: str | None) -> None:
        if rec is not None and status and not rec.status and id(rec) not in said:
            said[id(rec)] = status

    rows = [split_cells(line.text) for line in lines if " | " in line.text]
    for j, line in enumerate(lines):  # 1. "B1 | Fully met | …"
        cells = split_cells(line.text) if " | " in line.text else []
        ref = next((c for c in cells[:2] if _REF_CELL.match(c)), None)
        if ref is None:
            continue
        status = next((st for c in cells if c != ref and (st := status_from(c, key))), None)
        give(by_number.get(_number_of(ref) or ""), status or _state_cell(lines, j, cells))

    for j, line in enumerate(lines):  # 1b. the same row, its cells flattened to lines by a PDF
        row = _REF_LINE.match(line.text) if " | " not in line.text else None
        named = by_number.get(row.group(1)) if row else None
        if row is None or named is None:
            continue
        rest = row.group(2)
        if len(rest.split()) <= 3 and j + 1 < len(lines):  # "B1 Fully" / "met"
            rest = f"{rest} {lines[j + 1].text}"
        give(named, status_from(rest, key))

    for line in lines:  # 1c. "by recommendation number: 1 - complete, 2 - on track, …"
        if not _NUMBER_SEPARATED.search(line.text):
            continue  # (a fast test first: the pattern's alternation is slow)
        pairs = _NUMBERED_STATUS.findall(line.text)
        if len(pairs) >= 2:
            for number, status in pairs:
                give(by_number.get(number), status)

    openings = _openings(lines)
    at = 0  # 2. the recommendation's own block
    places = []
    for rec in recs:
        k = _line_of(rec, openings, at)
        places.append(k)
        at = k + 1 if k is not None else at
    # the report's own words where they stand: above each, in brackets, in a sentence
    _keyed_statuses(recs, lines, places, key, give, paper_lines)
    for n, (rec, k) in enumerate(zip(recs, places, strict=True)):
        if k is None:
            continue
        labelled_end = _LABELLED_END.search(rec.text)
        if labelled_end:  # "… (Aaron) Progress rating: Not started."
            give(rec, labelled_end.group(1))
        told = f"{rec.text} {rec.progress or ''}"
        # "… I regret that this recommendation is overdue."
        give(rec, _said(_OF_ITSELF.search(told)))
        own = _OWN_STATUS.search(told)
        if own and rec.number and rec.number in own.group(0):  # "… Action 14/2 - delayed."
            give(rec, status_from(own.group(1), key) or own.group(1))
        if " | " in lines[k].text:  # its own row, a status column under any header ("Outcome")
            cells = split_cells(lines[k].text)
            body = max(cells, key=len)
            give(rec, next((st for c in cells if c != body and (st := status_from(c, key))), None))
        elif key:
            give(rec, _key_term(lines[k].text.lstrip("-•* "), key))  # "✓ Recommendation T1 …"
        end = next((p for p in places[n + 1 :] if p is not None), len(lines))
        for line in lines[k + 1 : min(end, k + 1 + BLOCK_LINES)]:
            if line.text.startswith("#"):
                break
            labelled = _STATUS_LINE.match(line.text.strip())
            if labelled:
                give(rec, status_from(labelled.group("value"), key))
                break
            if len(line.text.split()) <= 4 and (bare := status_from(line.text, key)):
                give(rec, bare)  # a line that is a status alone: "75% complete", "Closed"
                break
            answer = _CAPS_ANSWER.match(line.text.strip())
            if answer:  # "PART FINISHED - Eleven of the fourteen practices have …"
                give(rec, answer.group(1).strip().capitalize())
                break

    words = [_content_words(r.text) for r in recs]
    for cells in rows:  # 3. "DASH for older victims | Green - in place"
        for j, cell in enumerate(cells):
            if len(cell.split()) > 14 or (named := _named_by(cell, recs, words)) is None:
                continue
            others = [c for x, c in enumerate(cells) if x != j]
            give(named, next((st for c in others if (st := status_from(c, key))), None))
            break
    last = max((k for k in places if k is not None), default=-1)
    chunk: list[str] = []  # 3b. the same, a PDF table flattened to lines after the list
    for line in lines[last + 1 :]:
        flat = (
            _ROW_STATUS.match(line.text)
            if " | " not in line.text and _SEPARATED.search(line.text)
            else None
        )
        status = status_from(line.text[flat.start("status") :], key) if flat else None
        if flat and status:
            named = _named_by(" ".join([*chunk, flat.group("before")]), recs, words)
            give(named, status)
            chunk = []
        elif line.text.rstrip().endswith((".", ":", ";")) or len(chunk) >= 8:
            chunk = []
        else:
            chunk.append(line.text)

    for line in lines:  # 3c. "Recommendation 2: When a child is not brought In progress"
        head = _NAMED_REC.match(line.text.lstrip("#-•* "))
        tail = _STATUS_END.search(line.text) if head and len(line.text.split()) <= 16 else None
        if head and tail:
            give(by_number.get(_number_of(head.group(1)) or ""), tail.group(1))

    for line in lines:  # 4. "Recommendations B1 and B3 are closed."
        if " | " in line.text or not _REF_PROSE.search(line.text):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", line.text):
            refs = _REF_PROSE.search(sentence)
            status = _said(_SAID_STATUS.search(sentence)) if refs else None
            if refs and status:
                for ref in re.findall(r"[A-Z]?\d{1,2}", refs.group(1)):
                    give(by_number.get(_number_of(ref) or ""), status)

    _repeated_values(
        recs, lines, places, lambda r, v: give(r, v and (status_from(v, key) or v)), set(key)
    )
    by_label = _labelled_values(recs)  # "… Where we are: In hand. …" in each
    for rec in recs:
        give(rec, by_label.get(id(rec)))

    for rec in recs:
        if id(rec) in said:
            rec.status = said[id(rec)]


def _key_line(text: str, key: dict[str, str]) -> str | None:
    """The status a line gives when it is one of the key's terms alone ("Being put
    right", "- Part actioned."), else None."""
    value = " ".join(text.strip().lstrip("#-•* ").rstrip(" .:;").split()).lower()
    return key[value] if value in key else None


# a term in brackets closing the text: "… at every contact (in place)."
_KEYED_END = re.compile(r"\s*([(\[]([^()\[\]]{1,40})[)\]])\s*[.;]?\s*$")


def _keyed_statuses(
    recs: list[Recommendation],
    lines: list[Line],
    places: list[int | None],
    key: dict[str, str],
    give: Callable[[Recommendation | None, str | None], None],
    paper_lines: list[Line] | None = None,
) -> None:
    """Statuses in the report's own words (its key, or the scale it grades: see
    loaders/scales.py) where they stand: a term in brackets closing a recommendation's
    text; a heading that is a term alone, over the recommendations listed under it; a
    term alone on the line above each recommendation (a leaflet that gives the
    status first), when the first recommendation has one above it too, so that a status
    below each is not read as the next one's; a sentence that gives several
    recommendations' statuses by their numbers ("S/1 and E/1 discharged, S/2 partly
    discharged and S/3 not discharged"), anywhere in the paper (`paper_lines`) for codes
    with letters, which no other case's recommendations share."""
    for rec in recs:
        end = _KEYED_END.search(rec.text)
        said = (  # "(in place)" by its words, "[T]" as its code with the brackets
            key.get(" ".join(end.group(2).lower().split())) or key.get(end.group(1).lower())
            if end
            else None
        )
        if end and said and not rec.status:
            give(rec, said)
            rec.text = rec.text[: end.start()].rstrip(" .") + "."
    # listed under headings that are the key's terms, or terms the report defines in a
    # list of its own ("- Sustained: the change has been made …"): "Sustained" / …
    defined = {
        " ".join(d.group(1).lower().split()): d.group(1)
        for line in lines
        if (d := _RATED.match(line.text.strip()))
    }
    headed = [
        _key_line(rec.section or "", key) or _key_line(rec.section or "", defined) for rec in recs
    ]
    if sum(1 for h in headed if h) >= 2:
        for rec, said in zip(recs, headed, strict=True):
            give(rec, said)
    if not key:
        return
    terms = sorted(key, key=len, reverse=True)  # "not yet put right" before "put right"
    above = [_key_line(lines[k - 1].text, key) if k is not None and k > 0 else None for k in places]
    if above and above[0] and sum(1 for a in above if a) >= 2:
        for rec, said in zip(recs, above, strict=True):
            give(rec, said)
            # the next one's status read into this one's text, as a line that went on
            # (after a sentence's end, or in any one that has a status of its own above)
            low = rec.text.lower()
            tail = next((t for t in terms if low.endswith(" " + t)), None)
            if tail and (said or rec.text[-len(tail) - 2] in ".;"):
                rec.text = rec.text[: -len(tail)].rstrip()
    numbers = {r.number: r for r in recs if r.number}
    coded = {n: r for n, r in numbers.items() if re.search(r"[A-Za-z]", n)}
    if paper_lines and len(coded) == len(numbers) >= 1:
        lines = paper_lines  # "S/1" is this case's wherever the paper says it
    if not numbers or len(numbers) < 2 and not coded:
        return
    refs = "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True))
    said_as = "|".join(re.escape(t) for t in terms)
    token = re.compile(rf"(?<![\w/])(?:(?P<ref>{refs})|(?P<term>{said_as}))(?![\w/])", re.I)
    for line in _sentences_of(lines):
        found = [(t.group("ref"), t.group("term")) for t in token.finditer(line)]
        named = [r for r, _ in found if r]
        stated = [t for _, t in found if t]
        if len(set(named) | set(stated)) < 3 or not stated:
            continue
        waiting: list[str] = []
        if found[0][0]:  # "S/1 and E/1 discharged, S/2 partly discharged"
            for ref, term in found:
                if ref:
                    waiting.append(ref)
                else:
                    for r in waiting:
                        give(numbers.get(r), key[term.lower()])
                    waiting = []
        else:  # "discharged: S/1, E/1; partly discharged: S/2"
            current = None
            for ref, term in found:
                if term:
                    current = key[term.lower()]
                elif current:
                    give(numbers.get(ref), current)


def _sentences_of(lines: list[Line]) -> list[str]:
    """The sentences of the lines' paragraphs (a sentence may wrap over lines)."""
    return [
        s for p in paragraphs(lines) for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", p.text) if s
    ]


# A column that holds whom, when or what was done, not how far it has got.
_NOT_STATUS_HEADER = re.compile(
    r"\b(?:lead|owner|who|agency|agencies|responsible|ref|no|number|date|due|target|deadline"
    r"|timescale|evidence|action|recommendation|title|theme|scope|comment|notes?|learning)\b"
    r"|^what\s+(?:will|we\s+will|is\s+to)\b",  # what is to be done: "What will be done"
    re.I,
)
# A column or line whose words name a state: "Assurance level", "Done?", "How far"
_STATE_HEADER = re.compile(
    r"\b(?:level|assurance|done|how far|where (?:we are|it stands|things stand)|state|stage"
    r"|rating|status|progress|position)\b|\?$",  # or a question: "Achieved?", "In place?"
    re.I,
)
# the first words of a value, before its explanation: "Partly - form drafted" -> "Partly"
_VALUE_HEAD = re.compile(r"^([A-Za-z][A-Za-z' -]{1,30}?)\s*(?:$|[.:;,(]|\s[-–]\s)")


def _short_value(text: str, most: int = 3) -> str | None:
    """A value of one to `most` words and no digits ("Substantial", "Not yet assured"; five
    where nothing shorter is: "Still to be taken forward")."""
    head = _VALUE_HEAD.match(" ".join(text.split()))
    if not head or any(ch.isdigit() for ch in text[:40]):
        return None
    value = head.group(1).strip()
    return value if 1 <= len(value.split()) <= most and value[0].isupper() else None


def _state_field(header: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    """{"state": value} for a row's column whose header names a state ("Status at Sept
    2025 | Behind schedule", "Assurance level | Limited", "Done? | Partly"), its value a
    few words in the board's own terms; else {}."""
    # a short value first ("What has been done | A new team" beside "Where it stands |
    # Under review"), then one of up to five words ("Where we are now | Still to be taken
    # forward")
    for most in (3, 5):
        for name, cell in zip(header, cells, strict=True):
            if _STATE_HEADER.search(name) and not _NOT_STATUS_HEADER.search(name):
                value = _short_value(cell, most)
                if value:  # not "What has been done" over a sentence
                    return {"state": value}
    return {}


def _state_cell(lines: list[Line], at: int, cells: list[str]) -> str | None:
    """The short value of the row's column whose header names a state."""
    header = _header_above(lines, at, len(cells))
    return _state_field(header, cells).get("state") if header else None


# a label and a short value inside a recommendation's text: "… Where we are: Met. All 71 …"
_LABELLED_VALUE = re.compile(
    r"(?:^|(?<=[.;!?])\s+)([A-Z][\w'’ ]{2,30}?):\s+([A-Z][\w'’]*(?:\s+[\w'’]+){0,2})\s*[.;](?:\s|$)"
)


def _labelled_values(recs: list[Recommendation]) -> dict[int, str]:
    """A status under a label no list knows, found because every recommendation still
    without one carries the same label followed by a short value ("Where we are: In
    hand.", "Our view: Not assured."): {id(rec): value}."""
    open_ = [r for r in recs if not r.status]
    if len(open_) < 2:
        return {}
    found: list[dict[str, str]] = []
    for rec in open_:
        pairs = {m.group(1).strip().lower(): m.group(2) for m in _LABELLED_VALUE.finditer(rec.text)}
        found.append({k: v for k, v in pairs.items() if not _NOT_STATUS_HEADER.search(k)})
    common = set.intersection(*(set(f) for f in found))
    if len(common) != 1:
        return {}
    label = common.pop()
    return {id(rec): f[label] for rec, f in zip(open_, found, strict=True)}


def _header_above(lines: list[Line], at: int, width: int) -> list[str]:
    """The header of the table that holds the row at `at`: the topmost of the rows of as
    many cells above it, over any row merged across the table ("Tyler (SCR, published
    2020)") that names a case."""
    header: list[str] = []
    merged = 0  # lines since the last row of the table
    for j in range(at - 1, -1, -1):
        text = lines[j].text
        if " | " in text:
            cells = split_cells(text)
            if len(cells) != width:
                break
            header, merged = cells, 0
            continue
        merged += 1
        if merged > 1 or text.startswith("#") or len(text.split()) > 12:
            break
    return header


# a value opening the line after a recommendation, then what was done: "Changing. A
# template prompt has been added …", "Not yet changed - the Trust …"
_VALUE_OPENS = re.compile(r"^((?:[A-Z][a-z']+)(?: [a-z']+){0,2})(?:\.|:|\s[-–—])\s+(?=[A-Z0-9])")


def _repeated_values(
    recs: list[Recommendation],
    lines: list[Line],
    places: list[int | None],
    give: Callable[[Recommendation | None, str | None], None],
    known: set[str] | None = None,
) -> None:
    """A board's own rating words, which no list can know ("Substantial / Reasonable /
    Limited", "Embedded / Progressing / Stalled"), found by where they stand: one short
    value per recommendation, from a few that repeat, in one column of their rows (or
    under a header that names a state), or on a line of its own at the same place in
    each recommendation's card (`known`: the document's key and scale, two of whose terms
    stand for a repeat). Only recommendations still without a status take one."""
    open_ = [(r, k) for r, k in zip(recs, places, strict=True) if not r.status and k is not None]
    if len(open_) < 2:
        return
    rows = [(r, split_cells(lines[k].text)) for r, k in open_ if " | " in lines[k].text]
    if len(rows) >= 2:
        first = min(k for r, k in open_ if " | " in lines[k].text)
        width = len(rows[0][1])
        header = _header_above(lines, first, width)
        for j in range(width):
            name = header[j] if len(header) == width else ""
            if name and _NOT_STATUS_HEADER.search(name) and not _STATE_HEADER.search(name):
                continue
            values = [_short_value(c[j]) if len(c) == width else None for _, c in rows]
            if None in values:
                continue
            repeats = len({v.lower() for v in values if v}) < len(values)
            if repeats or (name and _STATE_HEADER.search(name)):
                for (rec, _), value in zip(rows, values, strict=True):
                    give(rec, value)
                return
    for step in (-1, 1):  # a card's status line: just before its heading, or after its text
        found: list[tuple[Recommendation, str]] = []
        for rec, k in open_:
            j = k + step
            if step < 0 and j >= 0 and lines[j].text.startswith("#"):
                j -= 1  # before the card's own heading
            flat = " ".join(rec.text.split())
            while step > 0 and 0 <= j < len(lines) and " ".join(lines[j].text.split()) in flat:
                j += 1  # after the lines its text wraps onto
            while step > 0 and 0 <= j < len(lines) and _FIELD_LINE.match(lines[j].text):
                j += 1  # after its "Lead: …" line
            text = lines[j].text.strip() if 0 <= j < len(lines) else ""
            if step < 0 and text.startswith("# "):
                text = text[2:]  # a status word set large enough to be read as a heading
            short = len(text.split()) <= 3 and not text.startswith("#")
            value = _short_value(text) if short else None
            opens = _VALUE_OPENS.match(text) if step > 0 and not short else None
            if opens:  # "Changed. Carers' assessments are now offered …"
                value = opens.group(1)
            if value:
                found.append((rec, value))
        said = {v.lower() for _, v in found}
        # a few values that repeat, or two at least of the document's own scale ("Landed
        # / Landing / Not landed" for three recommendations)
        if len(found) == len(open_) and (
            len(said) < len(found) or len(said & (known or set())) >= 2
        ):
            for rec, value in found:
                give(rec, value)
            return
