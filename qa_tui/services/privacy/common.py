"""What the privacy services share: finding a person by record id (or a customer by email or phone), and clearing
SQLite's write-ahead log."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlmodel import Session

from qa_tui.errors import NotFound, UsageError
from qa_tui.services.people import find_customers, normalise_phone
from qa_tui.services.permissions import Action, require
from qa_tui.services.session import Actor
from qa_tui.store.database import Database
from qa_tui.store.models import Agent, Customer, DataSubject, MysteryShopper, SubjectKind


@dataclass(frozen=True)
class SubjectRecord:
    """A customer, an agent or a mystery shopper, and the data subject whose key protects their fields."""

    kind: SubjectKind
    record_id: uuid.UUID
    subject: DataSubject

    @property
    def noun(self) -> str:
        return self.kind.value.replace("_", " ")


# The records a person's id may name, with the kind of person each holds.
_RECORDS = ((Customer, SubjectKind.CUSTOMER), (Agent, SubjectKind.AGENT), (MysteryShopper, SubjectKind.SHOPPER))


def parse_record_id(value: str | uuid.UUID) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(value.strip())
    except (ValueError, AttributeError):
        raise UsageError(f"{value!r} is not a record id (a customer's, an agent's or a mystery shopper's id).") from None


def resolve_person(actor: Actor, text: str) -> uuid.UUID:
    """The record id that `text` names: a record id as it is, or the one customer with this email address or phone
    number (found by blind index, as `people.find_customers` finds them). A request under the GDPR usually comes
    with an email address, not our id."""
    value, what = text.strip(), person_text(text)
    if what == "record id":
        return parse_record_id(value)
    found = find_customers(actor, **{"email" if what == "email address" else "phone": value})
    if not found:
        raise NotFound(f"No customer has the {what} {value}.")
    if len(found) > 1:
        raise UsageError(f"{len(found)} customers have the {what} {value}; give one's record id "
                         "('qa-tui subject find' lists them).")
    return found[0]


def person_to_erase(actor: Actor, text: str) -> SubjectRecord:
    """The person an erasure would reach, named as `resolve_person` takes them, so the admin can check before
    confirming; refused unless the actor may erase, and NotFound in one sentence for an unknown id."""
    require(actor, Action.ERASE_SUBJECTS)
    record_id = resolve_person(actor, text)
    with actor.db.read() as session:
        return find_subject(session, record_id)


def person_text(text: str) -> str:
    """What `text` is: "record id", "email address" or "phone number"; a one-sentence UsageError if none (checked
    before anything is opened)."""
    value = text.strip()
    try:
        uuid.UUID(value)
        return "record id"
    except ValueError:
        pass
    if "@" in value:
        return "email address"
    if _PHONE.fullmatch(value) and len(normalise_phone(value)) >= 7:
        return "phone number"
    raise UsageError(f"{text!r} is not a record id, an email address or a phone number.")


_PHONE = re.compile(r"\+?[0-9 ()-]+")


def find_subject(session: Session, record_id: str | uuid.UUID) -> SubjectRecord:
    """The customer, agent or mystery shopper with this id; NotFound in one sentence otherwise."""
    record_id = parse_record_id(record_id)
    for table, kind in _RECORDS:
        record = session.get(table, record_id)
        if record is not None:
            return SubjectRecord(kind, record_id, session.get(DataSubject, record.subject_id))
    raise NotFound(f"There is no customer, agent or mystery shopper with id {record_id}.")


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
