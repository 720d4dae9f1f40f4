"""A whole calibration session through three assessors' apps and the facilitator's, on one database; snapshots
of the reveal and of presentation mode."""

import asyncio

import pytest
from sqlmodel import select

from support import ADMIN, PASSPHRASE, settle, signed_in_app

SIZES = [(80, 24), (120, 40)]
CARD = '''
name = "Calibration card"
version = 1
methods = ["call_review"]

[[sections]]
key = "call"
title = "Call"

[[sections.criteria]]
key = "greeting"
question = "Did the agent greet the caller?"
type = "yes_no"

[[sections.criteria]]
key = "verify"
question = "Did the agent verify the caller?"
type = "yes_no"
critical = true

[[sections.criteria]]
key = "empathy"
question = "How well did the agent acknowledge the caller's feelings?"
type = "scale"
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


@pytest.fixture
def session_id(centre, frozen_clock):
    """A blind session run by maria: adam, bea and cal score two contacts."""
    from qa_tui.services import accounts, calibration, scorecards
    from qa_tui.services.permissions import Role
    from qa_tui.services.unlock import sign_in
    from qa_tui.store.models import Interaction

    admin = sign_in(centre, ADMIN, PASSPHRASE)
    for name in ("bea", "cal"):
        accounts.add_user(admin, name=name, role=Role.ASSESSOR, passphrase=PASSPHRASE)
    maria = sign_in(centre, "maria", PASSPHRASE)
    version = scorecards.import_scorecard(maria, CARD)
    scorecards.publish(maria, version.id)
    with maria.db.read() as session:
        calls = list(session.exec(select(Interaction.id).order_by(Interaction.occurred_at).limit(2)).all())
    summary = calibration.create_session(maria, calibration.SessionRequest("Week 10", version.id, calls, ["adam", "bea", "cal"]))
    return summary.id


def _score_by_service(centre, name, answers_per_item):
    from qa_tui.services import calibration, evaluations
    from qa_tui.services.unlock import sign_in

    actor = sign_in(centre, name, PASSPHRASE)
    for task, answers in zip(calibration.my_tasks(actor, task_session(actor)), answers_per_item):
        view = evaluations.save_answers(actor, task.evaluation_id, answers, expected_version=task.row_version)
        evaluations.submit(actor, task.evaluation_id, expected_version=view.row_version)


def task_session(actor):
    from qa_tui.services import calibration

    return calibration.list_sessions(actor)[0].id


async def _quiet(pilot):
    """Let workers finish, except the change watcher, which runs until the screen closes."""
    for _ in range(3):
        await pilot.pause(0.05)
        busy = [w for w in pilot.app.workers if w.group != "calibration-watch"]
        if busy:  # an empty list would mean every worker, the watcher included
            await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


def _text(app, selector):
    return str(app.screen.query_one(selector).render())


async def _open_session(pilot):
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    await pilot.press("enter")
    await _quiet(pilot)


async def test_a_whole_session_through_everyones_apps(centre, session_id):
    from qa_tui.services import calibration
    from qa_tui.services.unlock import sign_in

    adam, bea = signed_in_app(centre, "adam"), signed_in_app(centre, "bea")
    async with adam.run_test(size=(100, 30)) as a, bea.run_test(size=(100, 30)) as b:
        await _open_session(a)
        await _open_session(b)
        assert "0/2" in _text(b.app, "#cal-progress")
        for _item in range(2):  # adam scores both items with keys: yes, yes, 3, submit
            await a.press("y", "down", "y", "down", "3")
            await _quiet(a)
            await a.press("s")
            await _quiet(a)
        # bea sees that adam has submitted, within two seconds, but nothing of what he answered
        for _ in range(20):
            await b.pause(0.1)
            if "✓ adam 2/2" in _text(b.app, "#cal-progress"):
                break
        assert "✓ adam 2/2" in _text(b.app, "#cal-progress")
        assert not b.app.screen.query_one("#cal-reveal").display
        await b.press("n", "down", "y", "down", "1", "s")
        await _quiet(b)
        await b.press("n", "down", "y", "down", "x", "s")
        await _quiet(b)
    _score_by_service(centre, "cal", [{"greeting": True, "verify": False, "empathy": 2}] * 2)
    maria = signed_in_app(centre, "maria")
    async with maria.run_test(size=(120, 40)) as m:
        await _open_session(m)
        await m.press("v")
        await _quiet(m)
        screen = m.app.screen
        assert screen.reveal is not None and screen.reveal.raters == ("adam", "bea", "cal")
        assert "✗" in _text(m.app, "#cal-stats") or screen.reveal.criteria[0].diverging > 0
        await m.press("right_square_bracket")
        assert screen.criterion_index == 1
        await m.press("left_square_bracket")
        first = screen.reveal.criteria[0]
        screen.query_one("#cal-items").focus()
        await m.press("y" if first.kind == "yes_no" else "2")
        await _quiet(m)
        assert screen.agreed
        await m.press("c")
        await _quiet(m)
        assert screen.summary.status == "closed"
    actor = sign_in(centre, "adam", PASSPHRASE)
    assert calibration.get_session(actor, session_id).status == "closed"


def _revealed(centre):
    from qa_tui.services import calibration
    from qa_tui.services.unlock import sign_in

    _score_by_service(centre, "adam", [{"greeting": True, "verify": True, "empathy": 3}] * 2)
    _score_by_service(centre, "bea", [{"greeting": False, "verify": True, "empathy": 1},
                                      {"greeting": True, "verify": False, "empathy": 2}])
    _score_by_service(centre, "cal", [{"greeting": True, "verify": True, "empathy": 2}] * 2)
    maria = sign_in(centre, "maria", PASSPHRASE)
    summary = calibration.list_sessions(maria)[0]
    calibration.reveal(maria, summary.id, expected_version=summary.row_version)


def _then(*keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        for key in ("enter", *keys):
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("keys", [(), ("p",)], ids=["reveal", "presentation"])
def test_reveal_snapshots(snap_compare, centre, session_id, size, keys, monkeypatch):
    monkeypatch.setenv("QA_TUI_CONFIG", "/nonexistent/qa-tui/config.toml")
    _revealed(centre)
    assert snap_compare(signed_in_app(centre, "maria"), terminal_size=size, run_before=_then(*keys))
