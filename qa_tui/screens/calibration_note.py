"""A one-line text prompt for calibration notes; returns the text, or None when cancelled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class NoteDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="calibration.note.cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        """What the note is (meeting note, clarification, action request) and for which criterion."""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static(self.title_text, id="note-title")
            yield Input(placeholder="Type the note, Enter to save, Esc to cancel", id="note-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
