"""A recommendation's status as its words give it: the status phrases ("Complete",
"Partly met", "In progress - audit due"), a status opening or closing an item or a cell, a
field line ("Status: Complete"), a RAG colour, and a report's key to its colours or to its
own rating words ("Partially achieved: work started …"), which rates every status after it.
Each status keeps the board's words and their class (loaders/statuses.py).
"""

from __future__ import annotations

import re

from reviewgraph.loaders.models import Line, Recommendation
from reviewgraph.loaders.statuses import status_class

# an item that names itself a recommendation: "Recommendation T1 (GPs): …", "Rec 3 - …"
_NAMED_REC = re.compile(r"^(?i:rec(?:ommendation)?)\.?\s*([A-Z]?\d{1,2})\b(?!\.\d)")
# When a field's value was given: "Update (June 2025):", "Progress at March 2025:".
_WHEN = r"(?:\s*\([^()]{2,25}\)|\s+(?:at|as\s+at|in|on)\s+[\w ]{3,20}?)?"
# A line after an item that labels one of its fields: "Status: In progress".
_FIELD_LINE = re.compile(
    rf"^(?P<label>(?:(?:current|latest)\s+)?(?:status|rag(?:\s+(?:rating|status))?"
    rf"|progress(?:\s+(?:update|to\s+date|so\s+far))?|update|position){_WHEN}"
    r"|lead(?:\s+agency)?"
    r"|owner|responsible(?:\s+agency)?|due(?:\s+date)?|deadline|timescale|target\s+date"
    r"|by\s+when|response|agency\s+response)\s*[:\-–]\s*(?P<value>\S.*)$",
    re.I,
)
# The words of a status, at the start of a cell or a progress note ("Completed: guide
# launched", "In progress - audit due") or at the end of a flattened PDF row.
_STATUS_PHRASE = (
    r"complete[d]?|fully\s+(?:met|implemented)|in\s+progress|not\s+(?:yet\s+)?started|overdue"
    r"|ongoing|on\s+track|delayed|achieved|partially\s+(?:complete[d]?|met|achieved|implemented)"
    r"|superseded|open|closed|implemented|done"
    r"|not\s+(?:yet\s+)?(?:due|implemented|achieved|commenced|begun|progressed|delivered"
    r"|actioned)"
    r"|(?:still\s+)?outstanding|embedded|under\s*way|started"
    # in other boards' words: "Partly achieved", "Not yet", "Not done yet", "On hold"
    r"|partly\s+(?:complete[d]?|met|achieved|implemented|done)|not\s+done(?:\s+yet)?"
    # "Not yet", "Not yet begun", "Not yet delivered": what is not yet done, in its words
    r"|not\s+yet(?:\s+(?:under\s*way|\w+(?:ed|un|en|one|et)\b))?|on\s+hold|off\s+track"
)
_STATUS_START = re.compile(rf"^(?:{_STATUS_PHRASE})\b", re.I)
_STATUS_PREFIX = re.compile(
    r"^(?:[^\w(\[]+|(?:(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})\s*[:\-–]\s*)+"
)
_SHARE_DONE = re.compile(r"^\d{1,3}\s?%\s+(?:complete[d]?|done|achieved|implemented)\b", re.I)
_MORE_STATUS = re.compile(rf"\s*[-–:,(]\s*({_STATUS_PHRASE})\b", re.I)
_RAG = re.compile(r"^(?:(?:rag\s*[:\-]?\s*)?(green|amber|red)(?:\b.*)?|(?:blue))$", re.I)
# What the colours mean when a report gives no key: green done, amber under way, red not
# begun or off track ("open" in the action plans' words).
RAG_DEFAULT = {
    "green": "complete",
    "amber": "in progress",
    "red": "not started",
    "blue": "complete",
}
_RAG_KEY = re.compile(
    r"\b(green|amber|red|blue)\s*(?:=|:|-|–|means|is)\s*([a-z][a-z ]{2,60}?)\s*"
    r"(?=[;,.|]|$|\b(?:green|amber|red|blue)\b)",
    re.I,
)


def status_from(
    text: str | None, key: dict[str, str] | None = None, *, anywhere: bool = False
) -> str | None:
    """A status from a Status, RAG or Progress cell: its status words, in the board's words
    when they are a short phrase ("Achieved and closed"; "Completed: guide launched" ->
    "Completed"), or its RAG colour read through the report's key or RAG_DEFAULT; None when
    it states none. `anywhere`: the cell is known to hold a status, so a short phrase whose
    status words do not open it is one too ("Work ongoing", "Met in full")."""
    if not text:
        return None
    text = " ".join(text.split())
    coloured = _COLOUR_WORDS.match(text)
    if coloured and (whole := _whole_status(text, colour=True)):
        return whole  # "Green - on course": the board's words, classed by them or the colour
    term = _key_match(text, key) if key else None
    if key and term:  # the report's key to its own symbols or ratings ("✓ = Done", "Partly met: …")
        # a rating in words that name a status is the board's words ("On target"); a
        # symbol, a colour or a code is what the key says it means
        written = text[: len(term)]
        if not _WORDS_TERM.fullmatch(term) or _COLOUR.fullmatch(term):
            return key[term]  # its class is the key's (see _status_classes)
        whole = _whole_status(text)  # "Met in full", the key's "met" with more words
        longer = whole and len(whole) > len(written)
        return whole if longer and status_class(whole) == status_class(written) else written
    # a tick or a bullet before it, or the date it was reported ("✓ Complete", "March
    # 2025: in progress", "12/03/2025 - Closed")
    text = _STATUS_PREFIX.sub("", text)
    start = _STATUS_START.match(text)
    if start and key and start.group(0).lower() in key:  # the report's own key to its words
        return key[start.group(0).lower()]
    if start:
        whole = _whole_status(text)
        # "Open - on track", "Open: overdue": an open action's state says more than "open"
        more = _MORE_STATUS.match(text, start.end()) if start.group(0).lower() == "open" else None
        if whole and (more is None or len(whole) >= more.end()):
            return whole  # the board's words: "Achieved and closed", "Open - on track"
        return more.group(1) if more else start.group(0)
    whole = _whole_status(text) if anywhere and text[:1].isalpha() else None
    if whole and status_class(whole) and not _RAG.match(whole):
        return whole  # "Work ongoing", "Met in full", "Closed by board"
    share = _SHARE_DONE.match(text)
    if share:  # "75% complete"
        return share.group(0)
    rag = _RAG.match(text)
    if rag:
        colour = (rag.group(1) or "blue").lower()
        return (key or {}).get(colour) or RAG_DEFAULT[colour]
    return None


# A month as a status's date writes it: "Jan", "March", "Sept"
MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
# Where a status in a board's words ends: a sentence, a note after a colon or in brackets,
# a date ("Complete: guide launched", "In progress (see 4.2)", "Complete 03/2025").
_PHRASE_END = re.compile(
    rf"[.;:(\[]|\s\d|\s(?:by|since|from|in|on|at|for|until)\s+(?:\d|{MONTH_WORD}\b"
    r"|(?:spring|summer|autumn|winter|Q[1-4])\b)"
    # a month and year with no word before them: "Completed Jan 2025", "Closed March 2024"
    rf"|\s{MONTH_WORD}\.?\s+\d"
)
# words a status in the board's words may not hold: it is a note, not a status
_NOTE_WORD = re.compile(r"\b(?:was|were|has|have|had|is|are|will|we|the|our|this|see)\b", re.I)
STATUS_WORDS = 5  # a status in the board's words is at most this long
# after a dash, this many words are still the status's ("Complete - evidence on file");
# more are a note ("Under way - two posts still vacant")
NOTE_WORDS = 3
# a colour and the board's words for it: "Green - on course", "Amber - at risk of delay"
_COLOUR_WORDS = re.compile(r"^(green|amber|red|blue)\s+[-–]\s+(?=[a-z])", re.I)
# a key's term in words ("Substantially achieved", "On target"), not a symbol or a code
_WORDS_TERM = re.compile(r"[a-z][a-z'’ -]+[a-z]")


def _status_classes(recs: list[Recommendation], key: dict[str, str]) -> None:
    """Each status's class: what the report's key says its words mean ("Substantially
    achieved: the work is complete" -> complete), else what its words say."""
    for rec in recs:
        if rec.status:
            words = " ".join(rec.status.lower().split())
            meant = key.get(words)
            coloured = _COLOUR_WORDS.match(words)  # the words' own class, else the key's colour
            if not meant and coloured and not status_class(words[coloured.end() :]):
                meant = key.get(coloured.group(1))
            rec.status_class = (status_class(meant) if meant else None) or status_class(rec.status)


_DANGLING = re.compile(r"\s+(?:into|until|till|to|by|before|from|for|in|on|at|since)$", re.I)


def _whole_status(text: str, colour: bool = False) -> str | None:
    """The status as the board wrote it, when the cell or line gives one short phrase:
    "Achieved and closed", "In progress - on target", "Met in full"; None when the status
    word opens a note ("Completed - the guide was launched in May"). `colour`: a RAG
    colour opens it, and the words after its dash are its own ("Amber - at risk of
    delay"), whatever they say."""
    end = _PHRASE_END.search(text)
    phrase = text[: end.start()] if end else text
    head, dash, tail = phrase.partition(" - ")
    if colour and not (dash and tail):
        return None
    dated = bool(end and end.group(0)[:1].isspace())  # "… in March", "… 03/2025"
    noted = len(tail.split()) > NOTE_WORDS or (dated and not status_class(tail))
    if dash and not colour and noted:
        # a note after the status: "Under way - two posts still vacant", "Complete -
        # audit in March"; not "Open - on track for September"
        phrase = head
    phrase = phrase.strip(" -–,")
    # the date it was cut before was the end of its own words: "Part met - work continuing
    # into 2026" is not "… continuing into"
    phrase = _DANGLING.sub("", phrase) if dated else phrase
    words = [w for w in phrase.split() if w not in ("-", "–")]
    if not words or len(words) > STATUS_WORDS or _NOTE_WORD.search(phrase):
        return None
    return phrase


def _widened(status: str | None, *cells: str | None) -> str | None:
    """A status read from inside a short cell, as the cell words it ("Ongoing" in "Work
    ongoing", "Complete" in "Action complete"), when the cell's words mean the same."""
    if not status:
        return status
    low = status.lower()
    for cell in cells:
        whole = _whole_status(cell) if cell and low in cell.lower() else None
        if whole and len(whole) > len(status) and status_class(whole) == status_class(status):
            return whole
    return status


def _key_term(text: str, key: dict[str, str]) -> str | None:
    """What the key says of the term `text` opens with (see _key_match)."""
    term = _key_match(text, key)
    return key[term] if term else None


def _key_match(text: str, key: dict[str, str]) -> str | None:
    """The key's term `text` opens with, the longest term first ("Complete - evidence
    received" before "Complete"); a term of words must end at a word's end."""
    low = text.lower()
    for term in sorted(key, key=len, reverse=True):
        if low.startswith(term) and (
            len(low) == len(term) or not term[-1].isalnum() or not low[len(term)].isalnum()
        ):
            return term
    return None


# A line that opens a key: "Assurance ratings:", "Key:", "How to read the progress column:"
_KEY_INTRO = re.compile(r"\b(?:key|legend|scale|rat(?:ings?|es|ed|e)|how to read)\b", re.I)
# a term the key defines, then its meaning in lower case: "- Partly met: action taken but …"
# (a term may hold a dash of its own: "- Open - progressing to timescale: work is under way")
_RATED = re.compile(
    r"^(?:[-•*]\s*)?([A-Z][\w'’-]*(?:\s+(?:[-–]\s+)?[\w'’-]+){0,3}?)\s*[:=–]\s*((?-i:[a-z]).*)$"
)
# A key printed as pairs on one line: "✓ = Done (evidence seen) ◐ = Under way ✗ = Not
# started", "Key: Complete - evidence received = the CSP has seen it. Delayed = …".
_PAIR_SPLIT = re.compile(r"\s+=\s+|(?<=\W)=\s+|\s+=(?=\W)")
_SYMBOL = re.compile(r"^[^\w\s]{1,3}$")
_TERM_START = re.compile(r"(?:^|[.:;)]\s+)(?=[A-Z])")


def _key_pairs(text: str) -> dict[str, str]:
    """The terms a one-line key defines, each read as the status its meaning names, or as
    its own words when the meaning names none ("Delayed = the target date has passed"); a
    symbol as its meaning's first words ("✓ = Done (evidence seen)" -> Done)."""
    parts = _PAIR_SPLIT.split(text)
    if len(parts) < 3 and not re.match(r"(?i)\s*(?:key|legend)\b", text):
        return {}
    terms: list[str] = []
    for left in parts[:-1]:
        tail = left.split()[-1] if left.split() else ""
        if _SYMBOL.match(tail):
            terms.append(tail)
            continue
        starts = [m.end() for m in _TERM_START.finditer(left)]
        term = left[starts[-1] :].strip() if starts else ""
        terms.append(term if 1 <= len(term.split()) <= 5 else "")
    out: dict[str, str] = {}
    for i, term in enumerate(terms):
        if not term:
            continue
        meaning = parts[i + 1]
        following = terms[i + 1] if i + 1 < len(terms) else ""
        if following and meaning.rstrip().endswith(following):
            meaning = meaning.rstrip()[: -len(following)]
        meaning = meaning.strip().rstrip(".;, ")
        if _SYMBOL.match(term):
            said = re.split(r"\s*[(,;.:]", meaning)[0].strip()
        elif _COLOUR.fullmatch(term):
            said = _status_in(meaning) or ""  # a colour whose meaning names no status: RAG_DEFAULT
        else:
            said = _status_in(meaning) or term
        if said and len(said.split()) <= 5:
            out[" ".join(term.lower().split())] = said
    return out


def rag_key(lines: list[Line]) -> dict[str, str]:
    """A key to the colours, as a report prints it ("Green = complete; Amber = in
    progress"), the status word perhaps after others ("Red = work now overdue"); and a key
    to its own rating words, each defined in lower case ("- Partially achieved: work
    started, more to do" -> started), which a status cell is then read through."""
    key: dict[str, str] = {}
    intro = False  # after "Assurance ratings:", "Key:": each "- Term: meaning" defines a term
    for line in lines:
        text = line.text.strip()
        rated = _RATED.match(text) if intro else None
        if rated and len(text.split()) <= 45:  # a key may explain a term at length
            term, meaning = " ".join(rated.group(1).lower().split()), rated.group(2)
            key.setdefault(term, _status_in(meaning) or rated.group(1))
        intro = bool(rated) or (text.endswith(":") and bool(_KEY_INTRO.search(text)))
    for line in lines:
        if "=" in line.text and " | " not in line.text:
            for term, meant in _key_pairs(line.text).items():
                key.setdefault(term, meant)
        coded = _CODED.match(line.text) if "[" in line.text[:6] or "(" in line.text[:6] else None
        if coded:  # "- [F] finalised: the action is complete …"
            key.setdefault(coded.group(1).lower(), coded.group(2))
    for line in lines:  # "- Partially achieved: work started, more to do."
        head = line.text[:30]
        if ":" in head or "=" in head or "–" in head or " - " in head:
            defined = _DEFINED.match(line.text)
            if defined and len(line.text.split()) <= 25:
                term, meaning = defined.group(1).lower(), _status_in(defined.group(2))
                if meaning and meaning.lower() != term:
                    key.setdefault(" ".join(term.split()), meaning)
    if not _COLOUR.search("\n".join(line.text for line in lines)):
        return key  # most sections name no colour: one search, not one a line
    for line in lines:
        if not _COLOUR.search(line.text):
            continue
        for colour, meaning in _RAG_KEY.findall(line.text):
            said = status_from(meaning) or _status_in(meaning)
            if said:
                key.setdefault(colour.lower(), said)
    return key


# a code in brackets defined by its words, then their meaning: "- [T] in train: work on
# the action is under way", "(R) awaiting ratification - …"
_CODED = re.compile(
    r"^(?:[-•*]\s*)?([\[(][A-Z0-9]{1,3}[\])])\s*[:=–-]?\s*((?-i:[a-z])[a-z' ]{2,40}?)\s*[:=–-]\s"
)
# A rating defined by what it means, in lower case after its term: "Achieved: all actions
# complete", "- Not achieved: work has not started" (a tracked item opens with a capital).
_DEFINED = re.compile(rf"^(?:[-•*]\s*)?((?i:{_STATUS_PHRASE}))\s*[:=–-]\s*((?-i:[a-z]).*)$", re.I)
_COLOUR = re.compile(r"\b(?:green|amber|red|blue)\b", re.I)
_STATUS_WORDS = re.compile(rf"\b(?:{_STATUS_PHRASE})\b", re.I)


def _status_in(meaning: str) -> str | None:
    """The first status words inside a key's meaning ("all work complete" -> complete),
    unless denied ("not complete" reads as its own phrase only where the list has it)."""
    said = _STATUS_WORDS.search(meaning)
    if said and _DENIED.search(meaning[: said.start()]):
        # "no work has started", "nothing is yet complete"; "not been completed by the
        # agreed date" is late, not unbegun
        return "overdue" if _LATE.search(meaning) else "not started"
    return said.group(0) if said else None


# a denial in the words before a status word, in its clause: "no work has started"
_DENIED = re.compile(
    r"\b(?:no|nothing|none)\b[^,;.]*$|\b(?:not|never)\s+(?:yet\s+)?(?:been\s+|be\s+)?$", re.I
)
# a key's meaning that says the work is late: "have not been completed by the agreed date",
# "at risk of not being completed", "the agreed date has passed and the action is not complete"
_LATE = re.compile(
    r"\bby the (?:agreed|target|due|planned) (?:date|timescale)|\bat risk of not\b|\boverdue\b"
    r"|\bbehind\b|\blate\b|\bslipped\b|\b(?:date|deadline|timescale)s? (?:has |have )?passed\b",
    re.I,
)
# an answer that opens with its state in capitals: "NOT BEGUN - I am sorry that …"
_CAPS_ANSWER = re.compile(r"^((?:[A-Z]{2,}[' ]?){1,3}?)\s+[-–—:]\s+(?=[A-Z])")
