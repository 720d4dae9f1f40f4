"""Assessor drift: how each assessor's scores compare with the benchmark of every closed calibration session.

Per assessor and session: the signed deviation of their total scores from the consensus totals (positive is
lenient, negative harsh), their N/A usage and critical fails against their peers in the same session. Over
sessions, an individuals (XmR) control chart of the deviation shows a real shift apart from noise; an assessor
outside the session's tolerance in consecutive sessions is flagged on the QA manager's Home.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import select

from qa_tui.services.permissions import Action, allowed, require
from qa_tui.services.session import Actor
from qa_tui.store.models import CalibrationSession, User

CONSECUTIVE = 2
"""Sessions in a row outside tolerance before an assessor is flagged."""
LEAN_POINTS = 2.0
"""A mean deviation beyond this many points reads as lenient or harsh."""


@dataclass(frozen=True)
class DriftPoint:
    session_id: uuid.UUID
    title: str
    closed_at: datetime
    deviation: float
    """Mean signed deviation of the assessor's totals from the consensus totals, in points."""
    mean_abs_deviation: float
    tolerance: float
    outside: bool
    na_rate: float
    peer_na_rate: float
    critical_fails: float
    """Critical items failed per item scored."""
    peer_critical_fails: float


@dataclass(frozen=True)
class AssessorDrift:
    name: str
    display_name: str
    points: tuple[DriftPoint, ...]
    chart: object | None
    """`qa_tui.analytics.spc.ChartPair` of the deviations, when there are enough sessions to chart."""
    signals: tuple[str, ...]

    @property
    def lean(self) -> str:
        if not self.points:
            return "no sessions"
        mean = sum(p.deviation for p in self.points) / len(self.points)
        return "lenient" if mean > LEAN_POINTS else "harsh" if mean < -LEAN_POINTS else "in line"

    @property
    def flagged(self) -> bool:
        """Outside tolerance in each of their last `CONSECUTIVE` sessions."""
        return len(self.points) >= CONSECUTIVE and all(p.outside for p in self.points[-CONSECUTIVE:])


def assessor_drift(actor: Actor, *, limit_sessions: int = 52) -> list[AssessorDrift]:
    """Every assessor who took part in the last `limit_sessions` closed sessions, by name."""
    require(actor, Action.VIEW_ASSESSOR_DRIFT)
    return _drift(actor, limit_sessions)


def drift_figure(actor: Actor):
    """A Home figure for QA managers: assessors outside tolerance in consecutive sessions (None for others)."""
    from qa_tui.services.dashboard import Figure

    if not allowed(actor.role, Action.VIEW_ASSESSOR_DRIFT):
        return None
    flagged = [d for d in _drift(actor, CONSECUTIVE * 6) if d.flagged]
    names = ", ".join(d.display_name for d in flagged)  # lenient or harsh: the drift chart (Calibration, d) says
    note = f"⚑ {names}" if flagged else f"none outside tolerance in {CONSECUTIVE} sessions running"
    return Figure("Assessors drifting (calibration)", f"{len(flagged)}", note)


def _drift(actor: Actor, limit_sessions: int) -> list[AssessorDrift]:
    from qa_tui.analytics.calibration_loader import load_session
    from qa_tui.services.scorecards import scorecard_for

    with actor.db.read() as session:
        rows = session.exec(select(CalibrationSession).where(CalibrationSession.status == "closed")
                            .order_by(sa.desc(CalibrationSession.closed_at)).limit(limit_sessions)).all()
        loaded = [(row, load_session(session, row, scorecard_for(session, row.scorecard_version_id)))
                  for row in reversed(rows)]
        names = dict(session.exec(select(User.name, User.display_name)).all())
    per_assessor: dict[str, list[DriftPoint]] = {}
    for row, data in loaded:
        for name, point in _session_points(row, data).items():
            per_assessor.setdefault(name, []).append(point)
    return [_assessor(name, names.get(name) or name, tuple(points)) for name, points in sorted(per_assessor.items())]


def _session_points(row: CalibrationSession, data) -> dict[str, DriftPoint]:
    from qa_tui.domain.scoring import NA, score_evaluation

    card = data.card
    reference = {item: {c.key: data.consensus[(item, c.key)] for c in card.criteria if (item, c.key) in data.consensus}
                 for item in data.items}
    reference_total = {item: score_evaluation(card, answers).percent for item, answers in reference.items()}
    stats = {}
    for rater, name in zip(data.raters, data.rater_names):
        if rater == data.expert_id:
            continue  # the benchmark's own author: their deviation says nothing
        gaps, na, answered, critical, scored = [], 0, 0, 0, 0
        for item in data.items:
            answers = data.answers.get((item, rater))
            if not answers:
                continue
            result = score_evaluation(card, answers)
            if result.percent is not None and reference_total[item] is not None:
                gaps.append(result.percent - reference_total[item])
            na += sum(1 for a in answers.values() if a is NA)
            answered += len(answers)
            critical += len(result.critical_failures)
            scored += 1
        if gaps:
            stats[name] = (gaps, na / max(answered, 1), critical / max(scored, 1))
    points = {}
    for name, (gaps, na_rate, critical) in stats.items():
        peers = [s for other, s in stats.items() if other != name]
        mean_abs = sum(abs(g) for g in gaps) / len(gaps)
        points[name] = DriftPoint(
            row.id, row.title, row.closed_at, sum(gaps) / len(gaps), mean_abs, row.total_tolerance,
            mean_abs > row.total_tolerance + 1e-9, na_rate, _mean([p[1] for p in peers]), critical,
            _mean([p[2] for p in peers]))
    return points


def _assessor(name: str, display: str, points: tuple[DriftPoint, ...]) -> AssessorDrift:
    from qa_tui.analytics.spc import individuals_chart
    from qa_tui.errors import UsageError

    chart, signals = None, ()
    if len(points) >= 3:
        try:
            chart = individuals_chart([p.deviation for p in points])
            signals = tuple(v.describe() for v in chart.location.violations)
        except UsageError:
            chart = None  # no variation between sessions yet: nothing to chart
    return AssessorDrift(name, display, points, chart, signals)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
