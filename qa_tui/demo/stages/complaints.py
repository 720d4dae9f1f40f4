"""Complaints at every stage of the process: some just received, most acknowledged in time, some late (breached),
some escalated, resolved with a root cause and redress, followed up (recovered or not) and closed with a lesson.

Complaints come from real demo contacts (their customer, agent and team), so rates per 1,000 contacts mean something.
Each complaint's story is drawn first; the recent ones are walked step by step through the complaint service, dated
as it would have happened, and the older ones come in as the complaint log of the centre's previous system, through
the complaints import (the large centre has about 50,000 of them). Both ways store the same complaints.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from qa_tui.demo.complaint_history import ComplaintPlan, import_history, linked, walk
from qa_tui.demo.context import DemoContext
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.users import DEMO_PASSPHRASE
from qa_tui.domain.working_days import add_working_days
from qa_tui.services import complaints
from qa_tui.services.complaints import DEFAULT_CATEGORIES, DEFAULT_ROOT_CAUSES, NewComplaint
from qa_tui.services.unlock import sign_in

PER_THOUSAND = {"small": 20, "large": 83}
"""Complaints per 1,000 contacts (about 50,000 over the large centre's three years)."""
WALKED_DAYS = {"small": 30, "large": 8}
"""Complaints received this many days before today or later are walked through the service (a few hundred at
most); older ones are imported as the previous system's log."""
ISSUES = {
    "Billing": ("I was charged twice for March.", "My direct debit went out early and I went overdrawn."),
    "Service": ("I was kept on hold for forty minutes.", "Nobody called me back as promised."),
    "Product fault": ("The router keeps dropping the connection.", "The replacement handset is faulty too."),
    "Delivery": ("The engineer never turned up.", "My parcel was left in the rain."),
    "Staff conduct": ("The adviser was rude and hung up on me.", "I was talked over and not listened to."),
    "Data protection": ("You sent my bill to my old address.", "Someone else's details were on my letter."),
    "Accessibility": ("I asked for large print and got standard letters.", "There was no hearing loop in branch."),
}
LEGAL = {"Product fault": ("cra_repair", "cra_replacement", "cra_refund"), "Data protection": ("data_protection",),
         "Accessibility": ("equality",)}
CAUSE_FOR = {"Billing": "System: billing error", "Service": "Process: hand-off failure", "Product fault": "Product: fault",
             "Delivery": "Third party: supplier", "Staff conduct": "People: behaviour",
             "Data protection": "Process: unclear policy", "Accessibility": "People: knowledge gap"}
REDRESS_FOR = {"Billing": "refund", "Product fault": "replacement", "Delivery": "goodwill"}


@demo_stage("complaints", after=("interactions", "staff"))
def create_complaints(ctx: DemoContext) -> None:
    rng = ctx.rng("complaints")
    manager = sign_in(ctx.actor.db.location, "manager", DEMO_PASSPHRASE)
    count = max(12, len(ctx.interactions) * PER_THOUSAND.get(ctx.scale.name, 2) // 1000)
    picks = sorted(rng.sample(range(len(ctx.interactions)), min(count, len(ctx.interactions))))
    drawn = [_complaint(ctx, rng, ctx.interactions[i]) for i in picks]
    drawn = [(item, ref) for item, ref in drawn if item.received_on <= ctx.today]
    plans = [_plan(ctx, rng, item, ref) for item, ref in drawn]
    cutoff = ctx.today - timedelta(days=WALKED_DAYS.get(ctx.scale.name, 8))
    history, recent = [p for p in plans if p.item.received_on < cutoff], [p for p in plans if p.item.received_on >= cutoff]
    if history:
        import_history(manager, history, lambda done, total: ctx.progress("complaints", done, len(plans)))
    ids = complaints.record_complaints(manager, [linked(manager, plan) for plan in recent])
    for done, (complaint_id, plan) in enumerate(zip(ids, recent)):
        walk(manager, complaint_id, plan)
        ctx.progress("complaints", len(history) + done + 1, len(plans))
    ctx.extras["complaints"] = {"count": len(plans), "imported": len(history)}


def _complaint(ctx: DemoContext, rng: random.Random, contact) -> tuple[NewComplaint, str]:
    category = rng.choices(DEFAULT_CATEGORIES, (30, 22, 14, 10, 10, 8, 6))[0]
    agent = ctx.agents[contact.agent]
    issue = rng.choice(ISSUES[category])
    if contact.customer is not None:
        customer = ctx.customers[contact.customer]
        text = f"{customer.name} ({customer.email}, {customer.phone}) says: {issue} {agent.first_name} handled the call."
    else:
        text = f"A caller who gave no details says: {issue}"
    received = contact.occurred_at.date() + timedelta(days=rng.choice((0, 0, 1, 2, 3)))
    legal = tuple(rng.sample(LEGAL[category], 1)) if category in LEGAL and rng.random() < 0.7 else ()
    ctx.note("complaint", contact.index, category, received)
    return NewComplaint(received, rng.choice(("call", "call", "email", "letter", "chat")), category,
                        rng.choices(("low", "medium", "high", "critical"), (30, 45, 20, 5))[0], text,
                        product=rng.choice(("Broadband", "Mobile", "TV", "Landline")), legal=legal,
                        customer_id=ctx.customers[contact.customer].id if contact.customer is not None else None,
                        team_id=agent.team.id, agent_id=agent.id, owner="manager"), contact.external_ref


def _plan(ctx: DemoContext, rng: random.Random, item: NewComplaint, contact_ref: str) -> ComplaintPlan:
    """How far a complaint has got by today; some late, some escalated, some never followed up."""
    today, received = ctx.today, item.received_on
    plan = ComplaintPlan(item, contact_ref)
    if rng.random() < 0.15 and (today - received).days > 3:
        reason = rng.choice(("Customer asked for a manager.", "Vulnerable customer.", "Threatened to go to the ombudsman."))
        plan = replace(plan, escalation=(reason, received + timedelta(days=rng.randint(1, min(20, (today - received).days)))))
    late = rng.random() < 0.1
    acknowledged = add_working_days(received, rng.randint(5, 7) if late else rng.randint(0, 3))
    if acknowledged > today:
        return plan
    plan = replace(plan, acknowledged=acknowledged)
    if rng.random() < 0.8:
        plan = replace(plan, heat=tuple(rng.sample(("hear", "empathise", "apologise", "take_ownership"), rng.randint(2, 4))))
    investigating = acknowledged + timedelta(days=1)
    if investigating > today:
        return plan
    plan = replace(plan, investigating=investigating)
    resolved = investigating + timedelta(days=rng.choice((3, 7, 10, 14, 21, 30, 45, 60)))
    if resolved > today:
        return plan
    cause = CAUSE_FOR.get(item.category, rng.choice(DEFAULT_ROOT_CAUSES))
    amount = round(rng.uniform(10, 80), 2) if item.category in REDRESS_FOR else None
    plan = replace(plan, resolution=(cause, REDRESS_FOR.get(item.category, "apology"), amount, resolved))
    return _followed_up_and_closed(rng, plan, resolved, today)


def _followed_up_and_closed(rng: random.Random, plan: ComplaintPlan, resolved: date, today: date) -> ComplaintPlan:
    followed = resolved + timedelta(days=7)
    if followed > today or rng.random() < 0.25:
        return plan
    recovered = rng.random() < 0.65
    score = rng.randint(4, 5) if recovered else rng.randint(1, 3)
    answer = "Happy with how it was sorted." if recovered else "Still not happy."
    plan = replace(plan, follow_up=(recovered, score, answer, followed))
    closed = followed + timedelta(days=3)
    if closed > today:
        return plan
    # An escalation dated after the lesson closed the complaint could not have happened: it came on the last day.
    late_escalation = plan.escalation and plan.escalation[1] > closed
    return replace(plan, closed=closed, escalation=(plan.escalation[0], closed) if late_escalation else plan.escalation)
