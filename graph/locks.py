"""One writer at a time per store: an flock held for a whole load and its analyse.

Two loads at once on one data dir (two terminals, or the CLI and the dashboard's Load page)
each recomputed the derived data and doubled it (78 Precomputed views instead of 39). The
writers now take `writer.lock` in the data dir first; a second one waits and says so. The
kernel drops an flock when its holder dies, so a killed load never leaves the store locked.

For Neo4j the lock sits in a per-user runtime folder, keyed by the server and database:
it serialises the writers on this machine (not ones elsewhere on the same server).

Beside the lock, `writer.lock.pending` says that a writer began changing the graph and did
not get to the end of its analyse (it was killed, or failed): the next load then recomputes
the derived data even when its files are unchanged. Without it, kill -9 during analyse left
CO_OCCURS at 350 of 1040 for good, as every file was "unchanged" afterwards.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from reviewgraph.graph.config import Settings
from reviewgraph.graph.private_files import checked_private_dir, write_private
from reviewgraph.graph.store import GraphStore

LOCK_NAME = "writer.lock"
_held = threading.local()


def runtime_dir() -> Path:
    """A private per-user folder for sockets and locks that belong to no data dir."""
    folder = Path(tempfile.gettempdir()) / f"reviewgraph-{os.getuid()}"
    return checked_private_dir(folder, fix=False)  # refused if someone else can use it


def keyed_lock_file(key: str) -> Path:
    """The lock file for a store known by a key (a Neo4j URI and database)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return runtime_dir() / f"{digest}.{LOCK_NAME}"


def lock_file(settings: Settings) -> Path:
    """Where the writers of the store `settings` opens take their turn."""
    if settings.backend == "embedded":
        return Path(settings.data_dir).absolute() / LOCK_NAME
    return keyed_lock_file(f"{settings.neo4j_uri}|{settings.neo4j_database}")


def store_lock_file(store: GraphStore) -> Path:
    """The same file as `lock_file`, for an open store (the dashboard holds a store)."""
    data_dir = getattr(store, "data_dir", None)
    if store.backend == "embedded" and data_dir is not None:
        return Path(data_dir).absolute() / LOCK_NAME
    uri, database = getattr(store, "uri", None), getattr(store, "database", None)
    return keyed_lock_file(f"{uri}|{database}" if uri else store.location)


@contextlib.contextmanager
def writer_lock(
    path: Path, *, on_wait: Callable[[str], None] | None = None, where: str | None = None
) -> Iterator[None]:
    """Hold the writer lock at `path`, waiting (and saying so once through `on_wait`) while
    another process or thread holds it. Re-entrant within one thread."""
    key = str(path)
    depth: dict[str, int] = _held.__dict__.setdefault("depth", {})
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"waiting for another load on {where or path.parent} to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        depth[key] = 1
        try:
            yield
        finally:
            depth[key] = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def unfinished_analysis(lock: Path) -> Iterator[bool]:
    """Mark the derived data of the store behind `lock` as possibly stale for the block,
    clearing the mark only when the block completes; yields True when an earlier writer
    left it marked (hold the writer lock around this)."""
    marker = lock.with_name(lock.name + ".pending")
    pending = marker.exists()
    write_private(marker, f"pid {os.getpid()}\n".encode())
    yield pending
    marker.unlink(missing_ok=True)
