"""Pick one of a few options in a modal list: arrows or j/k move, Enter picks, Esc cancels (returns None)."""

from __future__ import annotations

from typing import Generic, Sequence, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

T = TypeVar("T")


class Choice(ModalScreen[T | None], Generic[T]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        Binding("j", "move('cursor_down')", "Down", id="choice.down", show=False),
        Binding("k", "move('cursor_up')", "Up", id="choice.up", show=False),
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, T]], message: str = "") -> None:
        super().__init__()
        self.title_text = title
        """What is being chosen."""
        self.options = list(options)
        """(label, value) pairs, in order."""
        self.message = message
        """Why the choice is asked for."""

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.message:
                yield Static(self.message, id="choice-message")
            yield OptionList(*(label for label, _ in self.options), id="choice-options")
            yield Static("Enter picks · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.options[event.option_index][1])

    def action_move(self, action: str) -> None:
        getattr(self.query_one(OptionList), f"action_{action}")()

    def action_cancel(self) -> None:
        self.dismiss(None)
