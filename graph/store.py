"""The GraphStore interface both backends implement, and `open_store` to get one."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from typing import Any

from reviewgraph.graph.config import Settings

Row = dict[str, Any]

# Every node label the model knows and the key that identifies it (docs/GRAPH_MODEL.md).
NODE_LABELS = (
    "Review",
    "Document",
    "Board",
    "Agency",
    "Sector",
    "Theme",
    "Characteristic",
    "Recommendation",
    "Finding",
    "Passage",
    "Action",
)
# Labels of derived caches (queries/views.py, queries/derived.py): in the graph, but neither
# counted as data nor exported.
DERIVED_LABELS = ("Precomputed", "DeriveState")
RELATIONSHIP_TYPES = (
    "COMMISSIONED_BY",
    "DESCRIBED_IN",
    "INVOLVED",
    "HAS_THEME",
    "MENTIONS_THEME",
    "HAS_CHARACTERISTIC",
    "PART_OF",
    "IN_SECTOR",
    "MADE",
    "ADDRESSED_TO",
    "ON_THEME",
    "FOUND",
    "IN",
    "SUPPORTS",
    "TRACKS",
    "OWNED_BY",
    "SIMILAR_TO",
    "CO_OCCURS",
    "RAISES",
)
# Properties that filters and lookups use, indexed on both backends.
FILTER_PROPERTIES = {
    "Review": ("type", "board", "year", "age_band", "outcome", "published", "doc"),
    "Document": ("path",),
    "Recommendation": ("review_id", "doc", "status"),
    "Finding": ("review_id", "doc"),
    "Passage": ("doc",),
    "Action": ("doc", "rec_id"),
    "Theme": ("level",),
    "Agency": ("sector",),
}
# Indexes on the derived caches: views and markers are read by id, the similar pairs' buckets
# (queries/cells.py, 13,671 nodes at 10,000 reviews) by their set.
DERIVED_INDEXES = {"Precomputed": ("id", "cells")}
# Labels whose `text` is searchable in full text.
FULLTEXT_LABELS = ("Passage", "Finding", "Recommendation")


class GraphStore(ABC):
    """A graph database session: read rows, write batches, set up the schema."""

    backend: str = ""

    @abstractmethod
    def read(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> list[Row]:
        """Run a query in a read-only transaction; rows as plain dicts."""

    @abstractmethod
    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> dict[str, int]:
        """Run one statement in one write transaction; returns its counters."""

    def write_batch(
        self, cypher: str, rows: Iterable[Mapping[str, Any]], batch_size: int = 1000
    ) -> int:
        """`UNWIND $rows AS row ...` in chunks, one transaction per chunk; returns rows sent."""
        sent = 0
        chunk: list[Mapping[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch_size:
                self.write(cypher, {"rows": chunk})
                sent += len(chunk)
                chunk = []
        if chunk:
            self.write(cypher, {"rows": chunk})
            sent += len(chunk)
        return sent

    @abstractmethod
    def setup_schema(self) -> None:
        """Create constraints and indexes if they do not exist; safe to run again."""

    @abstractmethod
    def fulltext(self, label: str, text: str, limit: int = 50) -> list[Row]:
        """Full-text search over `text` of a label: rows of {node: properties, score}."""

    def fulltext_terms(self, text: str) -> str:
        """The user's words as this backend's full-text query: words only, all must match
        (no operators); empty when nothing searchable is left."""
        return " ".join(re.findall(r"\w+", text))

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship (schema stays)."""

    @abstractmethod
    def close(self) -> None:
        """Release connections (and stop the embedded server if this process owns it)."""

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the data lives, for humans."""

    def counts(self) -> dict[str, dict[str, int]]:
        """Node counts per label and relationship counts per type (zero included)."""
        nodes = {label: 0 for label in NODE_LABELS}
        for row in self.read("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n"):
            nodes[row["label"]] = row["n"]
        rels = {rel: 0 for rel in RELATIONSHIP_TYPES}
        for row in self.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"):
            rels[row["type"]] = row["n"]
        return {"nodes": nodes, "relationships": rels}

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(settings: Settings, *, setup: bool = True) -> GraphStore:
    """Open the configured backend (starting the embedded server when needed)."""
    store: GraphStore
    if settings.backend == "neo4j":
        from reviewgraph.graph.neo4j_backend import Neo4jStore

        store = Neo4jStore(settings)
    else:
        from reviewgraph.graph.embedded import EmbeddedStore

        store = EmbeddedStore(
            settings.data_dir,
            query_timeout_s=settings.query_timeout_s,
            query_memory_mb=settings.query_memory_mb,
        )
    if setup:
        try:
            store.setup_schema()
        except Exception:
            store.close()
            raise
    return store
