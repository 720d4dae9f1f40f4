"""Figures for the Home dashboard, in the signed-in user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, UTC

import sqlalchemy as sa
from sqlmodel import select

from qa_tui.services.drift import drift_figure
from qa_tui.services.evaluations import scope_evaluations
from qa_tui.services.interactions import scope_filter
from qa_tui.services.permissions import Action, Role, allowed
from qa_tui.services.session import Actor
from qa_tui.store.models import Agent, Complaint, Evaluation, ImprovementAction, Interaction, Team


SHORT_CHANNEL = {"branch_visit": "branch", "mystery_shop": "shop"}
"""Channel names short enough for the figure's detail to fit 80 columns."""


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str = ""


def home_figures(actor: Actor, today: date) -> list[Figure]:
    """Counts for this week and the last 30 days, per channel, and the people in scope."""
    week_start = _midnight(today - timedelta(days=today.weekday()))
    month_start = _midnight(today - timedelta(days=29))
    figures: list[Figure] = []
    with actor.db.read() as session:
        if allowed(actor.role, Action.VIEW_INTERACTIONS) or allowed(actor.role, Action.VIEW_AGGREGATES):
            figures += _interaction_figures(session, actor, week_start, month_start)
        if allowed(actor.role, Action.VIEW_EVALUATIONS):
            figures += _evaluation_figures(session, actor, week_start, month_start)
        if allowed(actor.role, Action.VIEW_COMPLAINTS):
            figures.append(_complaint_figure(session, actor, today))
        if allowed(actor.role, Action.VIEW_ACTIONS):
            figures.append(_action_figure(session, actor, today))
        if actor.role != Role.AGENT:
            figures += _people_figures(session, actor)
    if allowed(actor.role, Action.VIEW_AGGREGATES):
        from qa_tui.services import standards  # polars loads only here, in the worker

        figures += standards.off_target_figures(actor, today)
    drift = drift_figure(actor)
    if drift:
        figures.append(drift)
    return figures


def _interaction_figures(session, actor: Actor, week_start: datetime, month_start: datetime) -> list[Figure]:
    week = _count(session, actor, Interaction.occurred_at >= week_start)
    month = session.exec(
        _scoped(actor, select(Interaction.channel, sa.func.count()).where(Interaction.occurred_at >= month_start))
        .group_by(Interaction.channel).order_by(Interaction.channel)
    ).all()
    ranked = sorted(month, key=lambda item: -item[1])
    by_channel = ", ".join(f"{SHORT_CHANNEL.get(channel, channel)} {count:,}" for channel, count in ranked[:3]) or "none"
    if len(ranked) > 3:
        by_channel += f" +{len(ranked) - 3} more"
    return [
        Figure("Contacts this week", f"{week:,}", "since Monday"),
        Figure("Contacts, last 30 days", f"{sum(c for _, c in month):,}", by_channel),
    ]


def _evaluation_figures(session, actor: Actor, week_start: datetime, month_start: datetime) -> list[Figure]:
    submitted = scope_evaluations(actor, select(Evaluation).where(Evaluation.submitted_at.is_not(None)))
    recent = submitted.where(Evaluation.submitted_at >= month_start).subquery()
    week = session.exec(select(sa.func.count()).select_from(
        submitted.where(Evaluation.submitted_at >= week_start).subquery())).one()
    count, average, passed, critical = session.exec(select(
        sa.func.count(), sa.func.avg(recent.c.score), sa.func.sum(sa.case((recent.c.passed, 1), else_=0)),
        sa.func.sum(sa.case((recent.c.critical_failed, 1), else_=0)))).one()
    detail = f"{passed or 0:,}/{count:,} passed · {critical or 0:,} ! critical" if count else "none in 30 days"
    average_text = f"{average:.1f}%" if average is not None else "—"
    return [Figure("Evaluations this week", f"{week:,}", "submitted since Monday"),
            Figure("Average QA score, 30 days", average_text, detail)]


def _complaint_figure(session, actor: Actor, today: date) -> Figure:
    from qa_tui.services.complaints import scope_complaints

    open_ = scope_complaints(actor, select(Complaint).where(Complaint.closed_on.is_(None))).subquery()
    total, late = session.exec(select(sa.func.count(), sa.func.sum(sa.case(
        ((open_.c.resolved_on.is_(None)) & (open_.c.final_due < today), 1), else_=0)))).one()
    return Figure("Open complaints", f"{total:,}", f"✗ {late:,} past their final-response deadline" if late else "none past deadline")


def _action_figure(session, actor: Actor, today: date) -> Figure:
    from qa_tui.services.actions import visible_actions

    rows = visible_actions(actor, session, select(ImprovementAction).where(ImprovementAction.closed_on.is_(None)))
    overdue = sum(1 for row in rows if row.due_on < today)
    return Figure("Improvement actions open", f"{len(rows):,}", f"⚠ {overdue:,} overdue" if overdue else "none overdue")


def _people_figures(session, actor: Actor) -> list[Figure]:
    agents = select(sa.func.count()).select_from(Agent).where(Agent.active)
    teams = select(sa.func.count()).select_from(Team)
    if actor.role == Role.TEAM_LEADER:
        agents = agents.where(Agent.team_id.in_(actor.team_ids))
        teams = teams.where(Team.id.in_(actor.team_ids))
    return [
        Figure("Active agents", f"{session.exec(agents).one():,}", "in your teams" if actor.role == Role.TEAM_LEADER else ""),
        Figure("Teams", f"{session.exec(teams).one():,}"),
    ]


def _count(session, actor: Actor, condition) -> int:
    return session.exec(_scoped(actor, select(sa.func.count()).select_from(Interaction).where(condition))).one()


def _scoped(actor: Actor, query):
    # Analysts see aggregates of everything; everyone else their scope.
    return query if actor.role == Role.ANALYST else scope_filter(actor, query)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)
