"""Admin retention by keys alone: settings shown, a dry run, and a run only after confirmation."""

from textual.widgets import DataTable, Static

from support import ADMIN, PASSPHRASE, settle, signed_in_app
from qa_tui.screens.admin import ConfirmRetentionRun


def _shorten_raw_retention(centre, days: int) -> None:
    from qa_tui.services.privacy.retention import set_retention
    from qa_tui.services.unlock import sign_in

    admin = sign_in(centre, ADMIN, PASSPHRASE)
    set_retention(admin, "raw_transcripts", days)
    admin.db.close()


def _status(app) -> str:
    return str(app.screen.query_one("#retention-status", Static).render())


async def _admin_area(pilot) -> None:
    await settle(pilot)
    await pilot.press("9")
    await settle(pilot)


async def test_retention_settings_and_dry_run(centre, frozen_clock):
    _shorten_raw_retention(centre, 20)
    app = signed_in_app(centre, ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await _admin_area(pilot)
        table = app.screen.query_one("#retention", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:3] == ["raw transcripts", "20", ADMIN] and rows[1][:3] == ["redacted transcripts", "730", "default"]
        await pilot.press("d")
        await settle(pilot)
        assert "Dry run, nothing changed: raw transcripts: would remove 4" in _status(app)


async def test_run_asks_first_and_can_be_cancelled(centre, frozen_clock):
    _shorten_raw_retention(centre, 20)
    app = signed_in_app(centre, ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await _admin_area(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmRetentionRun)
        await pilot.press("n")
        await settle(pilot)
        assert "cancelled; nothing was changed" in _status(app)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "✓ Retention run: raw transcripts: removed 4" in _status(app)
        await pilot.press("d")
        await settle(pilot)
        assert "would remove 0" in _status(app)


async def test_nothing_to_remove_needs_no_confirmation(centre, frozen_clock):
    app = signed_in_app(centre, ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await _admin_area(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmRetentionRun)
        assert "Nothing is past its retention date" in _status(app)
