"""Calibration sessions: several closed ones (the assessors' leans show in their answers and in their drift) and
one still blind, with some participants already submitted, for the QA manager to run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from qa_tui.demo.context import DemoContext
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.stages.evaluations import _answers
from qa_tui.demo.users import DEMO_PASSPHRASE
from qa_tui.services import calibration, evaluations, scorecards
from qa_tui.services.calibration import SessionRequest
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Interaction

CLOSED_SESSIONS = 4
ITEMS_PER_SESSION = 3
MAX_PARTICIPANTS = 6


@demo_stage("calibration", after=("evaluations",))
def create_calibration(ctx: DemoContext) -> None:
    rng = ctx.rng("calibration")
    manager = sign_in(ctx.actor.db.location, "manager", DEMO_PASSPHRASE)
    version = ctx.extras["evaluations"]["versions"]["phone_call_review"][-1]
    card = scorecards.get_scorecard(manager, version)
    assessors = sorted(ctx.staff_with_role("assessor"), key=lambda s: s.name)[:MAX_PARTICIPANTS]
    actors = {s.name: sign_in(ctx.actor.db.location, s.name, DEMO_PASSPHRASE) for s in assessors}
    actors["manager"] = manager
    agents = {a.id: a for a in ctx.agents}
    calls = _calls(ctx)
    for number in range(CLOSED_SESSIONS + 1):
        picked = rng.sample(calls, ITEMS_PER_SESSION)
        request = SessionRequest(f"Calls calibration {number + 1}", version, [c for c, _ in picked],
                                 [s.name for s in assessors], expert="manager",
                                 deadline=datetime.combine(ctx.today + timedelta(days=2), datetime.min.time(), tzinfo=UTC))
        summary = calibration.create_session(manager, request)
        last = number == CLOSED_SESSIONS
        people = (assessors[:-1] if last else assessors) + [ctx.staff["manager"]]  # the open one waits for one
        for person in people:
            _score(actors[person.name], summary.id, card, agents, dict(picked), person, rng)
        ctx.note("calibration", number, [calls.index(p) for p in picked], [p.name for p in people])  # positions: ids are random
        if not last:
            summary = calibration.reveal(manager, summary.id, expected_version=summary.row_version)
            calibration.add_note(manager, summary.id, "meeting", "Agreed: verification means two security questions.")
            calibration.close(manager, summary.id, expected_version=summary.row_version)
    ctx.extras["calibration"] = {"sessions": CLOSED_SESSIONS + 1}


def _calls(ctx: DemoContext) -> list:
    with ctx.actor.db.read() as session:
        rows = session.exec(select(Interaction.id, Interaction.agent_id).where(Interaction.channel == "call")
                            .order_by(Interaction.external_ref).limit(200)).all()
    return [(r.id, r.agent_id) for r in rows]


def _score(actor, session_id, card, agents, agent_of, person, rng) -> None:
    for task in calibration.my_tasks(actor, session_id):
        answers = _answers(rng, card, agents[agent_of[task.interaction_id]], person, 0.5)
        view = evaluations.save_answers(actor, task.evaluation_id, answers, expected_version=task.row_version)
        evaluations.submit(actor, task.evaluation_id, expected_version=view.row_version)
