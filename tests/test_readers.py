"""Readers on real files made here: PDF (fpdf2), DOCX (python-docx), HTML, TXT, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from fpdf import FPDF

from reviewgraph.loaders.errors import InputError
from reviewgraph.loaders.readers import SUPPORTED_SUFFIXES, ReadLimits, iter_files, read_document
from reviewgraph.settings import SettingsError, read_limits

BODY = [
    ["This review was commissioned by the Local Safeguarding Children Board.",
     "Child K lived with her mother and two siblings."],
    ["The health visitor made a referral to children's social care.",
     "The assess-", "ment of risk did not consider the history."],
    ["The LSCB should review its neglect strategy."],
]  # fmt: skip


class _ReviewPDF(FPDF):
    """A report with a running header and a numbered footer on every page."""

    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, "Serious Case Review: Child K", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")


def make_pdf(path: Path, pages: list[list[str]], title: str | None = None) -> Path:
    """Write one PDF page per list of lines."""
    pdf = _ReviewPDF()
    pdf.core_fonts_encoding = "windows-1252"
    if title:
        pdf.set_title(title)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _error(path: Path, **limits: float) -> InputError:
    """The InputError that reading `path` raises."""
    with pytest.raises(InputError) as info:
        read_document(path, ReadLimits(**limits))  # type: ignore[arg-type]
    assert str(path) in str(info.value)  # every message names the file
    return info.value


# --- PDF -------------------------------------------------------------------------------


def test_pdf_pages_come_out_numbered_from_one_with_their_text(tmp_path: Path) -> None:
    doc = read_document(make_pdf(tmp_path / "k.pdf", BODY, title="SCR Child K"))
    assert doc.format == "pdf" and doc.title == "SCR Child K"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    page2 = doc.pages[1].text.splitlines()
    assert page2[0] == "Serious Case Review: Child K"
    assert "The health visitor made a referral to children's social care." in page2
    assert page2[-1] == "Page 2 of 3"


def test_pdf_hyphen_at_line_end_is_kept_as_a_line_break(tmp_path: Path) -> None:
    # PDFium joins "assess-" + "ment" and marks the hyphen; the reader restores the break.
    text = read_document(make_pdf(tmp_path / "k.pdf", BODY)).pages[1].text
    assert "The assess-\nment of risk did not consider the history." in text
    assert "\ufffe" not in text and "\x02" not in text


def test_pdf_without_text_layer_says_ocr_it(tmp_path: Path) -> None:
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60)
        pdf.line(10, 10, 150, 200)
    pdf.output(str(tmp_path / "scan.pdf"))
    error = _error(tmp_path / "scan.pdf")
    assert "no text layer (scanned?)" in error.reason and "ocrmypdf" in error.reason


def test_encrypted_pdf_asks_for_the_password_to_be_removed(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 7, "Confidential draft of the overview report.")
    pdf.output(str(tmp_path / "locked.pdf"))
    assert _error(tmp_path / "locked.pdf").reason == (
        "encrypted: remove the password and load it again"
    )


def test_garbage_and_truncated_pdfs_are_corrupt(tmp_path: Path) -> None:
    (tmp_path / "junk.pdf").write_bytes(b"\x89PNG not a pdf at all" * 50)
    assert _error(tmp_path / "junk.pdf").reason.startswith("corrupt or not a PDF (")
    whole = make_pdf(tmp_path / "whole.pdf", BODY).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[: len(whole) // 2])
    assert _error(tmp_path / "cut.pdf").reason.startswith("corrupt or not a PDF (")


def test_page_and_size_limits_name_the_limit(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "k.pdf", BODY)
    reason = _error(path, max_pages=2).reason
    assert "too many pages: 3" in reason and "REVIEWGRAPH_MAX_PAGES" in reason
    reason = _error(path, max_file_mb=0.001).reason
    assert reason.startswith("too large:") and "limit of 0.001 MB" in reason
    assert "REVIEWGRAPH_MAX_FILE_MB" in reason
    # the environment sets the limits for a whole load (the CLI, the dashboard's Load page)
    limits = read_limits({"REVIEWGRAPH_MAX_PAGES": "2"})
    with pytest.raises(InputError, match="too many pages: 3, over the limit of 2"):
        read_document(path, limits)
    assert len(read_document(path, read_limits({"REVIEWGRAPH_MAX_PAGES": "3"})).pages) == 3
    with pytest.raises(SettingsError, match="REVIEWGRAPH_MAX_PAGES='many' is not a number"):
        read_limits({"REVIEWGRAPH_MAX_PAGES": "many"})


# --- DOCX ------------------------------------------------------------------------------


def _make_docx(path: Path) -> Path:
    doc = Document()
    doc.core_properties.title = "Overview report: Child K"
    doc.add_heading("Serious Case Review: Child K", 0)
    doc.add_heading("1. Introduction", 1)
    doc.add_paragraph("This review was commissioned by the LSCB in 2016.")
    doc.add_heading("Recommendations", 2)
    doc.add_paragraph("The LSCB should audit strategy meetings.", style="List Number")
    doc.add_paragraph("Health partners should seek assurance on training.", style="List Number")
    table = doc.add_table(rows=2, cols=3)
    for r, row in enumerate([["No.", "Recommendation", "Owner"], ["3", "Share records.", "CSC"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    last = doc.add_paragraph("The end of the first page.")
    last.add_run().add_break(WD_BREAK.PAGE)
    last.add_run("Child K was seen by the GP.")
    doc.add_heading("2. Findings", 1)
    doc.add_paragraph("Information was not shared.")
    doc.save(str(path))
    return path


def test_docx_keeps_order_headings_tables_and_page_breaks(tmp_path: Path) -> None:
    doc = read_document(_make_docx(tmp_path / "k.docx"))
    assert doc.format == "docx" and doc.title == "Overview report: Child K"
    assert [p.number for p in doc.pages] == [1, 2]
    blocks = doc.pages[0].text.split("\n\n")
    assert blocks == [
        "# Serious Case Review: Child K",
        "# 1. Introduction",
        "This review was commissioned by the LSCB in 2016.",
        "## Recommendations",
        "1. The LSCB should audit strategy meetings.",
        "2. Health partners should seek assurance on training.",
        "No. | Recommendation | Owner",
        "3 | Share records. | CSC",
        "The end of the first page.",
    ]
    assert doc.pages[1].text == (
        "Child K was seen by the GP.\n\n# 2. Findings\n\nInformation was not shared."
    )


def test_docx_without_page_breaks_is_all_page_one(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Only one page of text here.")
    doc.save(str(tmp_path / "one.docx"))
    pages = read_document(tmp_path / "one.docx").pages
    assert [(p.number, p.text) for p in pages] == [(1, "Only one page of text here.")]


def test_corrupt_docx_and_empty_docx(tmp_path: Path) -> None:
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    assert _error(tmp_path / "bad.docx").reason.startswith("corrupt or not a DOCX (")
    Document().save(str(tmp_path / "blank.docx"))
    assert _error(tmp_path / "blank.docx").reason == "empty: no text found"


# --- HTML ------------------------------------------------------------------------------


def test_html_drops_scripts_and_navigation_and_reads_tables_by_row(tmp_path: Path) -> None:
    (tmp_path / "r.html").write_text(
        "<html><head><title>Learning from Child O</title><style>p{color:red}</style></head>"
        "<body><nav>Home | Reviews</nav><script>track()</script>"
        "<h2>Key findings</h2><p>Agencies <b>did not</b> share\n information.<br>Second line.</p>"
        "<ul><li>Neglect</li><li>Domestic abuse</li></ul>"
        "<table><tr><th>No</th><th>Recommendation</th></tr>"
        "<tr><td>1</td><td>The LSCB should act.</td></tr></table><!-- note --></body></html>",
        encoding="utf-8",
    )
    doc = read_document(tmp_path / "r.html")
    assert doc.format == "html" and doc.title == "Learning from Child O"
    assert doc.pages[0].text.split("\n\n") == [
        "## Key findings",
        "Agencies did not share information.\nSecond line.",
        "- Neglect",
        "- Domestic abuse",
        "No | Recommendation",
        "1 | The LSCB should act.",
    ]


# --- TXT / MD --------------------------------------------------------------------------


def test_text_form_feeds_separate_pages(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("First page.\fSecond page line.\nMore.\f\fFourth.\f", "utf-8")
    pages = read_document(tmp_path / "r.txt").pages
    assert [(p.number, p.text) for p in pages] == [
        (1, "First page."), (2, "Second page line.\nMore."), (3, ""), (4, "Fourth."),
    ]  # fmt: skip


def test_cp1252_and_bom_text_decode(tmp_path: Path) -> None:
    text = "Child K\u2019s mother \u2013 caf\u00e9"
    (tmp_path / "win.txt").write_bytes(text.encode("cp1252"))
    assert read_document(tmp_path / "win.txt").pages[0].text == text
    (tmp_path / "bom.md").write_bytes("\ufeff# Title here\r\nBody".encode())
    doc = read_document(tmp_path / "bom.md")
    assert (doc.format, doc.title, doc.pages[0].text) == ("md", "Title here", "# Title here\nBody")


def test_binary_junk_and_empty_text(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 4)
    assert _error(tmp_path / "junk.txt").reason == "unreadable encoding: save it as UTF-8 text"
    (tmp_path / "empty.txt").write_bytes(b"")
    assert _error(tmp_path / "empty.txt").reason == "empty: no text found"
    (tmp_path / "blank.txt").write_text(" \n\f\n  ", "utf-8")
    assert _error(tmp_path / "blank.txt").reason == "empty: no text found"
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert _error(tmp_path / "empty.pdf").reason == "empty: no text found"


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "notes.xyz").write_text("text", "utf-8")
    assert _error(tmp_path / "notes.xyz").reason == (
        "unknown format '.xyz': reviewgraph reads .pdf, .docx, .html, .htm, .txt, .md "
        "(registers and action plans: .csv, .xlsx with --register/--actions)"
    )
    assert _error(tmp_path / "gone.pdf").reason == "not found: check the path"


# --- finding files ---------------------------------------------------------------------


def test_iter_files_expands_folders_and_keeps_explicit_files(tmp_path: Path) -> None:
    for name in ["b.pdf", "a.docx", "sub/c.TXT", "sub/deeper/d.html", ".hidden.pdf",
                 ".git/e.pdf", "~$a.docx", "register.csv", "notes.xyz"]:  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", "utf-8")
    found = iter_files([tmp_path, tmp_path / "b.pdf", str(tmp_path / "notes.xyz")])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.docx", "b.pdf", "sub/c.TXT", "sub/deeper/d.html", "notes.xyz",
    ]  # fmt: skip
    assert ".md" in SUPPORTED_SUFFIXES and ".csv" not in SUPPORTED_SUFFIXES
