"""Researcher commands: queries, query, cypher, export, analyse (attached by graph/cli.py)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

from reviewgraph.cli.common import Context, handle_errors, pass_ctx
from reviewgraph.graph.locks import unfinished_analysis
from reviewgraph.graph.query_errors import check_param_names
from reviewgraph.queries.analytics import analyse as analyse_graph
from reviewgraph.queries.errors import ParameterError
from reviewgraph.queries.export import export_graph, export_rows
from reviewgraph.queries.registry import FILTER_PARAMS, get_query, list_queries, run_query

OUTPUT_FORMATS = ("table", "csv", "json")
MAX_CELL = 60


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(
                f"--param takes NAME=VALUE, e.g. --param types=SCR,SAR; got {pair!r}"
            )
        params[name.strip()] = value
    return params


def _raw_value(text: str) -> Any:
    """A `cypher --param` value: JSON when it parses (2015, true, null, ["a"]), else text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def format_rows(rows: list[dict[str, Any]], fmt: str) -> str:
    """Rows as an aligned text table, CSV or a JSON list of row objects."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_text(row.get(c)) for c in columns])
        return buffer.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    cells = [[_text(row.get(c)).replace("\n", " ") for c in columns] for row in rows]
    cells = [[v if len(v) <= MAX_CELL else v[: MAX_CELL - 1] + "…" for v in line] for line in cells]
    widths = [max(len(c), *(len(line[i]) for line in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip()
              for line in cells]  # fmt: skip
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)


param_option = click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter, repeatable: --param types=SCR,SAR --param year_from=2015.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    default="table",
    show_default=True,
    help="table for reading, csv or json (a list of row objects) for other tools.",
)


@click.command("queries")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.option("--show", "show", metavar="NAME", help="Print one query's Cypher as it is run.")
@handle_errors
def queries_cmd(as_json: bool, show: str | None) -> None:
    """List the named queries with their titles, descriptions and parameters.

    \b
    Example:
      reviewgraph queries
      reviewgraph queries --json
      reviewgraph queries --show recurring_themes > recurring_themes.cypher
    """
    if show:
        spec = get_query(show)
        if spec.cypher["neo4j"] == spec.cypher["embedded"]:
            click.echo(spec.cypher["neo4j"])
        else:
            for backend, body in spec.cypher.items():
                click.echo(f"// backend: {backend}\n{body}\n")
        return
    specs = list_queries()
    if as_json:
        click.echo(json.dumps([
            {"name": s.name, "title": s.title, "description": s.description,
             "params": [{"name": p.name, "type": p.type, "default": p.default,
                         "required": p.required, "choices": p.choices,
                         "description": p.description} for p in s.params]}
            for s in specs
        ], indent=1))  # fmt: skip
        return
    common = {p.name: p.default for p in FILTER_PARAMS}
    for spec in specs:
        click.echo(click.style(spec.name, bold=True) + f"  {spec.title}")
        click.echo(f"    {spec.description}")
        for p in spec.params:
            if spec.filters and p.name in common and common[p.name] == p.default:
                continue  # listed once below (a query restating one with its own default shows it)
            default = "required" if p.required else f"default {json.dumps(p.default)}"
            choices = f"; one of {', '.join(p.choices)}" if p.choices else ""
            click.echo(f"    --param {p.name}=<{p.type}>  {p.description} ({default}{choices})")
        if spec.filters:
            click.echo("    and the common filters (below)")
        click.echo()
    click.echo("Common filters (empty = all):")
    for p in FILTER_PARAMS:
        click.echo(f"    --param {p.name}=<{p.type}>  {p.description}")


@click.command("query")
@click.argument("name")
@param_option
@format_option
@pass_ctx
@handle_errors
def query(ctx: Context, name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run a named query and print its rows (see `reviewgraph queries`).

    Lists are comma-separated; filters every aggregate takes: types, boards, year_from,
    year_to, age_bands, outcome, include_unpublished.

    \b
    Example:
      reviewgraph query recurring_themes
      reviewgraph query recurring_themes --param types=SAR,DHR --param year_from=2015
      reviewgraph query evidence --param theme=information_sharing --format csv > ev.csv
      reviewgraph query review_profile --format json \\
          -p review_id=sar-hollowmere-safeguarding-adults-board-adult-c-2021
    """
    get_query(name)  # an unknown name fails before the store starts
    with ctx.open() as store:
        rows = run_query(store, name, _parse_params(params))
    click.echo(format_rows(rows, fmt))


@click.command("cypher")
@click.argument("statement", required=False)
@click.option("-f", "--file", "path", type=click.Path(exists=True, dir_okay=False),
              help="Read the statement from a file.")  # fmt: skip
@param_option
@format_option
@pass_ctx
@handle_errors
def cypher(
    ctx: Context, statement: str | None, path: str | None, params: tuple[str, ...], fmt: str
) -> None:
    """Run your own read-only Cypher (argument, -f FILE or stdin); writes are refused.

    Parameter values are JSON when they parse (2015, true, null, ["SCR","SAR"]), else text.

    \b
    Example:
      reviewgraph cypher "MATCH (r:Review) RETURN r.type AS type, count(*) AS n"
      reviewgraph cypher "MATCH (r:Review {id: \\$id}) RETURN r" \\
          --param id=sar-hollowmere-safeguarding-adults-board-adult-c-2021
      reviewgraph cypher -f my_query.cypher --format csv > out.csv
      echo "MATCH (t:Theme) RETURN t.name" | reviewgraph cypher
    """
    if path:
        text = Path(path).read_text(encoding="utf-8")
    elif statement:
        text = statement
    elif not sys.stdin.isatty():
        text = sys.stdin.read()
    else:
        raise click.UsageError("give a statement, -f FILE, or pipe one on stdin")
    if not text.strip():
        raise click.UsageError("the statement is empty")
    values = {k: _raw_value(v) for k, v in _parse_params(params).items()}
    check_param_names(values)  # before the store starts
    with ctx.open() as store:
        rows = store.read(text, values)
    click.echo(format_rows(rows, fmt))


@click.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("csv", "graphml", "json")), required=True,
              help="csv (a folder: nodes.csv, relationships.csv), graphml or json.")  # fmt: skip
@click.option("--query", "query_name", default=None, help="Export this named query's rows instead.")
@param_option
@pass_ctx
@handle_errors
def export(
    ctx: Context, out: Path, fmt: str, query_name: str | None, params: tuple[str, ...]
) -> None:
    """Export the whole graph (nodes and relationships), or one query's rows.

    GraphML opens in Gephi and networkx; list properties are written as JSON text.

    \b
    Example:
      reviewgraph export --format graphml reviews.graphml
      reviewgraph export --format csv graph_csv/
      reviewgraph export --format json graph.json
      reviewgraph export --format csv themes.csv --query recurring_themes -p types=SAR
    """
    if query_name:
        get_query(query_name)
        if fmt == "graphml":
            raise ParameterError("graphml exports the whole graph: use csv or json with --query")
        with ctx.open() as store:
            rows = run_query(store, query_name, _parse_params(params))
        n = export_rows(rows, fmt, out)
        click.echo(f"wrote {n} rows of {query_name} to {out}")
        return
    if params:
        raise click.UsageError("--param needs --query NAME")
    with ctx.open() as store:
        counts = export_graph(store, fmt, out)
    click.echo(
        f"wrote {counts['nodes']} nodes and {counts['relationships']} relationships to {out}"
    )


@click.command("analyse")
@pass_ctx
@handle_errors
def analyse(ctx: Context) -> None:
    """Recompute all derived links: action status, co-occurrence, similarity, default views.

    A load brings them up to date itself, re-deriving only what its documents touched;
    run this after changing data by hand, or to refit the similarity vocabulary (a load
    scores new text with the words of the last full run).

    \b
    Example:
      reviewgraph analyse
    """
    with ctx.writer_lock(), unfinished_analysis(ctx.lock_file), ctx.open() as store:
        counts = analyse_graph(
            store, state_dir=ctx.lock_file.parent,
            progress=lambda step: click.echo(f"… {step}", err=True),
        )  # fmt: skip
    for key, value in counts.items():
        click.echo(f"{key:<28}{value}")


COMMANDS = [queries_cmd, query, cypher, export, analyse]
