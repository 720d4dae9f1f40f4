"""Alembic environment: always run on a connection handed over by `qa_tui.store.schema` (the database is
encrypted, so Alembic cannot open it from a URL on its own)."""

from alembic import context
from sqlmodel import SQLModel

import qa_tui.store.models  # noqa: F401  (registers every table)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
