"""From cleaned, sectioned text to the cases, themes, agencies, findings and recommendations."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reviewgraph.loaders.cases import about_every_case, cases_from_list, named_cases
from reviewgraph.loaders.clean import (
    clean_pages,
    continues,
    paragraphs,
    running_lines,
    sentences,
    split_cells,
    text_width,
)
from reviewgraph.loaders.metadata import (
    boards_named,
    detect_board,
    detect_type,
    detect_year,
    extract_meta,
    used_as_name,
)
from reviewgraph.loaders.models import (
    DocumentExtraction,
    Evidence,
    Finding,
    Line,
    RawDocument,
    Recommendation,
    ReviewExtraction,
    ReviewMeta,
    Section,
    ThemeHit,
)
from reviewgraph.loaders.recommendations import (
    COLUMNS,
    MIN_SENTENCE,
    REC_KINDS,
    extract_recommendations,
)
from reviewgraph.loaders.recstatus import rag_key, status_from
from reviewgraph.loaders.scales import status_scale
from reviewgraph.loaders.statuses import status_class
from reviewgraph.loaders.strength import counts, section_weight, weigh
from reviewgraph.loaders.structure import (
    CHAPTER_LABEL,
    NAMES_REVIEW,
    PUBLISHED_NOTE,
    REVIEW_ACRONYMS,
    REVIEW_TYPE_WORDS,
    classify_heading,
    numbered_items,
    split_sections,
)
from reviewgraph.loaders.taxonomy import Taxonomy
from reviewgraph.loaders.theme_proposer import propose_themes

if TYPE_CHECKING:
    from reviewgraph.loaders.gazetteer import Gazetteer

FINDING_KINDS = {"findings", "learning"}
# "Conclusions and lessons learned", "What we learned": findings under another name.
_FINDING_HEADING = re.compile(r"\b(?:lessons?|learning|findings?)\b", re.I)
_NAMED_ITEM = re.compile(r"^(?:Finding|Learning point|Lesson)\s+(\d+)\s*[:.\-–]\s*(.+)$", re.I)
SHARED_KINDS = {"cross_case"}
_BOARD_MENTION = re.compile(r"[^\n]{0,60}\b(?:LSCB|LSCP|SAB|Board|Partnership)\b")
_FORWARD_KINDS = frozenset({"recommendations", "action_plan"})


@dataclass
class Matchers:
    taxonomy: Taxonomy
    gazetteer: Gazetteer


def _text(lines: Iterable[Line]) -> str:
    return "\n".join(line.text for line in lines)


def _sentences(sections: list[Section]) -> list[tuple[str, int, str | None]]:
    """Every sentence with its page and section heading, for the matchers."""
    return [x for section in sections for x in _section_sentences(section)]


def _section_sentences(section: Section) -> list[tuple[str, int, str | None]]:
    out: list[tuple[str, int, str | None]] = []
    for para in paragraphs(section.lines):
        for sentence in sentences(para.text):
            if len(sentence) >= MIN_SENTENCE:
                out.append((sentence, para.page, section.heading or None))
    return out


_PERSON_HEADING = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Child|Baby|Adult)\s+[A-Z]{1,3}|[A-Z][a-z]{2,})$"
)


# "Mr Abbott (safeguarding adults review)", "'Sarah' - DHR": a person and the review type.
_NAMED_CASE_HEADING = re.compile(
    r"^(?P<name>(?:Mr|Mrs|Ms|Miss|Child|Baby|Adult)\s+[A-Z][\w'-]*|['\"‘“]?[A-Z][a-z]{2,}['\"’”]?)"
    r"\s*(?:\(\s*|[-–—:]\s*)"
    # "the review" / "this review" after a word is a section ("Reminder: the review")
    r"(?P<type>(?i:(?!\s*(?:the|this|that|our|a|an)\s+review\b)[^()]*\breview)"
    r"|(?:SCR|SAR|DHR|L?CSPR|CPR))"
    # in brackets, when it was published may follow: "Harley (LCSPR published July 2024)"
    r"(?:(?<=\w)\s+(?:(?i:published|completed|commissioned|dated?)\b)[^()]{0,30})?\s*\)?$"
)


# A case counted in a heading before its person: "Review 3 - ", "Case 2: "
_COUNTED_HEADING = re.compile(r"^(?i:case|review)\s*\d{1,3}\s*[:\-–—]\s*")


# a pseudonym with its title ("Mr T", "Child X"): a bare word in a cell may be anything
_CELL_PERSON = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Child|Baby|Adult)\s+[A-Z][\w'-]*$")


class _CaseRow(NamedTuple):
    name: str
    kind: str | None
    text: str  # what the row says of the case: its longest cell
    page: int
    cells: tuple[str, ...]


def _cell_person(cell: str) -> str | None:
    """The person a table's cell names: "Mr T", "Child X", or with the review's type
    before them ("SAR Edna", "DHR Mr Heddon")."""
    if _CELL_PERSON.match(cell):
        return cell
    typed = _TYPED_CASE.match(cell) if len(cell) <= 40 else None
    name = typed.group("name") if typed else None
    return name if name and name not in _NOT_PERSON else None


def _case_rows(lines: list[Line]) -> list[_CaseRow]:
    """The rows of a table of cases (two at least): a cell that is a person ("Mr T",
    "Child X", "SAR Edna") and a cell that names the review's type ("Safeguarding Adults
    Review", "DHR") in every row; each row's longest other cell is what it says of the
    case. A table of family members names no review type in its rows, and is not one."""
    out: list[_CaseRow] = []
    for line in lines:
        if " | " not in line.text:
            continue
        cells = split_cells(line.text)
        person = next((p for c in cells if (p := _cell_person(c))), None)
        if person is None:
            continue
        kind = next((t for c in cells if len(c) <= 40 and (t := detect_type(c))), None)
        if kind and kind != "OTHER":
            text = max((c for c in cells if c not in (person,)), key=len)
            out.append(_CaseRow(person, kind, text, line.page, tuple(cells)))
    return out if len({row.name for row in out}) >= 2 else []


def _rows_by_person(rows: list[_CaseRow]) -> dict[str, list[_CaseRow]]:
    """The rows of a table of cases by the person they name, in order: a table of the
    reviews' recommendations names each review in every one of its rows ("SAR Winifred |
    Adult Social Care should … | Completed"), and each person is one case."""
    people: dict[str, list[_CaseRow]] = {}
    for row in rows:
        people.setdefault(row.name, []).append(row)
    return people


def _attribute_by_row(
    shared: ReviewExtraction, people: list[list[_CaseRow]], reviews: list[ReviewExtraction]
) -> None:
    """A recommendation whose row holds a short cell that only one case's rows hold (the
    review's id, "QSAB-SAR-2024-02", or its name) is that case's."""
    own = []
    for i, rows in enumerate(people):
        others = {c for j, rs in enumerate(people) if j != i for r in rs for c in r.cells}
        own.append({c for r in rows for c in r.cells if c and len(c) <= 40 and c not in others})
    kept = []
    for rec in shared.recommendations:
        cells = set(rec.row)
        hits = [i for i, ids in enumerate(own) if ids & cells]
        if len(hits) == 1:
            reviews[hits[0]].recommendations.append(rec)
        else:
            kept.append(rec)
    shared.recommendations = kept


def _named_case(heading: str) -> str | None:
    """The person a case heading names with its review type ("Mr Abbott (SAR)" -> "Mr Abbott")."""
    match = _NAMED_CASE_HEADING.match(_HEADING_NUMBER.sub("", heading.strip()))
    return match.group("name").strip("'\"‘’“”") if match else None


# A review type as a heading names it: in full or by its acronym.
_TYPE_WORDS = (
    r"(?:(?i:(?:(?:local\s+)?child\s+safeguarding\s+practice|serious\s+case"
    r"|safeguarding\s+adults?|domestic\s+homicide|(?:concise\s+|extended\s+)?(?:adult|child)"
    r"\s+practice)\s+review)|L?CSPR|SCR|SAR|DHR|CPR|APR)"
)
_NAME = r"(?:Mr|Mrs|Ms|Miss|Child|Baby|Adult)\s+[A-Z][\w'-]*|[A-Z][a-z]{2,}"
# "(published June 2024)"; its close may have wrapped onto the next line with the year
_TRAILING_NOTE = re.compile(r"\s*\([^()]{2,90}\)?$")
_TYPE_FIRST = re.compile(r"^(?P<type>L?CSPR|SCR|SAR|DHR|CPR|APR)\s+(?P<rest>[A-Z][A-Z' -]+)$")
# An annual report's or a learning chapter's case headings: the type, then the person
# ("SAR Ada", "Child Safeguarding Practice Review: Child M", "DHR - 'Sarah'"), or the
# person's review ("Learning from Adult D's review", "Kofi's SAR").
_TYPED_CASE = re.compile(
    rf"^{_TYPE_WORDS}\s*(?:[:\-–—]\s*|\s)\s*(?:(?i:for|about|into|of|concerning)\s+)?"
    rf"['\"‘“]?(?P<name>{_NAME})['\"’”]?$"
    rf"|^(?:(?i:learning|lessons)\s+(?i:from|for)\s+)?(?:(?i:the)\s+)?['\"‘“]?(?P<owner>{_NAME})['\"’”]?"
    rf"['’]s\s+(?:{_TYPE_WORDS}|(?i:review))$"
    # a thematic review's people, one section each: "Mr Ansell's story", "The story of
    # Kofi", "About Farida" (read as cases only when two or more people are headed so)
    rf"|^['\"‘“]?(?P<storied>{_NAME})['\"’”]?['’]s\s+(?i:story|life|journey|experience)$"
    rf"|^(?:(?i:the)\s+)?(?i:story|life)\s+of\s+['\"‘“]?(?P<told>{_NAME})['\"’”]?$"
    rf"|^(?i:about)\s+['\"‘“]?(?P<about>{_NAME})['\"’”]?$"
)
# Words a heading puts after a type that are not a person ("SAR Summary", "DHR Process").
_NOT_PERSON = frozenset(
    "Report Summary Overview Executive Process Panel Findings Recommendations Learning "
    "Briefing Action Plan Subgroup Introduction Methodology Themes Final Draft Review "
    "Terms Scope Referrals Referral Decision Decisions Activity Progress Update Updates "
    "Notifications Published Publication Protocol Framework Guidance Toolkit Criteria".split()
)


_HEADING_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")
# the review's type in words, then its person in brackets: "the Domestic Homicide Review
# (Anna)", "Safeguarding Adults Review (Mr Y)"
_TYPE_THEN_NAME = re.compile(
    rf"^(?:(?i:the)\s+)?{_TYPE_WORDS}\s*\(\s*['\"‘“]?(?P<name>{_NAME})['\"’”]?\s*\)$"
)


def _typed_case(section: Section, below: Callable[[], Sequence[Line]] = lambda: ()) -> str | None:
    """The person a case heading names with a review type ("SAR Ada" -> "Ada"); a bare
    first name must be one the section's text uses, or its sub-sections' (`below`: "SAR
    Gideon" over a standfirst, then "1. Background" / "Gideon was 48")."""
    heading = _HEADING_NUMBER.sub("", " ".join(section.heading.split())).strip(" .:")
    heading = CHAPTER_LABEL.sub("", heading)  # "Part A: the Safeguarding Adults Review …"
    own = _TYPE_THEN_NAME.match(heading)
    if own and own.group("name") not in _NOT_PERSON:
        return own.group("name")  # "the Safeguarding Adults Review (Shauna)"
    heading = _TRAILING_NOTE.sub("", heading)  # "SAR Nell (published June 2024)"
    typed = _TYPE_FIRST.match(heading)
    if typed and typed.group("rest").isupper():  # "SAR MR VARGA": a heading in capitals
        heading = f"{typed.group('type')} {typed.group('rest').title()}"
    if len(heading) > 80 or not _TYPED_CASE.match(heading):
        return None
    match = _TYPED_CASE.match(heading)
    assert match is not None
    name = next(n for n in match.group("name", "owner", "storied", "told", "about") if n)
    if " " not in name:
        if name in _NOT_PERSON:
            return None
        # a bare name after an acronym must be one the text uses ("SAR Nell", not "DHR
        # Process"); after the type in words and a colon it is the review's person
        in_words = re.match(rf"{REVIEW_TYPE_WORDS}\s*:", heading)
        # a name in quotes is a pseudonym: 'SAR "Marjorie"' over sub-sections of its own
        quoted = re.search(rf"['\"‘“]{re.escape(name)}['\"’”]", heading)
        if in_words or quoted or any(name in line.text for line in section.lines[:12]):
            return name
        if not any(name in line.text for line in below()[:12]):
            return None
    return name


def _lines_below(sections: list[Section], index: int, most: int = 12) -> list[Line]:
    """The first `most` lines of the sections nested under sections[index]."""
    out: list[Line] = []
    for section in sections[index + 1 :]:
        if section.level <= sections[index].level or len(out) >= most:
            break
        out += section.lines
    return out[:most]


def _story_form(section: Section) -> bool:
    """Whether a case heading is of a person's story ("Mr Ansell's story", "About Farida")."""
    heading = _HEADING_NUMBER.sub("", " ".join(section.heading.split())).strip(" .:")
    match = _TYPED_CASE.match(heading)
    return bool(match and any(match.group("storied", "told", "about")))


def _mark_sibling_cases(sections: list[Section]) -> None:
    """A briefing's other cases: headings at a case's level that name a person ("Mr G",
    "Norman") and have sub-sections of their own, or name one with a review type ("Mr
    Abbott (safeguarding adults review)"), like the cases the structure found; and two
    or more headings at one level that each name a review type and a person ("SAR Ada",
    "Learning from Adult D's review"), whatever kind they took from their chapter."""
    # grouped by level and by form: a review's own title ("Safeguarding Adults Review:
    # Child Z") and one person's story in it ("Adult C's story") are not two cases
    typed: dict[tuple[int, bool], list[tuple[Section, str]]] = {}
    for i, section in enumerate(sections):
        if section.kind == "front" or not section.heading:
            continue
        name = _typed_case(section, partial(_lines_below, sections, i))
        if name:
            typed.setdefault((section.level, _story_form(section)), []).append((section, name))
    for group in typed.values():
        # two people at least: one review's running header ("SAR Adult C" on every page of
        # a long report) names one person again and again, and is one case, not sixty
        if len({name for _, name in group}) >= 2:
            for section, _ in group:
                section.kind = "case"
    # two people or more at one level, each with their review named under the heading or
    # in brackets after the name ("4.2 Harley (LCSPR published July 2024)")
    reviewed: dict[int, list[Section]] = {}
    for section in sections:
        named = section.heading and (_reviewed_under(section) or _named_case(section.heading))
        if section.kind is None and named:
            reviewed.setdefault(section.level, []).append(section)
    for people in reviewed.values():
        if len(people) >= 2:
            for section in people:
                section.kind = "case"
    _split_person_parts(sections)
    _people_under_parts(sections)
    levels = {s.level for s in sections if s.kind == "case"}
    before: set[int] = set()  # the levels a case's heading stood at before this section
    for i, section in enumerate(sections[:-1] if sections else []):
        heading = section.heading.strip()
        if (
            section.kind is None
            and section.level in levels
            and (
                (_PERSON_HEADING.match(heading) and sections[i + 1].level > section.level)
                or _named_case(heading)
                or _story_opens(section, section.level in before)
            )
        ):
            section.kind = "case"
        if section.kind == "case":
            before.add(section.level)
    if sections and sections[-1].kind is None and sections[-1].level in levels:
        if _named_case(sections[-1].heading):
            sections[-1].kind = "case"
    _people_as_headings(sections)
    _stories_within(sections)


# A paragraph that opens with its review's name as a run-in heading: "SAR Hester
# (published August 2024). Hester was 79 …", "Child Safeguarding Practice Review: Child M
# – M was three …" (an annual report's chapter that tells each review in a paragraph).
_RUN_IN_CASE = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?"
    rf"(?P<head>{_TYPE_WORDS}\s*[:\-–—]?\s*['\"‘“]?(?P<name>{_NAME})['\"’”]?"
    r"(?:\s*\([^()]{2,60}\))?)\s*(?:[.:]|\s[-–—])\s+(?=['\"‘“]?[A-Z])"
)


def _run_in_cases(sections: list[Section]) -> list[Section]:
    """The cases of a chapter told one paragraph each, under run-in headings ("SAR Hester
    (published August 2024). Hester was 79 …"), as case sections of their own: two people
    or more, none of them already a heading's. What follows a case's paragraph, up to the
    next one or the chapter's end, is that case's (its recommendations and progress)."""
    starts: list[tuple[int, int, re.Match[str]]] = []  # (section, line, match)
    for i, section in enumerate(sections):
        for j, line in enumerate(section.lines):
            match = _RUN_IN_CASE.match(line.text)
            if not match or " | " in line.text or match.group("name") in _NOT_PERSON:
                continue
            # a line that follows a sentence's end may open a paragraph, even after a full
            # line (a PDF marks no paragraph break)
            prev = section.lines[j - 1].text.rstrip() if j else ""
            if prev and not prev.endswith((".", ":", "!", "?")):
                if continues(section.lines[j - 1], line, text_width(section.lines)):
                    continue
            starts.append((i, j, match))
    names = {m.group("name") for _, _, m in starts}
    if (
        len(names) < 2
        or len(names) < len(starts)
        or any(re.search(rf"\b{re.escape(name)}\b", s.heading) for s in sections for name in names)
    ):
        return sections
    out: list[Section] = []
    for i, section in enumerate(sections):
        mine = [(j, m) for k, j, m in starts if k == i]
        if not mine:
            out.append(section)
            continue
        if mine[0][0]:
            out.append(dataclasses.replace(section, lines=section.lines[: mine[0][0]]))
        for n, (j, match) in enumerate(mine):
            end = mine[n + 1][0] if n + 1 < len(mine) else len(section.lines)
            first = section.lines[j]
            rest = first.text[match.end() :]
            lines = [dataclasses.replace(first, text=rest)] + section.lines[j + 1 : end]
            heading = " ".join(match.group("head").split())
            out.append(Section(heading=heading, kind="case", lines=lines, level=section.level + 1))
    return out


# The words a heading may put around the person it is about: "Learning from Rosalind",
# "What happened to Mr T", "The review about Mabel", "1. 'Rosalind'", "Rosalind, aged 70",
# "Rosalind (2024)", "SAR Rosalind, published March 2025".
_AROUND_PERSON = re.compile(
    r"^(?:(?i:(?:learning|lessons)\s+(?:from|for)(?:\s+the\s+review\s+(?:of|about|for|into))?"
    r"|what\s+happened\s+to|the\s+(?:review|story|case)\s+(?:of|about|for|into)"
    rf"|(?:review|case)\s+(?:of|about|for|into))\s+|{_TYPE_WORDS}\s*[:\-–—]?\s*)?"
    rf"['\"‘“]?(?P<name>{_NAME})['\"’”]?"
    r"(?:\s*,?\s*(?i:aged?)\s+\d{1,3}|\s*\([^()]{2,40}\)"
    r"|\s*,\s*(?i:published|completed|commissioned|dated)\b[^,]{0,30})?$"
)
# Words that head a section and look like a name, but are not a person.
_NOT_NAME = frozenset(
    "Background Introduction Summary Findings Recommendations Learning Conclusions Context "
    "Contents Overview Glossary Appendix Methodology Themes Chronology Analysis Progress "
    "Actions Questions Resources Foreword Acknowledgements References Purpose Scope "
    "Reflections Practice Good Outcomes Update Updates".split()
)


# A person whose review a document's title names: "Domestic Homicide Review: Tamsin", "SAR
# Winifred and SAR Osric", "… into the death of Tamsin".
_TITLE_PERSON = re.compile(
    rf"(?:{_TYPE_WORDS}|(?i:death\s+of))\s*[:\-–—]?\s*(?:(?i:for|about|into|of|concerning)\s+)?"
    rf"['\"‘“]?(?P<name>{_NAME})"
)
# what a heading may say of a person in brackets that makes them one of a case's family,
# not a case: "Kayleigh (mother)", "Royston (perpetrator)"
_ROLE = re.compile(
    r"\((?i:mother|father|step-?(?:mother|father)|brother|sister|sibling|partner|victim"
    r"|perpetrator|son|daughter|grandmother|grandfather|carer|husband|wife)\b"
)


def _person_in_text(name: str, text: str) -> bool:
    """Whether the text tells of `name` as a person: "Rosalind was 70", "Rosalind's
    family", "Mr T, who", "Rosalind (aged 70)"."""
    said = re.escape(name)
    return bool(
        re.search(
            rf"\b{said}(?:['’]s\b|\s+(?:was|had|lived|died|said|told|is|has|moved|became"
            r"|refused|did|would|could|came|went|spent|began|started|left)\b|,\s+(?:who|aged|a|an)\b"
            r"|\s*\((?:aged\s+)?\d{1,3}\))",
            text,
        )
    )


def _heading_person(section: Section, below: Callable[[], Sequence[Line]]) -> str | None:
    """The person a heading is about, in any of the ways briefings head a person's review
    (see _AROUND_PERSON), when the text under it tells of them as a person (`below`: the
    lines of its sub-sections)."""
    heading = _HEADING_NUMBER.sub("", " ".join(section.heading.split())).strip(" .:")
    match = _AROUND_PERSON.match(heading) if len(heading) <= 80 else None
    name = match.group("name").strip("'\"‘’“”") if match else None
    if not name or name in _NOT_PERSON or name in _NOT_NAME or _ROLE.search(heading):
        return None
    text = _text([*section.lines[:30], *below()])
    return name if _person_in_text(name, text) else None


def _people_as_headings(sections: list[Section]) -> None:
    """Two or more headings at one level, each about a different person the text under it
    tells of ("Learning from Rosalind" / "Learning from Mabel", "1. 'Rosalind'" / "2.
    'Mabel'"): a briefing's cases, when no other rule found any."""
    if any(s.kind == "case" for s in sections):
        return
    people: dict[int, list[tuple[Section, str]]] = {}
    for i, section in enumerate(sections):
        if section.kind == "front" or not section.heading:
            continue
        name = _heading_person(section, partial(_lines_below, sections, i, 30))
        if name:
            people.setdefault(section.level, []).append((section, name))
    groups = [g for g in people.values() if len({name for _, name in g}) >= 2]
    title = (document_title(sections) or "") if groups else ""
    titled = {m.group("name") for m in _TITLE_PERSON.finditer(title)}
    for group in groups:
        names = [name for _, name in group]
        # the victim and the perpetrator under each part of one DHR ("Background" /
        # "Tamsin", "Royston"; "Contact with agencies" / "Tamsin", "Royston"), or under a
        # title that names the review of one person ("Domestic Homicide Review: Tamsin")
        untitled = [n for n in names if not re.search(rf"\b{re.escape(n)}\b", title)]
        if len(set(names)) < 2 or len(set(names)) < len(names) or (titled and untitled):
            continue
        for section, _ in group:
            section.kind = "case"


def _stories_within(sections: list[Section]) -> None:
    """A person's story under their own case heading ("SAR Jude" / "Jude's story", "What
    the review found"): a part of that case, not a second case of the same person."""
    open_cases: list[tuple[int, str | None]] = []  # (level, person) of enclosing cases
    for i, section in enumerate(sections):
        while open_cases and open_cases[-1][0] >= section.level:
            open_cases.pop()
        if section.kind != "case":
            continue
        name = _typed_case(section, partial(_lines_below, sections, i))
        if name and any(person == name for _, person in open_cases):
            section.kind = "background"
            continue
        open_cases.append((section.level, name))


def _people_under_parts(sections: list[Section]) -> None:
    """A briefing told part by part, each part with a heading per person under it ("3.
    What happened" / "Baby Nyla", "Rory"; "4. What the reviews found" / "Baby Nyla",
    "Rory"): the same two people or more under two parts or more, each named so in the
    text. Each person's heading becomes a case over its part (headed as the part, of its
    kind); the cases of one person are joined later (`_merged_by_name`)."""
    text = "\n".join(line.text for s in sections for line in s.lines)
    parents: list[Section | None] = []  # each section's parent
    stack: list[Section] = []
    for section in sections:
        while stack and stack[-1].level >= section.level:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(section)
    people: dict[int, dict[int, list[int]]] = {}  # level -> parent's index -> people's
    index = {id(s): i for i, s in enumerate(sections)}
    for i, section in enumerate(sections):
        name = _HEADING_NUMBER.sub("", " ".join(section.heading.split()))
        parent = parents[i]
        if (
            parent is not None
            and section.kind not in ("case", "front")
            and _PERSON_NAME.match(name)
            and name.split()[-1] not in _NOT_PERSON
        ):
            people.setdefault(section.level, {}).setdefault(index[id(parent)], []).append(i)
    for by_parent in people.values():
        named = {
            p: {_HEADING_NUMBER.sub("", sections[i].heading).strip() for i in ids}
            for p, ids in by_parent.items()
        }
        shared = [p for p, names in named.items() if len(names) >= 2]
        if len(shared) < 2 or len(set.union(*(named[p] for p in shared))) > 2 * min(
            len(named[p]) for p in shared
        ):
            continue
        # parts that differ ("1. Background", "3. What happened"), not one report's part
        # printed twice; and each person a review's ("the review for Rory", "SAR Gideon"),
        # not a DHR's victim and perpetrator each given a background
        parts = {" ".join(_HEADING_NUMBER.sub("", sections[p].heading).split()) for p in shared}
        everyone = set.union(*(named[p] for p in shared))
        if len(parts) < 2 or not all(used_as_name(n.split()[-1], text) for n in everyone):
            continue
        said = "\n".join([text, *(s.heading for s in sections)])  # "… the reviews for Jago"
        if not all(_reviewed_person(name, said) for name in everyone):
            continue
        for i, p in sorted(((i, q) for q in shared for i in by_parent[q]), reverse=True):
            section, part = sections[i], sections[p]
            sections.insert(
                i + 1, Section(part.heading, section.kind, section.lines, section.level + 1)
            )
            section.heading = _HEADING_NUMBER.sub("", section.heading).strip()
            section.kind, section.lines = "case", []


def _dated_in_list(
    reviews: list[ReviewExtraction],
    cases: list[list[Section]],
    shared: list[Section],
    paper_year: int | None,
) -> None:
    """A case that states no year of its own takes the one the briefing's list gives it
    ("Three SARs were published this year: Queenie (September 2024), Piotr (January
    2025) …"), not the briefing's."""
    text = _text(line for s in shared for line in s.lines)
    for review, case in zip(reviews, cases, strict=True):
        name = review.meta.subject
        if not name or review.meta.year != paper_year or name not in text:
            continue
        dated = re.search(
            rf"\b{re.escape(name)}['’]?s?\s+\((?:(?i:published|completed)\s+(?:in\s+)?)?"
            rf"(?:\d{{1,2}}\s+)?(?:{_MONTHS}\s+)?((?:19|20)\d\d)\)"
            # "… were published: Child SP in July 2024, Dashiell in December 2024 and …"
            rf"|\b{re.escape(name)}\s+(?:(?i:published|completed)\s+)?(?i:in)\s+"
            rf"(?:{_MONTHS}\s+)((?:19|20)\d\d)\b",
            text,
        )
        own = _text(line for s in case for line in s.lines)
        if dated and not detect_year("", own[:2000]):  # its own "Published: …"
            review.meta.year = int(dated.group(1) or dated.group(2))


_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)


def _reviewed_person(name: str, text: str) -> bool:
    """Whether the text names a review of `name`: "the review for Baby Nyla", "SAR
    Gideon", "Rory's review", "Local Child Safeguarding Practice Review: Rory"."""
    said = re.escape(name)
    return bool(
        re.search(rf"(?:\b{REVIEW_ACRONYMS}|[Rr]eviews?)\b[^.\n]{{0,40}}?\b{said}\b", text)
        or re.search(rf"\b{said}['’]s\s+(?:[\w-]+\s+){{0,4}}?review\b", text, re.I)
    )


# a part of one person's review headed by their name: "3. Daphne: what we learned",
# "Lyndon - what happened"
_PERSON_PART = re.compile(
    r"^(?P<number>\d{1,2}(?:\.\d{1,2})*\.?\s+)?"
    r"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Child|Baby|Adult)\s+)?[A-Z][a-z]{2,}|(?:Child|Adult)\s+[A-Z]{1,3})"
    r"(?:['’]s\s+review)?\s*(?::|\s[-–—])\s+(?P<part>\S.{2,60})$"
)
_PART_KINDS = frozenset({"learning", "findings", "chronology", "background", "analysis"})


def _split_person_parts(sections: list[Section]) -> None:
    """Two or more headings at one level, each naming a different person and a part of a
    review ("3. Daphne: what we learned", "4. Lyndon: what we learned"): each is a case,
    headed by the person, with the part under it, of the kind its words say. The person
    must be named so in the text ("Daphne was 84", "Daphne's son")."""
    text = "\n".join(line.text for s in sections for line in s.lines)
    found: dict[int, list[tuple[int, re.Match[str]]]] = {}
    for i, section in enumerate(sections):
        match = _PERSON_PART.match(" ".join(section.heading.split()))
        if (
            section.kind not in ("case", "front")
            and match
            and classify_heading(match.group("part")) in _PART_KINDS
            and used_as_name(match.group("name").split()[-1], text)
        ):
            found.setdefault(section.level, []).append((i, match))
    for group in found.values():
        if len({m.group("name") for _, m in group}) < 2:
            continue
        for i, match in reversed(group):
            section = sections[i]
            part = match.group("part")
            sections.insert(
                i + 1, Section(part, classify_heading(part), section.lines, section.level + 1)
            )
            section.heading = f"{match.group('number') or ''}{match.group('name')}"
            section.kind, section.lines = "case", []


_STORY_OPENING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?P<name>[A-Z][a-z]{2,}) (?:was|had|is|lived)\b"
)


def _subject_patterns(reviews: list[ReviewExtraction]) -> dict[str, re.Pattern[str]]:
    """Each case's subject, as a pattern that finds it as a whole word."""
    return {
        r.meta.subject: re.compile(rf"\b{re.escape(r.meta.subject)}\b")
        for r in reviews
        if r.meta.subject
    }


def _attribute_shared(shared: ReviewExtraction, reviews: list[ReviewExtraction]) -> None:
    """A shared recommendation that names one case's person ("… including a referral to
    adult social care. (Aaron)"), or whose table row does ("DHR Ruth | 2 | …"), is that
    case's, not the document's."""
    names = _subject_patterns(reviews)
    kept = []
    for rec in shared.recommendations:
        # its own words, else its row's cell that names the review ("DHR Ruth | 2 | …"),
        # else the heading it stands under ("LCSPR Kayla" over its table)
        named = (
            [n for n, p in names.items() if p.search(rec.text)]
            or [n for n, p in names.items() if any(p.search(cell) for cell in rec.row)]
            or [n for n, p in names.items() if rec.section and p.search(rec.section)]
        )
        owner = next((r for r in reviews if len(named) == 1 and r.meta.subject == named[0]), None)
        if owner is None:
            kept.append(rec)
        else:
            owner.recommendations.append(rec)
    shared.recommendations = kept


def _attribute_rows(reviews: list[ReviewExtraction]) -> None:
    """A recommendation whose table row names another case of the paper, and not its own
    ("KSAB/SAR/2024-01/A1 | SAR Harold | …" in a log printed after the last case), is
    that case's."""
    names = _subject_patterns(reviews)
    for review in reviews:
        kept: list[Recommendation] = []
        for rec in review.recommendations:
            # its row's cell names the case, or its text opens with it ("Violet,
            # recommendation 2. …"), else the heading it stands under ("LCSPR Mia")
            named = {
                n
                for n, p in names.items()
                if any(p.search(cell) for cell in rec.row) or p.match(rec.text[: len(n) + 1])
            } or {n for n, p in names.items() if rec.section and p.search(rec.section)}
            owner = next(
                (r for r in reviews if len(named) == 1 and r.meta.subject in named), review
            )
            (kept if owner is review else owner.recommendations).append(rec)
        review.recommendations = kept


_REC_NUMBER_CELL = re.compile(r"^(?:(?i:rec(?:ommendation)?)\.?\s*|R)?(\d{1,2})\.?$")


def _updates_merged(review: ReviewExtraction) -> None:
    """A progress table's row that names one of the case's recommendations by its number
    ("Child SP | 1 | Fathers' guidance launched … | Assured and closed", after the
    recommendations themselves) updates that recommendation: its status, progress and
    lead, where it has none; it is not another recommendation."""
    numbered = {r.number: r for r in review.recommendations if r.number}
    kept: list[Recommendation] = []
    for rec in review.recommendations:
        refs = [m.group(1) for c in rec.row if (m := _REC_NUMBER_CELL.match(c.strip()))]
        target = numbered.get(refs[0]) if rec.number is None and len(refs) == 1 else None
        if target is None or target is rec or target.status not in (None, rec.status):
            kept.append(rec)
            continue
        target.status, target.status_class = rec.status, rec.status_class
        target.progress = target.progress or (rec.text if rec.text != rec.status else None)
        target.lead = target.lead or rec.lead
        target.due = target.due or rec.due
    review.recommendations = kept


def _progress_rows(reviews: list[ReviewExtraction], lines: list[Line], key: dict[str, str]) -> None:
    """A chapter's one progress table for all its cases ("Review | Rec. | Lead partner |
    Progress this year | Rating"): each row names a case and one of its recommendations by
    number, and gives that recommendation its status and progress where it has none."""
    header: list[str] = []
    for line in lines:
        if " | " not in line.text:
            continue
        cells = split_cells(line.text)
        if any(COLUMNS["status"].match(c) for c in cells) and all(len(c) <= 40 for c in cells):
            header = cells
            continue
        if len(cells) != len(header):
            continue
        owner = next(
            (
                r
                for r in reviews
                for c in cells
                if r.meta.subject
                and len(c) <= 40
                and re.search(rf"\b{re.escape(r.meta.subject)}$", c)
            ),
            None,
        )
        refs = [m.group(1) for c in cells if (m := _REC_NUMBER_CELL.match(c.strip()))]
        rec = (
            next((x for x in owner.recommendations if x.number in refs and x.status is None), None)
            if owner and len(refs) == 1
            else None
        )
        if rec is None:
            continue
        rated = next(
            (c for c, h in zip(cells, header, strict=True) if COLUMNS["status"].match(h)), None
        )
        noted = next(
            (c for c, h in zip(cells, header, strict=True) if COLUMNS["progress"].match(h)), None
        )
        status = (status_from(rated, key, anywhere=True) or rated) if rated else None
        if status:
            rec.status = status
            rec.status_class = status_class((key or {}).get(status.lower(), status))
            rec.progress = rec.progress or noted


def _reviewed_under(section: Section) -> bool:
    """A heading that is a person ("2. Baby Isla", "Mr Dunne"), whose first line names a
    review of that person ("Local Child Safeguarding Practice Review: Baby Isla,
    published February 2025."): one of a briefing's cases."""
    name = _HEADING_NUMBER.sub("", section.heading.strip())
    if not (section.lines and _PERSON_NAME.match(name)):
        return False
    first = section.lines[0].text
    said = NAMES_REVIEW.search(first[:120]) or _TYPE_ACRONYM.search(first[:120])
    if said and said.start() <= 6 and _WHEN_PUBLISHED.match(first[said.end() :]):
        return True  # "Local Child Safeguarding Practice Review, published September 2024."
    return bool(said and re.search(rf"\b{re.escape(name)}\b", first[said.end() : said.end() + 40]))


# what a standfirst says after a review's kind: ", published September 2024", " (2024)"
_WHEN_PUBLISHED = re.compile(
    r"^[\s,;:–-]*\(?(?:(?i:first\s+)?(?i:published|completed|commissioned)\b|\d{4}\b|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d{4}\b)"
)


# a person as a heading names them: "Baby Isla", "Mr Dunne", "Child Q", "Isla"
_PERSON_NAME = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Child|Baby|Adult)\s+)?[A-Z][\w'’-]{1,20}$")
_TYPE_ACRONYM = re.compile(rf"\b{REVIEW_ACRONYMS}\b")


def _story_opens(section: Section, after_case: bool) -> bool:
    """A heading that is a first name, numbered or not, after a case's heading at its
    level, whose text opens by telling of that person ("3. Aaron" / "3.1 Aaron was 19 …",
    "Kai" / "Kai was 15 …" after Child R's recommendations): the next person of a
    thematic review or a briefing, without sub-sections of its own."""
    name = _HEADING_NUMBER.sub("", section.heading.strip())
    if not (after_case and _PERSON_HEADING.match(name) and section.lines):
        return False
    opening = _STORY_OPENING.match(section.lines[0].text)
    return bool(opening and opening.group("name") == name)


# What names a case in a heading: "Case 1", "Child B", "Adult D", "Mr G" (slides repeat it
# on each of the case's slides: "Case 1: what we learned", "Child B - SCR: learning").
_CASE_KEY = re.compile(
    r"^(?:(?i:case|review)\s+\d{1,3}|(?:Child|Baby|Adult|Mr|Mrs|Ms|Miss)\s+[A-Z]{1,3}\d{0,2})\b"
)


# the one pseudonym a numbered or titled case heading names after its other words
# ("3. Local Child Safeguarding Practice Review: Child J")
_NAMED_IN = re.compile(r"\b(?:Child|Baby|Adult|Mr|Mrs|Ms|Miss)\s+[A-Z]{1,3}\d{0,2}\b")


def _case_key(heading: str) -> str | None:
    match = _CASE_KEY.match(heading.strip())
    if match:
        return match.group(0).lower()
    named = {m.group(0).lower() for m in _NAMED_IN.finditer(heading)}
    return named.pop() if len(named) == 1 else None


def _same_case(first: Section, section: Section) -> bool:
    key = _case_key(first.heading)
    return key is not None and key == _case_key(section.heading)


def _part_of_case(first: Section, section: Section) -> None:
    """Make a repeated case heading a part of the case, of the kind its other words say."""
    rest = re.sub(
        r"^[\s:\-–—]+", "", section.heading.strip()[len(_case_key(section.heading) or "") :]
    )
    rest = re.sub(r"^(?:SCR|SAR|DHR|L?CSPR|CPR)\b[\s:\-–—]*", "", rest)
    section.kind = classify_heading(rest) if rest else None
    section.level = first.level + 1


# A table of who sat on the review: a column of organisations beside one of the roles or
# posts they sent ("Organisation | Role", "Member agency | Job title of representative").
_ORG_HEADER = re.compile(r"\b(?:organi[sz]ations?|agenc(?:y|ies)|services?|bod(?:y|ies))\b", re.I)
_ROLE_HEADER = re.compile(
    r"\b(?:roles?|positions?|job\s+titles?|posts?|designations?|representatives?|represented"
    r"\s+by)\b",
    re.I,
)


def _membership_rows(sections: list[Section]) -> list[str]:
    """The rows of any table of the review's members (an organisation column and a role
    column whose every cell is a short title, not a sentence): they name agencies by the
    person each sent, not by contact with the case, like the panel sentences
    `about_the_review` knows. A table of contacts ("Agency | Role with the family" over
    sentences) is not one."""
    out: list[str] = []
    for section in sections:
        tables: list[list[str]] = []
        for k, line in enumerate(section.lines):
            if " | " not in line.text:
                continue
            if k and " | " in section.lines[k - 1].text:
                tables[-1].append(line.text)
            else:
                tables.append([line.text])
        for table in tables:
            cells = split_cells(table[0])
            org = {j for j, c in enumerate(cells) if _ORG_HEADER.search(c)}
            role = [j for j, c in enumerate(cells) if _ROLE_HEADER.search(c) and j not in org]
            if not org or not role or len(table) < 2:
                continue
            titles = [
                split_cells(row)[role[0]] if len(split_cells(row)) > role[0] else ""
                for row in table[1:]
            ]
            if all(len(t.split()) <= 8 and not t.endswith(".") for t in titles):
                out += table[1:]
    return out


def _each_case_has_its_plan(sections: list[Section]) -> bool:
    """Whether every case of a briefing (two at least) is followed, before the next case,
    by a recommendations or actions section at its own level ("CASE 1: …" / "Actions",
    "CASE 2: …" / "Actions"): then each is that case's, not addressed to all."""
    cases = [k for k, s in enumerate(sections) if s.kind == "case"]
    if len(cases) < 2:
        return False
    for a, b in zip(cases, [*cases[1:], len(sections)], strict=True):
        level = sections[a].level
        found = False
        for section in sections[a + 1 : b]:
            if section.level < level or section.kind in SHARED_KINDS:
                break
            if section.kind in REC_KINDS and section.level == level:
                found = True
                break
        if not found:
            return False
    return True


def group_cases(sections: list[Section]) -> tuple[list[list[Section]], list[Section]]:
    """Split a briefing into its cases' sections and the sections shared by all.

    A case owns the sections after its heading until the next case, a cross-case section,
    a shallower heading, or recommendations at the case's own level (in a briefing those
    are addressed to everyone). One case or none means a single review.
    """
    _mark_sibling_cases(sections)
    own_plans = _each_case_has_its_plan(sections)
    cases: list[list[Section]] = []
    shared: list[Section] = []
    current: list[Section] | None = None
    for section in sections:
        if section.kind == "case" and current and _same_case(current[0], section):
            _part_of_case(current[0], section)  # "Case 1: what we learned" after "Case 1: Adult D"
        if section.kind == "case":
            current = [section]
            cases.append(current)
            continue
        ends_case = current is None or (
            section.kind in SHARED_KINDS
            or section.level < current[0].level
            or _next_numbered(current[0], section)
            or _sibling_after_parts(current, section)
            or (
                section.kind in REC_KINDS
                and section.level <= current[0].level
                and not (own_plans and section.level == current[0].level)
            )
        )
        if ends_case:
            current = None
            shared.append(section)
        else:
            assert current is not None
            current.append(section)
    cases = _merged_by_name(cases)
    if len(cases) < 2:
        return [sections], []
    return cases, shared


_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s")


def _sibling_after_parts(case: list[Section], section: Section) -> bool:
    """A heading at the case's level after the case's own sub-sections ("Questions to talk
    about in your team" after "Elsie" / "Background", "What the review found"): the
    briefing's, not the case's. A case whose parts are headed at its own level (a slide
    deck's flat headings) keeps them."""
    head = case[0]
    return section.level <= head.level and any(s.level > head.level for s in case[1:])


def _next_numbered(case: Section, section: Section) -> bool:
    """A section numbered as the case heading's next sibling ("5. What was recommended"
    after "4. Lyndon"), at its level: the briefing's, not the case's."""
    mine = _SECTION_NUMBER.match(case.heading.strip())
    theirs = _SECTION_NUMBER.match(section.heading.strip())
    if not (mine and theirs and section.level == case.level):
        return False
    a, b = mine.group(1).split("."), theirs.group(1).split(".")
    return len(a) == len(b) and a[:-1] == b[:-1] and int(b[-1]) > int(a[-1])


def _merged_by_name(cases: list[list[Section]]) -> list[list[Section]]:
    """One case per person: a review that tells each baby's story in one chapter and lists
    who knew each in another ("Baby A" twice) has three cases, not six. A later group
    headed by the same "Baby A" / "Case 2" joins the first, as a part of it."""
    out: list[list[Section]] = []
    first: dict[str, list[Section]] = {}
    for case in cases:
        head = case[0]
        # a person's heading over a part of their story, again under the next part
        bare = None if head.lines or not _PERSON_NAME.match(head.heading) else head.heading
        key = _case_key(head.heading) or bare
        if key is None or key not in first:
            out.append(case)
            if key is not None:
                first[key] = case
            continue
        head = first[key][0]
        _part_of_case(head, case[0])
        first[key].extend(case)
    return out


def _is_findings(section: Section) -> bool:
    return section.kind in FINDING_KINDS or (
        section.kind in ("conclusion", None) and bool(_FINDING_HEADING.search(section.heading))
    )


def extract_findings(sections: list[Section], m: Matchers) -> list[Finding]:
    """Findings and learning points: the numbered items, else the paragraphs of those sections."""
    findings = []
    for section in sections:
        if not _is_findings(section):
            continue
        named = _NAMED_ITEM.match(section.heading)
        paras = paragraphs(section.lines)
        if named:  # "Finding 3: Exclusion increases risk" heads its own section
            first = paras[0].text if paras else ""
            items = [
                (named.group(1), f"{named.group(2)}. {first}".strip(), section.first_page or 1)
            ]
        else:
            items = [(i.number, i.text, i.page) for i in numbered_items(section.lines)]
        if not items:
            items = [(None, p.text, p.page) for p in paras]
        for number, text, page in items:
            if len(text) < MIN_SENTENCE:
                continue
            findings.append(
                Finding(
                    number=number,
                    text=text,
                    page=page,
                    kind="finding" if section.kind == "findings" else "learning",
                    themes=m.taxonomy.match_sentence(text),
                    section=section.heading,
                )
            )
    return findings


# A heading over what is said of every case of a thematic review: "Findings across both
# lives", "Learning common to all three reviews", "What the cases have in common".
_OF_ALL_CASES = re.compile(
    r"\b(?:across|common to|shared by|in)\s+(?:both|all|each|every)\b|\bhave in common\b", re.I
)


def _title_and_intro(sections: list[Section]) -> tuple[str, str]:
    """The title block (headings and lines before the body starts) and the introduction;
    a web page's from its own top heading, past its cookie notice and menus."""
    sections = _past_page_chrome(sections)
    title_lines: list[str] = []
    cover = -1  # a cover heading that names the kind of document ("Learning Summary")
    for i, section in enumerate(sections):
        # The very first heading is the title, whatever it sounds like ("Learning from reviews").
        if i and section.kind not in ("front", "case", None) or len(title_lines) >= 15:
            if not (i <= 3 and _COVER_KIND.match(section.heading or "")):
                break
            if any(s.lines for s in sections[:i]):
                break  # after the body has begun it heads a section
            cover = i
        if section.heading:
            title_lines.append(section.heading)
        title_lines += [line.text for line in section.lines[:8]]
    intro_parts = [
        (s.heading + "\n" if s.kind == "case" else "") + _text(s.lines)
        for k, s in enumerate(sections[:8])
        if k == cover
        or s.kind in ("front", "introduction", "terms_of_reference", "background", "case", None)
    ]
    return "\n".join(title_lines[:15]), "\n".join(intro_parts)[:6000]


# A heading on a cover that says what kind of document this is, not a section of it: a
# "Learning Summary" under the title is read as the title block's, though a "learning"
# heading elsewhere heads the lessons.
_COVER_KIND = re.compile(
    r"^(?:learning|executive|practice)\s+(?:summary|brief(?:ing)?)$|^overview\s+report$"
    r"|^summary\s+report$",
    re.I,
)


# A title names a review, a briefing, an analysis or a report; a cover's other lines are
# dates, authors, versions, a board's name, a breadcrumb or the first sentence.
_TITLE_WORDS = re.compile(
    r"\b(?:reviews?|briefing|analysis|report|learning|summary|(?-i:L?CSPR|SCR|SAR|DHR|CPR)s?)\b",
    re.I,
)
_NOT_TITLE = re.compile(
    r"^\W*(?:published|date|dated|lead|independent|report\s+author|author|reviewer|review\s+author"
    r"|chair|page\s+\d|version|status|period|draft\s+overview)\b|\s>\s|\s\|\s|https?:|www\.",
    re.I,
)
_DATE_WORDS = re.compile(
    r"\b(?:\d{1,4}|january|february|march|april|may|june|july|august|september|october"
    r"|november|december|final|report)\b",
    re.I,
)
# A sentence, not a title: it has a verb like these, or two sentences in one line.
_SENTENCE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|should|must|can|could|would|did|does)\b"
    r"|^(?:This|These|It|We|In|Our|There)\s|[.!?]\s+[A-Z]"
)
_OPEN_END = re.compile(
    r"\b(?:the|a|an|of|and|or|to|for|in|on|by|with|from|into)$|(?:^|\s)['\"‘“]\w*$", re.I
)
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+\S")
_FILE_TITLE = re.compile(r"\.(?:docx?|pdf|rtf)\b|^Microsoft\s|^untitled", re.I)
_TITLE_MAX_WORDS = 24
# A cover line that only says what kind of document it is; its next line says which one.
_KIND_ONLY = re.compile(
    r"^(?:the\s+)?(?:(?:local\s+)?child\s+safeguarding\s+practice|serious\s+case"
    r"|safeguarding\s+adults?|domestic\s+homicide|(?:concise\s+|extended\s+)?(?:child|adult)\s+practice)"
    r"\s+review(?:\s+(?:report|overview report|summary))?$|^\d+[- ]minute\s+briefing$",
    re.I,
)


def _title_candidate(text: str) -> str | None:
    """The line as a title, or None for a sentence, a date, a board's name alone …"""
    text = " ".join(text.split()).strip(" -–|")
    if _PARAGRAPH_NUMBER.match(text):
        return None  # "1.1 This thematic review looks at …": the body's first paragraph
    words = text.split()
    if not words or len(words) > _TITLE_MAX_WORDS or text.endswith((".", ",", ";")):
        return None
    if text.count("(") != text.count(")") or _OPEN_END.search(text):
        return None  # a fragment: "Analysis of Serious Case Reviews 2011-2014 (hereafter, 'the"
    if (
        _NOT_TITLE.search(text)
        or _SENTENCE.search(_HEADING_NUMBER.sub("", text))  # "4. Learning from …" is one
        or not (text[0].isupper() or text[0].isdigit() or text[0] in "'\"")
    ):
        return None
    board = detect_board(text)
    rest = text.replace(board[0], " ") if board else text
    if len(re.findall(r"[A-Za-z]{3,}", _DATE_WORDS.sub(" ", rest))) < 1:
        return None  # a board's name, a date, "Final report"
    return text


def _past_page_chrome(sections: list[Section]) -> list[Section]:
    """A web page's sections from its top heading on, when all before it are headed at
    deeper levels: the cookie notice, the skip link, menus and the breadcrumb ("Report a
    concern", "Home / For practitioners / …") come before the page's own <h1>."""
    headed = [(i, s.level) for i, s in enumerate(sections[:8]) if s.heading]
    if not headed or any(not s.heading for s in sections[: headed[0][0] + 1]):
        return sections
    top = min(level for _, level in headed)
    first = next(i for i, level in headed if level == top)
    return sections[first:] if first else sections


def document_title(sections: list[Section]) -> str | None:
    """The document's own title from its cover: the first heading or cover line naming a
    review, briefing, analysis or report, joined with the headings stacked under it
    ("Local Child Safeguarding Practice Review" + "Child H"); else the heading repeated
    most often that names one (a briefing's running title); else None, never a fragment."""
    cover: list[tuple[str, bool, bool]] = []  # (text, is a heading, its section has lines)
    sections = _past_page_chrome(sections)
    for i, section in enumerate(sections[:6]):
        if i and section.kind not in ("front", "case", None):
            break
        if section.heading:
            cover.append((section.heading, True, bool(section.lines)))
        cover += [(line.text, False, True) for line in section.lines[:6]]
    for i, (text, heading, has_lines) in enumerate(cover):
        if (
            _OPEN_END.search(text)
            and i + 1 < len(cover)
            and not cover[i + 1][1]
            and len(cover[i + 1][0].split()) <= 6
            and "(" not in text + cover[i + 1][0]
        ):  # a cover line wrapped: "... at the Edge of" / "Services" (not a sentence's start)
            text = f"{text} {cover[i + 1][0]}"
        title = _title_candidate(text)
        if not title or not _TITLE_WORDS.search(title):
            continue
        parts = [title]
        if _KIND_ONLY.match(title) and i + 1 < len(cover) and not cover[i + 1][1]:
            nxt = _title_candidate(cover[i + 1][0])
            return f"{title}: {nxt}"[:200] if nxt else title[:200]
        while heading and not has_lines and i + 1 < len(cover) and cover[i + 1][1]:
            i += 1
            text, heading, has_lines = cover[i]
            nxt = _title_candidate(text)
            if nxt is None:
                break
            parts.append(nxt)
        return ": ".join(parts)[:200]
    repeated = Counter(
        s.heading.strip() for s in sections if s.heading and _TITLE_WORDS.search(s.heading)
    )
    for text, n in repeated.most_common():
        if n > 1 and _title_candidate(text):
            return text[:200]
    return None


_CASE_STUDY = re.compile(
    r"^(?i:case\s+study)\s*(?:\d{1,3}|[A-Z])?\s*[:\-–]\s*"
    r"(?P<name>(?:Child|Baby|Adult|Mr|Mrs|Ms|Miss)\s+[A-Z][\w'-]*|[A-Z][a-z]{2,})\s*$"
)
_PSEUDONYM = re.compile(r"\b(?:Child|Baby|Adult|Mr|Mrs|Ms|Miss)\s+[A-Z][\w'-]*")


def _led_by(
    subject: str | None, sections: list[Section]
) -> list[tuple[str | None, list[tuple[str, int, str | None]]]]:
    """The paragraphs of a briefing's shared sections that open with one case's person
    ("SAR Lyndon (published November 2024). Lyndon was 38 …", "Lyndon was 38 …"), as
    (the section's kind, their sentences): the whole paragraph tells of that case."""
    if not subject:
        return []
    opens = re.compile(
        rf"^(?:{REVIEW_ACRONYMS}\s+|{REVIEW_TYPE_WORDS}\s*[:\-–]?\s*"
        # "For Osric, the therapist …", "In Winifred's case, …", "As for Mr T, …"
        r"|(?:For|In|As\s+for|With)\s+(?=\S+(?:,|['’]s\s+(?:case|review|story)\b)))?"
        r"['\"‘“]?" + re.escape(subject) + r"\b"
    )
    out = []
    for section in sections:
        taken = [
            (sentence, para.page, section.heading or None)
            for para in paragraphs(section.lines)
            if opens.match(para.text.strip()) and not _names_another(para.text, subject)
            for sentence in sentences(para.text)
            if len(sentence) >= MIN_SENTENCE
        ]
        if taken:
            out.append((section.kind, taken))
    return out


# a review named by its kind and its person: "SCR Child Q", "SAR Lyndon"
_TYPED_NAME = re.compile(
    rf"\b{REVIEW_ACRONYMS}\s+(?:(?:Child|Baby|Adult|Mr|Mrs|Ms|Miss)\s+)?[A-Z]\w*"
)


# a pseudonym, not "Adult Social Care" or "Child Protection": "Adult C", "Child AB", "Baby
# Otis", "Mrs Dunmore"
_CODED_NAME = re.compile(
    r"\b(?:(?:Child|Adult)\s+[A-Z]{1,3}\d{0,2}\b(?![\w'-])|(?:Baby|Mr|Mrs|Ms|Miss)\s+[A-Z][\w'-]*)"
)


def _names_another(text: str, subject: str) -> bool:
    """Whether a paragraph names a case other than `subject`'s: another pseudonym, or
    another review by its kind and person (a table of cases run into one paragraph)."""
    if any(m.group(0) != subject for m in _CODED_NAME.finditer(text)):
        return True
    return any(not m.group(0).endswith(subject) for m in _TYPED_NAME.finditer(text))


def _naming(
    subject: str | None, sents: Iterable[tuple[str, int, str | None]]
) -> list[tuple[str, int, str | None]]:
    """The sentences that name `subject` ("Mr G", "Adult J", "Norman"); of one naming three
    cases or more (a table of cases flattened into one run of text), only the words from
    the subject's name to the next case's."""
    if not subject:
        return []
    name = re.compile(r"(?<![\w/])" + re.escape(subject) + r"(?![\w/])")
    out = []
    for text, page, section in sents:
        found = name.search(text)
        if not found:
            continue
        others = [m for m in _PSEUDONYM.finditer(text) if m.group(0) != subject]
        if len({m.group(0) for m in others}) >= 2:
            end = next((m.start() for m in others if m.start() > found.end()), len(text))
            text = text[found.start() : end]
        out.append((text, page, section))
    return out


# The board an unspecified "Board" or "Partnership" is, by the name of the review's board
# (a Welsh regional safeguarding board, for children and adults both, stays unspecified).
_BOARD_KINDS = [
    ("sab", re.compile(r"(?i:safeguarding\s+adults|adult\s+safeguarding)")),
    ("lscb", re.compile(r"(?i:children|child\s+safeguarding|\bLSCB\b)")),
    ("csp", re.compile(r"(?i:community\s+safety)")),
]


GOOD_PRACTICE = "good_practice"


def _good_practice(
    by_section: list[tuple[str | None, list[tuple[str, int, str | None]]]],
    hits: dict[str, ThemeHit],
    memo: dict[str, list[str]],
) -> bool:
    """What a "Good practice" or "What went well" section says is good practice, in
    whatever words it says it ("The district nurses kept visiting when he refused entry");
    whether the case has such a section."""
    found = False
    for kind, said in by_section:
        if kind != GOOD_PRACTICE:
            continue
        for text, page, section in said:
            if not counts(text) or GOOD_PRACTICE in memo.get(text, []):
                continue
            memo[text] = [*memo.get(text, []), GOOD_PRACTICE]
            hit = hits.setdefault(GOOD_PRACTICE, ThemeHit(theme_id=GOOD_PRACTICE))
            hit.mentions += 1
            found = True
            if len(hit.evidence) < 5:
                hit.evidence.append(Evidence(text, page, section))
    return found


def _with_good_practice(themes: list[ThemeHit], singled_out: bool) -> list[ThemeHit]:
    """A section of its own on good practice says the review found it, however few its
    sentences: the theme counts (one more than the usual cut at most)."""
    if singled_out:
        for hit in themes:
            if hit.theme_id == GOOD_PRACTICE:
                hit.strong = True
    return themes


def extract_case(
    sections: list[Section],
    m: Matchers,
    inherit: ReviewMeta | None,
    meta: ReviewMeta | None = None,
    sents: list[tuple[str, int, str | None]] | None = None,
    shared: list[tuple[str, int, str | None]] | None = None,
    common: list[tuple[str, int, str | None]] | None = None,
    paper_key: dict[str, str] | None = None,
    paper_lines: list[Line] | None = None,
    shared_sections: list[Section] | None = None,
) -> ReviewExtraction:
    """Everything about one case from the sections that belong to it (`meta`: what
    extract_meta already read from their title and introduction, given `inherit`;
    `sents`: their _sentences() when the caller has them already; `shared`: the sentences
    of a briefing's cross-case sections, whose themes count for the case where they name
    it: "In the reviews of Mr G and Adult J, self-neglect was accepted …"; `paper_key`: the
    colours' key the paper prints once for all its cases; `paper_lines`: all the paper's
    lines, where its statuses may be given for every case at once; `shared_sections`: the
    briefing's shared sections, whose paragraphs that open with the case's person are the
    case's own)."""
    if meta is None:
        whole = _text(line for s in sections for line in s.lines)
        meta = extract_meta(*_title_and_intro(sections), inherit, whole=whole)
    heading = sections[0].heading.strip() if sections[0].kind == "case" else ""
    bare = _HEADING_NUMBER.sub("", heading)
    if meta.subject is None and (_PERSON_HEADING.match(bare) or _PERSON_NAME.match(bare)):
        meta.subject = bare  # a briefing's case named by a first name ("Norman", "3. Aaron")
    if meta.subject is None and _named_case(heading):
        meta.subject = _named_case(heading)  # "'Sarah' (domestic homicide review)"
    numbered_case = _COUNTED_HEADING.match(heading)
    if numbered_case and meta.subject is None:  # "Review 3 - Amira (DHR)", "Case 2: Mr V"
        rest = heading[numbered_case.end() :]
        meta.subject = _named_case(rest) or (rest if _PERSON_HEADING.match(rest) else None)

    # the lines of the case's sub-sections, read only for a heading that needs them
    def below() -> list[Line]:
        return [x for part in sections[1:] for x in part.lines][:30]

    typed = _typed_case(sections[0], below) if heading else None
    if typed and (meta.subject is None or meta.subject not in heading):
        meta.subject = typed  # "SAR Ada", "Learning from Adult D's review"
    study = _CASE_STUDY.match(heading)
    if study and (meta.subject is None or meta.subject not in heading):
        meta.subject = study.group("name")  # "Case study 2: Mrs E"
    if meta.subject is None and heading:  # "Learning from Rosalind", "What happened to Mr T"
        meta.subject = _heading_person(sections[0], below)
    # each section's sentences once, weighted by the section's kind for the themes
    by_section = [(s.kind, _section_sentences(s)) for s in sections]
    led = _led_by(meta.subject, shared_sections or [])
    if sents is None:
        sents = [x for _, xs in by_section for x in xs]
    if led:
        by_section += led
        sents = sents + [x for _, xs in led for x in xs]
    pages = [line.page for s in sections for line in s.lines]
    own = {x for _, xs in led for x in xs}
    named = [x for x in _naming(meta.subject, shared or []) if x not in own]
    named += [x for x in common or [] if x not in named]
    counted = [x for x in sents + named if counts(x[0])]
    # a glossary or reference list names agencies the case never involved
    end_matter = {
        s.heading
        for s in sections
        if s.heading and section_weight(s.kind) == 0 and s.kind not in _FORWARD_KINDS
    }
    # recommendations and action plans name the agencies asked to act, not those involved
    forward = {s.heading for s in sections if s.heading and s.kind in _FORWARD_KINDS}
    located = [(x, section_weight(kind)) for kind, xs in by_section for x in xs]
    located += [(x, section_weight("findings")) for x in named]  # said of it by name
    weighted = [(x[0], w) for x, w in located]
    memo: dict[str, list[str]] = {}
    hits = m.taxonomy.match_themes(counted, memo=memo)
    if meta.type == "OTHER":  # a thematic analysis is of many cases: no one kind is its own
        for hit in hits.values():
            hit.defining = False
    singled_out = _good_practice(by_section, hits, memo)
    recommendations = extract_recommendations(sections, m, paper_key, paper_lines)
    # an action plan written into a case's own text (an annual report's "What has been
    # done:" list, each item with its progress) asks agencies to act, like an action-plan
    # section; a bare "Recommendation: …" bullet in a case's slides is left as it was
    asked = [
        " ".join(r.text.split())[:60].lower()
        for r in recommendations
        if r.section not in forward and (r.status or r.progress) and len(r.text) >= MIN_SENTENCE
    ]
    members = _membership_rows(sections)
    agencies = m.gazetteer.involved(
        m.gazetteer.match_agencies(
            [
                x
                for x in sents
                if x[2] not in end_matter
                and not (asked and any(a in " ".join(x[0].split()).lower() for a in asked))
                and not (members and any(x[0] in row for row in members))
            ],
            forward=forward,
            involved_only=True,
        )
    )
    board = next((k for k, p in _BOARD_KINDS if meta.board and p.search(meta.board)), None)
    if board and board not in {a.agency_id for a in agencies}:
        # "the Board" of an SAR is its SAB; "the Partnership" of a CSPR its children's board
        agencies = [
            dataclasses.replace(a, agency_id=board) if a.agency_id == "safeguarding_board" else a
            for a in agencies
        ]
    themes = _voice_of_subject(
        _with_good_practice(weigh(hits, weighted, memo), singled_out), meta.type
    )
    propose_themes(themes, located)
    return ReviewExtraction(
        meta=meta,
        themes=themes,
        agencies=agencies,
        recommendations=recommendations,
        findings=extract_findings(sections, m),
        pages=(min(pages), max(pages)) if pages else None,
    )


# Whose voice a review hears is its subject's: a child's in a review of a child, an adult's
# in a review of an adult (an SAR's "seen alone", a CSPR's "nobody asked him").
_CHILD_REVIEWS = frozenset({"SCR", "CSPR", "CPR"})
_ADULT_REVIEWS = frozenset({"SAR", "DHR"})
_VOICES = ("voice_of_child", "voice_of_person")


def _voice_of_subject(themes: list[ThemeHit], kind: str | None) -> list[ThemeHit]:
    """The voice theme named for the review's subject: voice of the child in a review of a
    child, of the person in a review of an adult; one theme, with both's evidence."""
    if kind in _CHILD_REVIEWS:
        own, other = _VOICES
    elif kind in _ADULT_REVIEWS:
        other, own = _VOICES
    else:
        return themes
    theirs = next((t for t in themes if t.theme_id == other), None)
    if theirs is None:
        return themes
    mine = next((t for t in themes if t.theme_id == own), None)
    if mine is None:
        theirs.theme_id = own
        return themes
    mine.mentions += theirs.mentions
    mine.evidence += theirs.evidence
    mine.strength = max(mine.strength, theirs.strength)
    mine.strong = mine.strong or theirs.strong
    mine.proposed = max(mine.proposed, theirs.proposed)
    themes.remove(theirs)  # the same list: what weighed it may know it by its identity
    return themes


_ACRONYMS = frozenset({"LSCB", "LSCP", "SCP", "SAB", "CSP"})
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "in"})


def _in_capitals(text: str) -> str:
    """A line in capitals as a board's name is written ("SAFER X PARTNERSHIP" -> "Safer X
    Partnership"); any other line as it is."""
    if not text.isupper():
        return text
    return " ".join(
        w if w in _ACRONYMS else w.lower() if w.lower() in _SMALL_WORDS else w.capitalize()
        for w in text.split()
    )


def _board_aside(raw: RawDocument, lines: list[Line]) -> str | None:
    """The one board the document names outside its body text: in a running header or
    footer, in the file's own title, or in a short line in capitals on its first page.
    None when there is none, or more than one."""
    texts = running_lines(raw.pages) + raw.furniture + ([raw.title] if raw.title else [])
    first = lines[0].page if lines else 1
    texts += [x.text for x in lines if x.page == first and x.text.isupper() and len(x.text) < 90]
    boards = {name for t in texts for name, _ in boards_named(_in_capitals(t))}
    return next(iter(boards)) if len(boards) == 1 else None


def extract_document(raw: RawDocument, sha256: str, m: Matchers) -> DocumentExtraction:
    """Read the cases out of one document (several for a multi-case briefing)."""
    lines = clean_pages(raw.pages)
    sections = _run_in_cases(split_sections(lines))
    cases, shared = group_cases(sections)
    doc_title, doc_intro = _title_and_intro(sections)
    text = _text(lines)
    doc_meta = extract_meta(doc_title, doc_intro, whole=text)
    raw_title = raw.title if raw.title and not _FILE_TITLE.search(raw.title) else None
    doc_meta.title = document_title(sections) or raw_title
    if doc_meta.board is None and doc_meta.type not in (None, "OTHER"):
        # a briefing that names its board only in passing, and names no other
        boards = {b for b in (detect_board(t) for t in _BOARD_MENTION.findall(text)) if b}
        if len(boards) == 1:
            doc_meta.board = next(iter(boards))[0]
    if doc_meta.board is None:
        # a chapter of a board's annual report, or a log printed by its business unit, that
        # names the board only in its running header, its file's title or a heading in
        # capitals ("HARROWDEN SAFEGUARDING ADULTS BOARD")
        doc_meta.board = _board_aside(raw, lines)
    # the document's own graded status words ("Actioned / Part actioned / Not actioned"),
    # wherever its key or its cells give them: every case's recommendations are read so
    scale = status_scale(lines)
    listed = named_cases(doc_title + "\n" + doc_intro) if len(cases) == 1 else []
    rows = _case_rows(lines) if len(cases) == 1 and len(listed) <= 1 else []
    if len(rows) > 1:  # a briefing whose cases are the rows of a table
        inherit = ReviewMeta(board=doc_meta.board, year=doc_meta.year, published=doc_meta.published)
        people = _rows_by_person(rows)
        # what the briefing's text says of each person by name is that case's too
        told = _sentences(sections)
        reviews = [
            extract_case(
                [Section(heading=name, kind="case", lines=[Line(r.page, r.text) for r in own])],
                m,
                None,
                dataclasses.replace(inherit, subject=name, type=own[0].kind or doc_meta.type),
                shared=told,
                paper_key=scale,
                shared_sections=sections,
            )
            for name, own in people.items()
        ]
        shared_extraction = extract_case(
            sections, m, None, dataclasses.replace(doc_meta), paper_key=scale
        )
        _attribute_by_row(shared_extraction, list(people.values()), reviews)
    elif len(listed) > 1:  # a briefing naming its cases without a section for each
        sents = _sentences(sections)
        shared_extraction = extract_case(
            sections, m, None, dataclasses.replace(doc_meta), sents, paper_key=scale
        )
        said_of_all = m.taxonomy.match_themes([s for s in sents if about_every_case(s[0])])
        reviews = cases_from_list(
            listed, doc_meta, shared_extraction.pages, list(said_of_all.values())
        )
    elif len(cases) == 1:  # the case's sections are the document's: its metadata too
        reviews = [extract_case(cases[0], m, None, dataclasses.replace(doc_meta), paper_key=scale)]
        shared_extraction = None
    else:
        inherit = ReviewMeta(
            type=doc_meta.type,
            board=doc_meta.board,
            year=doc_meta.year,
            published=doc_meta.published,
        )
        shared_sents = _sentences(shared)
        # what a thematic review finds "across both lives" it finds of each of them
        common = [
            x for s in shared if _OF_ALL_CASES.search(s.heading) for x in _section_sentences(s)
        ]
        # a key to the colours printed once, before the cases, rates every case's table
        paper_key = {**scale, **rag_key([line for s in shared for line in s.lines])}
        reviews = [
            extract_case(
                case,
                m,
                inherit,
                shared=shared_sents,
                common=common,
                paper_key=paper_key,
                paper_lines=lines,
                shared_sections=shared,
            )
            for case in cases
        ]
        shared_extraction = extract_case(shared, m, doc_meta, paper_key=scale) if shared else None
        _dated_in_list(reviews, cases, shared, doc_meta.year)
        _attribute_rows(reviews)
        if shared_extraction is not None:
            _attribute_shared(shared_extraction, reviews)
        _progress_rows(reviews, [line for s in shared for line in s.lines], paper_key)
        for review in reviews:
            # a joint review of adults and a child: the child's case is not an adults' review
            child = (review.meta.subject or "").startswith(("Child ", "Baby "))
            if child and review.meta.type == "SAR" and inherit.type == "SAR":
                review.meta.type = "CSPR"
    for review in reviews:  # a briefing's cases carry the briefing's title
        review.meta.title = doc_meta.title
        _updates_merged(review)
    if len(reviews) == len(cases) > 1 and not rows and len(listed) <= 1:
        for review, case in zip(reviews, cases, strict=True):
            # unless a case's heading is its review's own title ("Adult Practice Review
            # DRSB 2/2025: Mr R" in a newsletter of two reviews)
            own = _OWN_TITLE.match(case[0].heading.strip())
            if own:  # without its section number or "(published June 2024)"
                review.meta.title = _DATED.sub("", own.group(1))
    return DocumentExtraction(
        sha256=sha256,
        path=raw.path,
        format=raw.format,
        page_count=len(raw.pages),
        title=doc_meta.title,
        reviews=reviews,
        shared=shared_extraction,
        unknown_organisations=m.gazetteer.unknown_organisations(text)[:50],
    )


# Files that document a folder, a dataset or its terms: by name, or by what their title says.
_DOC_FILE = re.compile(
    r"^(?:[\w-]*[-_])?(?:read[-_]?me|code[-_]?book|licen[cs]e|copying|change[-_]?log"
    r"|contributing|citation|data[-_]?dictionary)(?:[-_.][\w-]*)?$",
    re.I,
)
_DOC_TITLE = re.compile(
    r"^\W*(?:read[-_ ]?me|code[-_ ]?book|data\s+dictionary|licen[cs]e|terms\s+of\s+use"
    r"|change[-\s]?log|creative\s+commons|copyright)\b|\bpublic\s+licen[cs]e\b",
    re.I,
)
# A case heading that is its review's title: the review's type in words, then the person.
_OWN_TITLE = re.compile(
    rf"^(?:\d+(?:\.\d+)*\.?\s+)?((?:{REVIEW_TYPE_WORDS}|L?CSPR|SCR|SAR|DHR|CPR|APR)\b"
    r"(?:[^:]{0,30}:\s*\S.*"
    # or the type and a name, perhaps dated: "5.4 SAR Ernest (published June 2024)"
    r"|\s+(?:(?:Mr|Mrs|Ms|Miss|Baby|Child|Adult)\s+)?[A-Z][\w'’-]+(?:\s*\(.*\))?$))"
)
# "(published June 2024)", "(published by Fernleigh LSCB, November 2018)" after a name
_DATED = re.compile(rf"\s*{PUBLISHED_NOTE}")
# A title that names the review it is ("Serious Case Review: Children A, B and C", "SAR
# Mr Y summary"), not a dataset or library of reviews.
_REVIEW_TITLE = re.compile(
    r"^\W*(?:[\w'’-]+\s+){0,4}?(?:(?:serious\s+case|safeguarding\s+adults?|domestic\s+homicide"
    r"|child\s+safeguarding\s+practice|(?:child|adult)\s+practice|domestic\s+abuse\s+related\s+death"
    r"|rapid|local\s+learning)\s+reviews?|(?-i:L?CSPR|SCR|SAR|DHR|CPR))\b"
    r"(?!\s+(?:data|dataset|database|library|register|codebook|list|index)\b)",
    re.I,
)
# A thematic analysis of many reviews has no subject or recommendations of its own but is
# worth loading for what it says: at least this many themes.
_ANALYSIS_THEMES = 5


def is_review(extraction: DocumentExtraction) -> str | None:
    """Why a document is not a review to load (None when it is one): a README, codebook,
    licence or data dictionary (by its file name or its title), or a file in which no case
    has a subject, findings or recommendations, whose title does not name a review, and
    that is not a thematic analysis (type OTHER, with themes)."""
    name = Path(extraction.path).stem
    if _DOC_FILE.match(name):
        return f"{Path(extraction.path).name} documents a folder or dataset"
    title = extraction.title or ""
    if _DOC_TITLE.search(title):
        return f"its title ({title[:60]}) says it is documentation, not a review"
    reviews = extraction.reviews
    if any(r.meta.subject or r.findings or r.recommendations for r in reviews):
        return None
    if any(
        r.meta.type == "OTHER" and sum(t.strong for t in r.themes) >= _ANALYSIS_THEMES
        for r in reviews
    ):
        return None
    if _REVIEW_TITLE.match(title):
        return None
    return "no review subject, findings or recommendations"


def slug(*parts: object) -> str:
    """A stable, readable id from parts ('SCR', 'Northbridge …', 'Child K', 2017)."""
    text = "-".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def review_id(meta: ReviewMeta, sha256: str, index: int) -> str:
    """board + type + subject + year when known; otherwise tied to the document."""
    if meta.type and meta.subject:
        return slug(meta.type, meta.board, meta.subject, meta.year)
    return f"doc-{sha256[:12]}-{index + 1}"


def item_id(parent: str, kind: str, number: str | None, text: str) -> str:
    """Recommendation/finding ids: by number when numbered, else by a hash of the text."""
    key = number or hashlib.sha256(text.encode()).hexdigest()[:10]
    return f"{parent}/{kind}/{key}"
