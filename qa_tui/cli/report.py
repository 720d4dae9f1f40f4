"""`qa-tui report`: the periodic service review as Markdown or HTML, and its tables as CSV, Parquet or XLSX."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from qa_tui.cli.common import database_options, sign_in


@click.command()
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day of the period.")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Last day of the period.")
@click.option("--site", "sites", multiple=True, help="Only this site (repeatable).")
@click.option("--team", "teams", multiple=True, help="Only this team (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@click.option("--tables", "tables", type=click.Path(file_okay=False, path_type=Path),
              help="Also write every table of the analysis into this folder.")
@click.option("--table-format", type=click.Choice(["csv", "parquet", "xlsx"]), default="csv", show_default=True)
@database_options
def report(start: datetime, end: datetime, sites: tuple[str, ...], teams: tuple[str, ...], fmt: str, out: Path | None,
           tables: Path | None, table_format: str) -> None:
    """Write the service review for a period: measurement plan, data, analysis, complaints, actions, recommendations."""
    from qa_tui.report import to_html, to_markdown
    from qa_tui.services.export import write_tables
    from qa_tui.services.report import build_report

    actor = sign_in()
    review = build_report(actor, start.date(), end.date(), datetime.now(UTC).date(), sites=sites, teams=teams)
    text = to_html(review) if fmt == "html" else to_markdown(review)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote the service review to {out}.", err=True)
    if tables is not None:
        written = write_tables(review.tables(), tables, table_format)
        click.echo(f"Wrote {len(written)} tables to {tables}.", err=True)
