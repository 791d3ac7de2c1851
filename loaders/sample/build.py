"""Render the bundled sample corpus (fictional case reviews) into PDF, DOCX and TXT.

Each source in ``sources/NN-slug.md`` is a small Markdown subset with YAML front matter:

    ---
    format: pdf | docx | txt
    title: ...            (document metadata only)
    header: ...           (running header text; the board name, or a draft marking)
    ---

Body syntax: ``#``/``##``/``###`` headings, paragraphs (consecutive lines join),
``1.`` numbered items (the number is kept as text), ``-`` bullets, pipe tables with a
``|---|`` separator line, ``**whole line bold**``, and ``<!-- page -->`` for a page
break. Nothing in the front matter is rendered into the body.

Rendering is deterministic: fixed creation dates and metadata in PDF and DOCX, and the
DOCX zip is rewritten with fixed member timestamps, so two builds give the same bytes.
Every source page becomes exactly one rendered page (the build fails otherwise), so a
page number in EXPECTED.yaml is the same for the source, the PDF, the DOCX (pages split
at page breaks) and the TXT (pages split at form feeds).

Usage: ``python -m reviewgraph.loaders.sample.build OUT_DIR``
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import textwrap
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
REGISTER = HERE / "register.csv"
ACTION_PLAN = HERE / "action_plan.csv"
EXPECTED = HERE / "EXPECTED.yaml"

FIXED_DATE = datetime(2024, 1, 1, 9, 0, 0, tzinfo=UTC)
ZIP_DATE = (2024, 1, 1, 9, 0, 0)
PAGE_MARK = "<!-- page -->"
AUTHOR = "reviewgraph sample corpus (fictional)"

# --------------------------------------------------------------------------- parsing


@dataclass
class Block:
    kind: str  # heading | para | bold | num | bullet | table | page
    text: str = ""
    level: int = 0
    marker: str = ""
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Source:
    path: Path
    meta: dict
    blocks: list[Block]

    @property
    def slug(self) -> str:
        return self.path.stem

    @property
    def format(self) -> str:
        return str(self.meta["format"])

    @property
    def out_name(self) -> str:
        return f"{self.slug}.{self.format}"

    @property
    def page_count(self) -> int:
        return 1 + sum(1 for b in self.blocks if b.kind == "page")


_NUM = re.compile(r"^(\d+[.)])\s+(.*)$")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [c.strip() for c in line.split("|")]


def parse_source(path: Path) -> Source:
    """Parse one source file into front matter and a list of blocks."""
    raw = path.read_text(encoding="utf-8")
    if not raw.startswith("---\n"):
        raise ValueError(f"{path.name}: no front matter")
    end = raw.index("\n---\n", 4)
    meta = yaml.safe_load(raw[4:end]) or {}
    if meta.get("format") not in ("pdf", "docx", "txt"):
        raise ValueError(f"{path.name}: format must be pdf, docx or txt")
    body = raw[end + 5 :]
    blocks: list[Block] = []
    para: list[str] = []
    table: list[list[str]] | None = None

    def flush() -> None:
        nonlocal para, table
        if para:
            blocks.append(Block("para", " ".join(para)))
            para = []
        if table is not None:
            blocks.append(Block("table", rows=table))
            table = None

    for line in body.splitlines():
        s = line.strip()
        if s.startswith("|"):
            if para:
                flush()
            if table is None:
                table = []
            if not _TABLE_SEP.match(s):
                table.append(_split_row(s))
            continue
        if table is not None:
            flush()
        if not s:
            flush()
        elif s == PAGE_MARK:
            flush()
            blocks.append(Block("page"))
        elif s.startswith("#"):
            flush()
            hashes = len(s) - len(s.lstrip("#"))
            blocks.append(Block("heading", s[hashes:].strip(), level=min(hashes, 3)))
        elif s.startswith("**") and s.endswith("**") and len(s) > 4:
            flush()
            blocks.append(Block("bold", s[2:-2].strip()))
        elif s.startswith("- "):
            flush()
            blocks.append(Block("bullet", s[2:].strip()))
        elif m := _NUM.match(s):
            flush()
            blocks.append(Block("num", m.group(2).strip(), marker=m.group(1)))
        elif (
            line.startswith("   ") and blocks and blocks[-1].kind in ("num", "bullet") and not para
        ):
            blocks[-1].text += " " + s  # continuation of a list item
        else:
            para.append(s)
    flush()
    return Source(path, meta, blocks)


def sources() -> list[Source]:
    return [parse_source(p) for p in sorted(SOURCES.glob("*.md"))]


def pages_of(src: Source) -> list[list[Block]]:
    pages: list[list[Block]] = [[]]
    for b in src.blocks:
        if b.kind == "page":
            pages.append([])
        else:
            pages[-1].append(b)
    return pages


# --------------------------------------------------------------------------- text helpers

_TRANSLIT = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u2022": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2192": "->",
    "\u0141": "L",
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u0152": "OE",
    "\u0153": "oe",
    "\u0131": "i",
    "\u20ac": "EUR",
}


def to_latin1(text: str) -> str:
    """Transliterate to latin-1 (the PDF core fonts' repertoire)."""
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
        elif ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
        else:
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


# --------------------------------------------------------------------------- PDF

PDF_FILL: dict[str, list[float]] = {}  # how full each rendered page is (0-1), for authors


def stamp_pdf(pdf: FPDF, src: Source) -> None:
    """The PDF's metadata, fixed so that a build gives the same bytes every time: the
    source's title, the corpus as author and creator, FIXED_DATE."""
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(to_latin1(str(src.meta.get("title", src.slug))))
    pdf.set_author(AUTHOR)
    pdf.set_creator(AUTHOR)


def padded(rows: list[list[str]]) -> list[list[str]]:
    """Table rows all as wide as the widest (a short row gets empty cells)."""
    ncols = max(len(r) for r in rows)
    return [r + [""] * (ncols - len(r)) for r in rows]


def draw_table(
    pdf: FPDF, rows: list[list[str]], fill: tuple[int, int, int], **layout: object
) -> None:
    """A table block: the first row as bold headings on `fill`, every cell in Latin-1, left
    aligned; `layout` is the rest of fpdf's table options (widths, line height, padding)."""
    from fpdf.fonts import FontFace

    with pdf.table(
        text_align="LEFT", headings_style=FontFace(emphasis="BOLD", fill_color=fill), **layout
    ) as table:
        for r in rows:
            row = table.row()
            for cell in r:
                row.cell(to_latin1(cell))


def render_pdf(src: Source, out: Path) -> None:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    header_text = to_latin1(str(src.meta.get("header", "")))

    class _PDF(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "", 8)
            self.set_text_color(100, 100, 100)
            self.cell(0, 5, header_text, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_draw_color(160, 160, 160)
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(6)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("Helvetica", "", 8)
            self.set_text_color(100, 100, 100)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = _PDF(format="A4", unit="mm")
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=20)
    stamp_pdf(pdf, src)
    pdf.set_lang("en-GB")
    pdf.add_page()
    body_w = pdf.w - pdf.l_margin - pdf.r_margin
    line_h = 4.8

    fill: list[float] = []
    for page_no, blocks in enumerate(pages_of(src)):
        if page_no:
            fill.append(pdf.get_y() / (pdf.h - 20))
            pdf.add_page()
        for i, b in enumerate(blocks):
            text = to_latin1(b.text)
            if b.kind == "heading":
                size = {1: 15, 2: 12.5, 3: 11}[b.level]
                if i:
                    pdf.ln(2.5 if b.level > 1 else 3)
                pdf.set_font("Helvetica", "B", size)
                pdf.multi_cell(body_w, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(1.5)
            elif b.kind in ("para", "bold"):
                pdf.set_font("Helvetica", "B" if b.kind == "bold" else "", 10)
                pdf.multi_cell(body_w, line_h, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(2)
            elif b.kind in ("num", "bullet"):
                pdf.set_font("Helvetica", "", 10)
                indent = 4
                marker = b.marker if b.kind == "num" else "-"
                pdf.set_x(pdf.l_margin + indent)
                pdf.cell(7, line_h, marker)
                pdf.multi_cell(
                    body_w - indent - 7, line_h, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT
                )
                pdf.ln(1.2)
            elif b.kind == "table":
                pdf.set_font("Helvetica", "", 8.5)
                rows = padded(b.rows)
                draw_table(pdf, rows, (225, 225, 225), col_widths=_col_widths(rows),
                           line_height=4.2, padding=1.2, repeat_headings=1)  # fmt: skip
                pdf.ln(3)
    fill.append(pdf.get_y() / (pdf.h - 20))
    PDF_FILL[src.slug] = fill
    n_pages = pdf.page_no()
    if n_pages != src.page_count:
        raise RuntimeError(
            f"{src.path.name}: rendered {n_pages} PDF pages for {src.page_count} source pages; "
            "shorten the page that overflows"
        )
    out.write_bytes(bytes(pdf.output()))


def _col_widths(rows: list[list[str]]) -> tuple[float, ...]:
    """Column weights: wide enough for the longest word, otherwise by mean cell length."""
    weights = []
    for c in range(len(rows[0])):
        cells = [r[c] for r in rows]
        longest_word = max((len(w) for cell in cells for w in cell.split()), default=3)
        mean = sum(len(x) for x in cells) / len(cells)
        weights.append(float(max(longest_word + 3, min(mean, 200))))
    return tuple(weights)


# --------------------------------------------------------------------------- DOCX


def _add_field(paragraph, instr: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    fld = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instr} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    )
    paragraph._p.append(fld)


def render_docx(src: Source, out: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    styles = doc.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10.5)

    section = doc.sections[0]
    section.page_height = Cm(29.7)
    section.page_width = Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    header_p = section.header.paragraphs[0]
    header_p.text = str(src.meta.get("header", ""))
    header_p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer_p = section.footer.paragraphs[0]
    footer_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer_p.add_run("Page ")
    _add_field(footer_p, "PAGE")
    footer_p.add_run(" of ")
    _add_field(footer_p, "NUMPAGES")

    for page_no, blocks in enumerate(pages_of(src)):
        if page_no:
            doc.add_page_break()
        for b in blocks:
            if b.kind == "heading":
                doc.add_heading(b.text, level=b.level)
            elif b.kind == "para":
                doc.add_paragraph(b.text)
            elif b.kind == "bold":
                doc.add_paragraph().add_run(b.text).bold = True
            elif b.kind == "num":
                p = doc.add_paragraph(f"{b.marker} {b.text}")
                p.paragraph_format.left_indent = Cm(0.9)
                p.paragraph_format.first_line_indent = Cm(-0.9)
            elif b.kind == "bullet":
                doc.add_paragraph(b.text, style="List Bullet")
            elif b.kind == "table":
                ncols = max(len(r) for r in b.rows)
                table = doc.add_table(rows=len(b.rows), cols=ncols)
                table.style = "Table Grid"
                for ri, r in enumerate(b.rows):
                    for ci in range(ncols):
                        cell = table.cell(ri, ci)
                        cell.text = r[ci] if ci < len(r) else ""
                        if ri == 0:
                            for run in cell.paragraphs[0].runs:
                                run.bold = True
                doc.add_paragraph()

    cp = doc.core_properties
    cp.title = str(src.meta.get("title", src.slug))
    cp.author = AUTHOR
    cp.last_modified_by = AUTHOR
    cp.comments = ""
    cp.keywords = ""
    cp.subject = ""
    cp.category = ""
    cp.revision = 1
    cp.created = FIXED_DATE.replace(tzinfo=None)
    cp.modified = FIXED_DATE.replace(tzinfo=None)
    cp.last_printed = FIXED_DATE.replace(tzinfo=None)

    buf = io.BytesIO()
    doc.save(buf)
    out.write_bytes(_normalise_zip(buf.getvalue()))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps and attributes (python-docx stamps 'now')."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- TXT

WRAP = 78


def render_txt(src: Source, out: Path) -> None:
    pages_text: list[str] = []
    for blocks in pages_of(src):
        lines: list[str] = []
        prev = ""
        for b in blocks:
            if prev in ("num", "bullet") and b.kind not in ("num", "bullet") and lines[-1] != "":
                lines.append("")  # a list ends with a blank line
            prev = b.kind
            if b.kind == "heading":
                if lines and lines[-1] != "":
                    lines.append("")
                lines.append(b.text)
                lines.append("")
            elif b.kind in ("para", "bold"):
                lines.extend(_wrap(b.text))
                lines.append("")
            elif b.kind in ("num", "bullet"):
                marker = b.marker if b.kind == "num" else "-"
                lines.extend(_wrap(b.text, first=f"{marker} ", rest=" " * (len(marker) + 1)))
            elif b.kind == "table":
                if lines and lines[-1] != "":
                    lines.append("")
                lines.extend(_txt_table(b.rows))
                lines.append("")
        while lines and lines[-1] == "":
            lines.pop()
        pages_text.append("\n".join(lines) + "\n")
    out.write_bytes("\f".join(pages_text).encode("utf-8"))


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        WRAP,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [first.rstrip()]


def _txt_table(rows: list[list[str]]) -> list[str]:
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    widths = [max(len(r[c]) for r in rows) for c in range(ncols)]
    out = []
    for i, r in enumerate(rows):
        out.append("| " + " | ".join(r[c].ljust(widths[c]) for c in range(ncols)) + " |")
        if i == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return out


# --------------------------------------------------------------------------- build

RENDERERS = {"pdf": render_pdf, "docx": render_docx, "txt": render_txt}


def build_sample_corpus(out_dir: Path) -> list[Path]:
    """Render every source into out_dir; copy the register and action plan beside them.

    Returns the paths written: the documents in source order, then register.csv and
    action_plan.csv.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for src in sources():
        target = out_dir / src.out_name
        RENDERERS[src.format](src, target)
        written.append(target)
    for extra in (REGISTER, ACTION_PLAN):
        target = out_dir / extra.name
        shutil.copyfile(extra, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m reviewgraph.loaders.sample.build OUT_DIR", file=sys.stderr)
        return 2
    paths = build_sample_corpus(Path(argv[0]))
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
