"""Configuration read once, at the edge: command-line options over the environment over
defaults, into typed values the library is handed (it never reads the environment itself).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import cast

from reviewgraph.graph.config import BACKENDS, Backend, Settings
from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.loaders.readers import MAX_FILE_MB, MAX_PAGES, ReadLimits
from reviewgraph.loaders.strength import MAX_STRONG


class SettingsError(ReviewgraphError):
    """An option or environment variable has a value reviewgraph cannot use."""


def default_data_dir() -> Path:
    """The platform's user data dir (~/.local/share/reviewgraph on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("reviewgraph", appauthor=False))


def store_settings(
    environ: Mapping[str, str] | None = None,
    *,
    backend: str | None = None,
    data_dir: str | Path | None = None,
    neo4j_uri: str | None = None,
    neo4j_user: str | None = None,
    neo4j_password: str | None = None,
    neo4j_database: str | None = None,
    query_timeout_s: float | None = None,
    query_memory_mb: int | None = None,
) -> Settings:
    """The store to open: options win over the environment, the environment over defaults."""
    env = os.environ if environ is None else environ
    chosen = backend or env.get("REVIEWGRAPH_BACKEND") or "embedded"
    if chosen not in BACKENDS:
        source = "--backend" if backend else "REVIEWGRAPH_BACKEND"
        raise SettingsError(f"{source}={chosen!r} is not a backend: choose {' or '.join(BACKENDS)}")
    folder = data_dir or env.get("REVIEWGRAPH_DATA")
    return Settings(
        backend=cast(Backend, chosen),
        data_dir=Path(folder).expanduser().absolute() if folder else default_data_dir(),
        neo4j_uri=neo4j_uri or env.get("NEO4J_URI") or Settings.neo4j_uri,
        neo4j_user=neo4j_user or env.get("NEO4J_USER") or Settings.neo4j_user,
        neo4j_password=neo4j_password or env.get("NEO4J_PASSWORD"),
        neo4j_database=neo4j_database or env.get("NEO4J_DATABASE") or Settings.neo4j_database,
        query_timeout_s=query_timeout_s
        or _number(env, "REVIEWGRAPH_QUERY_TIMEOUT_S", Settings.query_timeout_s),
        query_memory_mb=query_memory_mb
        or _whole(env, "REVIEWGRAPH_QUERY_MEMORY_MB", Settings.query_memory_mb),
    )


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a number") from None
    if not number > 0:  # NaN too
        raise SettingsError(f"{name}={value!r} must be more than 0")
    if number == float("inf"):
        raise SettingsError(f"{name}={value!r} must be a finite number")
    return number


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    number = _number(env, name, default)
    if number != int(number):
        raise SettingsError(f"{name}={env.get(name)!r} must be a whole number")
    return int(number)


def read_limits(environ: Mapping[str, str] | None = None) -> ReadLimits:
    """Per-file limits of a load: REVIEWGRAPH_MAX_FILE_MB, REVIEWGRAPH_MAX_PAGES and
    REVIEWGRAPH_THEMES_PER_REVIEW."""
    env = os.environ if environ is None else environ
    return ReadLimits(
        max_file_mb=_number(env, "REVIEWGRAPH_MAX_FILE_MB", MAX_FILE_MB),
        max_pages=int(_number(env, "REVIEWGRAPH_MAX_PAGES", MAX_PAGES)),
        themes_per_review=_whole(env, "REVIEWGRAPH_THEMES_PER_REVIEW", MAX_STRONG),
    )


def our_board(environ: Mapping[str, str] | None = None) -> str | None:
    """The board whose reviews the dashboard sets beside all the others' (REVIEWGRAPH_OUR_BOARD,
    a board name as in Review.board); None when unset."""
    env = os.environ if environ is None else environ
    value = (env.get("REVIEWGRAPH_OUR_BOARD") or "").strip()
    return value or None
