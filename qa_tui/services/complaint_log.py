"""The complaint log as read models: a line per complaint with its deadline countdowns, and one complaint in full
(its redacted words, HEAT record, resolution, follow-up and escalations). Team leaders see their teams' only."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.domain import working_days as wd
from qa_tui.errors import NotFound
from qa_tui.services.complaint_rules import DATE_COLUMN, ESCALATION_LEVELS
from qa_tui.services.people import subject_key
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Complaint, ComplaintEscalation, Team
from qa_tui.store.vault import decrypt_field, field_aad

RETAINED_OUT = "[removed at the end of its retention period]"
"""A complaint's text once retention has removed it (every complaint has a text when it is logged)."""


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


def scoped_row(actor: Actor, session: Session, complaint_id: uuid.UUID) -> Complaint:
    row = session.exec(scope_complaints(actor, select(Complaint).where(Complaint.id == complaint_id))).first()
    if row is None:
        raise NotFound("That complaint does not exist or is outside your scope.")
    return row


def scope_complaints(actor: Actor, query):
    """A team leader sees their teams' complaints; others with the permission see all."""
    if actor.role == Role.TEAM_LEADER:
        return query.where(Complaint.team_id.in_(actor.team_ids))
    return query


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
        row = scoped_row(actor, session, complaint_id)
        key = subject_key(session, vault, row.subject_id)

        def text(column: str) -> str:
            blob = getattr(row, f"{column}_enc")
            return decrypt_field(key, blob, field_aad("complaint", column, row.id), f"complaint {column}") or ""

        escalations = session.exec(select(ComplaintEscalation).where(ComplaintEscalation.complaint_id == row.id)
                                   .order_by(ComplaintEscalation.level)).all()
        return ComplaintDetail(
            _row_view(row, today), text("redacted") or RETAINED_OUT, tuple(json.loads(row.legal)), tuple(json.loads(row.heat)),
            text("heat_notes"), {status: getattr(row, column) for status, column in DATE_COLUMN.items()},
            text("resolution"), row.redress, row.redress_amount, row.recovered, row.recovery_score, text("follow_up"),
            row.lesson, tuple(Escalation(e.level, ESCALATION_LEVELS[e.level], e.escalated_by, e.escalated_on, e.reason)
                              for e in escalations))


def _row_view(row: Complaint, today: date) -> ComplaintRow:
    return ComplaintRow(row.id, row.reference, row.received_on, row.channel, row.category, row.severity, row.product,
                        row.owner, row.status, row.escalation_level,
                        wd.countdown(row.acknowledge_due, today, row.acknowledged_on),
                        wd.countdown(row.final_due, today, row.resolved_on), row.root_cause, row.version)


def team_names(actor: Actor) -> dict[uuid.UUID, str]:
    require(actor, Action.VIEW_COMPLAINTS)
    with actor.db.read() as session:
        return dict(session.exec(select(Team.id, Team.name)).all())
