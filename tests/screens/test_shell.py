"""The app shell by keys alone: areas per role, the palette, help, errors from workers, remapped keys, themes."""

import pytest
from textual.widgets import DataTable

from support import settle, signed_in_app
from qa_tui.errors import DatabaseUnavailable
from qa_tui.screens.error import ErrorDialog
from qa_tui.screens.help import HelpScreen
from qa_tui.widgets.nav import NavBar


def _nav(app) -> str:
    return str(app.screen.query_one(NavBar).render())


async def test_manager_moves_between_areas_with_number_keys(centre):
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current_mode == "home"
        assert "▸1 Home" in _nav(app) and "9 Admin" not in _nav(app)
        for key, mode in [("2", "queue"), ("5", "trends"), ("8", "scorecards"), ("1", "home")]:
            await pilot.press(key)
            await settle(pilot)
            assert app.current_mode == mode
        await pilot.press("9")  # not offered to a QA manager
        await settle(pilot)
        assert app.current_mode == "home"


@pytest.mark.parametrize("name, visible, hidden", [
    ("ann", ["1 Home", "5 Trends", "9 Admin"], ["2 Queue", "6 Complaints"]),
    ("tom", ["3 Evals", "6 Complaints", "7 Actions"], ["2 Queue", "9 Admin"]),
    ("priya", ["1 Home", "3 Evals"], ["5 Trends", "9 Admin"]),
    ("ana", ["5 Trends"], ["3 Evals", "2 Queue"]),
])
async def test_each_role_is_offered_only_its_areas(centre, name, visible, hidden):
    app = signed_in_app(centre, name)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        nav = _nav(app)
        assert all(label in nav for label in visible) and not any(label in nav for label in hidden)


async def test_home_shows_real_figures_for_the_scope(centre):
    app = signed_in_app(centre, "tom")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = {row[0]: row[1] for row in _rows(app.screen.query_one("#figures", DataTable))}
    # 24 contacts a day apart over three agents, two of them in Tom's team; "today" is a Wednesday.
    assert rows == {"Contacts this week": "2", "Contacts, last 30 days": "16", "Evaluations this week": "0",
                    "Average QA score, 30 days": "—", "Open complaints": "0", "Improvement actions open": "0",
                    "Active agents": "2", "Teams": "1"}


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_palette_goes_to_an_area(centre):
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"go to calib")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "calibration"


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_help_lists_the_screens_keys_with_their_ids(centre, key):
    app = signed_in_app(centre, "ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        ids = [row[2] for row in _rows(app.screen.query_one(DataTable))]
        assert ids[0] == "home.reload" and "app.quit" in ids and "app.area.admin" in ids
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_a_failing_worker_shows_an_error_dialog(centre, monkeypatch):
    from qa_tui.services import dashboard

    def broken(actor, today):
        raise DatabaseUnavailable("The database is busy with another user's change; try again in a moment.")

    monkeypatch.setattr(dashboard, "home_figures", broken)
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "busy with another user's change" in str(app.screen.query_one("#error-message").render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "home" and not isinstance(app.screen, ErrorDialog)


async def test_keys_can_be_remapped_in_the_config_file(centre, tmp_path):
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keymap]\n"app.area.trends" = "t"\n')
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.current_mode == "trends"


async def test_a_broken_config_file_is_reported_not_fatal(centre, tmp_path):
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[keymap\n")
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current_mode == "home"
        assert any("is not valid TOML" in str(n.message) for n in app._notifications)


async def test_chosen_theme_is_remembered(centre):
    from qa_tui.settings import load_settings

    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
    assert load_settings().theme == "textual-light"
    again = signed_in_app(centre, "maria")
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"
