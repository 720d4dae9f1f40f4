"""Scorecards and evaluations through the service layer, per role and per failure, on each engine."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from qa_tui.domain.scorecard import Method
from qa_tui.domain.scoring import NA
from qa_tui.errors import ConflictError, PermissionDenied, UsageError
from qa_tui.services import accounts, evaluations, feedback, interactions, scorecards
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel, Interaction
from support import CALL_REVIEW_CARD as CARD


@pytest.fixture
def team(admin, org, location):
    """A QA manager, an assessor, the agent's own account, one published scorecard and one call."""
    for name, role, extra in [("mo", Role.QA_MANAGER, {}), ("adam", Role.ASSESSOR, {}), ("priya", Role.AGENT, {"agent_id": org[2]})]:
        accounts.add_user(admin, name=name, role=role, passphrase="role passphrase", **extra)
    people = {name: sign_in(location, name, "role passphrase") for name in ("mo", "adam", "priya")}
    version = scorecards.import_scorecard(people["mo"], CARD)
    scorecards.publish(people["mo"], version.id)
    interactions.record_interactions(admin, [interactions.NewInteraction(Channel.CALL, datetime.now(UTC), org[2], text="hello")])
    with admin.db.read() as session:
        call = session.exec(select(Interaction.id)).first()
    return people, version.id, call


def _scored(team, answers=None):
    people, version, call = team
    draft = evaluations.start(people["adam"], call, version, Method.CALL_REVIEW)
    answers = answers or {"greeting": True, "verify": True, "empathy": 3}
    return evaluations.save_answers(people["adam"], draft.id, answers, expected_version=draft.row_version)


def test_scoring_a_call_from_draft_to_submitted(team):
    draft = _scored(team)
    assert draft.status == "draft" and draft.result.reported_percent == pytest.approx(80.0)
    submitted = evaluations.submit(team[0]["adam"], draft.id, expected_version=draft.row_version)
    assert submitted.status == "submitted" and submitted.result.passed is True
    assert [r.revision for r in evaluations.revisions(team[0]["mo"], draft.id)] == [1]


def test_critical_fail_zeroes_the_score_but_keeps_the_raw_one(team):
    draft = _scored(team, {"greeting": True, "verify": False, "empathy": 5})
    assert draft.result.critical_failed and draft.result.reported_percent == 0
    assert draft.result.percent == pytest.approx(60.0)


def test_na_leaves_the_denominator(team):
    assert _scored(team, {"greeting": True, "verify": True, "empathy": NA}).result.reported_percent == 100


def test_submitting_an_incomplete_evaluation_is_refused(team):
    draft = _scored(team, {"greeting": True})
    with pytest.raises(UsageError, match="still unanswered: verify, empathy"):
        evaluations.submit(team[0]["adam"], draft.id, expected_version=draft.row_version)


def test_second_editor_is_told_and_nothing_is_lost(team):
    people = team[0]
    draft = _scored(team, {"greeting": True})
    evaluations.save_answers(people["mo"], draft.id, {"greeting": False}, expected_version=draft.row_version)
    with pytest.raises(ConflictError, match="Someone else saved this evaluation"):
        evaluations.save_answers(people["adam"], draft.id, {"greeting": True, "verify": True}, expected_version=draft.row_version)
    assert evaluations.get(people["adam"], draft.id).answers == {"greeting": False}


def test_agent_acknowledges_or_disputes_and_manager_overturns(team):
    people = team[0]
    draft = _scored(team, {"greeting": False, "verify": True, "empathy": 3})
    evaluations.submit(people["adam"], draft.id, expected_version=draft.row_version)
    assert [e.id for e in evaluations.list_evaluations(people["priya"])] == [draft.id]
    [dispute_id] = evaluations.dispute(people["priya"], draft.id, ["greeting"], "I gave my name at 00:04.")
    with pytest.raises(PermissionDenied):
        evaluations.resolve_dispute(people["adam"], dispute_id, overturn=True, reason="heard it", new_answer=True)
    evaluations.resolve_dispute(people["mo"], dispute_id, overturn=True, reason="Name given at 00:04.", new_answer=True)
    after = evaluations.get(people["priya"], draft.id)
    assert after.status == "resolved" and after.revision == 2 and after.result.reported_percent == pytest.approx(80.0)
    history = evaluations.revisions(people["priya"], draft.id)
    assert [(r.revision, r.score) for r in history] == [(1, pytest.approx(60.0)), (2, pytest.approx(80.0))]


def test_agents_see_only_submitted_evaluations_and_cannot_respond_to_others(team, admin, org, location):
    people = team[0]
    draft = _scored(team)
    assert evaluations.list_evaluations(people["priya"]) == []  # drafts are the assessor's business
    with pytest.raises(UsageError, match="cannot be acknowledged"):
        evaluations.acknowledge(people["priya"], draft.id)
    evaluations.submit(people["adam"], draft.id, expected_version=draft.row_version)
    evaluations.acknowledge(people["priya"], draft.id)
    assert evaluations.get(people["priya"], draft.id).status == "acknowledged"


def test_feedback_in_aid_form_is_encrypted_and_scoped(team):
    people = team[0]
    draft = _scored(team)
    text = feedback.FeedbackText(action="Give your name in the greeting", impact="Callers trust a named person",
                                 desired_outcome="Name in every greeting", strengths="Warm tone", criteria=("greeting",))
    feedback.set_feedback(people["adam"], draft.id, text)
    assert feedback.get_feedback(people["mo"], draft.id) == text
    with pytest.raises(UsageError, match="Action and a Desired outcome"):
        feedback.set_feedback(people["adam"], draft.id, feedback.FeedbackText(action="x"))


def test_published_versions_are_frozen_and_edits_make_new_drafts(team):
    people, version_id, _ = team
    with pytest.raises(UsageError, match="frozen"):
        scorecards.update_draft(people["mo"], version_id, CARD, expected_version=2)
    summary = next(v for v in scorecards.list_versions(people["mo"]) if v.id == version_id)
    draft = scorecards.new_draft(people["mo"], summary.scorecard_id)
    assert draft.number == 2 and draft.status == "draft"
    edited = scorecards.update_draft(people["mo"], draft.id, CARD.replace("weight = 1.0", "weight = 3.0"), expected_version=draft.row_version)
    changes = scorecards.compare(people["mo"], version_id, edited.id)
    assert changes.changed_keys() == {"greeting"}


def test_a_bad_scorecard_file_names_its_line(team):
    with pytest.raises(UsageError, match=r"line \d+: .*weight"):
        scorecards.import_scorecard(team[0]["mo"], CARD.replace("weight = 2.0\ncritical", "weight = -2.0\ncritical"))


def test_only_managers_change_scorecards_and_only_assessors_score(team):
    people, version, call = team
    with pytest.raises(PermissionDenied, match="may not change scorecards"):
        scorecards.import_template(people["adam"], "phone_call_review")
    with pytest.raises(PermissionDenied, match="may not score contacts"):
        evaluations.start(people["priya"], call, version, Method.CALL_REVIEW)
    assert scorecards.import_template(people["mo"], "phone_call_review").status == "draft"


def test_retention_removes_old_evaluation_notes_but_keeps_scores(team, admin):
    from datetime import timedelta

    from qa_tui.services.privacy import retention

    people = team[0]
    draft = _scored(team)
    evaluations.save_answers(people["adam"], draft.id, {"greeting": True, "verify": True, "empathy": 3},
                             expected_version=draft.row_version, comments={"empathy": "Rushed the apology"})
    feedback.set_feedback(people["adam"], draft.id, feedback.FeedbackText(action="Slow down", desired_outcome="Calm close"))
    report = retention.run_retention(admin, now=datetime.now(UTC) + timedelta(days=800))
    assert {r.kind: r.count for r in report.results}["evaluation_notes"] == 1
    after = evaluations.get(people["mo"], draft.id)
    assert after.comments == {} and after.result.reported_percent == pytest.approx(80.0)
    assert feedback.get_feedback(people["mo"], draft.id) is None


def test_home_counts_evaluations_and_scores_in_scope(team):
    from qa_tui.services.dashboard import home_figures

    people = team[0]
    draft = _scored(team, {"greeting": True, "verify": True, "empathy": 3})
    evaluations.submit(people["adam"], draft.id, expected_version=draft.row_version)
    figures = {f.label: (f.value, f.note) for f in home_figures(people["mo"], datetime.now(UTC).date())}
    assert figures["Evaluations this week"][0] == "1"
    assert figures["Average QA score, 30 days"] == ("80.0%", "1/1 passed · 0 ! critical")
    assert {f.label for f in home_figures(people["priya"], datetime.now(UTC).date())} >= {"Evaluations this week"}
