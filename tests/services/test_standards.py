"""Service standards and the trends loader on each engine: targets set by QA managers, judged on real evaluations
and survey responses, off-target lines for Home, and the cache refreshed from the change marker."""

from datetime import UTC, datetime, timedelta

import pytest

from qa_tui.domain.scorecard import Method
from qa_tui.errors import PermissionDenied, UsageError
from qa_tui.services import accounts, evaluations, interactions, scorecards, standards
from qa_tui.services.imports import import_file
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel

CARD = '''
name = "Tiny review"
version = 1
pass_mark = 80.0
methods = ["call_review"]

[[sections]]
key = "main"
title = "Main"

[[sections.criteria]]
key = "greeting"
question = "Greeted the caller?"
type = "yes_no"
servqual = "assurance"

[[sections.criteria]]
key = "resolved"
question = "Resolved the query?"
type = "yes_no"
servqual = "reliability"
'''


@pytest.fixture
def manager(admin, org, location):
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase="role passphrase")
    return sign_in(location, "mo", "role passphrase")


def _score(manager, admin, agent, answers_list):
    version = scorecards.import_scorecard(manager, CARD)
    scorecards.publish(manager, version.id)
    now = datetime.now(UTC)
    ids = interactions.record_interactions(admin, [interactions.NewInteraction(Channel.CALL, now - timedelta(hours=i), agent,
                                                                               text="hi") for i in range(len(answers_list))], return_ids=True)
    for interaction_id, answers in zip(ids, answers_list):
        view = evaluations.start(manager, interaction_id, version.id, Method.CALL_REVIEW)
        view = evaluations.save_answers(manager, view.id, answers, expected_version=view.row_version)
        evaluations.submit(manager, view.id, expected_version=view.row_version)


def test_only_qa_managers_set_standards(manager, admin):
    standard = standards.set_standard(manager, "pass_rate", 90)
    assert (standard.direction, standard.sentence()) == (">=", "QA pass rate ≥ 90%")
    assert standards.set_standard(manager, "ces", 3).direction == "<="
    assert standards.set_standard(manager, "pass_rate", 85, expected_version=1).version == 2
    with pytest.raises(PermissionDenied):
        standards.set_standard(admin, "csat", 85)
    with pytest.raises(UsageError, match="within its scale"):
        standards.set_standard(manager, "csat", 185)
    assert [s.kpi for s in standards.list_standards(admin)] == ["ces", "pass_rate"]


def test_off_target_figures_from_evaluations_and_surveys(manager, admin, org, tmp_path):
    from qa_tui.analytics.loader import forget, load_answers, load_trends

    _score(manager, admin, org[2], [{"greeting": True, "resolved": True}, {"greeting": True, "resolved": False},
                                    {"greeting": False, "resolved": False}])
    path = tmp_path / "s.csv"
    today = datetime.now(UTC).date()
    path.write_text(f"Date,Agent,CSAT\n{today} 08:00,Priya Sharma,5\n{today} 09:00,Priya Sharma,5\n")
    import_file(admin, "surveys", path)
    standards.set_standard(manager, "pass_rate", 90)
    standards.set_standard(manager, "csat", 85)
    forget()
    figures = standards.off_target_figures(manager, today)
    assert [(f.label, f.value) for f in figures] == [("OFF TARGET: QA pass rate", "33.3%")]
    data = load_trends(manager, datetime.now(UTC) - timedelta(days=30))
    assert data.evaluations.height == 3 and data.surveys.height == 2
    assert set(data.evaluations["scorecard"]) == {"Tiny review"}
    answers = load_answers(manager, data)
    assert answers.height == 6 and answers["failed"].sum() == 3
    # A new response moves the change marker; the refresh adds only it.
    path.write_text(f"Date,Agent,CSAT\n{today} 12:00,Priya Sharma,1\n")
    import_file(admin, "surveys", path)
    again = load_trends(manager, datetime.now(UTC) - timedelta(days=30))
    assert again is data and data.surveys.height == 3
    forget()
