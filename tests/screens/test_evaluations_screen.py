"""The Evaluations area by keys alone: an agent acknowledges and disputes, a QA manager upholds and overturns."""

import io

import pytest
from rich.console import Console
from textual.widgets import DataTable, OptionList

import evaluation_fixtures
from support import PASSPHRASE, settle, signed_in_app
from qa_tui.errors import PermissionDenied
from qa_tui.screens.dialogs import ChecklistDialog, ChoiceDialog, TextDialog
from qa_tui.services import evaluations
from qa_tui.services.unlock import sign_in

scored, scored_template = evaluation_fixtures.scored, evaluation_fixtures.scored_template  # the fixtures


def _rows(app, table_id="#evaluations") -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def _text(app, selector) -> str:
    console = Console(width=160, file=io.StringIO(), record=True)
    console.print(app.screen.query_one(selector).content)
    return console.export_text()


def _status(location, name, evaluation_id):
    actor = sign_in(location, name, PASSPHRASE)
    try:
        return evaluations.get(actor, evaluation_id)
    finally:
        actor.db.close()


async def _open_area(pilot):
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)


def _bindings(app) -> set[str]:
    return {active.binding.action for active in app.screen.active_bindings.values() if active.enabled}


async def test_agent_sees_own_submitted_evaluations_with_outcomes_in_words(scored):
    location, _ = scored
    app = signed_in_app(location, "priya")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_area(pilot)
        rows = _rows(app)
        assert [row[0] for row in rows] == ["Priya Sharma"] * 3  # no drafts, nobody else
        assert [row[4] for row in rows] == ["! critical fail", "✗ failed", "✓ passed"]
        assert [row[5] for row in rows] == ["submitted", "⚑ disputed", "submitted"]
        assert {"uphold", "overturn", "disputes"}.isdisjoint(_bindings(app))


async def test_agent_acknowledges_by_keys_alone(scored):
    location, ids = scored
    app = signed_in_app(location, "priya")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_area(pilot)
        await pilot.press("down", "down")  # the oldest, passed one
        await pilot.press("enter")
        await settle(pilot)
        assert "Give your own name in the greeting" in _text(app, "#detail-feedback")
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.detail.view.status == "acknowledged"
        assert "acknowledge" not in _bindings(app)  # nothing left to acknowledge
        await pilot.press("escape")
        await settle(pilot)
        assert _rows(app)[2][5] == "acknowledged"
    assert _status(location, "priya", ids["plain"]).status == "acknowledged"


async def test_agent_disputes_chosen_criteria_with_a_reason(scored):
    location, ids = scored
    app = signed_in_app(location, "priya")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_area(pilot)
        await pilot.press("d")  # the critical fail, highlighted first
        await settle(pilot)
        assert isinstance(app.screen, ChecklistDialog)
        await pilot.press("down", "space", "enter")  # identity_verification
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")  # an empty reason is refused, the dialog stays
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"I verified on page two", "enter")
        await settle(pilot)
        assert _rows(app)[0][5] == "⚑ disputed"
    actor = sign_in(location, "maria", PASSPHRASE)
    try:
        mine = [d for d in evaluations.open_disputes(actor) if d.evaluation_id == ids["critical"]]
    finally:
        actor.db.close()
    assert [(d.criterion_key, d.reason) for d in mine] == [("identity_verification", "I verified on page two")]


async def test_manager_upholds_one_dispute_and_overturns_another_as_a_new_revision(scored):
    location, ids = scored
    app = signed_in_app(location, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_area(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert [row[2] for row in _rows(app, "#disputes")] == ["⚑ empathy", "⚑ greeting"]
        await pilot.press("u")
        await settle(pilot)
        await pilot.press(*"Empathy was not shown", "enter")
        await settle(pilot)
        assert [row[2] for row in _rows(app, "#disputes")] == ["⚑ greeting"]
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)][-1] == "3 Exemplary"
        await pilot.press("down", "down", "enter")  # 2 Met
        await settle(pilot)
        await pilot.press(*"Name given at 00:04", "enter")
        await settle(pilot)
        assert _rows(app, "#disputes") == []
        await pilot.press("escape", "f", "f", "f", "f")  # back to the list, filter: resolved
        await settle(pilot)
        assert len(_rows(app)) == 1 and _rows(app)[0][5] == "resolved"
        await pilot.press("enter")
        await settle(pilot)
        history = _text(app, "#detail-revisions")
        assert "Rev 1" in history and "Rev 2" in history and "≠ greeting" in history and "2 Met" in history
    after = _status(location, "maria", ids["disputed"])
    assert after.status == "resolved" and after.revision == 2 and after.answers["greeting"] == 2


def test_the_screens_read_models_keep_to_each_roles_scope(scored):
    location, ids = scored
    people = {name: sign_in(location, name, PASSPHRASE) for name in ("tom", "adam", "priya")}
    try:
        assert sorted(line.agent for line in evaluations.evaluation_lines(people["tom"])) == \
            ["Priya Sharma"] * 3 + ["Tom Jones"]  # Billing only; Grace is in Retentions
        with pytest.raises(PermissionDenied):
            evaluations.open_disputes(people["adam"])
        disputes = evaluations.evaluation_disputes(people["priya"], ids["disputed"])
        assert [(d.criterion_key, d.status, d.agent) for d in disputes] == \
            [("empathy", "open", "Priya Sharma"), ("greeting", "open", "Priya Sharma")]
    finally:
        for actor in people.values():
            actor.db.close()
