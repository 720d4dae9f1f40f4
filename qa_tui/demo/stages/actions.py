"""Improvement actions at every PDCA stage, one with a real measured improvement and one without.

The improvement: the first team's verification and ownership coaching goes live `COACHING_LIVE_DAYS` before the
demo's today. The `coaching_plan` stage tells the evaluations stage, which scores that team's contacts after go-live
with the coached behaviours more often present, so the team's QA pass rate really moves after the action's start;
Check then measures it against the baseline weeks like any other action. The complaint-rate action finds no change,
records the cause of the variance and is adapted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from qa_tui.demo.context import DemoContext
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.users import DEMO_PASSPHRASE
from qa_tui.errors import QaTuiError
from qa_tui.services import actions
from qa_tui.services.actions import NewAction, Risk, Task
from qa_tui.services.session import Actor
from qa_tui.services.unlock import sign_in

COACHING_LIVE_DAYS = 84
COACHING_LIFT = 0.5
"""The share of the coached team's gap to full marks that the coaching closes after go-live."""


@demo_stage("coaching_plan", after=("agents",))
def plan_coaching(ctx: DemoContext) -> None:
    """Decide the coaching before anything is scored, so that the evaluations stage can show its effect."""
    live = datetime.combine(ctx.today - timedelta(days=COACHING_LIVE_DAYS), datetime.min.time(), UTC)
    ctx.extras["coaching"] = {"team_id": ctx.teams[0].id, "from": live, "lift": COACHING_LIFT}


@demo_stage("actions", after=("evaluations", "complaints"))
def create_actions(ctx: DemoContext) -> None:
    manager = sign_in(ctx.actor.db.location, "manager", DEMO_PASSPHRASE)
    t = ctx.today
    live = t - timedelta(days=COACHING_LIVE_DAYS)
    baseline, post = (live - timedelta(days=28), live - timedelta(days=1)), (live + timedelta(days=1), t - timedelta(days=11))
    teams = ctx.teams
    made = {}
    made["improved"] = _improvement(ctx, manager, teams[0], baseline, live, post)
    made["no_change"] = _complaint_action(ctx, manager, baseline, live, post)
    made["doing"] = _plan(manager, NewAction(
        "Warm transfers in Retentions", "theme", "Callers repeat themselves after transfers.",
        "Raise the average QA score by 5 points by the end of the quarter.", "qa_average_score", 85.0, "manager",
        t - timedelta(days=5), t - timedelta(days=60), t - timedelta(days=33),
        scope_kind="team", scope_id=teams[min(1, len(teams) - 1)].id,
        tasks=[Task("training", "Warm-transfer role play"), Task("communication", "Huddle note on transfers")]),
        on=t - timedelta(days=32), then=lambda a: actions.start_doing(manager, a, "Role plays run weekly.", on=t - timedelta(days=30)))
    made["planning"] = _plan(manager, NewAction(
        "Calibrate on critical items", "calibration", "Assessors disagree on what counts as verification.",
        "Halve the critical-fail rate within two months.", "qa_critical_fail_rate", 1.0, "manager",
        t + timedelta(days=60), t - timedelta(days=30), t - timedelta(days=3),
        scope_kind="team", scope_id=teams[min(2, len(teams) - 1)].id,
        risks=[Risk("Sessions pull assessors off the queue", "Run them in the Friday slot")],
        stakeholders=["QA assessors", "Compliance"]), on=t)
    made["closed"] = _criterion_action(ctx, manager, teams[min(3, len(teams) - 1)], baseline, live, post)
    ctx.note("actions", sorted(made))
    ctx.extras["actions"] = {k: v for k, v in made.items() if v is not None}


def _plan(manager: Actor, item: NewAction, *, on: date, then=None):
    try:
        action_id = actions.create_action(manager, item, on=on)
    except QaTuiError:
        return None  # too little data in a tiny centre: leave this one out rather than invent a baseline
    if then:
        try:
            then(action_id)
        except QaTuiError:
            pass  # e.g. a tiny centre with no variation to test: the action stays where it got to
    return action_id


def _improvement(ctx, manager, team, baseline, live, post):
    def check(action_id):
        actions.start_doing(manager, action_id, "Workshops held; buddy listening in week one.", on=live)
        actions.complete_task(manager, action_id, 0)
        actions.complete_task(manager, action_id, 1)
        result = actions.run_check(manager, action_id, *post, "The team's sampled calls, chats and emails.", on=ctx.today)
        if result["met"]:
            actions.act(manager, action_id, "adopt", "Verification prompt added to the call script.", on=ctx.today)

    return _plan(manager, NewAction(
        f"Verification and ownership coaching ({team.name})", "criterion",
        "Identity verification and taking ownership fail most often in this team (Pareto of failing criteria).",
        "Raise the team's QA pass rate by 8 points within ten weeks of go-live.", "qa_pass_rate",
        _points_up(manager, "qa_pass_rate", team, baseline, 8.0), "leader",
        ctx.today + timedelta(days=14), *baseline, scope_kind="team", scope_id=team.id,
        risks=[Risk("Coaching time hurts the service level", "Coach in the quiet mid-afternoon hour")],
        tasks=[Task("training", "Verification workshop", live), Task("communication", "Team brief and script update", live)],
        stakeholders=["Team leader", "Compliance", "Workforce planning"]), on=live, then=check)


def _points_up(manager: Actor, name: str, team, baseline, points: float, criterion: str | None = None) -> float:
    """A target `points` above the team's baseline level of a metric (capped at 100)."""
    from qa_tui.services.action_metrics import Scope, metric

    chosen = metric(name)
    with manager.db.read() as session:
        level, _ = chosen.level(chosen.load(session, Scope("team", team.id, criterion), *baseline))
    return min(100.0, round((level or 0.0) + points))


def _complaint_action(ctx, manager, baseline, live, post):
    def check(action_id):
        actions.start_doing(manager, action_id, "Billing run checked for duplicates each night.", on=live)
        result = actions.run_check(manager, action_id, *post, on=ctx.today)
        if not result["met"]:
            actions.record_variance(manager, action_id, "Most billing complaints came from a supplier's file, "
                                    "which the nightly check does not see.")
        actions.act(manager, action_id, "adapt", "Extend the check to the supplier file.", on=ctx.today)

    return _plan(manager, NewAction(
        "Stop duplicate billing", "complaint_root_cause", "System: billing error is the top complaint root cause.",
        "Cut complaints to 10 per 1,000 contacts by the next review.", "complaint_rate", 10.0, "manager",
        ctx.today - timedelta(days=2), *baseline, tasks=[Task("communication", "Tell agents how to spot a duplicate")]),
        on=live, then=check)


def _criterion_action(ctx, manager, team, baseline, live, post):
    def check(action_id):
        actions.start_doing(manager, action_id, on=live)
        result = actions.run_check(manager, action_id, *post, on=ctx.today)
        if not result["met"]:
            actions.record_variance(manager, action_id, "The prompt was hidden behind a second screen; few used it.")
        actions.act(manager, action_id, "abandon", "Replace with the script change from the coaching action.", on=ctx.today)
        actions.close(manager, action_id, on=ctx.today)

    return _plan(manager, NewAction(
        f"Going the extra mile ({team.name})", "review", "The last review found few calls where the agent went further.",
        "Most calls show the agent going the extra mile.", "criterion_pass_rate",
        _points_up(manager, "criterion_pass_rate", team, baseline, 15.0, "extra_mile"), "manager",
        ctx.today - timedelta(days=1), *baseline, scope_kind="team", scope_id=team.id, criterion_key="extra_mile"),
        on=live, then=check)
