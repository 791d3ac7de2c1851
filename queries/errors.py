"""What the query library raises: an unknown query or a parameter it cannot use."""

from __future__ import annotations

from reviewgraph.graph.errors import ReviewgraphError


class ParameterError(ReviewgraphError):
    """A named query got a missing, unknown or mistyped parameter."""


class UnknownQuery(ReviewgraphError):
    """No named query has that name."""
