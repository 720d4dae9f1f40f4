"""Complaints: log them, run the handling process, keep the deadlines, escalate, and feed trends.

The process is acknowledge, investigate, resolve, follow up, learn; each step is dated and moves the status on.
Deadlines come from the complaint policy at intake (acknowledgement within 3 working days, final response within 8
weeks by default) through `qa_tui.domain.working_days`, and every list shows a countdown and marks breaches. The
customer's words are redacted as they enter and both copies are encrypted under the customer's data key.

The rules themselves live in `complaint_rules` (shared with the complaint import), the log's read models in
`complaint_log` and the trends in `complaint_trends`; their public names are re-exported here.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import ConflictError, NotFound, PermissionDenied, UsageError
from qa_tui.services import audit
from qa_tui.services.complaint_log import (  # noqa: F401  (re-exported)
    ComplaintDetail, ComplaintRow, Escalation, get_complaint, list_complaints, scope_complaints, scoped_row, team_names,
)
from qa_tui.services.complaint_rules import (  # noqa: F401  (re-exported)
    BEFORE, CHANNELS, DATE_COLUMN, DEFAULT_CATEGORIES, DEFAULT_ROOT_CAUSES, ESCALATION_LEVELS, HEAT_STEPS, LEGAL,
    REDRESS, SEVERITIES, STATUSES, NewComplaint, Policy, countdown_label, date_problem, heat_record, intake_problem,
    last_step_date, legal_record, may_follow, reference, resolution_problem, score_problem, status_word,
)
from qa_tui.services.complaint_trends import ComplaintTrends, complaint_trends  # noqa: F401  (re-exported)
from qa_tui.services.people import agent_name, customer_fields, subject_key
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Agent, Complaint, ComplaintEscalation, ComplaintPolicy, Customer, DataSubject, SubjectKind
from qa_tui.store.models.base import new_id, utcnow
from qa_tui.store.vault import ERASED, Vault, encrypt_field, field_aad

if TYPE_CHECKING:  # the redaction engine loads on first use
    from qa_tui.privacy.redact import KnownValues


# --- policy -----------------------------------------------------------------------------------------------


def get_policy(actor: Actor) -> Policy:
    require(actor, Action.VIEW_COMPLAINTS)
    with actor.db.read() as session:
        return policy_in_force(session)


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


def policy_in_force(session: Session) -> Policy:
    """The complaint policy as stored, or the defaults until a QA manager sets one."""
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
    """Log complaints in one set-based transaction with one audit entry (the demo uses this)."""
    require(actor, Action.HANDLE_COMPLAINTS)
    items = list(items)
    if not items:
        return []
    vault = actor.db.vault
    with actor.db.write() as session:
        policy, number = policy_in_force(session), next_number(session)
        subjects, rows = [], []
        for offset, item in enumerate(items):
            _check_new(actor, policy, item)
            rows.append(_complaint_row(actor, session, vault, policy, item, number + offset, subjects))
        if subjects:
            session.execute(sa.insert(DataSubject.__table__), subjects)
        session.execute(sa.insert(Complaint.__table__), rows)
        audit.record(session, vault, actor.name, "complaint.log", target_type="complaint", target_id=rows[0]["id"],
                     detail={"count": len(rows), "first": rows[0]["reference"]})
    return [row["id"] for row in rows]


def _check_new(actor: Actor, policy: Policy, item: NewComplaint) -> None:
    problem = intake_problem(item, policy, utcnow().date())
    if problem:
        raise UsageError(problem)
    if actor.role == Role.TEAM_LEADER and item.team_id not in actor.team_ids:
        raise PermissionDenied("Team leaders log complaints about their own teams only.")


def _complaint_row(actor, session, vault: Vault, policy: Policy, item: NewComplaint, number: int, subjects: list) -> dict:
    row_id = new_id()
    subject_id = _subject_for(session, vault, item.customer_id, subjects)
    key = subject_key(session, vault, subject_id)
    redacted = _redact(session, vault, item.text, item.customer_id, item.agent_id)
    team_id = item.team_id or _team_of(session, item.agent_id)
    return intake_row(item, row_id=row_id, number=number, subject_id=subject_id, key=key, redacted=redacted,
                      deadlines=policy.deadlines(item.received_on), team_id=team_id, actor_name=actor.name)


def intake_row(item: NewComplaint, *, row_id: uuid.UUID, number: int, subject_id: uuid.UUID, key: bytes,
               redacted: str, deadlines: tuple[date, date], team_id: uuid.UUID | None, actor_name: str) -> dict:
    """A just-logged complaint as a row for executemany (the import starts every complaint from this too)."""
    return {
        "id": row_id, "reference": reference(number), "received_on": item.received_on, "channel": item.channel,
        "customer_id": item.customer_id, "subject_id": subject_id, "interaction_id": item.interaction_id,
        "team_id": team_id, "agent_id": item.agent_id, "category": item.category, "severity": item.severity,
        "product": item.product.strip(), "legal": legal_record(item.legal),
        "text_enc": encrypt_field(key, item.text.strip(), field_aad("complaint", "text", row_id)),
        "redacted_enc": encrypt_field(key, redacted, field_aad("complaint", "redacted", row_id)),
        "owner": item.owner or actor_name, "status": "received", "acknowledge_due": deadlines[0],
        "final_due": deadlines[1], "escalation_level": 0, "heat": "[]", "root_cause": "", "redress": "", "lesson": "",
        "created_by": actor_name, "created_at": utcnow(), "version": 1,
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
    customer = customer_fields(session, vault, customer_id) if customer_id else {}
    agent = session.get(Agent, agent_id) if agent_id else None
    return redact_known(text, known_values(customer, agent_name(session, vault, agent) if agent else None))


def known_values(customer: Mapping[str, str | None], agent: str | None) -> "KnownValues":
    """What the records already hold about the people in a complaint, for the redactor to find wherever it appears."""
    from qa_tui.privacy.redact import KnownValues

    return KnownValues(agent_names=(agent,) if agent else (), customer_names=_present(customer.get("name")),
                       emails=_present(customer.get("email")), phones=_present(customer.get("phone")),
                       postcodes=_present(customer.get("postcode")))


def redact_known(text: str, known: "KnownValues") -> str:
    """Redact a customer's words (the complaint, a resolution, notes, their answer) knowing who is involved."""
    from qa_tui.privacy.redact import redact

    return redact(text.strip(), known=known).text


def redact_plain(text: str) -> str:
    """Redact free text that is stored in clear (reasons, lessons, notes)."""
    from qa_tui.privacy.redact import redact

    return redact((text or "").strip()).text


def _present(value: str | None) -> tuple[str, ...]:
    return (value,) if value and value != ERASED else ()


def _team_of(session, agent_id: uuid.UUID | None) -> uuid.UUID | None:
    return session.exec(select(Agent.team_id).where(Agent.id == agent_id)).first() if agent_id else None


def next_number(session: Session) -> int:
    """The number the next complaint logged gets (its reference is C- and this number)."""
    return session.exec(select(sa.func.count()).select_from(Complaint)).one() + 1


# --- the process ------------------------------------------------------------------------------------------

def acknowledge(actor: Actor, complaint_id: uuid.UUID, on: date | None = None, *, expected_version: int | None = None) -> None:
    _advance(actor, complaint_id, "acknowledged", on, expected_version)


def investigate(actor: Actor, complaint_id: uuid.UUID, on: date | None = None, *, expected_version: int | None = None) -> None:
    _advance(actor, complaint_id, "investigating", on, expected_version)


def resolve(actor: Actor, complaint_id: uuid.UUID, *, root_cause: str, resolution: str, redress: str = "none",
            amount: float | None = None, on: date | None = None, expected_version: int | None = None) -> None:
    """The final response: the root cause from the taxonomy, what was done, and any redress."""
    problem = resolution_problem(redress, resolution, amount)
    if problem:
        raise UsageError(problem)

    def values(session, vault, row):
        causes = policy_in_force(session).root_causes
        if root_cause not in causes:
            raise UsageError(f"{root_cause!r} is not in the root-cause taxonomy ({', '.join(causes)}).")
        text = _redact(session, vault, resolution, row.customer_id, row.agent_id)
        return {"root_cause": root_cause, "redress": redress, "redress_amount": amount,
                "resolution_enc": _seal(session, vault, row, "resolution", text)}

    _advance(actor, complaint_id, "resolved", on, expected_version, values, detail={"root_cause": root_cause})


def follow_up(actor: Actor, complaint_id: uuid.UUID, *, recovered: bool, score: int | None = None, answer: str = "",
              on: date | None = None, expected_version: int | None = None) -> None:
    """The service-recovery follow-up: did the customer's satisfaction recover? (score 1-5, their words)."""
    problem = score_problem(score)
    if problem:
        raise UsageError(problem)

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
        row = scoped_row(actor, session, complaint_id)
        values = {"heat": heat_record(json.loads(row.heat), steps)}
        if notes.strip():
            text = _redact(session, vault, notes, row.customer_id, row.agent_id)
            values["heat_notes_enc"] = _seal(session, vault, row, "heat_notes", text)
        _bump(session, row, expected_version, **values)
        audit.record(session, vault, actor.name, "complaint.heat", target_type="complaint", target_id=row.id,
                     detail={"steps": json.loads(values["heat"])})


def escalate(actor: Actor, complaint_id: uuid.UUID, reason: str, *, level: int | None = None,
             on: date | None = None, expected_version: int | None = None) -> int:
    """Escalate one level (or to `level`, which must be higher); who and why are kept. Returns the new level."""
    require(actor, Action.HANDLE_COMPLAINTS)
    if not (reason or "").strip():
        raise UsageError("An escalation needs a reason.")
    on = on or utcnow().date()
    vault = actor.db.vault
    with actor.db.write() as session:
        row = scoped_row(actor, session, complaint_id)
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
        row = scoped_row(actor, session, complaint_id)
        if not may_follow(row.status, status):
            raise UsageError(f"{row.reference} is {status_word(row.status)}, so it cannot be {status_word(status)} now.")
        previous = last_step_date(row.received_on, (getattr(row, DATE_COLUMN[s]) for s in BEFORE if s != "closed"))
        _check_date(row, on, previous, "its last step")
        extra = values(session, vault, row) if values else {}
        _bump(session, row, expected_version, status=status, **{DATE_COLUMN[status]: on}, **extra)
        audit.record(session, vault, actor.name, f"complaint.{status}", target_type="complaint", target_id=row.id,
                     detail={"on": on.isoformat(), **(detail or {})})


def _check_date(row: Complaint, on: date, earliest: date, what: str) -> None:
    problem = date_problem(on, earliest, utcnow().date())
    if problem == "before":
        raise UsageError(f"{on} is before {what} ({earliest}) for {row.reference}.")
    if problem == "future":
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
