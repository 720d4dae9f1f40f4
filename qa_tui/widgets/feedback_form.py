"""Feedback in the AID form (Action, Impact, Desired outcome) with strengths and development areas, in a modal.

Enter moves to the next field and, on the last, keeps the feedback; Ctrl+S keeps it from any field; Esc cancels.
The criteria it links to are chosen by the caller (the failed ones, by default).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from qa_tui.services.feedback import FIELDS, FeedbackText

LABELS = {
    "action": "Action: what the agent did (required)",
    "impact": "Impact: the effect it had on the customer or the business",
    "desired_outcome": "Desired outcome: what to do next time (required)",
    "strengths": "Strengths",
    "development": "Development areas",
}


class FeedbackForm(ModalScreen[FeedbackText | None]):
    BINDINGS = [
        Binding("ctrl+s", "keep", "Keep", id="feedback.keep"),
        Binding("escape", "cancel", "Cancel", id="feedback.cancel"),
    ]

    def __init__(self, current: FeedbackText | None, criteria: tuple[str, ...]) -> None:
        super().__init__()
        self.current = current or FeedbackText()
        """The feedback already given, if any."""
        self.criteria = criteria
        """The criteria the feedback is linked to."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="feedback-dialog", classes="dialog"):
            yield Static("Feedback (AID)", classes="dialog-title")
            for name in FIELDS:
                yield Label(LABELS[name])
                yield Input(getattr(self.current, name), id=f"feedback-{name}")
            linked = ", ".join(self.criteria) or "none"
            yield Static(f"Linked criteria: {linked}", id="feedback-criteria")
            yield Static("Enter: next field (keeps it on the last) · Ctrl+S keeps · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#feedback-action", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = (event.input.id or "").removeprefix("feedback-")
        if name == FIELDS[-1]:
            self.action_keep()
        else:
            self.query_one(f"#feedback-{FIELDS[FIELDS.index(name) + 1]}", Input).focus()

    def action_keep(self) -> None:
        values = {name: self.query_one(f"#feedback-{name}", Input).value.strip() for name in FIELDS}
        self.dismiss(FeedbackText(**values, criteria=self.criteria))

    def action_cancel(self) -> None:
        self.dismiss(None)
