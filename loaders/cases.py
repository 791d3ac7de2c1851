"""Cases a briefing names in a list ("the five SCRs, Children O, R, AC, L and N") without
giving each its own section: one review per named child or adult, sharing the document."""

from __future__ import annotations

import re

from loaders.models import ReviewExtraction, ReviewMeta

_LIST = re.compile(
    r"\b(Children|Babies|Adults|Child|Adult)\s+"
    r"((?:[A-Z]{1,3}\d{0,3}\s*,\s*)+[A-Z]{1,3}\d{0,3}\s*,?\s+and\s+[A-Z]{1,3}\d{0,3})\b"
)
_SINGULAR = {
    "Children": "Child",
    "Babies": "Baby",
    "Adults": "Adult",
    "Child": "Child",
    "Adult": "Adult",
}


def named_cases(front_text: str) -> list[str]:
    """Subjects listed in a briefing's opening ('Children O, R, AC, L and N' -> Child O …)."""
    m = _LIST.search(front_text[:3000])
    if not m:
        return []
    noun = _SINGULAR[m.group(1)]
    codes = re.split(r"\s*,\s*|\s+and\s+", m.group(2).replace(", and", " and"))
    return [f"{noun} {c.strip()}" for c in codes if c.strip()]


def cases_from_list(subjects: list[str], doc_meta: ReviewMeta, whole: ReviewExtraction) -> tuple[
    list[ReviewExtraction], ReviewExtraction
]:  # fmt: skip
    """One review per listed subject (metadata the briefing gives for all of them); what the
    briefing says is cross-case, so its themes and recommendations stay with the document."""
    reviews = [
        ReviewExtraction(
            meta=ReviewMeta(
                type=doc_meta.type,
                board=doc_meta.board,
                subject=subject,
                year=doc_meta.year,
                published=doc_meta.published,
                title=doc_meta.title,
            ),
            pages=whole.pages,
        )
        for subject in subjects
    ]
    return reviews, whole
