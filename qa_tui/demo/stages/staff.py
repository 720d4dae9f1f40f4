"""User accounts: the featured user of each role, more assessors, and a team leader for every team.

Every account shares the printed demo passphrase, with a cheap key slot since the passphrase is public.
"""

from __future__ import annotations

import random

from qa_tui.demo.context import DemoContext, StaffRecord, TeamRecord
from qa_tui.demo.people_data import FIRST_NAMES, SURNAMES
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.users import DEMO_KDF_COST, DEMO_PASSPHRASE, FEATURED_USERS, DemoUser
from qa_tui.services import accounts
from qa_tui.services.permissions import Role

FEATURED_BIAS = {"assessor": 0.06, "assessor2": -0.06}


@demo_stage("staff", after=("agents",))
def create_staff(ctx: DemoContext) -> None:
    rng = ctx.rng("staff")
    ctx.staff[FEATURED_USERS[0].name] = StaffRecord(ctx.actor.user_id, ctx.actor.name, FEATURED_USERS[0].display_name, Role.ADMIN)
    for user in FEATURED_USERS[1:]:
        _add(ctx, user, bias=FEATURED_BIAS.get(user.name, 0.0))
    for number in range(3, ctx.scale.assessors + 1):
        _add(ctx, DemoUser(f"assessor{number}", Role.ASSESSOR, _name(rng), "assessor"), bias=round(rng.gauss(0, 0.04), 3))
    for number, team in enumerate(ctx.teams[1:], start=2):
        _add(ctx, DemoUser(f"leader{number}", Role.TEAM_LEADER, _name(rng), "team leader"), team=team)
        ctx.progress("staff", number, len(ctx.teams))


def _add(ctx: DemoContext, user: DemoUser, *, bias: float = 0.0, team: TeamRecord | None = None) -> None:
    if user.role == Role.TEAM_LEADER and team is None:
        team = ctx.teams[0]
    agent = ctx.agents[0] if user.role == Role.AGENT else None
    info = accounts.add_user(ctx.actor, name=user.name, role=user.role, passphrase=DEMO_PASSPHRASE,
                             display_name=user.display_name, teams=[team.name] if team else (),
                             agent_id=agent.id if agent else None, kdf_cost=DEMO_KDF_COST)
    ctx.staff[user.name] = StaffRecord(info.id, user.name, user.display_name, user.role, team, agent, bias)
    ctx.note("user", user.name, user.role, user.display_name, team.name if team else "", bias)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
