"""The `reviewgraph` command: a thin click layer over the library.

Each command parses its options, calls one library function and formats the result. This
module holds the group, its global options and the store commands; load, the researcher
commands and dashboard live beside it.
"""

from __future__ import annotations

import json
import time

import click

from reviewgraph.cli.common import Context, handle_errors, pass_ctx
from reviewgraph.cli.dashboard import COMMANDS as DASHBOARD_COMMANDS
from reviewgraph.cli.eval import COMMANDS as EVAL_COMMANDS
from reviewgraph.cli.load import COMMANDS as LOAD_COMMANDS
from reviewgraph.cli.neo4j import COMMANDS as NEO4J_COMMANDS
from reviewgraph.cli.paper import COMMANDS as PAPER_COMMANDS
from reviewgraph.cli.query import COMMANDS as QUERY_COMMANDS
from reviewgraph.graph.config import BACKENDS
from reviewgraph.graph.embedded import start_detached
from reviewgraph.graph.embedded_server import EmbeddedServer, check_data_dir
from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.settings import read_limits, store_settings


@click.group()
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=None,
    help="Graph store: embedded FalkorDB (default) or neo4j. Env: REVIEWGRAPH_BACKEND.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Where the embedded store keeps its data. Env: REVIEWGRAPH_DATA.",
)
@click.option("--neo4j-uri", default=None, help="Env: NEO4J_URI (default bolt://localhost:7687).")
@click.option("--neo4j-user", default=None, help="Env: NEO4J_USER (default neo4j).")
@click.option("--neo4j-password", default=None, help="Env: NEO4J_PASSWORD.")
@click.option("--neo4j-database", default=None, help="Env: NEO4J_DATABASE (default neo4j).")
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Stop a query after this long. Env: REVIEWGRAPH_QUERY_TIMEOUT_S (default 30).",
)
@click.option(
    "--query-memory",
    type=click.IntRange(min=1),
    default=None,
    metavar="MB",
    help="Stop a query that needs more memory. Env: REVIEWGRAPH_QUERY_MEMORY_MB (default 1024).",
)
@click.version_option(package_name="reviewgraph")
@click.pass_context
def cli(
    ctx: click.Context,
    backend: str | None,
    data_dir: str | None,
    neo4j_uri: str | None,
    neo4j_user: str | None,
    neo4j_password: str | None,
    neo4j_database: str | None,
    query_timeout: float | None,
    query_memory: int | None,
) -> None:
    """reviewgraph: learn across safeguarding case reviews (SCRs, SARs, DHRs).

    \b
    Example:
      reviewgraph load --sample        # the bundled fictional corpus
      reviewgraph status
      reviewgraph query recurring_themes
      reviewgraph dashboard
    """
    try:
        settings = store_settings(
            backend=backend,
            data_dir=data_dir,
            neo4j_uri=neo4j_uri,
            neo4j_user=neo4j_user,
            neo4j_password=neo4j_password,
            neo4j_database=neo4j_database,
            query_timeout_s=query_timeout,
            query_memory_mb=query_memory,
        )
        ctx.obj = Context(settings, read_limits())
    except ReviewgraphError as e:
        raise click.ClickException(str(e)) from e


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_ctx
@handle_errors
def status(ctx: Context, as_json: bool) -> None:
    """Show the backend, where the data lives and counts per label and relationship.

    Starts the embedded store if it is not running.

    \b
    Example:
      reviewgraph status
      reviewgraph --data-dir ./boarddata status --json
    """
    started = time.perf_counter()
    with ctx.open() as store:
        counts = store.counts()
        location = store.location
    elapsed = time.perf_counter() - started
    if as_json:
        click.echo(json.dumps({"backend": ctx.settings.backend, "location": location, **counts}))
        return
    click.echo(f"backend:  {ctx.settings.backend}")
    click.echo(f"data:     {location}")
    click.echo(f"opened in {elapsed:.2f} s")
    click.echo("nodes:")
    for label, n in counts["nodes"].items():
        click.echo(f"  {label:<16}{n:>8}")
    click.echo("relationships:")
    for rel, n in counts["relationships"].items():
        click.echo(f"  {rel:<16}{n:>8}")


@cli.command()
@pass_ctx
@handle_errors
def init(ctx: Context) -> None:
    """Create the constraints and indexes (safe to run again).

    \b
    Example:
      reviewgraph init
      reviewgraph --backend neo4j init
    """
    with ctx.open(setup=False) as store:
        store.setup_schema()
    click.echo(f"schema ready in {ctx.settings.location}")


@cli.command()
@click.option("--yes", is_flag=True, help="Confirm: delete every node and relationship.")
@pass_ctx
@handle_errors
def reset(ctx: Context, yes: bool) -> None:
    """Delete everything in the graph (the schema stays).

    \b
    Example:
      reviewgraph reset --yes
    """
    if not yes:
        raise click.UsageError("reset deletes every review in the graph: add --yes to confirm")
    with ctx.writer_lock(), ctx.open() as store:
        before = sum(store.counts()["nodes"].values())
        store.clear()
    click.echo(f"deleted {before} nodes from {ctx.settings.location}")


@cli.group()
def db() -> None:
    """Start, stop or inspect the embedded FalkorDB server.

    \b
    Example:
      reviewgraph db start
      reviewgraph db status
      reviewgraph db stop
    """


def _embedded_server(ctx: Context) -> EmbeddedServer:
    if ctx.settings.backend != "embedded":
        raise click.UsageError("`db` manages the embedded store; Neo4j is run by its own tools")
    check_data_dir(ctx.settings.data_dir)
    return EmbeddedServer(ctx.settings.data_dir)


@db.command("start")
@pass_ctx
@handle_errors
def db_start(ctx: Context) -> None:
    """Start the embedded server and leave it running until `db stop`.

    \b
    Example:
      reviewgraph db start
    """
    started = time.perf_counter()
    pid, _ = start_detached(ctx.settings.data_dir)
    click.echo(
        f"embedded store running (pid {pid}) for {ctx.settings.data_dir}, "
        f"ready in {time.perf_counter() - started:.2f} s"
    )


@db.command("stop")
@pass_ctx
@handle_errors
def db_stop(ctx: Context) -> None:
    """Stop the embedded server cleanly (its data is kept).

    \b
    Example:
      reviewgraph db stop
    """
    server = _embedded_server(ctx)
    stopped = server.stop()
    click.echo("embedded store stopped" if stopped else "embedded store was not running")


@db.command("status")
@pass_ctx
@handle_errors
def db_status(ctx: Context) -> None:
    """Say whether the embedded server runs, its pid and socket.

    \b
    Example:
      reviewgraph db status
    """
    server = _embedded_server(ctx)
    pid = server.running_pid()
    if pid is None:
        click.echo(f"embedded store not running (data in {ctx.settings.data_dir})")
    else:
        click.echo(f"embedded store running: pid {pid}, socket {server.socket}")


for _command in (
    *LOAD_COMMANDS, *QUERY_COMMANDS, *DASHBOARD_COMMANDS, *EVAL_COMMANDS, *NEO4J_COMMANDS,
    *PAPER_COMMANDS,
):
    cli.add_command(_command)


def main() -> None:
    cli()
