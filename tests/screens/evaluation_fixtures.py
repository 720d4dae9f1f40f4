"""The fixed centre with a published scorecard and evaluations in every state, built once and copied per test.

Priya (the agent with an account) has three submitted evaluations: one to acknowledge ("plain"), one she has
disputed on two criteria ("disputed"), and one with a critical fail ("critical"). Tom Jones has a passed one
and Grace Okafor an unfinished draft. Import the fixtures by name into a test module to use them.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
import time_machine

from support import FROZEN, PASSPHRASE

TEMPLATE = "phone_call_review"
TOP = {"greeting": 3, "identity_verification": True, "active_listening": 3, "questioning": 3, "empathy": 3,
       "resolution": 3, "accurate_information": True, "fair_treatment": True, "case_notes": True,
       "tone_and_language": 3, "holds_and_transfers": 3, "closing": 3}
SCORED = [  # (agent index, days ago, answer changes, comments, submit)
    (0, 3, {"greeting": 1}, {"greeting": "Gave the company name but not her own."}, True),     # plain
    (0, 2, {"greeting": 0, "empathy": 1, "closing": 1, "active_listening": 1, "questioning": 1},  # disputed
     {"empathy": "Moved on without acknowledging the upset."}, True),
    (0, 1, {"identity_verification": False},  # critical
     {"identity_verification": "Confirmed the address before security."}, True),
    (1, 2, {}, {}, True),
    (2, 1, {"greeting": 2}, {}, False),
]


def _ids(session, agent_ids):
    from sqlmodel import select

    from qa_tui.store.models import Interaction

    rows = session.exec(select(Interaction.id, Interaction.agent_id).order_by(Interaction.occurred_at)).all()
    return {agent: [i for i, a in rows if a == agent] for agent in agent_ids}


def _build(folder) -> dict:
    from qa_tui.domain.scorecard import Method
    from qa_tui.services import evaluations, feedback, people, scorecards
    from qa_tui.services.unlock import sign_in
    from qa_tui.store.engine import resolve_location

    where = resolve_location(str(folder / "centre.db"))
    maria, adam, priya, ann = (sign_in(where, name, PASSPHRASE) for name in ("maria", "adam", "priya", "ann"))
    by_name = {a.name: a.id for a in people.list_agents(ann)}
    agents = [by_name[name] for name in ("Priya Sharma", "Tom Jones", "Grace Okafor")]
    with ann.db.read() as session:
        calls = _ids(session, agents)
    version = scorecards.import_template(maria, TEMPLATE)
    scorecards.publish(maria, version.id)
    made = []
    for index, (agent, days, changes, comments, submit) in enumerate(SCORED):
        with time_machine.travel(FROZEN - timedelta(days=days, hours=index), tick=False):
            draft = evaluations.start(adam, calls[agents[agent]][index], version.id, Method.CALL_REVIEW)
            answers = {**TOP, **changes} if submit else {"greeting": 2, "identity_verification": True}
            evidence = {key: 40 + 10 * n for n, key in enumerate(comments)}
            saved = evaluations.save_answers(adam, draft.id, answers, expected_version=draft.row_version,
                                             comments=comments, evidence=evidence)
            if submit:
                evaluations.submit(adam, draft.id, expected_version=saved.row_version)
            made.append(draft.id)
    feedback.set_feedback(adam, made[0], feedback.FeedbackText(
        action="Give your own name in the greeting", impact="Callers trust a named person and stay calmer",
        desired_outcome="Company and own name in every greeting", strengths="Clear, accurate resolution",
        criteria=("greeting",)))
    with time_machine.travel(FROZEN - timedelta(hours=20), tick=False):
        evaluations.dispute(priya, made[1], ["greeting", "empathy"], "I gave my name at the start and said sorry twice.")
    for actor in (maria, adam, priya, ann):
        actor.db.close()
    return {"plain": made[0], "disputed": made[1], "critical": made[2], "passed": made[3], "draft": made[4],
            "version": version.id}


@pytest.fixture(scope="session")
def scored_template(centre_template, tmp_path_factory):
    """A copy of the centre with the scorecard and evaluations; returns (folder, ids by name)."""
    folder = tmp_path_factory.mktemp("scored")
    for item in centre_template.iterdir():
        if not item.name.endswith(".lock"):
            shutil.copy(item, folder / item.name)
    with time_machine.travel(FROZEN - timedelta(days=5), tick=False):
        ids = _build(folder)
    return folder, ids


@pytest.fixture
def scored(scored_template, tmp_path, monkeypatch):
    """A private copy of the scored centre: (location, ids by name)."""
    from qa_tui.store.engine import resolve_location

    folder, ids = scored_template
    for item in folder.iterdir():
        if not item.name.endswith(".lock"):
            shutil.copy(item, tmp_path / item.name)
    monkeypatch.setenv("QA_TUI_CONFIG", str(tmp_path / "config" / "config.toml"))
    return resolve_location(str(tmp_path / "centre.db")), ids
