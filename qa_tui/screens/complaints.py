"""Complaints: the log with deadline countdowns and breach marks, the selected complaint's detail, and the handling
process by key (acknowledge, HEAT, investigate, resolve, follow up, learn, escalate)."""

from __future__ import annotations

from typing import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from qa_tui.screens.base import AreaScreen
from qa_tui.screens.form_dialog import Field, FormDialog


def short_label(countdown) -> str:
    """A countdown in a few characters, with a symbol and a word (never colour alone)."""
    from qa_tui.domain.working_days import Status

    if countdown.status is Status.BREACHED:
        return f"✗ late {-countdown.working_days_remaining}wd"
    if countdown.status is Status.MET:
        return "✓ met"
    if countdown.status is Status.DUE_TODAY:
        return "! today"
    return f"{countdown.working_days_remaining}wd left"


class ComplaintsScreen(AreaScreen):
    HELP = (
        "The complaint log, newest first. Ack and Final count working days to each deadline (England and Wales bank "
        "holidays): '✗ late' marks a breach, '! today' a deadline due today, '✓ met' one kept. Select a complaint to "
        "see its detail; the keys below run the handling process in order: acknowledge, investigate, resolve, "
        "follow up, learn. Escalation goes one level up with a reason."
    )
    BINDINGS = [
        Binding("n", "new", "New", id="complaints.new"),
        Binding("a", "acknowledge", "Ack", id="complaints.acknowledge"),
        Binding("h", "heat", "HEAT", id="complaints.heat"),
        Binding("i", "investigate", "Investigate", id="complaints.investigate"),
        Binding("v", "resolve", "Resolve", id="complaints.resolve"),
        Binding("f", "follow_up", "Follow up", id="complaints.follow_up"),
        Binding("l", "learn", "Learn", id="complaints.learn"),
        Binding("e", "escalate", "Escalate", id="complaints.escalate"),
        Binding("o", "open_only", "Open only", id="complaints.open_only"),
        Binding("r", "reload", "Reload", id="complaints.reload"),
    ]

    def __init__(self, area) -> None:
        super().__init__(area)
        self.rows: list = []
        """The complaints on screen, in table order."""
        self.open_only = False
        """Whether closed complaints are hidden."""
        self.policy = None
        """The complaint policy (taxonomies for the forms)."""

    def compose_body(self) -> ComposeResult:
        with Vertical(id="complaints-body"):
            yield Static("Loading complaints…", id="complaints-status")
            yield DataTable(id="complaint-log", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="complaint-detail-box"):
                yield Static("", id="complaint-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#complaint-log", DataTable).add_columns(
            "Ref", "Received", "Category", "Sev", "Status", "Ack", "Final", "Esc")
        self.action_reload()

    # --- loading ------------------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    def action_open_only(self) -> None:
        self.open_only = not self.open_only
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="complaints")
    def load(self) -> None:
        from qa_tui.services import complaints

        rows = complaints.list_complaints(self.actor, self.app.today(), open_only=self.open_only)
        policy = complaints.get_policy(self.actor)
        self.app.call_from_thread(self._show, rows, policy)

    def _show(self, rows, policy) -> None:
        self.rows, self.policy = rows, policy
        table = self.query_one("#complaint-log", DataTable)
        table.clear()
        for r in rows:
            table.add_row(r.reference, r.received_on.strftime("%d %b %y"), r.category, r.severity,
                          r.status.replace("_", " "), short_label(r.acknowledge), short_label(r.final),
                          f"L{r.escalation_level}" if r.escalation_level else "", key=str(r.id))
        breached = sum(r.breached for r in rows)
        open_count = sum(r.status != "closed" for r in rows)
        shown = "open complaints" if self.open_only else "complaints"
        self.query_one("#complaints-status", Static).update(
            f"{len(rows)} {shown} · {open_count} open · ✗ {breached} breached · today {self.app.today():%d %b %Y}")
        if rows:
            self.show_detail()
        else:
            self.query_one("#complaint-detail", Static).update("No complaints yet. Press n to log one.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def _selected(self):
        table = self.query_one("#complaint-log", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def show_detail(self) -> None:
        row = self._selected()
        if row is not None:
            self.load_detail(row.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="complaint-detail")
    def load_detail(self, complaint_id) -> None:
        from qa_tui.services import complaints

        detail = complaints.get_complaint(self.actor, complaint_id, self.app.today())
        self.app.call_from_thread(self.query_one("#complaint-detail", Static).update, describe(detail))

    # --- the process --------------------------------------------------------------------------------------

    def _step(self, call: Callable, *args, **kwargs) -> None:
        row = self._selected()
        if row is None:
            self.notify("Select a complaint first.", severity="warning")
            return
        self.run_step(call, row.id, *args, expected_version=row.version, **kwargs)

    @work(thread=True, exit_on_error=False, group="complaint-step")
    def run_step(self, call: Callable, complaint_id, *args, **kwargs) -> None:
        call(self.actor, complaint_id, *args, **kwargs)
        self.app.call_from_thread(self.load)

    def action_acknowledge(self) -> None:
        from qa_tui.services import complaints

        self._step(complaints.acknowledge, self.app.today())

    def action_investigate(self) -> None:
        from qa_tui.services import complaints

        self._step(complaints.investigate, self.app.today())

    def action_heat(self) -> None:
        from qa_tui.services.complaints import HEAT_STEPS, record_heat

        fields = [Field("steps", "HEAT steps covered", "multi", HEAT_STEPS), Field("notes", "Notes (redacted)")]
        self._ask("Handling conversation (HEAT)", fields,
                  lambda v: self._step(record_heat, v["steps"], v["notes"]))

    def action_resolve(self) -> None:
        from qa_tui.services.complaints import REDRESS, resolve

        causes = self.policy.root_causes if self.policy else ()
        fields = [Field("root_cause", "Root cause", "select", causes), Field("resolution", "What was done"),
                  Field("redress", "Redress", "select", REDRESS), Field("amount", "Amount (£, optional)")]
        self._ask("Final response", fields, lambda v: self._step(
            resolve, root_cause=v["root_cause"], resolution=v["resolution"], redress=v["redress"],
            amount=_amount(v["amount"]), on=self.app.today()))

    def action_follow_up(self) -> None:
        from qa_tui.services.complaints import follow_up

        fields = [Field("recovered", "Satisfaction recovered?", "select", ("yes", "no")),
                  Field("score", "Satisfaction now (1-5)", "select", ("1", "2", "3", "4", "5")),
                  Field("answer", "Their words (redacted)")]
        self._ask("Service-recovery follow-up", fields, lambda v: self._step(
            follow_up, recovered=v["recovered"] == "yes", score=int(v["score"]), answer=v["answer"], on=self.app.today()))

    def action_learn(self) -> None:
        from qa_tui.services.complaints import learn

        self._ask("What did we learn?", [Field("lesson", "Lesson")],
                  lambda v: self._step(learn, v["lesson"], self.app.today()))

    def action_escalate(self) -> None:
        from qa_tui.services.complaints import escalate

        self._ask("Escalate one level", [Field("reason", "Why")],
                  lambda v: self._step(escalate, v["reason"], on=self.app.today()))

    def action_new(self) -> None:
        from qa_tui.services.complaints import CHANNELS, SEVERITIES

        categories = self.policy.categories if self.policy else ()
        fields = [Field("channel", "Channel", "select", CHANNELS), Field("category", "Category", "select", categories),
                  Field("severity", "Severity", "select", SEVERITIES), Field("product", "Product or service"),
                  Field("text", "The customer's words (redacted as saved)")]
        self._ask("Log a complaint", fields, self._log)

    def _log(self, values: dict) -> None:
        self.log_new(values)

    @work(thread=True, exit_on_error=False, group="complaint-step")
    def log_new(self, values: dict) -> None:
        from qa_tui.services import complaints

        team = next(iter(sorted(self.actor.team_ids)), None)
        complaints.log_complaint(self.actor, complaints.NewComplaint(
            self.app.today(), values["channel"], values["category"], values["severity"], values["text"],
            product=values["product"], team_id=team))
        self.app.call_from_thread(self.load)

    def _ask(self, title: str, fields: list[Field], then: Callable[[dict], None]) -> None:
        if self._selected() is None and title != "Log a complaint":
            self.notify("Select a complaint first.", severity="warning")
            return
        self.app.push_screen(FormDialog(title, fields), lambda values: then(values) if values else None)


def _amount(text: str) -> float | None:
    from qa_tui.errors import UsageError

    text = (text or "").strip().lstrip("£")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise UsageError(f"The amount must be a number of pounds, not {text!r}.") from None


def describe(d) -> str:
    """The detail pane's text: deadlines with symbols and words, HEAT, escalations, resolution and recovery."""
    from qa_tui.services.complaints import HEAT_STEPS, LEGAL, countdown_label

    r = d.row
    heat = "  ".join(f"{'✓' if s in d.heat else '·'} {s.replace('_', ' ')}" for s in HEAT_STEPS)
    lines = [
        f"{r.reference} {r.category} · {r.severity} · {r.channel} · {r.product or 'no product named'} · owner {r.owner}",
        f"Acknowledge by {r.acknowledge.deadline:%d %b %Y}: {countdown_label(r.acknowledge)}   "
        f"Final response by {r.final.deadline:%d %b %Y}: {countdown_label(r.final)}",
        f"Status: {r.status.replace('_', ' ')}" + "".join(
            f" · {k.replace('_', ' ')} {v:%d %b}" for k, v in d.dates.items() if v),
        f"Said: {d.text}",
        f"HEAT: {heat}" + (f" — {d.heat_notes}" if d.heat_notes else ""),
    ]
    if d.legal:
        lines.append("Legal: " + "; ".join(LEGAL[k] for k in d.legal))
    lines += [f"⬆ Escalated to level {e.level} ({e.level_name}) by {e.by} on {e.on:%d %b}: {e.reason}" for e in d.escalations]
    if r.root_cause:
        amount = f" £{d.redress_amount:.2f}" if d.redress_amount is not None else ""
        lines.append(f"Root cause: {r.root_cause} · redress {d.redress}{amount} · {d.resolution}")
    if d.recovered is not None:
        lines.append(f"Recovery: {'✓ recovered' if d.recovered else '✗ not recovered'}"
                     f"{f' ({d.recovery_score}/5)' if d.recovery_score else ''} {d.follow_up}")
    if d.lesson:
        lines.append(f"Learned: {d.lesson}")
    return "\n".join(lines)
