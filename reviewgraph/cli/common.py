"""What every command shares: the settings the global options decided, and error printing."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import click

from reviewgraph.graph.config import Settings
from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.graph.locks import lock_file, writer_lock
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.loaders.readers import ReadLimits


class Context:
    """What the global options decided, handed to every command."""

    def __init__(self, settings: Settings, limits: ReadLimits | None = None) -> None:
        self.settings = settings
        self.limits = limits or ReadLimits()

    def open(self, *, setup: bool = True) -> GraphStore:
        return open_store(self.settings, setup=setup)

    @property
    def lock_file(self) -> Path:
        return lock_file(self.settings)

    def writer_lock(self) -> AbstractContextManager[None]:
        """Held by commands that write (load, analyse, reset): one at a time per store."""
        return writer_lock(
            self.lock_file,
            on_wait=lambda message: click.echo(message, err=True),
            where=self.settings.location,
        )


pass_ctx = click.make_pass_decorator(Context)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Print reviewgraph's own errors as one clear line and exit 1, without a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ReviewgraphError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)

    return wrapper
