"""`reviewgraph paper`: a paper for the board on one theme, as DOCX or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from reviewgraph.cli.common import Context, handle_errors, pass_ctx
from reviewgraph.queries import paper as board_paper


@click.command("paper")
@click.option("--theme", required=True, help="Theme id or name, e.g. information_sharing.")
@click.option("--level", type=click.Choice(board_paper.LEVELS), default="theme",
              show_default=True, help="Count at this taxonomy level.")  # fmt: skip
@click.option("--board", "boards", multiple=True, help="Only this board's reviews (repeatable).")
@click.option("--type", "types", multiple=True, help="Only this review type: SCR, SAR, DHR …")
@click.option("--year-from", type=int, default=None, help="First year of review included.")
@click.option("--year-to", type=int, default=None, help="Last year of review included.")
@click.option("--age-band", "age_bands", multiple=True, help="Only this age band (repeatable).")
@click.option("--outcome", type=click.Choice(("fatal", "non-fatal")), default=None)
@click.option("--include-unpublished", is_flag=True, help="Count unpublished (confidential) ones.")
@click.option("--include-register", is_flag=True, help="Count register records too.")
@click.option("--out", "outs", multiple=True, required=True, type=click.Path(path_type=Path),
              help="File to write, .docx or .pdf (repeat for both).")  # fmt: skip
@pass_ctx
@handle_errors
def paper(
    ctx: Context,
    theme: str,
    level: str,
    boards: tuple[str, ...],
    types: tuple[str, ...],
    year_from: int | None,
    year_to: int | None,
    age_bands: tuple[str, ...],
    outcome: str | None,
    include_unpublished: bool,
    include_register: bool,
    outs: tuple[Path, ...],
) -> None:
    """Write a paper for the board on one theme: the question, the counts with their base, a
    chart, the strongest evidence passages (review and page), the recommendations made on it
    with their status, and what recurs despite open actions.

    \b
    Example:
      reviewgraph paper --theme information_sharing --out paper.docx --out paper.pdf
      reviewgraph paper --theme escalation --board "Hollowmere Safeguarding Children Partnership" \\
          --type SCR --type CSPR --year-from 2018 --out escalation.pdf
    """
    for out in outs:
        if out.suffix.lower() not in (".docx", ".pdf"):
            raise click.UsageError(f"--out must end in .docx or .pdf; got {out.name!r}")
    filters: dict[str, Any] = {
        "types": [t.upper() for t in types],
        "boards": list(boards),
        "year_from": year_from,
        "year_to": year_to,
        "age_bands": list(age_bands),
        "outcome": outcome,
        "include_unpublished": include_unpublished,
        "include_register": include_register,
    }
    with ctx.open() as store:
        made = board_paper.assemble(store, theme, filters, level)
    for out in outs:
        board_paper.write(made, out)
        click.echo(f"wrote {out}: {made.headline}; {len(made.passages)} passages, "
                   f"{len(made.recommendations)} recommendations")  # fmt: skip


COMMANDS = [paper]
