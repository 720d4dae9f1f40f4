"""Sampling plans and the review queue.

A plan covers a period: so many evaluations per agent and per method. Interactions are picked per agent and
method (stratified), first by the rules that always include some kinds (today: long handling time), then at random
with a seed, and shared among the chosen assessors so that each carries a fair load. Each assessor's queue lists
what is due and what is overdue.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.domain.scorecard import Method
from qa_tui.errors import NotFound, UsageError
from qa_tui.services import audit
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models.base import new_id
from qa_tui.store.models import Agent, Channel, Interaction, ReviewAssignment, SamplingPlan, User

# Which channels each method samples from; live observation happens live, so it is never sampled from recordings.
METHOD_CHANNELS: dict[Method, tuple[str, ...]] = {
    Method.CALL_REVIEW: (Channel.CALL.value,),
    Method.CHAT_EMAIL_REVIEW: (Channel.CHAT.value, Channel.EMAIL.value),
    Method.MYSTERY_SHOP: (Channel.MYSTERY_SHOP.value,),
}


@dataclass(frozen=True)
class PlanRequest:
    name: str
    period_start: date
    period_end: date
    quotas: dict[Method, int]
    """Evaluations per agent for each method."""
    assessors: tuple[str, ...]
    """User names of the assessors who share the work."""
    long_handling_seconds: int | None = None
    """Always include contacts at least this long (within the quota)."""
    due_on: date | None = None
    """When the reviews are due; the period's last day plus seven days by default."""
    seed: int | None = None


@dataclass(frozen=True)
class PlanSummary:
    id: uuid.UUID
    assignments: int
    by_assessor: dict[str, int]
    short_agents: list[uuid.UUID] = field(default_factory=list)
    """Agents who had fewer contacts than their quota in the period."""


def create_plan(actor: Actor, request: PlanRequest) -> PlanSummary:
    """Pick and assign the period's reviews (QA managers)."""
    require(actor, Action.MANAGE_SAMPLING)
    _check(request)
    rng = random.Random(request.seed)
    with actor.db.write() as session:
        assessors = _assessors(session, request.assessors)
        plan = SamplingPlan(name=request.name, period_start=request.period_start, period_end=request.period_end,
                            quotas=json.dumps({m.value: n for m, n in request.quotas.items()}),
                            rules=json.dumps({"long_handling_seconds": request.long_handling_seconds}), created_by=actor.name)
        session.add(plan)
        session.flush()
        picks, short = _pick(session, request, rng)
        rows = _assign(plan, picks, assessors, request.due_on or request.period_end + timedelta(days=7))
        if rows:
            session.execute(sa.insert(ReviewAssignment.__table__), rows)
        load = Counter(assessors[row["assessor_id"]] for row in rows)
        audit.record(session, actor.db.vault, actor.name, "sampling.plan", target_type="sampling_plan", target_id=plan.id,
                     detail={"assignments": len(rows), "by_assessor": dict(load)})
    return PlanSummary(plan.id, len(rows), dict(load), short)


def _check(request: PlanRequest) -> None:
    if request.period_end < request.period_start:
        raise UsageError("The period ends before it starts.")
    if not request.assessors:
        raise UsageError("Choose at least one assessor to share the reviews.")
    for method, count in request.quotas.items():
        if method not in METHOD_CHANNELS:
            raise UsageError(f"{Method(method).value.replace('_', ' ')} is done live, so it is not sampled from recordings.")
        if count < 0:
            raise UsageError("A quota cannot be negative.")


def _assessors(session: Session, names: tuple[str, ...]) -> dict[uuid.UUID, str]:
    rows = session.exec(select(User).where(User.name.in_(names))).all()
    found = {u.name: u for u in rows if not u.disabled and u.role in (Role.ASSESSOR, Role.QA_MANAGER)}
    missing = [n for n in names if n not in found]
    if missing:
        raise NotFound(f"These are not active assessors: {', '.join(missing)}.")
    return {u.id: u.name for u in found.values()}


def _pick(session: Session, request: PlanRequest, rng: random.Random) -> tuple[list[tuple], list[uuid.UUID]]:
    """(interaction id, agent id, method, reason) per pick; stratified by agent and method."""
    start = datetime.combine(request.period_start, time.min, tzinfo=UTC)
    end = datetime.combine(request.period_end + timedelta(days=1), time.min, tzinfo=UTC)
    taken = select(ReviewAssignment.interaction_id)
    picks, short = [], set()
    for method, quota in request.quotas.items():
        if quota == 0:
            continue
        rows = session.exec(
            select(Interaction.id, Interaction.agent_id, Interaction.duration_seconds)
            .join(Agent, Agent.id == Interaction.agent_id)
            .where(Agent.active, Interaction.channel.in_(METHOD_CHANNELS[method]),
                   Interaction.occurred_at >= start, Interaction.occurred_at < end, Interaction.id.not_in(taken))
            .order_by(Interaction.agent_id, Interaction.occurred_at, Interaction.id)
        ).all()
        by_agent: dict[uuid.UUID, list] = {}
        for row in rows:
            by_agent.setdefault(row.agent_id, []).append(row)
        for agent_id, candidates in by_agent.items():
            chosen = _choose(candidates, quota, request.long_handling_seconds, rng)
            short.update([agent_id] if len(chosen) < quota else [])
            picks += [(row.id, agent_id, method, reason) for row, reason in chosen]
    return picks, sorted(short)


def _choose(candidates: list, quota: int, long_seconds: int | None, rng: random.Random) -> list[tuple]:
    ruled = [r for r in candidates if long_seconds and (r.duration_seconds or 0) >= long_seconds]
    chosen = [(r, "long handling time") for r in ruled[:quota]]
    rest = [r for r in candidates if r not in ruled[:quota]]
    chosen += [(r, "random") for r in rng.sample(rest, min(quota - len(chosen), len(rest)))]
    return chosen


def _assign(plan: SamplingPlan, picks: list[tuple], assessors: dict[uuid.UUID, str], due_on: date) -> list[dict]:
    """Round the picks out to assessors, each pick to whoever has the least so far (ties by name)."""
    load = {assessor_id: 0 for assessor_id in assessors}
    rows = []
    for interaction_id, agent_id, method, reason in picks:
        assessor_id = min(load, key=lambda a: (load[a], assessors[a]))
        load[assessor_id] += 1
        rows.append({"id": new_id(), "plan_id": plan.id, "interaction_id": interaction_id, "agent_id": agent_id,
                     "assessor_id": assessor_id, "method": Method(method).value, "reason": reason, "due_on": due_on,
                     "status": "due", "evaluation_id": None})
    return rows


@dataclass(frozen=True)
class QueueItem:
    assignment_id: uuid.UUID
    interaction_id: uuid.UUID
    agent_id: uuid.UUID
    method: Method
    reason: str
    due_on: date
    overdue: bool
    evaluation_id: uuid.UUID | None


def queue(actor: Actor, today: date, *, assessor: str | None = None) -> list[QueueItem]:
    """What is due from an assessor (yourself by default; a QA manager may look at anyone's), overdue first."""
    require(actor, Action.EVALUATE)
    with actor.db.read() as session:
        assessor_id = actor.user_id
        if assessor and assessor != actor.name:
            require(actor, Action.MANAGE_SAMPLING)
            assessor_id = next(iter(_assessors(session, (assessor,))))
        rows = session.exec(
            select(ReviewAssignment).where(ReviewAssignment.assessor_id == assessor_id, ReviewAssignment.status == "due")
            .order_by(ReviewAssignment.due_on, ReviewAssignment.id)
        ).all()
    return [QueueItem(r.id, r.interaction_id, r.agent_id, Method(r.method), r.reason, r.due_on, r.due_on < today,
                      r.evaluation_id) for r in rows]


def link_evaluation(actor: Actor, assignment_id: uuid.UUID, evaluation_id: uuid.UUID, *, done: bool = False) -> None:
    """Record that an assignment was started (or finished, once its evaluation is submitted)."""
    require(actor, Action.EVALUATE)
    with actor.db.write() as session:
        row = session.get(ReviewAssignment, assignment_id)
        if row is None:
            raise NotFound("That review assignment does not exist.")
        row.evaluation_id, row.status = evaluation_id, ("done" if done else row.status)
        session.add(row)
        if done:
            audit.record(session, actor.db.vault, actor.name, "sampling.done", target_type="review_assignment", target_id=row.id)


def assessors(actor: Actor) -> list[str]:
    """The names of the active users who can carry a queue (assessors and QA managers), for a QA manager to pick."""
    require(actor, Action.MANAGE_SAMPLING)
    with actor.db.read() as session:
        rows = session.exec(select(User.name).where(User.role.in_((Role.ASSESSOR, Role.QA_MANAGER)), sa.not_(User.disabled))
                            .order_by(User.name)).all()
    return list(rows)


def plan_count(actor: Actor) -> int:
    """How many sampling plans exist, so an empty queue can say whether any plan was ever made."""
    require(actor, Action.EVALUATE)
    with actor.db.read() as session:
        return session.exec(select(sa.func.count()).select_from(SamplingPlan)).one()
