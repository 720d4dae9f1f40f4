"""What every command shares: where the database is, who is acting, and how passphrases are read."""

from __future__ import annotations

import functools
import os
from typing import Callable

import click

from qa_tui import config
from qa_tui.errors import AuthenticationError

NEW_PASSPHRASE_ENV = "QA_TUI_NEW_PASSPHRASE"


def database_options(command: Callable) -> Callable:
    """Add --db and --user to a command (each also settable on the `qa-tui` group)."""

    @click.option("--db", "db", metavar="PATH|URL", help=f"Database file or URL [default: ${config.ENV_DB} or the user data directory].")
    @click.option("--user", "user", metavar="NAME", help="Who you are [default: your OS user name].")
    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx: click.Context, db: str | None, user: str | None, **kwargs):
        parent = ctx.find_root().params
        ctx.ensure_object(dict)
        ctx.obj["db"] = db or parent.get("db") or config.default_database()
        ctx.obj["user"] = user or parent.get("user") or config.os_user_name()
        return ctx.invoke(command, **kwargs)

    return wrapper


def location():
    from qa_tui.store.location import resolve_location

    return resolve_location(click.get_current_context().obj["db"])


def acting_user() -> str:
    return click.get_current_context().obj["user"]


def read_passphrase(prompt: str = "Passphrase", *, env: str = config.ENV_PASSPHRASE, confirm: bool = False) -> str:
    """From the environment (scripts) or typed at the terminal, hidden; twice when `confirm`."""
    value = os.environ.get(env)
    if value:
        return value
    try:
        return click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True)
    except click.Abort:
        raise AuthenticationError(f"No passphrase was given: type it at a terminal or set {env}.") from None


def sign_in():
    """Sign the acting user in with their passphrase; returns the actor."""
    from qa_tui.services.unlock import sign_in as unlock

    name = acting_user()
    return unlock(location(), name, read_passphrase(f"Passphrase for {name}"))
