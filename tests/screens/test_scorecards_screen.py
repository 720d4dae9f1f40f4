"""The Scorecards area by keys alone: a QA manager drafts from a template, edits with a mistake, fixes it and
publishes; an assessor sees scorecards read-only and is offered no key that changes them."""

import io

from rich.console import Console
from textual.widgets import DataTable, TextArea

import evaluation_fixtures
from support import PASSPHRASE, settle, signed_in_app
from qa_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from qa_tui.services import scorecards
from qa_tui.services.unlock import sign_in

scored, scored_template = evaluation_fixtures.scored, evaluation_fixtures.scored_template  # the fixtures


def _rows(app) -> list[list[str]]:
    table = app.screen.query_one("#versions", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def _text(app, selector) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(app.screen.query_one(selector).content)
    return console.export_text()


def _offered(app) -> set[str]:
    return {active.binding.action for active in app.screen.active_bindings.values() if active.enabled}


async def _open_area(pilot):
    await settle(pilot)
    await pilot.press("8")
    await settle(pilot)


async def test_manager_drafts_from_a_template_fixes_a_mistake_and_publishes(centre, frozen_clock):
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_area(pilot)
        assert _rows(app) == []
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press(*["down"] * 5, "enter")  # phone call review, the last template
        await settle(pilot)
        assert _rows(app) == [["Phone call review", "v1", "✎ draft", "—"]]
        await pilot.press("e")
        await settle(pilot)
        area = app.screen.query_one("#card-text", TextArea)
        assert area.has_focus
        line = area.text.splitlines().index("pass_mark = 80")
        await pilot.press(*["down"] * line, "end", "left", "left", "1", "ctrl+s")  # pass_mark = 180
        await settle(pilot)
        message = str(app.screen.query_one("#editor-error").content)
        assert f"line {line + 1}:" in message and "pass_mark" in message and message.startswith("✗ Not saved")
        assert "pass_mark = 180" in area.text and area.cursor_location == (line, 0)  # nothing lost
        await pilot.press("end", "backspace", "backspace", "backspace", *"85", "ctrl+s")
        await settle(pilot)
        assert str(app.screen.query_one("#editor-error").content).startswith("✓ Saved")
        await pilot.press("escape")
        await settle(pilot)
        assert "Pass mark 85%" in _text(app, "#card-tree")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert _rows(app) == [["Phone call review", "v1", "✓ published", "2026-03-04"]]
        assert {"edit", "publish"}.isdisjoint(_offered(app)) and "new_draft" in _offered(app)


async def test_a_bad_file_is_named_with_its_line_and_field(centre, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "Tiny"\nversion = 1\n\n[[sections]]\nkey = "a"\ntitle = "A"\n\n[[sections.criteria]]\n'
                   'key = "b"\nquestion = "Q?"\ntype = "yes_no"\nweight = -1\n', encoding="utf-8")
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_area(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"bad.toml", "enter")
        await settle(pilot)
        message = str(app.screen.query_one("#cards-message").content)
        assert message == "✗ bad.toml: line 12: criterion 'b' field 'weight' must be a positive number"
        assert _rows(app) == []


async def test_manager_compares_a_new_draft_and_exports_it(scored, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    location, _ = scored
    app = signed_in_app(location, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_area(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert [row[1:3] for row in _rows(app)] == [["v1", "✓ published"], ["v2", "✎ draft"]]
        await pilot.press("c", "enter")
        await settle(pilot)
        assert "✓ Scores on both versions can be compared." in _text(app, "#card-comparison")
        target = tmp_path / "out.toml"
        await pilot.press("escape", "x", "ctrl+u", *"out.toml", "enter")
        await settle(pilot)
    assert 'name = "Phone call review"' in target.read_text(encoding="utf-8")


async def test_assessor_sees_scorecards_read_only(scored):
    location, _ = scored
    app = signed_in_app(location, "adam")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_area(pilot)
        assert _rows(app)[0][:3] == ["Phone call review", "v1", "✓ published"]
        assert "read-only" in str(app.screen.query_one("#cards-status").content)
        offered = _offered(app)
        assert {"template", "import_file", "new_draft", "edit", "publish", "save"}.isdisjoint(offered)
        assert {"compare", "export", "reload"} <= offered
        await pilot.press("t", "e", "p", "n")  # nothing happens, nothing changes
        await settle(pilot)
        assert not isinstance(app.screen, (ChoiceDialog, ConfirmDialog)) and len(_rows(app)) == 1
        assert "identity_verification" in _text(app, "#card-tree") and "Exemplary" in _text(app, "#card-tree")
    actor = sign_in(location, "maria", PASSPHRASE)
    try:
        assert [v.status for v in scorecards.list_versions(actor)] == ["published"]
    finally:
        actor.db.close()
