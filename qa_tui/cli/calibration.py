"""`qa-tui calibration create|list`: set up a calibration session for the room (QA managers); it is then run in the
Calibration area, where each participant scores blind."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from qa_tui.cli.common import database_options, sign_in
from qa_tui.errors import UsageError


@click.group()
def calibration() -> None:
    """Calibration sessions between assessors."""


@calibration.command("create")
@click.argument("title")
@click.option("--scorecard", "scorecard_name", required=True, help="The scorecard's name (its newest published version).")
@click.option("--interaction", "interactions", multiple=True, required=True,
              help="A contact to score: its id or external reference (repeatable).")
@click.option("--participant", "participants", multiple=True, required=True, help="An assessor's user name (repeatable).")
@click.option("--expert", help="A user whose answers are the benchmark until the room agrees.")
@click.option("--deadline", help="When scoring closes, as YYYY-MM-DD HH:MM (UTC).")
@click.option("--tolerance", type=click.FloatRange(0, 100), default=5.0, show_default=True,
              help="Points either side of the benchmark total that still count as agreeing.")
@database_options
def create(title, scorecard_name, interactions, participants, expert, deadline, tolerance) -> None:
    """Create a blind session and print its id."""
    from qa_tui.services import calibration as service
    from qa_tui.services import interactions as contacts
    from qa_tui.services import scorecards

    when = _deadline(deadline)
    actor = sign_in()
    version = scorecards.latest_published(actor, scorecard_name)
    ids = [contacts.interaction_id_for(actor, value) for value in interactions]
    request = service.SessionRequest(title, version.id, ids, list(participants), expert=expert, deadline=when,
                                     total_tolerance=tolerance)
    summary = service.create_session(actor, request)
    click.echo(f"Created session {summary.id}: {len(ids)} item(s), {len(participants)} participant(s), scored blind.")


@calibration.command("list")
@database_options
def list_sessions() -> None:
    """Sessions you run or take part in, newest first."""
    from qa_tui.services import calibration as service

    click.echo(f"{'STATUS':<9} {'TITLE':<34} {'ITEMS':>5}  SUBMITTED")
    for summary in service.list_sessions(sign_in()):
        done = sum(p.submitted == p.total for p in summary.progress)
        click.echo(f"{summary.status:<9} {summary.title[:34]:<34} {len(summary.items):>5}  {done}/{len(summary.progress)}")


def _deadline(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{value!r} is not a date and time such as 2026-03-04 16:00.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
