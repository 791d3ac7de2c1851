"""Where the data lives and which backend to use, from options and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

BACKENDS = ("embedded", "neo4j")
GRAPH_NAME = "reviewgraph"


def default_data_dir() -> Path:
    """The platform's user data dir for reviewgraph, unless REVIEWGRAPH_DATA says otherwise."""
    env = os.environ.get("REVIEWGRAPH_DATA")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("reviewgraph", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Everything needed to open a store; build it with `Settings.from_env`."""

    backend: str = "embedded"
    data_dir: Path = Path(".")
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"

    @classmethod
    def from_env(
        cls,
        backend: str | None = None,
        data_dir: str | Path | None = None,
        **neo4j: str | None,
    ) -> Settings:
        """Options win over the environment, the environment over defaults."""
        chosen = backend or os.environ.get("REVIEWGRAPH_BACKEND") or "embedded"
        if chosen not in BACKENDS:
            raise ValueError(f"unknown backend {chosen!r}: choose one of {', '.join(BACKENDS)}")
        return cls(
            backend=chosen,
            data_dir=Path(data_dir).expanduser() if data_dir else default_data_dir(),
            neo4j_uri=neo4j.get("uri") or os.environ.get("NEO4J_URI") or cls.neo4j_uri,
            neo4j_user=neo4j.get("user") or os.environ.get("NEO4J_USER") or cls.neo4j_user,
            neo4j_password=neo4j.get("password") or os.environ.get("NEO4J_PASSWORD"),
            neo4j_database=neo4j.get("database")
            or os.environ.get("NEO4J_DATABASE")
            or cls.neo4j_database,
        )

    @property
    def location(self) -> str:
        """Where the data lives, for humans."""
        if self.backend == "neo4j":
            return f"{self.neo4j_uri} (database {self.neo4j_database})"
        return str(self.data_dir)
