"""A one-line answer in a small modal: Enter keeps it, Esc cancels (returns None)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class TextPrompt(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "", hint: str = "Enter keeps it · Esc cancels") -> None:
        super().__init__()
        self.title_text = title
        """What is asked."""
        self.value = value
        """The starting text."""
        self.hint = hint
        """The keys, in words."""

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(self.value, id="prompt-input")
            yield Static(self.hint, classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
