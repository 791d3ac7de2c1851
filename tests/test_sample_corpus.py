"""The bundled sample corpus: it builds, deterministically, and EXPECTED.yaml is true of it.

These tests read the built files back with independent, minimal readers (pypdfium2 for
PDF, the DOCX XML for page breaks, form feeds for TXT) so that the ground truth the loader
tests rely on is itself checked against what was rendered.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

from reviewgraph.loaders.sample import SAMPLE_DIR, build_sample_corpus
from reviewgraph.loaders.sample.build import main, parse_source, sources, to_latin1

EXPECTED = yaml.safe_load((SAMPLE_DIR / "EXPECTED.yaml").read_text(encoding="utf-8"))
DOCS = EXPECTED["documents"]

REGISTER_COLUMNS = [
    "Board",
    "Review type",
    "Subject",
    "Year",
    "Age band",
    "Gender",
    "Outcome",
    "Category of harm",
    "Published",
    "Document",
]
ACTION_COLUMNS = [
    "Review",
    "Recommendation number",
    "Recommendation",
    "Owner",
    "Action",
    "Due date",
    "Status",
    "Evidence of completion",
]
REGISTER_TYPES = {
    "Serious Case Review": "SCR",
    "CSPR": "CSPR",
    "Safeguarding Adults Review": "SAR",
    "Domestic Homicide Review": "DHR",
}
AGE_BANDS = {"under 1", "1-5", "6-10", "11-15", "16-17", "adult"}


# --------------------------------------------------------------------------- readers


def pdf_pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
        return out
    finally:
        doc.close()


def docx_pages(path: Path) -> list[str]:
    """Text per page, pages split at hard page breaks (tables included, in body order)."""
    from docx import Document
    from docx.oxml.ns import qn

    body = Document(str(path)).element.body
    pages: list[list[str]] = [[]]
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            buf: list[str] = []
            for el in child.iter():
                if el.tag == qn("w:t") and el.text:
                    buf.append(el.text)
                elif el.tag == qn("w:br") and el.get(qn("w:type")) == "page":
                    pages[-1].append("".join(buf))
                    buf = []
                    pages.append([])
            pages[-1].append("".join(buf))
        elif child.tag == qn("w:tbl"):
            for tc in child.iter(qn("w:tc")):
                pages[-1].append("".join(t.text or "" for t in tc.iter(qn("w:t"))))
    return ["\n".join(p) for p in pages]


def txt_pages(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\f")


READERS = {"pdf": pdf_pages, "docx": docx_pages, "txt": txt_pages}


def squash(text: str) -> str:
    """Compare modulo whitespace and line-end hyphenation (PDF wrapping, TXT wrapping)."""
    text = text.replace("\u00ad", "").replace("\ufffe", "").replace("\x02", "")
    text = re.sub(r"(\w)-\s*[\r\n]+\s*(\w)", r"\1-\2", text)
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- fixtures


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    first = tmp_path_factory.mktemp("sample_a")
    second = tmp_path_factory.mktemp("sample_b")
    paths_a = build_sample_corpus(first)
    assert main([str(second)]) == 0  # the `python -m loaders.sample.build OUT_DIR` entry point
    paths_b = sorted(second.iterdir())
    pages = {}
    for d in DOCS:
        p = first / d["file"]
        pages[d["file"]] = READERS[d["format"]](p)
    return {"dir": first, "dir2": second, "paths": paths_a, "paths2": paths_b, "pages": pages}


# --------------------------------------------------------------------------- build


def test_every_source_renders(built: dict) -> None:
    srcs = sources()
    assert len(srcs) >= 14
    names = [p.name for p in built["paths"]]
    for src in srcs:
        assert src.out_name in names, src.path.name
        out = built["dir"] / src.out_name
        assert out.stat().st_size > 1000, out
    assert names[-2:] == ["register.csv", "action_plan.csv"]
    assert {d["file"] for d in DOCS} == {s.out_name for s in srcs}


def test_file_counts_per_format(built: dict) -> None:
    counts = Counter(p.suffix.lstrip(".") for p in built["paths"] if p.suffix != ".csv")
    assert counts["pdf"] >= 5
    assert counts["docx"] >= 4
    assert counts["txt"] >= 3
    assert counts == Counter(d["format"] for d in DOCS)


def test_rebuild_is_byte_identical(built: dict) -> None:
    a = {p.name: _sha(p) for p in built["paths"]}
    b = {p.name: _sha(p) for p in built["paths2"]}
    assert a == b


def test_pdf_text_is_transliterated_to_latin1(built: dict) -> None:
    assert to_latin1(
        "Baby T\u2019s \u201cfile\u201d \u2013 \u2022 caf\u00e9 \u0141\u00f3d\u017a"
    ) == ('Baby T\'s "file" - - caf\u00e9 L\u00f3dz')
    assert "sympathy to Baby T's wider family" in built["pages"]["01-scr-baby-t.pdf"][0]
    assert "April 2020 - September 2021" in built["pages"]["10-cspr-child-l.pdf"][0]
    # DOCX and TXT keep the original characters
    src = (SAMPLE_DIR / "sources" / "01-scr-baby-t.md").read_text(encoding="utf-8")
    assert "Baby T\u2019s wider family" in src


def test_front_matter_is_only_format_title_header() -> None:
    for src in sources():
        assert set(src.meta) <= {"format", "title", "header"}, src.path.name
        raw = src.path.read_text(encoding="utf-8")
        assert raw.count("\n---\n") >= 1 and "format:" not in raw.split("\n---\n", 1)[1]


def test_rendered_pages_match_source_pages(built: dict) -> None:
    for d in DOCS:
        src = parse_source(SAMPLE_DIR / "sources" / d["source"])
        pages = built["pages"][d["file"]]
        assert len(pages) == src.page_count == d["pages"], d["file"]
        assert 3 <= d["pages"] <= 8, d["file"]


def test_pdf_running_header_and_footer_on_every_page(built: dict) -> None:
    for d in DOCS:
        if d["format"] != "pdf":
            continue
        src = parse_source(SAMPLE_DIR / "sources" / d["source"])
        pages = built["pages"][d["file"]]
        for i, text in enumerate(pages, start=1):
            assert squash(src.meta["header"]) in squash(text), (d["file"], i)
            assert f"Page {i} of {len(pages)}" in text, (d["file"], i)


def test_draft_is_marked(built: dict) -> None:
    drafts = [d for d in DOCS if d.get("draft")]
    assert len(drafts) == 1
    first_page = built["pages"][drafts[0]["file"]][0]
    assert "DRAFT - NOT FOR PUBLICATION" in first_page
    assert "Confidential: unpublished" in first_page
    for d in DOCS:
        for case in d["cases"]:
            assert case["published"] is (not d.get("draft", False))
    for d in DOCS:
        if not d.get("draft"):
            text = "\n".join(built["pages"][d["file"]])
            assert "NOT FOR PUBLICATION" not in text, d["file"]


# --------------------------------------------------------------------------- ground truth


def _cases():
    for d in DOCS:
        for case in d["cases"]:
            yield d, case


def test_evidence_sentences_are_on_their_pages(built: dict) -> None:
    missing = []
    for d, case in _cases():
        pages = built["pages"][d["file"]]
        themes = list(case["themes"])
        assert 3 <= len(themes) <= 6, (d["file"], case["subject"])
        for t in themes:
            if squash(t["evidence"]) not in squash(pages[t["page"] - 1]):
                missing.append((d["file"], case["subject"], t["page"], t["evidence"][:60]))
    for d in DOCS:
        if "cross_case" in d:
            pages = built["pages"][d["file"]]
            for t in d["cross_case"]["themes"]:
                if squash(t["evidence"]) not in squash(pages[t["page"] - 1]):
                    missing.append((d["file"], "cross-case", t["page"], t["evidence"][:60]))
    assert not missing, missing


def test_each_evidence_sentence_occurs_once_in_its_document(built: dict) -> None:
    for d, case in _cases():
        whole = squash("\n".join(built["pages"][d["file"]]))
        for t in case["themes"]:
            assert whole.count(squash(t["evidence"])) == 1, (d["file"], t["evidence"][:60])


def _check_recommendations(pages: list[str], rec_page: int | None, recs: list, where: str) -> None:
    if rec_page is None:
        assert recs == [], where
        return
    assert re.search(r"recommendations", pages[rec_page - 1], re.I), where
    text = squash(pages[rec_page - 1])
    for r in recs:
        assert squash(r["starts"]) in text, (where, r["number"], r["starts"])
        assert len(r["starts"].split()) >= 6, (where, r["number"])
    numbers = [int(r["number"]) for r in recs]
    assert numbers == list(range(1, len(recs) + 1)), where


def test_recommendations_start_where_stated(built: dict) -> None:
    for d, case in _cases():
        _check_recommendations(
            built["pages"][d["file"]],
            case["recommendations_page"],
            case["recommendations"],
            f"{d['file']} {case['subject']}",
        )
    for d in DOCS:
        if "cross_case" in d:
            cc = d["cross_case"]
            _check_recommendations(
                built["pages"][d["file"]],
                cc["recommendations_page"],
                cc["recommendations"],
                f"{d['file']} cross-case",
            )


def test_findings_counts_match_the_sources() -> None:
    """Count numbered items (or 'Finding N:' headings) under the findings heading."""
    heading = re.compile(r"(findings|learning|lessons)", re.I)
    for d, case in _cases():
        src = parse_source(SAMPLE_DIR / "sources" / d["source"])
        blocks = [b for b in src.blocks if b.kind != "page"]
        if d["multi_case"]:
            start = next(
                i for i, b in enumerate(blocks) if b.kind == "heading" and case["subject"] in b.text
            )
            end = next(
                (
                    i
                    for i in range(start + 1, len(blocks))
                    if blocks[i].kind == "heading" and blocks[i].level <= blocks[start].level
                ),
                len(blocks),
            )
            blocks = blocks[start:end]
        count = 0
        in_findings = False
        for b in blocks:
            if b.kind in ("heading", "bold"):
                if re.match(r"finding \d+:", b.text, re.I):
                    count += 1
                    continue
                in_findings = bool(heading.search(b.text)) and "recommend" not in b.text.lower()
            elif b.kind == "num" and in_findings:
                count += 1
        assert count == case["findings"]["count"], (d["file"], case["subject"], count)


def test_case_metadata_is_well_formed() -> None:
    for _d, case in _cases():
        assert case["type"] in {"SCR", "CSPR", "SAR", "DHR"}
        assert case["age_band"] in AGE_BANDS
        assert case["gender"] in {"female", "male"}
        assert case["outcome"] in {"fatal", "non-fatal"}
        assert isinstance(case["year"], int)
    types = Counter(case["type"] for _, case in _cases() if not _.get("multi_case"))
    assert types["SCR"] >= 3 and types["CSPR"] >= 2 and types["SAR"] >= 3 and types["DHR"] >= 3
    assert sum(1 for d in DOCS if d["multi_case"]) >= 2
    assert any(d["cases"][0].get("method") for d in DOCS)
    assert any(d["cases"][0].get("recommendations_table") for d in DOCS)


# --------------------------------------------------------------------------- register


def _read_csv(path: Path, columns: list[str]) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == columns
        rows = list(reader)
    for r in rows:
        assert None not in r and all(v is not None for v in r.values()), r
    return rows


def test_register_parses_and_documents_exist(built: dict) -> None:
    rows = _read_csv(built["dir"] / "register.csv", REGISTER_COLUMNS)
    held = [r for r in rows if r["Document"]]
    not_held = [r for r in rows if not r["Document"]]
    assert 3 <= len(not_held) <= 5
    for r in rows:
        assert r["Review type"] in REGISTER_TYPES
        assert r["Age band"] in AGE_BANDS
        assert r["Gender"] in {"Male", "Female"}
        assert r["Outcome"] in {"Fatal", "Non-fatal"}
        assert r["Published"] in {"Yes", "No"}
        assert 2010 <= int(r["Year"]) <= 2025
    for r in held:
        assert (built["dir"] / r["Document"]).is_file(), r["Document"]
    assert {r["Document"] for r in held} == {d["file"] for d in DOCS}


def test_register_agrees_with_expected(built: dict) -> None:
    rows = _read_csv(built["dir"] / "register.csv", REGISTER_COLUMNS)
    by_key = {(r["Document"], r["Subject"]): r for r in rows if r["Document"]}
    n_cases = 0
    for d, case in _cases():
        n_cases += 1
        r = by_key[(d["file"], case["subject"])]
        assert REGISTER_TYPES[r["Review type"]] == case["type"]
        assert r["Board"] == case["board"]
        assert int(r["Year"]) == case["year"]
        assert r["Age band"] == case["age_band"]
        assert r["Gender"].lower() == case["gender"]
        assert r["Outcome"].lower() == case["outcome"]
        assert r["Category of harm"] == case["harm"]
        assert (r["Published"] == "Yes") is case["published"]
    assert n_cases == len(by_key)


def test_subjects_and_boards_appear_in_their_documents(built: dict) -> None:
    for d, case in _cases():
        whole = "\n".join(built["pages"][d["file"]])
        assert case["subject"] in whole
        assert case["board"] in whole
        if not d["multi_case"]:
            assert str(case["year"]) in built["pages"][d["file"]][0]


# --------------------------------------------------------------------------- action plan


def _doc_rec_texts() -> dict[str, dict[str, str]]:
    """Review label (as the action plan writes it) -> number -> full recommendation text."""
    labels = {}
    for d, case in _cases():
        if d["multi_case"]:
            continue
        labels[f"{case['type']} {case['subject']}"] = d["source"]
    out: dict[str, dict[str, str]] = {}
    for label, source in labels.items():
        src = parse_source(SAMPLE_DIR / "sources" / source)
        recs: dict[str, str] = {}
        in_recs = False
        for b in src.blocks:
            if b.kind == "heading":
                in_recs = "recommendation" in b.text.lower()
            elif in_recs and b.kind == "num":
                recs[b.marker.rstrip(".)")] = b.text
            elif in_recs and b.kind == "table":
                for row in b.rows[1:]:
                    recs[row[0]] = row[1]
        out[label] = recs
    return out


def test_action_plan_parses_and_matches_recommendations(built: dict) -> None:
    rows = _read_csv(built["dir"] / "action_plan.csv", ACTION_COLUMNS)
    recs = _doc_rec_texts()
    reviews = {r["Review"] for r in rows}
    assert 5 <= len(reviews) <= 7
    by_number = text_only = unmatched = 0
    for r in rows:
        assert r["Status"] in {"Complete", "In progress", "Not started", "Overdue"}
        date.fromisoformat(r["Due date"])
        assert r["Review"] in recs, r["Review"]
        known = recs[r["Review"]]
        num = r["Recommendation number"]
        if num and num in known:
            assert squash(known[num]) == squash(r["Recommendation"]), (r["Review"], num)
            by_number += 1
        elif not num:
            assert all(squash(t) != squash(r["Recommendation"]) for t in known.values())
            text_only += 1
        else:
            unmatched += 1
    assert text_only == 1
    assert unmatched == 1
    assert by_number == len(rows) - 2
    pm = EXPECTED["patterns"]["action_plan_matching"]
    assert pm["rows"] == len(rows) and pm["by_number"] == by_number


def test_old_recommendation_still_open_while_theme_recurs(built: dict) -> None:
    rows = _read_csv(built["dir"] / "action_plan.csv", ACTION_COLUMNS)
    old_open = [
        r
        for r in rows
        if r["Due date"] < "2018-01-01"
        and r["Status"] in {"In progress", "Not started", "Overdue"}
        and re.search(r"not brought|notification", r["Recommendation"], re.I)
    ]
    assert old_open
    newer = "\n".join(
        (SAMPLE_DIR / "sources" / d["source"]).read_text(encoding="utf-8")
        for d in DOCS
        if d["cases"][0]["year"] >= 2021
    )
    assert "was not brought" in newer and "domestic abuse notifications" in newer
