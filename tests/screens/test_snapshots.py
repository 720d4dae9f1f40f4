"""Snapshots of each screen at 80x24 and 120x40 on the fixed centre, clock pinned, after workers finish.

Update one test at a time with --snapshot-update and look at the SVG before accepting it.
"""

import pytest

from support import ADMIN, TODAY, settle, signed_in_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def same_config_path(centre, monkeypatch):
    """The help screen names the config file: keep that name the same in every run (the file does not exist)."""
    monkeypatch.setenv("QA_TUI_CONFIG", "/nonexistent/qa-tui/config.toml")



def _press_then_settle(*keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in(snap_compare, centre, frozen_clock, size):
    from qa_tui.app import QaApp

    assert snap_compare(QaApp(centre, ADMIN, today=lambda: TODAY), terminal_size=size, run_before=_press_then_settle())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("user, keys", [
    ("maria", ()),           # Home for a QA manager
    ("tom", ()),             # Home for a team leader (their teams only)
    ("maria", ("4",)),       # an area not built yet says so
    ("ann", ("9",)),         # Admin: users and the audit trail
    ("maria", ("f1",)),      # help for the focused screen
], ids=["home-manager", "home-team-leader", "planned-area", "admin", "help"])
def test_area(snap_compare, centre, frozen_clock, size, user, keys):
    app = signed_in_app(centre, user)
    assert snap_compare(app, terminal_size=size, run_before=_press_then_settle(*keys))
