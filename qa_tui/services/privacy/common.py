"""What the privacy services share: finding a person by record id, and clearing SQLite's write-ahead log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session

from qa_tui.errors import NotFound, UsageError
from qa_tui.store.database import Database
from qa_tui.store.models import Agent, Customer, DataSubject, SubjectKind


@dataclass(frozen=True)
class SubjectRecord:
    """A customer or an agent, and the data subject whose key protects their fields."""

    kind: SubjectKind
    record_id: uuid.UUID
    subject: DataSubject

    @property
    def noun(self) -> str:
        return self.kind.value


def parse_record_id(value: str | uuid.UUID) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(value.strip())
    except (ValueError, AttributeError):
        raise UsageError(f"{value!r} is not a record id (a customer's or an agent's id).") from None


def find_subject(session: Session, record_id: str | uuid.UUID) -> SubjectRecord:
    """The customer or agent with this id; NotFound in one sentence otherwise."""
    record_id = parse_record_id(record_id)
    customer = session.get(Customer, record_id)
    if customer is not None:
        return SubjectRecord(SubjectKind.CUSTOMER, record_id, session.get(DataSubject, customer.subject_id))
    agent = session.get(Agent, record_id)
    if agent is not None:
        return SubjectRecord(SubjectKind.AGENT, record_id, session.get(DataSubject, agent.subject_id))
    raise NotFound(f"There is no customer or agent with id {record_id}.")


def clear_write_ahead_log(db: Database) -> bool:
    """SQLite: copy the WAL into the file and truncate it, so old page images go; False if a reader held it."""
    if not db.is_sqlite:
        return True
    raw = db.engine.raw_connection()
    try:
        busy, _, _ = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    return busy == 0
