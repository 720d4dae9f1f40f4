"""Scorecards, evaluations, disputes, mystery shops and a sampling plan, scored the way real assessors score.

An answer's chance of earning its marks follows the agent's skill and trend over the period, the assessor's lean
(lenient or harsh) and how hard the criterion is; critical items fail now and then, more often for weaker agents.
Contacts of the last `QUEUE_DAYS` days are left unscored: the sampling plan puts some of them in the review queue.
"""

from __future__ import annotations

import random
import zlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from qa_tui.demo.context import DemoContext, StaffRecord
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.users import DEMO_PASSPHRASE
from qa_tui.domain.scorecard import Criterion, CriterionType, Method, Scorecard
from qa_tui.domain.scoring import NA, Answer
from qa_tui.services import evaluations, mystery, sampling, scorecards
from qa_tui.services.session import Actor
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Interaction

QUEUE_DAYS = 3
CHECKLIST = Path(__file__).parent.parent / "compliance_checklist.toml"
SHARE_SCORED = {"small": 0.45, "large": 0.9}
TEMPLATE_FOR = {  # channel -> (template, method, observed live)
    "call": ("phone_call_review", Method.CALL_REVIEW, False),
    "chat": ("chat_email_review", Method.CHAT_EMAIL_REVIEW, False),
    "email": ("chat_email_review", Method.CHAT_EMAIL_REVIEW, False),
    "branch_visit": ("live_observation", Method.LIVE_OBSERVATION, True),
    "mystery_shop": ("mystery_shop_visit", Method.MYSTERY_SHOP, False),
}
SCENARIOS = [
    mystery.Scenario("Broadband upgrade in branch", "branch_visit", persona="Retired teacher, hard of hearing",
                     script="Ask about faster broadband; mention you struggle to hear in busy places.",
                     objectives="The adviser offers the hearing loop and checks understanding."),
    mystery.Scenario("Disputed bill at the counter", "branch_visit", persona="Self-employed plumber, short of time",
                     script="Bring a bill you think is wrong; say you can only stay ten minutes.",
                     objectives="The adviser explains the bill clearly and agrees a next step with a date."),
    mystery.Scenario("Moving home", "branch_visit", persona="First-time buyer moving in three weeks",
                     script="Ask how to move your service and whether there is a fee.",
                     objectives="Accurate information on fees and dates; confirmation in writing offered."),
]
SHOPPERS = ["Alex Rowe", "Sam Patel", "Jo Whitaker", "Chris Lund"]


@dataclass(frozen=True)
class _Contact:
    id: uuid.UUID
    agent_id: uuid.UUID
    occurred_at: datetime
    channel: str


@demo_stage("evaluations", after=("interactions", "staff", "coaching_plan"))
def create_evaluations(ctx: DemoContext) -> None:
    manager = sign_in(ctx.actor.db.location, "manager", DEMO_PASSPHRASE)
    versions = _publish_scorecards(ctx, manager)
    contacts = _contacts(ctx)
    _mystery_visits(ctx, manager, [c for c in contacts if c.channel == "mystery_shop"])
    scored = _score(ctx, manager, versions, contacts)
    _disputes(ctx, manager, scored)
    _sampling_plan(ctx, manager)
    ctx.extras["evaluations"] = {"versions": {name: [v.id for v in vs] for name, vs in versions.items()}, "count": scored}


def _publish_scorecards(ctx: DemoContext, manager: Actor) -> dict[str, list]:
    """Each template published (with the compliance checklist, at a scale that has one); the phone review gets a
    second version halfway through (a reworded item)."""
    versions = {}
    for template in sorted({t for t, _, _ in TEMPLATE_FOR.values()} | {"complaint_handling_heat", "mystery_shop_phone"}):
        draft = scorecards.import_template(manager, template)
        if ctx.scale.checklist:
            text = scorecards.export_toml(manager, draft.id) + "\n" + CHECKLIST.read_text(encoding="utf-8")
            draft = scorecards.update_draft(manager, draft.id, text, expected_version=draft.row_version)
        versions[template] = [scorecards.publish(manager, draft.id)]
    first = versions["phone_call_review"][0]
    draft = scorecards.new_draft(manager, first.scorecard_id)
    text = scorecards.export_toml(manager, draft.id).replace("weight = 1.0", "weight = 1.5", 1)
    scorecards.update_draft(manager, draft.id, text, expected_version=draft.row_version)
    versions["phone_call_review"].append(scorecards.publish(manager, draft.id))
    ctx.note("scorecards", sorted(versions))
    return versions


def _contacts(ctx: DemoContext) -> list[_Contact]:
    with ctx.actor.db.read() as session:
        rows = session.exec(
            select(Interaction.id, Interaction.agent_id, Interaction.occurred_at, Interaction.channel, Interaction.external_ref)
            .where(Interaction.external_ref.like("DEMO-%")).order_by(Interaction.external_ref)
        ).all()
    return [_Contact(r.id, r.agent_id, r.occurred_at, r.channel) for r in rows]


def _score(ctx: DemoContext, manager: Actor, versions: dict[str, list], contacts: list[_Contact]) -> int:
    rng = ctx.rng("evaluations")
    cutoff = datetime.combine(ctx.today - timedelta(days=QUEUE_DAYS), datetime.min.time(), tzinfo=UTC)
    middle = datetime.combine(ctx.start + (ctx.today - ctx.start) / 2, datetime.min.time(), tzinfo=UTC)
    agents = {a.id: a for a in ctx.agents}
    assessors = [s for s in ctx.staff_with_role("assessor")]
    cards = {name: [scorecards.get_scorecard(manager, v.id) for v in vs] for name, vs in versions.items()}
    share = SHARE_SCORED.get(ctx.scale.name, SHARE_SCORED["small"])
    chosen = [c for c in contacts if c.occurred_at < cutoff and rng.random() < share]
    span = max((cutoff - min((c.occurred_at for c in chosen), default=cutoff)).total_seconds(), 1.0)

    def items():
        for done, contact in enumerate(chosen):
            template, method, live = TEMPLATE_FOR[contact.channel]
            which = 1 if template == "phone_call_review" and contact.occurred_at >= middle else 0
            assessor = rng.choice(assessors)
            progress = 1 - (cutoff - contact.occurred_at).total_seconds() / span
            agent = agents[contact.agent_id]
            lift = _coaching_lift(ctx, agent, contact.occurred_at)
            answers = _answers(rng, cards[template][which], agent, assessor, progress, lift)
            submitted = min(contact.occurred_at + timedelta(hours=rng.uniform(4, 96)), cutoff)
            if done % 1000 == 0:
                ctx.progress("evaluations", done, len(chosen))
            yield evaluations.ScoredEvaluation(
                contact.id, versions[template][which].id, assessor.user_id, contact.agent_id, method, answers, submitted,
                acknowledged=rng.random() < 0.7, live=live)

    count = evaluations.record_scored(manager, items())
    ctx.note("evaluations", count)
    return count


def _answers(rng: random.Random, card: Scorecard, agent, assessor: StaffRecord, progress: float,
             lift: float = 0.0) -> dict[str, Answer]:
    trend = {"improving": 0.16, "declining": -0.16}.get(agent.trend, 0.0) * (progress - 0.5)
    base = agent.skill + trend
    base += lift * (1 - base)  # coaching closes part of the gap to perfect: strong agents gain little
    return {plan.key: plan.answer(rng, base + assessor.bias) for plan in _plans(card)}


def _coaching_lift(ctx: DemoContext, agent, occurred_at: datetime) -> float:
    """The effect of a coaching programme planned by a later stage (see stages/actions.py), if any."""
    coaching = ctx.extras.get("coaching")
    if not coaching or agent.team.id != coaching["team_id"] or occurred_at < coaching["from"]:
        return 0.0
    return coaching["lift"]


@dataclass(frozen=True)
class _AnswerPlan:
    """How the demo answers one criterion, worked out once per scorecard (half a million evaluations use them)."""

    key: str
    na_allowed: bool
    critical: bool
    yes_no: bool
    difficulty: float
    values: tuple[int, ...]
    """The scale's level values, or (0, max points) for points."""
    points: bool

    @classmethod
    def of(cls, criterion: Criterion) -> "_AnswerPlan":
        points = criterion.type == CriterionType.POINTS
        values = (0, criterion.max_points or 0) if points else tuple(level.value for level in criterion.levels)
        difficulty = 0.04 * (zlib.crc32(criterion.key.encode()) % 5)  # stable across processes, unlike hash()
        return cls(criterion.key, criterion.na_allowed, criterion.critical, criterion.type == CriterionType.YES_NO,
                   difficulty, values, points)

    def answer(self, rng: random.Random, base: float) -> Answer:
        if self.na_allowed and rng.random() < 0.06:
            return NA
        if self.critical:
            return self.level(1.0 if rng.random() > 0.015 + (1 - base) * 0.06 else 0.0)
        chance = min(max(base - self.difficulty + rng.gauss(0, 0.12), 0.0), 1.0)
        if self.yes_no:
            return rng.random() < chance
        return self.level(chance)

    def level(self, share: float) -> Answer:
        if self.yes_no:
            return share >= 0.5
        if self.points:
            return round(share * self.values[1])
        return self.values[min(int(share * len(self.values)), len(self.values) - 1)]


_PLANS: dict[int, tuple[Scorecard, list[_AnswerPlan]]] = {}


def _plans(card: Scorecard) -> list[_AnswerPlan]:
    held = _PLANS.get(id(card))
    if held is None or held[0] is not card:  # the card is kept with its plans, so its id cannot be reused meanwhile
        held = _PLANS[id(card)] = (card, [_AnswerPlan.of(criterion) for criterion in card.criteria])
    return held[1]


def _mystery_visits(ctx: DemoContext, manager: Actor, shops: list[_Contact]) -> None:
    rng = ctx.rng("mystery")
    scenarios = [mystery.create_scenario(manager, scenario) for scenario in SCENARIOS]
    shoppers = [mystery.add_shopper(manager, name) for name in SHOPPERS]
    places = [f"{site.name} branch" for site in ctx.sites]
    visits = [mystery.NewVisit(c.id, rng.choice(scenarios), rng.choice(shoppers), c.occurred_at, rng.choice(places),
                               rng.randint(300, 1500)) for c in shops]
    mystery.attach_visits(manager, visits)
    ctx.note("mystery", len(visits))


def _disputes(ctx: DemoContext, manager: Actor, scored: int) -> None:
    """The featured agent disputes three evaluations: one upheld, one overturned, one still open."""
    agent = sign_in(ctx.actor.db.location, "agent", DEMO_PASSPHRASE)
    pending = [e for e in evaluations.list_evaluations(agent, status="submitted")][:3]
    for number, row in enumerate(pending):
        view = evaluations.get(agent, row.id)
        criterion = next(c for c in view.scorecard.criteria if not c.critical and view.answers.get(c.key) not in (NA, None))
        [dispute_id] = evaluations.dispute(agent, row.id, [criterion.key], "I did this: please listen again at the start of the call.")
        if number == 0:
            evaluations.resolve_dispute(manager, dispute_id, overturn=False, reason="Listened again: the score stands.")
        elif number == 1:
            best = True if criterion.type == CriterionType.YES_NO else criterion.highest
            evaluations.resolve_dispute(manager, dispute_id, overturn=True, reason="Confirmed at 00:12.", new_answer=best)
    ctx.note("disputes", len(pending))


def _sampling_plan(ctx: DemoContext, manager: Actor) -> None:
    names = tuple(s.name for s in ctx.staff_with_role("assessor"))[:4]
    request = sampling.PlanRequest(
        f"Review plan to {ctx.today:%d %b %Y}", ctx.today - timedelta(days=QUEUE_DAYS), ctx.today,
        {Method.CALL_REVIEW: 1, Method.CHAT_EMAIL_REVIEW: 1}, names, long_handling_seconds=900,
        due_on=ctx.today + timedelta(days=3), seed=ctx.seed)
    summary = sampling.create_plan(manager, request)
    ctx.note("sampling", summary.assignments)
