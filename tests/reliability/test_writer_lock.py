"""Issue 13, store item 3: one writer at a time per data directory.

Two `reviewgraph load` processes at once on one data dir (or the CLI and the dashboard's
Load page) both ran the derived-data step and doubled it: 78 Precomputed views instead of
39, CO_OCCURS doubled. A load (with its analyse) now holds an flock on `writer.lock` in the
data dir; a second writer waits, saying so, and the kernel releases the lock of a killed
process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import cli
from reviewgraph.graph.config import Settings
from reviewgraph.graph.embedded_server import EmbeddedServer
from reviewgraph.graph.locks import lock_file, unfinished_analysis, writer_lock
from reviewgraph.graph.store import open_store
from reviewgraph.loaders.sample.build import build_sample_corpus

pytestmark = pytest.mark.timeout(300)


def _counts(data: Path) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-m", "reviewgraph", "--data-dir", str(data), "status", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    counts = json.loads(out.stdout)
    precomputed = subprocess.run(
        [sys.executable, "-m", "reviewgraph", "--data-dir", str(data), "cypher", "--format",
         "json", "MATCH (p:Precomputed) RETURN count(p) AS n"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return {
        "Precomputed": json.loads(precomputed.stdout)[0]["n"],
        "CO_OCCURS": counts["relationships"]["CO_OCCURS"],
        "SIMILAR_TO": counts["relationships"]["SIMILAR_TO"],
        "Review": counts["nodes"]["Review"],
    }


def _load(data: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reviewgraph", "--data-dir", str(data), "load", "--sample",
         "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.reliability
def test_two_loads_at_once_give_what_one_load_gives(tmp_path: Path) -> None:
    alone, both = tmp_path / "alone", tmp_path / "both"
    try:
        first = _load(alone)
        assert first.wait(timeout=200) == 0, first.communicate()
        procs = [_load(both), _load(both)]
        outputs = [p.communicate(timeout=200) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outputs
        assert _counts(both) == _counts(alone)
        assert any("waiting for another load on" in err for _, err in outputs), outputs
    finally:
        for data in (alone, both):
            EmbeddedServer(data).stop()


def test_a_second_writer_waits_and_is_told(tmp_path: Path) -> None:
    path = lock_file(Settings(data_dir=tmp_path))
    told: list[str] = []
    order: list[str] = []
    with writer_lock(path, on_wait=told.append, where="D"):

        def second() -> None:
            with writer_lock(path, on_wait=told.append, where="D"):
                order.append("second")

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        order.append("first done")
    thread.join(timeout=10)
    assert order == ["first done", "second"]
    assert told == ["waiting for another load on D to finish"]


def test_the_lock_is_reentrant_in_one_thread(tmp_path: Path) -> None:
    path = lock_file(Settings(data_dir=tmp_path))
    with writer_lock(path), writer_lock(path):
        pass


def test_a_killed_writer_leaves_no_lock(tmp_path: Path) -> None:
    path = lock_file(Settings(data_dir=tmp_path))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from pathlib import Path\n"
         "from reviewgraph.graph.locks import writer_lock\n"
         "with writer_lock(Path(sys.argv[1])):\n"
         "    print('held', flush=True)\n"
         "    time.sleep(600)\n", str(path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        started = time.monotonic()
        with writer_lock(path):
            pass
        assert time.monotonic() - started < 2
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_neo4j_locks_are_per_server_and_outside_any_data_dir(tmp_path: Path) -> None:
    one = lock_file(Settings(backend="neo4j", neo4j_uri="bolt://a:7687", data_dir=tmp_path))
    two = lock_file(Settings(backend="neo4j", neo4j_uri="bolt://b:7687", data_dir=tmp_path))
    assert one != two
    assert tmp_path not in one.parents


def test_unfinished_analysis_is_marked_until_the_block_completes(tmp_path: Path) -> None:
    path = lock_file(Settings(data_dir=tmp_path))
    marker = path.with_name("writer.lock.pending")
    with unfinished_analysis(path) as pending:
        assert not pending and marker.exists()
    assert not marker.exists()
    with pytest.raises(RuntimeError), unfinished_analysis(path):
        raise RuntimeError("killed in analyse")
    with unfinished_analysis(path) as pending:
        assert pending


@pytest.mark.reliability
def test_a_load_after_one_killed_in_analyse_recomputes_derived_data(tmp_path: Path) -> None:
    """Found by killtest.py: kill -9 during analyse left CO_OCCURS at 350 of 1040 for good,
    since every file was unchanged for the next load."""
    data, corpus = tmp_path / "data", tmp_path / "corpus"
    build_sample_corpus(corpus)
    load = ["--data-dir", str(data), "load", "--no-progress", str(corpus)]  # documents only
    runner = CliRunner()
    try:
        first = runner.invoke(cli, load)
        assert first.exit_code == 0, first.output
        full = _counts(data)
        with open_store(Settings(data_dir=data)) as s:  # what a killed analyse leaves
            s.write("MATCH ()-[r:CO_OCCURS]->() WITH r LIMIT 500 DELETE r")
            s.write("MATCH (p:Precomputed) WITH p LIMIT 20 DELETE p")
        lock_file(Settings(data_dir=data)).with_name("writer.lock.pending").write_text("pid 1")
        again = runner.invoke(cli, load)
        assert again.exit_code == 0, again.output
        assert " 0 loaded, 14 unchanged" in again.output
        assert "derived: " in again.output and "nothing changed" not in again.output
        assert _counts(data) == full
        assert not lock_file(Settings(data_dir=data)).with_name("writer.lock.pending").exists()
        quiet = runner.invoke(cli, load)
        assert "nothing changed, nothing to recompute" in quiet.output
    finally:
        EmbeddedServer(data).stop()


def test_the_dashboard_load_waits_for_a_cli_load(tmp_path: Path) -> None:
    from reviewgraph.dashboard import loading

    data, corpus = tmp_path / "data", tmp_path / "corpus"
    build_sample_corpus(corpus)
    doc = corpus / "04-scr-child-m.txt"
    done: list[int] = []
    with open_store(Settings(data_dir=data)) as store:
        with writer_lock(lock_file(Settings(data_dir=data))):  # the CLI's load, meanwhile
            thread = threading.Thread(
                target=lambda: done.append(
                    len(loading.run(store, loading.Batch([doc]), lambda *a: None).files)
                )
            )
            thread.start()
            time.sleep(1.0)
            assert not done, "the dashboard's load ran beside another writer"
        thread.join(timeout=120)
        assert done == [1]
