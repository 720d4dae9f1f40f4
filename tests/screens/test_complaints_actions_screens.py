"""The Complaints and Actions areas with Pilot (keys in, state out) and snapshots at 80x24 and 120x40."""

from datetime import timedelta

import pytest

from support import PASSPHRASE, TODAY, settle, signed_in_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def seeded(centre):
    """The fixed centre with three complaints (one breached and escalated) and one planned action."""
    from qa_tui.services import complaints, people
    from qa_tui.services.unlock import sign_in

    maria = sign_in(centre, "maria", PASSPHRASE)
    billing = {a.team: a for a in people.list_agents(maria)}
    teams = complaints.team_names(maria)
    team = next(k for k, v in teams.items() if v == "Billing")
    old = complaints.log_complaint(maria, complaints.NewComplaint(
        TODAY - timedelta(days=20), "email", "Billing", "high", "Charged twice in February.", team_id=team))
    complaints.escalate(maria, old, "Customer asked for a manager.", on=TODAY - timedelta(days=10))
    complaints.log_complaint(maria, complaints.NewComplaint(TODAY - timedelta(days=1), "call", "Service", "low",
                                                            "Kept on hold.", team_id=team))
    done = complaints.log_complaint(maria, complaints.NewComplaint(TODAY - timedelta(days=6), "letter", "Delivery",
                                                                   "medium", "Engineer missed.", team_id=team))
    complaints.acknowledge(maria, done, TODAY - timedelta(days=5))
    maria.db.close()
    assert billing
    return centre


@pytest.fixture(autouse=True)
def same_config_path(monkeypatch):
    monkeypatch.setenv("QA_TUI_CONFIG", "/nonexistent/qa-tui/config.toml")


async def test_complaint_log_marks_breaches_and_acknowledges_by_key(seeded, frozen_clock):
    app = signed_in_app(seeded, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert [r.reference for r in screen.rows][0] == "C-000002"
        assert any(r.breached and r.escalation_level == 1 for r in screen.rows)
        status = str(screen.query_one("#complaints-status").render())
        assert "3 complaints" in status and "✗ 1 breached" in status
        await pilot.press("a")
        await settle(pilot)
        assert screen.rows[0].status == "acknowledged"


async def test_actions_board_is_empty_then_says_so(seeded, frozen_clock):
    app = signed_in_app(seeded, "tom")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert "0 actions" in str(app.screen.query_one("#actions-status").render())
        assert "No action selected" in str(app.screen.query_one("#action-detail").render())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("keys", [("6",), ("7",)], ids=["complaints", "actions"])
def test_snapshots(snap_compare, seeded, frozen_clock, size, keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    assert snap_compare(signed_in_app(seeded, "maria"), terminal_size=size, run_before=run_before)
