"""Screens on the small demo centre (fixed seed, fixed day), as a newcomer first sees them."""

from datetime import date

import pytest

from support import TODAY, settle

SIZES = [(80, 24), (120, 40)]


def _then(*keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("user, keys", [
    ("manager", ()),          # Home for the QA manager
    ("leader", ()),           # Home for a team leader: their team only
    ("agent", ("3",)),        # an agent's own evaluations
], ids=["home-manager", "home-leader", "agent-evaluations"])
def test_demo_screen(snap_compare, demo_app, size, user, keys):
    assert snap_compare(demo_app(user), terminal_size=size, run_before=_then(*keys))


def test_demo_day_is_the_pinned_day():
    assert TODAY == date(2026, 3, 4)
