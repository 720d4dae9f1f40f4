"""`qa-tui complaints list|trends`: the complaint log with countdowns, and its trends, for scripts and exports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from qa_tui.cli.common import database_options, sign_in


@click.group()
def complaints() -> None:
    """The complaint log and its trends."""


@complaints.command("list")
@click.option("--open", "open_only", is_flag=True, help="Only complaints not yet closed.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Export to a .csv, .parquet or .xlsx file.")
@database_options
def list_command(open_only: bool, out: Path | None) -> None:
    """List complaints, newest first, with deadline countdowns (✗ marks a breach)."""
    from qa_tui.services import complaints as service
    from qa_tui.services.export import write_table

    today = datetime.now(UTC).date()
    rows = service.list_complaints(sign_in(), today, open_only=open_only)
    if out is not None:
        write_table([_export_row(r) for r in rows], out)
        click.echo(f"Wrote {len(rows)} complaints to {out}.")
        return
    for r in rows:
        click.echo(f"{r.reference}  {r.received_on}  {r.status:<13} {r.severity:<8} {r.category:<16} "
                   f"ack {service.countdown_label(r.acknowledge):<16} final {service.countdown_label(r.final)}"
                   f"{'  escalated L' + str(r.escalation_level) if r.escalation_level else ''}")


def _export_row(r) -> dict:
    from qa_tui.services.complaints import countdown_label

    return {"reference": r.reference, "received_on": r.received_on, "channel": r.channel, "category": r.category,
            "severity": r.severity, "product": r.product, "owner": r.owner, "status": r.status,
            "escalation_level": r.escalation_level, "acknowledge_due": r.acknowledge.deadline,
            "acknowledge": countdown_label(r.acknowledge), "final_due": r.final.deadline, "final": countdown_label(r.final),
            "root_cause": r.root_cause}


@complaints.command("trends")
@click.option("--days", default=90, show_default=True, help="How many days back from today.")
@database_options
def trends_command(days: int) -> None:
    """Volume, rate per 1,000 contacts, categories, root causes, time to resolve and breaches."""
    from qa_tui.services.complaints import complaint_trends

    today = datetime.now(UTC).date()
    t = complaint_trends(sign_in(), today - timedelta(days=days), today, today)
    rate = "n/a" if t.rate_per_thousand is None else f"{t.rate_per_thousand:.2f}"
    click.echo(f"{t.total} complaints, {t.contacts} contacts, {rate} per 1,000 contacts")
    click.echo(f"breaches: {t.acknowledge_breaches} acknowledgement, {t.final_breaches} final response; escalated {t.escalated}")
    click.echo("median days to resolve: " + ("n/a" if t.median_days_to_resolve is None else f"{t.median_days_to_resolve:.0f}"))
    for name, n in t.categories:
        click.echo(f"  category    {name:<28} {n}")
    for name, n in t.root_causes:
        click.echo(f"  root cause  {name:<28} {n}")
