"""Where things live: the default database location and the environment variables qa-tui reads."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "QA_TUI_DB"
"""Default database: a file path or a SQLAlchemy URL."""

ENV_PASSPHRASE = "QA_TUI_PASSPHRASE"
"""A passphrase for scripts and automation; people type theirs."""


def data_dir() -> Path:
    """The user's data directory for qa-tui (created on demand)."""
    from platformdirs import user_data_path

    return user_data_path("qa-tui", appauthor=False)


def default_database() -> str:
    """`QA_TUI_DB`, else `qa-tui.db` in the user's data directory."""
    return os.environ.get(ENV_DB) or str(data_dir() / "qa-tui.db")


def os_user_name() -> str:
    """The signed-in OS user, which is how SSH users arrive."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "admin"
