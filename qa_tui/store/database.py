"""An unlocked database: its engine, its keys, and units of work.

Services run every change in `db.write()` (one transaction; on SQLite it takes the write lock up front) and every
read in `db.read()`. Driver errors a user can meet become one-sentence errors.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Hashable, Iterator

import sqlalchemy as sa
from sqlmodel import Session

from qa_tui.store.engine import DatabaseLocation, translate_errors
from qa_tui.store.keyring import Keyring
from qa_tui.store.models import DataSubject
from qa_tui.store.vault import ANY_MARKER, Vault

MARKER = "qa_tui_erasures"
ERASURES = (f"SELECT count(*), max(erased_at) FROM {DataSubject.__tablename__} "  # noqa: S608 (no input)
            "WHERE erased_at IS NOT NULL")
"""How many subjects are erased, and the latest erasure: it moves with every erasure (and shredding retention).
Sent as plain SQL: SQLAlchemy still turns driver errors into its own (a re-keyed file says "sign in again"), without
compiling a statement each time."""


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
    def write(self, *, creating: bool = False) -> Iterator[Session]:
        """One transaction that commits on success and rolls back on any error (`creating`: the one that creates
        the tables, before which nobody can have been erased)."""
        with translate_errors(self.location), Session(self._writer(), expire_on_commit=False) as session:
            with session.begin():
                if not creating:
                    self._forget_erased_keys(session)
                yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with translate_errors(self.location), Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                self._forget_erased_keys(session)
                yield session

    def _forget_erased_keys(self, session: Session) -> None:
        # Data keys stay cached between transactions, so an erasure made elsewhere (another user's session, the CLI)
        # must reach this session's cache before it decrypts anything: one look at the few erased subjects.
        connection = session.connection()
        marker = tuple(connection.exec_driver_sql(ERASURES).one())
        connection.info[MARKER] = marker
        self.vault.forget_keys_if_erased(marker)

    def _writer(self) -> sa.Engine:
        return self.engine.execution_options(qa_write=True)

    def close(self) -> None:
        if self.is_sqlite:
            self.engine.dispose()


def erasures_seen(connection: sa.Connection) -> Hashable:
    """The erasure marker of the connection's transaction: a key it reads is cached only while that is current."""
    return connection.info.get(MARKER, ANY_MARKER)
