"""Serving the Streamlit app: its command line, its environment, and a run that always stops it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import reviewgraph
from reviewgraph.dashboard import access
from reviewgraph.graph.config import Settings

APP = Path(__file__).resolve().parent / "app.py"


def streamlit_command(host: str, port: int, app: Path = APP) -> list[str]:
    """The `streamlit run` command line: headless, bound to `host`, no usage statistics.

    `app` is the dashboard; the dashboard benchmark runs its one-line floor app the same way.
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless",
        "true",
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--client.toolbarMode",
        "minimal",  # no "Deploy" button: this app stays local
    ]


def streamlit_env(
    settings: Settings,
    *,
    read_only: bool,
    password_file: Path | None = None,
    auth_header: str | None = None,
) -> dict[str, str]:
    """The environment that tells the app which store to read (the same as this command's)
    and who may open it (dashboard/access.py): a password file's name, never the password."""
    env = dict(os.environ)
    if password_file is not None:
        env[access.PASSWORD_FILE] = str(password_file.resolve())
        env.pop(access.PASSWORD, None)  # the file given on the command line wins
    if auth_header:
        env[access.AUTH_HEADER] = auth_header
    env["REVIEWGRAPH_BACKEND"] = settings.backend
    env["REVIEWGRAPH_DATA"] = str(settings.data_dir)
    # the read limits this command was given (--query-timeout, --query-memory) hold there too
    env["REVIEWGRAPH_QUERY_TIMEOUT_S"] = f"{settings.query_timeout_s:g}"
    env["REVIEWGRAPH_QUERY_MEMORY_MB"] = str(settings.query_memory_mb)
    if settings.backend == "neo4j":
        env["NEO4J_URI"] = settings.neo4j_uri
        env["NEO4J_USER"] = settings.neo4j_user
        env["NEO4J_DATABASE"] = settings.neo4j_database
        if settings.neo4j_password:
            env["NEO4J_PASSWORD"] = settings.neo4j_password
    env["REVIEWGRAPH_DASHBOARD_READ_ONLY"] = "1" if read_only else "0"
    # The folder holding the reviewgraph package on the path, so the app imports the same
    # installation as this command.
    root = str(Path(reviewgraph.__file__).parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def serve(command: list[str], env: dict[str, str]) -> int:
    """Run Streamlit until it exits, Ctrl-C or SIGTERM; it is always stopped before returning."""

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    proc = subprocess.Popen(command, env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # Ctrl-C in a terminal reached Streamlit too; a SIGTERM to us did not: pass it on.
        proc.send_signal(signal.SIGINT)
        return _wait(proc)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            _wait(proc)


def _wait(proc: subprocess.Popen[bytes]) -> int:
    """Give Streamlit time to close its sessions, then insist."""
    try:
        return proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.terminate()
    try:
        return proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def port_in_use(host: str, port: int) -> str | None:
    """Why Streamlit could not bind host:port (None when it can): checked before announcing."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as e:
            return e.strerror or str(e)
    return None
