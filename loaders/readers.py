"""Read review documents (PDF, DOCX, HTML, TXT/Markdown) into pages of raw text."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewgraph.loaders.errors import InputError
from reviewgraph.loaders.models import Page, RawDocument
from reviewgraph.loaders.pdftables import page_text_with_tables
from reviewgraph.loaders.records import csv_as_rows, records_as_rows
from reviewgraph.loaders.strength import MAX_STRONG

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
# Limits a load enforces per file; REVIEWGRAPH_MAX_FILE_MB / REVIEWGRAPH_MAX_PAGES raise them.
MAX_FILE_MB = 200
MAX_PAGES = 2000
# A page with fewer visible characters than this counts as "no text" for scan detection.
MIN_PAGE_CHARS = 25

_FORMATS = {
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "txt", ".md": "md"
}  # fmt: skip
_UNKNOWN = (
    "unknown format '{suffix}': reviewgraph reads .pdf, .docx, .html, .htm, .txt, .md "
    "(registers and action plans: .csv, .xlsx with --register/--actions)"
)
EMPTY = "empty: no text found"
SCANNED = "no text layer (scanned?): OCR it first, e.g. with ocrmypdf, then load it again"
ENCRYPTED = "encrypted: remove the password and load it again"
BAD_ENCODING = "unreadable encoding: save it as UTF-8 text"


def iter_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders recursively into supported files; keep explicit files; dedupe.

    Only what can be read is returned: special files and bad symlinks are left out
    (`scan_files` also says which and why)."""
    return scan_files(paths)[0]


def scan_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(files to load, [(path, why it is skipped)]) for `paths`, folders walked recursively.

    A file to load is a regular file, or a symlink to a regular file inside the folder
    walked. A FIFO (reading one blocks until a writer comes), a device, a socket, a
    symlink loop, a broken symlink or a symlink pointing outside the folder is skipped
    with its reason. Explicit files are kept even when unknown or missing, so the
    reader then says why it cannot load them; only special files among them are skipped.
    """
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def add(path: Path, root: Path | None) -> None:
        why, key = _unloadable(path, root)
        if why:
            skipped.append((path, why))
        elif key not in seen:
            seen.add(key)
            found.append(path)

    for given in paths:
        path = Path(given)
        if not path.is_dir():
            add(path, None)
            continue
        root = path.resolve()
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if _is_skipped(name):
                    continue
                if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                    add(Path(folder) / name, root)
    return found, skipped


_SPECIAL = {
    stat.S_IFIFO: "FIFO",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
}


def _unloadable(path: Path, root: Path | None) -> tuple[str, Path]:
    """(why `path` cannot be loaded or "", its resolved path). Symlinks are resolved first;
    under a folder walked (`root`) the target must lie inside it."""
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return "broken symlink (its target does not exist)", path
        return "", path.absolute()  # missing explicit file: the reader says "not found"
    except (RuntimeError, OSError) as e:  # RuntimeError: pathlib's "Symlink loop"
        if isinstance(e, RuntimeError) or e.errno == errno.ELOOP:
            return "symlink loop", path
        return "", path.absolute()  # unreadable: the reader says why
    if root is not None and path.is_symlink() and not target.is_relative_to(root):
        return "symlink pointing outside the folder", target
    kind = _SPECIAL.get(stat.S_IFMT(mode))
    if kind:
        return f"not a regular file ({kind})", target
    return "", target


def special_file(path: Path) -> str:
    """What `path` is when it is a FIFO, socket or device ("" for anything else)."""
    try:
        return _SPECIAL.get(stat.S_IFMT(path.stat().st_mode), "")
    except OSError:
        return ""


def _is_skipped(name: str) -> bool:
    """Hidden files and the lock files Office leaves beside open documents."""
    return name.startswith(".") or name.startswith("~$")


@dataclass(frozen=True)
class ReadLimits:
    """What one file may be, and how many themes each of its reviews counts; the CLI reads
    REVIEWGRAPH_MAX_FILE_MB / REVIEWGRAPH_MAX_PAGES / REVIEWGRAPH_THEMES_PER_REVIEW."""

    max_file_mb: float = MAX_FILE_MB
    max_pages: int = MAX_PAGES
    # the strongest themes a review's HAS_THEME links count (loaders/strength.py)
    themes_per_review: int = MAX_STRONG


# what a reader gives: the pages, the file's own title, and page headers and footers it
# holds apart from the body (a DOCX's)
_Read = tuple[list[Page], str | None, list[str]]


def read_document(path: str | Path, limits: ReadLimits = ReadLimits()) -> RawDocument:
    """Read one file into a RawDocument, choosing the reader by suffix."""
    path = Path(path)
    max_file_mb, max_pages = limits.max_file_mb, limits.max_pages
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(str(path), "not found: check the path")
    if path.is_dir():
        raise InputError(str(path), "is a folder: pass the files in it, or use iter_files()")
    if suffix not in _FORMATS:
        raise InputError(str(path), _UNKNOWN.format(suffix=suffix or "(no suffix)"))
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), EMPTY)
    if size > max_file_mb * 1024 * 1024:
        raise InputError(
            str(path),
            f"too large: {size / 1024 / 1024:.1f} MB, over the limit of {max_file_mb:g} MB "
            "; split the file or raise REVIEWGRAPH_MAX_FILE_MB",
        )
    fmt = _FORMATS[suffix]
    reader = {"pdf": _read_pdf, "docx": _read_docx, "html": _read_html}.get(fmt, _read_text)
    try:
        pages, title, furniture = reader(path, max_pages)
    except OSError as e:
        raise InputError(str(path), f"cannot read: {e.strerror or e}") from e
    if not any(p.text.strip() for p in pages):
        raise InputError(str(path), EMPTY)
    return RawDocument(path=str(path), format=fmt, pages=pages, title=title, furniture=furniture)


def _check_pages(path: Path, count: int, max_pages: int) -> None:
    """Refuse documents longer than the page limit before doing the work."""
    if count > max_pages:
        raise InputError(
            str(path),
            f"too many pages: {count}, over the limit of {max_pages}; "
            "split the file or raise REVIEWGRAPH_MAX_PAGES",
        )


# --- PDF -------------------------------------------------------------------------------


def _read_pdf(path: Path, max_pages: int) -> _Read:
    """Text layer of a PDF, page by page, with pypdfium2."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError(str(path), ENCRYPTED) from e
        raise InputError(str(path), f"corrupt or not a PDF ({e})") from e
    try:
        _check_pages(path, len(pdf), max_pages)
        pages = [Page(i + 1, _pdf_page_text(pdf, i)) for i in range(len(pdf))]
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
    except pdfium.PdfiumError as e:
        raise InputError(str(path), f"corrupt or not a PDF ({e})") from e
    finally:
        pdf.close()
    # Scanned only if no page has text: stop at the first that does (usually the first).
    if pages and not any(len("".join(p.text.split())) >= MIN_PAGE_CHARS for p in pages):
        raise InputError(str(path), SCANNED)
    return pages, title, []


def _pdf_page_text(pdf: Any, index: int) -> str:
    """One page's text; PDFium's hyphen-at-line-end marks become a hyphen and a line break."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            # a table's rows as " | " cells, as DOCX and HTML tables are read (pdftables)
            text = page_text_with_tables(page, textpage) or textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    # PDFium joins "assess-\nment" itself and marks the hyphen with U+FFFE (or 0x02);
    # restore the break so the cleaning stage makes one documented decision about it.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\ufffe" in text or "\x02" in text:
        text = text.replace("\ufffe", "-\n").replace("\x02", "-\n")
    return text


# --- DOCX ------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"(?:heading|überschrift|titre)\s*([1-6])$", re.IGNORECASE)


def _read_docx(path: Path, max_pages: int) -> _Read:
    """Paragraphs and tables in document order; pages from explicit or rendered breaks."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as e:
        # lxml's XMLSyntaxError is a SyntaxError: a damaged part means the same to a user
        raise InputError(str(path), f"corrupt or not a DOCX ({type(e).__name__}: {e})") from e
    body = document.element.body
    # Word writes w:lastRenderedPageBreak where pages actually broke, including after hard
    # breaks; when present it is the better signal and counting both would double-count.
    rendered = next(body.iter(f"{_W}lastRenderedPageBreak"), None) is not None
    numbering = _Numbering(document)
    pages: list[list[str]] = [[]]
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block._tbl.tr_lst:
                _docx_row(row, pages, rendered)
        else:
            _docx_paragraph(block, pages, rendered, numbering)
        _check_pages(path, len(pages), max_pages)
    title = (document.core_properties.title or "").strip() or None
    pages_out = [Page(i + 1, "\n\n".join(blocks)) for i, blocks in enumerate(pages)]
    return pages_out, title, _docx_furniture(document)


def _docx_furniture(document: Any) -> list[str]:
    """The lines of a DOCX's page headers and footers, once each: Word keeps them apart from
    the body, and a board's annual report chapter may name its board only there."""
    lines: list[str] = []
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            if part.is_linked_to_previous and lines:
                continue
            for paragraph in part.paragraphs:
                text = " ".join(paragraph.text.split())
                if text and text not in lines:
                    lines.append(text)
    return lines


def _docx_runs(element: Any, rendered: bool) -> list[str]:
    """Text of an element split at page breaks: one string per page it touches."""
    parts = [""]
    for node in element.iter(
        f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}lastRenderedPageBreak"
    ):
        tag = node.tag[len(_W) :]
        if tag == "t":
            parts[-1] += node.text or ""
        elif tag == "tab":
            parts[-1] += "\t"
        elif tag == "lastRenderedPageBreak":
            if rendered:
                parts.append("")
        elif tag == "br" and node.get(f"{_W}type") == "page":
            if not rendered:
                parts.append("")
        else:
            parts[-1] += "\n"
    return parts


def _docx_paragraph(paragraph: Any, pages: list[list[str]], rendered: bool, numbering: Any) -> None:
    """Append a paragraph, prefixed with a Markdown heading mark or its list number."""
    p = paragraph._p
    if not rendered and p.pPr is not None and p.pPr.find(f"{_W}pageBreakBefore") is not None:
        pages.append([])
    style_name, _ = numbering.style(paragraph)
    style = style_name or ""
    prefix = ""
    match = _HEADING.search(style or "")
    if match:
        prefix = "#" * int(match.group(1)) + " "
    elif style == "Title":
        prefix = "# "
    else:
        prefix = numbering.label(paragraph)
    parts = _docx_runs(p, rendered)
    for i, text in enumerate(parts):
        if i:
            pages.append([])
        if text.strip():
            pages[-1].append((prefix if i == 0 else "") + text.strip())


def _docx_row(row: Any, pages: list[list[str]], rendered: bool) -> None:
    """Append a table row as one line with cells separated by ' | '."""
    cells: list[str] = []
    breaks = 0
    for tc in row.findall(f"{_W}tc"):
        parts = _docx_runs(tc, rendered)
        breaks = max(breaks, len(parts) - 1)
        cells.append(" ".join(" ".join(parts).split()))
    if any(cells):
        pages[-1].append(" | ".join(cells))
    for _ in range(breaks):
        pages.append([])


class _Numbering:
    """Word's automatic list numbers, which are not part of the paragraph text."""

    def __init__(self, document: Any) -> None:
        # python-docx looks a paragraph's style up by scanning every style: once per id here.
        self._styles = {st.style_id: st for st in document.styles}
        self._default = document.styles.default(1)  # WD_STYLE_TYPE.PARAGRAPH
        self.counters: dict[tuple[str, str], int] = {}
        self.formats: dict[tuple[str, str], str] = {}  # (numId, ilvl) -> numFmt
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        levels = {
            (node.get(f"{_W}abstractNumId"), lvl.get(f"{_W}ilvl")): fmt.get(f"{_W}val")
            for node in root.iter(f"{_W}abstractNum")
            for lvl in node.iter(f"{_W}lvl")
            if (fmt := lvl.find(f"{_W}numFmt")) is not None
        }
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            wanted = ref.get(f"{_W}val") if ref is not None else None
            for (abstract, ilvl), fmt in levels.items():
                if abstract == wanted:
                    self.formats[(num.get(f"{_W}numId"), ilvl)] = fmt

    def style(self, paragraph: Any) -> tuple[str | None, Any]:
        """(style name, style element) of a paragraph, from the cache."""
        found = self._styles.get(paragraph._p.style) or self._default
        return (found.name, found.element) if found is not None else (None, None)

    def label(self, paragraph: Any) -> str:
        """'- ', '3. ' or 'b) ' for a list paragraph, '' otherwise."""
        key = _num_pr(paragraph, self.style(paragraph)[1])
        if key is None:
            return ""
        fmt = self.formats.get(key, "bullet")
        if fmt in ("bullet", "none"):
            return "- "
        self.counters[key] = n = self.counters.get(key, 0) + 1
        for other in list(self.counters):  # a higher-level item restarts deeper levels
            if other[0] == key[0] and int(other[1]) > int(key[1]):
                del self.counters[other]
        if fmt in ("lowerLetter", "upperLetter"):
            letter = chr(ord("a") + (n - 1) % 26)
            return f"{letter.upper() if fmt == 'upperLetter' else letter}) "
        if fmt == "lowerRoman" and n <= len(_ROMAN):
            return f"{_ROMAN[n - 1]}) "
        return f"{n}. "


_ROMAN = "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv".split()


def _num_pr(paragraph: Any, style_element: Any) -> tuple[str, str] | None:
    """(numId, ilvl) from the paragraph, or from its style as 'List Number' does."""
    for holder in (paragraph._p.pPr, style_element):
        node = holder.find(f".//{_W}numPr") if holder is not None else None
        if node is None:
            continue
        num_id, ilvl = node.find(f"{_W}numId"), node.find(f"{_W}ilvl")
        value = num_id.get(f"{_W}val") if num_id is not None else None
        if value and value != "0":
            return value, ilvl.get(f"{_W}val") if ilvl is not None else "0"
    return None


# --- HTML ------------------------------------------------------------------------------

_DROP = {"script", "style", "nav", "noscript", "template", "head", "svg", "iframe", "form"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "figure", "figcaption", "address", "hr", "body", "html", "caption", "details", "summary",
}  # fmt: skip


def _read_html(path: Path, max_pages: int) -> _Read:
    """Visible text of an HTML page: blocks as paragraphs, tables row by row."""
    from bs4 import BeautifulSoup

    data = path.read_bytes()
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM is fine
        _refuse_binary(path, data[:4096])
    soup = BeautifulSoup(data, "html.parser")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    for tag in soup.find_all(sorted(_DROP)):
        tag.decompose()
    # the trail of links above a page's title ("Home > Practitioners > Learning and
    # reviews"), not always inside <nav>: its numbered items read as numbered headings
    for tag in soup.find_all(_is_navigation):
        tag.decompose()
    # what a page puts before its <main> is the site's: the cookie notice, the skip link,
    # "Report a concern", search, logo and menus (not its <h1>, if that stands there)
    main = soup.find("main")
    node = main
    while node is not None and node.parent is not None:
        for before in node.find_previous_siblings():
            if getattr(before, "name", None) and before.name != "h1" and before.find("h1") is None:
                before.decompose()
        node = node.parent
    blocks: list[str] = []
    _html_blocks(soup, blocks)
    return [Page(1, "\n\n".join(blocks))], title or None, []


def _is_navigation(tag: Any) -> bool:
    """A breadcrumb trail or other navigation marked by its role, class or label."""
    if tag.get("role") == "navigation":
        return True
    marks = " ".join([*(tag.get("class") or []), tag.get("aria-label") or "", tag.get("id") or ""])
    return "crumb" in marks.lower()  # "breadcrumbs", "crumbs", "crumb-trail"


def _html_blocks(root: Any, blocks: list[str]) -> None:
    """Walk the tree without recursion (broken HTML nests deeply) and collect block text."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    buffer: list[str] = []

    def flush() -> None:
        lines = (" ".join(part.split()) for part in "".join(buffer).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            blocks.append(text)
        buffer.clear()

    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype
                buffer.append(str(node).replace("\n", " "))  # source newlines are spaces
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if leaving:
            flush()
        elif name == "br":
            buffer.append("\n")  # a line break inside a paragraph, not a new paragraph
        elif name == "pre":
            flush()
            text = node.get_text().strip("\n")
            if text.strip():
                blocks.append(text)
        elif name == "table":
            flush()
            _html_table(node, blocks)
        elif name in _BLOCKS:
            flush()
            buffer.append(_html_prefix(node))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        else:
            stack.extend((child, False) for child in reversed(node.contents))
    flush()


def _html_prefix(node: Any) -> str:
    """Markdown-style hints: '# ' for headings, '- ' or 'n. ' for list items."""
    if node.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "#" * int(node.name[1]) + " "
    if node.name != "li":
        return ""
    parent = node.find_parent(["ol", "ul"])
    if parent is None or parent.name == "ul":
        return "- "
    try:
        start = int(parent.get("start", 1))
    except ValueError:
        start = 1
    siblings = [li for li in parent.find_all("li", recursive=False)]
    index = siblings.index(node) if node in siblings else 0
    return f"{start + index}. "


def _html_table(table: Any, blocks: list[str]) -> None:
    """One line per row, cells separated by ' | '."""
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # nested tables are read as part of their cell
        cells = [
            " ".join(c.get_text(" ").split()) for c in row.find_all(["td", "th"], recursive=False)
        ]
        if any(cells):
            blocks.append(" | ".join(cells))


# --- TXT / Markdown --------------------------------------------------------------------


def _read_text(path: Path, max_pages: int) -> _Read:
    """Plain text or Markdown; a form feed separates pages."""
    text = _decode(path, path.read_bytes())
    chunks = text.split("\f")
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()  # a trailing form feed does not start a page
    _check_pages(path, len(chunks), max_pages)
    title = None
    if path.suffix.lower() == ".md":
        match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
        title = match.group(1).strip() if match else None
    if path.suffix.lower() == ".txt":  # a system's export: its records as a table's rows
        chunks = [csv_as_rows(records_as_rows(chunk)) for chunk in chunks]
    return [Page(i + 1, chunk) for i, chunk in enumerate(chunks)], title, []


_JUNK = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(str(path), BAD_ENCODING) from e
    _refuse_binary(path, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; a stray one should not sink a whole file
        text = data.decode("cp1252", errors="replace")
    if len(_JUNK.findall(text)) > max(2, len(text) // 100):
        raise InputError(str(path), BAD_ENCODING)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_binary(path: Path, data: bytes) -> None:
    """NUL bytes mean a binary file (or UTF-16 without a BOM): not text we can read."""
    if b"\x00" in data:
        raise InputError(str(path), BAD_ENCODING)
