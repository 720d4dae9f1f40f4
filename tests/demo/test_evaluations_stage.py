"""The demo's scoring stage: scorecards, evaluations that behave like real ones, disputes, mystery shops, a queue."""

import dataclasses
from collections import defaultdict
from datetime import date
from statistics import mean

import pytest

from qa_tui.demo.context import SCALES
from qa_tui.demo.stages.evaluations import QUEUE_DAYS
from qa_tui.services import evaluations, mystery, sampling, scorecards


def test_every_method_is_scored_on_published_versions(small_demo, sign_in_as):
    manager = sign_in_as("manager")
    rows = evaluations.list_evaluations(manager, limit=5000)
    assert len(rows) == small_demo[1].extras["evaluations"]["count"] > 500
    assert {r.method for r in rows} == {"call_review", "chat_email_review", "live_observation", "mystery_shop"}
    phone = [v for v in scorecards.list_versions(manager) if v.name.lower().startswith("phone call")]
    assert [(v.number, v.status) for v in phone] == [(1, "published"), (2, "published")]


def _criteria_counts(manager) -> dict[str, int]:
    return {v.name: len(scorecards.get_scorecard(manager, v.id).criteria) for v in scorecards.list_versions(manager)}


def test_the_small_centre_scores_with_the_templates_as_shipped(small_demo, sign_in_as):
    counts = _criteria_counts(sign_in_as("manager"))
    assert counts["Phone call review"] == 13 and max(counts.values()) == 17


@pytest.mark.slow
def test_a_scale_with_the_checklist_scores_about_30_criteria(tmp_path):
    from qa_tui.demo.builder import create_demo, sign_in_demo
    from qa_tui.services.unlock import sign_out
    from qa_tui.store.engine import resolve_location

    location = resolve_location(str(tmp_path / "demo.db"))
    create_demo(location, scale=dataclasses.replace(SCALES["small"], checklist=True), seed=7, today=date(2026, 3, 2))
    manager = sign_in_demo(location, "manager")
    counts = _criteria_counts(manager)
    assert counts["Phone call review"] == 29 and all(29 <= n <= 33 for n in counts.values())
    scored = evaluations.list_evaluations(manager, limit=1)[0]
    answers = evaluations.get(manager, scored.id).answers
    assert len(answers) >= 29 and "check_recording_notice" in answers
    sign_out(manager)


def test_scores_follow_assessor_bias(small_demo, sign_in_as):
    manager = sign_in_as("manager")
    by_assessor = defaultdict(list)
    for row in evaluations.list_evaluations(manager, limit=5000):
        if row.score is not None and not row.critical_failed:
            by_assessor[row.assessor].append(row.score)
    assert mean(by_assessor["assessor"]) > mean(by_assessor["assessor2"]) + 3  # lenient vs harsh


def test_some_evaluations_fail_on_critical_items(small_demo, sign_in_as):
    rows = evaluations.list_evaluations(sign_in_as("manager"), limit=5000)
    failed = [r for r in rows if r.critical_failed]
    assert 0 < len(failed) < len(rows) / 4 and all(r.score == 0 for r in failed)


def test_disputes_at_every_stage(small_demo, sign_in_as):
    rows = evaluations.list_evaluations(sign_in_as("agent"), limit=5000)
    statuses = [r.status for r in rows]
    assert statuses.count("resolved") == 2 and statuses.count("disputed") == 1


def test_mystery_shops_have_visits(small_demo, sign_in_as):
    manager = sign_in_as("manager")
    shop = next(r for r in evaluations.list_evaluations(manager, limit=5000) if r.method == "mystery_shop")
    visit = mystery.get_visit(manager, evaluations.get(manager, shop.id).interaction_id)
    assert visit.scenario.objectives and visit.shopper and visit.place.endswith("branch")


def test_assessors_have_a_queue_of_recent_unscored_contacts(small_demo, sign_in_as):
    location, ctx = small_demo
    queue = sampling.queue(sign_in_as("assessor"), ctx.today)
    assert queue and all(not item.overdue for item in queue)
    assert all(item.due_on > ctx.today for item in queue) and QUEUE_DAYS > 0
