"""Assessor drift on the demo centre: a control chart per assessor, the lenient and harsh markers flagged."""

from textual.widgets import DataTable

from qa_tui.screens.drift import DriftScreen
from support import settle


async def test_manager_steps_through_assessors_drift(demo_app):
    app = demo_app("manager")
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("4", "d")
        await settle(pilot)
        assert isinstance(app.screen, DriftScreen)
        seen = {}
        for _ in range(len(app.screen.drifts)):
            drift = app.screen.drifts[app.screen.index]
            seen[drift.name] = (drift.lean, drift.flagged)
            assert app.screen.query_one("#drift-table", DataTable).row_count == len(drift.points)
            await pilot.press("right")
            await settle(pilot)
        title = str(app.screen.query_one("#drift-title").render())
    assert seen["assessor"] == ("lenient", True) and seen["assessor2"] == ("harsh", True)
    assert "⚑" in title or "within tolerance" in title


async def test_assessors_are_not_offered_drift(demo_app):
    app = demo_app("assessor")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4", "d")
        await settle(pilot)
        assert not isinstance(app.screen, DriftScreen)
