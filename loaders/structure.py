"""Split cleaned lines into headed sections and numbered or bulleted items."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewgraph.loaders.clean import (
    ITEM_START,
    continues,
    is_title_case,
    last_char,
    split_cells,
    text_width,
)
from reviewgraph.loaders.models import Line, Section

MAX_HEADING_WORDS = 12

_MARKDOWN = re.compile(r"^(#{1,6})\s+(.*?)[\s#]*$")
_TOC_ENTRY = re.compile(r"(?:\t|\s{2,}|\.{3,}\s*|…\s*)\d{1,4}$")
_PREFIXED = re.compile(
    r"^(?i:chapter|section|part|appendix|annexe?)\s+(\d{1,2}|[A-Z]|[IVX]{1,5})\b"
    r"(?:\s*[:.\-]\s*|\s+(?=[A-Z\"'])|$)(.*)$"  # "Section 47 enquiries" is not a heading
)
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(\.?)\s+(\S.*)$")
_MODAL = re.compile(r"\b(?:should|must|will|would|could|ought|needs? to)\b", re.I)
# a page number after a heading ("Introduction 11"); not a count ("Recommendation 2 of 4")
_TRAILING_NUMBER = re.compile(r"(?<!\bof)\s\d{1,4}$")
_COUNTED = re.compile(r"^(?i:case|review|child|appendix|part|section|chapter|phase|stage|step)\s")
_SENTENCE_END = re.compile(r"[.!?:]['\")\]]*$")
_END_CHARS = frozenset(".!?:'\")]")  # what a _SENTENCE_END match can end with
# Table rows, captions, addresses and codes look like short headings but are not.
# (Split in two: substring tests anywhere, one anchored regex; a search with both was slow.)
_NOT_HEADING_PARTS = (" | ", "\t", "@", "://", "www.")
_NOT_HEADING_START = re.compile(
    r"\W*$|(?i:source|isbn|note)s?\s*:"
    # a field of the item above: "Lead: Police", "Status: In progress"
    r"|(?i:(?:(?:current|latest) )?(?:status|progress(?: to date| so far| update)?|update"
    r"|position)(?: ?\([^()]{2,25}\)| (?:at|as at|in|on) [\w ]{3,20})?"
    r"|lead(?: agency)?|owner|responsible|due(?: date)?|deadline|timescale"
    r"|target date|by when|rag(?: status| rating)?|response)\s*(?::|\s[-–])\s*\S"
    r"|(?i:figure|fig\.|table|chart|graph)\s*[\dA-Z][\w.]*[:.]?(?:\s|$)"
    # an email's or a memo's header fields: "To: Ravensholt SAB Subgroup"
    r"|(?:From|To|Cc|Bcc|Sent|Date|Subject|Re):\s"
)
# "Episode 3: a bruise to the ear (May 2014)", "Finding 1: Seeing exploitation as offending"
_LABELLED = re.compile(
    r"^(?i:episode|key practice episode|kpe|finding|theme|learning point|lesson|stage|phase"
    r"|period|part|case|review)\s+\d{1,2}[a-z]?\s*[:.\-]\s+\S"
)
_ACRONYM_DEFINITION = re.compile(r"^[A-Z][A-Z&/]{1,7}s?\s*[:=\-]\s")  # glossary: "MASH: the hub"
# Kinds that close the numbered body of a report rather than nest inside its last section.
_TOP_KINDS = frozenset({"contents", "references", "glossary", "appendix"})

_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern))
    for kind, pattern in [
        ("contents", r"(?:table of )?contents$"),
        (
            "cross_case",
            r"(?:(?:common|shared|recurring|cross[- ]cutting|overarching|key) )?themes? "
            r"(?:across|from|drawn from|arising from|emerging from|common to)\b"
            r"|(?:common|shared|recurring|cross[- ]cutting|overarching) "
            r"(?:themes|issues|learning)\b"
            r"|what the (?:reviews|cases|scrs|sars|dhrs|reports) have in common"
            # "Findings across both lives", "Learning common to all three reviews"
            r"|(?:findings|learning|lessons|analysis|issues) (?:across|common to|shared by) "
            r"(?:both|all|the|these|each)\b",
        ),
        ("recommendations", r"(?:key |summary of |the |our |draft |single[- ]agency "
                            r"|multi-agency )?recommendations?\b"
                            r"|improving systems and practice\b"  # the Welsh CPR template
                            # headings that introduce the changes asked for or made
                            r"|what (?:is|has|will)(?: be| been)? chang(?:e|ed|ing)\b"
                            r"|what (?:has been|is being|will be) done\b"
                            r"|what (?:we|(?:the )?[\w' ]{2,40}?) (?:will|are going to)"
                            r" (?:do|change)\b"
                            r"|changes (?:made|agreed) since\b"
                            r"|what has happened since\b"
                            r"|what (?:we|the review|the panel) asked\b"
                            r"|(?:we|you) said,? (?:and )?we did\b"),
        ("action_plan", r"(?:the )?action plans?\b|(?:agreed |key )?actions(?: and progress"
                        r"| agreed| taken)?$"
                        # "Progress on review actions", "Update against the recommendations"
                        r"|(?:progress|updates?) (?:on|against|with|made on) (?:the |our |its "
                        r"|each |every )?(?:review |sar |scr |dhr |cspr )?"
                        r"(?:actions?|recommendations?)\b"
                        r"|progress report\b|action (?:log|tracker)\b"
                        r"|improvement (?:plan|tracker)\b"),
        ("good_practice", r"(?:examples of |areas of )?(?:good|positive|effective|notable) "
                          r"practice\b|what went well|strengths\b"),
        ("terms_of_reference", r"(?:the )?terms of reference|(?:the )?scope\b"
                               r"|purpose (?:and scope )?of (?:the|this) review"),
        ("methodology", r"(?:the )?(?:review )?(?:methodology|methods?)\b|the review process"
                        r"|how the review was (?:conducted|undertaken|carried out)|approach\b"),
        ("findings", r"(?:key |main |summary of |the |review |draft )?findings\b"
                     r"|what (?:the |this |our )?(?:review|scr|sar|dhr|cspr|cpr|panel|reviewer)s?"
                     r" (?:found|find|finds|showed|tells us)\b"),
        ("learning", r"(?:key |the |summary of |main |practice and organisational )?"
                     r"(?:learning|lessons)\b"
                     r"|what (?:we|has been|was|can be) learn(?:ed|t)"),
        ("chronology", r"(?:the |summary |combined |integrated |brief )?(?:chronology|timeline"
                       r"|key (?:practice )?(?:episodes|events)|what happened"
                       r"|summary of (?:the )?(?:events|key events|agency involvement)"
                       r"|case history|history of (?:agency )?involvement|narrative)\b"),
        ("analysis", r"(?:the |overall )?analysis\b|discussion$|appraisal of practice"),
        ("conclusion", r"(?:summary and |overall )?conclusions?\b|concluding"),
        ("background", r"(?:the )?(?:background|family background|family composition"
                       r"|pen picture|family history|(?:the )?subject and (?:the |their |her |his )"
                       r"?family|the family$|who was)\b|.{1,30} and (?:his|her|their) family$"),
        ("introduction", r"(?:introduction|preface|foreword)\b|overview$"),
        ("glossary", r"(?:glossary|abbreviations|acronyms|key terms)\b"),
        ("appendix", r"(?:appendix|appendices|annexe?)\b"),
        ("references", r"(?:references|bibliography|further reading|useful (?:links|resources))\b"),
    ]
]  # fmt: skip
_APPENDIX_NAMED = re.compile(r"(?:appendix|annexe?)(?: \w{1,3})?\s*[:.\-]\s*(.+)")
# A review's type in words, as a case heading or a case's own title opens with it
REVIEW_TYPE_WORDS = (
    r"(?i:(?:child|adult) practice review|safeguarding adults? review|serious case review"
    r"|domestic homicide review|(?:local )?child safeguarding practice review)"
)
NAMES_REVIEW = re.compile(REVIEW_TYPE_WORDS)
# a review's kind by its acronym
REVIEW_ACRONYMS = r"(?:L?CSPR|SCR|SAR|DHR|CPR|APR)"
# when a review was published, in brackets at a heading's end: "(published June 2024)"
PUBLISHED_NOTE = r"\((?i:first\s+)?(?i:published)\b[^()]*\)\s*$"
_CASE = [
    re.compile(r"(?i:case|review|scr|sar|dhr|cspr|lcspr|cpr|ttr)\s*(?i:no\.?\s*)?\d{1,3}\b"
               r"(?:\s*[:\-]\s*.*)?"),
    re.compile(r"(?:(?i:the)\s+)?(?i:child|baby|infant|adult|young person|person|siblings?|family)"
               r"\s+[A-Z]{1,3}\d{0,2}\b(?:\s*[:\-(].*)?"),
    re.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Child|Baby|Adult)\s+)?[A-Z][\w-]+['’]s story"),
    # the review's type and reference, then the person: "Adult Practice Review DRSB 2/2025:
    # Mr R" (with no reference, "Serious Case Review: Child K" is a report's own title)
    re.compile(REVIEW_TYPE_WORDS + r"\s+[^:]{0,20}\d[^:]{0,10}[:\-–]\s*"
               r"(?:Child|Baby|Adult|Mr|Mrs|Ms|Miss)\s+[A-Z][\w'-]*"),
    # "Case study 2: Mrs E", "Case Study B - Child R"; not "Case study 1: A young person who …"
    re.compile(r"(?i:case\s+study)\s*(?:\d{1,3}|[A-Z])?\s*[:\-–]\s*"
               r"(?:(?:Child|Baby|Adult|Mr|Mrs|Ms|Miss)\s+[A-Z][\w'-]*|[A-Z][a-z]{2,})"),
    re.compile(r"(?:DHR|SAR|SCR|CSPR|LCSPR|CPR)\s*[/:\-]\s*\w+(?:\s+\w+){0,3}(?:\s*\(\d+\))?"),
]  # fmt: skip


# "Part 2: …", "Section IV - …", "Part B: Recommendations" (a capital alone, then a colon)
CHAPTER_LABEL = re.compile(
    r"^(?i:chapter|section|part)\s+(?:(?:\d{1,2}|[IVX]{1,5})\b\s*[:.\-]?|[A-Z]\s*[:.\-])\s*"
)
# "4.", "4.2", "b)", or a part's letter before the number ("A5. Findings", "C2 Method")
_NUMBER_LABEL = re.compile(r"^(?:[A-Z]?\d{1,2}(?:\.\d{1,2})*\.?|[A-Za-z][.)])\s+")
# The kinds as one regex tried once: its first alternative to match is the first kind
# whose pattern matches, as a loop over them would find (none has groups of its own).
_ANY_KIND = re.compile("|".join(f"(?P<{kind}>{p.pattern})" for kind, p in _KINDS))
_ANY_CASE = re.compile("|".join(f"(?:{p.pattern})" for p in _CASE))
assert not any(p.groups for _, p in _KINDS)


@dataclass(frozen=True)
class Item:
    """A numbered or bulleted item with its continuation lines joined."""

    number: str | None  # normalised: "Recommendation 3" -> "3", "(a)" -> "a"; None for bullets
    text: str
    page: int
    marker: str = ""  # the marker as written: "Recommendation 3:", "(a)", "-"
    cells: tuple[str, ...] = ()  # every cell when the item is a table row


def _strip_label(text: str) -> str:
    """The words of a heading without Markdown marks, numbering or a 'Section 4:' prefix."""
    match = _MARKDOWN.match(text)
    text = match.group(2) if match else text
    text = CHAPTER_LABEL.sub("", text)
    return _NUMBER_LABEL.sub("", text).strip()


def classify_heading(heading: str) -> str | None:
    """Canonical kind of a heading ('recommendations', 'case', ...) or None."""
    words = _strip_label(heading).rstrip(":?. ").replace("’", "'")
    if not words:
        return None
    if len(words.split()) <= 12 and _ANY_CASE.fullmatch(words):
        return "case"
    norm = " ".join(words.lower().replace("&", "and").split())
    named = _APPENDIX_NAMED.match(norm)
    if named:  # "Appendix A: Action plan" is the action plan; "Appendix B: Timeline" too
        return classify_heading(named.group(1)) or "appendix"
    match = _ANY_KIND.match(norm)
    if match is None and " / " in norm:  # bilingual: "Argymhellion / Recommendations"
        return next((k for part in norm.split(" / ") if (k := classify_heading(part))), None)
    return match.lastgroup if match else None


def _number_key(number: str) -> tuple[int, ...]:
    """'3.1' -> (3, 1), for checking that numbered headings go forward."""
    return tuple(int(part) for part in number.split("."))


# a review named by its kind and when it was published: "SAR Mabel (published May 2024)",
# "Domestic Homicide Review: Ewan (published 2023)"
_REVIEW_DATED = re.compile(
    rf"(?:{REVIEW_ACRONYMS}\b|{REVIEW_TYPE_WORDS})[^()]{{1,60}}{PUBLISHED_NOTE}"
)


class _HeadingFinder:
    """Decides line by line which lines are headings, remembering the numbering so far."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.last_number: tuple[int, ...] = ()
        self.depth = 0  # level of the last explicit heading (Markdown, numbered, "Chapter 2")
        self.found: dict[int, tuple[str, int]] = {}

        self.done = 0  # lines before this one are decided

    def run(self) -> dict[int, tuple[str, int]]:
        """Map line index -> (heading text, level)."""
        self.is_heading(len(self.lines) - 1)
        return self.found

    def is_heading(self, i: int) -> bool:
        """Whether line i is a heading, deciding the lines up to it first (and only them:
        a line's verdict depends on the lines before it and the next one's text)."""
        for j in range(self.done, i + 1):
            hit = self._heading(j)
            if hit:
                self.found[j] = hit
        self.done = max(self.done, i + 1)
        return i in self.found

    def _heading(self, i: int) -> tuple[str, int] | None:
        """The heading on line i, or None; the order of checks is the order of trust."""
        text = self.lines[i].text.strip()
        if not text:
            return None
        match = _MARKDOWN.match(text) if " | " not in text else None  # "# | Action | Lead"
        if match:
            title = match.group(2)
            number = _NUMBERED.match(title)
            if number:
                self._advance(number.group(1))
            self.depth = len(match.group(1))
            return title, self.depth
        first = text[0]
        if not (first.isupper() or first.isdigit() or first in "\"'") and not _PREFIXED.match(text):
            return None  # only "section 4: …" may start in lower case (or with a symbol)
        # The cheap tests first: most lines are body text, too long or ending mid-clause.
        words = len(text.split())
        if words > MAX_HEADING_WORDS + 4 or text[-1] in ",;" or text.startswith(("- ", "* ")):
            return None
        if (text[-1].isdigit() and _TOC_ENTRY.search(text)) or _not_heading(text):
            return None
        # Labelled and numbered headings are trusted further: "Episode 2: ..." runs long
        limit = MAX_HEADING_WORDS + (4 if _LABELLED.match(text) or _NUMBERED.match(text) else 0)
        if words > limit:
            return None
        match = _PREFIXED.match(text)
        if match and not text.endswith("."):
            self.last_number, self.depth = (), 1  # numbering restarts per chapter
            return text, 1
        match = _NUMBERED.match(text)
        if match:
            return self._numbered(i, match)
        return self._unnumbered(i)

    def _advance(self, number: str) -> None:
        """Record a numbered heading's number as the latest one."""
        self.last_number = _number_key(number)
        self.depth = len(self.last_number)

    def _numbered(self, i: int, match: re.Match[str]) -> tuple[str, int] | None:
        """'3. Findings', '3.1 Analysis of practice': short, forward-going, not a list."""
        number, dot, title = match.groups()
        key = _number_key(number)
        # "3. Recommendations" set apart by a blank line after a list's item 2 is still the
        # next section; without the break it may be the list's last item.
        known = (
            self.lines[i].starts_paragraph
            and classify_heading(title) not in (None, "case")
            and len(title.split()) <= 4
        ) or (
            # "6.2 SAR Mabel (published May 2024)" after the numbered paragraph "6.1 The
            # Board published two reviews …": a review's heading, dated, in a numbered chapter
            _REVIEW_DATED.match(title) is not None
        )
        if (
            not title[0].isupper()
            or title[-1] in ".:"
            or len(title.split()) > 14
            or _MODAL.search(title)
            or _trailing_number(title)
            or (len(key) == 1 and not dot and not is_title_case(title))
            or key <= self.last_number
            or (self._in_list(i, key) and not known)
            or self._wraps_on(i)
        ):
            return None
        self._advance(number)
        return self.lines[i].text, len(key)

    def _in_list(self, i: int, key: tuple[int, ...]) -> bool:
        """A neighbour numbered one before or after at the same depth makes a list, not headings."""
        for j, step in ((i - 1, -1), (i + 1, 1)):
            other = _NUMBERED.match(self.lines[j].text) if 0 <= j < len(self.lines) else None
            if other and j not in self.found:
                near = _number_key(other.group(1))
                if len(near) == len(key) and near[-1] == key[-1] + step and near[:-1] == key[:-1]:
                    return True
        return False

    def _unnumbered(self, i: int) -> tuple[str, int] | None:
        """Short Title Case, CAPS or known-name lines standing between paragraphs."""
        line = self.lines[i]
        text = line.text
        if not (text[0].isupper() or text[0] in "\"'") or _ACRONYM_DEFINITION.match(text):
            return None
        if text[-1] == ".":
            return None
        # classify_heading is slow: for a longer line it waits until the line stands alone.
        short = len(text.split()) <= 4
        kind = classify_heading(text) if short else None
        known = short and kind is not None and kind != "case"
        if text[-1] == ":" and not known:
            return None
        if _trailing_number(text) and not _COUNTED.match(text):
            return None  # a contents line without leaders: "Introduction 11"
        if not known and not self._stands_alone(i):
            return None
        if not short:
            kind = classify_heading(text)
        # Inferred headings sit inside the last explicit one ("Learning Points" boxes in a
        # numbered chapter, bold lines under a Word heading); end matter goes back to the top.
        level = 1 if kind in _TOP_KINDS or not self.depth else self.depth + 1
        if known:
            return text.rstrip(":"), level
        shaped = (
            kind is not None or is_title_case(text) or text.isupper() or bool(_LABELLED.match(text))
        )
        if shaped and self._body_follows(i, strict=False):
            return text, level
        if len(text.split()) <= 8 and self._body_follows(i, strict=True):
            return text, level  # sentence case: "Lack of engagement from families"
        return None

    def _wraps_on(self, i: int) -> bool:
        """The next line continues this one mid-sentence: "1.3 The CSP commissioned" / "the"."""
        return i + 1 < len(self.lines) and self.lines[i + 1].text[:1].islower()

    def _stands_alone(self, i: int) -> bool:
        """The line starts a paragraph: first line, after a break, a heading or a full stop."""
        if i == 0 or self.lines[i].starts_paragraph or (i - 1) in self.found:
            return True
        if self.lines[i].page != self.lines[i - 1].page and not self._wraps_on(i - 1):
            return True  # the first line of a page (a slide's title), unless mid-sentence
        before = self.lines[i - 1].text
        return last_char(before) in _END_CHARS and bool(_SENTENCE_END.search(before))

    def _body_follows(self, i: int, strict: bool) -> bool:
        """The next line reads as body text (strict: a sentence of six words or more)."""
        if i + 1 >= len(self.lines):
            return False
        nxt = self.lines[i + 1].text
        if self._wraps_on(i):
            return False  # "Substance" / "misuse" is a label that wraps, not a heading
        if _MARKDOWN.match(nxt) or _NUMBERED.match(nxt) or _PREFIXED.match(nxt):
            return not strict
        if ITEM_START.match(nxt):
            return True
        if strict:
            return nxt[0].isupper() and len(nxt.split()) >= 6
        short_title = len(nxt.split()) <= 10 and nxt[-1] not in ".,;:" and is_title_case(nxt)
        return not short_title or classify_heading(nxt) is not None


def _trailing_number(text: str) -> bool:
    """A number ends the line ("Introduction 11"); str.isdigit takes in every \\d."""
    return last_char(text).isdigit() and bool(_TRAILING_NUMBER.search(text))


def _not_heading(text: str) -> bool:
    """A table row, caption, address or code: shaped like a short heading but not one."""
    return any(part in text for part in _NOT_HEADING_PARTS) or bool(_NOT_HEADING_START.match(text))


def find_headings(lines: list[Line]) -> dict[int, tuple[str, int]]:
    """Index of every heading line -> (heading text, level)."""
    return _HeadingFinder(lines).run()


def _document_title(headings: dict[int, tuple[str, int]]) -> int | None:
    """Index of a title heading: among the first lines and alone at its level or above."""
    if not headings:
        return None
    first = min(headings)
    level = headings[first][1]
    others = [lv for i, (_, lv) in headings.items() if i != first and lv <= level]
    if first <= 2 and not others:
        return first
    # a web page's <h1> after its chrome (the cookie notice, the skip link, the menus),
    # all headed at deeper levels: the top heading, alone at its level
    order = sorted(headings)
    top = min(lv for _, lv in headings.values())
    tops = [i for i in order if headings[i][1] == top]
    if len(tops) == 1 and order.index(tops[0]) < 8:
        return tops[0]
    return None


def _join_wrapped_headings(lines: list[Line], headings: dict[int, tuple[str, int]]) -> set[int]:
    """A heading a narrow column wrapped after its colon ("Adult Practice Review DRSB
    2/2025:" / "Mr R"): the first part, a short line ending ":" just before a heading,
    joins it (its words say the case's type). The indexes of the lines joined."""
    joined: set[int] = set()
    for i in sorted(headings):
        if i == 0 or i - 1 in headings:
            continue
        before = lines[i - 1].text.strip()
        if before.endswith(":") and 2 <= len(before.split()) <= 8 and before[0].isupper():
            heading, level = headings[i]
            headings[i] = (f"{before} {heading}", level)
            joined.add(i - 1)
    return joined


# a table's row merged across it that names a review and its person: "Domestic Homicide
# Review: Elwood (published February 2025) | |", the next review's part of the table
_MERGED_REVIEW = re.compile(REVIEW_TYPE_WORDS + r"\s*[:\-–]\s*\S.{0,80}$")


def _merged_titles(lines: list[Line]) -> list[Line]:
    """The lines, a table row merged across the table that names a review ("… Review:
    Elwood (…) | |") made a line of its own, which then reads as a heading, and the
    table's header given again under it, so that each review's part of the table keeps
    its columns."""
    out: list[Line] = []
    header: Line | None = None  # the first row of the table the line is in
    for line in lines:
        if " |" not in line.text:
            header = None
            out.append(line)
            continue
        cells = split_cells(line.text)
        merged = len(cells) >= 2 and cells[0] and not any(cells[1:])
        if merged and _MERGED_REVIEW.match(cells[0]):
            out.append(Line(line.page, cells[0], True))
            if header is not None:
                out.append(Line(line.page, header.text))
            continue
        header = header or line
        out.append(line)
    return out


def split_sections(lines: list[Line]) -> list[Section]:
    """Group lines under their headings; text before the first heading is the 'front'."""
    lines = _merged_titles(lines)
    headings = find_headings(lines)
    joined = _join_wrapped_headings(lines, headings)
    title_line = _document_title(headings)
    sections: list[Section] = []
    title: Section | None = None
    for i, line in enumerate(lines):
        if i in joined:
            continue
        if i in headings:
            heading, level = headings[i]
            sections.append(Section(heading=heading, kind=classify_heading(heading), level=level))
            title = sections[-1] if i == title_line else title
        else:
            if not sections:
                sections.append(Section(heading="", kind="front", level=0))
            sections[-1].lines.append(line)
    _infer_sibling_cases(sections)
    _inherit_kinds(sections, title)
    return sections


def _children(sections: list[Section], index: int) -> list[str | None]:
    """Kinds of the sections nested under sections[index]."""
    level, kinds = sections[index].level, []
    for section in sections[index + 1 :]:
        if section.level <= level:
            break
        kinds.append(section.kind)
    return kinds


def _infer_sibling_cases(sections: list[Section]) -> None:
    """'Mr G' or 'Norman' beside 'Adult F' and 'Adult J', laid out like them, is a case too."""
    if sum(1 for s in sections if s.kind == "case") < 2:
        return
    shapes = {
        (s.level, tuple(_children(sections, i)))
        for i, s in enumerate(sections)
        if s.kind == "case" and _children(sections, i)
    }
    for i, section in enumerate(sections):
        if section.kind is None and (section.level, tuple(_children(sections, i))) in shapes:
            section.kind = "case"


_SUBTITLED = frozenset({"recommendations", "findings", "learning"})


def _inherit_kinds(sections: list[Section], title: Section | None) -> None:
    """An unclassified sub-heading takes its parent's kind ('Health' under 'Recommendations')."""
    open_kinds: list[tuple[int, str | None]] = []  # (level, kind) of enclosing headings
    previous: Section | None = None
    for section in sections:
        if section.kind == "front":
            continue
        while open_kinds and open_kinds[-1][0] >= section.level:
            open_kinds.pop()
        if section.kind is None and open_kinds:
            section.kind = open_kinds[-1][1]
        if section.kind is None and previous is not None and previous.kind in _SUBTITLED:
            # a slide's title and its subtitle ("Recommendation 2 of 4" / "Babies in
            # temporary accommodation"): the empty heading lends its kind to the next
            # (not a heading that names a review: "Learning on a page" / "Child
            # Safeguarding Practice Review: Mia" is a web page's kicker over its title)
            same = not previous.lines and previous.level == section.level
            if same and not NAMES_REVIEW.search(section.heading):
                section.kind = previous.kind
        previous = section
        # A title lends no kind to the document, and a case's parts are not more cases.
        lent = None if section is title or section.kind == "case" else section.kind
        open_kinds.append((section.level, lent))


# --- items -----------------------------------------------------------------------------

_ITEM_PATTERNS = [
    re.compile(
        r"^((?i:recommendation|rec|key finding|finding|learning point|learning|lesson|action)"
        r"\.?\s*(?i:no\.?\s*)?(\d{1,2}(?:[./]\d{1,2})?[a-z]?)"  # "Action 14/2": a meeting's log
        # a status in brackets after the number: "Recommendation 2 (In progress):"
        r"(?:\s*[(\[][\w ,/-]{2,30}[)\]](?=\s*[:.\-–]))?)(?:\s*[:.)\-–]\s*|\s+(?=[A-Z\"'])|$"
        # a letter reporting on it: "Recommendation 1 asked the police to …", "… was for"
        r"|\s+(?=(?:asked|was (?:for|addressed|made)|called for|required|sought)\b))"
    ),
    # "R2", or a part's letter before the number ("B3. The Trust should …": the number is 3),
    # or a review's code ("DHR-3. The MARAC should …", "SAR2: …")
    re.compile(r"^([A-Z](?:[A-Z]{1,3}-?)?(\d{1,2}))(?:\s*[:.)\-]\s*(?!\d)|\s+(?=[A-Z\"'])|$)"),
    # a code of letters and a number: "S/1 The Partnership should …", "KS/3:"
    re.compile(r"^(([A-Z]{1,4}/\d{1,2}))(?:\s*[:.)\-]\s*(?!\d)|\s+(?=[A-Z\"'])|$)"),
    re.compile(r"^(\((\d{1,2}|[a-z]|[ivx]{1,5})\))\s+"),
    re.compile(r"^((\d{1,2}|[a-z]|[ivx]{1,5}|[A-Z])\))\s+"),
    # "3." alone on its line (an HTML list item whose text is a paragraph of its own)
    re.compile(r"^((\d{1,2}|[a-z]|[ivx]{1,5})\.)(?:\s+(?!\d)|$)"),
    re.compile(r"^((\d{1,2}(?:\.\d{1,2})+)\.?)\s+(?=[A-Z\"'(])"),
    re.compile(r"^([-*])\s+()"),
]
# The patterns joined: most lines match none, and one match says so (each is anchored).
_ANY_ITEM = re.compile("|".join(f"(?:{p.pattern})" for p in _ITEM_PATTERNS))
# a row's number, perhaps after a letter or two that say whose ("R3", "U1": a rapid review's)
_ROW_NUMBER = re.compile(
    r"^(?:(?:[A-Z]{1,2}|[A-Z]{2,4}-|(?i:rec(?:ommendation)?)\.?\s*)?(\d{1,2}(?:\.\d{1,2})*)"
    r"|([A-Z]))[.)]?$"  # or a letter alone: an audit's rows "A", "B", "C"
)


def item_start(text: str) -> Item | None:
    """An Item (page 0, text so far) if `text` opens a numbered or bulleted item."""
    if " | " in text:
        cells = tuple(split_cells(text))
        match = _ROW_NUMBER.match(cells[0])
        if not match:
            # the number inside the first cell, before its text ("R1 The school should …
            # | Agreed. Status: Closed"): the row is that item, its text the cell's rest
            inner = _numbered_item(cells[0])
            if inner is not None:
                row = (inner.marker, inner.text, *cells[1:])
                return Item(inner.number, inner.text, 0, inner.marker, row)
            # the number opening the second cell, after a short first cell naming whose it
            # is ("Bobby | 1. Hold a joint step-down meeting … | Children's Services | …": a
            # progress table for all of a chapter's reviews): the row is that item
            inner = _numbered_item(cells[1]) if len(cells) > 2 else None
            if inner is None or not _ROW_OWNER.match(cells[0]):
                return None
            row = (cells[0], inner.text, *cells[2:])
            return Item(inner.number, inner.text, 0, inner.marker, row)
        body = next((c for c in cells[1:] if c), "")
        return Item(match.group(1) or match.group(2), body, 0, cells[0], cells)
    if not _ANY_ITEM.match(text):
        return None
    for pattern in _ITEM_PATTERNS:
        match = pattern.match(text)
        if match:
            marker, number = match.group(1), match.group(2) or None
            return Item(number, text[match.end() :].strip(), 0, marker.strip())
    return None


# a first cell that says whose a row is: a person's name, alone or after the review's
# kind or a title ("Bobby", "SAR Edith", "Child W", "Mr Dunne"); not an agency, whose row
# of an "Agency | Recommendation" table is read by its columns ("Wyvernshire Police | 4. …")
_ROW_OWNER = re.compile(
    r"^(?:(?:SAR|DHR|L?CSPR|SCR|CPR|APR|Child|Baby|Adult|Mr|Mrs|Ms|Miss)\s+[A-Z][\w'’-]{0,20}"
    r"|(?!(?:Police|Health|Education|Housing|Probation|Council|Hospital|School|Schools|Children"
    r"|Adults|Ambulance|Prison|Midwifery|Paediatrics|Partnership|Board|Agencies|All)$)"
    r"[A-Z][a-z'’-]{2,20})$"
)


def _numbered_item(text: str) -> Item | None:
    """An item with a number (not a bullet) opening `text`, with text after its number."""
    if not _ANY_ITEM.match(text):
        return None
    for pattern in _ITEM_PATTERNS[:-1]:
        match = pattern.match(text)
        if match and match.group(2) and text[match.end() :].strip():
            return Item(match.group(2), text[match.end() :].strip(), 0, match.group(1).strip())
    return None


_REC_LABEL = re.compile(r"^(?i:recommendation)\s+\d{1,2}[a-z]?\s*[:.]?$")


def numbered_items(lines: list[Line]) -> list[Item]:
    """Numbered and bulleted items in `lines`, with wrapped continuation lines joined."""
    headings = _HeadingFinder(lines)  # consulted only inside an item: most sections have none
    width = text_width(lines)
    items: list[Item] = []
    parts: list[str] = []
    current: Item | None = None
    for i, line in enumerate(lines):
        start = None if line.text.startswith("#") else item_start(line.text)
        if start is not None:
            # "Recommendation 1" alone over "8.2 The Board should …": the recommendation's
            # number, not its paragraph's (an action plan's "R1" is the first, not "R2")
            number = start.number
            labelled = current is not None and not parts and _REC_LABEL.match(current.marker)
            if labelled and current is not None and number and "." in number and not start.cells:
                number = current.number
            _close(items, current, parts)
            current = Item(number, "", line.page, start.marker, start.cells)
            parts = [start.text] if start.text else []
            continue
        if current is None:
            continue
        ends = bool(current.cells) or headings.is_heading(i)  # a table row carries its item
        if ends or (parts and not continues(lines[i - 1], line, width)):
            _close(items, current, parts)
            current, parts = None, []
            continue
        parts.append(line.text)  # "Recommendation 3:" alone takes the next line as its text
    _close(items, current, parts)
    return items


def _close(items: list[Item], current: Item | None, parts: list[str]) -> None:
    """Finish the item being built, if any."""
    if current is not None:
        text = " ".join(parts)
        items.append(Item(current.number, text, current.page, current.marker, current.cells))
