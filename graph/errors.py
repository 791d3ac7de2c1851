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


class ParameterError(ReviewgraphError):
    """A named query got a missing, unknown or mistyped parameter."""


class UnknownQuery(ReviewgraphError):
    """No named query has that name."""


class InputError(ReviewgraphError):
    """A file could not be loaded; names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
