"""What a user is told when their own Cypher or its parameters are wrong (issue 13, item 11).

FalkorDB reports a syntax error as one line of fields ("errMsg: Invalid input 'R': expected
RETURN line: 2, column: 4, offset: 13 errCtx: RETRUN n errCtxOffset: 3"); Neo4j as a
message ending "(line 2, column 1 (offset: 10))" followed by the line and a caret. Both
become "syntax error at line L, column C: what", then the line and a pointer under the
place. Parameter names are checked before a query is sent: falkordb-py writes them into
the statement text, and a backtick there raised a ValueError (a traceback for the user).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from reviewgraph.graph.errors import QueryError

PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FALKOR = re.compile(
    r"errMsg:\s*(?P<what>.*?)\s+line:\s*(?P<line>\d+),\s*column:\s*(?P<column>\d+)"
    r"(?:,\s*offset:\s*\d+)?(?:\s+errCtx:\s*(?P<ctx>.*?)\s+errCtxOffset:\s*(?P<at>\d+))?\s*$",
    re.S,
)
_NEO4J = re.compile(r"^(?P<what>.*?)\s*\(line (?P<line>\d+), column (?P<column>\d+)", re.S)
PREFIX = "the database rejected the query: "
# Messages without a position that deserve a hint of what to do.
_HINTS = (
    (re.compile(r"^Missing parameters?", re.I),
     "the query uses a $parameter that was not given: add it to the parameters"),
    (re.compile(r"^'(\w+)' not defined$"),
     "{0} is not defined: a variable must be bound by MATCH, WITH or UNWIND before it is used"),
)  # fmt: skip


class BadParameterName(QueryError):
    """A parameter name other than letters, digits and underscores."""


def check_param_names(params: Mapping[str, Any] | None) -> None:
    """Refuse parameter names other than letters, digits and underscores (not first a digit)."""
    for name in params or {}:
        if not isinstance(name, str) or not PARAM_NAME.fullmatch(name):
            raise BadParameterName(
                f"parameter name {name!r} is not allowed: use letters, digits and underscores "
                "only, not starting with a digit (e.g. year_from), and write it as $year_from "
                "in the query"
            )


def _pointer(line_text: str, column: int) -> str:
    return f"    {line_text}\n    {' ' * max(column - 1, 0)}^"


def describe_query_error(message: str, cypher: str = "") -> str:
    """The engine's error as a message for the user, with line, column and a pointer when
    the engine gives a position."""
    message = message.strip()
    m = _FALKOR.search(message)
    if m:
        line, column = int(m["line"]), int(m["column"])
        what = m["what"].rstrip(" :")
        if m["ctx"] is not None:
            shown = _pointer(m["ctx"], int(m["at"]) + 1)
        else:
            shown = _line_pointer(cypher, line, column)
        return f"syntax error at line {line}, column {column}: {what}" + (
            f"\n{shown}" if shown else ""
        )
    m = _NEO4J.search(message)
    if m:
        line, column = int(m["line"]), int(m["column"])
        shown = _line_pointer(cypher, line, column)
        return f"syntax error at line {line}, column {column}: {m['what'].rstrip(' .:')}" + (
            f"\n{shown}" if shown else ""
        )
    for pattern, hint in _HINTS:
        hit = pattern.search(message)
        if hit:
            return PREFIX + hint.format(*hit.groups())
    return PREFIX + message


def _line_pointer(cypher: str, line: int, column: int) -> str:
    lines = cypher.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    return _pointer(lines[line - 1], column)
