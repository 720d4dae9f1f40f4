"""Improvement actions through Plan, Do, Check, Act.

An action starts from a finding and states a SMART objective: a metric (by name, see `action_metrics`), a baseline
captured from the data over a baseline window, a target, an owner and a due date. Check is an evaluation, not an
opinion: the metric over a post window against the baseline window, with the difference, its confidence interval,
the test that suits the metric (`analytics.compare`), the effect size and a control chart with the baseline's limits
(`analytics.spc`: did the process shift and stay shifted?). Where the outcome misses the target, the analysed cause
of the variance is recorded before the action moves to Act.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import ConflictError, NotFound, PermissionDenied, UsageError
from qa_tui.services import audit
from qa_tui.services.action_metrics import SCOPE_KINDS, Metric, Scope, metric
from qa_tui.services.complaints import redact_plain
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Agent, ImprovementAction, Site, Team
from qa_tui.store.models.base import utcnow

STAGES = ("plan", "do", "check", "act", "closed")
FINDING_KINDS = ("criterion", "theme", "complaint_root_cause", "calibration", "review")
TASK_KINDS = ("training", "communication")
DECISIONS = ("adopt", "adapt", "abandon")
MIN_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Risk:
    risk: str
    contingency: str


@dataclass(frozen=True)
class Task:
    kind: str
    text: str
    due: date | None = None
    done: bool = False


@dataclass(frozen=True)
class NewAction:
    title: str
    finding_kind: str
    finding: str
    objective: str
    metric: str
    target: float
    owner: str
    due_on: date
    baseline_start: date
    baseline_end: date
    scope_kind: str = "centre"
    scope_id: uuid.UUID | None = None
    criterion_key: str | None = None
    risks: Sequence[Risk] = ()
    tasks: Sequence[Task] = ()
    stakeholders: Sequence[str] = ()


@dataclass(frozen=True)
class ActionRow:
    id: uuid.UUID
    reference: str
    title: str
    stage: str
    metric: str
    scope: str
    owner: str
    due_on: date
    overdue: bool
    baseline: str
    target: str
    outcome: str
    version: int


@dataclass(frozen=True)
class ActionDetail:
    row: ActionRow
    finding_kind: str
    finding: str
    objective: str
    metric: Metric
    baseline_window: tuple[date, date]
    baseline_value: float
    baseline_n: int
    target: float
    dates: dict[str, date | None]
    notes: dict[str, str]
    risks: tuple[Risk, ...]
    tasks: tuple[Task, ...]
    stakeholders: tuple[str, ...]
    post_window: tuple[date, date] | None
    check: dict | None
    variance_cause: str
    decision: str


# --- plan -------------------------------------------------------------------------------------------------


def create_action(actor: Actor, item: NewAction, *, on: date | None = None) -> uuid.UUID:
    """Plan an action: the baseline is measured from the data over the baseline window, now."""
    require(actor, Action.MANAGE_ACTIONS)
    on = on or utcnow().date()
    chosen = metric(item.metric)
    _check_new(item, chosen, on)
    scope = Scope(item.scope_kind, item.scope_id, item.criterion_key)
    with actor.db.write() as session:
        _check_scope(actor, session, scope)
        value, n = chosen.level(chosen.load(session, scope, item.baseline_start, item.baseline_end))
        if value is None:
            raise UsageError(f"There is no {chosen.label.lower()} data in the baseline window "
                             f"{item.baseline_start} to {item.baseline_end} for that scope.")
        row = ImprovementAction(
            reference=_next_reference(session), title=item.title.strip(), finding_kind=item.finding_kind,
            finding=redact_plain(item.finding), objective=redact_plain(item.objective), metric=chosen.name,
            scope_kind=scope.kind, scope_id=scope.id, criterion_key=scope.criterion,
            baseline_start=item.baseline_start, baseline_end=item.baseline_end, baseline_value=value, baseline_n=n,
            target=float(item.target), owner=item.owner.strip(), due_on=item.due_on, plan_on=on,
            risks=json.dumps([{"risk": redact_plain(r.risk), "contingency": redact_plain(r.contingency)} for r in item.risks]),
            tasks=json.dumps([_task_json(t) for t in item.tasks]),
            stakeholders=json.dumps([s.strip() for s in item.stakeholders if s.strip()]), created_by=actor.name)
        session.add(row)
        session.flush()
        audit.record(session, actor.db.vault, actor.name, "action.create", target_type="improvement_action",
                     target_id=row.id, detail={"metric": chosen.name, "baseline": value, "n": n, "target": row.target})
        return row.id


def _check_new(item: NewAction, chosen: Metric, on: date) -> None:
    for what, value in (("title", item.title), ("finding", item.finding), ("objective", item.objective),
                        ("owner", item.owner)):
        if not (value or "").strip():
            raise UsageError(f"An improvement action needs its {what}.")
    if item.finding_kind not in FINDING_KINDS:
        raise UsageError(f"A finding is one of {', '.join(FINDING_KINDS)}, not {item.finding_kind!r}.")
    if item.scope_kind not in SCOPE_KINDS or (item.scope_kind != "centre") != (item.scope_id is not None):
        raise UsageError("The scope is the centre, or a site, team or agent with its id.")
    if chosen.needs_criterion and not item.criterion_key:
        raise UsageError(f"The {chosen.label.lower()} needs the key of the criterion it measures.")
    if item.baseline_end < item.baseline_start:
        raise UsageError(f"The baseline window ends ({item.baseline_end}) before it starts ({item.baseline_start}).")
    if (item.baseline_end - item.baseline_start).days + 1 < MIN_WINDOW_DAYS:
        raise UsageError(f"A baseline window needs at least {MIN_WINDOW_DAYS} days.")
    if item.baseline_end > on:
        raise UsageError(f"The baseline window cannot end in the future ({item.baseline_end}).")
    if item.due_on <= item.baseline_end:
        raise UsageError(f"The due date ({item.due_on}) must come after the baseline window ends ({item.baseline_end}).")
    if chosen.kind == "rate" and not 0 <= item.target <= chosen.scale:
        raise UsageError(f"A {chosen.label.lower()} target lies between 0 and {chosen.scale:g}.")
    for task in item.tasks:
        if task.kind not in TASK_KINDS or not task.text.strip():
            raise UsageError("A task is training or communication, with words saying what it is.")


def _check_scope(actor: Actor, session: Session, scope: Scope) -> None:
    table = {"site": Site, "team": Team, "agent": Agent}.get(scope.kind)
    if table is not None and session.get(table, scope.id) is None:
        raise NotFound(f"That {scope.kind} does not exist.")
    if actor.role == Role.TEAM_LEADER and _team_of(session, scope) not in actor.team_ids:
        raise PermissionDenied("Team leaders run improvement actions for their own teams and agents only.")


def _team_of(session: Session, scope: Scope) -> uuid.UUID | None:
    if scope.kind == "team":
        return scope.id
    if scope.kind == "agent":
        return session.exec(select(Agent.team_id).where(Agent.id == scope.id)).first()
    return None


def _task_json(task: Task) -> dict:
    return {"kind": task.kind, "text": redact_plain(task.text), "due": task.due.isoformat() if task.due else None,
            "done": task.done}


def _next_reference(session: Session) -> str:
    count = session.exec(select(sa.func.count()).select_from(ImprovementAction)).one()
    return f"A-{count + 1:04d}"


# --- do, check, act ---------------------------------------------------------------------------------------


def start_doing(actor: Actor, action_id: uuid.UUID, notes: str = "", *, on: date | None = None,
                expected_version: int | None = None) -> None:
    """Plan -> Do: the change goes live on `on`."""
    _move(actor, action_id, "plan", "do", on, notes, expected_version)


def complete_task(actor: Actor, action_id: uuid.UUID, index: int, done: bool = True) -> None:
    require(actor, Action.MANAGE_ACTIONS)
    with actor.db.write() as session:
        row = _managed_row(actor, session, action_id)
        tasks = json.loads(row.tasks)
        if not 0 <= index < len(tasks):
            raise NotFound(f"{row.reference} has no task {index + 1}.")
        tasks[index]["done"] = done
        _bump(session, row, None, tasks=json.dumps(tasks))
        audit.record(session, actor.db.vault, actor.name, "action.task", target_type="improvement_action",
                     target_id=row.id, detail={"task": index + 1, "done": done})


def run_check(actor: Actor, action_id: uuid.UUID, post_start: date, post_end: date, notes: str = "", *,
              on: date | None = None, expected_version: int | None = None) -> dict:
    """Do -> Check (or re-run at Check): the metric over the post window against the baseline window."""
    require(actor, Action.MANAGE_ACTIONS)
    on = on or utcnow().date()
    with actor.db.write() as session:
        row = _managed_row(actor, session, action_id)
        if row.stage not in ("do", "check"):
            raise UsageError(f"{row.reference} is at {row.stage.title()}; Check follows Do.")
        _check_post_window(row, post_start, post_end, on)
        result = evaluate(session, row, post_start, post_end)
        values = {"stage": "check", "check_on": on, "post_start": post_start, "post_end": post_end,
                  "check_result": json.dumps(result), "outcome": "met" if result["met"] else "missed",
                  "notes": _with_note(row, "check", notes)}
        _bump(session, row, expected_version, **values)
        audit.record(session, actor.db.vault, actor.name, "action.check", target_type="improvement_action",
                     target_id=row.id, detail={"post": [post_start.isoformat(), post_end.isoformat()],
                                               "outcome": values["outcome"], "p": result["comparison"]["p_value"]})
        return result


def _check_post_window(row: ImprovementAction, start: date, end: date, on: date) -> None:
    if end < start:
        raise UsageError(f"The post window ends ({end}) before it starts ({start}).")
    if start <= row.baseline_end:
        raise UsageError(f"The post window must start after the baseline window ends ({row.baseline_end}); "
                         f"it starts on {start}.")
    if (end - start).days + 1 < MIN_WINDOW_DAYS:
        raise UsageError(f"A post window needs at least {MIN_WINDOW_DAYS} days.")
    if end > on:
        raise UsageError(f"The post window cannot end in the future ({end}).")
    if row.do_on and start < row.do_on:
        raise UsageError(f"The post window must start on or after the change went live ({row.do_on}).")


def evaluate(session: Session, row: ImprovementAction, post_start: date, post_end: date) -> dict:
    """The Check evaluation as a JSON-ready dict (comparison, control chart, target met or not)."""
    from qa_tui.analytics.compare import compare, compare_rates

    chosen = metric(row.metric)
    scope = Scope(row.scope_kind, row.scope_id, row.criterion_key)
    before = chosen.load(session, scope, row.baseline_start, row.baseline_end)
    after = chosen.load(session, scope, post_start, post_end)
    if chosen.kind == "rate":
        counts = [int(before["successes"].sum()), int(before["n"].sum()), int(after["successes"].sum()), int(after["n"].sum())]
        if not counts[1] or not counts[3]:
            raise UsageError(f"There is no {chosen.label.lower()} data in the {'baseline' if not counts[1] else 'post'} window.")
        comparison = compare_rates(*counts)
    else:
        comparison = compare("score", before["value"].to_list(), after["value"].to_list())
    level, _ = chosen.level(after)
    better = level >= row.target if chosen.better == "up" else level <= row.target
    return {"metric": chosen.name, "label": chosen.label, "unit": chosen.unit, "scale": chosen.scale,
            "baseline": chosen.level(before)[0], "post": level, "target": row.target, "met": bool(better),
            "comparison": comparison.to_dict(), "chart": _chart(chosen, before, after, row.baseline_start, post_start)}


def _chart(chosen: Metric, before, after, baseline_start: date, post_start: date) -> dict:
    """Weekly points (baseline weeks, then post weeks) on a chart whose limits come from the baseline weeks."""
    from qa_tui.analytics.spc import individuals_chart, p_chart
    from qa_tui.errors import QaTuiError

    weeks = _weekly(chosen, before, baseline_start) + _weekly(chosen, after, post_start)
    baseline = len(_weekly(chosen, before, baseline_start))
    try:
        if chosen.kind == "rate":
            chart = p_chart([w[1] for w in weeks], [w[2] for w in weeks], baseline=baseline)
        else:
            chart = individuals_chart([w[1] for w in weeks], baseline=baseline).location
    except QaTuiError as error:
        return {"error": str(error), "labels": [w[0].isoformat() for w in weeks]}
    data = chart.to_dict()
    data["scale"] = chosen.scale
    data["labels"] = [w[0].isoformat() for w in weeks]
    data["shift"] = stayed_shifted(chart)
    return data


def stayed_shifted(chart) -> str | None:
    """'up' or 'down' when the last 8 or more post-baseline points all sit on one side of the baseline centre.

    Like `spc.sustained_shift` (a rule-4 run reaching the last point), except that the run may begin inside the
    baseline: a last baseline week that happens to sit on the same side must not hide a shift that followed.
    """
    from qa_tui.analytics.run_rules import RUN_LENGTH

    last = len(chart.values) - 1
    for v in chart.violations:
        if v.rule == 4 and v.indices[-1] == last and sum(i >= chart.baseline for i in v.indices) >= RUN_LENGTH:
            return "up" if v.side == "above" else "down"
    return None


def _weekly(chosen: Metric, frame, start: date) -> list[tuple[date, float, int]]:
    """(week start, value, size) for each 7-day block from `start` with data: rates as counts, scores as means."""
    import polars as pl

    if frame.height == 0:
        return []
    blocks = frame.with_columns(((pl.col("date") - pl.lit(start)).dt.total_days() // 7).alias("block"))
    if chosen.kind == "rate":
        grouped = blocks.group_by("block").agg(pl.col("successes").sum(), pl.col("n").sum()).filter(pl.col("n") > 0)
        rows = grouped.sort("block").iter_rows()
        return [(start + timedelta(days=7 * b), int(s), int(n)) for b, s, n in rows]
    grouped = blocks.group_by("block").agg(pl.col("value").mean(), pl.len()).sort("block")
    return [(start + timedelta(days=7 * b), float(v), int(n)) for b, v, n in grouped.iter_rows()]


def record_variance(actor: Actor, action_id: uuid.UUID, cause: str, *, expected_version: int | None = None) -> None:
    """Record the analysed cause of the variance where the outcome missed its target."""
    require(actor, Action.MANAGE_ACTIONS)
    if not (cause or "").strip():
        raise UsageError("Say what analysis found as the cause of the variance.")
    with actor.db.write() as session:
        row = _managed_row(actor, session, action_id)
        if row.outcome != "missed":
            raise UsageError(f"{row.reference} has not missed its target, so there is no variance to explain.")
        _bump(session, row, expected_version, variance_cause=redact_plain(cause))
        audit.record(session, actor.db.vault, actor.name, "action.variance", target_type="improvement_action",
                     target_id=row.id)


def act(actor: Actor, action_id: uuid.UUID, decision: str, notes: str = "", *, on: date | None = None,
        expected_version: int | None = None) -> None:
    """Check -> Act: adopt the change as standard, adapt it for another cycle, or abandon it."""
    if decision not in DECISIONS:
        raise UsageError(f"At Act the decision is {', '.join(DECISIONS)}, not {decision!r}.")

    def guard(row: ImprovementAction) -> dict:
        if row.outcome == "missed" and not row.variance_cause:
            raise UsageError(f"{row.reference} missed its target: record the cause of the variance first.")
        return {"decision": decision}

    _move(actor, action_id, "check", "act", on, notes, expected_version, guard)


def close(actor: Actor, action_id: uuid.UUID, notes: str = "", *, on: date | None = None,
          expected_version: int | None = None) -> None:
    _move(actor, action_id, "act", "closed", on, notes, expected_version)


def _move(actor, action_id, stage_from, stage_to, on, notes, expected_version, extra=None) -> None:
    require(actor, Action.MANAGE_ACTIONS)
    on = on or utcnow().date()
    with actor.db.write() as session:
        row = _managed_row(actor, session, action_id)
        if row.stage != stage_from:
            raise UsageError(f"{row.reference} is at {row.stage.title()}, so it cannot move to {stage_to.title()}.")
        last = max(d for d in (row.plan_on, row.do_on, row.check_on, row.act_on) if d)
        if on < last:
            raise UsageError(f"{on} is before {row.reference}'s last stage date ({last}).")
        values = {"stage": stage_to, f"{stage_to}_on": on, "notes": _with_note(row, stage_to, notes),
                  **(extra(row) if extra else {})}
        _bump(session, row, expected_version, **values)
        audit.record(session, actor.db.vault, actor.name, f"action.{stage_to}", target_type="improvement_action",
                     target_id=row.id)


def _with_note(row: ImprovementAction, stage: str, notes: str) -> str:
    stored = json.loads(row.notes)
    if (notes or "").strip():
        stored[stage] = redact_plain(notes)
    return json.dumps(stored)


def _bump(session: Session, row: ImprovementAction, expected_version: int | None, **values) -> None:
    seen = row.version if expected_version is None else expected_version
    result = session.execute(sa.update(ImprovementAction)
                             .where(ImprovementAction.id == row.id, ImprovementAction.version == seen)
                             .values(**values, version=seen + 1))
    if result.rowcount != 1:
        raise ConflictError(f"Someone else changed {row.reference} since you opened it; reload and try again.")
    session.expire(row)


def _managed_row(actor: Actor, session: Session, action_id: uuid.UUID) -> ImprovementAction:
    row = session.get(ImprovementAction, action_id)
    if row is None:
        raise NotFound("That improvement action does not exist.")
    if actor.role == Role.TEAM_LEADER and _team_of(session, _scope(row)) not in actor.team_ids:
        raise PermissionDenied("Team leaders run improvement actions for their own teams and agents only.")
    return row


def _scope(row: ImprovementAction) -> Scope:
    return Scope(row.scope_kind, row.scope_id, row.criterion_key)


# --- reading ----------------------------------------------------------------------------------------------


def list_actions(actor: Actor, today: date) -> list[ActionRow]:
    """Every action (a team leader's: theirs and centre-wide), by stage then due date."""
    require(actor, Action.VIEW_ACTIONS)
    with actor.db.read() as session:
        rows = session.exec(select(ImprovementAction).order_by(ImprovementAction.due_on)).all()
        names = _scope_names(session)
        visible = [r for r in rows if _visible(actor, session, r)]
        return sorted((_row_view(r, names, today) for r in visible), key=lambda a: (STAGES.index(a.stage), a.due_on))


def get_action(actor: Actor, action_id: uuid.UUID, today: date) -> ActionDetail:
    require(actor, Action.VIEW_ACTIONS)
    with actor.db.read() as session:
        row = session.get(ImprovementAction, action_id)
        if row is None or not _visible(actor, session, row):
            raise NotFound("That improvement action does not exist or is outside your scope.")
        view = _row_view(row, _scope_names(session), today)
    return ActionDetail(
        view, row.finding_kind, row.finding, row.objective, metric(row.metric), (row.baseline_start, row.baseline_end),
        row.baseline_value, row.baseline_n, row.target,
        {"plan": row.plan_on, "do": row.do_on, "check": row.check_on, "act": row.act_on, "closed": row.closed_on},
        json.loads(row.notes), tuple(Risk(**r) for r in json.loads(row.risks)),
        tuple(Task(t["kind"], t["text"], date.fromisoformat(t["due"]) if t["due"] else None, t["done"])
              for t in json.loads(row.tasks)),
        tuple(json.loads(row.stakeholders)), (row.post_start, row.post_end) if row.post_start else None,
        json.loads(row.check_result) if row.check_result else None, row.variance_cause, row.decision)


def _visible(actor: Actor, session: Session, row: ImprovementAction) -> bool:
    if actor.role != Role.TEAM_LEADER or row.scope_kind in ("centre", "site"):
        return True
    return _team_of(session, _scope(row)) in actor.team_ids


def _scope_names(session: Session) -> dict[uuid.UUID, str]:
    names = dict(session.exec(select(Site.id, Site.name)).all())
    names.update(dict(session.exec(select(Team.id, Team.name)).all()))
    names.update({a: "an agent" for a in session.exec(select(Agent.id)).all()})
    return names


def _row_view(row: ImprovementAction, names: dict, today: date) -> ActionRow:
    chosen = metric(row.metric)
    scope = "centre" if row.scope_kind == "centre" else f"{row.scope_kind} {names.get(row.scope_id, '?')}"
    if row.criterion_key:
        scope += f" · {row.criterion_key}"
    return ActionRow(row.id, row.reference, row.title, row.stage, chosen.label, scope, row.owner, row.due_on,
                     row.stage != "closed" and row.due_on < today, chosen.fmt(row.baseline_value),
                     chosen.fmt(row.target), row.outcome, row.version)


def visible_actions(actor: Actor, session: Session, query) -> list[ImprovementAction]:
    """The rows of `query` the actor may see (a team leader: their teams' actions and the centre's and sites')."""
    return [row for row in session.exec(query).all() if _visible(actor, session, row)]
