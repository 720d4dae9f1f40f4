"""Service standards: a QA manager sets a KPI's target and how it is measured; charts draw the target and Home
marks what is off target.

Polars loads only inside `off_target` (through the analytics loader), never when this module is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, UTC

from sqlmodel import select

from qa_tui.errors import ConflictError, UsageError
from qa_tui.services import audit
from qa_tui.services.permissions import Action, require
from qa_tui.services.session import Actor
from qa_tui.store.models import ServiceStandard
from qa_tui.store.models.base import utcnow

DIRECTIONS = (">=", "<=")
WINDOW_DAYS = 30
"""Home judges each standard on the last 30 days."""


@dataclass(frozen=True)
class Standard:
    kpi: str
    label: str
    target: float
    direction: str
    measurement: str
    set_by: str
    version: int

    def met_by(self, value: float) -> bool:
        return value >= self.target if self.direction == ">=" else value <= self.target

    def sentence(self) -> str:
        unit = "%" if _unit(self.kpi) == "%" else ""
        return f"{self.label} {'≥' if self.direction == '>=' else '≤'} {self.target:g}{unit}"


@dataclass(frozen=True)
class StandardStatus:
    standard: Standard
    value: float | None
    n: int

    @property
    def off_target(self) -> bool:
        return self.value is not None and not self.standard.met_by(self.value)


def _kpi_info(key: str):
    from qa_tui.analytics.kpis import kpi

    return kpi(key)


def _unit(key: str) -> str:
    return _kpi_info(key).unit


def set_standard(actor: Actor, kpi: str, target: float, *, direction: str | None = None,
                 measurement: str | None = None, expected_version: int | None = None) -> Standard:
    """Create or change the standard for one KPI (centre-wide)."""
    require(actor, Action.MANAGE_STANDARDS)
    info = _kpi_info(kpi)
    direction = direction or (">=" if info.higher_is_better else "<=")
    if direction not in DIRECTIONS:
        raise UsageError(f"A standard's direction is '>=' (at least) or '<=' (at most), not {direction!r}.")
    if info.unit == "%" and not 0 <= target <= 100 or kpi == "nps" and not -100 <= target <= 100:
        raise UsageError(f"A target for {info.label} must lie within its scale, not {target:g}.")
    with actor.db.write() as session:
        row = session.exec(select(ServiceStandard).where(ServiceStandard.kpi == kpi)).first()
        if row is None:
            row = ServiceStandard(kpi=kpi, target=target, direction=direction, set_by=actor.name,
                                  measurement=measurement or info.method)
        else:
            if expected_version is not None and row.version != expected_version:
                raise ConflictError("That standard was changed by someone else; reload and try again.")
            row.target, row.direction, row.set_by, row.updated_at = target, direction, actor.name, utcnow()
            row.measurement = measurement if measurement is not None else row.measurement
            row.version += 1
        session.add(row)
        audit.record(session, actor.db.vault, actor.name, "standard.set", target_type="service_standard",
                     target_id=row.id, detail={"kpi": kpi, "target": target, "direction": direction})
        return _view(row)


def list_standards(actor: Actor) -> list[Standard]:
    require(actor, Action.VIEW_AGGREGATES)
    with actor.db.read() as session:
        rows = session.exec(select(ServiceStandard).order_by(ServiceStandard.kpi)).all()
        return [_view(row) for row in rows]


def _view(row: ServiceStandard) -> Standard:
    return Standard(row.kpi, _kpi_info(row.kpi).label, row.target, row.direction, row.measurement, row.set_by, row.version)


def statuses(actor: Actor, today: date) -> list[StandardStatus]:
    """Each standard judged on the last 30 days in the actor's scope."""
    standards = list_standards(actor)
    if not standards:
        return []
    from qa_tui.analytics.kpis import summarise
    from qa_tui.analytics.loader import load_trends

    since = datetime.combine(today - timedelta(days=WINDOW_DAYS - 1), time.min, tzinfo=UTC)
    data = load_trends(actor, since)
    result = []
    for standard in standards:
        frame = data.frame_for(_kpi_info(standard.kpi).source, since)  # the cache may hold a longer window
        row = summarise(frame, standard.kpi).row(0, named=True) if frame is not None and frame.height else {"n": 0, "value": None}
        result.append(StandardStatus(standard, row["value"], row["n"] or 0))
    return result


def off_target_figures(actor: Actor, today: date) -> list:
    """Home's lines for standards missed over the last 30 days (a `dashboard.Figure` each; none when all are met)."""
    from qa_tui.services.dashboard import Figure

    figures = []
    for status in statuses(actor, today):
        if status.off_target:
            unit = "%" if _unit(status.standard.kpi) == "%" else ""
            figures.append(Figure(f"OFF TARGET: {status.standard.label}", f"{status.value:.1f}{unit}",
                                  f"standard {status.standard.sentence()}, last {WINDOW_DAYS} days, n={status.n:,}"))
    return figures
