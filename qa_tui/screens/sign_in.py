"""Sign-in: user name (the OS user by default) and passphrase; unlocking runs in a worker."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from typing import TYPE_CHECKING

from qa_tui.errors import QaTuiError

if TYPE_CHECKING:
    from qa_tui.services.session import Actor
    from qa_tui.store.location import DatabaseLocation


# The keys are spelled out here instead of a footer: this screen must paint as fast as possible.
READY = "Enter: sign in · Esc: clear · Ctrl+Q: quit"


class SignInScreen(Screen[None]):
    """Asks who you are and unlocks the database with your passphrase."""

    BINDINGS = [Binding("escape", "clear", "Clear", id="sign_in.clear")]
    AUTO_FOCUS = "#passphrase"  # SSH users arrive as themselves: the name is already filled in

    def __init__(self, location: "DatabaseLocation", user_name: str) -> None:
        super().__init__()
        self.location = location
        """The database to unlock."""
        self.user_name = user_name
        """Offered as the user name."""

    def compose(self) -> ComposeResult:
        with Vertical(id="sign-in-form"):
            yield Label(f"Sign in to {self.location.display_name}")
            yield Input(self.user_name, placeholder="User name", id="user")
            yield Input(placeholder="Passphrase", password=True, id="passphrase")
            yield Static("", id="sign-in-error")
            yield Static(READY, id="sign-in-status")

    @on(Input.Submitted)
    def submit(self) -> None:
        name = self.query_one("#user", Input).value.strip()
        passphrase = self.query_one("#passphrase", Input).value
        if not name:
            self.query_one("#user", Input).focus()
            return
        self._show("", "Unlocking…")
        self.unlock(name, passphrase)

    def action_clear(self) -> None:
        self.query_one("#passphrase", Input).value = ""
        self._show("", READY)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sign-in")
    def unlock(self, name: str, passphrase: str) -> None:
        from qa_tui.services.unlock import sign_in

        try:
            actor = sign_in(self.location, name, passphrase)
        except QaTuiError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._succeeded, actor)

    def _failed(self, message: str) -> None:
        self.query_one("#passphrase", Input).value = ""
        self._show(f"✗ {message}", "Enter to try again")

    def _succeeded(self, actor: "Actor") -> None:
        self.app.signed_in(actor)

    def _show(self, error: str, status: str) -> None:
        self.query_one("#sign-in-error", Static).update(error)
        self.query_one("#sign-in-status", Static).update(status)
