"""Agents with start dates and the traits later stages score them by, recorded in bulk."""

from __future__ import annotations

import random
from datetime import date, timedelta

from qa_tui.demo.context import AgentRecord, DemoContext, TeamRecord
from qa_tui.demo.people_data import FIRST_NAMES, SURNAMES
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.users import AGENT
from qa_tui.services import people

TRENDS = (("steady", 55), ("improving", 25), ("declining", 20))
NEW_STARTER_SHARE = 0.15
"""Agents who join during the generated period (the rest started before it)."""


@demo_stage("agents", after=("org",))
def create_agents(ctx: DemoContext) -> None:
    """`scale.agents` agents dealt round the teams; the first is the featured agent user's record."""
    rng = ctx.rng("agents")
    names = _unique_names(rng, ctx.scale.agents)
    planned = [_plan(ctx, rng, names[i], ctx.teams[i % len(ctx.teams)], first=i == 0) for i in range(len(names))]
    ids = people.record_agents(ctx.actor, (people.NewAgent(team.id, name, start) for name, team, start, *_ in planned))
    for agent_id, (name, team, start, skill, trend) in zip(ids, planned):
        ctx.agents.append(AgentRecord(agent_id, name, team, start, skill, trend))
        ctx.note("agent", name, team.name, start, skill, trend)
    ctx.progress("agents", len(ids), len(ids))


def _unique_names(rng: random.Random, count: int) -> list[str]:
    names, seen = [AGENT.display_name], {AGENT.display_name}
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if name in seen:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FIRST_NAMES)[0]}. {rng.choice(SURNAMES)}"
        if name not in seen:
            names.append(name)
            seen.add(name)
    return names[:count]


def _plan(ctx: DemoContext, rng: random.Random, name: str, team: TeamRecord, *, first: bool) -> tuple:
    skill = min(0.97, max(0.45, rng.gauss(0.78, 0.08)))
    trend = rng.choices([t for t, _ in TRENDS], [w for _, w in TRENDS])[0]
    return name, team, _start_date(ctx, rng, new_starter=not first and rng.random() < NEW_STARTER_SHARE), round(skill, 3), trend


def _start_date(ctx: DemoContext, rng: random.Random, *, new_starter: bool) -> date:
    if new_starter:
        return ctx.start + timedelta(days=rng.randrange(max(1, ctx.scale.days - 14)))
    return ctx.start - timedelta(days=rng.randrange(30, 8 * 365))
