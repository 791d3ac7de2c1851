"""Issue 13, store items 4, 5 and 6: the embedded server's log, its start and its end.

Item 4: every command re-created the indexes and constraints, and FalkorDB wrote each
constraint again to the append-only file as it replayed it at the next start: the AOF grew
~1.3 KB per command and falkordb.log by one CRITICAL "Constraint already exists" line per
constraint ever sent (6.5 KB, 12.9 KB, 21 KB after three `status` calls). The schema is now
created only when missing, a start that replays such lines compacts the AOF, and a log past
1 MB is cut to its tail when the server starts.

Item 5: `--data-dir ./relative` failed (redis-server changes to its --dir before opening
its log), and the message said "exit code 0" or "exit code None" whatever happened. Paths
are resolved by EmbeddedServer itself, and the message says whether the server exited
(with its code) or was still starting when reviewgraph gave up.

Item 6: after kill -9 of the CLI, the redis-server it started (a session of its own) and
the loader's worker processes lived on with no owner. A server now gets SIGTERM when the
thread that started it ends (PR_SET_PDEATHSIG), unless started detached (`db start`, the
dashboard); a server whose owner is dead is adopted by the next process that opens it; and
the loader's workers die with their parent.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import cli
from reviewgraph.graph import embedded_server
from reviewgraph.graph.config import Settings
from reviewgraph.graph.embedded import EmbeddedStore, start_detached
from reviewgraph.graph.embedded_server import EmbeddedServer, pid_alive
from reviewgraph.graph.errors import StoreUnavailable
from reviewgraph.graph.schema import falkordb_schema_calls
from reviewgraph.graph.store import NODE_LABELS, open_store

pytestmark = pytest.mark.timeout(180)


def _aof_size(data: Path) -> int:
    return sum(p.stat().st_size for p in (data / "falkordb" / "appendonlydir").iterdir())


def _wait_gone(pid: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


# --- item 4: the log and the append-only file stay the size they are --------------------------


def test_read_commands_write_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(Settings(data_dir=data)) as s:
        s.write("CREATE (:Review {id: 'a'})")
    runner = CliRunner()
    sizes, logs = [], []
    for _ in range(4):
        result = runner.invoke(cli, ["--data-dir", str(data), "status", "--json"])
        assert result.exit_code == 0, result.output
        sizes.append(_aof_size(data))
        logs.append((data / "falkordb.log").stat().st_size)
    assert len(set(sizes[1:])) == 1, f"the append-only file grew on reads: {sizes}"
    growth = [b - a for a, b in zip(logs, logs[1:], strict=False)]
    assert max(growth) < 6000 and max(growth) - min(growth) < 500, f"log grew {growth}"
    assert "already exists" not in (data / "falkordb.log").read_text()


def test_setup_schema_on_a_ready_store_sends_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(Settings(data_dir=data)) as s:
        before = _aof_size(data)
        s.setup_schema()
        s.setup_schema()
        assert _aof_size(data) == before


def test_a_store_that_replays_its_schema_is_compacted(tmp_path: Path) -> None:
    """A store written by the old code: the constraint commands sit in the AOF."""
    data = tmp_path / "data"
    store = EmbeddedStore(data)
    try:
        for call in falkordb_schema_calls():  # what the old setup_schema sent, twice over
            for _ in range(2):
                try:
                    if isinstance(call, tuple):
                        store._redis.execute_command(*call)
                    else:
                        store._graph.query(call)
                except Exception:  # noqa: BLE001 - "already exists", as before
                    pass
    finally:
        store.close()
    sizes = []
    for _ in range(3):
        with open_store(Settings(data_dir=data)) as s:
            assert len(s.read("CALL db.constraints() YIELD label RETURN label")) == len(NODE_LABELS)
        sizes.append(_aof_size(data))
    assert sizes[1] == sizes[2], sizes
    log = (data / "falkordb.log").read_text()
    last_start = log.rsplit("Redis is starting", 1)[1]
    assert "CRITICAL" not in last_start


def test_a_big_log_is_cut_to_its_tail_on_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    log = data / "falkordb.log"
    log.write_text("".join(f"old line {i:07d}\n" for i in range(150_000)))  # 2.7 MB
    with open_store(Settings(data_dir=data)):
        pass
    text = log.read_text()
    assert log.stat().st_size < 1024 * 1024
    assert "old line 0000000" not in text
    assert "old line 0149999\n" in text
    assert text.splitlines()[0].startswith("(reviewgraph cut")
    assert "Ready to accept connections" in text


# --- item 5: relative paths and an honest message -----------------------------------------------


def test_a_relative_data_dir_works_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["--data-dir", "./relative", "status", "--json"])
        assert result.exit_code == 0, result.output
        out = subprocess.run(
            [sys.executable, "-m", "reviewgraph", "--data-dir", "rel2", "status", "--json"],
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
    finally:
        for name in ("relative", "rel2"):
            EmbeddedServer(tmp_path / name).stop()


def test_embedded_server_resolves_a_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    server = EmbeddedServer(Path("relative"))
    try:
        socket, started = server.ensure_running()
        assert started and socket.is_absolute()
        assert server.log_file == tmp_path / "relative" / "falkordb.log"
        monkeypatch.chdir("/")  # the recorded paths still hold from elsewhere
        assert EmbeddedServer(tmp_path / "relative").running_pid() == server.running_pid()
    finally:
        server.stop()


def test_a_server_still_starting_is_not_called_exit_code_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedded_server, "START_TIMEOUT_S", 0.0)
    server = EmbeddedServer(tmp_path / "data")
    with pytest.raises(StoreUnavailable) as caught:
        server.ensure_running()
    message = str(caught.value)
    assert "exit code" not in message
    assert "did not answer within 0 s (still starting; stopped it)" in message
    assert server.running_pid() is None


def test_a_server_that_exits_says_its_exit_code(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "falkordb.log").mkdir()  # redis-server cannot open its log: it exits with 1
    with pytest.raises(StoreUnavailable, match=r"exited with code 1 while starting"):
        EmbeddedServer(data).ensure_running()


# --- item 6: nothing outlives its owner unless detached -------------------------------------------

OWNER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reviewgraph.graph.embedded import EmbeddedStore, start_detached
    if sys.argv[2] == "detached":
        print(start_detached(Path(sys.argv[1]))[0], flush=True)
    else:
        store = EmbeddedStore(Path(sys.argv[1]))
        print(store.server.running_pid(), flush=True)
        time.sleep(600)
    """
)


def _owner(data: Path, mode: str) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(data), mode], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    return proc, int(proc.stdout.readline())


@pytest.mark.reliability
def test_the_server_ends_with_a_killed_owner(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc, pid = _owner(data, "owned")
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert _wait_gone(pid), "the server outlived the process that started it"
        with open_store(Settings(data_dir=data)) as s:  # and the next start is clean
            assert s.read("RETURN 1 AS one") == [{"one": 1}]
    finally:
        proc.kill()
        proc.wait(timeout=10)
        EmbeddedServer(data).stop()


@pytest.mark.reliability
def test_a_detached_server_outlives_its_starter(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc, pid = _owner(data, "detached")
    try:
        proc.wait(timeout=30)
        time.sleep(0.5)
        assert pid_alive(pid)
        assert EmbeddedServer(data).running_pid() == pid
    finally:
        EmbeddedServer(data).stop()


def test_a_server_whose_owner_died_is_adopted(tmp_path: Path) -> None:
    """What PR_SET_PDEATHSIG cannot cover (not Linux, or a race): the next opener takes over
    the orphan and stops it when done."""
    data = tmp_path / "data"
    pid, _ = start_detached(data)
    try:
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        info = json.loads((data / "server.json").read_text())
        info["owner"] = dead.pid
        (data / "server.json").write_text(json.dumps(info))
        store = EmbeddedStore(data)
        assert store.server.running_pid() == pid
        assert store.owns_server
        store.close()
        assert _wait_gone(pid)
    finally:
        EmbeddedServer(data).stop()


WORKERS = textwrap.dedent(
    """
    import multiprocessing as mp, threading, time
    from reviewgraph.loaders import pipeline

    def slow(job):
        time.sleep(600)
        return job

    pipeline._extract_job = slow
    jobs = list(range(6))
    results = pipeline._extracted(jobs)
    threading.Thread(target=lambda: next(results), daemon=True).start()  # waits forever
    while len(mp.active_children()) < 2:
        time.sleep(0.05)
    print(" ".join(str(p.pid) for p in mp.active_children()), flush=True)
    time.sleep(600)
    """
)


@pytest.mark.reliability
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the loader forks workers on 2+ cores")
def test_loader_workers_end_with_a_killed_parent(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKERS], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    workers: list[int] = []
    try:
        assert proc.stdout is not None
        workers = [int(p) for p in proc.stdout.readline().split()]
        assert len(workers) >= 2
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert all(_wait_gone(w) for w in workers), "worker processes outlived their parent"
    finally:
        proc.kill()
        proc.wait(timeout=10)
        for w in workers:
            if pid_alive(w):
                os.kill(w, signal.SIGKILL)


def test_a_server_is_recorded_before_it_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by killtest.py: a CLI killed while its server was still loading left a server
    nobody had recorded; the next start put a second server on the same files, and the
    first, exiting, removed the second's socket (60 s, then 'did not answer')."""
    seen: list[int] = []
    original = EmbeddedServer._wait_started

    def check(self: EmbeddedServer, proc: subprocess.Popen[bytes], *args: object) -> None:
        seen.append(json.loads(self.info_file.read_text())["pid"])
        assert seen[-1] == proc.pid
        original(self, proc, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(EmbeddedServer, "_wait_started", check)
    server = EmbeddedServer(tmp_path / "data")
    try:
        server.ensure_running()
        assert seen == [server.running_pid()]
    finally:
        server.stop()
