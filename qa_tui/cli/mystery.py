"""`qa-tui mystery ...`: mystery-shopping scenarios, shoppers and visits (QA managers).

A recorded visit is a contact on the mystery_shop channel: it appears in the review queue and is scored on the same
scorecards as call reviews.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import click

from qa_tui.cli.common import database_options, sign_in
from qa_tui.errors import UsageError


@click.group()
def mystery() -> None:
    """Mystery-shopping scenarios, shoppers and visits (QA managers)."""


@mystery.group()
def scenario() -> None:
    """What a shopper does and what they should see."""


@scenario.command("add")
@click.argument("name")
@click.option("--channel", type=click.Choice(["branch_visit", "call", "chat", "email"]), required=True)
@click.option("--persona", default="", help="Who the shopper plays.")
@click.option("--script", default="", help="What the shopper says and asks.")
@click.option("--objectives", default="", help="What the scenario tests.")
@click.option("--expect", "expected", multiple=True, metavar="CRITERION=BEHAVIOUR",
              help="The behaviour expected for a scorecard criterion (repeatable).")
@database_options
def scenario_add(name: str, channel: str, persona: str, script: str, objectives: str, expected: tuple[str, ...]) -> None:
    """Add a scenario."""
    from qa_tui.services import mystery as service

    spec = service.Scenario(name, channel, persona, script, objectives, _expectations(expected))
    service.create_scenario(sign_in(), spec)
    click.echo(f"Added scenario {name!r}.")


@scenario.command("list")
@database_options
def scenario_list() -> None:
    """List scenarios with how many visits used each."""
    from qa_tui.services import mystery as service

    click.echo(f"{'NAME':<40} {'CHANNEL':<13} VISITS")
    for row in service.list_scenarios(sign_in()):
        click.echo(f"{row.name:<40} {row.channel:<13} {row.visits:,}")


@mystery.group()
def shopper() -> None:
    """The people who shop (their names are encrypted like any person's)."""


@shopper.command("add")
@click.argument("name")
@database_options
def shopper_add(name: str) -> None:
    """Add a shopper and print their id."""
    from qa_tui.services import mystery as service

    click.echo(f"Added shopper {service.add_shopper(sign_in(), name)}.")


@shopper.command("list")
@database_options
def shopper_list() -> None:
    """List active shoppers with their ids."""
    from qa_tui.services import mystery as service

    for shopper_id, name in service.list_shoppers(sign_in()):
        click.echo(f"{shopper_id}  {name}")


@mystery.command("visit")
@click.option("--scenario", "scenario_name", required=True, help="The scenario's name.")
@click.option("--shopper", "shopper_id", required=True, help="The shopper's id ('qa-tui mystery shopper list').")
@click.option("--agent", "agent_id", required=True, help="The agent who served the shopper (their id).")
@click.option("--at", "visited_at", required=True, help="When, as YYYY-MM-DD HH:MM (UTC).")
@click.option("--notes", "notes_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A text file with the shopper's notes (redacted as they are recorded).")
@click.option("--place", default="", help="Where: the branch or the number called.")
@click.option("--minutes", type=click.IntRange(0, 24 * 60), help="How long the visit or call took.")
@database_options
def visit(scenario_name, shopper_id, agent_id, visited_at, notes_file, place, minutes) -> None:
    """Record a visit or call; it joins the contacts to score."""
    from qa_tui.services import mystery as service

    when, shopper, agent = _when(visited_at), _id(shopper_id, "shopper"), _id(agent_id, "agent")
    notes = _read(notes_file)
    actor = sign_in()
    interaction_id = service.record_visit(
        actor, scenario_id=service.scenario_named(actor, scenario_name), shopper_id=shopper, agent_id=agent,
        visited_at=when, notes=notes, place=place, duration_seconds=None if minutes is None else minutes * 60)
    click.echo(f"Recorded visit {interaction_id}.")


def _expectations(items: tuple[str, ...]) -> dict[str, str]:
    expected = {}
    for item in items:
        key, sep, behaviour = item.partition("=")
        if not sep or not key.strip() or not behaviour.strip():
            raise UsageError(f"--expect {item!r} should read CRITERION=BEHAVIOUR.")
        expected[key.strip()] = behaviour.strip()
    return expected


def _when(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{value!r} is not a date and time such as 2026-03-04 14:30.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _id(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise UsageError(f"{value!r} is not a {what} id.") from None


def _read(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text.") from None
    if not text:
        raise UsageError(f"{path} is empty: a visit needs the shopper's notes.")
    return text
