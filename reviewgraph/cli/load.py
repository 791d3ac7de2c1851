"""`reviewgraph load`: documents, registers and action plans into the graph, then the
derived data once for the batch (only when something changed)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from reviewgraph.cli.common import Context, handle_errors, pass_ctx
from reviewgraph.graph.locks import unfinished_analysis
from reviewgraph.graph.private_files import make_data_dir_private
from reviewgraph.loaders.pipeline import LoadReport, load_batch
from reviewgraph.loaders.readers import SUPPORTED_SUFFIXES
from reviewgraph.loaders.register import available_mappings
from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.queries import derived as derived_data
from reviewgraph.queries.analytics import analyse


def sample_dir(ctx: Context) -> Path:
    """Where the sample corpus is built: in the data dir, whichever the backend (a fixed
    name in /tmp could be taken first by another user, with links planted in it)."""
    return ctx.settings.data_dir / "sample-corpus"


def _print_report(report: LoadReport, derived: dict[str, Any]) -> None:
    for f in report.files:
        if f.status == "failed":
            click.echo(f"FAILED   {f.path}: {f.reason}", err=True)
        elif f.status == "skipped":
            click.echo(f"SKIPPED  {f.path}: {f.reason}", err=True)
        if f.replaced:
            click.echo(f"REPLACED {f.path}: {f.replaced} (now version {f.version})")
        for w in f.warnings:
            click.echo(f"warning  {Path(f.path).name}: {w}", err=True)
    if report.unknown_organisations:
        names = ", ".join(report.unknown_organisations[:30])
        more = len(report.unknown_organisations) - 30
        click.echo(
            f"organisations not in the gazetteer: {names}"
            + (f" (+{more} more)" if more > 0 else "")
        )
    t = report.totals()
    skipped = f", {t['skipped']} skipped" if t["skipped"] else ""
    click.echo(
        f"{t['files']} files: {t['loaded']} loaded, {t['unchanged']} unchanged, "
        f"{t['failed']} failed{skipped} | "
        f"{t['reviews']} reviews, {t['themes']} theme links, {t['agencies']} agency links, "
        f"{t['recommendations']} recommendations, {t['findings']} findings, "
        f"{t['warnings']} warnings"
    )
    if derived:
        click.echo("derived: " + ", ".join(f"{k} {v}" for k, v in derived.items()))
    elif report.files and not report.changed:
        click.echo("derived: nothing changed, nothing to recompute")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--register",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A register of reviews (CSV/XLSX); rows naming a document load it.",
)
@click.option(
    "--mapping",
    default="sample",
    show_default=True,
    help="Which columns of the register hold which field: "
    f"{', '.join(available_mappings())} or a YAML file.",
)
@click.option(
    "--actions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An action plan (CSV/XLSX) tracking recommendations.",
)
@click.option(
    "--documents-root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder the register's Document column may name files in, besides the "
    "register's own folder (anything else it names is refused).",
)
@click.option("--sample", is_flag=True, help="Load the bundled fictional sample corpus.")
@click.option(
    "--force",
    is_flag=True,
    help="Load files that do not look like reviews too (a README, a codebook, a licence "
    "are skipped by default, with the reason).",
)
@click.option(
    "--replaces",
    metavar="REVIEW_ID",
    default=None,
    help="The one file given is a revised version of this review: it replaces the earlier "
    "file's evidence and keeps its version history (a report of the same type, board and "
    "subject is recognised without it).",
)
@click.option("--no-progress", is_flag=True, help="No progress bar (for logs).")
@pass_ctx
@handle_errors
def load(
    ctx: Context, paths: tuple[Path, ...], register: Path | None, mapping: str,
    actions: Path | None, documents_root: Path | None, sample: bool, force: bool,
    replaces: str | None, no_progress: bool,
) -> None:  # fmt: skip
    """Load review documents (PDF, DOCX, HTML, TXT, MD), registers and action plans.

    Folders are walked. Each file is one transaction; an unchanged file is skipped and
    a changed one replaces what it contributed. Failed files are listed with their
    reason and the exit code is 1. Files that are not reviews (README, codebook, licence,
    a file with no review subject, findings or recommendations) are skipped with the
    reason unless --force.

    \b
    Example:
      reviewgraph load --sample
      reviewgraph load reviews/ extra/briefing.pdf
      reviewgraph load --register register.xlsx --mapping sample --actions actions.csv
      reviewgraph load --register registers/2024.csv --documents-root reviews/
      reviewgraph load --register ../shared/corpus/dhrd/incidents.csv --mapping dhrd
      reviewgraph load --replaces scr-fenmarsh-lscb-child-k-2016 "Child K SCR revised.pdf"
    """
    if not (paths or register or actions or sample):
        raise click.UsageError("nothing to load: give PATHs, --register, --actions or --sample")
    # One writer at a time: a second load waits here (two at once doubled the derived data);
    # derived data an earlier load left unfinished (killed in analyse) is recomputed.
    with ctx.writer_lock(), unfinished_analysis(ctx.lock_file) as pending:
        if sample:
            folder = sample_dir(ctx)
            make_data_dir_private(ctx.settings.data_dir)  # 0700 before anything is in it
            build_sample_corpus(folder)
            make_data_dir_private(folder, quiet=True)  # just written, under the usual umask
            register = register or folder / "register.csv"
            actions = actions or folder / "action_plan.csv"
        with ctx.open() as store:
            # derived data of an older format is rewritten in full, even if nothing new loads
            outdated = derived_data.outdated(store)
            with _bar(no_progress) as bar:
                report = load_batch(
                    store, paths, register=register, mapping=mapping, actions=actions,
                    progress=bar, limits=ctx.limits, documents_root=documents_root, force=force,
                    replaces=replaces,
                )  # fmt: skip
            derived = {}
            if report.changed or pending or outdated:  # a run that died half-way: in full
                derived = analyse(
                    store, state_dir=ctx.lock_file.parent, incremental=not pending, views=False,
                    keep_state=not report.failed,  # files to load again: then derive in full
                )  # fmt: skip
    _print_report(report, derived)
    if not report.files:
        raise click.ClickException(
            f"no review files found in {', '.join(map(str, paths))}: reviewgraph reads "
            f"{', '.join(SUPPORTED_SUFFIXES)} (registers and action plans with --register "
            "and --actions)"
        )
    if report.failed:
        sys.exit(1)


class _Bar:
    """A progress bar on stderr fed by the pipeline's progress callback."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: tqdm[None] | None = None

    def __enter__(self) -> _Bar:
        return self

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.enabled:
            return
        bar = self._bar
        if bar is None or bar.total != total:
            if bar is not None:
                bar.close()
            bar = self._bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False)
        bar.n = done
        bar.set_postfix_str(name[:40])
        bar.refresh()

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()


def _bar(no_progress: bool) -> _Bar:
    return _Bar(not no_progress)


COMMANDS = [load]
