"""Checks on what users type, each failing with one clear sentence."""

from __future__ import annotations

import re

from qa_tui.errors import UsageError
from qa_tui.services.permissions import Role

MIN_PASSPHRASE = 10
_USER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")


def check_user_name(name: str) -> None:
    if not _USER_NAME.fullmatch(name or ""):
        raise UsageError(
            f"{name!r} is not a valid user name: use up to 64 letters, digits, '.', '_' or '-', starting with a letter."
        )


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise UsageError(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        names = ", ".join(role.value for role in Role)
        raise UsageError(f"{value!r} is not a role; choose one of {names}.") from None
