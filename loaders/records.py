"""Records exported as plain text, read back as the rows of a table.

Two kinds of export are read: comma-separated values (a header of field names, then one
quoted record per line, `csv_as_rows`) and labelled blocks (`records_as_rows`, below).

A case system's export prints each record as a block of labelled lines, the label in
capitals in a fixed-width column and a long value wrapped onto indented lines:

    REF          KSAB/SAR/2024-01/A1
    OWNER        Kelderby Council - Adult Social Care
    ACTION       Adult social care should make sure that any adult who
                 refuses care …
    POSITION     CONCLUDED

Cleaning a page collapses the spaces that make it a record, so the labels would be read
as words of the text and a short value as a heading. `records_as_rows` turns two or more
blocks with the same labels into a header row and one " | " row per block, as DOCX, HTML
and PDF tables already are, so one reading of tables serves all of them.
"""

from __future__ import annotations

import csv
import re

# "ACTION       Adult social care should …": a label of capitals (one to three words),
# two spaces or more, then its value
_FIELD = re.compile(r"^([A-Z][A-Z/&]*(?: [A-Z/&]+){0,2})(?:\s*:)?\s{2,}(\S.*)$")
# a value's next line, indented at least this far
_GOES_ON = re.compile(r"^\s{4,}(\S.*)$")
# a line drawn between records: "-----", "=====", or nothing
_RULE = re.compile(r"^[-=_*\s]*$")
# records with fewer labels than this are not read as records
MIN_LABELS = 3


def _blocks(lines: list[str]) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """(first line, line after, [(label, value)]) for each run of labelled lines."""
    out: list[tuple[int, int, list[tuple[str, str]]]] = []
    fields: list[tuple[str, str]] = []
    start = 0
    for k, line in enumerate(lines):
        field = _FIELD.match(line)
        goes_on = _GOES_ON.match(line) if fields and not field else None
        if field and not (fields and field.group(1) == fields[0][0]):
            if not fields:
                start = k
            fields.append((field.group(1), field.group(2).strip()))
            continue
        if goes_on:
            label, value = fields[-1]
            fields[-1] = (label, f"{value} {goes_on.group(1).strip()}")
            continue
        if fields:
            out.append((start, k, fields))
            fields = []
        if field:  # the first label again: the next record, with no rule between
            start = k
            fields = [(field.group(1), field.group(2).strip())]
    if fields:
        out.append((start, len(lines), fields))
    return out


def records_as_rows(text: str) -> str:
    """`text` with every run of two or more records that share their labels (three at
    least) read as a table: the labels once as its header, then a row per record; the
    text unchanged when it holds none."""
    if "  " not in text:
        return text
    lines = text.split("\n")
    blocks = [b for b in _blocks(lines) if len(b[2]) >= MIN_LABELS]
    if len(blocks) < 2:
        return text
    shapes: dict[tuple[str, ...], int] = {}
    for _, _, fields in blocks:
        shape = tuple(label for label, _ in fields)
        shapes[shape] = shapes.get(shape, 0) + 1
    header = max(shapes, key=lambda s: (shapes[s], len(s)))
    if shapes[header] < 2:
        return text
    labels = list(header)
    out: list[str] = []
    at = 0
    headed = False
    for start, end, fields in blocks:
        values = dict(fields)
        if not set(values) <= set(labels) or len(values) < MIN_LABELS:
            continue
        between = lines[at:start]
        if headed and all(_RULE.match(line) for line in between):
            between = []  # the rule between two records: the table goes on
        out.extend(between)
        if not headed:
            out.append(" | ".join(label.capitalize() for label in labels))
            headed = True
        out.append(" | ".join(values.get(label, "") for label in labels))
        at = end
    out.extend(lines[at:])
    return "\n".join(out)


# a CSV header: three or more field names ("review_id,review_title,published")
_CSV_HEADER = re.compile(r"^[A-Za-z][\w ]{0,40}(?:,[A-Za-z][\w ]{0,40}){2,}$")


def csv_as_rows(text: str) -> str:
    """`text` with every CSV table in it (a header of field names, then records of as
    many fields) as " | " rows, its field names as words ("lead_agency" -> "Lead
    agency"); the text unchanged when it holds none."""
    if "," not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        header = lines[k].strip()
        if not _CSV_HEADER.match(header):
            out.append(lines[k])
            k += 1
            continue
        names = header.split(",")
        rows: list[list[str]] = []
        j = k + 1
        while j < len(lines) and lines[j].strip():
            row = next(csv.reader([lines[j]]), [])
            if len(row) != len(names):
                break
            rows.append(row)
            j += 1
        if not rows:
            out.append(lines[k])
            k += 1
            continue
        out.append(" | ".join(n.replace("_", " ").strip().capitalize() for n in names))
        out.extend(" | ".join(" ".join(c.split()) for c in row) for row in rows)
        k = j
    return "\n".join(out)
