"""A failure the user should know about, in a sentence, with a key to dismiss it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ErrorDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "dismiss", "Close", id="error.close")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message
        """What went wrong, as one sentence."""

    def compose(self) -> ComposeResult:
        with Vertical(id="error-dialog"):
            yield Static(f"✗ {self.message}", id="error-message")
            yield Static("Enter or Esc to close", id="error-hint")
