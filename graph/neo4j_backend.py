"""The Neo4j 5 backend: the official driver over Bolt (`--backend neo4j`, NEO4J_* settings)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import exceptions as nx

from reviewgraph.graph.config import Settings
from reviewgraph.graph.errors import (
    QueryError,
    QueryMemoryExceeded,
    QueryTimeout,
    ReadOnlyViolation,
    StoreUnavailable,
)
from reviewgraph.graph.query_errors import describe_query_error
from reviewgraph.graph.schema import NEO4J_FULLTEXT_INDEX, neo4j_schema_statements
from reviewgraph.graph.store import GraphStore, Row

DEFAULT_READ_TIMEOUT_MS = 60_000  # the embedded backend's default too
CONNECTION_TIMEOUT_S = 10.0
CLEAR_BATCH = 10_000

# Every statement this module sends, by name: tests/test_cypher_lint.py lints them as Neo4j 5.
PROBE = "RETURN 1 AS ok"
VERSION = (
    "CALL dbms.components() YIELD name, versions, edition "
    "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition"
)
FULLTEXT = (
    "CALL db.index.fulltext.queryNodes($index, $q) YIELD node, score "
    "WHERE $label IN labels(node) "
    "RETURN node, score ORDER BY score DESC LIMIT $limit"
)
# A loop of bounded write transactions rather than `CALL { … } IN TRANSACTIONS`: that form
# needs an auto-commit transaction (never retried by the driver), and its `CALL { WITH n … }`
# spelling is deprecated in Neo4j 5 while `CALL (n) { … }` needs 5.23+. This one runs on any 5.x.
CLEAR = "MATCH (n) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS deleted"
# Full-text indexes populate in the background: wait so a search right after setup sees them.
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
STATEMENTS = {
    "neo4j.probe": PROBE,
    "neo4j.version": VERSION,
    "neo4j.fulltext": FULLTEXT,
    "neo4j.clear": CLEAR,
    "neo4j.await_indexes": AWAIT_INDEXES,
}

READ_ONLY_MESSAGE = (
    "this path is read-only: the query tries to write (CREATE, MERGE, SET, DELETE …). "
    "Nothing was changed; load data with `reviewgraph load`."
)
_READ_ONLY_CODES = {
    "Neo.ClientError.Statement.AccessMode",
    "Neo.ClientError.Fabric.AccessMode",
    "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
    "Neo.ClientError.General.ReadOnly",
}
_READ_ONLY_GQL = {"42N02"}  # "writing in read access mode"
_COUNTERS = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
)


def safe_uri(uri: str) -> str:
    """The URI without any user:password@ part, fit to print."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<unparsable NEO4J_URI>"
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def lucene_query(text: str) -> str:
    """The user's text as Lucene terms that must all match; no operator or special character.

    Words keep an inner apostrophe ("child's") because Lucene's standard analyzer indexes
    them whole; lower case keeps AND/OR/NOT/TO from being read as operators.
    """
    words = re.findall(r"\w+(?:['’]\w+)*", text)
    return " AND ".join(w.lower() for w in words)


def _plain(value: Any) -> Any:
    """Driver values as the embedded backend gives them: nodes and edges as property dicts,
    paths as lists of node dicts, temporal values as Python's own."""
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return value.to_native()
    return value


def check_version(version: str | None, where: str) -> str:
    """The server's version if reviewgraph speaks its Cypher: Neo4j 5 (5.x, or the 2025+
    calendar versions that keep Cypher 5); anything else is refused with what to run."""
    major = int(version.split(".")[0]) if version and version.split(".")[0].isdigit() else 0
    if major == 5 or major >= 2025:
        return str(version)
    raise StoreUnavailable(
        f"{where} runs Neo4j {version or '(unknown version)'}: reviewgraph needs Neo4j 5 "
        "(5.26 LTS tested). Upgrade it, start one with `reviewgraph neo4j start`, or use "
        "the embedded store (drop --backend neo4j)"
    )


class Neo4jStore(GraphStore):
    """A Neo4j 5 database (local Docker, a server, a cluster or Aura) through the Bolt driver."""

    backend = "neo4j"

    def __init__(self, settings: Settings) -> None:
        self.deprecations: list[str] = []
        self.query_timeout_s = settings.query_timeout_s
        self.uri = settings.neo4j_uri
        self.user = settings.neo4j_user
        self.database = settings.neo4j_database
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                self.uri,
                auth=auth,
                connection_timeout=CONNECTION_TIMEOUT_S,
                # Named queries read properties and labels a graph may not hold yet (an
                # incident year before a register is loaded): without this the server
                # warns of each on every read and the driver logs every warning.
                # Deprecations still come (`_note`).
                notifications_disabled_classifications=[
                    neo4j.NotificationDisabledClassification.UNRECOGNIZED
                ],
            )
        except (nx.ConfigurationError, ValueError) as e:
            raise StoreUnavailable(
                f"cannot use NEO4J_URI {safe_uri(self.uri)!r}: {self._redact(str(e))} "
                "(expected e.g. bolt://localhost:7687 or neo4j+s://<id>.databases.neo4j.io)"
            ) from e
        try:
            try:
                self._driver.verify_connectivity()
            except Exception as e:
                raise self._translate(e, read=True) from e
            self.read(PROBE)  # the database exists and this user may read it
            [found] = self.read(VERSION) or [{"version": None, "edition": None}]
            self.version = check_version(found["version"], safe_uri(self.uri))
            self.edition = found["edition"]
        except BaseException:
            self._driver.close()  # the driver docs: close it even when verification failed
            raise

    @property
    def location(self) -> str:
        return f"{safe_uri(self.uri)} (Neo4j, database {self.database})"

    def read(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> list[Row]:
        seconds = min((timeout_ms or DEFAULT_READ_TIMEOUT_MS) / 1000, self.query_timeout_s)
        parameters = dict(params or {})

        # The timeout travels with the transaction function: ManagedTransaction.run
        # refuses neo4j.Query objects, so unit_of_work is the documented way.
        @neo4j.unit_of_work(timeout=seconds)
        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            result = tx.run(cypher, parameters)
            rows = [{k: _plain(v) for k, v in record.items()} for record in result]
            self._note(cypher, result.consume())
            return rows

        return self._run(work, read=True, cypher=cypher)

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> dict[str, int]:
        parameters = dict(params or {})

        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            summary = tx.run(cypher, parameters).consume()
            self._note(cypher, summary)
            return {name: int(getattr(summary.counters, name)) for name in _COUNTERS}

        return self._run(work, read=False, cypher=cypher)

    def setup_schema(self) -> None:
        # Schema commands cannot share a transaction with writes: one auto-commit each.
        # IF NOT EXISTS makes every one a no-op the second time.
        statement = ""
        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                for statement in neo4j_schema_statements():
                    session.run(statement).consume()
                statement = AWAIT_INDEXES
                session.run(AWAIT_INDEXES, {"seconds": 300}).consume()
        except Exception as e:
            error = self._translate(e, read=False)
            if type(error) is QueryError and isinstance(e, nx.Neo4jError):
                error = QueryError(f"schema setup failed on {statement!r}: {e.message}")
            raise error from e

    def fulltext_terms(self, text: str) -> str:
        return lucene_query(text)

    def fulltext(self, label: str, text: str, limit: int = 50) -> list[Row]:
        query = lucene_query(text)
        if not query:
            return []
        return self.read(
            FULLTEXT,
            {"index": NEO4J_FULLTEXT_INDEX, "q": query, "label": label, "limit": limit},
        )

    def clear(self) -> None:
        while True:
            deleted = self._run(
                lambda tx: tx.run(CLEAR, {"batch": CLEAR_BATCH}).single(strict=True)["deleted"],
                read=False,
            )
            if not deleted:
                return

    def close(self) -> None:
        self._driver.close()

    # -- plumbing ---------------------------------------------------------------------------

    def _note(self, cypher: str, summary: neo4j.ResultSummary) -> None:
        """Keep the server's deprecation warnings about our statements (the test suite fails
        on any: a deprecated form stops working in the next Neo4j)."""
        for status in summary.gql_status_objects:
            if status.classification == neo4j.NotificationClassification.DEPRECATION:
                found = f"{status.status_description}\n    {cypher.strip()}"
                # each once: a long-lived store (the dashboard's) must not grow without end
                if found not in self.deprecations and len(self.deprecations) < 100:
                    self.deprecations.append(found)

    def _session(self, mode: str) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _run(
        self, work: Callable[[neo4j.ManagedTransaction], Any], *, read: bool, cypher: str = ""
    ) -> Any:
        """A retried managed transaction; driver errors come out as reviewgraph's."""
        try:
            with self._session(neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS) as session:
                if read:
                    return session.execute_read(work)
                return session.execute_write(work)
        except Exception as e:
            raise self._translate(e, read=read, cypher=cypher) from e

    def _translate(self, e: Exception, *, read: bool, cypher: str = "") -> Exception:
        """Map a driver exception to the reviewgraph error a user can act on."""
        if isinstance(e, nx.AuthError):
            return self._auth_error()
        if isinstance(e, nx.Neo4jError):
            code = e.code or ""
            if read and (code in _READ_ONLY_CODES or e.gql_status in _READ_ONLY_GQL):
                return ReadOnlyViolation(READ_ONLY_MESSAGE)
            if "TransactionTimedOut" in code or "TransactionTimedOutClientConfiguration" in code:
                return QueryTimeout.after(self.query_timeout_s)
            if "MemoryPoolOutOfMemoryError" in code or "MemoryLimitExceeded" in code:
                # Neo4j's limit is the server's own setting, db.memory.transaction.max
                return QueryMemoryExceeded.over(
                    "the server's memory limit for one query",
                    "db.memory.transaction.max in neo4j.conf",
                )
            if code == "Neo.ClientError.Database.DatabaseNotFound":
                return StoreUnavailable(
                    f"no database {self.database!r} at {safe_uri(self.uri)}: check NEO4J_DATABASE "
                    "(Neo4j Community has one user database, `neo4j`)"
                )
            if isinstance(e, nx.DatabaseUnavailable):
                return self._unavailable(e)
            # Syntax errors (the message names line and column), constraint violations,
            # type errors, unknown procedures, and anything else the server refused.
            return QueryError(describe_query_error(e.message or str(e), cypher))
        if isinstance(e, nx.DriverError | OSError):
            return self._unavailable(e)
        return e

    def _unavailable(self, e: Exception) -> StoreUnavailable:
        detail = self._redact(e.message if isinstance(e, nx.Neo4jError) else str(e))
        return StoreUnavailable(
            f"no Neo4j at {safe_uri(self.uri)}: start it with `docker compose up -d neo4j`, "
            f"or use the embedded store (drop --backend neo4j). ({type(e).__name__}: {detail})"
        )

    def _redact(self, text: str) -> str:
        """Driver messages may quote the URI, user:password@ included."""
        return text.replace(self.uri, safe_uri(self.uri))

    def _auth_error(self) -> StoreUnavailable:
        # Never the password itself: only where it comes from.
        return StoreUnavailable(
            f"Neo4j at {safe_uri(self.uri)} refused user {self.user!r}: check NEO4J_USER and "
            "NEO4J_PASSWORD (or --neo4j-user/--neo4j-password); with docker compose the "
            "password is the one in .env when the data volume was first created"
        )
