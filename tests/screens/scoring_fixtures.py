"""The screen tests' centre plus what scoring needs: published scorecards from shipped templates, a recorded call
with a real transcript, a mystery-shop visit, and two sampling plans for adam (one overdue, one due).

Built once per session on a copy of the centre, then copied for each test. Import the fixtures into a test module:
`from scoring_fixtures import scoring_centre, scoring_template  # noqa: F401`.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta

import pytest
import time_machine

from support import ADMIN, FROZEN, PASSPHRASE

CALL_TEXT = """\
Agent: Good morning, you're through to Northway Energy, my name is Priya. How can I help?
Customer: Hi, I've had a bill that's twice what I normally pay and I don't understand why.
Agent: I'm sorry to hear that, it's worrying when a bill jumps like that. Before I look at the account, can I take your full name and the first line of your address?
Customer: Yes, it's 14 Elm Road.
Agent: Thank you, and your date of birth please?
Customer: The third of May.
Agent: Thanks, you're verified. I can see the last two bills were estimated, and this one used an actual reading, so it caught up with what you'd used.
Customer: So I haven't been overcharged?
Agent: No, nothing's been overcharged. If it helps, I can spread the catch-up over the next six months at no extra cost.
Customer: That would really help, thank you.
Agent: Done. I've added a note to the account and you'll get a letter confirming the new amount within five working days. Is there anything else I can help with?
Customer: No, that's everything.
Agent: Thanks for calling Northway, have a good day."""

VISIT_NOTES = """\
Call answered after about 40 seconds, no menu. The agent gave the company name but not her own name.
I asked about switching to the fixed tariff. She asked two questions about my usage, then recommended the 12-month fix.
She mentioned the exit fee without being asked and said the price was guaranteed for the term.
She did not ask for any security details, which was right for a general enquiry.
She closed by offering to email the tariff details."""


def _build(folder) -> None:
    from qa_tui.domain.scorecard import Method
    from qa_tui.services import interactions, mystery, people, sampling, scorecards
    from qa_tui.services.unlock import sign_in
    from qa_tui.store.engine import resolve_location
    from qa_tui.store.models import Channel

    where = resolve_location(str(folder / "centre.db"))
    admin, maria = sign_in(where, ADMIN, PASSPHRASE), sign_in(where, "maria", PASSPHRASE)
    for template in ("phone_call_review", "mystery_shop_phone", "live_observation"):
        scorecards.publish(maria, scorecards.import_template(maria, template).id)
    priya = next(a.id for a in people.list_agents(maria) if a.name == "Priya Sharma")
    call = interactions.NewInteraction(Channel.CALL, FROZEN - timedelta(days=1, hours=3), priya, text=CALL_TEXT,
                                       duration_seconds=1260)
    interactions.record_interactions(admin, [call])
    scenario = mystery.create_scenario(maria, mystery.Scenario(
        "Fixed tariff enquiry", "call", persona="Homeowner, 60s, on a variable tariff",
        script="Ask about fixing the price; ask what happens if you leave early.",
        objectives="Exit fees explained unprompted; a clear recommendation",
        expected={"key_terms": "Explains the exit fee before being asked", "greeting": "Company and own name"}))
    shopper = mystery.add_shopper(maria, "Sam Secret")
    mystery.record_visit(maria, scenario_id=scenario, shopper_id=shopper, agent_id=priya, notes=VISIT_NOTES,
                         visited_at=FROZEN - timedelta(days=2, hours=2), place="By phone", duration_seconds=420)
    sampling.create_plan(maria, sampling.PlanRequest(
        "Week 8", date(2026, 2, 16), date(2026, 2, 22), {Method.CALL_REVIEW: 1}, ("adam",),
        due_on=date(2026, 2, 27), seed=1))
    sampling.create_plan(maria, sampling.PlanRequest(
        "Week 9", date(2026, 2, 23), date(2026, 3, 4), {Method.CALL_REVIEW: 1, Method.MYSTERY_SHOP: 1}, ("adam",),
        long_handling_seconds=900, due_on=date(2026, 3, 11), seed=1))
    for actor in (admin, maria):
        actor.db.close()


@pytest.fixture(scope="session")
def scoring_template(centre_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scoring-centre")
    for item in centre_template.iterdir():
        if not item.name.endswith(".lock"):
            shutil.copy(item, folder / item.name)
    with time_machine.travel(FROZEN - timedelta(minutes=4), tick=False):
        _build(folder)
    return folder


@pytest.fixture
def scoring_centre(scoring_template, tmp_path, monkeypatch):
    """A private copy of the scoring centre; returns its location."""
    from qa_tui.store.engine import resolve_location

    for item in scoring_template.iterdir():
        if not item.name.endswith(".lock"):
            shutil.copy(item, tmp_path / item.name)
    monkeypatch.setenv("QA_TUI_CONFIG", str(tmp_path / "config" / "config.toml"))
    return resolve_location(str(tmp_path / "centre.db"))


def sign_in_as(location, name: str):
    from qa_tui.services.unlock import sign_in

    return sign_in(location, name, PASSPHRASE)


def queue_item(location, method: str, name: str = "adam", today: date = FROZEN.date()):
    """adam's first queued item for a method ('call_review' or 'mystery_shop'), preferring the long call."""
    from qa_tui.services import sampling

    actor = sign_in_as(location, name)
    items = [item for item in sampling.queue(actor, today) if item.method.value == method]
    items.sort(key=lambda item: item.reason != "long handling time")
    return actor, items[0]


def started(location, method: str = "call_review"):
    """adam's evaluation of his first item for `method`, started and linked as the queue screen does."""
    from qa_tui.domain.scorecard import Method
    from qa_tui.services import evaluations, sampling, scorecards

    actor, item = queue_item(location, method)
    [version] = scorecards.published_for(actor, Method(method))
    view = evaluations.start(actor, item.interaction_id, version.id, Method(method))
    sampling.link_evaluation(actor, item.assignment_id, view.id)
    return actor, item, view


def at(when: datetime):
    return time_machine.travel(when, tick=False)
