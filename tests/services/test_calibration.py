"""Calibration sessions through the service layer, per role and per failure, on each engine."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from qa_tui.domain.scoring import NA
from qa_tui.errors import ConflictError, NotFound, PermissionDenied, UsageError
from qa_tui.services import accounts, calibration, drift, evaluations, interactions, scorecards
from qa_tui.services.calibration import SessionRequest
from qa_tui.services.changes import ChangeWatcher
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel, Interaction

CARD = '''
name = "Calibration card"
version = 1
pass_mark = 80.0
methods = ["call_review"]

[[sections]]
key = "call"
title = "Call"

[[sections.criteria]]
key = "greeting"
question = "Did the agent greet the caller?"
type = "yes_no"
weight = 1.0

[[sections.criteria]]
key = "verify"
question = "Did the agent verify the caller?"
type = "yes_no"
weight = 2.0
critical = true

[[sections.criteria]]
key = "empathy"
question = "How well did the agent acknowledge the caller's feelings?"
type = "scale"
weight = 2.0
na_allowed = true

[[sections.criteria.levels]]
value = 1
label = "Poor"
anchor = "Ignored them."

[[sections.criteria.levels]]
value = 2
label = "Fair"
anchor = "Once."

[[sections.criteria.levels]]
value = 3
label = "Good"
anchor = "Throughout."
'''

PEOPLE = [("mo", Role.QA_MANAGER), ("meg", Role.QA_MANAGER), ("adam", Role.ASSESSOR), ("bea", Role.ASSESSOR),
          ("cal", Role.ASSESSOR), ("out", Role.ASSESSOR), ("tl", Role.TEAM_LEADER)]
GOOD = {"greeting": True, "verify": True, "empathy": 3}


@pytest.fixture
def room(admin, org, location):
    for name, role in PEOPLE:
        accounts.add_user(admin, name=name, role=role, passphrase="role passphrase",
                          teams=["Billing"] if role == Role.TEAM_LEADER else ())
    people = {name: sign_in(location, name, "role passphrase") for name, _ in PEOPLE}
    version = scorecards.import_scorecard(people["mo"], CARD)
    scorecards.publish(people["mo"], version.id)
    now = datetime.now(UTC)
    interactions.record_interactions(admin, [
        interactions.NewInteraction(Channel.CALL, now - timedelta(hours=n), org[2], text=f"call {n}") for n in range(2)])
    with admin.db.read() as session:
        calls = list(session.exec(select(Interaction.id).order_by(Interaction.occurred_at)).all())
    yield people, version.id, calls
    for actor in people.values():
        actor.db.close()


def _session(room, *, expert=None, title="Week 10"):
    people, version, calls = room
    request = SessionRequest(title, version, calls, ["adam", "bea", "cal"], expert=expert,
                             deadline=datetime.now(UTC) + timedelta(days=1))
    return calibration.create_session(people["mo"], request)


def _score(actor, session_id, answers_per_item, submit=True):
    for task, answers in zip(calibration.my_tasks(actor, session_id), answers_per_item):
        view = evaluations.save_answers(actor, task.evaluation_id, answers, expected_version=task.row_version)
        if submit:
            evaluations.submit(actor, task.evaluation_id, expected_version=view.row_version)


def test_a_whole_session_from_blind_scoring_to_closing(room):
    people = room[0]
    summary = _session(room, expert="bea")
    assert summary.status == "blind" and [p.name for p in summary.progress] == ["adam", "bea", "cal"]
    assert summary.expected == 6 and summary.submitted == 0
    _score(people["adam"], summary.id, [GOOD, GOOD])
    _score(people["bea"], summary.id, [{**GOOD, "empathy": 2}, {**GOOD, "verify": False}])
    _score(people["cal"], summary.id, [{**GOOD, "greeting": False}, {**GOOD, "empathy": NA}])
    progress = calibration.get_session(people["adam"], summary.id).progress
    assert [(p.name, p.submitted) for p in progress] == [("adam", 2), ("bea", 2), ("cal", 2)]

    revealed = calibration.reveal(people["mo"], summary.id, expected_version=summary.row_version)
    view = calibration.results(people["adam"], revealed.id, bootstrap=200)
    assert view.raters == ("adam", "bea", "cal") and view.benchmark == "expert"
    assert {c.key for c in view.criteria} == {"greeting", "verify", "empathy"}
    verify = next(c for c in view.criteria if c.key == "verify")
    assert verify.marks[1] == (2, 0, 2) and verify.reference[1] is False  # the expert said no
    assert view.deviation["bea"] == pytest.approx(0.0) and view.deviation["adam"] > 0
    assert view.criteria[0].diverging >= view.criteria[-1].diverging  # most divergent first
    assert view.total_stats is not None and view.total_stats.icc
    greeting = next(c for c in view.criteria if c.key == "greeting")
    assert greeting.stats.categories == [0.0, 1.0] and greeting.stats.gwet_ac1 is not None

    calibration.record_consensus(people["mo"], summary.id, room[2][1], "verify", True)
    calibration.add_note(people["mo"], summary.id, "meeting", "Verification means two security questions.")
    calibration.add_note(people["cal"], summary.id, "clarification", "Say what counts as verification.", "verify")
    calibration.add_note(people["adam"], summary.id, "action_request", "Coach on empathy statements.", "empathy")
    closed = calibration.close(people["mo"], summary.id, expected_version=revealed.row_version)
    agreed = calibration.consensus(people["adam"], summary.id)
    assert closed.status == "closed" and len(agreed.answers) == 6
    assert agreed.answers[(room[2][1], "verify")] is True and agreed.answers[(room[2][0], "empathy")] == 2  # the expert's
    assert [n.label for n in agreed.notes] == ["Meeting note", "Scorecard clarification", "Improvement action requested"]


def test_nobody_reads_anyone_elses_answers_before_the_reveal(room):
    people = room[0]
    summary = _session(room)
    _score(people["adam"], summary.id, [GOOD, GOOD])
    adam_task = calibration.my_tasks(people["adam"], summary.id)[0]
    for reader in ("bea", "out", "mo"):  # a participant, an assessor outside the session, the facilitator
        with pytest.raises(PermissionDenied):
            calibration.participant_answers(people[reader], summary.id, "adam")
        with pytest.raises(PermissionDenied):
            calibration.my_scoring(people[reader], adam_task.evaluation_id)
        with pytest.raises(PermissionDenied):
            calibration.results(people[reader], summary.id)
    with pytest.raises(NotFound):  # the review service never shows calibration scorings
        evaluations.get(people["mo"], adam_task.evaluation_id)
    bea_task = calibration.my_tasks(people["bea"], summary.id)[0]
    for attempt in (  # nor does it let anyone else save or submit them, which would hand back their answers
        lambda: evaluations.save_answers(people["adam"], bea_task.evaluation_id, {}, expected_version=1),
        lambda: evaluations.submit(people["mo"], adam_task.evaluation_id, expected_version=2),
    ):
        with pytest.raises(PermissionDenied, match="only by the assessor it belongs to"):
            attempt()
    assert calibration.participant_answers(people["adam"], summary.id, "adam")[room[2][0]] == GOOD
    assert calibration.my_scoring(people["adam"], adam_task.evaluation_id).answers == GOOD
    with pytest.raises(PermissionDenied, match="does not take part"):
        calibration.get_session(people["out"], summary.id)
    assert [s.title for s in calibration.list_sessions(people["out"])] == []
    assert [s.title for s in calibration.list_sessions(people["bea"])] == ["Week 10"]


def test_roles_and_facilitator_only_steps(room):
    people = room[0]
    for name in ("adam", "tl"):
        with pytest.raises(PermissionDenied, match="may not run calibration sessions"):
            _session(({**people, "mo": people[name]}, room[1], room[2]))
    with pytest.raises(PermissionDenied, match="may not take part"):
        calibration.list_sessions(people["tl"])
    summary = _session(room)
    _score(people["adam"], summary.id, [GOOD, GOOD])
    _score(people["bea"], summary.id, [GOOD, GOOD])
    with pytest.raises(PermissionDenied, match="Only the facilitator"):
        calibration.reveal(people["meg"], summary.id, expected_version=summary.row_version)
    with pytest.raises(PermissionDenied, match="may not run"):
        calibration.reveal(people["adam"], summary.id, expected_version=summary.row_version)
    with pytest.raises(PermissionDenied, match="meeting notes"):
        calibration.add_note(people["adam"], summary.id, "meeting", "hello")


def test_failures_are_one_sentence(room):
    people, version, calls = room
    with pytest.raises(UsageError, match="at least two people"):
        calibration.create_session(people["mo"], SessionRequest("Solo", version, calls, ["adam"]))
    with pytest.raises(UsageError, match="tl cannot score"):
        calibration.create_session(people["mo"], SessionRequest("T", version, calls, ["adam", "tl"]))
    summary = _session(room)
    _score(people["adam"], summary.id, [GOOD, GOOD])
    with pytest.raises(UsageError, match="at least two participants"):
        calibration.reveal(people["mo"], summary.id, expected_version=summary.row_version)
    _score(people["bea"], summary.id, [GOOD, GOOD])
    calibration.reveal(people["mo"], summary.id, expected_version=summary.row_version)
    with pytest.raises(ConflictError):
        calibration.close(people["mo"], summary.id, expected_version=summary.row_version)
    with pytest.raises(UsageError, match="does not allow N/A"):
        calibration.record_consensus(people["mo"], summary.id, calls[0], "verify", NA)
    # A late submitter has seen the room: their scoring is left out of the results.
    _score(people["cal"], summary.id, [GOOD, GOOD])
    assert calibration.results(people["mo"], summary.id, bootstrap=0).totals[0][2] is None


def test_drift_flags_an_assessor_outside_tolerance_twice_running(room):
    people = room[0]
    lenient = {"greeting": True, "verify": True, "empathy": 3}
    strict = {"greeting": False, "verify": True, "empathy": 1}
    for week in range(3):
        summary = _session(room, title=f"Week {week}")
        _score(people["adam"], summary.id, [lenient, lenient])
        _score(people["bea"], summary.id, [strict, strict])
        _score(people["cal"], summary.id, [strict, {**strict, "empathy": 2 if week == 1 else 1}])
        summary = calibration.reveal(people["mo"], summary.id, expected_version=summary.row_version)
        calibration.close(people["mo"], summary.id, expected_version=summary.row_version)
    found = {d.name: d for d in drift.assessor_drift(people["mo"])}
    assert found["adam"].flagged and found["adam"].lean == "lenient" and not found["bea"].flagged
    assert [round(p.deviation) for p in found["adam"].points] == [60, 60, 60]
    assert found["cal"].chart is not None
    figure = drift.drift_figure(people["mo"])
    assert figure.value == "1" and "adam" in figure.note
    assert drift.drift_figure(people["adam"]) is None
    with pytest.raises(PermissionDenied):
        drift.assessor_drift(people["adam"])


def test_a_submit_in_one_process_is_seen_by_anothers_change_check(room, location):
    people = room[0]
    summary = _session(room)
    other = sign_in(location, "mo", "role passphrase")  # a second process's own connection and engine
    try:
        with ChangeWatcher(other.db) as watcher:
            assert not watcher.changed()
            _score(people["adam"], summary.id, [GOOD])
            assert watcher.wait(2.0)
            assert calibration.get_session(other, summary.id).submitted == 1
    finally:
        other.db.close()

