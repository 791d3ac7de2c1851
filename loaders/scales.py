"""A document's own scale of statuses, learned from the document.

Boards rate their recommendations in words of their own: "Actioned / Part actioned / Not
actioned", "put right / being put right / not yet put right", "discharged, partly
discharged, not discharged", "Evidenced / Part evidenced / Not evidenced". No list of
status words can hold them all, but their shape is common to all: one word or phrase (X)
graded by the few words a scale is made of (not, not yet, part, partly, partially, being,
fully, largely, mostly, substantially). `status_scale` finds the phrases that come graded
in two or more ways where a status stands (alone on a line, in a cell, in brackets, after
a label) or three or more ways in one passage (a key: "Evidenced (…), Part evidenced (…) or
Not evidenced (…)"; a statement: "S/1 discharged, S/2 partly discharged and S/3 not
discharged"), and returns every form of them the document uses, each as its own status in
the board's words.

Prose grades words too ("information was not shared", "the child was not seen"), but
seldom in three ways in one passage, and seldom where a status stands.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from itertools import accumulate

from reviewgraph.loaders.clean import split_cells
from reviewgraph.loaders.models import Line

# the words a scale grades its phrase by, longest first so "not yet" is not read as "not"
DEGREES = (
    "not yet",
    "not",
    "in part",
    "partially",
    "partly",
    "part",
    "being",
    "fully",
    "largely",
    "mostly",
    "substantially",
)
_DEGREE = "|".join(d.replace(" ", r"\s+") for d in DEGREES)
_WORD = r"[a-z][a-z'’-]+"
# a graded phrase: the degree, then up to three words (the longest phrase that is one
# scale's X is chosen afterwards)
_GRADED = re.compile(rf"\b({_DEGREE})\s+({_WORD}(?:\s+{_WORD}){{0,2}})", re.I)
# words that open no status phrase: "not the", "not to", "not only", "partly because"
_NOT_X = frozenset(
    "a an the to be been have has had only all always any as at because by for from if "
    "it its of on or so that this those these we they he she his her their our you your "
    "with without who whom which what when where why how one some more less much many "
    "very too just even also yet clear sure able enough known".split()
)
# a value where a status stands, at most this many words
VALUE_WORDS = 5
# "(in place)", "(being put in place)." at the end of an item
_BRACKETED_END = re.compile(r"\(([^()]{2,40})\)\s*[.;,]?\s*$")
# "POSITION: CONTINUING", "Where it stands - Part actioned"
_LABELLED = re.compile(r"[:–—]\s+([^:–—]{2,40}?)\s*\.?\s*$")
# a cell that opens with its value then a note: "Part evidenced. Discharge policy …"
_VALUE_FIRST = re.compile(r"^([^.;:–—]{2,40}?)\s*(?:[.;:–—]|\s-\s)")
# a degree just before a phrase
_AFTER_DEGREE = re.compile(rf"\b(?:{_DEGREE})\s+$", re.I)
# where a status phrase in a key or a statement ends: before a bracket, a comma, "or",
# "and" ("Evidenced (…), Part evidenced (…) or Not evidenced", "S/1 discharged, S/2 …")
_BOUNDARY = re.compile(r"\s*(?:[(),.;:]|$)|\s+(?:or|and)\b")
# where a value may stand on a line longer than a value: a cell, brackets, a label
_MAY_HOLD_VALUE = re.compile(r" \| |\(|[:–—]\s|\.\s| - ")
# a passage read for a key or a statement: this many lines together
WINDOW = 3


def _values(line: str) -> list[str]:
    """The short values in the places a status stands on this line."""
    text = line.strip().lstrip("-•*✓✗◐ ").strip()
    out: list[str] = []
    cells = split_cells(text) if " | " in text else [text]
    for cell in cells:
        if not cell[:1].isupper():
            continue  # a line that goes on from the one before ("yet put right.")
        if len(cell.split()) <= VALUE_WORDS:
            out.append(cell)
        else:
            first = _VALUE_FIRST.match(cell)
            if first and len(first.group(1).split()) <= VALUE_WORDS:
                out.append(first.group(1))
    for pattern in (_BRACKETED_END, _LABELLED):
        found = pattern.search(text)
        if found and len(found.group(1).split()) <= VALUE_WORDS:
            out.append(found.group(1))
    values = (" ".join(v.strip(" .;,…").split()) for v in out if "," not in v)
    return [v for v in values if v]  # "HOST: ..." holds no value


def _graded(text: str, bounded: bool = False) -> list[tuple[str, str, int, int]]:
    """(degree, phrase, where it ends, where its degree starts) for each graded phrase in
    `text`, the phrase as 1 to 3 words; `bounded`: only phrases a boundary ends (see
    _BOUNDARY), as a key or a statement gives them."""
    out = []
    low_text = text.lower()
    # lower case first, then a pattern that ignores no case: three times faster on a long
    # text (unless lowering changes its length, as a rare letter does)
    same = len(low_text) == len(text)
    for found in _GRADED_LOW.finditer(low_text) if same else _GRADED.finditer(text):
        words = found.group(2)
        if words.split(None, 1)[0].lower() in _NOT_X:
            continue
        degree = " ".join(found.group(1).lower().split())
        start, low = found.start(2), words.lower()
        for w in _RUN.finditer(words):
            end = start + w.end()
            if bounded and not _BOUNDARY.match(text, end):
                continue
            out.append((degree, " ".join(low[: w.end()].split()), end, found.start()))
    return out


_RUN = re.compile(r"\S+")
_GRADED_LOW = re.compile(_GRADED.pattern)


def status_scale(lines: list[Line]) -> dict[str, str]:
    """Every form of the document's own graded status phrases, in lower case, each mapped
    to itself as the document writes it where a status stands ("part actioned" -> "Part
    actioned"); {} when it grades none."""
    # phrase -> degrees seen where a status stands ("" is the phrase alone)
    valued: dict[str, set[str]] = defaultdict(set)
    # phrase -> the most ways it is given in one passage (three at least are kept)
    together: dict[str, int] = defaultdict(int)
    values: set[str] = set()
    written: dict[str, str] = {}  # a value as the document first writes it ("Part actioned")
    texts = [line.text for line in lines]
    for text in texts:
        if not _MAY_HOLD_VALUE.search(text) and len(text.split()) > VALUE_WORDS:
            continue  # a line of prose: no cell, brackets or label where a value stands
        for raw in _values(text):
            value = raw.lower()
            written.setdefault(value, raw)
            values.add(value)
            if not _GRADED.match(value):
                valued[value].add("")  # the phrase alone: "Actioned"
                continue
            for degree, phrase, *_ in _graded(value):
                if f"{degree} {phrase}" == value:
                    valued[phrase].add(degree)
    # the graded phrases of the whole text, read once, each with the line it opens on;
    # a passage is WINDOW lines together (a key or a statement may wrap)
    full = " ".join(texts)
    offsets = list(accumulate((len(t) + 1 for t in texts), initial=0))
    found = [
        (bisect_right(offsets, start) - 1, d, x, end)
        for d, x, end, start in _graded(full, bounded=True)
    ]
    by_line: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for line, degree, phrase, end in found:
        by_line[line].append((degree, phrase, end))
    windows = sorted(
        {w for line, *_ in found for w in range(line - WINDOW + 1, line + 1) if w >= 0}
    )
    for i in windows:
        lo, hi = offsets[i], offsets[min(i + WINDOW, len(texts))] - 1
        degrees: dict[str, set[str]] = defaultdict(set)
        for line in range(i, i + WINDOW):
            for degree, phrase, end in by_line.get(line, ()):
                if end <= hi:
                    degrees[phrase].add(degree)
        for phrase, seen in degrees.items():
            if len(seen) < 2:
                continue  # one degree and the phrase alone make two ways, not a scale
            # the phrase alone in the passage is one more way ("S/1 discharged, …")
            passage = full[lo:hi]
            bare = any(
                not _AFTER_DEGREE.search(passage[: f.start()]) and _BOUNDARY.match(passage, f.end())
                for f in re.finditer(rf"(?<![\w'’-]){re.escape(phrase)}\b", passage, re.I)
            )
            together[phrase] = max(together[phrase], len(seen) + bare)
    scales = {
        phrase
        for phrase in set(valued) | set(together)
        if phrase.strip()
        and phrase.split()[0] not in _NOT_X
        and (len(valued.get(phrase, ())) >= 2 or together.get(phrase, 0) >= 3)
    }
    # the longest phrase of each scale: "put right", not "put"
    scales = {p for p in scales if not any(q != p and q.startswith(p + " ") for q in scales)}
    given: dict[str, set[str]] = defaultdict(set)
    for phrase in scales:  # every degree the text gives it, bounded or not
        for said in re.finditer(rf"\b({_DEGREE})\s+{re.escape(phrase)}\b", full, re.I):
            given[phrase].add(" ".join(said.group(1).lower().split()))
    out: dict[str, str] = {}
    for phrase in scales:
        for degree in {""} | given[phrase] | valued.get(phrase, set()):
            form = f"{degree} {phrase}".strip()
            out[form] = written.get(form, form)
        # a form given where a status stands with other words before the phrase:
        # "(being put in place)" on the scale of "in place"
        for value in values:
            extra = len(value.split()) - len(phrase.split())
            if value.endswith(" " + phrase) and extra <= 2 and _GRADED.match(value):
                out.setdefault(value, written.get(value, value))
    return out
