"""What the loaders raise: a file that cannot be loaded, named with the reason."""

from __future__ import annotations

from reviewgraph.graph.errors import ReviewgraphError


class InputError(ReviewgraphError):
    """A file could not be loaded; names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
