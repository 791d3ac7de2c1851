"""Cases a briefing names in a list ("the five SCRs, Children O, R, AC, L and N") without
giving each its own section: one review per named child or adult, sharing the document.

What the briefing says about its cases together stays with the document (cross-case), except
what it says of every one of them ("5 out of 5", "all of the SCRs"): those themes belong to
each listed review, with the sentence that says so as their evidence.
"""

from __future__ import annotations

import re

from reviewgraph.loaders.models import ReviewExtraction, ReviewMeta, ThemeHit

_LIST = re.compile(
    r"\b(Children|Babies|Adults|Child|Adult)\s+"
    r"((?:[A-Z]{1,3}\d{0,3}\s*,\s*)+[A-Z]{1,3}\d{0,3}\s*,?\s+and\s+[A-Z]{1,3}\d{0,3})\b"
)
# "the five SCRs, Children O, R …" lists reviews; "the SCR about Children A, B and C" is one
# review of siblings and must stay one.
_PLURAL_REVIEWS = re.compile(
    r"\b(?:SCR|SAR|DHR|CSPR|LCSPR|review|case)(?:['’]?s)\b[^.]{0,40}$", re.I
)
_SINGULAR = {
    "Children": "Child",
    "Babies": "Baby",
    "Adults": "Adult",
    "Child": "Child",
    "Adult": "Adult",
}
_REVIEWS = r"(?:\w+\s+)?(?:SCR|SAR|DHR|CSPR|LCSPR|review|case)"
_EVERY = re.compile(
    r"\b(?:all|each|every)\s+(?:one\s+)?(?:of\s+)?(?:the\s+|these\s+|those\s+)?" + _REVIEWS
    + r"|\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+out\s+of\s+\1\b"
    + r"|\bin\s+all\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+" + _REVIEWS,
    re.I,
)  # fmt: skip
# "3 out of 5", "in some of the cases": a part, not all (and a sentence saying both is unsafe)
_PART = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine)\s+(?:out\s+)?of\s+(?:the\s+)?"
    r"(\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\b(?:some|one|two|three|four|most|many|several|a few)\s+(?:of\s+the\s+)?" + _REVIEWS,
    re.I,
)


def named_cases(front_text: str) -> list[str]:
    """Subjects listed in a briefing's opening ('Children O, R, AC, L and N' -> Child O …),
    when the list names several reviews rather than the siblings of one."""
    head = front_text[:3000]
    m = _LIST.search(head)
    if not m or not _PLURAL_REVIEWS.search(head[max(0, m.start() - 80) : m.start()]):
        return []
    noun = _SINGULAR[m.group(1)]
    codes = re.split(r"\s*,\s*|\s+and\s+", m.group(2).replace(", and", " and"))
    return [f"{noun} {c.strip()}" for c in codes if c.strip()]


def about_every_case(sentence: str) -> bool:
    """True when a sentence says something of every case the briefing covers (and of no part
    of them: a count must be "n out of n")."""
    return bool(_EVERY.search(sentence)) and all(
        p.group(2) and p.group(1) == p.group(2) for p in _PART.finditer(sentence)
    )


def cases_from_list(
    subjects: list[str],
    doc_meta: ReviewMeta,
    pages: tuple[int, int] | None,
    themes: list[ThemeHit],
) -> list[ReviewExtraction]:
    """One review per listed subject, with the metadata the briefing gives for all of them,
    its pages, and `themes` (what the briefing says of every case)."""
    return [
        ReviewExtraction(
            meta=ReviewMeta(
                type=doc_meta.type,
                board=doc_meta.board,
                subject=subject,
                year=doc_meta.year,
                published=doc_meta.published,
                title=doc_meta.title,
            ),
            themes=themes,
            pages=pages,
        )
        for subject in subjects
    ]
