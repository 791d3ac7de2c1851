"""The Neo4j backend's own edges, without a server: refusal, error mapping, full-text terms,
the local server's initial password.

Its behaviour on a real database is covered by the parametrised `store` fixture and the rest
of `make test-neo4j` (REVIEWGRAPH_TEST_NEO4J_URI; never the user's NEO4J_URI).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from neo4j.exceptions import Neo4jError

from reviewgraph.graph.config import Settings
from reviewgraph.graph.errors import QueryError, ReadOnlyViolation, StoreUnavailable
from reviewgraph.graph.neo4j_backend import READ_ONLY_MESSAGE, Neo4jStore, lucene_query, safe_uri
from reviewgraph.graph.neo4j_server import NEO4J_VERSION, LocalNeo4j, cache_dir, free_port


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_error(code: str, message: str) -> Neo4jError:
    # The driver's own constructor for a server FAILURE (private, but it is what the driver uses).
    return Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.fixture
def unconnected() -> Neo4jStore:
    """A Neo4jStore that never connected, to exercise its error mapping."""
    store = Neo4jStore.__new__(Neo4jStore)
    store.uri, store.user, store.database = "bolt://user:s3cret@db.example:7687", "neo4j", "neo4j"
    return store


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_no_server_says_where_and_what_to_do(scheme: str) -> None:
    uri = f"{scheme}://127.0.0.1:{_closed_port()}"
    settings = Settings(backend="neo4j", neo4j_uri=uri, neo4j_password="not-the-real-one")
    with pytest.raises(StoreUnavailable) as caught:
        Neo4jStore(settings)
    message = str(caught.value)
    assert uri in message
    assert "docker compose up -d neo4j" in message
    assert "drop --backend neo4j" in message
    assert "not-the-real-one" not in message


def test_a_bad_uri_is_named_without_its_password() -> None:
    settings = Settings(backend="neo4j", neo4j_uri="gopher://neo4j:s3cret@localhost:7687")
    with pytest.raises(StoreUnavailable) as caught:
        Neo4jStore(settings)
    assert "s3cret" not in str(caught.value)
    assert "gopher://localhost:7687" in str(caught.value)


def test_safe_uri_drops_credentials() -> None:
    assert safe_uri("neo4j+s://u:p@abc.databases.neo4j.io") == "neo4j+s://abc.databases.neo4j.io"
    assert safe_uri("bolt://localhost:7687") == "bolt://localhost:7687"


def test_a_write_in_a_read_transaction_is_a_read_only_violation(unconnected: Neo4jStore) -> None:
    e = _server_error(
        "Neo.ClientError.Statement.AccessMode",
        "Writing in read access mode not allowed. Attempted write to internal graph 0 (neo4j)",
    )
    error = unconnected._translate(e, read=True)
    assert isinstance(error, ReadOnlyViolation)
    assert str(error) == READ_ONLY_MESSAGE


def test_both_backends_word_a_read_only_violation_alike() -> None:
    from reviewgraph.graph.embedded import _query_error

    assert str(_query_error(Exception("read-only"), "CREATE ()")) == READ_ONLY_MESSAGE


@pytest.mark.parametrize(
    "code",
    [
        "Neo.ClientError.Statement.SyntaxError",
        "Neo.ClientError.Schema.ConstraintValidationFailed",
        "Neo.ClientError.Procedure.ProcedureNotFound",
    ],
)
def test_rejected_queries_keep_the_servers_message(unconnected: Neo4jStore, code: str) -> None:
    """The server's words, with its position said the way the embedded store says it."""
    message = "Invalid input 'RETRN' (line 1, column 1 (offset: 0))"
    error = unconnected._translate(_server_error(code, message), read=False)
    assert type(error) is QueryError
    assert str(error) == "syntax error at line 1, column 1: Invalid input 'RETRN'"
    plain = "There is no procedure with the name `db.nothing` registered"
    error = unconnected._translate(_server_error(code, plain), read=False)
    assert type(error) is QueryError and plain in str(error)


def test_bad_credentials_point_at_the_settings_not_the_password(unconnected: Neo4jStore) -> None:
    e = _server_error("Neo.ClientError.Security.Unauthorized", "authentication failure")
    error = unconnected._translate(e, read=True)
    assert isinstance(error, StoreUnavailable)
    assert "NEO4J_USER" in str(error) and "NEO4J_PASSWORD" in str(error)
    assert "s3cret" not in str(error)


def test_a_missing_database_names_the_setting(unconnected: Neo4jStore) -> None:
    e = _server_error("Neo.ClientError.Database.DatabaseNotFound", "Database does not exist")
    error = unconnected._translate(e, read=True)
    assert isinstance(error, StoreUnavailable)
    assert "NEO4J_DATABASE" in str(error)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("information sharing", "information AND sharing"),
        ('child\'s "voice" (not heard)!', "child's AND voice AND not AND heard"),
        ("self-neglect AND OR NOT TO", "self AND neglect AND and AND or AND not AND to"),
        ("title:x* ~y^2 [a TO b] {c} \\ / &&", "title AND x AND y AND 2 AND a AND to AND b AND c"),
        ("  ", ""),
    ],
)
def test_lucene_query_is_words_only(text: str, query: str) -> None:
    assert lucene_query(text) == query


def test_a_server_that_is_not_neo4j_5_is_refused_with_what_to_do() -> None:
    from reviewgraph.graph.neo4j_backend import check_version

    assert check_version("5.26.30", "bolt://db:7687") == "5.26.30"
    assert check_version("2025.10.1", "bolt://db:7687") == "2025.10.1"  # calendar versions
    for old in ("4.4.30", "3.5.35", None):
        with pytest.raises(StoreUnavailable) as info:
            check_version(old, "bolt://db:7687")
        message = str(info.value)
        assert "bolt://db:7687 runs Neo4j" in message and "needs Neo4j 5" in message
        assert "reviewgraph neo4j start" in message


@pytest.mark.parametrize("password", ["-starts-like-an-option", "an0rdinary_Password"])
def test_the_initial_password_is_set_whatever_its_first_character(
    tmp_path: Path, password: str
) -> None:
    """The server's password is secrets.token_urlsafe, which begins with '-' one time in 64;
    neo4j-admin read such a password as an option and the server would not start."""
    home = cache_dir() / f"neo4j-community-{NEO4J_VERSION}"
    if not (home / ".complete").exists():
        pytest.skip("Neo4j's jars are not fetched here (make test-neo4j fetches them)")
    server = LocalNeo4j(tmp_path / "neo4j")
    server.folder.mkdir(mode=0o700)
    server.password_file.write_text(password)
    server._configure(free_port())
    server._set_initial_password(home)
    auth = (server.folder / "data" / "dbms" / "auth.ini").read_text()
    assert auth.startswith("neo4j:SHA-256,")
