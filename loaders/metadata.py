"""Review metadata from the text of a report's opening pages: type, board, subject, year …

Every field is taken from what the text says; a field the text does not settle stays None.
The only values not read directly are those a review type implies by law: a SAR is about
an adult (Care Act 2014 s.44) and a DHR about a death.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from reviewgraph.loaders.models import ReviewMeta

_TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("CSPR", re.compile(r"\b(?:Local\s+)?Child\s+Safeguarding\s+Practice\s+Reviews?\b|\bL?CSPRs?\b", re.I)),
    ("SCR", re.compile(r"\bSerious\s+Case\s+Reviews?\b|\bSCRs?\b")),
    # Wales: an Adult Practice Review is the adults' review (Social Services and Well-being
    # (Wales) Act 2014), the counterpart of a SAR
    ("SAR", re.compile(
        r"\bSafeguarding\s+Adults?\s+Reviews?\b|\bSARs?\b|\bAdult\s+Practice\s+Reviews?\b|\bAPRs?\b",
        re.I)),
    ("DHR", re.compile(
        r"\bDomestic\s+Homicide\s+Reviews?\b|\bDHRs?\b|\bDomestic\s+Abuse\s+Related\s+Death\s+Review\b|\bDARDR\b",
        re.I)),
    ("CPR", re.compile(r"\b(?<!Safeguarding )Child\s+Practice\s+Reviews?\b")),
    ("TTR", re.compile(r"\bTable[- ]?top\s+Review\b|\bRapid\s+Review\b|\bLocal\s+Learning\s+Review\b", re.I)),
]  # fmt: skip
# Case-sensitive acronyms must not fire inside words; "SAR" could be a name in prose but
# not in the title block, where we look first.

_BOARD_SUFFIX = (
    r"(?:Local Safeguarding Children Board|Safeguarding Children(?:'s)? Partnership"
    r"|Safeguarding Children Board|Safeguarding Adults Board|Safeguarding Adults Partnership"
    r"|Community Safety Partnership|Safeguarding Partnership|Children Safeguarding Partnership"
    r"|Safeguarding Board|LSCB|SAB|CSP|SCP)"
).replace(" ", r"[ \t]+")
# Place words on the same line before the suffix ("Northbridge", "North and East Wexcombe").
_BOARD_RE = re.compile(
    r"\b((?:[A-Z][\w'&.-]*[ \t]+(?:and[ \t]+|&[ \t]+)?){1,4}?)" + _BOARD_SUFFIX + r"\b"
)
_BOARD_KIND = [
    ("LSCB", re.compile(r"Children\s+Board|\bLSCB\b")),
    ("SAB", re.compile(r"Adults\s+(?:Board|Partnership)|\bSAB\b")),
    ("CSP", re.compile(r"Community\s+Safety|\bCSP\b")),
    ("partnership", re.compile(r"Partnership|Board", re.I)),
]
_NOT_PLACE = {
    "The", "A", "An", "This", "Our", "Local", "Each", "Every", "Its", "By", "For", "Of",
    "Independent", "All", "National", "Other", "Their", "Your",
}  # fmt: skip
# "Association of Independent LSCB Chairs" names a body of chairs, not a board.
_NOT_A_BOARD_BEFORE = re.compile(r"(?:Association|Network|Chairs?)\s+of\s+$")

_SUBJECT_RE = re.compile(
    r"\b(?:(Child|Baby|Adult|Infant|Young\s+Person|Person|Family|Mr|Mrs|Ms|Miss)\s+([A-Z]{1,3}\d{0,4})(?![\w'])"
    r"|(DHR\s*[/-]?\s*\d+)|((?:SAR|CSPR|SCR)\s*[/-]\s*\d+))"
)
_NAMED_SUBJECT_RE = re.compile(
    r"(?:(?:Review|Report|SAR|DHR|L?CSPR|SCR)\s*[:\-–]|(?i:(?:into\s+)?the\s+(?:death|homicide|killing|murder)\s+of)"
    # a cover's lines: "Safeguarding Adults Review" over "Lewis" alone on the next line
    # a Welsh review's reference with the person in brackets: "Re: CERSB APR 1/2024 (Gwilym)"
    r"|\b(?:APR|CPR)\s+\d{1,3}\s*/\s*\d{2,4}\s*\("
    # (or with the paper's kind after a colon: "Baby Ivo: Learning Summary")
    r"|(?:Review|Report)[ \t]*\n(?=[\"']?(?:(?:Baby|Child)\s+)?[A-Z][a-z]{2,}[\"']?(?:[ \t]*$|:[ \t]))"
    # a paper's kind before the person: "LCSPR Learning Summary - Baby Ivo"
    r"|(?:Summary|Briefing)[ \t]*[\-–:][ \t]*"
    r"|in respect of|concerning|^About|^Who\s+was)\s*"
    # a baby or a child named by a first name: "Review: Baby Otis", "Child Tilda"
    r"[\"']?((?:Mr|Mrs|Ms|Miss)\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?|(?:(?:Baby|Child)\s+)?[A-Z][a-z]{2,})[\"']?"
    r"(?:\s*$|\s*\(|\s*\)|\s*[:\-–,]|\s+in\s|\s+\d)"
    # a cover line naming the person and their death or age: "Lowenna, who died in March 2023"
    r"|^[\"']?([A-Z][a-z]{2,})[\"']?,\s+(?:who\s+died\b|aged\s+\d)",
    re.M,
)
_NOT_NAME = {
    "Final", "Overview", "Executive", "Summary", "Report", "Draft", "Published", "Learning", "Child",
    "Baby", "Adult", "The", "Review", "Briefing", "Themes", "Introduction",
}  # fmt: skip

_PUBLISHED_RE = re.compile(
    # "Published: May 2024", "it was published in March 2024", "published on 3 June 2024"
    # (or in a details table's next cell: "Published | July 2025")
    r"(?:Published|Date\s+of\s+publication|Publication\s+date)\s*[:|]?\s*(?:(?:in|on)\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:\w+\s+)?((?:19|20)\d{2})",
    re.I,
)
_UNPUBLISHED_RE = re.compile(
    r"\bnot\s+for\s+publication\b|\bunpublished\b|\bDRAFT\b|\bconfidential\b(?!ity)", re.I
)
_YEAR_RE = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")

_AGE_RE = re.compile(
    r"\baged?\s+(\d{1,3})\s*(days?|weeks?|months?|years?)?(?:[\s-]*old)?"
    r"|\b(\d{1,3})[\s-](day|week|month|year)s?[\s-]old\b",
    re.I,
)
_FATAL_RE = re.compile(
    r"\b(?:died|death|deaths|fatal(?:ly)?|killed|homicide|murder(?:ed)?|took (?:her|his|their) own life)\b",
    re.I,
)
_NONFATAL_RE = re.compile(
    r"\bnon[- ]fatal\b|\bseriously (?:harmed|injured)\b|\bserious (?:harm|injur(?:y|ies))\b|\bsurvived\b",
    re.I,
)
_HARM_PATTERNS = [
    ("sudden unexpected death in infancy", r"\bSUDI\b|sudden unexpected death in infancy|unsafe sleep|co-sleeping"),
    ("non-accidental head injury", r"non[- ]accidental head injur|abusive head trauma|shaken baby"),
    ("intimate partner homicide",
     r"\bkilled by (?:her|his) (?:former |ex-)?(?:partner|husband|wife|boyfriend|girlfriend)\b"),
    ("familial homicide", r"\bkilled by (?:her|his) (?:son|daughter|mother|father|brother|sister)\b"),
    ("homicide-suicide", r"homicide[- ]suicide|then took (?:his|her) own life"),
    ("suicide", r"\bsuicide\b|took (?:her|his|their) own life"),
    ("self-neglect", r"self[- ]neglect"),
    ("sexual exploitation", r"child sexual exploitation|\bCSE\b|sexual(?:ly)? exploit"),
    ("criminal exploitation", r"criminal exploitation|county lines"),
    ("sexual abuse", r"\bsexual(?:ly)? abuse"),
    ("neglect", r"\bneglect"),
    ("physical abuse", r"\bphysical abuse|\bnon[- ]accidental injur|\bfractures?\b|\bassault"),
    ("extra-familial homicide", r"\bstabbed\b|\bextra[- ]familial\b"),
]  # fmt: skip
_HARM_RES = [(name, re.compile(p, re.I)) for name, p in _HARM_PATTERNS]
_FEMALE_RE = re.compile(r"\b(?:girl|woman|female|daughter|mother of)\b", re.I)
_MALE_RE = re.compile(r"\b(?:boy|man|male|son|father of)\b", re.I)


# A national or thematic analysis of many reviews (and the briefings drawn from it) is
# not itself a review of a case.
_ANALYSIS = re.compile(
    r"\b(?:triennial|biennial|national|thematic)\s+analysis\b"
    r"|\banalysis\s+of\s+(?:\w+\s+){0,2}(?:serious\s+case|safeguarding\s+adults?|domestic\s+homicide)\s+reviews\b",
    re.I,
)


def detect_type(title_text: str, body_text: str = "") -> str | None:
    """The review type the title block names, else the one the body names most often.

    OTHER for a national or thematic analysis of many reviews.
    """
    if _ANALYSIS.search(title_text) or _ANALYSIS.search(body_text[:1500]):
        return "OTHER"
    for text in (title_text, body_text):
        counts: Counter[str] = Counter()
        for code, pattern in _TYPE_PATTERNS:
            counts[code] = len(pattern.findall(text))
        if counts and counts.most_common(1)[0][1] > 0:
            # In a title block the first named type wins; in a body the commonest.
            if text is title_text:
                first = min(
                    ((m.start(), code) for code, p in _TYPE_PATTERNS if (m := p.search(text))),
                    default=None,
                )
                return first[1] if first else None
            # A rapid review precedes a CSPR: a statutory type named in the body wins.
            statutory = [(n, c) for c, n in counts.items() if n and c not in ("TTR",)]
            return max(statutory)[1] if statutory else counts.most_common(1)[0][0]
    return None


def detect_board(text: str) -> tuple[str, str] | None:
    """(name, kind) of the first board or partnership named, e.g. ('Northbridge Safeguarding Adults Board', 'SAB')."""
    return next(boards_named(text), None)


def boards_named(text: str) -> Iterator[tuple[str, str]]:
    """(name, kind) of every board or partnership named, in order."""
    for m in _BOARD_RE.finditer(text):
        if _NOT_A_BOARD_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        words = m.group(1).split()
        while words and words[0] in _NOT_PLACE:
            words.pop(0)
        # a web page's brand run into the board's name by its logo ("Safer Pellingford
        # Pellingford Community Safety Partnership"): a place is not said twice running
        twice = next((k for k in range(1, len(words)) if words[k] == words[k - 1]), None)
        if twice is not None:
            words = words[twice:]
        if not words:
            continue
        name = " ".join(words) + " " + re.sub(r"\s+", " ", m.group(0)[len(m.group(1)) :]).strip()
        kind = next(k for k, p in _BOARD_KIND if p.search(name))
        yield name, kind


def detect_subject(title_text: str, body_text: str = "", names_in: str = "") -> str | None:
    """A pseudonym ('Child K', 'Adult C', 'DHR/11') or a first name the title gives, when
    the text (`names_in`, else `body_text`) uses it as a name."""
    for text in (title_text, body_text[:4000]):
        m = _SUBJECT_RE.search(text)
        if m:
            if m.group(1):
                return " ".join(m.group(1).split()) + " " + m.group(2)
            return re.sub(r"\s+", "", m.group(3) or m.group(4))
        if text is title_text:
            for named in _NAMED_SUBJECT_RE.finditer(text):
                name = named.group(1) or named.group(2)
                titled = name.split()[0] in ("Mr", "Mrs", "Ms", "Miss")  # "Mrs Dunmore"
                first = name.split()[-1]  # "Otis" of "Baby Otis", as the body names him
                if first not in _NOT_NAME and (
                    titled or used_as_name(first, names_in or body_text)
                ):
                    return name
    return None


# an age in words: "Barnaby was three", "was nineteen", "was eighty-one"
_AGE_WORDS = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six"
    r"|seven|eigh|nine)teen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)"
)


def used_as_name(word: str, body_text: str) -> bool:
    """A first name is capitalised in mid-sentence ("told Sarah"), owns things ("Edith's
    son") or has an age ("Harvey was 13"); a theme word heading a title ("Review: Risk,
    choice and control") is capitalised only where a sentence starts. With no body to
    check, the title's word stands."""
    if not body_text.strip():
        return True
    name = re.escape(word)
    return bool(
        re.search(
            r"[a-z,;]\s+"
            + name
            + r"\b|\b"
            + name
            + r"(?:['’]s\b|\s+was\s+(?:aged\s+)?(?:\d|"
            + _AGE_WORDS
            + r"))",
            body_text,
        )
    )


def detect_year(title_text: str, body_text: str = "", fallback: int | None = None) -> int | None:
    """The publication year when stated, else `fallback` (a briefing's year for its cases),
    else the latest year in the title block."""
    for text in (title_text, body_text[:6000]):
        m = _PUBLISHED_RE.search(text)
        if m:
            return int(m.group(1))
    if fallback is not None:
        return fallback
    years = [int(y) for y in _YEAR_RE.findall(title_text)]
    return max(years) if years else None


def age_band(amount: int, unit: str | None) -> str:
    """Band an age as the national analyses do."""
    unit = (unit or "year").lower()
    if unit.startswith(("day", "week")) or (unit.startswith("month") and amount < 12):
        return "under 1"
    years = amount // 12 if unit.startswith("month") else amount
    for limit, band in ((0, "under 1"), (5, "1-5"), (10, "6-10"), (15, "11-15"), (17, "16-17")):
        if years <= limit:
            return band
    return "adult"


def detect_age(text: str) -> tuple[str | None, str | None]:
    """(age as written, age band) from the first 'aged 8 months' / '17-year-old'."""
    m = _AGE_RE.search(text)
    if not m:
        return None, None
    amount = int(m.group(1) or m.group(3))
    unit = m.group(2) or m.group(4)
    if amount > 110:
        return None, None
    unit_word = (unit or "year").lower().rstrip("s")
    written = f"{amount} {unit_word}{'' if amount == 1 else 's'}"
    return written, age_band(amount, unit)


def detect_outcome(text: str) -> str | None:
    """fatal / non-fatal as the introduction states it; None when it does not."""
    if _NONFATAL_RE.search(text):
        return "non-fatal"
    if _FATAL_RE.search(text):
        return "fatal"
    return None


def detect_harm(text: str) -> str | None:
    """The first category of harm the introduction names (most specific patterns first)."""
    hits = [(m.start(), name) for name, p in _HARM_RES if (m := p.search(text))]
    return min(hits)[1] if hits else None


def detect_gender(text: str, subject: str | None) -> str | None:
    """Only what sentences about the subject say outright (girl, boy, woman, man)."""
    if not subject:
        return None
    about = [s for s in re.split(r"(?<=[.!?])\s+", text) if subject in s]
    female = sum(len(_FEMALE_RE.findall(s)) for s in about[:12])
    male = sum(len(_MALE_RE.findall(s)) for s in about[:12])
    if female and not male:
        return "female"
    if male and not female:
        return "male"
    return None


def detect_published(title_text: str) -> bool | None:
    """False when the front marks it draft or not for publication; True when a date is given."""
    if _UNPUBLISHED_RE.search(title_text):
        return False
    if _PUBLISHED_RE.search(title_text):
        return True
    return None


def _title_line(title_text: str) -> str | None:
    """The line of the title block that names the review, else its first line."""
    lines = [line.strip() for line in title_text.splitlines() if line.strip()]
    for line in lines:
        if any(p.search(line) for _, p in _TYPE_PATTERNS):
            return line[:200]
    return lines[0][:200] if lines else None


def extract_meta(
    title_text: str, intro_text: str, inherit: ReviewMeta | None = None, whole: str = ""
) -> ReviewMeta:
    """Metadata of one review from its title block and introduction; `inherit` fills gaps;
    `whole`, the review's whole text, shows whether a word of the title is a person's name
    where the introduction does not use it."""
    base = inherit or ReviewMeta()
    both = f"{title_text}\n{intro_text}"
    board = detect_board(both)
    # The title block decides; then what a briefing says of all its cases; then the body.
    review_type = detect_type(title_text) or base.type or detect_type("", intro_text)
    subject = detect_subject(title_text, intro_text, names_in=f"{intro_text}\n{whole}")
    age, band = detect_age(intro_text or title_text)
    if band is None and review_type == "SAR":
        band = "adult"
    outcome = detect_outcome(intro_text[:3000] or title_text)
    if review_type == "DHR" and outcome is None:
        outcome = "fatal"
    published = detect_published(title_text)
    return ReviewMeta(
        type=review_type,
        board=board[0] if board else base.board,
        subject=subject,
        year=detect_year(title_text, intro_text, fallback=base.year),
        age=age,
        age_band=band,
        gender=detect_gender(both, subject),
        outcome=outcome,
        harm=detect_harm(intro_text[:4000]),
        published=published if published is not None else base.published,
        title=_title_line(title_text) or base.title,
    )
