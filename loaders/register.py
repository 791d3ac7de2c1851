"""Registers of reviews and boards' action plans (CSV/XLSX), read through a column mapping."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewgraph.loaders.errors import InputError
from reviewgraph.loaders.readers import special_file
from reviewgraph.loaders.yamlfile import read_yaml

MAPPINGS_DIR = Path(__file__).parent / "mappings"
REFERENCE_DIR = Path(__file__).parent / "reference"
TRUE_VALUES = {"true", "yes", "y", "1", "t"}
FALSE_VALUES = {"false", "no", "n", "0", "f"}
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_TEMPLATE_FIELD = re.compile(r"\{(\w+)\}")


@dataclass
class RegisterRow:
    number: int  # 1-based data row number, as a spreadsheet user counts (header = row 1)
    meta: dict[str, Any]
    document: str | None = None
    tags: list[str] = field(default_factory=list)  # practice theme ids
    characteristics: list[str] = field(default_factory=list)  # case characteristic ids
    # Values the row does not say clearly, left unknown: "row 4, column Published: …".
    warnings: list[str] = field(default_factory=list)


def available_mappings() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml"))


def load_mapping(name_or_path: str) -> dict[str, Any]:
    """A built-in mapping by name (sample, dhrd) or a YAML file of your own."""
    path = Path(name_or_path)
    if not path.suffix:
        path = MAPPINGS_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise InputError(
            str(name_or_path),
            f"no such mapping: use one of {', '.join(available_mappings())} or a YAML file path",
        )
    try:
        mapping = read_yaml(path) or {}
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"not a readable YAML mapping ({e})") from e
    if not isinstance(mapping, dict) or "columns" not in mapping:
        raise InputError(str(path), "a mapping needs a `columns:` section (see loaders/mappings)")
    return mapping


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts of strings keyed by the header row."""
    kind = special_file(path)
    if kind:  # a FIFO would block the read for ever
        raise InputError(str(path), f"not a regular file ({kind})")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if "\x00" in text:
            raise InputError(str(path), "unreadable encoding: save it as UTF-8 CSV")
        rows = list(csv.DictReader(io.StringIO(text)))
    elif suffix in (".xlsx", ".xlsm"):
        rows = _read_xlsx(path)
    else:
        raise InputError(str(path), f"unknown table format '{suffix}': use .csv or .xlsx")
    if not rows:
        raise InputError(str(path), "empty: no data rows under the header")
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in rows]


def _read_xlsx(path: Path) -> list[dict[str, str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a broken file
        raise InputError(str(path), f"corrupt or not an XLSX workbook ({e})") from e
    sheet = book.worksheets[0]
    values = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    if not values:
        return []
    header = values[0]
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]


def _tag_themes(mapping: dict[str, Any]) -> dict[str, str]:
    tags = dict(mapping.get("tags") or {})
    source = mapping.get("tags_from")
    if source:
        data = read_yaml(REFERENCE_DIR / f"{source}.yaml") or {}
        data = data.get(source, data.get("tags", data))
        for column, theme in data.items():
            if isinstance(theme, dict):
                theme = theme.get("theme")
            if isinstance(theme, list):
                theme = theme[0] if theme else None
            if theme:
                tags.setdefault(column, theme)
    return tags


def _tag_characteristics(mapping: dict[str, Any]) -> dict[str, str]:
    """{column: characteristic id}: the mapping's own `characteristics:` section, and the
    tags of a known register named by `characteristics_from:` (characteristics.yaml)."""
    from reviewgraph.loaders.characteristics import load_characteristics

    tags = dict(mapping.get("characteristics") or {})
    source = mapping.get("characteristics_from")
    if source:
        for column, cid in load_characteristics().by_register_tag.get(source, {}).items():
            tags.setdefault(column, cid)
    return tags


def _value(row: dict[str, str], spec: str) -> str | None:
    if "{" in spec:
        names = _TEMPLATE_FIELD.findall(spec)
        if not all(row.get(n) for n in names):
            return None
        return spec.format(**{n: row[n] for n in names})
    value = row.get(spec)
    return value if value not in (None, "", "NA", "N/A", "unknown", "Unknown") else None


class Unclear(ValueError):
    """A value the register does not say clearly (`maybe` for a yes/no): left unknown."""


def _convert(field_name: str, value: str, mapping: dict[str, Any]) -> Any:
    """The field's value from the cell's text; Unclear when it cannot be read as one (a
    guess such as "anything not yes is no" would store what the register does not say)."""
    table = (mapping.get("values") or {}).get(field_name)
    if table:
        for key, out in table.items():
            if str(key).lower() == value.lower():
                return out
    if field_name in ("year", "incident_year"):
        m = _YEAR.search(value)
        if not m:
            raise Unclear("is not a year")
        return int(m.group(1))
    if field_name == "published":
        return _yes_no(value)
    return value


def _yes_no(value: str) -> bool:
    if value.lower() in TRUE_VALUES:
        return True
    if value.lower() in FALSE_VALUES:
        return False
    raise Unclear("is not yes/no")


def _column(spec: str) -> str:
    """The column a field is read from, as the register names it (a template: its columns)."""
    return ", ".join(_TEMPLATE_FIELD.findall(spec)) if "{" in spec else spec


def register_rows(path: Path, mapping: dict[str, Any]) -> list[RegisterRow]:
    """Every row of a register as review metadata, its document and its tagged themes."""
    rows = read_table(path)
    columns = mapping["columns"]
    needed = set(mapping.get("required") or [])
    for spec in columns.values():
        needed |= set(_TEMPLATE_FIELD.findall(spec)) if "{" in spec else {spec}
    missing = sorted(c for c in needed if c not in rows[0])
    if missing:
        raise InputError(
            str(path),
            f"wrong or missing columns: {', '.join(missing)} (mapping '{mapping.get('name')}' "
            f"expects them; found {', '.join(rows[0])}); choose another --mapping or write one",
        )
    tags = _tag_themes(mapping)
    characteristics = _tag_characteristics(mapping)
    out = []
    for number, row in enumerate(rows, start=2):
        meta: dict[str, Any] = dict(mapping.get("constants") or {})
        warnings = []
        for field_name, spec in columns.items():
            value = _value(row, spec)
            if value is None:
                continue
            try:
                meta[field_name] = _convert(field_name, value, mapping)
            except Unclear as e:
                meta[field_name] = None
                warnings.append(
                    f"row {number}, column {_column(spec)}: {value!r} {e}; left unknown"
                )
        document = meta.pop("document", None)
        themes = _tagged(row, number, tags, warnings, "theme")
        found = _tagged(row, number, characteristics, warnings, "characteristic")
        out.append(RegisterRow(number, meta, document, themes, found, warnings))
    return out


def _tagged(
    row: dict[str, str], number: int, tags: dict[str, str], warnings: list[str], what: str
) -> list[str]:
    """The ids whose yes/no column says yes (FALSE and empty: not tagged, nothing stored)."""
    found = []
    for col, tag in tags.items():
        cell = row.get(col, "")
        try:
            if cell and _yes_no(cell):
                found.append(tag)
        except Unclear as e:
            warnings.append(f"row {number}, column {col}: {cell!r} {e}; {what} not tagged")
    return sorted(set(found))
