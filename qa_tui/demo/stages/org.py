"""Sites in UK cities and the teams at each, through the organisation services."""

from __future__ import annotations

from qa_tui.demo.context import DemoContext, SiteRecord, TeamRecord
from qa_tui.demo.people_data import SITE_CITIES, TEAM_NAMES
from qa_tui.demo.registry import demo_stage
from qa_tui.services import people


@demo_stage("org")
def create_sites_and_teams(ctx: DemoContext) -> None:
    """`scale.sites` sites and `scale.teams` teams dealt round the sites; the first team is 'Billing' in Leeds."""
    for city in SITE_CITIES[: ctx.scale.sites]:
        ctx.sites.append(SiteRecord(people.create_site(ctx.actor, city), city))
    for number in range(ctx.scale.teams):
        site = ctx.sites[number % len(ctx.sites)]
        name = team_name(number)
        ctx.teams.append(TeamRecord(people.create_team(ctx.actor, site.id, name), name, site))
        ctx.note("team", name, site.name)
        ctx.progress("org", number + 1, ctx.scale.teams)


def team_name(number: int) -> str:
    """Billing, Broadband Support, ..., then Billing 2, Broadband Support 2, ..."""
    base, round_ = TEAM_NAMES[number % len(TEAM_NAMES)], number // len(TEAM_NAMES)
    return base if round_ == 0 else f"{base} {round_ + 1}"
