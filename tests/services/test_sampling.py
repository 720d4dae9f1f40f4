from datetime import UTC, date, datetime, timedelta

import pytest

from qa_tui.domain.scorecard import Method
from qa_tui.errors import NotFound, PermissionDenied, UsageError
from qa_tui.services import accounts, interactions, people, sampling
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel

START = date(2026, 3, 2)


@pytest.fixture
def centre(admin, org, location):
    _, team, first = org
    agents = [first, people.create_agent(admin, team, "Grace Okafor"), people.create_agent(admin, team, "Bill Hart")]
    items = [
        interactions.NewInteraction(Channel.CHAT if i % 4 == 0 else Channel.CALL, datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(hours=i),
                                    agents[i % 3], text="x", duration_seconds=1200 if i == 5 else 300)
        for i in range(60)
    ]
    interactions.record_interactions(admin, items)
    for name, role in [("mo", Role.QA_MANAGER), ("adam", Role.ASSESSOR), ("asha", Role.ASSESSOR)]:
        accounts.add_user(admin, name=name, role=role, passphrase="role passphrase")
    return {name: sign_in(location, name, "role passphrase") for name in ("mo", "adam", "asha")}, agents


def _request(**changes):
    values = dict(name="March", period_start=START, period_end=START + timedelta(days=6),
                  quotas={Method.CALL_REVIEW: 4, Method.CHAT_EMAIL_REVIEW: 1}, assessors=("adam", "asha"),
                  long_handling_seconds=900, seed=7)
    return sampling.PlanRequest(**{**values, **changes})


def test_plan_is_stratified_fair_and_includes_long_calls(centre):
    staff, agents = centre
    summary = sampling.create_plan(staff["mo"], _request())
    assert summary.assignments == 3 * 5 and summary.by_assessor == {"adam": 8, "asha": 7}
    queue = sampling.queue(staff["adam"], START) + sampling.queue(staff["asha"], START)
    per_agent = {a: sum(1 for q in queue if q.agent_id == a) for a in agents}
    assert set(per_agent.values()) == {5}
    assert [q.reason for q in queue].count("long handling time") == 1


def test_same_seed_same_picks_and_no_interaction_twice(centre):
    staff, _ = centre
    sampling.create_plan(staff["mo"], _request())
    first = {q.interaction_id for q in sampling.queue(staff["adam"], START) + sampling.queue(staff["asha"], START)}
    sampling.create_plan(staff["mo"], _request(name="Top-up"))
    everything = sampling.queue(staff["adam"], START) + sampling.queue(staff["asha"], START)
    assert len({q.interaction_id for q in everything}) == len(everything) > len(first)


def test_overdue_items_are_marked(centre):
    staff, _ = centre
    sampling.create_plan(staff["mo"], _request(due_on=START + timedelta(days=3)))
    assert {q.overdue for q in sampling.queue(staff["adam"], START + timedelta(days=4))} == {True}
    assert {q.overdue for q in sampling.queue(staff["adam"], START + timedelta(days=3))} == {False}


@pytest.mark.parametrize("changes, error, message", [
    ({"period_end": START - timedelta(days=1)}, UsageError, "ends before it starts"),
    ({"assessors": ()}, UsageError, "at least one assessor"),
    ({"assessors": ("adam", "ghost")}, NotFound, "not active assessors: ghost"),
    ({"quotas": {Method.LIVE_OBSERVATION: 2}}, UsageError, "done live"),
])
def test_bad_plans_are_refused(centre, changes, error, message):
    with pytest.raises(error, match=message):
        sampling.create_plan(centre[0]["mo"], _request(**changes))


def test_only_managers_plan_and_see_others_queues(centre):
    staff, _ = centre
    with pytest.raises(PermissionDenied, match="may not plan sampling"):
        sampling.create_plan(staff["adam"], _request())
    sampling.create_plan(staff["mo"], _request())
    assert len(sampling.queue(staff["mo"], START, assessor="asha")) == 7
    with pytest.raises(PermissionDenied):
        sampling.queue(staff["adam"], START, assessor="asha")
