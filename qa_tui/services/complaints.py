"""Complaints: log them, run the handling process, keep the deadlines, escalate, and feed trends.

The process is acknowledge, investigate, resolve, follow up, learn; each step is dated and moves the status on.
Deadlines come from the complaint policy at intake (acknowledgement within 3 working days, final response within 8
weeks by default) through `qa_tui.domain.working_days`, and every list shows a countdown and marks breaches. The
customer's words are redacted as they enter and both copies are encrypted under the customer's data key.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, UTC
from typing import Iterable, Sequence

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.domain import working_days as wd
from qa_tui.errors import ConflictError, NotFound, PermissionDenied, UsageError
from qa_tui.services import audit
from qa_tui.services.people import agent_name, customer_fields, subject_key
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import (
    Agent, Complaint, ComplaintEscalation, ComplaintPolicy, Customer, DataSubject, Interaction, SubjectKind, Team,
)
from qa_tui.store.models.base import new_id, utcnow
from qa_tui.store.vault import ERASED, Vault, decrypt_field, encrypt_field, field_aad

SEVERITIES = ("low", "medium", "high", "critical")
CHANNELS = ("call", "email", "letter", "chat", "branch", "social")
STATUSES = ("received", "acknowledged", "investigating", "resolved", "followed_up", "closed")
HEAT_STEPS = ("hear", "empathise", "apologise", "take_ownership")
REDRESS = ("none", "apology", "repair", "replacement", "refund", "goodwill")
LEGAL = {
    "cra_repair": "Consumer Rights Act 2015: repair",
    "cra_replacement": "Consumer Rights Act 2015: replacement",
    "cra_refund": "Consumer Rights Act 2015: refund",
    "data_protection": "Data protection (UK GDPR, Data Protection Act 2018)",
    "equality": "Equality Act 2010: reasonable adjustments",
}
ESCALATION_LEVELS = {1: "team leader", 2: "complaints manager", 3: "head of service", 4: "ombudsman referral"}
DEFAULT_CATEGORIES = ("Billing", "Service", "Product fault", "Delivery", "Staff conduct", "Data protection",
                      "Accessibility")
DEFAULT_ROOT_CAUSES = ("People: knowledge gap", "People: behaviour", "Process: unclear policy",
                       "Process: hand-off failure", "System: billing error", "System: outage",
                       "Product: fault", "Third party: supplier")


@dataclass(frozen=True)
class NewComplaint:
    received_on: date
    channel: str
    category: str
    severity: str
    text: str
    product: str = ""
    legal: tuple[str, ...] = ()
    customer_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    agent_id: uuid.UUID | None = None
    interaction_id: uuid.UUID | None = None
    owner: str | None = None


@dataclass(frozen=True)
class Policy:
    acknowledge_working_days: int = 3
    final_response_weeks: int = 8
    roll_forward: bool = False
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    root_causes: tuple[str, ...] = DEFAULT_ROOT_CAUSES

    def deadlines(self, received: date) -> tuple[date, date]:
        ack = wd.Policy("acknowledgement", self.acknowledge_working_days, wd.Unit.WORKING_DAYS)
        final = wd.Policy("final response", self.final_response_weeks, wd.Unit.WEEKS, self.roll_forward)
        return wd.deadline_for(ack, received), wd.deadline_for(final, received)


@dataclass(frozen=True)
class ComplaintRow:
    """A line of the log: no personal data, so it suits lists, exports and aggregates."""

    id: uuid.UUID
    reference: str
    received_on: date
    channel: str
    category: str
    severity: str
    product: str
    owner: str
    status: str
    escalation_level: int
    acknowledge: wd.Countdown
    final: wd.Countdown
    root_cause: str
    version: int

    @property
    def breached(self) -> bool:
        return wd.Status.BREACHED in (self.acknowledge.status, self.final.status)


@dataclass(frozen=True)
class Escalation:
    level: int
    level_name: str
    by: str
    on: date
    reason: str


@dataclass(frozen=True)
class ComplaintDetail:
    row: ComplaintRow
    text: str
    legal: tuple[str, ...]
    heat: tuple[str, ...]
    heat_notes: str
    dates: dict[str, date | None]
    resolution: str
    redress: str
    redress_amount: float | None
    recovered: bool | None
    recovery_score: int | None
    follow_up: str
    lesson: str
    escalations: tuple[Escalation, ...] = ()


def countdown_label(countdown: wd.Countdown) -> str:
    """Countdown in words with a symbol, never by colour alone."""
    if countdown.status is wd.Status.BREACHED:
        return f"✗ breached {-countdown.working_days_remaining}wd"
    if countdown.status is wd.Status.MET:
        return "✓ met"
    if countdown.status is wd.Status.DUE_TODAY:
        return "! due today"
    return f"{countdown.working_days_remaining}wd left"


# --- policy -----------------------------------------------------------------------------------------------


def get_policy(actor: Actor) -> Policy:
    require(actor, Action.VIEW_COMPLAINTS)
    with actor.db.read() as session:
        return _policy(session)


def set_policy(actor: Actor, policy: Policy) -> None:
    """Change the deadline rules and taxonomies; complaints already logged keep their deadlines."""
    require(actor, Action.MANAGE_COMPLAINT_POLICY)
    if policy.acknowledge_working_days < 0 or policy.final_response_weeks < 1:
        raise UsageError("Acknowledgement needs 0 or more working days and the final response at least 1 week.")
    if not policy.categories or not policy.root_causes:
        raise UsageError("The policy needs at least one category and one root cause.")
    with actor.db.write() as session:
        row = session.get(ComplaintPolicy, 1) or ComplaintPolicy(id=1)
        row.acknowledge_working_days, row.final_response_weeks = policy.acknowledge_working_days, policy.final_response_weeks
        row.roll_forward, row.updated_by, row.updated_at = policy.roll_forward, actor.name, utcnow()
        row.categories, row.root_causes = json.dumps(list(policy.categories)), json.dumps(list(policy.root_causes))
        session.add(row)
        audit.record(session, actor.db.vault, actor.name, "complaint.policy", target_type="complaint_policy", target_id=1,
                     detail={"acknowledge": policy.acknowledge_working_days, "final_weeks": policy.final_response_weeks})


def _policy(session: Session) -> Policy:
    row = session.get(ComplaintPolicy, 1)
    if row is None:
        return Policy()
    return Policy(row.acknowledge_working_days, row.final_response_weeks, row.roll_forward,
                  tuple(json.loads(row.categories)) or DEFAULT_CATEGORIES,
                  tuple(json.loads(row.root_causes)) or DEFAULT_ROOT_CAUSES)


# --- intake -----------------------------------------------------------------------------------------------


def log_complaint(actor: Actor, item: NewComplaint) -> uuid.UUID:
    """Log one complaint; its deadlines follow from the policy in force."""
    return record_complaints(actor, [item])[0]


def record_complaints(actor: Actor, items: Iterable[NewComplaint]) -> list[uuid.UUID]:
    """Log complaints in one set-based transaction with one audit entry (imports and the demo use this)."""
    require(actor, Action.HANDLE_COMPLAINTS)
    items = list(items)
    if not items:
        return []
    vault = actor.db.vault
    with actor.db.write() as session:
        policy, number = _policy(session), _next_number(session)
        subjects, rows = [], []
        for offset, item in enumerate(items):
            _check_new(actor, session, policy, item)
            rows.append(_complaint_row(actor, session, vault, policy, item, number + offset, subjects))
        if subjects:
            session.execute(sa.insert(DataSubject.__table__), subjects)
        session.execute(sa.insert(Complaint.__table__), rows)
        audit.record(session, vault, actor.name, "complaint.log", target_type="complaint", target_id=rows[0]["id"],
                     detail={"count": len(rows), "first": rows[0]["reference"]})
    return [row["id"] for row in rows]


def _check_new(actor: Actor, session: Session, policy: Policy, item: NewComplaint) -> None:
    if item.severity not in SEVERITIES:
        raise UsageError(f"Severity must be one of {', '.join(SEVERITIES)}, not {item.severity!r}.")
    if item.channel not in CHANNELS:
        raise UsageError(f"The channel must be one of {', '.join(CHANNELS)}, not {item.channel!r}.")
    if item.category not in policy.categories:
        raise UsageError(f"{item.category!r} is not a complaint category; the policy has {', '.join(policy.categories)}.")
    unknown = set(item.legal) - LEGAL.keys()
    if unknown:
        raise UsageError(f"Unknown legal angle {sorted(unknown)[0]!r}; choose from {', '.join(LEGAL)}.")
    if not (item.text or "").strip():
        raise UsageError("A complaint needs the customer's words or a summary of them.")
    if item.received_on > utcnow().date():
        raise UsageError(f"A complaint cannot be received in the future ({item.received_on}).")
    if actor.role == Role.TEAM_LEADER and item.team_id not in actor.team_ids:
        raise PermissionDenied("Team leaders log complaints about their own teams only.")


def _complaint_row(actor, session, vault: Vault, policy: Policy, item: NewComplaint, number: int, subjects: list) -> dict:
    row_id = new_id()
    subject_id = _subject_for(session, vault, item.customer_id, subjects)
    key = subject_key(session, vault, subject_id)
    redacted = _redact(session, vault, item.text, item.customer_id, item.agent_id)
    ack_due, final_due = policy.deadlines(item.received_on)
    team_id = item.team_id or _team_of(session, item.agent_id)
    return {
        "id": row_id, "reference": f"C-{number:06d}", "received_on": item.received_on, "channel": item.channel,
        "customer_id": item.customer_id, "subject_id": subject_id, "interaction_id": item.interaction_id,
        "team_id": team_id, "agent_id": item.agent_id, "category": item.category, "severity": item.severity,
        "product": item.product.strip(), "legal": json.dumps(sorted(set(item.legal))),
        "text_enc": encrypt_field(key, item.text.strip(), field_aad("complaint", "text", row_id)),
        "redacted_enc": encrypt_field(key, redacted, field_aad("complaint", "redacted", row_id)),
        "owner": item.owner or actor.name, "status": "received", "acknowledge_due": ack_due, "final_due": final_due,
        "escalation_level": 0, "heat": "[]", "root_cause": "", "redress": "", "lesson": "",
        "created_by": actor.name, "created_at": utcnow(), "version": 1,
    }


def _subject_for(session, vault: Vault, customer_id: uuid.UUID | None, subjects: list) -> uuid.UUID:
    if customer_id is not None:
        subject = session.exec(select(Customer.subject_id).where(Customer.id == customer_id)).first()
        if subject is None:
            raise NotFound("The complaint names a customer who does not exist.")
        return subject
    subject_id = new_id()
    _, wrapped = vault.new_subject_key(subject_id)
    subjects.append({"id": subject_id, "kind": SubjectKind.CUSTOMER.value, "wrapped_key": wrapped,
                     "key_id": vault.key_id, "created_at": utcnow(), "erased_at": None})
    return subject_id


def _redact(session, vault: Vault, text: str, customer_id: uuid.UUID | None, agent_id: uuid.UUID | None) -> str:
    from qa_tui.privacy.redact import KnownValues, redact

    customer = customer_fields(session, vault, customer_id) if customer_id else {}
    agent = session.get(Agent, agent_id) if agent_id else None
    known = KnownValues(
        agent_names=(agent_name(session, vault, agent),) if agent else (),
        customer_names=_present(customer.get("name")), emails=_present(customer.get("email")),
        phones=_present(customer.get("phone")), postcodes=_present(customer.get("postcode")),
    )
    return redact(text.strip(), known=known).text


def redact_plain(text: str) -> str:
    """Redact free text that is stored in clear (reasons, lessons, notes)."""
    from qa_tui.privacy.redact import redact

    return redact((text or "").strip()).text


def _present(value: str | None) -> tuple[str, ...]:
    return (value,) if value and value != ERASED else ()


def _team_of(session, agent_id: uuid.UUID | None) -> uuid.UUID | None:
    return session.exec(select(Agent.team_id).where(Agent.id == agent_id)).first() if agent_id else None


def _next_number(session: Session) -> int:
    return session.exec(select(sa.func.count()).select_from(Complaint)).one() + 1


# --- the process ------------------------------------------------------------------------------------------

_BEFORE = {"acknowledged": ("received",), "investigating": ("acknowledged",),
           "resolved": ("acknowledged", "investigating"), "followed_up": ("resolved",),
           "closed": ("resolved", "followed_up")}
_DATE_COLUMN = {"acknowledged": "acknowledged_on", "investigating": "investigating_on", "resolved": "resolved_on",
                "followed_up": "followed_up_on", "closed": "closed_on"}


def acknowledge(actor: Actor, complaint_id: uuid.UUID, on: date | None = None, *, expected_version: int | None = None) -> None:
    _advance(actor, complaint_id, "acknowledged", on, expected_version)


def investigate(actor: Actor, complaint_id: uuid.UUID, on: date | None = None, *, expected_version: int | None = None) -> None:
    _advance(actor, complaint_id, "investigating", on, expected_version)


def resolve(actor: Actor, complaint_id: uuid.UUID, *, root_cause: str, resolution: str, redress: str = "none",
            amount: float | None = None, on: date | None = None, expected_version: int | None = None) -> None:
    """The final response: the root cause from the taxonomy, what was done, and any redress."""
    if redress not in REDRESS:
        raise UsageError(f"Redress must be one of {', '.join(REDRESS)}, not {redress!r}.")
    if not (resolution or "").strip():
        raise UsageError("A resolution says what was done for the customer.")
    if amount is not None and amount < 0:
        raise UsageError("A redress amount cannot be negative.")

    def values(session, vault, row):
        causes = _policy(session).root_causes
        if root_cause not in causes:
            raise UsageError(f"{root_cause!r} is not in the root-cause taxonomy ({', '.join(causes)}).")
        text = _redact(session, vault, resolution, row.customer_id, row.agent_id)
        return {"root_cause": root_cause, "redress": redress, "redress_amount": amount,
                "resolution_enc": _seal(session, vault, row, "resolution", text)}

    _advance(actor, complaint_id, "resolved", on, expected_version, values, detail={"root_cause": root_cause})


def follow_up(actor: Actor, complaint_id: uuid.UUID, *, recovered: bool, score: int | None = None, answer: str = "",
              on: date | None = None, expected_version: int | None = None) -> None:
    """The service-recovery follow-up: did the customer's satisfaction recover? (score 1-5, their words)."""
    if score is not None and not 1 <= score <= 5:
        raise UsageError("A follow-up satisfaction score runs from 1 to 5.")

    def values(session, vault, row):
        text = _redact(session, vault, answer, row.customer_id, row.agent_id) if answer.strip() else None
        return {"recovered": recovered, "recovery_score": score,
                "follow_up_enc": _seal(session, vault, row, "follow_up", text)}

    _advance(actor, complaint_id, "followed_up", on, expected_version, values, detail={"recovered": recovered})


def learn(actor: Actor, complaint_id: uuid.UUID, lesson: str, on: date | None = None, *,
          expected_version: int | None = None) -> None:
    """Close the complaint with what the centre learned (it can become an improvement action's finding)."""
    if not (lesson or "").strip():
        raise UsageError("Closing a complaint records what was learned.")
    _advance(actor, complaint_id, "closed", on, expected_version, lambda *_: {"lesson": redact_plain(lesson)})


def record_heat(actor: Actor, complaint_id: uuid.UUID, steps: Sequence[str], notes: str = "", *,
                expected_version: int | None = None) -> None:
    """Record which HEAT steps (Hear, Empathise, Apologise, Take ownership) the handling conversation covered."""
    require(actor, Action.HANDLE_COMPLAINTS)
    unknown = set(steps) - set(HEAT_STEPS)
    if unknown:
        raise UsageError(f"HEAT steps are {', '.join(HEAT_STEPS)}; {sorted(unknown)[0]!r} is not one.")
    vault = actor.db.vault
    with actor.db.write() as session:
        row = _scoped_row(actor, session, complaint_id)
        done = [s for s in HEAT_STEPS if s in set(json.loads(row.heat)) | set(steps)]
        values = {"heat": json.dumps(done)}
        if notes.strip():
            text = _redact(session, vault, notes, row.customer_id, row.agent_id)
            values["heat_notes_enc"] = _seal(session, vault, row, "heat_notes", text)
        _bump(session, row, expected_version, **values)
        audit.record(session, vault, actor.name, "complaint.heat", target_type="complaint", target_id=row.id,
                     detail={"steps": done})


def escalate(actor: Actor, complaint_id: uuid.UUID, reason: str, *, level: int | None = None,
             on: date | None = None, expected_version: int | None = None) -> int:
    """Escalate one level (or to `level`, which must be higher); who and why are kept. Returns the new level."""
    require(actor, Action.HANDLE_COMPLAINTS)
    if not (reason or "").strip():
        raise UsageError("An escalation needs a reason.")
    on = on or utcnow().date()
    vault = actor.db.vault
    with actor.db.write() as session:
        row = _scoped_row(actor, session, complaint_id)
        if row.status == "closed":
            raise UsageError(f"{row.reference} is closed, so it cannot be escalated.")
        new_level = row.escalation_level + 1 if level is None else level
        if new_level <= row.escalation_level or new_level not in ESCALATION_LEVELS:
            raise UsageError(f"{row.reference} is at level {row.escalation_level}; escalate to a higher level up to {max(ESCALATION_LEVELS)}.")
        _check_date(row, on, row.received_on, "received")
        _bump(session, row, expected_version, escalation_level=new_level)
        session.add(ComplaintEscalation(complaint_id=row.id, level=new_level, escalated_by=actor.name,
                                        escalated_on=on, reason=redact_plain(reason)))
        audit.record(session, vault, actor.name, "complaint.escalate", target_type="complaint", target_id=row.id,
                     reason=redact_plain(reason), detail={"level": new_level})
    return new_level


def _advance(actor: Actor, complaint_id, status: str, on, expected_version, values=None, detail=None) -> None:
    require(actor, Action.HANDLE_COMPLAINTS)
    on = on or utcnow().date()
    vault = actor.db.vault
    with actor.db.write() as session:
        row = _scoped_row(actor, session, complaint_id)
        if row.status not in _BEFORE[status]:
            raise UsageError(f"{row.reference} is {row.status.replace('_', ' ')}, so it cannot be {status.replace('_', ' ')} now.")
        previous = max(d for d in (row.received_on, row.acknowledged_on, row.investigating_on, row.resolved_on,
                                   row.followed_up_on) if d is not None)
        _check_date(row, on, previous, "its last step")
        extra = values(session, vault, row) if values else {}
        _bump(session, row, expected_version, status=status, **{_DATE_COLUMN[status]: on}, **extra)
        audit.record(session, vault, actor.name, f"complaint.{status}", target_type="complaint", target_id=row.id,
                     detail={"on": on.isoformat(), **(detail or {})})


def _check_date(row: Complaint, on: date, earliest: date, what: str) -> None:
    if on < earliest:
        raise UsageError(f"{on} is before {what} ({earliest}) for {row.reference}.")
    if on > utcnow().date():
        raise UsageError(f"A step cannot be dated in the future ({on}).")


def _seal(session, vault: Vault, row: Complaint, column: str, text: str | None) -> bytes | None:
    key = subject_key(session, vault, row.subject_id)
    return encrypt_field(key, text, field_aad("complaint", column, row.id))


def _bump(session: Session, row: Complaint, expected_version: int | None, **values) -> None:
    seen = row.version if expected_version is None else expected_version
    result = session.execute(sa.update(Complaint).where(Complaint.id == row.id, Complaint.version == seen)
                             .values(**values, version=seen + 1))
    if result.rowcount != 1:
        raise ConflictError(f"Someone else changed {row.reference} since you opened it; reload and try again.")
    session.expire(row)


def _scoped_row(actor: Actor, session: Session, complaint_id: uuid.UUID) -> Complaint:
    row = session.exec(scope_complaints(actor, select(Complaint).where(Complaint.id == complaint_id))).first()
    if row is None:
        raise NotFound("That complaint does not exist or is outside your scope.")
    return row


def scope_complaints(actor: Actor, query):
    """A team leader sees their teams' complaints; others with the permission see all."""
    if actor.role == Role.TEAM_LEADER:
        return query.where(Complaint.team_id.in_(actor.team_ids))
    return query


# --- reading ----------------------------------------------------------------------------------------------


def list_complaints(actor: Actor, today: date, *, open_only: bool = False, limit: int = 2000) -> list[ComplaintRow]:
    """The log, newest first, with each deadline's countdown as seen on `today`."""
    require(actor, Action.VIEW_COMPLAINTS)
    query = scope_complaints(actor, select(Complaint))
    if open_only:
        query = query.where(Complaint.status != "closed")
    query = query.order_by(sa.desc(Complaint.received_on), sa.desc(Complaint.reference)).limit(limit)
    with actor.db.read() as session:
        return [_row_view(row, today) for row in session.exec(query).all()]


def get_complaint(actor: Actor, complaint_id: uuid.UUID, today: date) -> ComplaintDetail:
    """One complaint with its redacted text, HEAT record, resolution, follow-up and escalations."""
    require(actor, Action.VIEW_COMPLAINTS)
    vault = actor.db.vault
    with actor.db.read() as session:
        row = _scoped_row(actor, session, complaint_id)
        key = subject_key(session, vault, row.subject_id)

        def text(column: str) -> str:
            blob = getattr(row, f"{column}_enc")
            return decrypt_field(key, blob, field_aad("complaint", column, row.id), f"complaint {column}") or ""

        escalations = session.exec(select(ComplaintEscalation).where(ComplaintEscalation.complaint_id == row.id)
                                   .order_by(ComplaintEscalation.level)).all()
        return ComplaintDetail(
            _row_view(row, today), text("redacted"), tuple(json.loads(row.legal)), tuple(json.loads(row.heat)),
            text("heat_notes"), {status: getattr(row, column) for status, column in _DATE_COLUMN.items()},
            text("resolution"), row.redress, row.redress_amount, row.recovered, row.recovery_score, text("follow_up"),
            row.lesson, tuple(Escalation(e.level, ESCALATION_LEVELS[e.level], e.escalated_by, e.escalated_on, e.reason)
                              for e in escalations))


def _row_view(row: Complaint, today: date) -> ComplaintRow:
    return ComplaintRow(row.id, row.reference, row.received_on, row.channel, row.category, row.severity, row.product,
                        row.owner, row.status, row.escalation_level,
                        wd.countdown(row.acknowledge_due, today, row.acknowledged_on),
                        wd.countdown(row.final_due, today, row.resolved_on), row.root_cause, row.version)


# --- trends -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintTrends:
    """Aggregates over complaints received in a window (no personal data)."""

    start: date
    end: date
    total: int
    contacts: int
    weekly: list[tuple[date, int, int]] = field(default_factory=list)
    """(week starting Monday, complaints, contacts)."""
    categories: list[tuple[str, int]] = field(default_factory=list)
    root_causes: list[tuple[str, int]] = field(default_factory=list)
    severities: list[tuple[str, int]] = field(default_factory=list)
    resolved: int = 0
    median_days_to_resolve: float | None = None
    mean_days_to_resolve: float | None = None
    acknowledge_breaches: int = 0
    final_breaches: int = 0
    escalated: int = 0
    followed_up: int = 0
    recovered: int = 0

    @property
    def rate_per_thousand(self) -> float | None:
        return 1000 * self.total / self.contacts if self.contacts else None


def complaint_trends(actor: Actor, start: date, end: date, today: date, *, team_ids: Iterable[uuid.UUID] | None = None) -> ComplaintTrends:
    """Volume and rate per 1,000 contacts (per week too), categories, root causes, time to resolve, breaches."""
    require(actor, Action.VIEW_AGGREGATES)
    if end < start:
        raise UsageError(f"The period ends ({end}) before it starts ({start}).")
    teams = _team_filter(actor, team_ids)
    query = select(Complaint).where(Complaint.received_on.between(start, end))
    if teams is not None:
        query = query.where(Complaint.team_id.in_(teams))
    with actor.db.read() as session:
        rows = session.exec(query).all()
        contacts = _contacts_per_week(session, start, end, teams)
    return _trends(rows, contacts, start, end, today)


def _team_filter(actor: Actor, team_ids: Iterable[uuid.UUID] | None) -> set[uuid.UUID] | None:
    teams = None if team_ids is None else set(team_ids)
    if actor.role == Role.TEAM_LEADER:
        teams = set(actor.team_ids) if teams is None else teams & set(actor.team_ids)
    return teams


def _contacts_per_week(session: Session, start: date, end: date, teams: set[uuid.UUID] | None) -> Counter:
    day = sa.func.date(Interaction.occurred_at) if session.get_bind().dialect.name == "sqlite" else sa.cast(Interaction.occurred_at, sa.Date)
    query = (select(day, sa.func.count()).where(Interaction.occurred_at >= _midnight(start),
                                                Interaction.occurred_at < _midnight(end + timedelta(days=1)))
             .group_by(day))
    if teams is not None:
        query = query.where(Interaction.agent_id.in_(select(Agent.id).where(Agent.team_id.in_(teams))))
    weeks: Counter = Counter()
    for value, count in session.exec(query).all():
        weeks[_week(value if isinstance(value, date) else date.fromisoformat(value))] += count
    return weeks


def _trends(rows: Sequence[Complaint], contacts: Counter, start: date, end: date, today: date) -> ComplaintTrends:
    volume = Counter(_week(r.received_on) for r in rows)
    weeks = sorted(set(volume) | set(contacts))
    resolve_days = sorted((r.resolved_on - r.received_on).days for r in rows if r.resolved_on)
    ack = [wd.countdown(r.acknowledge_due, today, r.acknowledged_on).status for r in rows]
    final = [wd.countdown(r.final_due, today, r.resolved_on).status for r in rows]
    return ComplaintTrends(
        start, end, len(rows), sum(contacts.values()),
        [(week, volume[week], contacts[week]) for week in weeks],
        Counter(r.category for r in rows).most_common(), Counter(r.root_cause for r in rows if r.root_cause).most_common(),
        [(s, n) for s, n in ((s, sum(r.severity == s for r in rows)) for s in SEVERITIES) if n],
        len(resolve_days), _median(resolve_days), sum(resolve_days) / len(resolve_days) if resolve_days else None,
        ack.count(wd.Status.BREACHED), final.count(wd.Status.BREACHED),
        sum(r.escalation_level > 0 for r in rows), sum(r.recovered is not None for r in rows),
        sum(bool(r.recovered) for r in rows),
    )


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    mid = len(values) // 2
    return float(values[mid]) if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def team_names(actor: Actor) -> dict[uuid.UUID, str]:
    require(actor, Action.VIEW_COMPLAINTS)
    with actor.db.read() as session:
        return dict(session.exec(select(Team.id, Team.name)).all())
