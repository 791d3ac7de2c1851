"""`reviewgraph dashboard`: the Streamlit app on this machine only (127.0.0.1 by default)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import click

from graph.cli import Context, handle_errors, pass_ctx
from graph.config import Settings

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


def streamlit_env(settings: Settings, *, read_only: bool) -> dict[str, str]:
    """The environment that tells the app which store to read (the same as this command's)."""
    env = dict(os.environ)
    env["REVIEWGRAPH_BACKEND"] = settings.backend
    env["REVIEWGRAPH_DATA"] = str(settings.data_dir)
    if settings.backend == "neo4j":
        env["NEO4J_URI"] = settings.neo4j_uri
        env["NEO4J_USER"] = settings.neo4j_user
        env["NEO4J_DATABASE"] = settings.neo4j_database
        if settings.neo4j_password:
            env["NEO4J_PASSWORD"] = settings.neo4j_password
    env["REVIEWGRAPH_DASHBOARD_READ_ONLY"] = "1" if read_only else "0"
    # The project root on the path, so the app imports the same packages as this command.
    root = str(APP.parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def _start_embedded(settings: Settings) -> None:
    """Start the embedded store detached, so it outlives page reloads and Streamlit's reruns."""
    from graph.embedded import EmbeddedStore

    store = EmbeddedStore(settings.data_dir, detach=True)
    try:
        store.setup_schema()
    finally:
        store.close()


def _stop_embedded(settings: Settings) -> None:
    """Stop the embedded store this command started, unless another process still uses it."""
    from graph.embedded import EmbeddedStore
    from graph.embedded_server import EmbeddedServer

    server = EmbeddedServer(settings.data_dir)
    if server.running_pid() is None:
        return
    probe = EmbeddedStore(settings.data_dir, detach=True)
    try:
        busy = probe.other_clients() > 0
    finally:
        probe.close()
    if busy:
        click.echo("the embedded store stays running: another reviewgraph command uses it")
    else:
        server.stop()


@click.command()
@click.option("--port", default=8501, show_default=True, type=int, help="Port to serve on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind. The data is sensitive: keep 127.0.0.1 unless you know who can "
    "reach this machine.",
)
@click.option("--read-only", is_flag=True, help="Hide the Load page (for people who only read).")
@pass_ctx
@handle_errors
def dashboard(ctx: Context, port: int, host: str, read_only: bool) -> None:
    """Open the dashboard in your browser at http://HOST:PORT (Ctrl-C stops it).

    Starts the embedded store first and stops it again on exit if this command started it.

    \b
    Example:
      reviewgraph load --sample
      reviewgraph dashboard
      reviewgraph dashboard --port 8600 --read-only
      reviewgraph --backend neo4j dashboard
    """
    settings = ctx.settings
    started = False
    if settings.backend == "embedded":
        from graph.embedded_server import EmbeddedServer

        started = EmbeddedServer(settings.data_dir).running_pid() is None
        _start_embedded(settings)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: serving on {host}: anyone who can reach this address can read the "
            "reviews (no login). Use 127.0.0.1 unless that is intended.",
            err=True,
        )
    click.echo(f"reviewgraph dashboard on http://{host}:{port} (data: {settings.location})")
    click.echo("press Ctrl-C to stop")
    try:
        code = serve(streamlit_command(host, port), streamlit_env(settings, read_only=read_only))
    finally:
        if started:
            _stop_embedded(settings)
    if code not in (0, -signal.SIGINT, -signal.SIGTERM):
        raise SystemExit(code)


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


COMMANDS = [dashboard]
