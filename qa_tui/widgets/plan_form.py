"""A sampling plan in a modal: period, evaluations per agent for each method, the assessors who share them.

As the quotas change, a hint says how precisely that many evaluations per agent pin down a pass rate (the Wilson
margin at 50%, the widest case). Enter moves to the next field and makes the plan on the last; Ctrl+S makes it
from any field; Esc cancels.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from qa_tui.domain.scorecard import Method
from qa_tui.services.sampling import PlanRequest

QUOTAS = {"calls": Method.CALL_REVIEW, "chats": Method.CHAT_EMAIL_REVIEW, "shops": Method.MYSTERY_SHOP}


def margin_hint(per_agent: int) -> str:
    """'4 per agent: a pass rate is known to ±x points (95%)', or a nudge when there is none."""
    if per_agent < 1:
        return "Set at least one evaluation per agent for a method."
    from qa_tui.analytics.sample_size import rate_margin  # scipy: loaded only when a plan is being made

    margin = rate_margin(per_agent / 2, per_agent).margin * 100
    return (f"{per_agent} per agent in the period: an agent's pass rate is known to ±{margin:.0f} points "
            "(95%, at a 50% rate). Add plans over more periods to narrow it.")


class PlanForm(ModalScreen[PlanRequest | None]):
    BINDINGS = [
        Binding("ctrl+s", "make", "Make plan", id="plan.make"),
        Binding("escape", "cancel", "Cancel", id="plan.cancel"),
    ]

    def __init__(self, today: date, assessors: list[str]) -> None:
        super().__init__()
        start = today - timedelta(days=today.weekday() + 7)
        self.defaults = {
            "name": f"Week of {start.isoformat()}", "start": start.isoformat(),
            "end": (start + timedelta(days=6)).isoformat(), "calls": "4", "chats": "0", "shops": "0",
            "assessors": ", ".join(assessors), "long": "",
        }
        """The starting values: last week, four calls per agent, every assessor."""

    def compose(self) -> ComposeResult:
        labels = {"name": "Name", "start": "Period starts (YYYY-MM-DD)", "end": "Period ends (YYYY-MM-DD)",
                  "calls": "Call reviews per agent", "chats": "Chat/email reviews per agent",
                  "shops": "Mystery shops per agent", "assessors": "Assessors who share the work (comma-separated)",
                  "long": "Always include contacts longer than (minutes, optional)"}
        with VerticalScroll(id="plan-dialog", classes="dialog"):
            yield Static("New sampling plan", classes="dialog-title")
            for name, label in labels.items():
                yield Label(label)
                yield Input(self.defaults[name], id=f"plan-{name}")
            yield Static(margin_hint(4), id="plan-hint")
            yield Static("", id="plan-error")
            yield Static("Enter: next field (makes the plan on the last) · Ctrl+S makes it · Esc cancels",
                         classes="dialog-hint")

    def _value(self, name: str) -> str:
        return self.query_one(f"#plan-{name}", Input).value.strip()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in {f"plan-{name}" for name in QUOTAS}:
            quotas = [int(self._value(name)) for name in QUOTAS if self._value(name).isdigit()]
            self.query_one("#plan-hint", Static).update(margin_hint(max([q for q in quotas if q] or [0])))

    def on_mount(self) -> None:
        self.query_one("#plan-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index == len(inputs) - 1:
            self.action_make()
        else:
            inputs[index + 1].focus()

    def action_make(self) -> None:
        try:
            request = self.request()
        except ValueError as error:
            self.query_one("#plan-error", Static).update(f"✗ {error}")
            return
        self.dismiss(request)

    def request(self) -> PlanRequest:
        try:
            start, end = date.fromisoformat(self._value("start")), date.fromisoformat(self._value("end"))
        except ValueError:
            raise ValueError("Dates are written YYYY-MM-DD, e.g. 2026-03-02.") from None
        quotas = {}
        for name, method in QUOTAS.items():
            if not self._value(name).isdigit():
                raise ValueError("Quotas are whole numbers of evaluations per agent (0 for none).")
            if int(self._value(name)):
                quotas[method] = int(self._value(name))
        if not quotas:
            raise ValueError("Set at least one quota above 0.")
        long = self._value("long")
        if long and not long.isdigit():
            raise ValueError("The long-contact rule is a whole number of minutes, or empty.")
        assessors = tuple(name.strip() for name in self._value("assessors").split(",") if name.strip())
        return PlanRequest(self._value("name") or "Plan", start, end, quotas, assessors,
                           long_handling_seconds=int(long) * 60 if long else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
