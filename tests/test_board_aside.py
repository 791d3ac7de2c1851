"""A board named only beside the body (issue 14): a chapter of a board's annual report names
its board in the running header, a Word file in its page header, a log printed by a board's
business unit in a line of capitals. The documents here were written for these tests."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from fpdf import FPDF

from tests.fixtures.documents import reviews_of

_SAR_MABEL = [
    "6.2 SAR Mabel (published May 2024)",
    "Mabel was 84 and lived alone after her husband died. Her carers visited four times a day. "
    "Over the winter she lost weight, and the carers recorded that she often refused meals.",
    "What the review found",
    "The carers' concerns were not passed to her GP, and no one assessed whether she could "
    "make decisions about her care. Her daughter's calls to the council were logged but not "
    "followed up.",
]
_SAR_TOBIAS = [
    "6.3 SAR Tobias (published January 2025)",
    "Tobias was 37, had a learning disability and lived in supported accommodation. He was "
    "financially exploited by a man who befriended him, and died of an untreated infection.",
    "What the review found",
    "Staff saw the exploitation as his choice. The police were told twice, and each report "
    "was treated as an incident on its own.",
]


class _Headed(FPDF):
    running = ""

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, self.running, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, f"Page {self.page_no()}", align="C")


def _annual_report_chapter(path: Path, running: str) -> Path:
    pdf = _Headed()
    pdf.running = running
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=15)
    pdf.multi_cell(0, 8, "6. Safeguarding Adults Reviews", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(
        0, 6, "6.1 The Board published two Safeguarding Adults Reviews this year. Each is "
        "summarised below with what it found.", new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    for block in (_SAR_MABEL, _SAR_TOBIAS):
        pdf.add_page()
        for k, text in enumerate(block):
            heading = k % 2 == 0  # the review's heading, "What the review found"
            pdf.set_font("Helvetica", "B" if heading else "", size=13 if k == 0 else 10)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 6, "6.4 Both reviews are on the Board's website.", new_x="LMARGIN",
                   new_y="NEXT")  # fmt: skip
    pdf.output(str(path))
    return path


def test_an_annual_report_chapter_names_its_board_in_the_running_header(tmp_path: Path) -> None:
    path = _annual_report_chapter(
        tmp_path / "chapter-6.pdf", "Ashcombe Safeguarding Adults Board | Annual Report 2024-25"
    )
    reviews = reviews_of(path)
    assert [r.meta.subject for r in reviews] == ["Mabel", "Tobias"]
    assert [r.meta.board for r in reviews] == ["Ashcombe Safeguarding Adults Board"] * 2


def test_a_running_header_naming_two_boards_names_none(tmp_path: Path) -> None:
    path = _annual_report_chapter(
        tmp_path / "joint.pdf",
        "Ashcombe Safeguarding Adults Board | Ashcombe Safeguarding Children Partnership",
    )
    assert [r.meta.board for r in reviews_of(path)] == [None, None]


def test_a_board_in_the_body_wins_over_the_page_header(tmp_path: Path) -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Printed for Ashcombe Safeguarding Adults Board"
    doc.add_heading("Safeguarding Adults Review: Mabel", 0)
    doc.add_paragraph("Commissioned by the Brindlemoor Safeguarding Adults Board in 2024.")
    doc.add_heading("Findings", 1)
    doc.add_paragraph(" ".join(_SAR_MABEL[1:]))
    doc.save(str(tmp_path / "sar.docx"))
    [review] = reviews_of(tmp_path / "sar.docx")
    assert review.meta.board == "Brindlemoor Safeguarding Adults Board"


def test_a_word_file_names_its_board_in_its_page_header(tmp_path: Path) -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Kestrelby Safeguarding Children Partnership"
    doc.add_heading("Child Safeguarding Practice Review: Child W", 0)
    doc.add_paragraph("Overview report. Published March 2025.")
    doc.add_heading("What happened", 1)
    doc.add_paragraph(
        "Child W was six weeks old when she was admitted to hospital with a skull fracture. "
        "Her mother had told the health visitor that her partner was often angry."
    )
    doc.add_heading("Findings", 1)
    doc.add_paragraph("The health visitor's concern was not shared with children's social care.")
    doc.save(str(tmp_path / "cspr-child-w.docx"))
    [review] = reviews_of(tmp_path / "cspr-child-w.docx")
    assert (review.meta.subject, review.meta.board) == (
        "Child W", "Kestrelby Safeguarding Children Partnership",
    )  # fmt: skip


def test_a_board_written_in_capitals_is_its_board(tmp_path: Path) -> None:
    path = tmp_path / "sar-log.txt"
    path.write_text(
        "MOORHAVEN SAFEGUARDING ADULTS BOARD\n"
        "SAFEGUARDING ADULTS REVIEW: MR ELLIS - RECOMMENDATIONS LOG\n\n"
        "Mr Ellis was 70 and died of hypothermia at home. The review found that his "
        "self-neglect was seen by four agencies and that none of them called a meeting.\n\n"
        "Recommendations\n\n"
        "1. Moorhaven Council should hold a multi-agency meeting whenever two agencies raise "
        "self-neglect. Status: in progress.\n",
        encoding="utf-8",
    )
    [review] = reviews_of(path)
    assert review.meta.board == "Moorhaven Safeguarding Adults Board"
