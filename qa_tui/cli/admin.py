"""`qa-tui init`, `qa-tui user ...`, `qa-tui keys rotate`, `qa-tui audit verify`."""

from __future__ import annotations

import sys

import click

from qa_tui.cli.common import NEW_PASSPHRASE_ENV, acting_user, database_options, location, read_passphrase, sign_in
from qa_tui.services.permissions import Role

ROLE_NAMES = [role.value for role in Role]


@click.command()
@database_options
def init() -> None:
    """Create a new encrypted database and its first admin account (you, or --user).

    The passphrase is asked twice, or taken from QA_TUI_PASSPHRASE for scripts.
    """
    from qa_tui.services.unlock import init_database

    where, name = location(), acting_user()
    passphrase = read_passphrase(f"New passphrase for {name}", confirm=True)
    init_database(where, name, passphrase)
    click.echo(f"Created {where.describe()} with admin {name}.")
    if where.is_sqlite:
        click.echo(f"Back up both {where.path.name} and its key file {where.key_file.name}: neither opens without the other.")


@click.group()
def user() -> None:
    """Manage user accounts (admins)."""


@user.command("add")
@click.argument("name")
@click.option("--role", "role", type=click.Choice(ROLE_NAMES), required=True, help="The new user's role.")
@click.option("--display-name", default="", help="Full name shown in the app.")
@click.option("--team", "teams", multiple=True, help="A team a team leader leads (repeatable).")
@click.option("--agent", "agent_id", help="The agent record an agent account belongs to (its id).")
@database_options
def user_add(name: str, role: str, display_name: str, teams: tuple[str, ...], agent_id: str | None) -> None:
    """Add an account. Its passphrase is asked twice, or taken from QA_TUI_NEW_PASSPHRASE."""
    from qa_tui.services import accounts

    actor = sign_in()
    passphrase = read_passphrase(f"New passphrase for {name}", env=NEW_PASSPHRASE_ENV, confirm=True)
    accounts.add_user(actor, name=name, role=Role(role), passphrase=passphrase, display_name=display_name,
                      teams=teams, agent_id=_uuid(agent_id))
    click.echo(f"Added {name} ({Role(role).label}).")


@user.command("list")
@database_options
def user_list() -> None:
    """List accounts with their roles and teams."""
    from qa_tui.services import accounts

    rows = accounts.list_users(sign_in())
    click.echo(f"{'NAME':<20} {'ROLE':<12} {'STATUS':<9} TEAMS")
    for info in rows:
        status = "disabled" if info.disabled else "active"
        click.echo(f"{info.name:<20} {info.role.value:<12} {status:<9} {', '.join(info.teams)}")


@user.command("disable")
@click.argument("name")
@click.option("--reason", default="", help="Why (kept in the audit trail).")
@database_options
def user_disable(name: str, reason: str) -> None:
    """Disable an account and delete its key slot."""
    from qa_tui.services import accounts

    accounts.disable_user(sign_in(), name, reason=reason)
    click.echo(f"Disabled {name}; their passphrase no longer opens the database.")


@user.command("passwd")
@click.argument("name", required=False)
@database_options
def user_passwd(name: str | None) -> None:
    """Change your passphrase, or (admins) another user's. New one from QA_TUI_NEW_PASSPHRASE or typed twice."""
    from qa_tui.services import accounts

    actor = sign_in()
    target = name or actor.name
    passphrase = read_passphrase(f"New passphrase for {target}", env=NEW_PASSPHRASE_ENV, confirm=True)
    accounts.change_passphrase(actor, target, passphrase)
    click.echo(f"Passphrase changed for {target}.")


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLE_NAMES))
@database_options
def user_role(name: str, role: str) -> None:
    """Change a user's role."""
    from qa_tui.services import accounts

    accounts.set_role(sign_in(), name, Role(role))
    click.echo(f"{name} is now {Role(role).label}.")


@click.group()
def keys() -> None:
    """Key management (admins)."""


@keys.command("rotate")
@database_options
def keys_rotate() -> None:
    """Replace the master key and re-wrap everything it protects. Run it while nobody else is signed in."""
    from qa_tui.services import keys as key_service

    click.echo(key_service.rotate(sign_in()).sentence())


@click.group("audit")
def audit_group() -> None:
    """The audit trail (admins)."""


@audit_group.command("verify")
@database_options
def audit_verify() -> None:
    """Check the hash chain; exit 1 and name the first broken entry if it was tampered with."""
    from qa_tui.services import audit

    report = audit.verify(sign_in())
    click.echo(report.sentence(), err=not report.intact)
    if not report.intact:
        sys.exit(1)


def _uuid(value: str | None):
    import uuid

    from qa_tui.errors import UsageError

    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise UsageError(f"{value!r} is not a record id.") from None
