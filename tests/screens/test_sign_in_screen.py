"""Sign-in with keys alone: a wrong passphrase shows a message and keeps you there; the right one signs you in."""

import pytest

from support import ADMIN, PASSPHRASE
from qa_tui.app import QaApp
from qa_tui.services.unlock import init_database


@pytest.fixture
def app(tmp_path):
    from qa_tui.store.engine import resolve_location

    where = resolve_location(str(tmp_path / "qa.db"))
    init_database(where, ADMIN, PASSPHRASE)
    return QaApp(where, ADMIN)



async def test_wrong_then_right_passphrase(app):
    from qa_tui.screens.home import HomeScreen
    from qa_tui.screens.sign_in import SignInScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        app.screen.query_one("#passphrase").value = "not the right one"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "✗ Wrong passphrase for ann." in str(app.screen.query_one("#sign-in-error").render())
        assert app.screen.query_one("#passphrase").value == ""
        app.screen.query_one("#passphrase").value = PASSPHRASE
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.actor.name == ADMIN
        assert "ann (admin)" in str(app.screen.query_one("#who").render())
