"""`reviewgraph dashboard`: the Streamlit app on this machine only (127.0.0.1 by default)."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from reviewgraph.cli.common import Context, handle_errors, pass_ctx
from reviewgraph.dashboard import access
from reviewgraph.dashboard.serve import port_in_use, serve, streamlit_command, streamlit_env
from reviewgraph.graph.embedded import start_detached, stop_unless_used
from reviewgraph.graph.locks import unfinished_analysis
from reviewgraph.queries import derived
from reviewgraph.queries.analytics import analyse


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
@click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Ask for the password in this file (its first line) before showing anything; "
    f"or set {access.PASSWORD}.",
)
@click.option(
    "--auth-header",
    metavar="NAME",
    help="Trust this header (e.g. X-Remote-User), set by a login proxy in front of the "
    f"dashboard, as the signed-in user; or set {access.AUTH_HEADER}. See docs/DASHBOARD.md.",
)
@click.option(
    "--no-login",
    is_flag=True,
    help="Serve another address without a login, because something else decides who can "
    "reach it (a container whose port is published on the host's 127.0.0.1).",
)
@pass_ctx
@handle_errors
def dashboard(
    ctx: Context,
    port: int,
    host: str,
    read_only: bool,
    password_file: Path | None,
    auth_header: str | None,
    no_login: bool,
) -> None:
    """Open the dashboard in your browser at http://HOST:PORT (Ctrl-C stops it).

    Starts the embedded store first and stops it again on exit if this command started it.

    \b
    Example:
      reviewgraph load --sample
      reviewgraph dashboard
      reviewgraph dashboard --port 8600 --read-only
      reviewgraph dashboard --host 0.0.0.0 --password-file ~/.reviewgraph-password
      reviewgraph --backend neo4j dashboard
    """
    settings = ctx.settings
    env = streamlit_env(
        settings, read_only=read_only, password_file=password_file, auth_header=auth_header
    )
    login = access.access_from_env(env)  # refuses an empty or unreadable password file
    if not login.required and not access.is_loopback(host) and not no_login:
        raise click.ClickException(
            f"refusing to serve on {host} without a login: anyone who can reach this address "
            "could read the reviews. Set a password (--password-file FILE, or "
            f"{access.PASSWORD}) or serve it behind a login proxy (--auth-header NAME, or "
            f"{access.AUTH_HEADER}); see docs/DASHBOARD.md. Or keep --host 127.0.0.1 "
            "(--no-login only when something else restricts who can reach it)."
        )
    busy = port_in_use(host, port)
    if busy:
        raise click.ClickException(
            f"cannot serve on {host}:{port}: {busy}. Choose another port with --port, "
            f"e.g. reviewgraph dashboard --port {port + 1}"
        )
    started = False
    if settings.backend == "embedded":
        _, started = start_detached(settings.data_dir)
    _bring_derived_up_to_date(ctx)
    if login.header and not access.is_loopback(host):
        click.echo(
            f"warning: serving on {host} trusting the {login.header} header: anyone who reaches "
            "this port directly (not through your login proxy) can send that header "
            "themselves. Bind 127.0.0.1 and let only the proxy reach it.",
            err=True,
        )
    elif not login.required and not access.is_loopback(host):
        click.echo(
            f"serving on {host} without a login (--no-login): whoever can reach this address "
            "can read the reviews.",
            err=True,
        )
    elif not access.is_loopback(host):
        click.echo(
            f"serving on {host} with a password; it travels in clear over plain HTTP, so "
            "put HTTPS (a reverse proxy) in front for anything but a trusted network.",
            err=True,
        )
    click.echo(f"reviewgraph dashboard on http://{host}:{port} (data: {settings.location})")
    click.echo("press Ctrl-C to stop")
    try:
        code = serve(streamlit_command(host, port), env)
    finally:
        if started and not stop_unless_used(settings.data_dir):
            click.echo("the embedded store stays running: another reviewgraph command uses it")
    if code not in (0, -signal.SIGINT, -signal.SIGTERM):
        raise SystemExit(code)


COMMANDS = [dashboard]


def _bring_derived_up_to_date(ctx: Context) -> None:
    """Derived data written by an older reviewgraph (another format, queries/derived.py) is
    rewritten before the first page is served: the pages read what this version derives."""
    with ctx.open() as store:
        if not derived.outdated(store):
            return
    click.echo(
        "the derived data was written by an older reviewgraph: bringing it up to date "
        "(as `reviewgraph analyse` does) before serving ...",
        err=True,
    )
    with ctx.writer_lock(), unfinished_analysis(ctx.lock_file), ctx.open() as store:
        if derived.outdated(store):  # another writer may have done it while we waited
            counts = analyse(store, state_dir=ctx.lock_file.parent)
            click.echo(f"derived data up to date in {counts['seconds']} s", err=True)
