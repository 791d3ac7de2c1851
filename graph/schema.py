"""Constraints and indexes, written once per backend: the one place their syntax differs."""

from __future__ import annotations

from reviewgraph.graph.config import GRAPH_NAME
from reviewgraph.graph.store import (
    DERIVED_INDEXES,
    FILTER_PROPERTIES,
    FULLTEXT_LABELS,
    NODE_LABELS,
)

SchemaCall = str | tuple[str, ...]
# What one schema call makes, as `CALL db.indexes()` / `CALL db.constraints()` report it:
# (kind, label, property), kind RANGE, FULLTEXT or UNIQUE.
SchemaKey = tuple[str, str, str]


def _falkordb_index(label: str, prop: str) -> tuple[SchemaKey, SchemaCall]:
    return ("RANGE", label, prop), f"CREATE INDEX FOR (n:{label}) ON (n.{prop})"


def _neo4j_index(label: str, prop: str) -> str:
    return f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"


def falkordb_schema() -> list[tuple[SchemaKey, SchemaCall]]:
    """Each index and constraint FalkorDB needs, with the call that makes it, in order."""
    items: list[tuple[SchemaKey, SchemaCall]] = []
    for label in NODE_LABELS:
        for prop in ("id", *FILTER_PROPERTIES.get(label, ())):
            items.append(_falkordb_index(label, prop))
        # A unique constraint needs the exact-match index above.
        items.append(
            (
                ("UNIQUE", label, "id"),
                (
                    "GRAPH.CONSTRAINT",
                    "CREATE",
                    GRAPH_NAME,
                    "UNIQUE",
                    "NODE",
                    label,
                    "PROPERTIES",
                    "1",
                    "id",
                ),
            )  # fmt: skip
        )
    for label, props in DERIVED_INDEXES.items():
        items.extend(_falkordb_index(label, prop) for prop in props)
    for label in FULLTEXT_LABELS:
        call = f"CALL db.idx.fulltext.createNodeIndex('{label}', 'text')"
        items.append((("FULLTEXT", label, "text"), call))
    return items


def falkordb_schema_calls() -> list[SchemaCall]:
    """Cypher strings and raw GRAPH.CONSTRAINT commands for FalkorDB, in order."""
    return [call for _, call in falkordb_schema()]


NEO4J_FULLTEXT_INDEX = "text_search"


def neo4j_schema_statements() -> list[str]:
    """Neo4j 5 schema statements; IF NOT EXISTS makes them safe to repeat."""
    statements = []
    for label in NODE_LABELS:
        statements.append(
            f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        )
        statements.extend(_neo4j_index(label, prop) for prop in FILTER_PROPERTIES.get(label, ()))
    for label, props in DERIVED_INDEXES.items():
        statements.extend(_neo4j_index(label, prop) for prop in props)
    labels = "|".join(FULLTEXT_LABELS)
    # The English analyzer stems words and drops stop words, as FalkorDB's full-text index
    # (RediSearch) does, so "shared" finds "sharing" on both backends.
    statements.append(
        f"CREATE FULLTEXT INDEX {NEO4J_FULLTEXT_INDEX} IF NOT EXISTS "
        f"FOR (n:{labels}) ON EACH [n.text] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}"
    )
    return statements
