"""Schema migrations with Alembic, run on our own connection inside the caller's transaction.

A new table or column means a new revision: `python -m qa_tui.store.schema revision "what changed"` writes one
by comparing the models with a scratch database at head (see docs/architecture.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: sa.Connection, revision: str = "head") -> None:
    """Bring the schema to `revision` within the connection's transaction."""
    command.upgrade(_config(connection), revision)


def _write_revision(message: str) -> None:
    """Developer tool: autogenerate a revision against a scratch in-memory database at head."""
    engine = sa.create_engine("sqlite://")
    with engine.begin() as connection:
        upgrade(connection)
        command.revision(_config(connection), message=message, autogenerate=True)


if __name__ == "__main__":  # pragma: no cover - developer tool
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m qa_tui.store.schema revision "message"')
    _write_revision(sys.argv[2])
