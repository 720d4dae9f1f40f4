"""Snapshots of the Scorecards area at 80x24 and 120x40 on the scored centre, clock pinned, after workers finish.

Update one test at a time with --snapshot-update and look at the SVG before accepting it.
"""

import pytest

import evaluation_fixtures
from support import settle, signed_in_app

SIZES = [(80, 24), (120, 40)]

scored, scored_template = evaluation_fixtures.scored, evaluation_fixtures.scored_template  # the fixtures


def _press_then_settle(*keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("user, keys", [
    ("maria", ("8",)),                  # a QA manager: the version shown as a tree, every key offered
    ("maria", ("8", "n", "e")),         # a new draft open in the TOML editor
    ("adam", ("8",)),                   # an assessor: read-only
], ids=["manager", "editor", "assessor"])
def test_scorecards(snap_compare, scored, frozen_clock, size, user, keys):
    location, _ = scored
    assert snap_compare(signed_in_app(location, user), terminal_size=size, run_before=_press_then_settle(*keys))
