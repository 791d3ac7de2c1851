"""The default backend: FalkorDB embedded as a child process (see embedded_server)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewgraph.graph.config import GRAPH_NAME, Settings
from reviewgraph.graph.embedded_server import STOP_TIMEOUT_S, EmbeddedServer
from reviewgraph.graph.errors import (
    QueryError,
    QueryMemoryExceeded,
    QueryTimeout,
    ReadOnlyViolation,
    StoreUnavailable,
)
from reviewgraph.graph.query_errors import describe_query_error
from reviewgraph.graph.schema import SchemaKey, falkordb_schema
from reviewgraph.graph.store import GraphStore, Row

if TYPE_CHECKING:
    import redis

_CLIENT_PREFIX = "reviewgraph"
# Creating an index or a constraint only queues its population on the server's workers, so
# each schema call answers within milliseconds, even on a large graph: one that has not
# answered in this time is stalled, not slow.
SCHEMA_TIMEOUT_S = 60.0


# A comment, a string literal (backslash escapes inside) or a quoted name.
_TOKENS = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.S)


def without_comments(cypher: str) -> str:
    """The statement with its `//` and `/* */` comments blanked (strings and quoted names kept).

    FalkorDB 4.16's parser crashes the whole server (signal 11 in `cypher_astnode_type`) on
    a `//` comment that opens a `CALL { ... }` subquery followed by two MATCH clauses: a
    researcher's commented query in the workbench took the graph down for every user, and
    the read's one retry took it down again. Comments mean nothing to the engine, so the
    embedded store sends none. Line breaks are kept, so the engine's error positions hold.
    """
    if "//" not in cypher and "/*" not in cypher:
        return cypher

    def blank(m: re.Match[str]) -> str:
        text = m.group(0)
        if text[0] != "/":
            return text
        return re.sub(r"[^\n]", " ", text)

    return _TOKENS.sub(blank, cypher)


def _plain(value: Any) -> Any:
    """FalkorDB nodes, edges and paths as plain Python values."""
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FPath

    if isinstance(value, Node | Edge):
        return dict(value.properties)
    if isinstance(value, FPath):
        return [dict(n.properties) for n in value.nodes()]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _size(mb: int) -> str:
    return f"{mb / 1024:g} GiB" if mb >= 1024 else f"{mb} MiB"


def client(socket: Path, name: str, timeout: float | None = None) -> redis.Redis:
    """A client that sends each command once and waits for its answer (for ever unless a
    `timeout` in seconds is given: then redis.TimeoutError).

    redis-py's defaults (a 5 s socket timeout, then up to 10 retries) re-sent any statement
    that ran longer than 5 s: a write was applied again on every retry and a long read was
    queued again behind itself. Reads are bounded by the server (a per-query timeout and
    QUERY_MEM_CAPACITY) instead; a lost connection is reported, never retried blindly.
    """
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis(
        unix_socket_path=str(socket),
        client_name=name,
        decode_responses=True,
        socket_timeout=timeout,  # None: wait for the answer, however long a write takes
        socket_connect_timeout=10,
        retry=Retry(NoBackoff(), 0),
    )


def _query_error(e: Exception, cypher: str, timeout_ms: int = 0, memory_mb: int = 0) -> QueryError:
    message = str(e)
    if "timed out" in message.lower():
        return QueryTimeout.after(timeout_ms / 1000)
    if "mem consumption exceeded" in message.lower():
        return QueryMemoryExceeded.over(_size(memory_mb))
    if "read-only" in message or "RO_QUERY" in message:
        return ReadOnlyViolation(
            "this path is read-only: the query tries to write (CREATE, MERGE, SET, DELETE …). "
            "Nothing was changed; load data with `reviewgraph load`."
        )
    return QueryError(describe_query_error(message, cypher))  # line, column and a pointer


class EmbeddedStore(GraphStore):
    """FalkorDB on a unix socket in the data dir, started on first use."""

    backend = "embedded"

    def __init__(
        self,
        data_dir: Path,
        *,
        detach: bool = False,
        query_timeout_s: float = Settings.query_timeout_s,
        query_memory_mb: int = Settings.query_memory_mb,
    ) -> None:
        import falkordb

        self.data_dir = Path(data_dir)
        self.query_timeout_ms = max(1, round(query_timeout_s * 1000))
        self.query_memory_mb = query_memory_mb
        self.detach = detach
        self.server = EmbeddedServer(self.data_dir)
        socket, owned = self.server.ensure_running(detach=detach)
        # A server this process started (or took over from a dead owner) stops with it,
        # unless asked to outlive it.
        self.owns_server = owned and not detach
        self._client_name = f"{_CLIENT_PREFIX}-{os.getpid()}-{id(self):x}"
        self._redis = client(socket, self._client_name)
        try:
            # Connect now: an open connection is how an owner sees that others still use it.
            self._redis.ping()
            self._apply_memory_limit()
        except Exception:
            self.close()
            raise
        self._db = falkordb.FalkorDB(connection_pool=self._redis.connection_pool)
        self._graph = self._db.select_graph(GRAPH_NAME)

    def _reconnect(self) -> None:
        with contextlib.suppress(Exception):
            self._redis.connection_pool.disconnect()
        _, owned = self.server.ensure_running(detach=self.detach)
        self.owns_server = self.owns_server or (owned and not self.detach)
        self._apply_memory_limit()

    def _apply_memory_limit(self) -> None:
        """FalkorDB's QUERY_MEM_CAPACITY is one value for the server: the last store opened
        sets it (the CLI and the dashboard read the same settings)."""
        limit = self.query_memory_mb * 1024 * 1024
        _, current = self._redis.execute_command("GRAPH.CONFIG", "GET", "QUERY_MEM_CAPACITY")
        if int(current) != limit:
            self._redis.execute_command("GRAPH.CONFIG", "SET", "QUERY_MEM_CAPACITY", limit)

    @property
    def location(self) -> str:
        return f"{self.data_dir} (embedded FalkorDB, socket {self.server.socket})"

    def read(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> list[Row]:
        import redis

        # FalkorDB stops the query itself at this limit and goes on answering others; a caller
        # may ask for less time (the workbench), never for more.
        timeout = min(timeout_ms or self.query_timeout_ms, self.query_timeout_ms)
        cypher = without_comments(cypher)
        try:
            try:
                result = self._graph.ro_query(cypher, dict(params or {}), timeout=timeout)
            except redis.ConnectionError:
                # The server went away (its owner ended, or it was killed): a read changes
                # nothing, so it may be sent again once, to a server started afresh.
                self._reconnect()
                result = self._graph.ro_query(cypher, dict(params or {}), timeout=timeout)
        except redis.ConnectionError as e:
            raise self._unavailable(e) from e
        except redis.ResponseError as e:
            raise _query_error(e, cypher, timeout, self.query_memory_mb) from e
        names = [column[1] for column in result.header]
        return [dict(zip(names, map(_plain, row), strict=True)) for row in result.result_set]

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> dict[str, int]:
        import redis

        cypher = without_comments(cypher)
        try:
            result = self._graph.query(cypher, dict(params or {}))
        except redis.ConnectionError as e:
            raise self._unavailable(e) from e
        except redis.ResponseError as e:
            raise _query_error(e, cypher, 0, self.query_memory_mb) from e
        return {
            "nodes_created": int(result.nodes_created),
            "nodes_deleted": int(result.nodes_deleted),
            "relationships_created": int(result.relationships_created),
            "relationships_deleted": int(result.relationships_deleted),
            "properties_set": int(result.properties_set),
        }

    def existing_schema(self) -> set[SchemaKey]:
        """The indexes and constraints the graph has, as (kind, label, property)."""
        if not self._redis.exists(GRAPH_NAME):
            return set()
        found: set[SchemaKey] = set()
        for row in self.read("CALL db.indexes() YIELD label, types RETURN label, types"):
            for prop, kinds in (row["types"] or {}).items():
                found |= {(str(kind), row["label"], prop) for kind in kinds}
        for row in self.read(
            "CALL db.constraints() YIELD type, label, properties RETURN type, label, properties"
        ):
            if len(row["properties"]) == 1:
                found.add((row["type"], row["label"], row["properties"][0]))
        return found

    def setup_schema(self) -> None:
        """Create only what is missing: re-creating every index on every open wrote ~1.3 KB
        to the append-only file per command, and replaying it logged one CRITICAL
        "already exists" line per call at each start, so opening got slower and slower.

        Each call must answer within SCHEMA_TIMEOUT_S. In CI a fresh server once stalled on
        a CREATE INDEX (its populating worker and the query never finished) and the open
        waited until the test's 300 s limit. An empty graph on a server this store started
        holds nothing to lose: that server is killed and started afresh once. Otherwise the
        open fails saying so, and the data is left as it was."""
        import redis

        fresh = False
        for attempt in (1, 2):
            try:
                with self._answering_within(SCHEMA_TIMEOUT_S):
                    fresh = self.owns_server and not self._redis.exists(GRAPH_NAME)
                    self._create_missing_schema()
                return
            except redis.TimeoutError:
                if not fresh or attempt == 2:
                    break
                self._restart_empty()
        again = " (twice: the second time on a server started afresh)" if fresh else ""
        raise StoreUnavailable(
            f"the embedded FalkorDB server for {self.data_dir} did not answer within "
            f"{SCHEMA_TIMEOUT_S:g} s while its indexes were made{again}. Nothing was written. "
            f"Stop it (reviewgraph db stop) and run the command again; its log "
            f"{self.server.log_file} ends with:\n{self.server.log_tail()}"
        )

    def _create_missing_schema(self) -> None:
        import redis

        existing = self.existing_schema()
        missing = [(key, call) for key, call in falkordb_schema() if key not in existing]
        # Every index before any constraint, and each constraint built before the next call:
        # the server populates both on background workers that take the graph's write lock,
        # and nothing is gained by letting them run beside the next schema query.
        order = {"RANGE": 0, "UNIQUE": 1, "FULLTEXT": 2}
        missing.sort(key=lambda item: order.get(item[0][0], 3))
        for (kind, _, _), call in missing:
            try:
                self._redis.execute_command(*call) if isinstance(call, tuple) else self.write(call)
            except (redis.ResponseError, QueryError) as e:
                # Re-running setup meets what exists already; anything else is a real error.
                if not re.search(r"already (exists|indexed)", str(e), re.I):
                    raise QueryError(f"schema setup failed on {call!r}: {e}") from e
            if kind == "UNIQUE":
                self._wait_until_built(SCHEMA_TIMEOUT_S)
        if missing:
            self._wait_until_built(SCHEMA_TIMEOUT_S)
        if any(kind == "UNIQUE" for (kind, _, _), _ in missing):
            # FalkorDB writes a constraint to the append-only file again each time it replays
            # it: rewrite the file now so that no start replays one.
            self.server.compact()

    def _wait_until_built(self, seconds: float) -> None:
        """Wait until no index or constraint is still being populated (on an empty graph at
        once), so a load never writes while the server's workers are building them. A large
        graph's new index may take longer: past `seconds` the open goes on without it."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            building = sum(
                self.read(
                    f"CALL db.{procedure}() YIELD status "
                    "WHERE status = 'UNDER CONSTRUCTION' RETURN count(*) AS n"
                )[0]["n"]
                for procedure in ("indexes", "constraints")
            )
            if not building:
                return
            time.sleep(0.02)

    @contextlib.contextmanager
    def _answering_within(self, seconds: float) -> Iterator[None]:
        """Within the block every call to the server raises redis.TimeoutError when it has
        not answered in `seconds`, instead of waiting for ever."""
        import falkordb

        saved = self._redis, self._graph
        self._redis = client(self.server.socket, self._client_name, timeout=seconds)
        self._graph = falkordb.FalkorDB(connection_pool=self._redis.connection_pool).select_graph(
            GRAPH_NAME
        )
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                self._redis.connection_pool.disconnect()
            self._redis, self._graph = saved

    def _restart_empty(self) -> None:
        """Kill the stalled server this store started on an empty graph, remove its files
        (they hold schema commands only) and start it afresh on the same socket."""
        self.server.stop()  # a server that does not answer is killed
        shutil.rmtree(self.server.db_dir, ignore_errors=True)
        self._reconnect()

    def fulltext(self, label: str, text: str, limit: int = 50) -> list[Row]:
        terms = re.findall(r"\w+", text)
        if not terms:
            return []
        # RediSearch syntax: escape nothing, pass words only; each word must match.
        query = " ".join(terms)
        rows = self.read(
            "CALL db.idx.fulltext.queryNodes($label, $q) YIELD node, score "
            "RETURN node, score ORDER BY score DESC LIMIT $limit",
            {"label": label, "q": query, "limit": limit},
        )
        return rows

    def clear(self) -> None:
        self.write("MATCH (n) DETACH DELETE n")

    def other_clients(self) -> int:
        """How many connections from other processes the server has (redis.TimeoutError
        when the server does not answer within STOP_TIMEOUT_S: close() then stops it)."""
        probe = client(self.server.socket, self._client_name, timeout=STOP_TIMEOUT_S)
        try:
            clients = probe.client_list()
        finally:
            probe.close()
        return sum(1 for c in clients if c.get("name") != self._client_name)

    def close(self) -> None:
        if self.owns_server:
            with contextlib.suppress(Exception):
                if self.other_clients():
                    # Someone else (the dashboard) still uses it: leave it running.
                    self.owns_server = False
        with contextlib.suppress(Exception):
            self._redis.close()
            self._redis.connection_pool.disconnect()
        if self.owns_server:
            self.server.stop()
            self.owns_server = False

    def _unavailable(self, e: Exception) -> StoreUnavailable:
        return StoreUnavailable(
            f"lost the embedded FalkorDB server at {self.server.socket} ({e}); "
            f"run the command again (it restarts the server), or see {self.server.log_file}"
        )


def start_detached(data_dir: Path) -> tuple[int | None, bool]:
    """Start (or reach) the server for `data_dir` so that it outlives this process, with the
    schema in place; returns (its pid, whether this call started it)."""
    server = EmbeddedServer(data_dir)
    was_running = server.running_pid() is not None
    store = EmbeddedStore(data_dir, detach=True)
    try:
        store.setup_schema()
        return server.running_pid(), not was_running
    finally:
        store.close()


def stop_unless_used(data_dir: Path) -> bool:
    """Stop the server for `data_dir` unless another process is connected to it; returns
    False when it was left running for them (or was not running)."""
    server = EmbeddedServer(data_dir)
    if server.running_pid() is None:
        return False
    probe = EmbeddedStore(data_dir, detach=True)
    try:
        busy = probe.other_clients() > 0
    finally:
        probe.close()
    return False if busy else server.stop()
