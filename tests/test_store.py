"""The graph store on a real database: the embedded FalkorDB always, Neo4j when configured."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewgraph.graph.config import Settings
from reviewgraph.graph.embedded import EmbeddedStore
from reviewgraph.graph.embedded_server import EmbeddedServer, socket_path_for
from reviewgraph.graph.errors import DataDirError, QueryError, ReadOnlyViolation
from reviewgraph.graph.neo4j_backend import Neo4jStore
from reviewgraph.graph.store import GraphStore, open_store

INJECTION = "'}) MATCH (n) DETACH DELETE n //"


def _add_reviews(store: GraphStore, ids: list[str]) -> None:
    store.write_batch(
        "UNWIND $rows AS row MERGE (r:Review {id: row.id}) SET r.type = row.type",
        [{"id": i, "type": "SAR"} for i in ids],
    )


def _review_ids(store: GraphStore) -> list[str]:
    return [r["id"] for r in store.read("MATCH (r:Review) RETURN r.id AS id ORDER BY id")]


def test_write_then_read_back(store: GraphStore) -> None:
    store.write(
        "CREATE (r:Review {id: $id, subject: $subject, year: $year, published: $pub, tags: $tags})",
        {
            "id": "sar-adult-c",
            "subject": 'Adult "C"\\ \n',
            "year": 2021,
            "pub": True,
            "tags": ["self-neglect", "mental capacity"],
        },
    )
    rows = store.read("MATCH (r:Review {id: $id}) RETURN r, r.year AS year", {"id": "sar-adult-c"})
    assert rows == [
        {
            "r": {
                "id": "sar-adult-c",
                "subject": 'Adult "C"\\ \n',
                "year": 2021,
                "published": True,
                "tags": ["self-neglect", "mental capacity"],
            },
            "year": 2021,
        }
    ]


def test_counts_include_zero_labels(store: GraphStore) -> None:
    _add_reviews(store, ["a", "b"])
    counts = store.counts()
    assert counts["nodes"]["Review"] == 2
    assert counts["nodes"]["Recommendation"] == 0
    assert counts["relationships"]["HAS_THEME"] == 0


def test_schema_setup_twice_is_harmless(store: GraphStore) -> None:
    _add_reviews(store, ["a"])
    store.setup_schema()
    store.setup_schema()
    assert _review_ids(store) == ["a"]
    with pytest.raises(QueryError):  # the uniqueness constraint holds
        store.write("CREATE (:Review {id: 'a'})")
    assert _review_ids(store) == ["a"]


def test_cypher_text_in_a_parameter_is_stored_as_data(store: GraphStore) -> None:
    _add_reviews(store, ["keep-me"])
    store.write("CREATE (:Finding {id: $id, text: $text})", {"id": INJECTION, "text": INJECTION})
    assert _review_ids(store) == ["keep-me"]
    rows = store.read("MATCH (f:Finding) WHERE f.text = $t RETURN f.id AS id", {"t": INJECTION})
    assert rows == [{"id": INJECTION}]


def test_write_through_read_path_is_refused_and_changes_nothing(store: GraphStore) -> None:
    _add_reviews(store, ["a"])
    for cypher in (
        "CREATE (:Review {id: 'b'})",
        "MATCH (r:Review) DETACH DELETE r",
        "MATCH (r:Review) SET r.type = 'DHR'",
        "MERGE (:Board {id: 'x'})",
    ):
        with pytest.raises(ReadOnlyViolation, match="read-only"):
            store.read(cypher)
    assert store.read("MATCH (r:Review) RETURN r.id AS id, r.type AS type") == [
        {"id": "a", "type": "SAR"}
    ]


def test_comments_anywhere_in_a_statement_are_harmless(store: GraphStore) -> None:
    """A `//` comment opening a subquery crashed the embedded FalkorDB server (twice: the
    read is retried once after a lost connection); comments in strings are data."""
    store.write(
        "CREATE (:Review {id: 'r1'})-[:MADE]->"
        "(:Recommendation {id: 'c1', text: 'see http://example.org // not a comment'})"
    )
    call = "CALL () {" if store.backend == "neo4j" else "CALL {"
    statement = f"""// which reviews made what
{call}
  // every review
  MATCH (r:Review)
  MATCH (r)-[:MADE]->(c:Recommendation) /* and its recommendations */
  RETURN r, c
}}
RETURN r.id AS review, c.text AS text, '/* kept */ // kept' AS literal"""
    assert store.read(statement) == [
        {"review": "r1", "text": "see http://example.org // not a comment",
         "literal": "/* kept */ // kept"}
    ]  # fmt: skip
    if isinstance(store, EmbeddedStore):
        assert "crashed" not in (store.data_dir / "falkordb.log").read_text()


def test_syntax_error_shows_the_database_message(store: GraphStore) -> None:
    with pytest.raises(QueryError) as err:
        store.read("MATCH (n RETURN n")
    assert "line: 1" in str(err.value).lower() or "line 1" in str(err.value).lower()


def test_fulltext_search_finds_passages(store: GraphStore) -> None:
    store.write(
        "UNWIND $rows AS row CREATE (:Passage {id: row.id, text: row.text})",
        {
            "rows": [
                {"id": "p1", "text": "The health visitor did not share the concern with the GP."},
                {"id": "p2", "text": "Housing officers visited twice."},
            ]
        },
    )
    # Some backends index asynchronously.
    for _ in range(50):
        rows = store.fulltext("Passage", "health visitor (share)")
        if rows:
            break
        time.sleep(0.1)
    assert [r["node"]["id"] for r in rows] == ["p1"]
    assert store.fulltext("Passage", "***") == []


# --- the embedded server's life cycle -------------------------------------------------


def _settings(data: Path) -> Settings:
    return Settings(data_dir=data)


def test_stop_and_start_keeps_the_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(_settings(data)) as s:
        _add_reviews(s, ["a", "b", "c"])
        pid = s.server.running_pid()  # type: ignore[attr-defined]
    assert EmbeddedServer(data).running_pid() is None, "the owner stops the server on close"
    with open_store(_settings(data)) as s:
        assert _review_ids(s) == ["a", "b", "c"]
        assert s.server.running_pid() != pid  # type: ignore[attr-defined]


def test_two_clients_share_one_server(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = EmbeddedStore(data)
    try:
        second = EmbeddedStore(data)
        try:
            assert first.owns_server and not second.owns_server
            assert first.server.running_pid() == second.server.running_pid()
            _add_reviews(first, ["from-first"])
            _add_reviews(second, ["from-second"])
            assert _review_ids(first) == _review_ids(second) == ["from-first", "from-second"]
            # A second process (the CLI while the dashboard runs) connects, it does not start another.
            out = subprocess.run(
                [sys.executable, "-m", "reviewgraph", "--data-dir", str(data), "status", "--json"],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            )
            assert json.loads(out.stdout)["nodes"]["Review"] == 2
            assert first.server.running_pid() == second.server.running_pid()
        finally:
            second.close()
        # The owner still has it, and a second client closing left it running.
        assert _review_ids(first) == ["from-first", "from-second"]
        # The owner leaves it running while someone else is connected.
        third = EmbeddedStore(data)
        first.close()
        assert third.server.running_pid() is not None
        assert _review_ids(third) == ["from-first", "from-second"]
        third.close()
    finally:
        first.close()
        EmbeddedServer(data).stop()


def test_kill_9_then_restart_recovers_everything_acknowledged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = EmbeddedStore(data)
    try:
        store.setup_schema()
        ids = [f"r{i:03d}" for i in range(200)]
        for i in ids:  # one acknowledged transaction each
            store.write("CREATE (:Review {id: $id})", {"id": i})
        pid = store.server.running_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
    finally:
        store.owns_server = False
        store.close()
    # The pid file and socket are left behind, as after a crash.
    assert (data / "server.json").exists()
    with open_store(_settings(data)) as again:
        assert again.server.running_pid() != pid  # type: ignore[attr-defined]
        assert _review_ids(again) == ids


def _stall_while_indexes_are_made(monkeypatch: pytest.MonkeyPatch, times: int = 1) -> list[int]:
    """The server stops answering (SIGSTOP) as the next `times` opens make their indexes, as
    a fresh server once did in CI; the paused pids are returned (killed again by the test)."""
    import reviewgraph.graph.embedded as embedded
    import reviewgraph.graph.embedded_server as embedded_server

    monkeypatch.setattr(embedded, "SCHEMA_TIMEOUT_S", 2.0)
    monkeypatch.setattr(embedded, "STOP_TIMEOUT_S", 2.0)
    monkeypatch.setattr(embedded_server, "STOP_TIMEOUT_S", 2.0)
    paused: list[int] = []
    real = EmbeddedStore._create_missing_schema

    def stalling(self: EmbeddedStore) -> None:
        if len(paused) < times:
            pid = self.server.running_pid()
            assert pid is not None
            os.kill(pid, signal.SIGSTOP)
            paused.append(pid)
        real(self)

    monkeypatch.setattr(EmbeddedStore, "_create_missing_schema", stalling)
    return paused


def _gone(pid: int) -> bool:
    from reviewgraph.graph.embedded_server import pid_alive

    alive = pid_alive(pid)
    if alive:  # not to leave it behind when the assertion fails
        os.kill(pid, signal.SIGKILL)
    return not alive


def test_stop_kills_a_server_that_does_not_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`stop` on a server that answers nothing (here paused) ends it. It raised
    redis.TimeoutError and left the server running: in CI a stalled server outlived its
    test run that way."""
    import reviewgraph.graph.embedded_server as embedded_server

    monkeypatch.setattr(embedded_server, "STOP_TIMEOUT_S", 2.0)
    data = tmp_path / "data"
    store = EmbeddedStore(data)
    pid = store.server.running_pid()
    assert pid is not None
    store.owns_server = False
    store.close()
    os.kill(pid, signal.SIGSTOP)
    assert EmbeddedServer(data).stop() is True
    assert _gone(pid)
    assert EmbeddedServer(data).running_pid() is None and not socket_path_for(data).exists()


def test_an_empty_store_whose_server_stalls_while_its_indexes_are_made_starts_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh server that stops answering during schema setup (it happened once in CI and
    the open waited until the test's 300 s limit) is killed and started again: the graph
    was empty, so nothing is lost, and the store opens with every index in place."""
    from reviewgraph.graph.schema import falkordb_schema

    paused = _stall_while_indexes_are_made(monkeypatch)
    data = tmp_path / "data"
    with open_store(_settings(data)) as s:
        assert len(paused) == 1 and _gone(paused[0])
        assert s.server.running_pid() not in (None, paused[0])  # type: ignore[attr-defined]
        assert {key for key, _ in falkordb_schema()} <= s.existing_schema()  # type: ignore[attr-defined]
        _add_reviews(s, ["after-the-stall"])
        assert _review_ids(s) == ["after-the-stall"]
    assert EmbeddedServer(data).running_pid() is None


def test_a_store_holding_data_is_never_wiped_when_its_server_stalls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same stall on a graph that holds reviews: the open fails naming the data dir and
    what happened, the stalled server is ended, and the reviews are all there next time."""
    from reviewgraph.graph.errors import StoreUnavailable

    data = tmp_path / "data"
    with open_store(_settings(data)) as s:
        _add_reviews(s, ["a", "b"])
    paused = _stall_while_indexes_are_made(monkeypatch, times=5)
    with pytest.raises(StoreUnavailable) as failed:
        open_store(_settings(data))
    message = str(failed.value)
    assert str(data) in message and "did not answer within 2 s" in message
    assert "Nothing was written" in message and "twice" not in message
    assert len(paused) == 1 and _gone(paused[0])
    monkeypatch.undo()
    with open_store(_settings(data)) as s:
        assert _review_ids(s) == ["a", "b"]


def test_stale_pid_and_socket_files_are_recovered(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(_settings(data)) as s:
        _add_reviews(s, ["a"])
    sock = socket_path_for(data)
    sock.write_text("left by a crash")
    (data / "server.json").write_text(json.dumps({"pid": 999_999, "socket": str(sock)}))
    with open_store(_settings(data)) as s:
        assert _review_ids(s) == ["a"]


def test_long_data_dir_gets_a_short_socket(tmp_path: Path) -> None:
    data = tmp_path / ("x" * 60) / ("y" * 60)
    assert len(str(data / "db.sock")) > 107
    with open_store(_settings(data)) as s:
        _add_reviews(s, ["a"])
        assert len(str(s.server.socket)) <= 100  # type: ignore[attr-defined]
        assert _review_ids(s) == ["a"]


def test_unwritable_data_dir_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(DataDirError, match=r"a-file/data is not writable.*--data-dir"):
        open_store(_settings(blocker / "data"))
    if os.geteuid() != 0:  # root writes through permissions
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(DataDirError, match="not writable"):
            open_store(_settings(locked))


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewgraph", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_status_starts_recovers_after_kill_9(tmp_path: Path) -> None:
    data = tmp_path / "data"
    empty = _cli(data, "status")
    assert empty.returncode == 0, empty.stderr
    assert "Review                 0" in empty.stdout
    assert _cli(data, "db", "start").returncode == 0
    try:
        with open_store(_settings(data)) as s:
            _add_reviews(s, ["a", "b"])
        before = json.loads(_cli(data, "status", "--json").stdout)
        assert before["nodes"]["Review"] == 2
        pid = EmbeddedServer(data).running_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        after = _cli(data, "status", "--json")
        assert after.returncode == 0, after.stderr
        assert json.loads(after.stdout)["nodes"] == before["nodes"]
    finally:
        _cli(data, "db", "stop")
    assert EmbeddedServer(data).running_pid() is None


def test_neo4j_deprecation_notifications_are_kept(store: GraphStore) -> None:
    """The suite fails on any deprecation Neo4j reports (conftest); prove they are seen."""
    if not isinstance(store, Neo4jStore):
        pytest.skip("deprecation notifications are Neo4j's")
    assert store.read("CALL () { RETURN 1 AS x } RETURN x") == [{"x": 1}]
    assert store.deprecations == []
    assert store.read("CALL { RETURN 1 AS x } RETURN x") == [{"x": 1}]
    assert store.read("CALL { RETURN 1 AS x } RETURN x") == [{"x": 1}]  # kept once
    found = store.deprecations
    assert len(found) == 1 and "CALL { RETURN 1 AS x }" in found[0]
    found.clear()


def test_neo4j_does_not_warn_of_a_property_no_node_has_yet(
    store: GraphStore, caplog: pytest.LogCaptureFixture
) -> None:
    """Named queries read properties a graph may not hold yet (incident_year before a
    register is loaded): Neo4j warned of each on every read, and the driver logged every
    warning to the terminal of the dashboard's user. Unknown names are not reported;
    deprecations still are (the test above)."""
    if not isinstance(store, Neo4jStore):
        pytest.skip("notifications are Neo4j's")
    with caplog.at_level(logging.INFO, logger="neo4j.notifications"):
        assert store.read("MATCH (r:Review) RETURN r.not_a_property_yet AS x LIMIT 1") == []
        assert store.read("MATCH (n:NotALabelYet) RETURN count(n) AS n") == [{"n": 0}]
    assert [r.getMessage()[:80] for r in caplog.records if r.name.startswith("neo4j")] == []


def test_the_suite_refuses_to_clear_a_database_that_is_not_its_own(embedded: GraphStore) -> None:
    """A database with data and no marker is someone's: the test fixtures will not wipe it."""
    from tests.fixtures.backend import MARKER, clear_test_database, mark_test_database

    embedded.write("CREATE (:Review {id: 'a real review'})")
    with pytest.raises(pytest.fail.Exception, match="not a reviewgraph test database"):
        clear_test_database(embedded)
    assert embedded.counts()["nodes"]["Review"] == 1, "nothing was deleted"
    mark_test_database(embedded)
    clear_test_database(embedded)
    assert embedded.read(f"MATCH (n) WHERE NOT n:{MARKER} RETURN count(n) AS n") == [{"n": 0}]


def test_neo4j_reports_the_version_it_runs(store: GraphStore) -> None:
    if not isinstance(store, Neo4jStore):
        pytest.skip("a Neo4j server's version")
    assert store.version.startswith("5.") and store.edition == "community"


def test_neo4j_reads_are_bounded_by_time_with_a_clear_message(store: GraphStore) -> None:
    """Issue 13 on Neo4j: the read limit of the settings is the transaction's timeout."""
    if not isinstance(store, Neo4jStore):
        pytest.skip("the embedded store's limits are tests/reliability/test_store_limits.py")
    from reviewgraph.graph.errors import QueryTimeout

    store.query_timeout_s = 1.0
    slow = "UNWIND range(1, 400000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*) AS n"
    with pytest.raises(QueryTimeout, match="stopped after 1 s: narrow the query"):
        store.read(slow)
    assert store.read("RETURN 1 AS ok") == [{"ok": 1}], "the server still answers"


def test_neo4j_stops_a_read_over_the_servers_memory_limit(store: GraphStore) -> None:
    """Issue 13 on Neo4j: the server started by reviewgraph caps one query's memory
    (db.memory.transaction.max); the user is told so and the server goes on answering."""
    if not isinstance(store, Neo4jStore):
        pytest.skip("the embedded store's limits are tests/reliability/test_store_limits.py")
    from reviewgraph.graph.errors import QueryMemoryExceeded

    with pytest.raises(QueryMemoryExceeded, match="db.memory.transaction.max"):
        store.read("UNWIND range(1, 600000000) AS x RETURN collect(x) AS xs")
    assert store.read("RETURN 1 AS ok") == [{"ok": 1}], "the server still answers"
