"""Which backend to use and where its data lives: a typed value, built at the edge.

Nothing here reads the environment: the CLI and the dashboard build a `Settings` from
their options and the environment once (reviewgraph/settings.py) and hand it down.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Backend = Literal["embedded", "neo4j"]
BACKENDS: tuple[Backend, ...] = ("embedded", "neo4j")
GRAPH_NAME = "reviewgraph"


@dataclass(frozen=True)
class Settings:
    """Everything needed to open a store."""

    backend: Backend = "embedded"
    data_dir: Path = Path(".")
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"
    # Limits of one read (GraphStore.read): past them the database stops the query and the
    # caller gets QueryTimeout / QueryMemoryExceeded. On the embedded backend the memory
    # limit is FalkorDB's QUERY_MEM_CAPACITY, which holds for writes too.
    query_timeout_s: float = 30.0
    query_memory_mb: int = 1024

    @property
    def location(self) -> str:
        """Where the data lives, for humans."""
        if self.backend == "neo4j":
            return f"{self.neo4j_uri} (database {self.neo4j_database})"
        return str(self.data_dir)
