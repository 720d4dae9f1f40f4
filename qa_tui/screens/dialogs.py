"""Typed modals that return a value: confirm (bool), text (str or None), one choice, several choices; and a
report to read.

Each dismisses with None (or False) on Esc, so a caller's callback only has to check for that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

T = TypeVar("T")

_CANCEL = Binding("escape", "cancel", "Cancel", id="dialog.cancel")


class ConfirmDialog(ModalScreen[bool]):
    """A question answered with y (True) or n / Esc (False)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        """What is asked, as one sentence."""
        self.detail = detail
        """What follows from a yes."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Static(self.detail, classes="dialog-detail", markup=False)
            yield Static("y yes · n or Esc no", classes="dialog-hint")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class ReportDialog(ModalScreen[None]):
    """Lines to read (what an erasure did, say), scrolled with the arrows; Enter or Esc closes."""

    BINDINGS = [Binding("escape,enter", "dismiss", "Close", id="dialog.close")]

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        """What the report is about, as a sentence."""
        self.lines = list(lines)
        """The report itself."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-report"):
                yield Static("\n".join(self.lines), markup=False)
            yield Static("↑↓ to scroll · Enter or Esc to close", classes="dialog-hint")


class TextDialog(ModalScreen[str | None]):
    """One line of text; Enter gives it (stripped), Esc gives None. A required text cannot be empty."""

    BINDINGS = [_CANCEL]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "", required: bool = True) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        """What to type, as a sentence."""
        self.value = value
        """The text offered to start with."""
        self.placeholder = placeholder
        """A hint shown while the line is empty."""
        self.required = required
        """Whether an empty line is refused."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="dialog-input")
            yield Static("", classes="dialog-error", id="dialog-error")
            yield Static("Enter to confirm · Esc to cancel", classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#dialog-error", Static).update("✗ This cannot be empty.")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[T | None], Generic[T]):
    """Pick one of several labelled values with the arrows and Enter; Esc gives None."""

    BINDINGS = [_CANCEL]

    def __init__(self, title: str, choices: Sequence[tuple[str, T]]) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        """What to choose, as a sentence."""
        self.choices = list(choices)
        """(label, value) pairs in the order shown."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(*(Option(label, id=str(i)) for i, (label, _) in enumerate(self.choices)), markup=False)
            yield Static("↑↓ to move · Enter to choose · Esc to cancel", classes="dialog-hint")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChecklistDialog(ModalScreen[tuple[T, ...] | None], Generic[T]):
    """Tick several labelled values with Space, confirm with Enter; Esc gives None."""

    BINDINGS = [_CANCEL, Binding("enter", "confirm", "Confirm", id="dialog.confirm", priority=True)]

    def __init__(self, title: str, choices: Sequence[tuple[str, T]]) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        """What to tick, as a sentence."""
        self.choices = list(choices)
        """(label, value) pairs in the order shown."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield SelectionList[int](*((Text(label), i) for i, (label, _) in enumerate(self.choices)))
            yield Static("", classes="dialog-error", id="dialog-error")
            yield Static("↑↓ to move · Space to tick · Enter to confirm · Esc to cancel", classes="dialog-hint")

    def action_confirm(self) -> None:
        picked = sorted(self.query_one(SelectionList).selected)
        if not picked:
            self.query_one("#dialog-error", Static).update("✗ Tick at least one with Space.")
            return
        self.dismiss(tuple(self.choices[i][1] for i in picked))

    def action_cancel(self) -> None:
        self.dismiss(None)
