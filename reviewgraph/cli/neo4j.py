"""`reviewgraph neo4j`: a local Neo4j 5 Community server from Maven Central, with no Docker."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from reviewgraph.cli.common import Context, handle_errors, pass_ctx
from reviewgraph.graph.neo4j_server import NEO4J_VERSION, LocalNeo4j

dir_option = click.option(
    "--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Where the server keeps its configuration, data, logs and password "
    "(default: DATA_DIR/neo4j).",
)  # fmt: skip


def _server(ctx: Context, folder: Path | None) -> LocalNeo4j:
    return LocalNeo4j(folder or ctx.settings.data_dir / "neo4j")


@click.group()
def neo4j() -> None:
    """Run a local Neo4j 5 Community server (Java 17 and Maven; no Docker).

    The first start fetches Neo4j's jars from Maven Central into your cache (about 125 MB);
    after that it runs offline. The server listens on 127.0.0.1 only, with a password made
    for it and kept (readable by you alone) in its folder.

    \b
    Example:
      reviewgraph neo4j start
      eval "$(reviewgraph neo4j env)"
      reviewgraph --backend neo4j load --sample
      reviewgraph neo4j stop
    """


@neo4j.command("start")
@dir_option
@pass_ctx
@handle_errors
def start(ctx: Context, folder: Path | None) -> None:
    """Start the server (or find it running) and wait until it answers.

    \b
    Example:
      reviewgraph neo4j start
      reviewgraph neo4j start --dir ~/boards/neo4j
    """
    server = _server(ctx, folder)
    running = server.start()
    click.echo(f"Neo4j {running.version} Community on {running.uri} (pid {running.pid})")
    click.echo(f"user neo4j, password in {server.password_file}")
    click.echo('use it: eval "$(reviewgraph neo4j env)", then reviewgraph --backend neo4j ...')


@neo4j.command("stop")
@dir_option
@pass_ctx
@handle_errors
def stop(ctx: Context, folder: Path | None) -> None:
    """Stop the server cleanly (its data is kept).

    \b
    Example:
      reviewgraph neo4j stop
    """
    stopped = _server(ctx, folder).stop()
    click.echo("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j.command("status")
@dir_option
@pass_ctx
@handle_errors
def status(ctx: Context, folder: Path | None) -> None:
    """Say whether the server runs, its version, address and pid.

    \b
    Example:
      reviewgraph neo4j status
    """
    server = _server(ctx, folder)
    running = server.running()
    if running is None:
        click.echo(f"Neo4j not running (folder {server.folder}; version {NEO4J_VERSION})")
    else:
        click.echo(f"Neo4j {running.version} Community on {running.uri} (pid {running.pid})")


@neo4j.command("env")
@dir_option
@pass_ctx
@handle_errors
def env(ctx: Context, folder: Path | None) -> None:
    """Print the shell lines that point reviewgraph at the running server.

    \b
    Example:
      eval "$(reviewgraph neo4j env)"
    """
    server = _server(ctx, folder)
    running = server.running()
    if running is None:
        raise click.ClickException("Neo4j is not running: start it with `reviewgraph neo4j start`")
    click.echo(f"export REVIEWGRAPH_BACKEND=neo4j NEO4J_URI={running.uri} NEO4J_USER=neo4j")
    click.echo(f"export NEO4J_PASSWORD={shlex.quote(server.password())}")


COMMANDS = [neo4j]
