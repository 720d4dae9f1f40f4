"""Writing imported complaints: each row becomes the complaint, and the escalation, that the complaint service would
have stored had every step of its lifecycle been taken through it, by the importing user, on the dates given.

The rows start from the service's own intake row (`complaints.intake_row`: reference, deadlines from the policy in
force, redacted and encrypted words) and take each later step's values the way the service's steps set them. The
work is set-based: the people a batch names are read in a few queries, texts are redacted once per (text, people),
and complaints, new data subjects and escalations go in with executemany, with one audit entry per batch.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.known_relevance import kept
from qa_tui.services import audit
from qa_tui.services.complaint_rules import DATE_COLUMN, NewComplaint, Policy, status_after
from qa_tui.services.complaints import (
    intake_row, known_values, next_number, policy_in_force, redact_known, redact_plain,
)
from qa_tui.services.imports.core import WriteContext
from qa_tui.services.people import CUSTOMER_FIELDS, subject_keys
from qa_tui.services.permissions import require_import
from qa_tui.store.models import Agent, Complaint, ComplaintEscalation, Customer, DataSubject, SubjectKind
from qa_tui.store.models.base import new_id, utcnow
from qa_tui.store.vault import decrypt_field, encrypt_field, field_aad

_STEP_FIELDS = {"acknowledged": "acknowledged_on", "investigating": "investigating_on", "resolved": "resolved_on",
                "followed_up": "followed_up_on"}


@dataclass
class _Import:
    """What one import carries from batch to batch (kept in the write context)."""

    policy: Policy
    number: int
    """The number the next complaint gets."""
    deadlines: dict[date, tuple[date, date]] = field(default_factory=dict)
    agents: dict[uuid.UUID, tuple[uuid.UUID, str]] = field(default_factory=dict)
    """agent id -> (team id, name)."""
    ready: dict[tuple, str] = field(default_factory=dict)
    """(text, all known values) -> redacted text, for the batch being written."""

    def deadlines_for(self, received: date) -> tuple[date, date]:
        if received not in self.deadlines:
            self.deadlines[received] = self.policy.deadlines(received)
        return self.deadlines[received]

    def prepare(self, context: WriteContext, jobs: list[tuple[str, KnownValues | None]]) -> None:
        """Redact a batch's texts at once, each distinct one once, on every core when there are many.

        As the service redacts (`redact_known`, `redact_plain`): stripped, with what is known of the people involved
        (None: a text kept in clear, redacted plainly). Only the known values a text can contain are kept
        (`known_relevance`, which finds the same spans), so that the import's redactor, whose memo lasts the whole
        import, redacts a standard resolution sent to thousands of customers once per agent, not once per customer.
        """
        keys = {job: (job[0].strip(), None if job[1] is None else KnownValues(*kept(job[1], job[0])))
                for job in dict.fromkeys(jobs)}
        distinct = list(dict.fromkeys(keys.values()))
        redacted = dict(zip(distinct, context.redactor.redact(distinct)))
        self.ready = {job: redacted[key] for job, key in keys.items()}

    def redact(self, text: str, known: KnownValues | None) -> str:
        found = self.ready.get((text, known))
        return found if found is not None else (redact_plain(text) if known is None else redact_known(text, known))


def write_complaints(context: WriteContext, rows: list[dict]) -> list[uuid.UUID]:
    """One batch: complaints with their lifecycles, new anonymous subjects and escalations; one audit entry."""
    actor, session = context.actor, context.session
    require_import(actor, "complaints")
    state = context.memo.get("complaints") or context.memo.setdefault(
        "complaints", _Import(policy_in_force(session), next_number(session)))
    people = _People(context, state, rows)
    state.prepare(context, [job for r in rows for job in _texts(r, people)])
    complaints, escalations = [], []
    for r in rows:
        row, escalation = _complaint(context, state, people, r)
        complaints.append(row)
        escalations += [escalation] if escalation else []
    if people.new_subjects:
        session.execute(sa.insert(DataSubject.__table__), people.new_subjects)
    session.execute(sa.insert(Complaint.__table__), complaints)
    if escalations:
        session.execute(sa.insert(ComplaintEscalation.__table__), escalations)
    audit.record(session, actor.db.vault, actor.name, "complaint.log", target_type="complaint",
                 target_id=complaints[0]["id"], detail={"count": len(complaints), "first": complaints[0]["reference"],
                                                        "imported_from": context.source})
    return [row["id"] for row in complaints]


def _texts(r: dict, people: "_People") -> list[tuple[str, KnownValues | None]]:
    """The texts a row's complaint stores redacted: the people's words with what is known of them, notes in clear."""
    known = people.known(_customer_of(r), _agent_of(r))
    words = [(r[f], known) for f in ("text", "heat_notes", "resolution", "follow_up") if r[f] is not None]
    return words + [(r[f], None) for f in ("escalation_reason", "lesson") if r[f] is not None]


def _uuid(value: str | None) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(value)


def _customer_of(r: dict) -> uuid.UUID | None:
    # The lookups have made sure that the email, the phone and the contact agree when more than one is given.
    return _uuid(r.get("customer_email_customer_id") or r.get("customer_phone_customer_id") or r.get("contact_customer_id"))


def _agent_of(r: dict) -> uuid.UUID | None:
    return _uuid(r.get("agent_id") or r.get("contact_agent_id"))


class _People:
    """The customers and agents a batch names, read in a few queries: their keys, details and names."""

    def __init__(self, context: WriteContext, state: _Import, rows: list[dict]) -> None:
        self.context, self.state, self.new_subjects, self._known = context, state, [], {}
        self.customers = self._customers({c for c in map(_customer_of, rows) if c})
        self._agents({a for a in map(_agent_of, rows) if a and a not in state.agents})

    def _customers(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[uuid.UUID, dict]]:
        """customer id -> (subject id, decrypted details, data key)."""
        columns = [getattr(Customer, f"{c}_enc") for c in CUSTOMER_FIELDS]
        query = sa.select(Customer.id, Customer.subject_id, *columns).where(Customer.id.in_(ids))
        rows = self.context.session.execute(query).all() if ids else []
        keys = self._keys({row[1] for row in rows})
        return {row[0]: (row[1], self._details(keys[row[1]], *row), keys[row[1]]) for row in rows}

    @staticmethod
    def _details(key: bytes | None, customer_id: uuid.UUID, subject_id: uuid.UUID, *blobs: bytes | None) -> dict:
        return {column: decrypt_field(key, blob, field_aad("customer", column, customer_id), f"customer {column}")
                for column, blob in zip(CUSTOMER_FIELDS, blobs)}

    def _agents(self, ids: set[uuid.UUID]) -> None:
        if not ids:
            return
        agents = self.context.session.execute(sa.select(Agent).where(Agent.id.in_(ids))).scalars().all()
        keys = self._keys({a.subject_id for a in agents})
        for a in agents:
            name = decrypt_field(keys[a.subject_id], a.name_enc, field_aad("agent", "name", a.id), "agent name") or ""
            self.state.agents[a.id] = (a.team_id, name)

    def _keys(self, subject_ids: set[uuid.UUID]) -> dict[uuid.UUID, bytes | None]:
        return subject_keys(self.context.session, self.context.actor.db.vault, subject_ids)

    def subject(self, customer_id: uuid.UUID | None) -> tuple[uuid.UUID, bytes]:
        """The complainant's data subject and key: the customer's, or a new anonymous one."""
        vault = self.context.actor.db.vault
        if customer_id is not None:
            subject_id, _, key = self.customers[customer_id]
            return subject_id, key
        subject_id = new_id()
        key, wrapped = vault.new_subject_key(subject_id)
        self.new_subjects.append({"id": subject_id, "kind": SubjectKind.CUSTOMER.value, "wrapped_key": wrapped,
                                  "key_id": vault.key_id, "created_at": utcnow(), "erased_at": None})
        return subject_id, key

    def known(self, customer_id: uuid.UUID | None, agent_id: uuid.UUID | None) -> KnownValues:
        """What the records hold about the complainant and the agent, as the service gathers it."""
        if (customer_id, agent_id) not in self._known:
            details = self.customers[customer_id][1] if customer_id else {}
            self._known[customer_id, agent_id] = known_values(details, self.state.agents[agent_id][1] if agent_id else None)
        return self._known[customer_id, agent_id]


def _day(value: datetime | None) -> date | None:
    return None if value is None else value.date()


def _complaint(context: WriteContext, state: _Import, people: _People, r: dict) -> tuple[dict, dict | None]:
    customer_id, agent_id = _customer_of(r), _agent_of(r)
    item = NewComplaint(_day(r["received_on"]), r["channel"], r["category_name"], r["severity"], r["text"],
                        product=r["product"] or "", legal=tuple(json.loads(r.get("legal_json") or "[]")),
                        customer_id=customer_id, team_id=_uuid(r.get("team_id")), agent_id=agent_id,
                        interaction_id=_uuid(r.get("contact_id")), owner=r["owner"])
    subject_id, key = people.subject(customer_id)
    known = people.known(customer_id, agent_id)
    row_id, team_id = new_id(), item.team_id or (state.agents[agent_id][0] if agent_id else None)
    row = intake_row(item, row_id=row_id, number=state.number, subject_id=subject_id, key=key,
                     redacted=state.redact(item.text, known), deadlines=state.deadlines_for(item.received_on),
                     team_id=team_id, actor_name=context.actor.name)
    state.number += 1
    steps = _Steps(state, row, key, known)
    escalation = steps.escalate(r, context.actor.name)
    steps.heat(r)
    steps.dated(r)
    row["natural_key"] = r["__key"]
    return row, escalation


class _Steps:
    """The values each later step sets on the intake row, as the service's steps set them (one version each)."""

    def __init__(self, state: _Import, row: dict, key: bytes, known) -> None:
        self.state, self.row, self.key, self.known = state, row, key, known
        for column in (*DATE_COLUMN.values(), "heat_notes_enc", "resolution_enc", "redress_amount", "recovered",
                       "recovery_score", "follow_up_enc"):
            row.setdefault(column, None)  # executemany needs every row to name the same columns

    def _seal(self, column: str, text: str | None) -> bytes | None:
        words = None if text is None else self.state.redact(text, self.known)
        return encrypt_field(self.key, words, field_aad("complaint", column, self.row["id"]))

    def _bump(self, **values) -> None:
        self.row.update(values, version=self.row["version"] + 1)

    def escalate(self, r: dict, actor_name: str) -> dict | None:
        if r["escalated_on"] is None:
            return None
        level = r["escalation_level"] or 1
        self._bump(escalation_level=level)
        return {"id": new_id(), "complaint_id": self.row["id"], "level": level, "escalated_by": actor_name,
                "escalated_on": _day(r["escalated_on"]), "reason": self.state.redact(r["escalation_reason"], None),
                "created_at": utcnow()}

    def heat(self, r: dict) -> None:
        if r.get("heat_json") or r["heat_notes"]:
            self._bump(heat=r.get("heat_json") or "[]", heat_notes_enc=self._seal("heat_notes", r["heat_notes"]))

    def dated(self, r: dict) -> None:
        dates = {step: _day(r[column]) for step, column in _STEP_FIELDS.items()}
        dates["closed"] = _day(r["closed_on"]) or _day(r["lesson_on"])
        for step, on in dates.items():
            if on is not None:
                self._bump(**{DATE_COLUMN[step]: on}, **self._values(step, r))
        self.row["status"] = status_after(dates)

    def _values(self, step: str, r: dict) -> dict:
        if step == "resolved":
            return {"root_cause": r.get("root_cause_name"), "redress": r["redress"] or "none",
                    "redress_amount": r.get("redress_amount_value"), "resolution_enc": self._seal("resolution", r["resolution"])}
        if step == "followed_up":
            return {"recovered": r["recovered"], "recovery_score": r["recovery_score"],
                    "follow_up_enc": self._seal("follow_up", r["follow_up"])}
        if step == "closed":
            return {"lesson": self.state.redact(r["lesson"], None)}
        return {}

