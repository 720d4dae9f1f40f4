"""Every role through every protected action, on each engine: allowed ones succeed, the rest are refused."""

from datetime import UTC, date, datetime, timedelta

import pytest

from qa_tui.domain.scorecard import Method
from qa_tui.errors import PermissionDenied
from qa_tui.services import (accounts, actions, audit, calibration, complaints, drift, evaluations, interactions, keys,
                             mystery, people, report, sampling, scorecards, standards, surveys)
from qa_tui.services.permissions import RULES, Action, Role, allowed
from qa_tui.services.privacy import erasure, retention, review, subject_access
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel


def _today():
    return datetime.now(UTC).date()


def _import_one(actor, ids):
    from qa_tui.services.imports import import_file

    path = ids["tmp"] / f"{actor.name}.csv"
    path.write_text("Date,CSAT\n2026-01-02,5\n")
    return import_file(actor, "surveys", path)


def _exercises(ids):
    """One call per action that needs exactly that permission."""
    return {
        Action.MANAGE_USERS: lambda a: accounts.list_users(a),
        Action.VIEW_AUDIT: lambda a: audit.recent(a),
        Action.VERIFY_AUDIT: lambda a: audit.verify(a),
        Action.MANAGE_ORG: lambda a: people.create_site(a, f"Site of {a.name}"),
        Action.VIEW_ORG: lambda a: people.list_agents(a),
        Action.MANAGE_CUSTOMERS: lambda a: people.create_customer(a, name="Jo Bloggs"),
        Action.VIEW_CUSTOMERS: lambda a: people.get_customer(a, ids["customer"], reason="complaint follow-up"),
        Action.RECORD_INTERACTIONS: lambda a: interactions.record_interactions(
            a, [interactions.NewInteraction(Channel.CALL, datetime.now(UTC), ids["agent"], text="hello")]
        ),
        Action.VIEW_INTERACTIONS: lambda a: interactions.count_interactions(a),
        Action.VIEW_UNREDACTED: lambda a: interactions.get_interaction(a, ids["interaction"], unredacted=True, reason="dispute"),
        Action.VIEW_AGGREGATES: None,  # no aggregate service yet: the rule table is checked above
        Action.MANAGE_SAMPLING: lambda a: sampling.create_plan(a, sampling.PlanRequest(
            "Plan", date(2026, 1, 1), date(2026, 1, 31), {Method.CALL_REVIEW: 1}, ("assessor",))),
        Action.MANAGE_MYSTERY_SHOPS: lambda a: mystery.add_shopper(a, "Sam Secret"),
        Action.IMPORT_EVALUATIONS: lambda a: evaluations.record_scored(a, []),
        Action.MANAGE_SCORECARDS: lambda a: scorecards.import_template(a, "live_observation"),
        Action.VIEW_SCORECARDS: lambda a: scorecards.list_versions(a),
        Action.EVALUATE: lambda a: evaluations.start(a, ids["interaction"], ids["version"], Method.CALL_REVIEW),
        Action.VIEW_EVALUATIONS: lambda a: evaluations.list_evaluations(a),
        Action.RESPOND_TO_EVALUATIONS: lambda a: evaluations.acknowledge(a, ids["evaluation"]),
        Action.RESOLVE_DISPUTES: lambda a: evaluations.resolve_dispute(a, ids["dispute"], overturn=False, reason="stands"),
        Action.HANDLE_COMPLAINTS: lambda a: complaints.log_complaint(a, complaints.NewComplaint(
            date(2026, 1, 5), "email", "Billing", "low", "Charged twice.", team_id=ids["team"])),
        Action.VIEW_COMPLAINTS: lambda a: complaints.list_complaints(a, date(2026, 1, 5)),
        Action.MANAGE_COMPLAINT_POLICY: lambda a: complaints.set_policy(a, complaints.Policy()),
        Action.MANAGE_ACTIONS: lambda a: actions.create_action(a, actions.NewAction(
            "Coaching", "review", "Scores dipped.", "Raise them.", "qa_average_score", 95.0, a.name,
            _today() + timedelta(days=30), _today() - timedelta(days=13), _today(), scope_kind="team", scope_id=ids["team"])),
        Action.VIEW_ACTIONS: lambda a: actions.list_actions(a, _today()),
        Action.PRODUCE_REPORTS: lambda a: report.build_report(a, _today() - timedelta(days=30), _today(), _today()),
        Action.MANAGE_RETENTION: lambda a: retention.run_retention(a, dry_run=True),
        Action.EXPORT_SUBJECTS: lambda a: subject_access.export_subject(a, ids["customer"]),
        Action.REVIEW_REDACTIONS: lambda a: review.scan_for_review(a),
        Action.ERASE_SUBJECTS: lambda a: erasure.erase_subject(a, ids["erasable"]),  # only the admin's call succeeds
        Action.IMPORT_DATA: lambda a: _import_one(a, ids),
        Action.MANAGE_STANDARDS: lambda a: standards.set_standard(a, "pass_rate", 90),
        Action.VIEW_VERBATIMS: lambda a: surveys.list_verbatims(a),
        Action.RUN_CALIBRATION: lambda a: calibration.create_session(a, calibration.SessionRequest(
            f"Session of {a.name}", ids["version"], [ids["interaction"]], ["assessor", "qamanager"])),
        Action.TAKE_PART_IN_CALIBRATION: lambda a: calibration.list_sessions(a),
        Action.VIEW_ASSESSOR_DRIFT: lambda a: drift.assessor_drift(a),
        # Last: rotation re-keys the file under the other sessions (see test_keys for what they then see).
        Action.ROTATE_KEYS: lambda a: keys.rotate(a),
    }


@pytest.fixture
def everyone(admin, org, location, tmp_path):
    _, team, agent = org
    ids = {"agent": agent, "team": team, "customer": people.create_customer(admin, name="Jane Doe"),
           "erasable": people.create_customer(admin, name="Eric Rasable"), "tmp": tmp_path}
    interactions.record_interactions(
        admin, [interactions.NewInteraction(Channel.CALL, datetime.now(UTC), agent, text="hi", customer_id=ids["customer"])]
    )
    ids["interaction"] = _first_interaction(admin)
    actors = {Role.ADMIN: admin}
    for role in Role:
        if role == Role.ADMIN:
            continue
        name = role.value.replace("_", "")
        accounts.add_user(admin, name=name, role=role, passphrase="role passphrase", teams=["Billing"] if role == Role.TEAM_LEADER else (),
                          agent_id=agent if role == Role.AGENT else None)
        actors[role] = sign_in(location, name, "role passphrase")
    _add_scored_evaluations(actors, ids)
    return actors, ids


def _add_scored_evaluations(actors, ids):
    """A published scorecard, and two submitted evaluations of the agent: one to acknowledge, one disputed."""
    from qa_tui.domain.templates import load_template

    manager, assessor = actors[Role.QA_MANAGER], actors[Role.ASSESSOR]
    ids["version"] = scorecards.import_template(manager, "phone_call_review").id
    scorecards.publish(manager, ids["version"])
    card = load_template("phone_call_review")
    answers = {c.key: (True if c.type == "yes_no" else c.highest) for c in card.criteria}
    submitted = []
    for _ in range(2):
        draft = evaluations.start(assessor, ids["interaction"], ids["version"], Method.CALL_REVIEW)
        draft = evaluations.save_answers(assessor, draft.id, answers, expected_version=draft.row_version)
        submitted.append(evaluations.submit(assessor, draft.id, expected_version=draft.row_version).id)
    ids["evaluation"] = submitted[0]
    [ids["dispute"]] = evaluations.dispute(actors[Role.AGENT], submitted[1], [card.criteria[0].key], "I did that.")


def _first_interaction(actor):
    from sqlmodel import select

    from qa_tui.store.models import Interaction

    with actor.db.read() as session:
        return session.exec(select(Interaction.id)).first()


def test_rule_table_covers_every_action():
    assert set(RULES) == set(Action)


def test_every_role_through_every_action(everyone):
    actors, ids = everyone
    checked = 0
    for action, call in _exercises(ids).items():
        if call is None:
            continue
        for role, actor in actors.items():
            if allowed(role, action):
                call(actor)
            else:
                with pytest.raises(PermissionDenied, match=f"may not {action.value}"):
                    call(actor)
            checked += 1
    assert checked == sum(call is not None for call in _exercises(ids).values()) * len(Role)


def test_scope_narrows_what_team_leaders_and_agents_see(everyone, admin, org, location):
    actors, ids = everyone
    other_team = people.create_team(admin, org[0], "Retentions")
    other_agent = people.create_agent(admin, other_team, "Sam Other")
    interactions.record_interactions(
        admin, [interactions.NewInteraction(Channel.CHAT, datetime.now(UTC), other_agent, text="x")] * 2
    )
    assert interactions.count_interactions(actors[Role.QA_MANAGER]) == 3
    assert interactions.count_interactions(actors[Role.TEAM_LEADER]) == 1
    assert interactions.count_interactions(actors[Role.AGENT]) == 1
    assert [a.name for a in people.list_agents(actors[Role.TEAM_LEADER])] == ["Priya Sharma"]


def test_unredacted_view_needs_a_reason_and_is_audited(everyone):
    from qa_tui.errors import UsageError

    actors, ids = everyone
    manager = actors[Role.QA_MANAGER]
    with pytest.raises(UsageError, match="needs a reason"):
        interactions.get_interaction(manager, ids["interaction"], unredacted=True)
    view = interactions.get_interaction(manager, ids["interaction"], unredacted=True, reason="customer complaint 12")
    assert view.text == "hi" and not view.redacted
    last = audit.recent(actors[Role.ADMIN], limit=1)[0]
    assert (last.actor, last.action, last.reason) == ("qamanager", "interaction.view_unredacted", "customer complaint 12")


def test_text_is_redacted_as_it_enters(admin, org):
    customer = people.create_customer(admin, name="Zebedee Quixote", email="zq@example.co.uk")
    text = "Hello, you're speaking to Priya Sharma. Mr Quixote, is your email still zq@example.co.uk? Card 4929 1234 5678 9012."
    interactions.record_interactions(
        admin, [interactions.NewInteraction(Channel.CALL, datetime.now(UTC), org[2], text=text, customer_id=customer)]
    )
    interaction_id = _first_interaction(admin)
    redacted = interactions.get_interaction(admin, interaction_id).text
    assert "Priya Sharma" in redacted  # agents' names are kept for coaching, by default
    for secret in ("Quixote", "zq@example.co.uk", "4929"):
        assert secret not in redacted
    assert interactions.get_interaction(admin, interaction_id, unredacted=True, reason="dispute").text == text
