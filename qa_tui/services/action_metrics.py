"""The metrics an improvement action can target, by name, and how each is read from the store.

Each metric turns (scope, window) into a polars frame: for rates one row per day with `successes` and `n`, for
scores one row per observation with `value`; every frame has a `date`. QA metrics come from submitted review
evaluations dated by their contact (what the agent did, when), complaint rates from the complaint log over the
contacts in scope. Other sources (survey CSAT, NPS, FCR) plug in later with `register(Metric(...))` under a
name of their own; actions, checks and reports need nothing else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Callable

from sqlmodel import Session, select

from qa_tui.errors import UsageError
from qa_tui.store.models import Agent, Complaint, Evaluation, EvaluationAnswer, Interaction, Team

if TYPE_CHECKING:
    import polars as pl

SCOPE_KINDS = ("centre", "site", "team", "agent")
COUNTED = ("submitted", "acknowledged", "disputed", "resolved")
"""Evaluation statuses that count in trends (drafts do not)."""


@dataclass(frozen=True)
class Scope:
    kind: str = "centre"
    id: uuid.UUID | None = None
    criterion: str | None = None


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    kind: str
    """'rate' (two-proportion test) or 'score' (Welch t or Mann-Whitney U)."""
    better: str
    """'up' or 'down': which way is an improvement."""
    scale: float
    """Display units per unit of the measure: 100 for a percentage, 1,000 for a rate per 1,000."""
    unit: str
    load: Callable[[Session, Scope, date, date], "pl.DataFrame"]
    needs_criterion: bool = False

    def level(self, frame: "pl.DataFrame") -> tuple[float | None, int]:
        """The metric over a frame in display units, and how many observations it rests on."""
        if self.kind == "rate":
            n = int(frame["n"].sum()) if frame.height else 0
            return (self.scale * float(frame["successes"].sum()) / n if n else None), n
        n = frame.height
        return (self.scale * float(frame["value"].mean()) if n else None), n

    def fmt(self, value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1f}{self.unit}"


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    """Add a metric by name (survey metrics arrive this way)."""
    if metric.kind not in ("rate", "score") or metric.better not in ("up", "down"):
        raise ValueError(f"Metric {metric.name!r} needs kind rate|score and better up|down.")
    REGISTRY[metric.name] = metric
    return metric


def metric(name: str) -> Metric:
    if not (name or "").strip():
        raise UsageError("An improvement action needs a metric to measure it by.")
    if name not in REGISTRY:
        raise UsageError(f"There is no metric named {name!r}; choose from {', '.join(sorted(REGISTRY))}.")
    return REGISTRY[name]


# --- loaders ----------------------------------------------------------------------------------------------


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time(), UTC), datetime.combine(end + timedelta(days=1), time(), UTC)


def scoped_agents(scope: Scope):
    """A subquery of the agent ids in a scope, or None for the whole centre."""
    if scope.kind == "agent":
        return select(Agent.id).where(Agent.id == scope.id)
    if scope.kind == "team":
        return select(Agent.id).where(Agent.team_id == scope.id)
    if scope.kind == "site":
        return select(Agent.id).join(Team, Team.id == Agent.team_id).where(Team.site_id == scope.id)
    return None


def evaluation_frame(session: Session, scope: Scope, start: date, end: date) -> "pl.DataFrame":
    """One row per counted review evaluation in the window: date, score, passed, critical (by contact date)."""
    import polars as pl

    low, high = _bounds(start, end)
    query = (select(Interaction.occurred_at, Evaluation.score, Evaluation.passed, Evaluation.critical_failed)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .where(Evaluation.purpose == "review", Evaluation.status.in_(COUNTED), Evaluation.score.is_not(None),
                    Interaction.occurred_at >= low, Interaction.occurred_at < high))
    agents = scoped_agents(scope)
    if agents is not None:
        query = query.where(Evaluation.agent_id.in_(agents))
    rows = session.exec(query).all()
    return pl.DataFrame({"date": [_day(r[0]) for r in rows], "score": [float(r[1]) for r in rows],
                         "passed": [bool(r[2]) for r in rows], "critical": [bool(r[3]) for r in rows]},
                        schema={"date": pl.Date, "score": pl.Float64, "passed": pl.Boolean, "critical": pl.Boolean})


def _daily_rate(frame: "pl.DataFrame", column: str) -> "pl.DataFrame":
    import polars as pl

    return (frame.group_by("date").agg(pl.col(column).cast(pl.Int64).sum().alias("successes"), pl.len().alias("n"))
            .with_columns(pl.col("n").cast(pl.Int64)).sort("date"))


def _pass_rate(session, scope, start, end):
    return _daily_rate(evaluation_frame(session, scope, start, end), "passed")


def _critical_rate(session, scope, start, end):
    return _daily_rate(evaluation_frame(session, scope, start, end), "critical")


def _average_score(session, scope, start, end):
    import polars as pl

    frame = evaluation_frame(session, scope, start, end)
    return frame.select("date", pl.col("score").alias("value")).sort("date")


def _criterion_rate(session: Session, scope: Scope, start: date, end: date):
    """Share of answers to one criterion that did not fail it (N/A and unanswered left out)."""
    import polars as pl

    from qa_tui.services.scorecards import scorecard_for

    if not scope.criterion:
        raise UsageError("A criterion pass rate needs the criterion's key.")
    low, high = _bounds(start, end)
    query = (select(Interaction.occurred_at, EvaluationAnswer.value, Evaluation.scorecard_version_id)
             .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .where(EvaluationAnswer.criterion_key == scope.criterion, EvaluationAnswer.na.is_(False),
                    EvaluationAnswer.value.is_not(None), Evaluation.purpose == "review",
                    Evaluation.status.in_(COUNTED), Interaction.occurred_at >= low, Interaction.occurred_at < high))
    agents = scoped_agents(scope)
    if agents is not None:
        query = query.where(Evaluation.agent_id.in_(agents))
    thresholds: dict[uuid.UUID, int] = {}
    days, met = [], []
    for occurred, value, version in session.exec(query).all():
        if version not in thresholds:
            thresholds[version] = scorecard_for(session, version).criterion(scope.criterion).fail_threshold
        days.append(_day(occurred))
        met.append(value > thresholds[version])
    frame = pl.DataFrame({"date": days, "met": met}, schema={"date": pl.Date, "met": pl.Boolean})
    return _daily_rate(frame, "met")


def _complaint_rate(session: Session, scope: Scope, start: date, end: date):
    """Complaints received per contact handled, per day (shown per 1,000 contacts)."""
    import polars as pl

    low, high = _bounds(start, end)
    contacts = select(Interaction.occurred_at).where(Interaction.occurred_at >= low, Interaction.occurred_at < high)
    complaints = select(Complaint.received_on).where(Complaint.received_on.between(start, end))
    agents = scoped_agents(scope)
    if agents is not None:
        contacts = contacts.where(Interaction.agent_id.in_(agents))
        teams = select(Agent.team_id).where(Agent.id.in_(agents))
        complaints = complaints.where(Complaint.agent_id.in_(agents) if scope.kind == "agent" else Complaint.team_id.in_(teams))
    n = pl.DataFrame({"date": [_day(t) for t in session.exec(contacts).all()]}, schema={"date": pl.Date})
    c = pl.DataFrame({"date": list(session.exec(complaints).all())}, schema={"date": pl.Date})
    n = n.group_by("date").agg(pl.len().cast(pl.Int64).alias("n"))
    c = c.group_by("date").agg(pl.len().cast(pl.Int64).alias("successes"))
    return (n.join(c, on="date", how="full", coalesce=True).fill_null(0).sort("date")
            .select("date", "successes", "n"))


def _day(value) -> date:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).date()
    return value


register(Metric("qa_pass_rate", "QA pass rate", "rate", "up", 100.0, "%", _pass_rate))
register(Metric("qa_average_score", "QA average score", "score", "up", 1.0, " pts", _average_score))
register(Metric("qa_critical_fail_rate", "QA critical-fail rate", "rate", "down", 100.0, "%", _critical_rate))
register(Metric("criterion_pass_rate", "Criterion pass rate", "rate", "up", 100.0, "%", _criterion_rate,
                needs_criterion=True))
register(Metric("complaint_rate", "Complaints per 1,000 contacts", "rate", "down", 1000.0, " per 1,000",
                _complaint_rate))
