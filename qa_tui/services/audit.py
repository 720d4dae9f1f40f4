"""The audit trail: append an entry inside the caller's transaction; verify the chain.

Each entry's hash is an HMAC (under a database secret) of its fields and the previous entry's hash, and the head
row holds the last sequence number and hash. Verification therefore detects an edited, inserted, reordered or
deleted entry, and names the first place where the chain breaks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import IntegrityError
from qa_tui.services.permissions import Action, require
from qa_tui.services.session import Actor
from qa_tui.store import crypto
from qa_tui.store.models import AuditEntry, AuditHead
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import Vault

GENESIS = "0" * 64
VERIFY_BATCH = 5000


def record(
    session: Session,
    vault: Vault,
    actor: str,
    action: str,
    *,
    target_type: str = "",
    target_id: object = "",
    reason: str = "",
    detail: dict | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry to the chain; commits or rolls back with the caller's transaction."""
    head = _locked_head(session)
    if session.get(AuditEntry, head.seq + 1) is not None:
        raise IntegrityError(
            f"The audit trail holds entries beyond its head (entry {head.seq + 1}); run 'qa-tui audit verify'."
        )
    entry = AuditEntry(
        seq=head.seq + 1,
        at=at or utcnow(),
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        reason=reason,
        detail=json.dumps(detail or {}, sort_keys=True, default=str),
        prev_hash=head.hash or GENESIS,
        hash="",
    )
    entry.hash = entry_hash(vault.audit_key, entry)
    session.add(entry)
    head.seq, head.hash = entry.seq, entry.hash
    session.add(head)
    session.flush()
    return entry


def _locked_head(session: Session) -> AuditHead:
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    return head or AuditHead(id=1, seq=0, hash="")


def entry_hash(key: bytes, entry: AuditEntry) -> str:
    fields = [
        entry.seq,
        entry.at.isoformat(),
        entry.actor,
        entry.action,
        entry.target_type,
        entry.target_id,
        entry.reason,
        entry.detail,
        entry.prev_hash,
    ]
    return crypto.keyed_digest(key, json.dumps(fields, ensure_ascii=False).encode())


@dataclass(frozen=True)
class AuditReport:
    entries: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    def sentence(self) -> str:
        if self.intact:
            return f"Audit trail intact: {self.entries:,} entries verified."
        return f"Audit trail broken at entry {self.broken_at}: {self.problem}."


def verify(actor: Actor) -> AuditReport:
    """Walk the whole chain; the verification itself is then audited."""
    require(actor, Action.VERIFY_AUDIT)
    with actor.db.read() as session:
        report = verify_chain(session, actor.db.vault.audit_key)
    try:
        with actor.db.write() as session:
            record(session, actor.db.vault, actor.name, "audit.verify", detail={"result": report.sentence()})
    except IntegrityError:
        if report.intact:
            raise
    return report


def verify_chain(session: Session, key: bytes) -> AuditReport:
    expected_seq, prev_hash, count = 1, GENESIS, 0
    for entry in _entries_in_order(session):
        problem = _link_problem(entry, expected_seq, prev_hash, key)
        if problem:
            return AuditReport(count, expected_seq, problem)
        expected_seq, prev_hash, count = entry.seq + 1, entry.hash, count + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq, head.hash) != (count, prev_hash if count else head.hash):
        return AuditReport(count, count + 1, f"the chain ends at entry {count} but its head records entry {head.seq}, so later entries were deleted")
    return AuditReport(count)


def _link_problem(entry: AuditEntry, expected_seq: int, prev_hash: str, key: bytes) -> str:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing (deleted)" if entry.seq > expected_seq else "an entry was duplicated"
    if entry.prev_hash != prev_hash:
        return "it does not follow the entry before it (an entry was inserted or replaced)"
    if entry_hash(key, entry) != entry.hash:
        return "its contents were changed after it was written"
    return ""


def _entries_in_order(session: Session):
    last = 0
    while True:
        batch = session.exec(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(VERIFY_BATCH)
        ).all()
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    reason: str


def recent(actor: Actor, limit: int = 200, *, matching: str = "") -> list[AuditRow]:
    """The newest entries, newest first (for the Admin screen); with `matching`, only those whose actor, action,
    target or reason contains it (any case)."""
    require(actor, Action.VIEW_AUDIT)
    query = select(AuditEntry)
    if matching.strip():
        pattern = "%" + matching.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        columns = (AuditEntry.actor, AuditEntry.action, AuditEntry.target_type, AuditEntry.target_id, AuditEntry.reason)
        query = query.where(sa.or_(*(column.ilike(pattern, escape="\\") for column in columns)))
    with actor.db.read() as session:
        rows = session.exec(query.order_by(sa.desc(AuditEntry.seq)).limit(limit)).all()
    return [
        AuditRow(r.seq, r.at, r.actor, r.action, f"{r.target_type} {r.target_id}".strip(), r.reason) for r in rows
    ]
