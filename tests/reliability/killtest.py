"""kill -9 during loads: is anything lost or half-written? (issue 13, store items)

    .venv/bin/python tests/reliability/killtest.py               # 10 trials
    .venv/bin/python tests/reliability/killtest.py --trials 46 --target server --seed 7

One reference load of the sample corpus's documents, then per trial: a fresh data dir, `reviewgraph
load` of the same corpus, kill -9 at a random moment of the load (of the CLI, of its
redis-server, or of both, in turn with --target both), then:

1. the store opens again (the append-only file replays) and answers;
2. nothing is half-written: every document in the graph has exactly the reviews,
   recommendations, findings and passages the reference load gave it;
3. no process is left behind: the killed CLI's server and loader workers end with it;
4. the same load run again completes, and the graph equals the reference exactly (labels,
   ids, relationship counts, derived data included): nothing lost, nothing doubled.

Prints one line per trial and a summary; exit code 1 when any trial failed. Needs no
network; everything happens under a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reviewgraph.graph.config import Settings
from reviewgraph.graph.embedded_server import EmbeddedServer, pid_alive
from reviewgraph.graph.store import open_store
from reviewgraph.loaders.sample.build import build_sample_corpus

Snapshot = dict[str, Any]


def cli(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "reviewgraph", "--data-dir", str(data), *args]


def load_args(corpus: Path) -> list[str]:
    """The corpus's 14 documents (its register and action plan are reloaded by every load,
    which would hide what a killed load leaves: the documents are skipped when unchanged)."""
    return ["load", "--no-progress", str(corpus)]


def snapshot(data: Path) -> Snapshot:
    """Everything a load leaves: node ids per label, per-document contents, relationships."""
    with open_store(Settings(data_dir=data)) as store:
        ids: dict[str, list[str]] = {}
        for row in store.read(
            "MATCH (n) RETURN labels(n)[0] AS label, collect(toString(n.id)) AS ids"
        ):
            ids[row["label"]] = sorted(row["ids"])
        per_doc: dict[str, list[str]] = {}
        for row in store.read(
            "MATCH (n) WHERE n.doc IS NOT NULL "
            "RETURN n.doc AS doc, collect(labels(n)[0] + ':' + toString(n.id)) AS ids"
        ):
            per_doc[str(row["doc"])] = sorted(row["ids"])
        documents = sorted(str(r["id"]) for r in store.read("MATCH (d:Document) RETURN d.id AS id"))
        rels = {
            row["type"]: row["n"]
            for row in store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
        }
    return {"ids": ids, "per_doc": per_doc, "documents": documents, "rels": rels}


def children_of(pid: int) -> list[int]:
    """Every descendant of `pid` (from /proc), so none escapes the check."""
    found: list[int] = []
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        path = Path(f"/proc/{parent}/task/{parent}/children")
        try:
            kids = [int(k) for k in path.read_text().split()]
        except OSError:
            kids = []
        found += kids
        frontier += kids
    return found


def describe(pid: int) -> str:
    """What a process left behind is: its command line, state, parent and what it waits in,
    so that a failure seen once in CI says which process survived and where it was stuck."""
    proc = Path(f"/proc/{pid}")
    try:
        argv = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        status = dict(
            line.split(":\t", 1)
            for line in (proc / "status").read_text().splitlines()
            if ":\t" in line
        )
        wchan = (proc / "wchan").read_text() if (proc / "wchan").exists() else "?"
    except OSError:
        return f"{pid} (gone)"
    return (
        f"{pid} [{argv.strip()[:120]}] state {status.get('State', '?').strip()}, parent "
        f"{status.get('PPid', '?').strip()}, threads {status.get('Threads', '?').strip()}, "
        f"waiting in {wchan or '-'}"
    )


def wait_gone(pids: list[int], timeout: float = 15.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [p for p in pids if pid_alive(p)]
        if not left:
            return []
        time.sleep(0.05)
    return [p for p in pids if pid_alive(p)]


def trial(
    n: int, corpus: Path, base: Path, reference: Snapshot, load_s: float,
    target: str, rng: random.Random, window: tuple[float, float] | None = None,
) -> tuple[bool, str]:  # fmt: skip
    data = base / f"trial-{n}"
    at = rng.uniform(*(window or (0.2, load_s)))
    proc = subprocess.Popen(cli(data, *load_args(corpus)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    problems: list[str] = []
    descendants: list[int] = []
    try:
        time.sleep(at)
        descendants = children_of(proc.pid)
        server = EmbeddedServer(data).running_pid()
        finished = proc.poll() is not None
        with contextlib.suppress(ProcessLookupError):  # it may have just finished
            if target in ("cli", "both"):
                os.kill(proc.pid, signal.SIGKILL)
            if target in ("server", "both") and server is not None:
                os.kill(server, signal.SIGKILL)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            problems.append("the CLI did not end after its server was killed")
        left = wait_gone(descendants)
        if left:
            problems.append(f"processes left behind: {'; '.join(describe(p) for p in left)}")
        when = f"after {at:.2f} s" + (" (load had finished)" if finished else "")
        # 1 and 2: it opens, and what is there is whole.
        try:
            seen = snapshot(data)
        except Exception as e:  # noqa: BLE001 - any failure here is the finding
            return False, f"{when}: store did not open: {e}"
        for doc, ids in seen["per_doc"].items():
            if doc in reference["per_doc"] and ids != reference["per_doc"][doc]:
                problems.append(f"document {doc} half-written: {len(ids)} of "
                                f"{len(reference['per_doc'][doc])} nodes")  # fmt: skip
        partial = len(seen["documents"])
        # 4: the same load again completes and gives the reference.
        again = subprocess.run(cli(data, *load_args(corpus)), capture_output=True, text=True,
                               timeout=600)  # fmt: skip
        if again.returncode != 0:
            problems.append(f"reload failed ({again.returncode}): {again.stderr[-500:]}")
        final = snapshot(data)
        for key in ("ids", "rels", "documents"):
            if final[key] != reference[key]:
                diff = {k: (len(v) if isinstance(v, list) else v) for k, v in final[key].items()}
                problems.append(f"after reload {key} differ from the reference: {diff}")
        note = f"{when}: {partial} of {len(reference['documents'])} documents in before reload"
        return not problems, note + ("; " + "; ".join(problems) if problems else "")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        EmbeddedServer(data).stop()
        for pid in descendants:  # what a failed trial left behind is not left to the machine
            if pid_alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=int(os.environ.get("KILLTEST_TRIALS", 10)))
    parser.add_argument("--target", choices=("cli", "server", "both", "mixed"), default="mixed",
                        help="what to kill -9; mixed takes cli, server, both in turn")  # fmt: skip
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--window", type=float, nargs=2, metavar=("FROM", "TO"),
                        help="kill between these seconds into the load (default: 0.2 s to "
                             "the reference load's length)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    base = Path(tempfile.mkdtemp(prefix="reviewgraph-killtest-"))
    try:
        corpus = base / "corpus"
        build_sample_corpus(corpus)
        ref = base / "reference"
        started = time.monotonic()
        subprocess.run(cli(ref, *load_args(corpus)), check=True, capture_output=True, timeout=600)
        load_s = time.monotonic() - started
        reference = snapshot(ref)
        EmbeddedServer(ref).stop()
        print(f"reference load: {load_s:.1f} s, {len(reference['documents'])} documents, "
              f"{sum(len(v) for v in reference['ids'].values())} nodes, "
              f"{sum(reference['rels'].values())} relationships", flush=True)  # fmt: skip
        cycle = ("cli", "server", "both")
        passed = 0
        for n in range(args.trials):
            target = cycle[n % 3] if args.target == "mixed" else args.target
            ok, note = trial(n, corpus, base, reference, load_s, target, rng, args.window)
            passed += ok
            print(f"trial {n + 1:>3} kill -9 {target:<6} {'ok  ' if ok else 'FAIL'} {note}",
                  flush=True)  # fmt: skip
        summary = {"trials": args.trials, "survived": passed, "seed": args.seed,
                   "target": args.target}  # fmt: skip
        print(json.dumps(summary) if args.json else
              f"survived {passed} of {args.trials} kill -9 trials (seed {args.seed})")  # fmt: skip
        return 0 if passed == args.trials else 1
    finally:
        for info in base.rglob("server.json"):
            EmbeddedServer(info.parent).stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
