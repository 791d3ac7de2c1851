"""Issue 13, store and client items 1 and 2: long statements and runaway reads.

Item 1: the redis client kept redis-py's defaults (a 5 s socket timeout, 10 retries on a
timeout or a dropped connection), so a statement running longer than 5 s was sent again:
a write applied twice or more, and the caller got a raw `TimeoutError` (a 160,000-row
register was reported as a crash). Now nothing is re-sent and the client waits for the
answer; reads are bounded by the server instead.

Item 2: `MATCH (a),(b),(c) RETURN count(*)` on a few thousand nodes wedged the server (the
client gave up after 5 s and re-sent it ten times: ten runaway queries queued), and
`UNWIND range(1, 600000000) AS x RETURN collect(x)` ate memory until the kernel killed the
server. Reads now run under FalkorDB's per-query timeout and QUERY_MEM_CAPACITY, from
Settings.query_timeout_s / query_memory_mb (REVIEWGRAPH_QUERY_TIMEOUT_S,
REVIEWGRAPH_QUERY_MEMORY_MB, --query-timeout, --query-memory), with a clear message; the
server answers at once afterwards.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import cli
from reviewgraph.graph.config import Settings
from reviewgraph.graph.errors import QueryMemoryExceeded, QueryTimeout
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.settings import SettingsError, store_settings

pytestmark = pytest.mark.timeout(240)

CARTESIAN = "MATCH (a),(b),(c) RETURN count(*) AS n"
# Holds 10 million values in one list: far over 64 MiB, well under what the machine has.
HUNGRY = "UNWIND range(1, 10000000) AS x WITH collect(x) AS c RETURN size(c) AS n"


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[GraphStore]:
    """An embedded store with small limits: 1 s and 64 MiB per query."""
    s = open_store(Settings(data_dir=tmp_path / "data", query_timeout_s=1, query_memory_mb=64))
    try:
        yield s
    finally:
        s.close()


def _answers_at_once(store: GraphStore) -> None:
    started = time.monotonic()
    assert store.read("RETURN 1 AS one") == [{"one": 1}]
    assert time.monotonic() - started < 2, "the server is still busy with the runaway query"


# --- item 1: nothing is re-sent -------------------------------------------------------------


def test_the_client_never_resends_and_waits_for_the_answer(embedded: GraphStore) -> None:
    kwargs = embedded._redis.connection_pool.connection_kwargs  # type: ignore[attr-defined]
    assert kwargs.get("socket_timeout") is None, "a socket timeout cuts long writes short"
    assert kwargs["retry"].get_retries() == 0, "a retried write is applied twice"


@pytest.mark.reliability
def test_a_write_longer_than_redis_default_timeout_is_applied_once(embedded: GraphStore) -> None:
    from redis._defaults import DEFAULT_SOCKET_TIMEOUT

    # Calibrate: how long 9 million rows take here, then aim at twice redis-py's timeout.
    started = time.monotonic()
    embedded.write("UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b WITH count(*) AS c "
                   "CREATE (:Calibrate {c: c})")  # fmt: skip
    per_row = (time.monotonic() - started) / 9e6
    side = min(30_000, math.ceil(math.sqrt(2 * DEFAULT_SOCKET_TIMEOUT / per_row)))
    started = time.monotonic()
    counters = embedded.write(
        f"UNWIND range(1, {side}) AS a UNWIND range(1, {side}) AS b WITH count(*) AS c "
        "CREATE (:Slow {c: c})"
    )
    took = time.monotonic() - started
    assert counters["nodes_created"] == 1
    assert embedded.read("MATCH (s:Slow) RETURN count(s) AS n") == [{"n": 1}]
    if took < DEFAULT_SOCKET_TIMEOUT:
        pytest.skip(f"the write took {took:.1f} s, not longer than {DEFAULT_SOCKET_TIMEOUT} s")


# --- item 2: runaway reads ------------------------------------------------------------------


@pytest.mark.reliability
def test_a_cartesian_product_stops_at_the_time_limit(limited: GraphStore) -> None:
    limited.write("UNWIND range(1, 3000) AS i CREATE (:N {i: i})")
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        limited.read(CARTESIAN)
    assert time.monotonic() - started < 10
    assert str(caught.value).startswith("stopped after 1 s: narrow the query or raise the limit")
    assert "--query-timeout" in str(caught.value)
    assert "REVIEWGRAPH_QUERY_TIMEOUT_S" in str(caught.value)
    _answers_at_once(limited)


@pytest.mark.reliability
def test_a_read_never_gets_more_time_than_the_limit(limited: GraphStore) -> None:
    limited.write("UNWIND range(1, 3000) AS i CREATE (:N {i: i})")
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        limited.read(CARTESIAN, timeout_ms=600_000)
    assert time.monotonic() - started < 10
    _answers_at_once(limited)


@pytest.mark.reliability
def test_a_collect_over_the_memory_limit_is_refused(limited: GraphStore) -> None:
    limited.write("CREATE (:N {i: 1})")
    with pytest.raises(QueryMemoryExceeded) as caught:
        limited.read(HUNGRY)
    assert str(caught.value).startswith("over 64 MiB: narrow the query or raise the limit")
    assert "--query-memory" in str(caught.value)
    assert "REVIEWGRAPH_QUERY_MEMORY_MB" in str(caught.value)
    _answers_at_once(limited)


@pytest.mark.reliability
def test_the_cli_says_the_query_was_stopped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(Settings(data_dir=data)) as s:
        s.write("UNWIND range(1, 3000) AS i CREATE (:N {i: i})")
    runner = CliRunner()
    args = ["--data-dir", str(data), "--query-timeout", "1", "cypher", CARTESIAN]
    started = time.monotonic()
    result = runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert time.monotonic() - started < 30
    assert "stopped after 1 s: narrow the query or raise the limit with --query-timeout" in (
        result.output
    )
    big = runner.invoke(cli, ["--data-dir", str(data), "--query-memory", "64", "cypher", HUNGRY])
    assert big.exit_code == 1, big.output
    assert "over 64 MiB: narrow the query" in big.output
    ok = runner.invoke(cli, ["--data-dir", str(data), "cypher", "MATCH (n:N) RETURN count(n) AS n"])
    assert ok.exit_code == 0, ok.output
    assert "3000" in ok.output


def test_limits_default_to_30_s_and_1_gib() -> None:
    settings = store_settings({})
    assert settings.query_timeout_s == 30
    assert settings.query_memory_mb == 1024
    env = {"REVIEWGRAPH_QUERY_TIMEOUT_S": "2.5", "REVIEWGRAPH_QUERY_MEMORY_MB": "256"}
    assert store_settings(env).query_timeout_s == 2.5
    assert store_settings(env).query_memory_mb == 256
    assert store_settings(env, query_timeout_s=7).query_timeout_s == 7


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("REVIEWGRAPH_QUERY_TIMEOUT_S", "soon", "is not a number"),
        ("REVIEWGRAPH_QUERY_TIMEOUT_S", "0", "must be more than 0"),
        ("REVIEWGRAPH_QUERY_TIMEOUT_S", "-3", "must be more than 0"),
        ("REVIEWGRAPH_QUERY_MEMORY_MB", "lots", "is not a number"),
        ("REVIEWGRAPH_QUERY_MEMORY_MB", "0", "must be more than 0"),
        ("REVIEWGRAPH_QUERY_MEMORY_MB", "1.5", "whole number"),
    ],
)
def test_bad_limits_are_refused_clearly(name: str, value: str, says: str) -> None:
    with pytest.raises(SettingsError, match=f"{name}={value!r}.*{says}"):
        store_settings({name: value})


def test_bad_cli_limit_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path / "d"), "--query-timeout", "0", "status"]
    )
    assert result.exit_code != 0
    assert "--query-timeout" in result.output
