"""Every statement reviewgraph sends to Neo4j, checked by Neo4j's own Cypher linter as Neo4j 5.

No Neo4j server runs here; `@neo4j-cypher/language-support` (tests/cypher_lint) runs Neo4j's
parser and semantic analysis offline. Errors (severity 1) fail; deprecations are reported as
warnings. Needs `node` and `npm ci --prefix tests/cypher_lint`; skips without them.

Statements come from: graph/schema.py, GraphStore.counts, graph/neo4j_backend.py, the
named queries as run (each .cypher file with its `// @filters` line expanded), and the
STATEMENTS of
loaders.writer, queries.analytics, queries.similarity and queries.views.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from reviewgraph.graph import neo4j_backend
from reviewgraph.graph.schema import neo4j_schema_statements
from reviewgraph.graph.store import (
    DERIVED_LABELS,
    NODE_LABELS,
    RELATIONSHIP_TYPES,
    GraphStore,
    Row,
)
from reviewgraph.loaders import writer
from reviewgraph.queries import analytics, cells, derived, registry, similarity, tallies, views

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tests" / "cypher_lint"
LINTER = LINT_DIR / "lint.mjs"
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
INSTALL = "npm ci --prefix tests/cypher_lint"
PARAM = re.compile(r"\$(\w+)")
NOT_IN_MODEL = re.compile(r"^(Label|Relationship type) (\S+) is not present in the database")



class Neo4jDeprecation(UserWarning):
    """Neo4j 5 deprecates a form a statement uses (still runs; plan a replacement)."""


class Neo4jLintWarning(UserWarning):
    """Neo4j's other notifications, e.g. a cartesian product between disconnected patterns."""


# -- collecting the statements ---------------------------------------------------------------


class _Recorder(GraphStore):
    """A store that runs nothing and remembers every read, to collect GraphStore's own Cypher."""

    backend = "recorder"

    def __init__(self) -> None:
        self.sent: list[str] = []

    def read(self, cypher: str, params: Any = None, *, timeout_ms: int | None = None) -> list[Row]:
        self.sent.append(cypher)
        return []

    def write(self, cypher: str, params: Any = None) -> dict[str, int]:
        self.sent.append(cypher)
        return {}

    def setup_schema(self) -> None: ...

    def fulltext(self, label: str, text: str, limit: int = 50) -> list[Row]:
        return []

    def clear(self) -> None: ...

    def close(self) -> None: ...

    @property
    def location(self) -> str:
        return "nowhere"


def _schema_statements() -> dict[str, str]:
    named = {}
    for i, statement in enumerate(neo4j_schema_statements()):
        m = re.match(r"CREATE (?:CONSTRAINT|(?:FULLTEXT )?INDEX) (\w+)", statement)
        named[f"schema.{m.group(1) if m else i}"] = statement
    return named


def _counts_statements() -> dict[str, str]:
    recorder = _Recorder()
    recorder.counts()
    return {f"GraphStore.counts[{i}]": c for i, c in enumerate(recorder.sent)}


def _module_statements() -> dict[str, str]:
    """The statements the loaders and the query library send, as they send them."""
    named = {f"registry.{k}": v for k, v in registry.neo4j_statements().items()}
    for prefix, statements in (
        ("writer", writer.STATEMENTS),
        ("analytics", analytics.STATEMENTS),
        ("similarity", similarity.STATEMENTS),
        ("views", views.STATEMENTS),
        ("derived", derived.STATEMENTS),
        ("cells", cells.STATEMENTS),
        ("tallies", tallies.STATEMENTS),
    ):
        named.update({f"{prefix}.{k}": v for k, v in statements.items()})
    named.update({f"views.fingerprint[{i}]": c for i, c in enumerate(views.fingerprint_statements())})
    return named


def collect_statements() -> dict[str, str]:
    """Every statement the project sends to Neo4j, by a name that says where it lives."""
    named: dict[str, str] = {}
    seen: set[str] = set()
    for source in (
        _schema_statements(),
        _counts_statements(),
        {f"neo4j_backend.{k}": v for k, v in neo4j_backend.STATEMENTS.items()},
        _module_statements(),
    ):
        for name, cypher in source.items():
            if cypher.strip() not in seen:  # the same text under two names: lint once
                seen.add(cypher.strip())
                named[name] = cypher
    return named


# -- running the linter ----------------------------------------------------------------------


def lint(statements: Mapping[str, str], params: Mapping[str, list[str]] | None = None) -> dict:
    """Run lint.mjs once over all statements; {name: [diagnostic, ...]}."""
    if shutil.which("node") is None:
        pytest.skip("Neo4j Cypher lint: `node` is not installed (Node 20+)")
    if not PACKAGE.is_dir():
        pytest.skip(f"Neo4j Cypher lint: run `{INSTALL}` first (tests/cypher_lint/node_modules)")
    payload = {
        "schema": {
            "labels": [*NODE_LABELS, *DERIVED_LABELS],
            "relationshipTypes": list(RELATIONSHIP_TYPES),
            # No propertyKeys: the linter then flags map keys such as `row.child` of an
            # UNWIND row as unknown node properties, noise that hides real warnings.
        },
        "statements": [
            {
                "name": name,
                "cypher": cypher,
                "params": (params or {}).get(name, sorted(set(PARAM.findall(cypher)))),
            }
            for name, cypher in statements.items()
        ],
    }
    done = subprocess.run(
        ["node", str(LINTER)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"lint.mjs failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return {result["name"]: result["errors"] for result in json.loads(done.stdout)}


def _describe(name: str, cypher: str, d: dict) -> str:
    return f"{name} (line {d['line']}, column {d['column']}): {d['message']}\n    {cypher.strip()}"


@pytest.fixture(scope="module")
def statements() -> dict[str, str]:
    return collect_statements()


@pytest.fixture(scope="module")
def linted(statements: dict[str, str]) -> dict:
    started = time.perf_counter()
    results = lint(statements)
    elapsed = time.perf_counter() - started
    print(f"linted {len(statements)} statements as Neo4j 5 in {elapsed:.1f} s")
    return results


# -- the tests -------------------------------------------------------------------------------


def test_collects_every_known_statement(statements: dict[str, str]) -> None:
    assert set(neo4j_schema_statements()) <= set(statements.values())
    assert set(writer.STATEMENTS.values()) <= set(statements.values())
    assert set(analytics.STATEMENTS.values()) <= set(statements.values())
    assert set(cells.STATEMENTS.values()) <= set(statements.values())
    assert set(tallies.STATEMENTS.values()) <= set(statements.values())
    assert "registry.recurring_themes" in statements
    assert any(name.startswith("GraphStore.counts") for name in statements)
    assert set(neo4j_backend.STATEMENTS.values()) <= set(statements.values())


def test_every_statement_is_valid_neo4j_5(statements: dict[str, str], linted: dict) -> None:
    errors = [
        _describe(name, statements[name], d)
        for name, diagnostics in linted.items()
        for d in diagnostics
        if d["severity"] == 1
    ]
    assert not errors, "Neo4j 5 rejects these statements:\n" + "\n".join(errors)


def test_statements_use_only_the_models_labels_and_types(
    statements: dict[str, str], linted: dict
) -> None:
    unknown = [
        _describe(name, statements[name], d)
        for name, diagnostics in linted.items()
        for d in diagnostics
        if NOT_IN_MODEL.match(d["message"])
    ]
    assert not unknown, (
        "labels or relationship types missing from graph/store.py NODE_LABELS/RELATIONSHIP_TYPES "
        "(a typo, or add them there and to docs/GRAPH_MODEL.md):\n" + "\n".join(unknown)
    )


def test_deprecations_and_warnings_are_reported(statements: dict[str, str], linted: dict) -> None:
    """Warnings never fail the suite; they show in pytest's warnings summary."""
    for name, diagnostics in linted.items():
        for d in diagnostics:
            if d["severity"] == 1 or NOT_IN_MODEL.match(d["message"]):
                continue
            kind = Neo4jDeprecation if d["deprecated"] else Neo4jLintWarning
            warnings.warn(_describe(name, statements[name], d), kind, stacklevel=1)


NEGATIVE = {
    "unclosed pattern": "MATCH (n RETURN n",
    "FalkorDB full-text procedure": "CALL db.idx.fulltext.queryNodes('Passage', 'x') YIELD node "
    "RETURN node",
    "index syntax Neo4j 5 removed (FalkorDB accepts it)": "CREATE INDEX ON :Review(id)",
    "APOC (not installed)": "MATCH (n) CALL apoc.create.addLabels(n, ['X']) YIELD node RETURN node",
    "undeclared parameter": "MATCH (r:Review {id: $id}) RETURN r",
}


def test_linter_rejects_what_neo4j_5_rejects() -> None:
    """The negative control: if these pass, the lint test above proves nothing."""
    results = lint(NEGATIVE, params={"undeclared parameter": []})
    accepted = [
        name
        for name, diagnostics in results.items()
        if not any(d["severity"] == 1 for d in diagnostics)
    ]
    assert not accepted, f"the linter accepted statements Neo4j 5 rejects: {accepted}"


def test_linter_reports_deprecations() -> None:
    results = lint({"id()": "MATCH (r:Review) RETURN id(r) AS n"})
    assert any(d["deprecated"] and d["severity"] == 2 for d in results["id()"])
