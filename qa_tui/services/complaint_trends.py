"""Complaint trends: volume and rate per 1,000 contacts (per week too), categories, root causes, time to resolve,
breaches, escalations and service recovery, over complaints received in a window. Aggregates only."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Iterable, Sequence

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.domain import working_days as wd
from qa_tui.errors import UsageError
from qa_tui.services.complaint_rules import SEVERITIES
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Agent, Complaint, Interaction


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
