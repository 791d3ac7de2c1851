"""What a recommendation's or an action's status says, in the graph's four classes.

Boards write statuses in their own words: "Achieved and closed", "Met in full", "Work
ongoing", "Partly in place", "Yet to begin", "Progress being made". The graph keeps those
words as written (`status_text`) and, for every count and filter ("what is still open"),
the class they belong to (`status`): complete, in progress, open or overdue.
`status_class` reads the class from the words; words that name none ("Needs attention",
"Superseded") keep their own words, in lower case, as their status, so a filter on
"complete" never counts them done.
"""

from __future__ import annotations

import re

COMPLETE, IN_PROGRESS, OPEN, OVERDUE = "complete", "in progress", "open", "overdue"
CLASSES = (COMPLETE, IN_PROGRESS, OPEN, OVERDUE)

# Whole statuses the action plans have always used, and their class.
STATUSES = {
    "complete": COMPLETE, "completed": COMPLETE, "done": COMPLETE, "closed": COMPLETE,
    "in progress": IN_PROGRESS, "ongoing": IN_PROGRESS, "started": IN_PROGRESS,
    "not started": OPEN, "not yet started": OPEN, "open": OPEN, "overdue": OVERDUE,
    "achieved": COMPLETE, "implemented": COMPLETE, "on track": IN_PROGRESS,
    "delayed": OVERDUE, "outstanding": OPEN, "still outstanding": OPEN,
    "embedded": COMPLETE, "underway": IN_PROGRESS, "under way": IN_PROGRESS,
}  # fmt: skip
# A RAG colour without the report's key: green done, amber under way, red not begun.
COLOURS = {"green": COMPLETE, "blue": COMPLETE, "amber": IN_PROGRESS, "red": OPEN}

_PERCENT = re.compile(r"^(\d{1,3})\s*%\s*(?:complete[d]?|done|achieved|implemented)?$")

# Words that say a thing has not yet begun or been done, opening the status: "Not yet
# met", "Yet to begin", "Awaiting commencement", "Due to commence", "No progress".
_NOT_BEGUN = re.compile(
    r"^(?:not|no|yet\s+to|still\s+to|awaiting|pending|to\s+(?:begin|start|commence)|due\s+to|planned"
    r"|scheduled)\b"
)
# "Not applicable", "N/A", "No longer relevant": no class at all
_NO_CLASS = re.compile(r"^(?:not\s+applicable|n/?a\b|no\s+longer\b|no\s+further\s+action)")
_OPEN_AND = re.compile(r"^open\s*[-:,(]\s*(.+)$")
_COLOUR_AND = re.compile(r"^(green|amber|red|blue)\s*[-:,(/]\s*(.+?)\)?$")
# A degree that says part of the thing is done: "Partly in place", "Largely achieved",
# "Being put in place", "In part delivered".
_PART = re.compile(
    r"^(?:partly|partially|part|in\s+part|largely|mostly|substantially|being|almost|nearly)\b"
)

# The words of each class, found anywhere in the status; the first found wins ("Complete
# - impact evidenced", "Closed by board", "Progress being made", "Work ongoing").
_CLASS_WORDS = (
    (OVERDUE, r"overdue|delayed|behind(?:\s+schedule)?|off\s+(?:track|target)|slipp(?:ed|ing)|late"
              r"|stalled"
              r"|(?:timescales?|deadlines?|target\s+dates?|due\s+dates?)\s+missed"
              r"|missed\s+(?:the\s+|its\s+)?(?:timescale|deadline|target\s+date|due\s+date)"),
    (OPEN, r"not\s+(?:yet\s+)?(?:started|begun|commenced|progressed|in\s+place|met|achieved|"
           r"implemented|done|delivered|complete[d]?)|outstanding|awaiting|yet\s+to|"
           r"no\s+progress|open|un(?:met|achieved|fulfill?ed|resolved|actioned)"),
    (IN_PROGRESS, r"in\s+progress|on[\s-]*going|on\s+(?:track|target|schedule|plan)|to\s+plan"
                  r"|progress(?:ing)?|under\s*way|in\s+(?:hand|train|development)|developing|started|partly"
                  r"|partially|continu(?:es|ing)|being\s+\w+|within\s+(?:timescales?|target)|on\s+course"
                  r"|commenced|(?:at\s+an?\s+)?early\s+stages?|well\s+advanced|advancing"
                  # "Well on the way", "Nearly there", "Gathering pace", "In planning"
                  r"|on\s+(?:the|its)\s+way|nearly\s+there|moving\s+forward|gathering\s+pace"
                  r"|embedding|early\s+days|in\s+planning|planning\s+stage|scoping|drafted"
                  r"|mid-?way|half-?way|being\s+tested|testing|proceeding|as\s+planned"
                  r"|active"),
    (COMPLETE, r"complete[d]?|completion|closed|achieved|done|implemented|embedded|met"
               r"|delivered|finished|accomplished|fulfill?ed|discharged|actioned|in\s+place"
               r"|signed\s+off|resolved|evidenced|assured|sustained|business\s+as\s+usual|bau"
               r"|launched|rolled\s+out|exceeded|(?:ready|proposed|recommended)\s+(?:to|for)\s+clos\w+"),
)  # fmt: skip
_CLASS_WORD = re.compile(
    "|".join(rf"(?P<c{i}>\b(?:{words})\b)" for i, (_, words) in enumerate(_CLASS_WORDS))
)


def status_class(text: str | None) -> str | None:
    """The class of a status as written: complete, in progress, open or overdue; None when
    its words name none ("Needs attention", "Superseded", "Not applicable")."""
    words = " ".join((text or "").lower().replace("–", "-").split()).strip(" .;,:-")
    if not words:
        return None
    share = _PERCENT.match(words)
    if share:  # "75% complete": complete at 100%, open at 0%, under way between
        done = int(share.group(1))
        return COMPLETE if done >= 100 else OPEN if done == 0 else IN_PROGRESS
    if words in STATUSES or words in COLOURS:
        return STATUSES.get(words) or COLOURS[words]
    coloured = _COLOUR_AND.match(words)
    if coloured:  # "Green - on course", "Amber - at risk of delay": the words, else the colour
        return status_class(coloured.group(2)) or COLOURS[coloured.group(1)]
    more = _OPEN_AND.match(words)
    if more:  # "Open - on track", "Open: overdue": an open item's state says more
        return status_class(more.group(1)) or OPEN
    if _NO_CLASS.match(words):
        return None
    if _NOT_BEGUN.match(words):
        return OPEN
    if _PART.match(words):
        return IN_PROGRESS
    found = _CLASS_WORD.search(words)
    if not found:
        return None
    return next(_CLASS_WORDS[i][0] for i in range(len(_CLASS_WORDS)) if found.group(f"c{i}"))


def normal_status(text: str | None) -> str | None:
    """A status as the graph counts it: its class (complete, in progress, open, overdue),
    else its own words in lower case ("superseded"); None when it says nothing."""
    words = " ".join((text or "").lower().split())
    return status_class(words) or words or None


def status_words(text: str | None) -> str | None:
    """A status as written, tidied: one space between words, no closing full stop."""
    words = " ".join((text or "").split()).strip(" .;,")
    return words or None
