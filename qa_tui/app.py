"""The Textual application: starts at sign-in and hands the signed-in actor to the main screen.

Kept thin: screens own their bindings and workers; a worker's failure becomes a message, never a crash.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from qa_tui.services.session import Actor
from qa_tui.store.engine import DatabaseLocation


class QaApp(App[None]):
    """qa-tui in the terminal."""

    TITLE = "qa-tui"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True)]

    def __init__(self, location: DatabaseLocation, user_name: str, actor: Actor | None = None) -> None:
        super().__init__()
        self.location = location
        """Where the database lives."""
        self.user_name = user_name
        """The name offered at sign-in (the OS user by default)."""
        self.actor: Actor | None = None
        """The signed-in user, once signed in."""
        self._signed_in_already = actor
        """An actor signed in before the app started (`qa-tui demo`), which skips the sign-in screen."""

    def on_mount(self) -> None:
        from qa_tui.screens.sign_in import SignInScreen

        self.push_screen(SignInScreen(self.location, self.user_name))
        if self._signed_in_already is not None:
            self.signed_in(self._signed_in_already)

    def signed_in(self, actor: Actor) -> None:
        from qa_tui.screens.home import HomeScreen

        self.actor = actor
        self.sub_title = actor.label
        self.switch_screen(HomeScreen(actor))

    def on_unmount(self) -> None:
        if self.actor is not None:
            from qa_tui.services.unlock import sign_out

            sign_out(self.actor)
