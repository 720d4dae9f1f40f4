"""Admin by keys alone: retention (periods, a dry run, a run only after confirmation), erasure and export, and the
audit filter."""

import uuid

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


# --- retention periods, people's rights and the audit filter, by keys alone -------------------------------


def _customer(centre) -> str:
    from qa_tui.services import people
    from qa_tui.services.unlock import sign_in

    admin = sign_in(centre, ADMIN, PASSPHRASE)
    customer = people.create_customer(admin, name="Zebedee Quixote", email="zq@example.co.uk")
    admin.db.close()
    return str(customer)


async def _fill(pilot, *values: str) -> None:
    """Type into the open form's fields in order, then save it."""
    from textual.widgets import Input

    for field, value in zip(pilot.app.screen.query(Input), values):
        field.value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_retention_period_is_changed_on_its_row(centre, frozen_clock):
    app = signed_in_app(centre, ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await _admin_area(pilot)
        await pilot.press("t", "down", "p")
        await settle(pilot)
        assert "How long to keep redacted transcripts" in str(app.screen.query_one("#form-title", Static).render())
        await _fill(pilot, "400", "DPO decision 7")
        assert "✓ redacted transcripts: now kept 400 days." in _status(app)
        table = app.screen.query_one("#retention", DataTable)
        assert [str(c) for c in table.get_row_at(1)][:3] == ["redacted transcripts", "400", ADMIN]
        await pilot.press("p")
        await settle(pilot)
        await _fill(pilot, "forever", "")
        assert "'forever' is not a number of days" in str(app.screen.query_one("#error-message", Static).render())


async def test_erasure_asks_before_it_erases_and_shows_its_report(centre, frozen_clock):
    from qa_tui.screens.dialogs import ConfirmDialog, ReportDialog
    from qa_tui.services import people
    from qa_tui.services.unlock import sign_in

    customer = _customer(centre)
    app = signed_in_app(centre, ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await _admin_area(pilot)
        await pilot.press("e")
        await settle(pilot)
        await _fill(pilot, customer, "SAR-12")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await _fill(pilot, customer, "SAR-12")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ReportDialog)
        assert app.screen.lines[0].startswith(f"Erased customer {customer}")
        await pilot.press("enter")
        await settle(pilot)
        rows = app.screen.query_one("#audit", DataTable)
        assert [str(c) for c in rows.get_row_at(0)][3:] == ["subject.erase", "SAR-12"]
    admin = sign_in(centre, ADMIN, PASSPHRASE)
    assert people.get_customer(admin, uuid.UUID(customer), reason="check").name == "[erased]"


async def test_a_customer_is_erased_by_their_email_after_the_id_it_names_is_confirmed(centre, frozen_clock):
    from qa_tui.screens.dialogs import ConfirmDialog, ReportDialog

    customer = _customer(centre)
    app = signed_in_app(centre, ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await _admin_area(pilot)
        await pilot.press("e")
        await settle(pilot)
        await _fill(pilot, "zq@example.co.uk", "SAR-14")
        assert isinstance(app.screen, ConfirmDialog) and app.screen.question == f"Erase customer {customer} for good?"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ReportDialog) and app.screen.lines[0].startswith(f"Erased customer {customer}")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await _fill(pilot, "zq@example.co.uk", "SAR-15", "")  # erased: nobody has that email any more
        assert "No customer has the email address zq@example.co.uk." in str(
            app.screen.query_one("#error-message", Static).render())


async def test_a_bad_id_is_one_sentence_and_erases_nothing(centre, frozen_clock):
    app = signed_in_app(centre, ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await _admin_area(pilot)
        await pilot.press("e")
        await settle(pilot)
        await _fill(pilot, "bob", "")
        assert "'bob' is not a record id" in str(app.screen.query_one("#error-message", Static).render())


async def test_an_export_goes_to_a_new_file_only_its_owner_reads(centre, frozen_clock, tmp_path):
    import json
    import stat

    customer, target = _customer(centre), tmp_path / "sar.json"
    app = signed_in_app(centre, ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await _admin_area(pilot)
        await pilot.press("s")
        await settle(pilot)
        await _fill(pilot, customer, "SAR-13", str(target))
        assert f"✓ Wrote {target}" in str(app.screen.query_one("#audit-status", Static).render())
        assert json.loads(target.read_text())["details"]["name"] == "Zebedee Quixote"
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        await pilot.press("s")
        await settle(pilot)
        await _fill(pilot, customer, "SAR-13", str(target))  # the same file again: refused, not overwritten
        assert "already exists" in str(app.screen.query_one("#error-message", Static).render())


async def test_the_audit_filter_shows_matching_entries_only(centre, frozen_clock):
    app = signed_in_app(centre, ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await _admin_area(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"agent.cr", "enter")
        await settle(pilot)
        rows = app.screen.query_one("#audit", DataTable)
        assert [str(rows.get_row_at(i)[3]) for i in range(rows.row_count)] == ["agent.create"] * 3
        assert "containing 'agent.cr'" in str(app.screen.query_one("#audit-title", Static).render())
        await pilot.press("slash")
        await settle(pilot)
        app.screen.query_one("#dialog-input").value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#audit", DataTable).row_count > 3
