"""The named queries: `.cypher` files with a header, loaded by name, run with checked parameters.

A file in `queries/cypher/` starts with `//` header lines, then the body:

    // name: recurring_themes
    // title: Recurring themes
    // description: one paragraph a board manager understands
    // param: level str = "theme" -- the taxonomy level counted
    // choices: level = theme, subtheme, domain
    // param: review_id str -- no default: the parameter is required
    // filters: common
    // fulltext: text
    MATCH ...

`// filters: common` declares the eight filters every aggregate takes (FILTER_PARAMS); the
body marks where their WHERE clause goes with a line of its own, `// @filters` (on the
reviews `r`), and the loader puts FILTER_WHERE there: the clause is written once, here. The
statement as run, filters included, is what `reviewgraph queries --show NAME` prints.

`// fulltext: text` marks a parameter holding the user's words for a full-text index: the
runner turns them into the backend's query syntax (plain words, no operators).

An uncorrelated subquery is written once, in Neo4j 5's form `CALL () {` (the bare `CALL {`
is deprecated there); FalkorDB 4.16 parses only `CALL {`, and its body is the same text with
that one form changed. When the backends need different bodies otherwise (full-text search
calls each engine's own procedure), `// backend: neo4j` and `// backend: embedded`
lines start each one. A body other than Neo4j's is wrapped in `/* ... */`, so the file as a
whole is still one statement Neo4j's linter accepts (tests/test_cypher_lint.py lints files).
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.errors import ParameterError, UnknownQuery

CYPHER_DIR = Path(__file__).parent / "cypher"
BACKENDS = ("embedded", "neo4j")
TYPES = ("str", "int", "float", "bool", "list[str]", "list[int]")

# The filter every aggregate applies to its reviews `r`; files contain it verbatim.
FILTER_WHERE = """\
WHERE (size($types) = 0 OR r.type IN $types)
  AND (size($boards) = 0 OR r.board IN $boards)
  AND ($year_from IS NULL OR r.year >= $year_from)
  AND ($year_to IS NULL OR r.year <= $year_to)
  AND (size($age_bands) = 0 OR r.age_band IN $age_bands)
  AND ($outcome IS NULL OR r.outcome = $outcome)
  AND ($include_unpublished OR coalesce(r.published, true) <> false)
  AND ($include_register OR coalesce(r.source, 'report') <> 'register')"""


FILTER_MARKER = re.compile(r"^([ \t]*)// @filters[ \t]*$", re.M)


def contains_filter(body: str) -> bool:
    """Whether `body` contains FILTER_WHERE word for word (indentation may differ)."""

    def lines(text: str) -> str:
        return "\n".join(line.strip() for line in text.splitlines())

    return lines(FILTER_WHERE) in lines(body)


def expand_filters(body: str) -> str:
    """The body with each `// @filters` line replaced by FILTER_WHERE at its indentation."""
    return FILTER_MARKER.sub(
        lambda m: "\n".join(m.group(1) + line for line in FILTER_WHERE.splitlines()), body
    )


@dataclass
class ParamSpec:
    """One declared parameter of a named query."""

    name: str
    type: str
    default: Any
    description: str
    required: bool = False
    choices: tuple[str, ...] | None = None


@dataclass
class QuerySpec:
    """A named query: what it answers, its parameters and its Cypher per backend."""

    name: str
    title: str
    description: str
    params: list[ParamSpec]
    cypher: dict[str, str]
    filters: bool = False
    fulltext: tuple[str, ...] = ()
    # None: always computed live; otherwise the choice parameters whose every value
    # `reviewgraph analyse` precomputes (other parameters at their defaults).
    precompute: tuple[str, ...] | None = None
    path: Path | None = field(default=None, compare=False)

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)


FILTER_PARAMS = (
    ParamSpec("types", "list[str]", [], "review types (SCR, CSPR, SAR, DHR, CPR …); empty for all"),
    ParamSpec("boards", "list[str]", [], "board names as in Review.board; empty for all"),
    ParamSpec("year_from", "int", None, "first year included (review year)"),
    ParamSpec("year_to", "int", None, "last year included"),
    ParamSpec(
        "age_bands", "list[str]", [], "under 1, 1-5, 6-10, 11-15, 16-17, adult; empty for all"
    ),  # fmt: skip
    ParamSpec(
        "outcome", "str", None, "fatal or non-fatal; empty for both", False, ("fatal", "non-fatal")
    ),  # fmt: skip
    ParamSpec("include_unpublished", "bool", False, "include reviews marked unpublished"),
    ParamSpec(
        "include_register",
        "bool",
        False,
        "count register records (rows of a register: fields and tags, no text) with the reports",
    ),  # fmt: skip
)

_HEADER = re.compile(
    r"^//\s*(name|title|description|param|choices|filters|fulltext|precompute|backend):\s?(.*)$"
)
_PARAM = re.compile(
    r"^(\w+)\s+(list\[str\]|list\[int\]|str|int|float|bool)(?:\s*=\s*(.*?))?\s+--\s+(.+)$"
)


class QueryFileError(Exception):
    """A .cypher file in the package is malformed (a bug in the package, not user input)."""


def _default(raw: str | None, type_: str, where: str) -> tuple[Any, bool]:
    """The parsed default and whether the parameter is required (no default given)."""
    if raw is None:
        return None, True
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw  # a bare word: a string default
    if value is not None and type_ in ("str",) and not isinstance(value, str):
        raise QueryFileError(f"{where}: default {raw!r} is not a {type_}")
    return value, False


def _split_backends(body: str) -> dict[str, str]:
    """{backend: body}; a body wrapped in /* */ (to hide it from Neo4j) is unwrapped."""
    parts: dict[str, list[str]] = {}
    current = "*"
    for line in body.splitlines():
        m = re.match(r"^//\s*backend:\s*(\w+)", line)
        if m:
            current = m.group(1)
            if current not in BACKENDS:
                raise QueryFileError(f"unknown backend {current!r} (use {', '.join(BACKENDS)})")
            continue
        parts.setdefault(current, []).append(line)
    texts = {k: "\n".join(v).strip() for k, v in parts.items()}
    if set(texts) - {"*"}:
        texts.pop("*", None)  # text before the first `// backend:` is a comment
        missing = [b for b in BACKENDS if b not in texts]
        if missing:
            raise QueryFileError(f"no body for backend {', '.join(missing)}")
        for backend, text in texts.items():
            if text.startswith("/*") and text.endswith("*/"):
                texts[backend] = text[2:-2].strip()
        return texts
    text = texts.get("*", "")
    return {"neo4j": text, "embedded": text.replace("CALL () {", "CALL {")}


@dataclass
class _Header:
    """What the `//` header lines of one file declare."""

    where: str
    meta: dict[str, str] = field(default_factory=dict)
    params: list[ParamSpec] = field(default_factory=list)
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    filters: bool = False
    fulltext: list[str] = field(default_factory=list)
    precompute: tuple[str, ...] | None = None

    def add(self, key: str, value: str) -> None:
        if key == "param":
            m = _PARAM.match(value)
            if not m:
                raise QueryFileError(f"{self.where}: bad param line {value!r}")
            default, required = _default(m.group(3), m.group(2), f"{self.where} {m.group(1)}")
            self.params.append(ParamSpec(m.group(1), m.group(2), default, m.group(4), required))
        elif key == "choices":
            name, _, options = value.partition("=")
            self.choices[name.strip()] = tuple(o.strip() for o in options.split(",") if o.strip())
        elif key == "filters":
            self.filters = value == "common"
        elif key == "fulltext":
            self.fulltext.append(value)
        elif key == "precompute":
            self.precompute = tuple(v.strip() for v in value.split(",") if v.strip() != "yes")
        elif key == "description" and "description" in self.meta:
            self.meta[key] += " " + value  # a description may run over several lines
        else:
            self.meta[key] = value


def _read_header(lines: list[str], where: str) -> tuple[_Header, int]:
    """The header and the number of the first body line."""
    header = _Header(where)
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m and m.group(1) != "backend":
            header.add(m.group(1), m.group(2).strip())
        elif m or not (line.startswith("//") or not line.strip()):
            return header, i
    return header, len(lines)


def parse_query_file(path: Path) -> QuerySpec:
    """Read one .cypher file into a QuerySpec, checking its header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header, body_start = _read_header(lines, path.name)
    body = "\n".join(lines[body_start:])
    meta, params = header.meta, header.params
    for p in params:
        p.choices = header.choices.get(p.name, p.choices)
    for key in ("name", "title", "description"):
        if not meta.get(key):
            raise QueryFileError(f"{path.name}: header has no `// {key}:` line")
    if meta["name"] != path.stem:
        raise QueryFileError(f"{path.name}: `// name: {meta['name']}` differs from the file name")
    for name in header.precompute or ():
        declared = next((p for p in params if p.name == name), None)
        if declared is None or not declared.choices:
            raise QueryFileError(f"{path.name}: precompute names {name!r}, not a choice parameter")
    if contains_filter(body):
        raise QueryFileError(f"{path.name}: copies FILTER_WHERE; write a `// @filters` line")
    if header.filters:
        if not FILTER_MARKER.search(body):
            raise QueryFileError(
                f"{path.name}: declares `filters: common` but has no `// @filters`"
            )
        body = expand_filters(body)
        # a file may restate a common filter with a default of its own (the register views
        # count register records by default): its own line wins
        own = {p.name for p in params}
        params += [ParamSpec(**vars(p)) for p in FILTER_PARAMS if p.name not in own]
    elif FILTER_MARKER.search(body):
        raise QueryFileError(f"{path.name}: has `// @filters` but no `// filters: common` line")
    return QuerySpec(
        name=meta["name"],
        title=meta["title"],
        description=meta["description"],
        params=params,
        cypher=_split_backends(body),
        filters=header.filters,
        fulltext=tuple(header.fulltext),
        precompute=header.precompute,
        path=path,
    )


@functools.cache
def _load_all() -> dict[str, QuerySpec]:
    specs = {}
    for path in sorted(CYPHER_DIR.glob("*.cypher")):
        spec = parse_query_file(path)
        specs[spec.name] = spec
    return specs


def list_queries() -> list[QuerySpec]:
    """Every named query, by name."""
    return list(_load_all().values())


def get_query(name: str) -> QuerySpec:
    """The named query; UnknownQuery lists the closest names."""
    specs = _load_all()
    if name in specs:
        return specs[name]
    close = difflib.get_close_matches(name, list(specs), n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise UnknownQuery(
        f"no named query {name!r}: {hint}`reviewgraph queries` lists all {len(specs)}"
    )


def neo4j_statements() -> dict[str, str]:
    """{name: Neo4j body} of every named query (tests/test_cypher_lint.py lints these)."""
    return {spec.name: spec.cypher["neo4j"] for spec in list_queries()}


# -- parameters ------------------------------------------------------------------------------

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def _mistyped(p: ParamSpec, value: object) -> ParameterError:
    expected = {
        "str": "text",
        "int": "a whole number, e.g. 2015",
        "float": "a number, e.g. 0.5",
        "bool": "true or false",
        "list[str]": "a comma-separated list, e.g. SCR,SAR",
        "list[int]": "a comma-separated list of whole numbers, e.g. 2019,2020",
    }[p.type]
    return ParameterError(f"parameter {p.name!r} must be {p.type} ({expected}); got {value!r}")


def _scalar(p: ParamSpec, value: object, type_: str) -> Any:
    if type_ == "str":
        if isinstance(value, str):
            return value
        raise _mistyped(p, value)
    if type_ == "int":
        if isinstance(value, bool):
            raise _mistyped(p, value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return int(value)
        raise _mistyped(p, value)
    if type_ == "float":
        if isinstance(value, bool):
            raise _mistyped(p, value)
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise _mistyped(p, value)
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise _mistyped(p, value)
    raise QueryFileError(f"unknown parameter type {type_!r}")


def _coerce_one(p: ParamSpec, value: object) -> Any:
    if p.type.startswith("list["):
        inner = p.type[5:-1]
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    value = json.loads(text)
                except json.JSONDecodeError as e:
                    raise _mistyped(p, value) from e
            else:
                value = [v.strip() for v in text.split(",") if v.strip()]
        if not isinstance(value, list | tuple):
            raise _mistyped(p, value)
        try:
            return [_scalar(p, v, inner) for v in value]
        except ParameterError as e:
            raise _mistyped(p, value) from e
    if isinstance(value, str) and value.strip() == "" and p.type != "str":
        return None
    result = _scalar(p, value, p.type)
    if p.choices and result not in p.choices:
        raise ParameterError(
            f"parameter {p.name!r} must be one of {', '.join(p.choices)}; got {result!r}"
        )
    return result


def coerce_params(spec: QuerySpec, raw: Mapping[str, object] | None) -> dict[str, Any]:
    """Check and convert parameters by their declared types; defaults filled in.

    Strings (from the CLI or a URL) are converted: "2015" -> 2015, "SCR,SAR" -> ["SCR", "SAR"],
    "true" -> True; an empty string means "not set" for a nullable parameter.
    """
    raw = dict(raw or {})
    known = {p.name for p in spec.params}
    unknown = sorted(set(raw) - known)
    if unknown:
        names = ", ".join(p.name for p in spec.params) or "none"
        raise ParameterError(
            f"{spec.name} has no parameter {', '.join(map(repr, unknown))}; it takes: {names}"
        )
    params: dict[str, Any] = {}
    for p in spec.params:
        value = raw.get(p.name)
        if value is None or (p.type == "str" and value == "" and p.default is None):
            if p.required:
                raise ParameterError(
                    f"{spec.name} needs parameter {p.name!r} ({p.type}): {p.description}"
                )
            params[p.name] = list(p.default) if isinstance(p.default, list) else p.default
            continue
        params[p.name] = _coerce_one(p, value)
    return params


# -- running ---------------------------------------------------------------------------------


def run_query(
    store: GraphStore,
    name: str,
    params: Mapping[str, object] | None = None,
    *,
    precomputed: bool = True,
) -> list[dict[str, Any]]:
    """Run a named query with checked parameters; rows as dicts in the query's column order.

    With no filter set, a query marked `// precompute:` answers from the view `reviewgraph
    analyse` stored, while the graph is unchanged since (queries/views.py); under a filter on
    review types, years or the published/register switches `similar_recommendations` reads
    the pairs kept per pair of review cells (queries/cells.py), and the count-shaped
    aggregates add up the counts kept per cell (queries/tallies.py); `precomputed=False`
    always computes from the links.
    """
    spec = get_query(name)
    values = coerce_params(spec, params)
    if precomputed and spec.precompute is not None:
        from reviewgraph.queries.views import read_view

        stored = read_view(store, spec, values)
        if stored is not None:
            return stored
        from reviewgraph.queries.cells import answer

        kept = answer(store, spec, values)  # similar pairs kept per pair of review cells
        if kept is not None:
            return kept
        from reviewgraph.queries import tallies

        kept = tallies.answer(store, spec, values)  # counts kept per review cell
        if kept is not None:
            return kept
    backend = store.backend if store.backend in spec.cypher else "embedded"
    for param in spec.fulltext:
        values[param] = store.fulltext_terms(values[param] or "")
        if not values[param]:
            return []  # nothing searchable (punctuation only): no rows rather than an error
    rows = store.read(spec.cypher[backend], values)
    if not rows and values.get("review_id"):
        check_review_id(store, str(values["review_id"]))
    return rows


REVIEW_EXISTS = "MATCH (r:Review {id: $id}) RETURN r.id AS id"
REVIEW_IDS = "MATCH (r:Review) RETURN r.id AS id"


def check_review_id(store: GraphStore, review_id: str) -> None:
    """Raise ParameterError naming the closest ids when no review has `review_id` (so an
    empty answer means "nothing found", never "mistyped id")."""
    if store.read(REVIEW_EXISTS, {"id": review_id}):
        return
    ids = [r["id"] for r in store.read(REVIEW_IDS) if r["id"]]
    close = difflib.get_close_matches(review_id, ids, n=3, cutoff=0.4)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise ParameterError(
        f"no review {review_id!r}: {hint}`reviewgraph query reviews` lists the {len(ids)} loaded"
    )
