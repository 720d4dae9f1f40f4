"""The import dialog with Pilot (keys in, state out) and snapshots at 80x24 and 120x40: a real small CSV imported,
a bad path refused in a sentence, a failing import as the error dialog, and only the roles that may import see it."""

import pytest
from textual.widgets import Checkbox, ProgressBar, Select, Static

from support import PASSPHRASE, TODAY, settle, signed_in_app
from qa_tui.screens.error import ErrorDialog
from qa_tui.screens.import_dialog import ImportDialog

SIZES = [(80, 24), (120, 40)]
LOG = ("Ref,Received,Channel,Category,Severity,Complaint,Agent,Acknowledged,Investigation started\n"
       "A1,2026-02-02,email,Billing,high,Charged twice; call me on 07700 900123.,Priya Sharma,2026-02-03,2026-02-04\n"
       "A2,2026-03-02,letter,Service,low,Nobody called back.,Tom Jones,,\n")
BAD_ROW = "A3,2026-03-02,pigeon,Weather,low,Lost.,,,2026-03-03\n"


@pytest.fixture(autouse=True)
def same_config_path(monkeypatch):
    monkeypatch.setenv("QA_TUI_CONFIG", "/nonexistent/qa-tui/config.toml")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A working directory of the test's own, so that paths typed into the dialog are short and the same each run."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _status(app) -> str:
    return str(app.screen.query_one("#import-status", Static).render())


def _report(app) -> str:
    return "\n".join(str(app.screen.query_one(f"#import-{part}", Static).render()) for part in ("rejects", "errors"))


async def _open(pilot) -> None:
    await settle(pilot)
    await pilot.press("ctrl+o")
    await settle(pilot)


async def _choose(pilot, kind: str) -> None:
    """Pick a kind with the keys: Shift+Tab to the kind, Enter opens it, arrows to the kind, Enter takes it."""
    dialog = pilot.app.screen
    await pilot.press("shift+tab", "enter")
    for _ in range(dialog.kinds.index(kind)):
        await pilot.press("down")
    await pilot.press("enter", "tab")
    await settle(pilot)


async def _type_and_import(pilot, path: str) -> None:
    await pilot.press(*path, "enter")
    await settle(pilot)


async def test_a_small_csv_imports_through_the_dialog(centre, frozen_clock, folder):
    from qa_tui.services import complaints
    from qa_tui.services.unlock import sign_in

    (folder / "log.csv").write_text(LOG + BAD_ROW)
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        assert isinstance(app.screen, ImportDialog) and app.screen.kinds[-1] == "complaints"
        await _choose(pilot, "complaints")
        assert app.screen.query_one("#import-kind", Select).value == "complaints"
        await _type_and_import(pilot, "log.csv")
        assert _status(app) == "! Imported 2 complaints of 3 rows from log.csv; 1 rejected (see log.rejects.csv)."
        assert f"Rejected rows, each with its reasons: {folder / 'log.rejects.csv'}" in _report(app)
        assert "row 4, Channel = 'pigeon': not one of call" in _report(app)
        bar = app.screen.query_one("#import-progress", ProgressBar)
        assert bar.percentage == 1 and bar.display
        await pilot.press("ctrl+s")  # again: nothing is added twice
        await settle(pilot)
        assert "Imported 0 complaints of 3 rows from log.csv; 2 already imported; 1 rejected" in _status(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportDialog)
    maria = sign_in(centre, "maria", PASSPHRASE)
    assert sorted(r.status for r in complaints.list_complaints(maria, TODAY)) == ["investigating", "received"]


async def test_strict_mode_imports_nothing_from_a_file_with_a_bad_row(centre, frozen_clock, folder):
    (folder / "log.csv").write_text(LOG + BAD_ROW)
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await _choose(pilot, "complaints")
        await pilot.press("tab", "tab", "space", "shift+tab", "shift+tab")  # strict on, back to the file's path
        assert app.screen.query_one("#import-strict", Checkbox).value
        await _type_and_import(pilot, "log.csv")
        assert _status(app).startswith("✗ Nothing imported from log.csv: 1 of 3 rows are invalid")


async def test_a_bad_path_is_one_sentence_and_imports_nothing(centre, frozen_clock, folder):
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("enter")
        assert _status(app) == "✗ Type the path of the file to import."
        await _type_and_import(pilot, "nowhere.csv")
        assert _status(app) == "✗ There is no file to import at nowhere.csv."
        assert not app.screen.query_one("#import-progress").display
        (folder / "log.csv").write_text(LOG)
        await pilot.press(*["backspace"] * len("nowhere.csv"))
        await pilot.press(*"log.csv", "tab", *"map.toml", "enter")
        assert _status(app) == "✗ There is no mapping file at map.toml."


async def test_a_failing_import_becomes_the_error_dialog(centre, frozen_clock, folder):
    (folder / "log.json").write_text("{}")
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await _type_and_import(pilot, "log.json")
        assert isinstance(app.screen, ErrorDialog)
        assert "import reads .csv, .tsv, .parquet or .xlsx files" in app.screen.message
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ImportDialog) and _status(app) == "✗ The import stopped; nothing was imported."


async def test_only_the_roles_that_may_import_are_offered_it(centre, frozen_clock):
    from qa_tui.commands import ImportCommands

    for user, kinds in [("ann", ["interactions", "surveys", "feedback"]), ("tom", None), ("adam", None)]:
        app = signed_in_app(centre, user)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(pilot)
            offered = app.screen.kinds if isinstance(app.screen, ImportDialog) else None
            assert offered == kinds, user
            assert bool(ImportCommands(app.screen)._command()) == bool(kinds)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("imported", [False, True], ids=["form", "report"])
def test_snapshots(snap_compare, centre, frozen_clock, folder, size, imported):
    (folder / "log.csv").write_text(LOG)

    async def run_before(pilot) -> None:
        await _open(pilot)
        await _choose(pilot, "complaints")
        await pilot.press(*"log.csv")
        if imported:
            await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(signed_in_app(centre, "maria"), terminal_size=size, run_before=run_before)
