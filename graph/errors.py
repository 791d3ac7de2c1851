"""One root exception for reviewgraph and a few named kinds.

Every message says what happened and what to do next; the CLI prints it as is.
"""

from __future__ import annotations


class ReviewgraphError(Exception):
    """Root of every error reviewgraph raises on purpose."""


class StoreUnavailable(ReviewgraphError):
    """The graph store cannot be reached or started."""


class DataDirError(ReviewgraphError):
    """The data directory cannot be used (missing permissions, not a directory)."""


class QueryError(ReviewgraphError):
    """The database rejected a query (syntax, unknown function, bad parameter)."""


class ReadOnlyViolation(QueryError):
    """A write was attempted through a read-only path."""


class QueryTimeout(QueryError):
    """A query ran past the time limit and the database stopped it (the store still answers)."""

    @classmethod
    def after(cls, seconds: float) -> QueryTimeout:
        return cls(
            f"stopped after {seconds:g} s: narrow the query or raise the limit with "
            "--query-timeout / REVIEWGRAPH_QUERY_TIMEOUT_S"
        )


class QueryMemoryExceeded(QueryError):
    """A query needed more memory than the limit and the database stopped it."""

    @classmethod
    def over(cls, limit: str, how: str = "--query-memory / REVIEWGRAPH_QUERY_MEMORY_MB") -> (
        QueryMemoryExceeded
    ):
        return cls(f"over {limit}: narrow the query or raise the limit with {how}")
