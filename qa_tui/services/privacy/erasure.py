"""The right to erasure: a customer's, an agent's or a mystery shopper's personal data made unrecoverable, the rest
kept without it.

Erasure deletes the person's wrapped data key (crypto-shredding: every field under it now reads `[erased]`), clears
the blind indexes that would let someone who knows an email or phone find the row, and clears references that point
outside or could confirm a guess (a contact's external reference; the import keys of their complaints and survey
responses, which are other systems' references or digests of the rows). For an agent, whose name also appears in
customers' transcripts, every mention in the transcripts they handled is replaced by `[AGENT_NAME]` first, and
their user accounts are disabled. A mystery shopper's visit notes go with the keys they are under.
Other sessions keep data keys in memory: each of their units of work first checks whether anyone was erased since,
and forgets every cached key if so (`Database`).
Records, scores and counts survive: the people's rows remain as empty stubs, so figures still add up.

On SQLite, secure_delete (set on every connection) zeroes the freed cells, and the write-ahead log is checkpointed
and truncated afterwards, so no old page image holds the key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import UsageError
from qa_tui.services import audit
from qa_tui.services.people import agent_name, subject_key
from qa_tui.services.permissions import Action, require
from qa_tui.services.privacy.common import SubjectRecord, clear_write_ahead_log, find_subject
from qa_tui.services.session import Actor
from qa_tui.services.withdrawn_keys import Why, withdraw
from qa_tui.store import frame_cache
from qa_tui.store.keyring import KeyringDoc
from qa_tui.store.models import (
    Agent, AuditEntry, Complaint, Customer, DataSubject, Interaction, MysteryShopper, MysteryVisit, RedactionMark,
    RedactionReview, SubjectKind, SurveyResponse, User,
)
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import ERASED, Vault, decrypt_field, encrypt_field, field_aad

AGENT_PLACEHOLDER = "[AGENT_NAME]"
BATCH = 1000


@dataclass(frozen=True)
class ErasureReport:
    """What was erased, and what was kept and why: shown to the admin and kept as the service's result."""

    kind: SubjectKind
    record_id: uuid.UUID
    erased_at: datetime
    erased: tuple[str, ...]
    kept: tuple[tuple[str, str], ...]
    log_cleared: bool = True

    def lines(self) -> list[str]:
        noun = self.kind.value.replace("_", " ")
        lines = [f"Erased {noun} {self.record_id} at {self.erased_at:%Y-%m-%d %H:%M} UTC.", "Erased:"]
        lines += [f"  - {item}" for item in self.erased]
        lines.append("Kept:")
        lines += [f"  - {what}: {why}" for what, why in self.kept]
        if not self.log_cleared:
            lines.append("Another session was reading, so the write-ahead log is cleared at its next checkpoint.")
        return lines


def erase_subject(actor: Actor, record_id: str | uuid.UUID, *, reason: str = "") -> ErasureReport:
    """Erase a customer, an agent or a mystery shopper (by their record id); returns what was erased and kept."""
    require(actor, Action.ERASE_SUBJECTS)
    vault, now = actor.db.vault, utcnow()
    with actor.db.write() as session:
        record = find_subject(session, record_id)
        if record.subject.erased_at is not None:
            raise UsageError(f"That {record.noun} was already erased on {record.subject.erased_at:%Y-%m-%d}.")
        if record.kind == SubjectKind.AGENT:
            report, user_names = _erase_agent(session, vault, record, now)
        elif record.kind == SubjectKind.SHOPPER:
            report, user_names = _erase_shopper(session, vault, record, now), []
        else:
            report, user_names = _erase_customer(session, vault, record, now), []
        _shred_keys(session, vault, [record.subject.id], now)
        # No cached copy may outlive the erasure: Trends rebuilds its frames from what is kept.
        frame_cache.drop_all(session.connection())
        report = replace(report, erased=report.erased + ("cached analytics frames (rebuilt from what is kept)",))
        audit.record(session, vault, actor.name, "subject.erase", target_type=record.kind.value,
                     target_id=record.record_id, reason=reason,
                     detail={"erased": len(report.erased), "kept": [what for what, _ in report.kept]})
    for name in user_names:
        actor.db.keyring.update(lambda doc, name=name: _without_slot(doc, name))
    return replace(report, log_cleared=clear_write_ahead_log(actor.db))


def _shred_keys(session: Session, vault: Vault, subject_ids: list[uuid.UUID], now: datetime) -> None:
    session.execute(
        sa.update(DataSubject).where(DataSubject.id.in_(subject_ids)).values(wrapped_key=None, erased_at=now)
    )
    for subject_id in subject_ids:
        vault.forget_subject(subject_id)


def _audit_count(session: Session, ids: list[str]) -> int:
    return session.exec(select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.target_id.in_(ids))).one()


# --- customers --------------------------------------------------------------------------------------------


def _erase_contacts(session: Session, vault: Vault, which) -> int:
    """Of the interactions `which` selects: withdraw and clear their external references, drop reviewers' marks and
    queued detections on their text; returns how many there are (their texts go with whichever key is shredded)."""
    contacts = select(Interaction.id).where(which)
    count = session.exec(select(sa.func.count()).select_from(contacts.subquery())).one()
    _withdraw(session, vault, Interaction.external_ref, which)
    session.execute(sa.delete(RedactionMark).where(RedactionMark.interaction_id.in_(contacts)))
    session.execute(sa.delete(RedactionReview).where(RedactionReview.interaction_id.in_(contacts)))
    session.execute(sa.update(Interaction).where(which).values(external_ref=None, version=Interaction.version + 1))
    return count


def _erase_customer(session: Session, vault: Vault, record: SubjectRecord, now: datetime) -> ErasureReport:
    customer_id, subject_id = record.record_id, record.subject.id
    count = _erase_contacts(session, vault, Interaction.subject_id == subject_id)
    session.execute(sa.update(Customer).where(Customer.id == customer_id)
                    .values(email_index=None, phone_index=None, version=Customer.version + 1))
    erased = (
        "name, email, phone and postcode (their data key was deleted: they read [erased])",
        "the email and phone search indexes",
        f"the original and redacted text of {count:,} interaction(s), under the same key",
        "external references of those interactions (they would link back to other systems' records; a keyed "
        "digest of each is kept so that importing them again adds nothing)",
        "reviewers' redaction marks and queued detections on those transcripts",
    )
    kept = (
        ("the customer record as an empty stub", "so repeat contacts still count as one person's; it holds no personal data"),
        (f"{count:,} interaction(s): channel, times, agent and duration", "scores and aggregate figures depend on them"),
        (f"{_audit_count(session, [str(customer_id)]):,} audit entries naming the record id",
         "the audit trail is kept for accountability; it holds ids, not details, and cannot change without breaking its chain"),
    )
    more_erased, more_kept = _erase_other_records(session, vault, [subject_id])
    return ErasureReport(SubjectKind.CUSTOMER, customer_id, now, erased + more_erased, kept + more_kept)


def _erase_other_records(session: Session, vault: Vault,
                         subject_ids: list[uuid.UUID]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The complaints and survey comments under the keys being deleted: their texts go with the keys; their keys
    from imports (another system's reference, or a digest of the row, comment included) would link back or confirm
    a guess, so they go too, each withdrawn first so that importing the same rows again adds nothing."""
    complaint_of, survey_of = Complaint.subject_id.in_(subject_ids), SurveyResponse.subject_id.in_(subject_ids)
    complaints, surveys = _count(session, Complaint, complaint_of), _count(session, SurveyResponse, survey_of)
    _withdraw(session, vault, Complaint.natural_key, complaint_of)
    _withdraw(session, vault, SurveyResponse.natural_key, survey_of)
    session.execute(sa.update(Complaint).where(complaint_of).values(natural_key=None, version=Complaint.version + 1))
    erased_key = sa.literal("erased:", sa.String) + sa.cast(SurveyResponse.id, sa.String)
    session.execute(sa.update(SurveyResponse).where(survey_of).values(natural_key=erased_key, external_ref=None))
    erased, kept = [], []
    if complaints:
        erased.append(f"the texts of {complaints:,} complaint(s): theirs and the handlers' notes, under the same key")
        kept.append((f"{complaints:,} complaint(s): dates, category, severity and outcome",
                     "complaint rates and deadline figures depend on them"))
    if surveys:
        erased.append(f"the comments of {surveys:,} survey response(s), under the same key")
        kept.append((f"{surveys:,} survey response(s): their scores",
                     "CSAT, NPS, effort and resolution figures depend on them"))
    if complaints or surveys:
        erased.append("the import keys of those complaints and survey responses (other systems' references, or "
                      "digests of the rows); a keyed digest of each is kept so that importing them again adds nothing")
    return tuple(erased), tuple(kept)


def _withdraw(session: Session, vault: Vault, key_column, condition) -> None:
    keys = session.exec(select(key_column).where(condition, key_column.is_not(None))).all()
    withdraw(session, vault, key_column.class_.__tablename__, keys, Why.ERASED)


def _count(session: Session, table, condition) -> int:
    return session.exec(select(sa.func.count()).select_from(table).where(condition)).one()


# --- mystery shoppers -------------------------------------------------------------------------------------


def _erase_shopper(session: Session, vault: Vault, record: SubjectRecord, now: datetime) -> ErasureReport:
    """A shopper's name goes with their key; the notes of their visits, each under a key of its own (a visit is
    recorded as a contact), go with those keys, and so does a survey comment imported against a visit. The visits
    and their evaluations stay: the agents' scores stand on them."""
    visits = select(MysteryVisit.interaction_id).where(MysteryVisit.shopper_id == record.record_id)
    count = _erase_contacts(session, vault, Interaction.id.in_(visits))
    # A visit recorded against a customer's record (not the usual way) keeps its notes under that customer's key.
    notes = list(session.exec(select(Interaction.subject_id).where(
        Interaction.id.in_(visits), Interaction.subject_id.not_in(select(Customer.subject_id)))).all())
    _shred_keys(session, vault, notes, now)
    more_erased, more_kept = _erase_other_records(session, vault, notes)
    session.execute(sa.update(MysteryShopper).where(MysteryShopper.id == record.record_id).values(active=False))
    erased = (
        "their name (their data key was deleted: it reads [erased])",
        f"the notes of {len(notes):,} visit(s) or call(s) they made, original and redacted (their keys were deleted)",
        "external references of those contacts, and reviewers' marks on their notes",
    )
    kept = (
        ("the shopper record as an empty stub (inactive)", "the visits they made still name a shopper"),
        (f"{count:,} visit(s): scenario, time, place, channel and duration, with their evaluations",
         "mystery-shop scores of agents, teams and sites depend on them"),
        (f"{_audit_count(session, [str(record.record_id)]):,} audit entries naming the record id",
         "the audit trail is kept for accountability; it holds ids, not details"),
    )
    if count > len(notes):
        kept += ((f"the notes of {count - len(notes):,} visit(s) recorded against a customer's record",
                  "they are under that customer's key, which only the customer's own erasure deletes"),)
    return ErasureReport(SubjectKind.SHOPPER, record.record_id, now, erased + more_erased, kept + more_kept)


# --- agents -----------------------------------------------------------------------------------------------


def _erase_agent(session: Session, vault: Vault, record: SubjectRecord, now: datetime) -> tuple[ErasureReport, list[str]]:
    agent = session.get(Agent, record.record_id)
    name = agent_name(session, vault, agent)
    scrubbed, handled = _scrub_transcripts(session, vault, agent.id, name), _handled(session, agent.id)
    users = list(session.exec(select(User).where(User.agent_id == agent.id)).all())
    if users:
        session.execute(sa.update(User).where(User.agent_id == agent.id)
                        .values(display_name="", disabled=True, version=User.version + 1))
    session.execute(sa.update(Agent).where(Agent.id == agent.id).values(active=False, version=Agent.version + 1))
    erased = (
        "their name (their data key was deleted: it reads [erased])",
        f"mentions of their name in {scrubbed:,} transcript(s) they handled, now {AGENT_PLACEHOLDER}",
        f"the display name of {len(users)} user account(s), now disabled with their key slots deleted",
    )
    kept = (
        ("the agent record as an empty stub (team, start date, inactive)", "team figures and evaluations still add up"),
        (f"{handled:,} interaction(s) they handled: channel, times, duration", "the customers' records and scores depend on them"),
        ("their user account names in the audit trail", "who did what is kept for accountability; the chain cannot change"),
        (f"{_audit_count(session, [str(agent.id)] + [str(u.id) for u in users]):,} audit entries naming their records",
         "the same: they hold ids, not details"),
    )
    return ErasureReport(SubjectKind.AGENT, agent.id, now, erased, kept), [u.name for u in users]


def _handled(session: Session, agent_id: uuid.UUID) -> int:
    return session.exec(select(sa.func.count()).select_from(Interaction).where(Interaction.agent_id == agent_id)).one()


def _scrub_transcripts(session: Session, vault: Vault, agent_id: uuid.UUID, name: str) -> int:
    """Replace the agent's name in the original and redacted text of their interactions, in batches."""
    if not name or name == ERASED:
        return 0
    table, last, count = Interaction.__table__, None, 0
    while True:
        query = sa.select(table.c.id, table.c.subject_id, table.c.text_enc, table.c.redacted_enc).where(
            table.c.agent_id == agent_id, sa.or_(table.c.text_enc.is_not(None), table.c.redacted_enc.is_not(None))
        )
        if last is not None:
            query = query.where(table.c.id > last)
        rows = session.execute(query.order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return count
        updates = [u for u in (_scrubbed_row(session, vault, row, name) for row in rows) if u]
        if updates:
            statement = sa.update(table).where(table.c.id == sa.bindparam("b_id"))
            session.execute(statement.values(text_enc=sa.bindparam("b_text"), redacted_enc=sa.bindparam("b_redacted"),
                                             version=table.c.version + 1), updates)
        count, last = count + len(updates), rows[-1].id


def _scrubbed_row(session: Session, vault: Vault, row, name: str) -> dict | None:
    key = subject_key(session, vault, row.subject_id)
    if key is None:
        return None
    changed, values = False, {"b_id": row.id}
    for column, blob in (("text", row.text_enc), ("redacted", row.redacted_enc)):
        aad = field_aad("interaction", column, row.id)
        text = decrypt_field(key, blob, aad, "interaction text")
        clean = _without_name(text, name) if text else text
        changed |= clean != text
        values[f"b_{column}"] = blob if clean == text else encrypt_field(key, clean, aad)
    return values if changed else None


def _without_name(text: str, name: str) -> str:
    from qa_tui.privacy.redact import KnownValues, detect

    words = set(name.lower().split())

    def theirs(span) -> bool:  # the agent's name, or a part of it another detector labelled first
        return span.label == "AGENT_NAME" or (span.label == "PERSON" and set(text[span.start:span.end].lower().split()) <= words)

    spans = [s for s in detect(text, KnownValues(agent_names=(name,))) if theirs(s)]
    for span in sorted(spans, reverse=True):
        text = text[:span.start] + AGENT_PLACEHOLDER + text[span.end:]
    return text


def _without_slot(doc: KeyringDoc, name: str) -> KeyringDoc:
    ref = doc.slot_ref(name)
    return replace(doc, slots={k: v for k, v in doc.slots.items() if k != ref})
