"""An unlocked database: its engine, its keys, and units of work.

Services run every change in `db.write()` (one transaction; on SQLite it takes the write lock up front) and every
read in `db.read()`. Driver errors a user can meet become one-sentence errors.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Iterator

import sqlalchemy as sa
from sqlmodel import Session

from qa_tui.store.engine import DatabaseLocation, translate_errors
from qa_tui.store.keyring import Keyring
from qa_tui.store.vault import Vault


@dataclass
class Database:
    location: DatabaseLocation
    engine: sa.Engine
    vault: Vault
    keyring: Keyring

    @property
    def is_sqlite(self) -> bool:
        return self.location.is_sqlite

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that commits on success and rolls back on any error."""
        with translate_errors(self.location), Session(self._writer(), expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with translate_errors(self.location), Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def _writer(self) -> sa.Engine:
        return self.engine.execution_options(qa_write=True)

    def close(self) -> None:
        if self.is_sqlite:
            self.engine.dispose()
