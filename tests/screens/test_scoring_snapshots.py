"""Snapshots of the scoring screen (mid-way through a call, with a critical fail) and of the review queue, at
80x24 and 120x40, clock pinned, after workers finish. Update one test at a time and look at the SVG first."""

import pytest

from scoring_fixtures import scoring_centre, scoring_template  # noqa: F401
from support import settle, signed_in_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def same_config_path(scoring_centre, monkeypatch):
    monkeypatch.setenv("QA_TUI_CONFIG", "/nonexistent/qa-tui/config.toml")


def _keys_then_settle(*groups):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for keys in groups:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_queue(snap_compare, scoring_centre, frozen_clock, size):
    app = signed_in_app(scoring_centre, "adam")
    assert snap_compare(app, terminal_size=size, run_before=_keys_then_settle(("2",)))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_scoring_a_call(snap_compare, scoring_centre, frozen_clock, size):
    app = signed_in_app(scoring_centre, "adam")
    # the long call (fourth row), greeting 2, identity "no" (critical fail), a comment, then save now
    keys = (("2",), ("down", "down", "down", "enter"), ("2", "n", "3", "k", "c", *"Asked for the DOB only", "enter"), ("w",))
    assert snap_compare(app, terminal_size=size, run_before=_keys_then_settle(*keys))
