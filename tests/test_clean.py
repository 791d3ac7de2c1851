"""Cleaning nasty text: furniture, hyphenation, bullets, doubled titles, paragraphs, sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from reviewgraph.loaders.clean import (
    clean_pages,
    collapse_repeats,
    normalise,
    paragraphs,
    sentences,
)
from reviewgraph.loaders.models import Line, Page
from reviewgraph.loaders.readers import read_document


def _texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


EVENTS = [
    "The midwife booked the pregnancy late and noted the mother's low mood.",
    "The health visitor saw the family twice and found the home cold.",
    "The school raised concerns about attendance in the autumn term.",
    "Police attended a report of shouting at the address late at night.",
]

DAYS = ["Monday", "Tuesday", "Friday", "Sunday"]


def _report_pages(n: int = 4) -> list[Page]:
    """Pages with a running header, a footer with the report's date and page numbers."""
    return [
        Page(
            i,
            f"Northbridge LSCB  Serious Case Review: Child K\n"
            f"{EVENTS[i % 4]}\n{DAYS[i % 4]}: the worker saw Child K alone.\n"
            f"{EVENTS[(i + 1) % 4]}\n"
            f"Final report, March 2017\nPage {i} of {n}",
        )
        for i in range(1, n + 1)
    ]


def test_running_headers_footers_and_page_numbers_go() -> None:
    lines = clean_pages(_report_pages())
    assert "Northbridge LSCB Serious Case Review: Child K" not in _texts(lines)
    assert not [t for t in _texts(lines) if t.startswith(("Final report", "Page "))]
    page3 = [line.text for line in lines if line.page == 3]
    assert page3 == [EVENTS[3], "Sunday: the worker saw Child K alone.", EVENTS[0]]


def test_two_pages_are_too_few_to_call_anything_a_running_header() -> None:
    lines = clean_pages(_report_pages(2))
    assert _texts(lines).count("Final report, March 2017") == 2


@pytest.mark.parametrize("footer", ["12", "Page 3", "Page 3 of 40", "- 3 -", "3 | Page", "p. 7"])
def test_page_number_lines_go(footer: str) -> None:
    lines = clean_pages([Page(1, f"Body text of the review.\n{footer}")])
    assert _texts(lines) == ["Body text of the review."]


def test_numbers_inside_the_page_stay() -> None:
    text = "One\nTwo\nThree\n12\nFour\nFive\nSix\n12 agencies attended the panel."
    assert "12" in _texts(clean_pages([Page(1, text)]))
    assert "12 agencies attended the panel." in _texts(clean_pages([Page(1, text)]))


def test_pdf_made_with_running_header_footer_and_hyphenation(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_auto_page_break(False)  # the footer sits in the bottom margin
    pdf.set_font("Helvetica", size=11)
    bodies = [
        ["Child K was born in 2014 and lived with her mother.", "The first referral came from"],
        ["the school nurse. The assess-", "ment of risk did not use the history."],
        ["A multi-agency meeting was held.", "Her well-", "being was not the focus."],
    ]
    for number, body in enumerate(bodies, start=1):
        pdf.add_page()
        pdf.cell(0, 8, "Serious Case Review Child K - Final", new_x="LMARGIN", new_y="NEXT")
        for line in body:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-25)
        pdf.cell(0, 8, f"Page {number} of 3")
    pdf.output(str(tmp_path / "k.pdf"))
    lines = clean_pages(read_document(tmp_path / "k.pdf").pages)
    assert [(line.page, line.text) for line in lines if line.page == 2] == [
        (2, "the school nurse. The assessment"),
        (2, "of risk did not use the history."),
    ]
    assert (3, "Her well-being") in [(line.page, line.text) for line in lines]
    assert not [t for t in _texts(lines) if "Final" in t or t.startswith("Page")]


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("The assess-", "ment was late.", ["The assessment", "was late."]),
        ("child's well-", "being matters", ["child's well-being", "matters"]),
        ("the non-", "English speaker", ["the non-English", "speaker"]),
        ("between 2011-", "14 the board", ["between 2011-14", "the board"]),
        ("a self-", "referral came", ["a self-referral", "came"]),
        ("the inter-", "vention ended.", ["the intervention", "ended."]),
        ("health -", "and police", ["health -", "and police"]),
        ("as follows -", "- first item", ["as follows -", "- first item"]),
    ],
)
def test_hyphenation_across_lines(first: str, second: str, joined: list[str]) -> None:
    assert _texts(clean_pages([Page(1, f"{first}\n{second}")])) == joined


def test_hyphenation_follows_how_the_document_spells_the_word() -> None:
    # "multi-" + "agency" keeps the hyphen the document uses elsewhere; "co-" + "ordination"
    # loses it because the document writes "coordination".
    text = "Good multi-agency work.\nThe multi-\nagency plan and co-\nordination.\ncoordination"
    assert _texts(clean_pages([Page(1, text)]))[:3] == [
        "Good multi-agency work.",
        "The multi-agency",
        "plan and coordination.",
    ]


def test_bullets_are_normalised_without_eating_words_that_start_with_o() -> None:
    text = (
        "\u2022 Neglect\n\u25cf Domestic abuse\n\u25aa Housing\n\uf0b7 Mental health\n"
        "o Substance misuse\no\tExploitation\nof the family\nother agencies\n"
        "\u2022\nLone bullet text\n* starred item"
    )
    assert _texts(clean_pages([Page(1, text)])) == [
        "- Neglect", "- Domestic abuse", "- Housing", "- Mental health",
        "- Substance misuse", "- Exploitation", "of the family", "other agencies",
        "- Lone bullet text", "* starred item",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("LeadershipLeadershipLeadershipLeadership", "Leadership"),
        ("Key Findings Key Findings Key Findings", "Key Findings"),
        ("Voice of the childVoice of the child", "Voice of the child"),
        ("Key Findings", "Key Findings"),
        ("...........", "..........."),
        ("1111", "1111"),
    ],
)
def test_doubled_slide_titles_collapse(raw: str, clean: str) -> None:
    assert collapse_repeats(raw) == clean


def test_unicode_is_normalised() -> None:
    raw = "The \ufb01rst \u201cstrategy\u201d meeting\u00a0\u2013 Child K\u2019s "
    raw += "\u2018plan\u2019\u200b"
    assert normalise(raw) == "The first \"strategy\" meeting - Child K's 'plan'"


def test_every_line_keeps_its_page_and_blank_lines_mark_paragraphs() -> None:
    lines = clean_pages([Page(1, "Alpha line\n\n\nBeta line"), Page(2, "Gamma line")])
    assert [(x.page, x.text, x.starts_paragraph) for x in lines] == [
        (1, "Alpha line", False), (1, "Beta line", True), (2, "Gamma line", False),
    ]  # fmt: skip


def test_paragraphs_merge_wrapped_lines_and_split_at_headings_and_items() -> None:
    text = (
        "Background\n"
        "Child K lived with her mother and her two older siblings in a privately\n"
        "rented flat. The family had moved to the area from another authority in\n"
        "2014 and were not known to children's social care before the referral\n"
        "that started this review.\n"
        "The school raised concerns about attendance in the autumn term.\n"
        "- The first concern was about her weight and her poor\n"
        "clothing in winter.\n"
        "- The second concern was missed health appointments."
    )
    before, after = text.split("2014")
    paras = paragraphs(clean_pages([Page(4, before), Page(5, "2014" + after)]))
    assert [(p.page, p.text[:40]) for p in paras] == [
        (4, "Background"),
        (4, "Child K lived with her mother and her tw"),
        (5, "The school raised concerns about attenda"),
        (5, "- The first concern was about her weight"),
        (5, "- The second concern was missed health a"),
    ]
    assert paras[1].text.endswith(
        "in 2014 and were not known to children's social care before "
        "the referral that started this review."
    )
    assert paras[3].text.endswith("about her weight and her poor clothing in winter.")


def test_paragraphs_respect_explicit_breaks() -> None:
    lines = clean_pages([Page(1, "First paragraph without a stop\n\nsecond paragraph here")])
    assert [p.text for p in paragraphs(lines)] == [
        "First paragraph without a stop",
        "second paragraph here",
    ]


def test_sentences_mind_abbreviations_and_pseudonyms() -> None:
    text = (
        "Dr. Smith saw Child K. The mother (Mrs. B) agreed, e.g. to a visit on 3 May. "
        "See para. 3.4 and p. 12 of the report. No. 3 was late. The LSCB met in 2015. "
        "J. Jones chaired it. Was it enough? It was not! The GP etc. Then section 4.2. Done."
    )
    assert sentences(text) == [
        "Dr. Smith saw Child K.",
        "The mother (Mrs. B) agreed, e.g. to a visit on 3 May.",
        "See para. 3.4 and p. 12 of the report.",
        "No. 3 was late.",
        "The LSCB met in 2015.",
        "J. Jones chaired it.",
        "Was it enough?",
        "It was not!",
        "The GP etc.",
        "Then section 4.2.",
        "Done.",
    ]


def test_sentences_join_wrapped_text_and_handle_quotes() -> None:
    assert sentences('She said "no." Then\nshe left.  ') == ['She said "no."', "Then she left."]
    assert sentences("") == []
