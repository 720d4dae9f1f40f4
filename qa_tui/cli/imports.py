"""`qa-tui import interactions|surveys|feedback|complaints FILE`: bulk import with a per-row error report.

Heavy libraries (polars) load inside the command, so `qa-tui --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qa_tui.cli.common import database_options, sign_in

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
SHOWN_ERRORS = 20


@click.command("import")
@click.argument("kind", type=click.Choice(["interactions", "surveys", "feedback", "complaints"]))
@click.argument("file", type=FILE)
@click.option("--mapping", type=FILE, help="TOML file: [columns] then field = \"Header\" lines, overriding detection.")
@click.option("--strict", is_flag=True, help="Import nothing unless every row is valid.")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path),
              help="Where rejected rows and their reasons go [default: FILE.rejects.csv beside FILE].")
@click.option("--encoding", default="utf-8", show_default=True, help="The file's text encoding (CSV only).")
@database_options
def import_command(kind: str, file: Path, mapping: Path | None, strict: bool, rejects: Path | None, encoding: str) -> None:
    """Import interactions, survey responses, feedback items or a complaint log from a CSV, Parquet or XLSX FILE.

    Columns are matched to fields by their headers (see --mapping to override). Every cell is checked; valid rows
    go in within one transaction and rejected rows go to a reject file with their reasons (row, column, value,
    why). Re-importing a file adds no duplicates. Free text is redacted on the way in and kept encrypted.

    A complaint log may carry each complaint's lifecycle (acknowledged, escalated, HEAT, investigated, resolved
    with a root cause and redress, followed up, closed with a lesson); one the complaint process would refuse is
    rejected with its reason. Importing complaints is for QA managers.
    """
    from qa_tui.services.imports import import_file

    actor = sign_in()
    with _Progress() as progress:
        report = import_file(actor, kind, file, mapping_file=mapping, strict=strict, rejects=rejects,
                             encoding=encoding, progress=progress)
    for error in report.errors[:SHOWN_ERRORS]:
        click.echo(error.sentence(), err=True)
    if len(report.errors) > SHOWN_ERRORS:
        click.echo(f"... and {len(report.errors) - SHOWN_ERRORS:,} more problems in the reject file.", err=True)
    click.echo(report.sentence())
    if report.strict_refused:
        raise SystemExit(1)


class _Progress:
    """A progress bar on stderr for the writing step (validation is one vectorised pass)."""

    def __init__(self) -> None:
        self.bar = None

    def __enter__(self) -> "_Progress":
        return self

    def __call__(self, step: str, done: int, total: int) -> None:
        if step != "writing" or total == 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Importing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
