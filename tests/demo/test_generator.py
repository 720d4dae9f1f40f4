"""The small demo centre: counts and shape, every role signs in and sees its scope, and it is deterministic."""

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from qa_tui.demo.builder import create_demo, sign_in_demo
from qa_tui.demo.context import SCALES
from qa_tui.demo.users import FEATURED_USERS
from qa_tui.services import interactions, people
from qa_tui.store.engine import resolve_location
from qa_tui.store.models import AuditEntry, Channel, Interaction

TODAY = date(2026, 3, 2)  # as in conftest.small_demo

TINY = replace(SCALES["small"], name="tiny", teams=2, agents=6, assessors=2, customers=30, interactions=120, days=30)


def test_small_scale_counts(small_demo):
    _, ctx = small_demo
    assert (len(ctx.sites), len(ctx.teams), len(ctx.agents)) == (2, 4, 20)
    assert (len(ctx.customers), len(ctx.interactions)) == (600, 2000)
    assert {site.name for site in ctx.sites} == {"Leeds", "Glasgow"}


def test_every_channel_is_present_in_the_database(small_demo, sign_in_as):
    manager = sign_in_as("manager")
    with manager.db.read() as session:
        counts = dict(session.execute(sa.select(Interaction.channel, sa.func.count()).group_by(Interaction.channel)).all())
    assert set(counts) == {channel.value for channel in Channel}
    assert sum(counts.values()) == 2000 and counts["call"] > counts["mystery_shop"] > 0


@pytest.mark.parametrize("user", [user.name for user in FEATURED_USERS])
def test_every_demo_user_signs_in_with_their_role(sign_in_as, user):
    actor = sign_in_as(user)
    assert actor.role == next(u.role for u in FEATURED_USERS if u.name == user)


def test_the_team_leader_sees_only_their_team(small_demo, sign_in_as):
    _, ctx = small_demo
    visible = people.list_agents(sign_in_as("leader"))
    expected = {agent.name for agent in ctx.agents if agent.team == ctx.teams[0]}
    assert {agent.name for agent in visible} == expected and len(expected) == 5
    assert len(people.list_agents(sign_in_as("manager"))) == 20


def test_the_agent_user_sees_only_their_own_contacts(small_demo, sign_in_as):
    _, ctx = small_demo
    own = sum(1 for agent in ctx.interactions.agents if agent == 0)
    assert own > 0 and interactions.count_interactions(sign_in_as("agent")) == own


def test_contacts_fall_in_the_period_and_after_each_agent_started(small_demo):
    _, ctx = small_demo
    start = datetime(*ctx.start.timetuple()[:3], tzinfo=UTC)
    for record in ctx.interactions:
        assert start <= record.occurred_at < datetime(2026, 3, 2, 1, tzinfo=UTC)
        assert ctx.agents[record.agent].started_on <= record.occurred_at.date()


def test_stored_texts_decrypt_and_name_their_agent(small_demo, sign_in_as):
    _, ctx = small_demo
    manager = sign_in_as("manager")
    with manager.db.read() as session:
        rows = session.execute(sa.select(Interaction.id, Interaction.external_ref, Interaction.channel)
                               .where(Interaction.channel == "chat").limit(5)).all()
    refs = {record.external_ref: record for record in ctx.interactions}
    for row_id, ref, _ in rows:
        view = interactions.get_interaction(manager, row_id, unredacted=True, reason="test")
        assert ctx.agents[refs[ref].agent].first_name in view.text


def test_bulk_writes_leave_one_audit_entry_per_batch(small_demo, sign_in_as):
    with sign_in_as("admin").db.read() as session:
        actions = Counter(session.execute(sa.select(AuditEntry.action)).scalars())
    assert (actions["agent.record"], actions["customer.record"], actions["interaction.record"]) == (1, 1, 1)
    assert actions["agent.create"] == 0 and actions["customer.create"] == 0


def _tiny(tmp_path, name, **options):
    location = resolve_location(str(tmp_path / f"{name}.db"))
    ctx = create_demo(location, **{"scale": TINY, "seed": 7, "today": TODAY, **options})
    actor = sign_in_demo(location, "manager")
    names = sorted(agent.name for agent in people.list_agents(actor))
    actor.db.close()
    return ctx.fingerprint, names


def test_the_same_seed_and_day_give_the_same_centre(tmp_path):
    first, again = _tiny(tmp_path, "a"), _tiny(tmp_path, "b")
    assert first == again
    assert _tiny(tmp_path, "c", seed=8)[0] != first[0]
    assert _tiny(tmp_path, "d", today=date(2026, 3, 3))[0] != first[0]


FINGERPRINT_SCRIPT = """
import sys, tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from qa_tui.demo import SCALES, create_demo
from qa_tui.store.engine import resolve_location
tiny = replace(SCALES["small"], name="tiny", teams=2, agents=6, assessors=2, customers=30, interactions=120, days=30)
with tempfile.TemporaryDirectory() as folder:
    ctx = create_demo(resolve_location(str(Path(folder) / "d.db")), scale=tiny, seed=7, today=date(2026, 3, 2))
print(ctx.fingerprint)
"""


def test_the_centre_does_not_depend_on_the_process(tmp_path):
    import os
    import subprocess
    import sys

    def fingerprint(hash_seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        return subprocess.run([sys.executable, "-c", FINGERPRINT_SCRIPT], env=env, capture_output=True, text=True,
                              check=True).stdout.strip()

    assert fingerprint("1") == fingerprint("2") == _tiny(tmp_path, "here")[0]


def test_responses_beyond_the_recorded_contacts_name_their_agent_and_channel(tmp_path):
    from qa_tui.store.models import SurveyResponse

    location = resolve_location(str(tmp_path / "tiny.db"))
    ctx = create_demo(location, scale=replace(TINY, survey_responses=400), seed=7, today=TODAY)
    actor = sign_in_demo(location, "admin")
    with actor.db.read() as session:
        total, linked, with_agent = session.execute(sa.select(
            sa.func.count(), sa.func.count(SurveyResponse.interaction_id), sa.func.count(SurveyResponse.agent_id))).one()
        first = session.execute(sa.select(sa.func.min(SurveyResponse.responded_at))).scalar_one()
    assert total == 400 and 0 < linked < total and with_agent == total
    assert first.date() >= ctx.start
