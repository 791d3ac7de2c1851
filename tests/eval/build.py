"""Render the evaluation documents (tests/eval/sources/) into real files.

Sources are the sample corpus's Markdown subset (loaders/sample/build.py) with front
matter; `format` picks the rendering:

    pdf | docx | txt   as the sample corpus renders them (running header, page footer)
    slides             a slide deck exported to PDF: landscape, one slide a page, the deck
                       title (front matter `deck`) repeated on every slide, big slide
                       headings, bullets and tables
    sheet              a spreadsheet printed to PDF: landscape, the workbook name (front
                       matter `workbook`) and the sheet's name (a `#` heading, not printed
                       in the body) in the page header, "Printed ..." and "Page n of N" in
                       the footer, gridded tables whose rows run on over pages with the
                       heading row repeated
    columns            a newsletter: a masthead band on the first page (front matter
                       `masthead` and `issue`), then the body flowing down two columns and
                       on to the next column or page; no tables
In a DOCX table a cell written `<` is merged into the cell on its left and a cell written
`^` into the cell above (a heading row across the table, an owner cell spanning a
recommendation's actions), as Word tables do. A DOCX source with `landscape: true` in its
front matter is laid out on landscape pages (a wide action plan).
Files without front matter (README.md, CODEBOOK.md, LICENSE.txt, an .html page) are
copied as they are.

Usage: python tests/eval/build.py OUT_DIR      (or build_eval_corpus(out_dir))
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from pathlib import Path

from reviewgraph.loaders.sample import build as sample

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
LABELS = HERE / "labels.yaml"
RENDERED = ("pdf", "docx", "txt", "slides", "sheet", "columns")
AS_PDF = ("slides", "sheet", "columns")
MERGE_LEFT, MERGE_UP = "<", "^"


def _format(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    for line in text[4 : text.index("\n---\n", 4)].splitlines():
        if line.startswith("format:"):
            return line.split(":", 1)[1].strip()
    return None


def _parse(path: Path, fmt: str) -> sample.Source:
    """The sample builder's parser, for a format it does not know itself."""
    if fmt in ("pdf", "docx", "txt"):
        return sample.parse_source(path)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        copy.write_text(
            path.read_text(encoding="utf-8").replace(f"format: {fmt}", "format: pdf", 1),
            encoding="utf-8",
        )
        src = sample.parse_source(copy)
    src.path = path
    src.meta["format"] = fmt
    return src


def render_slides(src: sample.Source, out: Path) -> None:
    """One landscape page per slide; the deck title in a band at the top of every slide."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    deck = sample.to_latin1(str(src.meta.get("deck", src.meta.get("title", ""))))
    pdf = FPDF(orientation="L", format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(18, 12, 18)
    sample.stamp_pdf(pdf, src)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for number, blocks in enumerate(sample.pages_of(src), start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", "", 9)
        pdf.set_text_color(90, 90, 140)
        pdf.cell(width, 6, deck, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.ln(4)
        for b in blocks:
            text = sample.to_latin1(b.text)
            if b.kind == "heading":
                pdf.set_font("Helvetica", "B", 24)
                pdf.multi_cell(width, 11, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(3)
            elif b.kind in ("para", "bold"):
                pdf.set_font("Helvetica", "B" if b.kind == "bold" else "", 15)
                pdf.multi_cell(width, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(1)
            elif b.kind in ("bullet", "num"):
                pdf.set_font("Helvetica", "", 14)
                marker = b.marker if b.kind == "num" else chr(149)
                pdf.set_x(pdf.l_margin + 4)
                pdf.cell(8, 7, marker)
                pdf.multi_cell(width - 12, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(1)
            elif b.kind == "table":
                pdf.set_font("Helvetica", "", 12)
                sample.draw_table(pdf, b.rows, (220, 225, 240), line_height=7)
                pdf.ln(3)
        pdf.set_font("Helvetica", "", 9)
        pdf.set_text_color(120, 120, 120)
        pdf.set_xy(pdf.l_margin, pdf.h - 10)
        pdf.cell(width, 5, str(number), align="R")
        pdf.set_text_color(0, 0, 0)
        if pdf.page_no() != number:
            raise RuntimeError(f"{src.path.name}: slide {number} overflows its page")
    out.write_bytes(bytes(pdf.output()))


def render_sheet(src: sample.Source, out: Path) -> None:
    """A workbook's sheets printed to PDF, landscape, as a spreadsheet prints them."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    workbook = sample.to_latin1(str(src.meta.get("workbook", src.meta.get("title", ""))))
    printed = sample.to_latin1(str(src.meta.get("printed", "")))

    class _Sheet(FPDF):
        tab = ""

        def header(self) -> None:
            self.set_font("Helvetica", "", 7.5)
            self.set_text_color(80, 80, 80)
            w = (self.w - self.l_margin - self.r_margin) / 2
            self.cell(w, 4, workbook, align="L")
            self.cell(w, 4, self.tab, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(3)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-11)
            self.set_font("Helvetica", "", 7.5)
            self.set_text_color(80, 80, 80)
            w = (self.w - self.l_margin - self.r_margin) / 3
            self.cell(w, 4, f"Printed {printed}" if printed else "", align="L")
            self.cell(w, 4, f"Page {self.page_no()} of {{nb}}", align="C")
            self.cell(w, 4, "", align="R")
            self.set_text_color(0, 0, 0)

    pdf = _Sheet(orientation="L", format="A4", unit="mm")
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=14)
    sample.stamp_pdf(pdf, src)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for blocks in sample.pages_of(src):
        tab = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), pdf.tab)
        pdf.tab = sample.to_latin1(tab)
        pdf.add_page()
        for b in blocks:
            text = sample.to_latin1(b.text)
            if b.kind == "heading" and b.level == 1:
                continue  # the sheet's tab name: in the page header only
            if b.kind == "heading":
                pdf.set_font("Helvetica", "B", 11 if b.level == 2 else 9)
                pdf.multi_cell(width, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(1)
            elif b.kind in ("para", "bold", "bullet", "num"):
                pdf.set_font("Helvetica", "B" if b.kind == "bold" else "", 8)
                lead = {"bullet": "- ", "num": f"{b.marker} "}.get(b.kind, "")
                pdf.multi_cell(width, 4, lead + text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(0.8)
            elif b.kind == "table":
                pdf.set_font("Helvetica", "", 7.5)
                rows = sample.padded(b.rows)
                widths = _sheet_widths(pdf, rows, width)
                sample.draw_table(pdf, rows, (217, 225, 242), col_widths=widths, width=width,
                                  line_height=3.6, padding=1, repeat_headings=1)  # fmt: skip
                pdf.ln(3)
    out.write_bytes(bytes(pdf.output()))


def _sheet_widths(pdf, rows: list[list[str]], width: float) -> tuple[float, ...]:
    """Columns as a spreadsheet sets them: each at least as wide as its longest word (so a
    word is never broken), the rest of the page shared by how much each column holds."""
    least, mean = [], []
    for c in range(len(rows[0])):
        cells = [sample.to_latin1(r[c]) for r in rows]
        pdf.set_font("Helvetica", "B", 7.5)
        head = max((pdf.get_string_width(w) for w in cells[0].split()), default=0)
        pdf.set_font("Helvetica", "", 7.5)
        body = max((pdf.get_string_width(w) for x in cells[1:] for w in x.split()), default=0)
        least.append(max(head, body) + 3)
        mean.append(sum(len(x) for x in cells) / len(cells) + 1)
    spare = max(width - sum(least), 0)
    return tuple(w + spare * m / sum(mean) for w, m in zip(least, mean, strict=True))


def render_columns(src: sample.Source, out: Path) -> None:
    """A two-column newsletter: a masthead band, then the body flowing down the columns."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    masthead = sample.to_latin1(str(src.meta.get("masthead", src.meta.get("title", ""))))
    issue = sample.to_latin1(str(src.meta.get("issue", "")))

    class _News(FPDF):
        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font("Helvetica", "", 8)
            self.set_text_color(30, 90, 110)
            self.cell(0, 5, f"{masthead}  |  {issue}", align="L", new_x=XPos.LMARGIN,
                      new_y=YPos.NEXT)  # fmt: skip
            self.set_draw_color(30, 90, 110)
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(5)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "", 8)
            self.set_text_color(100, 100, 100)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_text_color(0, 0, 0)

    pdf = _News(format="A4", unit="mm")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(True, margin=18)
    sample.stamp_pdf(pdf, src)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_fill_color(30, 90, 110)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", "B", 24)
    pdf.cell(width, 16, masthead, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(width, 7, issue, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(5)
    for page_no, blocks in enumerate(sample.pages_of(src)):
        if page_no:
            pdf.add_page()
        cols = pdf.text_columns(ncols=2, gutter=7, text_align="J", line_height=1.15)
        with cols:
            for b in blocks:
                text = sample.to_latin1(b.text)
                if b.kind == "heading":
                    pdf.set_font("Helvetica", "B", {1: 14, 2: 11.5, 3: 10}[b.level])
                    pdf.set_text_color(30, 90, 110)
                    with cols.paragraph(text_align="L", top_margin=2, bottom_margin=1.5) as par:
                        par.write(text)
                    pdf.set_text_color(0, 0, 0)
                elif b.kind in ("para", "bold"):
                    pdf.set_font("Helvetica", "B" if b.kind == "bold" else "", 9.5)
                    with cols.paragraph(bottom_margin=2) as par:
                        par.write(text)
                elif b.kind in ("bullet", "num"):
                    pdf.set_font("Helvetica", "", 9.5)
                    marker = b.marker if b.kind == "num" else chr(149)
                    with cols.paragraph(
                        text_align="L", indent=5, bullet_string=marker, bottom_margin=1.2
                    ) as par:
                        par.write(text)
                else:
                    raise ValueError(f"{src.path.name}: a newsletter has no tables")
    out.write_bytes(bytes(pdf.output()))


def merge_docx_cells(out: Path) -> None:
    """Merge the table cells marked `<` (into the left one) and `^` (into the one above)."""
    from docx import Document

    doc = Document(str(out))
    merged = False
    for table in doc.tables:
        grid = [list(row.cells) for row in table.rows]  # as written, before any merge
        marks = [[cell.text.strip() for cell in row] for row in grid]
        for ri, row in enumerate(grid):
            for ci, cell in enumerate(row):
                if marks[ri][ci] not in (MERGE_LEFT, MERGE_UP):
                    continue
                oi, oc = ri, ci
                while oi >= 0 and oc >= 0 and marks[oi][oc] in (MERGE_LEFT, MERGE_UP):
                    if marks[oi][oc] == MERGE_LEFT:
                        oc -= 1
                    else:
                        oi -= 1
                if oi < 0 or oc < 0:
                    raise ValueError(f"{out.name}: a merge mark with no cell to merge into")
                for p in cell.paragraphs:  # the mark itself is not content
                    for r in p.runs:
                        r._r.getparent().remove(r._r)
                grid[oi][oc].merge(cell)
                merged = True
    if merged:
        buf = io.BytesIO()
        doc.save(buf)
        out.write_bytes(sample._normalise_zip(buf.getvalue()))


def landscape_docx(out: Path) -> None:
    """Turn every section of a rendered DOCX to landscape."""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    doc = Document(str(out))
    for section in doc.sections:
        width, height = section.page_width, section.page_height
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = max(width, height), min(width, height)
    buf = io.BytesIO()
    doc.save(buf)
    out.write_bytes(sample._normalise_zip(buf.getvalue()))


def build_eval_corpus(out_dir: Path) -> list[Path]:
    """Render every source into out_dir (created); returns the files written, in order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(SOURCES.iterdir()):
        if not path.is_file():
            continue
        fmt = _format(path)
        if fmt is None:
            target = out_dir / path.name
            shutil.copyfile(path, target)
        else:
            src = _parse(path, fmt)
            target = out_dir / f"{path.stem}.{'pdf' if fmt in AS_PDF else fmt}"
            if fmt == "slides":
                render_slides(src, target)
            elif fmt == "sheet":
                render_sheet(src, target)
            elif fmt == "columns":
                render_columns(src, target)
            else:
                sample.RENDERERS[fmt](src, target)
                if fmt == "docx":
                    merge_docx_cells(target)
                    if src.meta.get("landscape"):
                        landscape_docx(target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python tests/eval/build.py OUT_DIR", file=sys.stderr)
        return 2
    for p in build_eval_corpus(Path(argv[0])):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
