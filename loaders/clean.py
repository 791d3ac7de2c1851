"""Clean raw pages into lines: unicode, bullets, hyphenation, headers and footers, paragraphs."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from reviewgraph.loaders.models import Line, Page

EDGE_LINES = 3  # running headers and footers sit in the first or last lines of a page

_REPLACE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2007": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}  # fmt: skip
# A regex with a callback beats str.translate here: the characters are rare, pages are long.
_REPLACEABLE = re.compile("[" + "".join(_REPLACE) + "]")
_SPACES = re.compile(r"[ \u3000]{2,}|\u3000")
_TABS = re.compile(r" ?\t[\t ]*")
# Symbol-font bullets land in the private use area (U+F0B7 and friends) when PDFs are made
# from Word; the rest are the glyphs seen in exported reports and slides.
_GLYPHS = "\u2022\u25cf\u25aa\u25a0\u25a1\u25e6\u25cb\u25c6\u25c7\u2666\u27a2\u27a4\u25ba\u25b6"
_GLYPHS += "\u2023\u2043\u2219\u00b7\u2713\u2714\u2794\u2192\u25fe\u25fd\u2605\u2736\uf000-\uf0ff"
_BULLET = re.compile(rf"^(?:[{_GLYPHS}]\s*|-\s+|o\s+(?=[\w\"'(]))")
_BULLET_ONLY = re.compile(rf"^[{_GLYPHS}>»o*-]$")
_REPEATED = re.compile(r"^(.{4,80}?)(?:\s*\1)+$")

_PAGE_ANYWHERE = re.compile(r"^(?:page|pg\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_PAGE_AT_EDGE = re.compile(
    r"^(?:\d{1,3}|[-(]\s*\d{1,3}\s*[-)]|\d{1,3}\s*(?:of|/)\s*\d{1,4}|\d{1,3}\s*\|\s*page"
    r"|page\s*\|\s*\d{1,3}|p\.?\s*\d{1,3})$",
    re.I,
)

_DIGITS = re.compile(r"\d+")
_HYPHEN_END = re.compile(r"\b([A-Za-z]+|\d+)-$")
# ([a-z][a-z]* rather than [a-z]+: a pattern opening with one character class lets re skip
# straight to where a match can start, here and in _BOUNDARY.)
_WORDS = re.compile(r"[a-z][a-z]*(?:-[a-z]+)*")
# First parts that form real compounds ("well-being", "multi-agency"): keep the hyphen
# when the document never shows the word either way.
_COMPOUND_HEADS = frozenset(
    "well self non ex cross half step ill mid semi anti all full part long short high low "
    "multi one two three four five six seven eight nine ten face first second third "
    "child under over follow drop post pre co".split()
)
# Second parts that are word endings, not words: "assess-ment" is one word.
_SUFFIXES = frozenset(
    "ment ments tion tions sion sions ing ings ed ly ness ity ities ence ences ance ances "
    "ure ures ous ive ives al als er ers est ies ible able ism ist ists ent ents ant ants "
    "ation ations ship ships ful ary ory ence ic ical ically ise ised ising ize ized izing".split()
)

ITEM_START = re.compile(
    r"^(?:[-*]\s|\((?:\d{1,2}|[a-z]|[ivx]{1,5})\)\s|(?:\d{1,2}|[a-z]|[ivx]{1,5})[.)]\s"
    r"|\d{1,2}(?:\.\d{1,2})+\.?\s+(?=[A-Z\"'(])|R\d{1,2}\b"
    r"|(?i:rec(?:ommendation)?|finding|learning point|lesson)\s*\d{1,2}\s*(?:[:.)(\[-]|$))"
)
_SENTENCE_END = re.compile(r"[.!?]['\")\]]*$")
_END_MARKS = frozenset(".!?'\")]")  # the characters a _SENTENCE_END match can end with


def last_char(text: str) -> str:
    """The last character as a regex's `$` sees it (before a final newline), or ''.

    A look at it is the cheap test before searching a whole line for a pattern anchored
    at its end: re tries such a search at every position of the line."""
    return text[-2:-1] if text.endswith("\n") else text[-1:]


@dataclass(frozen=True)
class Paragraph:
    """Wrapped lines merged back into one paragraph; page is where it starts."""

    page: int
    text: str


def normalise(text: str) -> str:
    """NFKC (ligatures, full-width), straight quotes, plain dashes and spaces."""
    text = text.replace("\u00ad\n", "-\n").replace("\u00ad", "")
    text = unicodedata.normalize("NFKC", text)
    return _REPLACEABLE.sub(lambda m: _REPLACE[m.group()], text)


def clean_pages(pages: list[Page]) -> list[Line]:
    """Turn raw pages into cleaned, non-empty lines that keep their page numbers."""
    per_page = [(page.number, _page_lines(page.text)) for page in pages]
    furniture = _furniture_keys([lines for _, lines in per_page])
    out: list[Line] = []
    for k, (number, lines) in enumerate(per_page):
        kept = _drop_furniture(lines, furniture)
        if k and kept and len(per_page) == 2 and _repeats_header(per_page[0][1], kept):
            kept = kept[1:]  # a two-page paper's masthead again: its first page keeps it
        out.extend(Line(number, text, brk) for text, brk in _tidy(kept))
    return _transposed(_rejoined_headers(_dehyphenate(out)))


def _rejoined_headers(lines: list[Line]) -> list[Line]:
    """A table's header whose one cell wrapped in a PDF ("Progress" over "(May 2025)" or
    "at May 2025"): the
    taller cell's first line comes out alone above the row ("Progress" / "Agency |
    Recommendation | (May 2025)"); put it back in its cell, so the column is named."""
    out: list[Line] = []
    for line in lines:
        cells = split_cells(line.text) if " | " in line.text else []
        # its rest in brackets ("(May 2025)"), or running on in lower case ("at May 2025")
        # in a row of short cells, as a header's are
        header = bool(cells) and all(len(c.split()) <= 4 for c in cells)
        wrapped = [
            i
            for i, c in enumerate(cells)
            if (c.startswith("(") and c.endswith(")")) or (header and c[:1].islower())
        ]
        before = out[-1].text.strip() if out else ""
        if (
            len(wrapped) == 1
            and 1 <= len(before.split()) <= 2
            and "|" not in before
            and before[:1].isupper()
            and not before.endswith((".", ":", ";", ","))
            and (len(out) < 2 or " | " not in out[-2].text)
        ):
            cells[wrapped[0]] = f"{before} {cells[wrapped[0]]}"
            out[-1] = Line(line.page, " | ".join(cells), out[-1].starts_paragraph)
            continue
        out.append(line)
    return out


def running_lines(pages: list[Page]) -> list[str]:
    """The running headers and footers `clean_pages` drops, once each in page order (a
    chapter of an annual report may name its board only there)."""
    per_page = [_page_lines(page.text) for page in pages]
    furniture = _furniture_keys(per_page)
    seen: dict[str, str] = {}
    for lines in per_page:
        for i in _edge(lines):
            key = _key(lines[i][0])
            if key in furniture:
                seen.setdefault(key, " ".join(lines[i][0].split()))
    return list(seen.values())


# what names one recommendation by its number: "Recommendation 3", "Rec. no. 2", "R4", "B1",
# "AB3", "SAR-3"; the number is its group
REC_REF = r"(?:(?i:rec(?:ommendation)?)\.?\s*(?i:no\.?\s*)?[A-Z]?|[A-Z]{1,2}|[A-Z]{2,4}-)?(\d{1,2})"
# a column's header that names one recommendation: "Recommendation 3", "R4", "B1", "2a"
_REF_HEADER = re.compile(rf"^{REC_REF}[a-z]?$")


def _transposed(lines: list[Line]) -> list[Line]:
    """A table set on its side, one column per recommendation ("| Recommendation 3 |
    Recommendation 6", then a row per field: "What the review asked | … | …"), turned
    back to a row per recommendation under a header of the fields, as every other table
    is read."""
    out: list[Line] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        cells = split_cells(line.text) if line.text.startswith("| ") else []
        refs = cells[1:]
        if not (cells and not cells[0] and refs and all(_REF_HEADER.match(c) for c in refs)):
            out.append(line)
            k += 1
            continue
        rows: list[list[str]] = []
        j = k + 1
        while j < len(lines) and " | " in lines[j].text:
            row = split_cells(lines[j].text)
            if not row[0] or len(row) > len(cells):
                break
            rows.append(row + [""] * (len(cells) - len(row)))
            j += 1
        if len(rows) < 2:
            out.append(line)
            k += 1
            continue
        out.append(Line(line.page, " | ".join(["Recommendation", *(r[0] for r in rows)]), True))
        for c, ref in enumerate(refs, start=1):
            out.append(Line(line.page, " | ".join([ref, *(r[c] for r in rows)])))
        k = j
    return out


_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$")


def _markdown_row(raw: str) -> str:
    """A Markdown table row as the readers give a table row ("a | b", empty cells kept);
    its rule row ("|---|---|") as nothing. A Word row never opens with a bare "|" (its
    empty first cell gives " | …")."""
    text = raw.strip()
    if _MD_RULE.match(text):
        return ""
    if not text.endswith("|") or text.count("|") < 3:
        return raw
    return " | ".join(cell.strip() for cell in text[1:-1].split("|"))


def _page_lines(text: str) -> list[tuple[str, bool]]:
    """Non-empty normalised lines of a page, each flagged when a blank line preceded it."""
    out: list[tuple[str, bool]] = []
    blank = False
    text = normalise(text)
    # once per page: it is hot, and a page rarely has a tab or a double space to change
    if "  " in text or "\u3000" in text:
        text = _SPACES.sub(" ", text)
    if "\t" in text:
        text = _TABS.sub("\t", text)
    tables = "\n|" in text or text.startswith("|")
    for raw in text.split("\n"):
        if tables and raw.startswith("|"):  # a Markdown table row: "| a | b |"
            raw = _markdown_row(raw)
        line = raw.strip()
        if not line:
            blank = True
            continue
        out.append((line, blank and bool(out)))
        blank = False
    return out


def _key(text: str) -> str:
    """What a running header or footer looks like on every page: no digits, no case."""
    return " ".join(_DIGITS.sub("", text).split()).casefold()


def _edge(lines: list[tuple[str, bool]]) -> set[int]:
    """Indexes of the first and last EDGE_LINES lines of a page."""
    n = len(lines)
    return set(range(min(EDGE_LINES, n))) | set(range(max(0, n - EDGE_LINES), n))


# a numbered title's key, its number gone: "recommendation", "case study", "finding:"
_NUMBERED_TITLE = re.compile(
    r"^(?:recommendation|rec|finding|key finding|learning point|lesson|action|case|case study"
    r"|review)s?\W*$"
)


def _furniture_keys(pages: list[list[tuple[str, bool]]]) -> set[str]:
    """Keys repeated at the top or bottom of at least half the pages (and of 3 or more)."""
    filled = [lines for lines in pages if lines]
    need = max(3, math.ceil(len(filled) / 2))
    if len(filled) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in filled:
        counts.update({_key(lines[i][0]) for i in _edge(lines)})
    # a key needs some letters: "3." list numbers on their own lines are not furniture;
    # nor is a slide's numbered title ("Recommendation 2", "Case 3"), which differ by number
    return {
        k
        for k, n in counts.items()
        if n >= need and sum(c.isalpha() for c in k) >= 2 and not _NUMBERED_TITLE.match(k)
    }


def _repeats_header(first: list[tuple[str, bool]], second: list[tuple[str, bool]]) -> bool:
    """The second page of two opens with the first page's opening line (four words or
    more): a running header that two pages are too few to show as one."""
    key = _key(first[0][0]) if first else ""
    return len(key.split()) >= 4 and _key(second[0][0]) == key


def _drop_furniture(lines: list[tuple[str, bool]], furniture: set[str]) -> list[tuple[str, bool]]:
    """Remove running headers, footers and page numbers from one page."""
    edge = _edge(lines)
    kept: list[tuple[str, bool]] = []
    for i, (text, brk) in enumerate(lines):
        if _PAGE_ANYWHERE.match(text):
            continue
        if i in edge and (_PAGE_AT_EDGE.match(text) or _key(text) in furniture):
            continue
        kept.append((text, brk))
    return kept


def collapse_repeats(text: str) -> str:
    """'LeadershipLeadershipLeadership' -> 'Leadership', as slide exports double titles."""
    if len(text) > 400 or text.find(text[:4], 4) < 0:
        return text  # cheap test first: a repeat shows its first four characters again
    match = _REPEATED.match(text)
    if match and any(ch.isalpha() for ch in match.group(1)):
        return match.group(1).strip()
    return text


def _tidy(lines: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Collapse doubled titles, normalise bullets and join a lone bullet to its text."""
    out: list[tuple[str, bool]] = []
    pending_bullet = False
    for text, brk in lines:
        text = collapse_repeats(text)
        if _BULLET_ONLY.match(text):
            pending_bullet = True
            continue
        match = _BULLET.match(text)
        bulleted = "- " + text[match.end() :] if match else text
        if pending_bullet and not bulleted.startswith("- "):
            bulleted = "- " + bulleted
        out.append((bulleted, brk or pending_bullet))
        pending_bullet = False
    return out


def _dehyphenate(lines: list[Line]) -> list[Line]:
    """Join words broken across lines ('assess-' + 'ment'), keeping real compounds."""
    out = list(lines)
    if not any(line.text.endswith("-") for line in lines):
        return out
    vocab = _Vocabulary(lines)
    for i in range(len(out) - 1):
        cur, nxt = out[i], out[i + 1]
        match = _HYPHEN_END.search(cur.text) if cur.text.endswith("-") else None
        if not match or nxt.starts_paragraph or not nxt.text or ITEM_START.match(nxt.text):
            continue
        head, first = match.group(1), nxt.text[0]
        if head.isdigit() != first.isdigit() or not (first.isalpha() or first.isdigit()):
            continue
        token, _, rest = nxt.text.partition(" ")
        keep = head.isdigit() or first.isupper() or _keeps_hyphen(head, token, vocab)
        joined = cur.text[:-1] + ("-" if keep else "") + token
        out[i] = Line(cur.page, joined, cur.starts_paragraph)
        out[i + 1] = Line(nxt.page, rest.strip(), nxt.starts_paragraph)
    return [line for line in out if line.text]


class _Vocabulary:
    """The words of the document, collected the first time one is looked up: a break
    that a digit, a capital or a one-letter head decides needs none of them."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            self.words = set(_WORDS.findall(" ".join(line.text for line in self.lines).lower()))
        return word in self.words


def _keeps_hyphen(head: str, token: str, vocab: set[str] | _Vocabulary) -> bool:
    """Decide 'well-being' (keep) versus 'assessment' (join) for a lowercase continuation."""
    tail = re.match(r"[A-Za-z]*", token).group(0).lower()  # type: ignore[union-attr]
    first = head.lower()
    if len(first) == 1:
        return True  # "e-mail", "X-ray"
    if f"{first}-{tail}" in vocab and f"{first}{tail}" not in vocab:
        return True
    if f"{first}{tail}" in vocab or tail in _SUFFIXES:
        return False
    return first in _COMPOUND_HEADS


# A bar between cells: the readers join a row's cells with " | ", and the cleaning that
# folds runs of spaces turns an empty cell's "|  |" into "| |", which a split on " | " would
# read as one cell holding a bar.
_CELL_BAR = re.compile(r"(?:(?<=\s)|^)\|(?=\s|$)")


def split_cells(text: str) -> list[str]:
    """A table line's cells, an empty one kept in its column ("a | | b" -> a, "", b; a row
    whose first cell is empty reads "| b" -> "", b)."""
    return [cell.strip() for cell in _CELL_BAR.split(text.strip())]


def text_width(lines: list[Line]) -> int:
    """Typical width of a hard-wrapped line (90th percentile), for paragraph heuristics."""
    lengths = sorted(len(line.text) for line in lines if len(line.text) <= 150)
    if len(lengths) < 5:
        return 80
    return max(40, lengths[int(0.9 * (len(lengths) - 1))])


def looks_like_heading(text: str) -> bool:
    """A cheap shape test: Markdown heading, or a short Title Case / CAPS line without a period."""
    if text.startswith("#"):
        return True
    words = text.split()
    if not words or len(words) > 10 or text[-1] in ".,;:" or " | " in text:
        return False
    body = _HEADING_LABEL.sub("", text)
    if body != text and body[:1].isupper():
        return True  # "3.1 Analysis of practice", "Section 4: Recommendations"
    return is_title_case(text)


_HEADING_LABEL = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z][a-z]+ \d+[:.])\s+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_MINOR = frozenset("a an and as at by for from in into of on or the to with vs via".split())


def is_title_case(text: str) -> bool:
    """True for 'Key Findings', 'Learning from Serious Case Reviews', 'KEY FINDINGS'."""
    words = _LATIN_WORD.findall(text)
    if not words or not words[0][0].isupper():
        return False
    major = [w for w in words if w.lower() not in _MINOR]
    return all(w[0].isupper() for w in major)


def continues(prev: Line, cur: Line, width: int) -> bool:
    """Whether `cur` carries on the paragraph that `prev` belongs to (wrapped text)."""
    if cur.starts_paragraph or ITEM_START.match(cur.text) or cur.text.startswith("#"):
        return False
    if " | " in prev.text or " | " in cur.text or prev.text.startswith("#"):
        return False  # table rows and Markdown headings stand alone
    first = cur.text[0]
    if first.islower() or first in ",;)":
        return True
    if len(prev.text) > 150:
        return False  # a source with one paragraph per line: no wrapping to undo
    if looks_like_heading(prev.text) and not ITEM_START.match(prev.text):
        return False
    if last_char(prev.text) in _END_MARKS and _SENTENCE_END.search(prev.text):
        return len(prev.text) >= 0.8 * width
    return len(prev.text) >= 0.6 * width


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Merge wrapped lines into paragraphs; headings and list items start new ones."""
    width = text_width(lines)
    out: list[Paragraph] = []
    parts: list[str] = []
    page = 0
    prev: Line | None = None
    for line in lines:
        if prev is None or not continues(prev, line, width):
            if parts:
                out.append(Paragraph(page, " ".join(parts)))
            parts, page = [], line.page
        parts.append(line.text)
        prev = line
    if parts:
        out.append(Paragraph(page, " ".join(parts)))
    return out


# --- sentences -----------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "e.g i.e eg ie dr mr mrs ms mx prof st rev cf vs viz approx fig figs vol ch sec ref "
    "nos para paras pp jan feb mar apr jun jul aug sep sept oct nov dec dept govt ltd no p".split()
)
_BEFORE_NUMBER = frozenset("no nos p pp para paras fig figs vol ch sec ref".split())
_PSEUDONYM = re.compile(
    r"(?:child|baby|adult|person|mother|father|sibling|case|family|subject|victim|mr|mrs"
    r"|ms|miss|young person|infant)\s+[A-Z]{1,3}$",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(r"[.!?][.!?]*['\")\]]*\s+(?=['\"(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """Split text into sentences, minding abbreviations and pseudonyms like 'Child K.'."""
    text = " ".join(text.split())
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        after = text[match.end() : match.end() + 1]  # all _ends_sentence reads of it
        if text[end] == "." and not _ends_sentence(text[start:end], after):
            continue
        out.append(text[start : match.end()].strip())
        start = match.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _ends_sentence(before: str, after: str) -> bool:
    """Whether the full stop after `before` ends a sentence, looking at the word it ends."""
    word = before.rsplit(" ", 1)[-1].lstrip("('\"[")
    low = word.lower()
    if low in _BEFORE_NUMBER:
        return not after[:1].isdigit()  # "No. 3" continues; "said no. The" ends
    if low in _ABBREVIATIONS or ("." in word and not word.replace(".", "").isdigit()):
        return False  # "Dr.", "e.g.", "U.K."; but "section 3.4." ends
    if len(word) == 1 and word.isupper():
        return bool(_PSEUDONYM.search(before))  # "Child K." ends; "J. Smith" does not
    return True
