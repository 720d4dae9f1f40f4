"""Improvement actions through the service layer on each engine: the SMART plan with a measured baseline, PDCA,
and Check's before-and-after evaluation, checked against the published worked examples of test_compare."""

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from scipy import stats

from qa_tui.errors import NotFound, PermissionDenied, UsageError
from qa_tui.services import accounts, actions, interactions, people, scorecards
from qa_tui.services.actions import NewAction, Risk, Task
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel, Evaluation
from qa_tui.store.models.base import new_id, utcnow

sys.path.insert(0, str(Path(__file__).parents[1] / "analytics"))
from test_compare import NEWCOMBE_TABLE_II, WELCH_EXAMPLES  # noqa: E402  (the published worked examples)

BASELINE = (date(2026, 1, 5), date(2026, 2, 1))   # four weeks
LIVE = date(2026, 2, 2)
POST = (date(2026, 2, 9), date(2026, 3, 8))       # four weeks
LONG_POST = (date(2026, 2, 9), date(2026, 4, 5))  # eight weeks


@pytest.fixture
def centre(admin, org, location):
    """A QA manager, a team leader of another team, and a published scorecard to hang evaluations on."""
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase="role passphrase")
    other = people.create_team(admin, org[0], "Retentions")
    accounts.add_user(admin, name="tl", role=Role.TEAM_LEADER, passphrase="role passphrase", teams=["Retentions"])
    manager = sign_in(location, "mo", "role passphrase")
    version = scorecards.import_template(manager, "phone_call_review").id
    scorecards.publish(manager, version)
    return {"manager": manager, "leader": sign_in(location, "tl", "role passphrase"), "version": version,
            "team": org[1], "agent": org[2], "other_team": other, "admin": admin}


def _evaluations(c, window, outcomes, scores=None):
    """Submitted review evaluations spread evenly over the window's days: outcomes are passed (1) or not (0)."""
    days = (window[1] - window[0]).days + 1
    when = [datetime.combine(window[0] + timedelta(days=i % days), datetime.min.time(), UTC) + timedelta(hours=10)
            for i in range(len(outcomes))]
    items = [interactions.NewInteraction(Channel.CALL, at, c["agent"], text="hello") for at in when]
    ids = interactions.record_interactions(c["admin"], items, return_ids=True)
    scores = scores or [90.0 if ok else 60.0 for ok in outcomes]
    rows = [{"id": new_id(), "interaction_id": i, "scorecard_version_id": c["version"], "assessor_id": c["manager"].user_id,
             "agent_id": c["agent"], "method": "call_review", "purpose": "review", "status": "submitted", "revision": 1,
             "live": False, "score": s, "raw_score": s, "critical_failed": False, "passed": bool(ok),
             "created_at": utcnow(), "submitted_at": utcnow(), "acknowledged_at": None, "version": 1}
            for i, ok, s in zip(ids, outcomes, scores)]
    with c["admin"].db.write() as session:
        session.execute(sa.insert(Evaluation.__table__), rows)


def _outcomes(passed, total):
    """`passed` ones spread through `total` (so every week has its share)."""
    return [1 if (i * passed) // total != ((i + 1) * passed) // total else 0 for i in range(total)]


def _plan(c, metric="qa_pass_rate", target=80.0, **kw):
    item = NewAction(
        "Verification coaching", "criterion", "Identity checks missed on calls.", "Raise the pass rate to 80% by March.",
        metric, target, "mo", date(2026, 3, 31), *BASELINE, scope_kind="team", scope_id=c["team"],
        risks=[Risk("Coaching time cuts into service level", "Coach in the quiet hour")],
        tasks=[Task("training", "Verification workshop", date(2026, 2, 6)), Task("communication", "Team brief")],
        stakeholders=["Billing team", "Compliance"])
    return actions.create_action(c["manager"], NewAction(**{**item.__dict__, **kw}), on=LIVE)


def _checked(c, action_id, post=POST, **kw):
    actions.start_doing(c["manager"], action_id, "Workshop held.", on=LIVE)
    return actions.run_check(c["manager"], action_id, *post, on=date(2026, 4, 20), **kw)


def test_two_proportion_check_matches_the_textbook_example(centre):
    # test_compare's worked example: 255/340 before, 140/200 after: z = -1.266015, same as Pearson's chi-square.
    _evaluations(centre, BASELINE, _outcomes(255, 340))
    _evaluations(centre, POST, _outcomes(140, 200))
    action_id = _plan(centre)
    detail = actions.get_action(centre["manager"], action_id, LIVE)
    assert detail.baseline_value == pytest.approx(75.0) and detail.baseline_n == 340
    result = _checked(centre, action_id)["comparison"]
    assert result["test"] == "two-proportion z"
    assert result["statistic"] == pytest.approx(-1.266015, abs=1e-6)
    _, p, _, _ = stats.chi2_contingency([[140, 60], [255, 85]], correction=False)
    assert result["p_value"] == pytest.approx(p)
    assert result["effect_name"] == "Cohen's h" and result["verdict"].startswith("No clear change")
    detail = actions.get_action(centre["manager"], action_id, date(2026, 4, 20))
    assert detail.row.stage == "check" and detail.row.outcome == "missed"


@pytest.mark.parametrize("counts, published", NEWCOMBE_TABLE_II[:1])
def test_rate_interval_matches_newcombe_table_ii(centre, counts, published):
    after, n_after, before, n_before = counts
    _evaluations(centre, BASELINE, _outcomes(before, n_before))
    _evaluations(centre, POST, _outcomes(after, n_after))
    result = _checked(centre, _plan(centre))["comparison"]
    assert (round(result["ci_low"], 4), round(result["ci_high"], 4)) == published


def test_score_check_uses_welch_and_matches_the_published_example(centre):
    before, after, t, p = WELCH_EXAMPLES[0]  # test_compare passes A2 as before: t = -2.46, p = 0.021
    _evaluations(centre, BASELINE, [1] * len(after), scores=after)
    _evaluations(centre, POST, [1] * len(before), scores=before)
    result = _checked(centre, _plan(centre, metric="qa_average_score", target=25.0))["comparison"]
    assert result["test"] == "Welch t" and round(result["statistic"], 2) == t
    assert result["p_value"] == pytest.approx(p, abs=5e-4) and result["effect_name"] == "Hedges' g"


def test_small_skewed_score_windows_use_mann_whitney(centre):
    from qa_tui.analytics.compare import compare_ranks

    before, after = [60.0] * 8 + [95.0], [70.0] * 8 + [99.0]
    _evaluations(centre, BASELINE, [1] * 9, scores=before)
    _evaluations(centre, POST, [1] * 9, scores=after)
    result = _checked(centre, _plan(centre, metric="qa_average_score", target=65.0))["comparison"]
    expected = compare_ranks(before, after)
    assert result["test"] == "Mann-Whitney U" and result["statistic"] == expected.statistic
    assert result["p_value"] == pytest.approx(expected.p_value) and result["effect_name"] == "rank-biserial r"


def test_a_real_improvement_shifts_the_chart_and_meets_the_target(centre):
    _evaluations(centre, BASELINE, _outcomes(40, 100))
    _evaluations(centre, LONG_POST, _outcomes(140, 200))
    action_id = _plan(centre, target=65.0)
    result = _checked(centre, action_id, post=LONG_POST)
    assert result["met"] and result["comparison"]["verdict"].startswith("The metric rose")
    assert result["chart"]["baseline"] == 4 and len(result["chart"]["values"]) == 12
    assert result["chart"]["values"][3] > result["chart"]["centre"][3]  # the last baseline week sits above too
    assert result["chart"]["shift"] == "up"
    with pytest.raises(UsageError, match="not missed its target"):
        actions.record_variance(centre["manager"], action_id, "n/a")
    actions.act(centre["manager"], action_id, "adopt", "Verification script is now standard.", on=date(2026, 4, 21))
    actions.close(centre["manager"], action_id, on=date(2026, 4, 30))
    assert actions.get_action(centre["manager"], action_id, date(2026, 5, 1)).row.stage == "closed"


def test_a_missed_target_needs_the_cause_of_the_variance_before_act(centre):
    _evaluations(centre, BASELINE, _outcomes(255, 340))
    _evaluations(centre, POST, _outcomes(140, 200))
    action_id = _plan(centre)
    _checked(centre, action_id)
    with pytest.raises(UsageError, match="record the cause of the variance"):
        actions.act(centre["manager"], action_id, "adapt", on=date(2026, 4, 21))
    actions.record_variance(centre["manager"], action_id, "Half the team missed the workshop (rota clash).")
    actions.act(centre["manager"], action_id, "adapt", on=date(2026, 4, 21))
    detail = actions.get_action(centre["manager"], action_id, date(2026, 4, 21))
    assert (detail.decision, detail.variance_cause) == ("adapt", "Half the team missed the workshop (rota clash).")


def test_bad_inputs_are_refused_with_a_reason(centre):
    _evaluations(centre, BASELINE, _outcomes(30, 40))
    with pytest.raises(UsageError, match="needs a metric"):
        _plan(centre, metric="")
    with pytest.raises(UsageError, match="no metric named"):
        _plan(centre, metric="happiness")
    with pytest.raises(UsageError, match="needs the key of the criterion"):
        _plan(centre, metric="criterion_pass_rate")
    with pytest.raises(UsageError, match="ends .* before it starts"):
        _plan(centre, baseline_start=date(2026, 2, 1), baseline_end=date(2026, 1, 5))
    with pytest.raises(UsageError, match="no qa pass rate data"):
        _plan(centre, baseline_start=date(2025, 1, 5), baseline_end=date(2025, 2, 1))
    action_id = _plan(centre)
    with pytest.raises(UsageError, match="Check follows Do"):
        actions.run_check(centre["manager"], action_id, *POST)
    actions.start_doing(centre["manager"], action_id, on=LIVE)
    with pytest.raises(UsageError, match="must start after the baseline window ends"):
        actions.run_check(centre["manager"], action_id, date(2026, 1, 20), date(2026, 2, 20))
    with pytest.raises(UsageError, match="no qa pass rate data in the post window"):
        actions.run_check(centre["manager"], action_id, *POST, on=date(2026, 4, 20))
    with pytest.raises(UsageError, match="cannot move to Closed"):
        actions.close(centre["manager"], action_id)


def test_team_leaders_run_their_own_teams_actions(centre):
    _evaluations(centre, BASELINE, _outcomes(30, 40))
    action_id = _plan(centre)
    with pytest.raises(PermissionDenied, match="own teams"):
        actions.start_doing(centre["leader"], action_id, on=LIVE)
    with pytest.raises(PermissionDenied, match="own teams"):
        _plan({**centre, "manager": centre["leader"]})
    assert actions.list_actions(centre["leader"], LIVE) == []
    with pytest.raises(NotFound):
        actions.get_action(centre["leader"], action_id, LIVE)


def test_the_board_marks_overdue_actions_and_keeps_tasks(centre):
    _evaluations(centre, BASELINE, _outcomes(30, 40))
    action_id = _plan(centre)
    actions.complete_task(centre["manager"], action_id, 0)
    [row] = actions.list_actions(centre["manager"], date(2026, 4, 1))
    assert row.overdue and row.stage == "plan" and row.baseline == "75.0%" and row.target == "80.0%"
    detail = actions.get_action(centre["manager"], action_id, date(2026, 4, 1))
    assert [t.done for t in detail.tasks] == [True, False] and detail.stakeholders == ("Billing team", "Compliance")
    assert detail.risks[0].contingency == "Coach in the quiet hour"
