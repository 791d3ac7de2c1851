"""`reviewgraph dashboard`: the Streamlit app on this machine only (127.0.0.1 by default)."""

from __future__ import annotations

import signal

import click

from reviewgraph.cli.common import Context, handle_errors, pass_ctx
from reviewgraph.dashboard.serve import port_in_use, serve, streamlit_command, streamlit_env
from reviewgraph.graph.embedded import start_detached, stop_unless_used


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
    busy = port_in_use(host, port)
    if busy:
        raise click.ClickException(
            f"cannot serve on {host}:{port}: {busy}. Choose another port with --port, "
            f"e.g. reviewgraph dashboard --port {port + 1}"
        )
    started = False
    if settings.backend == "embedded":
        _, started = start_detached(settings.data_dir)
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
        if started and not stop_unless_used(settings.data_dir):
            click.echo("the embedded store stays running: another reviewgraph command uses it")
    if code not in (0, -signal.SIGINT, -signal.SIGTERM):
        raise SystemExit(code)


COMMANDS = [dashboard]
