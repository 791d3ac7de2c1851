"""`reviewgraph eval`: score extraction against a labelled development set (no graph)."""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
from pathlib import Path

import click

from reviewgraph.cli.common import handle_errors
from reviewgraph.loaders.evaluate import (
    SPLITS,
    evaluate,
    format_misses,
    format_table,
    load_labels,
)
from reviewgraph.loaders.pipeline import matchers
from reviewgraph.loaders.sample.build import build_sample_corpus

# ../shared/corpus beside the checkout, unless REVIEWGRAPH_SHARED_CORPUS says otherwise.
SHARED_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _build_beside(labels: Path, out: Path) -> bool:
    """Build the documents of a labels file with the build.py beside it, if there is one."""
    builder = labels.parent / "build.py"
    if not builder.is_file():
        return False
    spec = importlib.util.spec_from_file_location("reviewgraph_eval_build", builder)
    if spec is None or spec.loader is None:
        return False
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build_eval_corpus(out)
    return True


def _roots(labels: Path, given: tuple[str, ...], work: Path) -> dict[str, Path]:
    roots: dict[str, Path] = {}
    for item in given:
        name, sep, folder = item.partition("=")
        if not sep or not name or not folder:
            raise click.UsageError(f"--root takes NAME=DIR, got {item!r}")
        roots[name] = Path(folder)
    if "sample" not in roots:
        build_sample_corpus(work / "sample")
        roots["sample"] = work / "sample"
    if "eval" not in roots and _build_beside(labels, work / "eval"):
        roots["eval"] = work / "eval"
    shared = Path(os.environ.get("REVIEWGRAPH_SHARED_CORPUS", SHARED_CORPUS))
    roots.setdefault("shared", shared)
    return roots


@click.command("eval")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(SPLITS), default="dev", show_default=True)
@click.option(
    "--root",
    "roots",
    multiple=True,
    metavar="NAME=DIR",
    help="Where the files of a labels root live (default: sample and eval are built into a "
    "temp dir, shared is ../shared/corpus or REVIEWGRAPH_SHARED_CORPUS).",
)
@click.option(
    "--only", metavar="ROOT", help="Score the files of one root only (sample, eval, shared)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores and misses as JSON.")
@click.option("--no-misses", is_flag=True, help="Print the table only.")
@handle_errors
def eval_command(
    labels: Path,
    split: str,
    roots: tuple[str, ...],
    only: str | None,
    as_json: bool,
    no_misses: bool,
) -> None:
    """Score the extraction against labelled documents: cases found, type, subject, title,
    year, board, themes, agencies, recommendations, addressees, statuses, and the files that
    are not reviews; then every miss (document | case | field | expected | got).

    Runs the real readers and extraction on each file; no graph is needed.

    \b
    Example:
      reviewgraph eval tests/eval/labels.yaml
      reviewgraph eval tests/eval/labels.yaml --split heldout --json
    """
    m = matchers()
    docs = load_labels(labels, m)
    with tempfile.TemporaryDirectory(prefix="reviewgraph-eval-") as tmp:
        scores = evaluate(docs, _roots(labels.resolve(), roots, Path(tmp)), m, split, only=only)
    table = scores.table()
    if as_json:
        misses = [vars(miss) for miss in scores.misses]
        click.echo(json.dumps({"split": split, **table, "misses": misses}, default=str))
        return
    click.echo(
        "\n".join(format_table(table, f"split: {split}" + (f", {only} only" if only else "")))
    )
    if not no_misses and scores.misses:
        click.echo("\nmisses (document | case | field | expected | got):")
        click.echo("\n".join(format_misses(scores.misses)))


COMMANDS = [eval_command]
