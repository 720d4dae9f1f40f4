"""Improvement actions: a board by PDCA stage with overdue actions marked, and the selected action's detail with its
Check evaluation (before and after, the test, the interval, the effect) and its control chart as a table."""

from __future__ import annotations

from datetime import timedelta
from typing import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Markdown, Static

from qa_tui.screens.base import AreaScreen
from qa_tui.screens.form_dialog import Field, FormDialog

BOARD = ("plan", "do", "check", "act")


class ActionsScreen(AreaScreen):
    HELP = (
        "Improvement actions by stage: Plan, Do, Check, Act ('⚠ late' marks an action past its due date). Left and "
        "right move between stages. Check compares the metric over a post window with the baseline window, with "
        "the test that suits it, the interval and the effect size, and a control chart whose limits come from the "
        "baseline weeks. An action that misses its target needs the cause of the variance before Act. P opens the "
        "service review for the last 90 days."
    )
    BINDINGS = [
        Binding("left", "column(-1)", "◀ Stage", id="actions.previous_stage", show=False),
        Binding("right", "column(1)", "Stage ▶", id="actions.next_stage", show=False),
        Binding("d", "do", "Do", id="actions.do"),
        Binding("c", "check", "Check", id="actions.check"),
        Binding("v", "variance", "Variance", id="actions.variance"),
        Binding("a", "act", "Act", id="actions.act"),
        Binding("x", "close", "Close", id="actions.close"),
        Binding("p", "report", "Review", id="actions.report"),
        Binding("r", "reload", "Reload", id="actions.reload"),
    ]

    def __init__(self, area) -> None:
        super().__init__(area)
        self.rows: dict[str, list] = {stage: [] for stage in BOARD}
        """The actions on the board, by stage, in table order."""
        self.selected = None
        """The action whose detail is shown."""

    def compose_body(self) -> ComposeResult:
        with Vertical(id="actions-body"):
            yield Static("Loading actions…", id="actions-status")
            with Horizontal(id="board"):
                for stage in BOARD:
                    with Vertical(classes="board-column"):
                        yield Static(stage.title(), classes="board-title")
                        yield DataTable(id=f"stage-{stage}", cursor_type="row", classes="board-table")
            with VerticalScroll(id="action-detail-box"):
                yield Static("", id="action-detail", markup=False)

    def on_mount(self) -> None:
        for stage in BOARD:
            self.query_one(f"#stage-{stage}", DataTable).add_columns("Action", "Due")
        self.query_one("#stage-plan").focus()
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="actions")
    def load(self) -> None:
        from qa_tui.services import actions

        rows = actions.list_actions(self.actor, self.app.today())
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows) -> None:
        for stage in BOARD:
            self.rows[stage] = [r for r in rows if r.stage == stage]
            table = self.query_one(f"#stage-{stage}", DataTable)
            table.clear()
            for r in self.rows[stage]:
                due = "⚠ late" if r.overdue else r.due_on.strftime("%d %b")
                table.add_row(f"{r.reference} {r.title}", due, key=str(r.id))
        late = sum(r.overdue for r in rows)
        closed = sum(r.stage == "closed" for r in rows)
        self.query_one("#actions-status", Static).update(
            f"{len(rows)} actions · ⚠ {late} overdue · {closed} closed · today {self.app.today():%d %b %Y}")
        self.show_detail()

    def action_column(self, step: int) -> None:
        current = next((i for i, s in enumerate(BOARD) if self.query_one(f"#stage-{s}").has_focus), 0)
        self.query_one(f"#stage-{BOARD[(current + step) % len(BOARD)]}").focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.has_focus:
            self.show_detail()

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, DataTable):
            self.show_detail()

    def _focused_row(self):
        for stage in BOARD:
            table = self.query_one(f"#stage-{stage}", DataTable)
            if table.has_focus and self.rows[stage] and table.cursor_row < len(self.rows[stage]):
                return self.rows[stage][table.cursor_row]
        return None

    def show_detail(self) -> None:
        row = self._focused_row()
        if row is None:
            self.selected = None
            self.query_one("#action-detail", Static).update("No action selected in this stage.")
            return
        self.load_detail(row.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="action-detail")
    def load_detail(self, action_id) -> None:
        from qa_tui.services import actions

        detail = actions.get_action(self.actor, action_id, self.app.today())
        self.app.call_from_thread(self._show_detail, detail)

    def _show_detail(self, detail) -> None:
        self.selected = detail
        self.query_one("#action-detail", Static).update(describe(detail))

    # --- stages -------------------------------------------------------------------------------------------

    def _step(self, call: Callable, *args, **kwargs) -> None:
        if self.selected is None:
            self.notify("Select an action first.", severity="warning")
            return
        self.run_step(call, self.selected.row.id, *args, expected_version=self.selected.row.version, **kwargs)

    @work(thread=True, exit_on_error=False, group="action-step")
    def run_step(self, call: Callable, action_id, *args, **kwargs) -> None:
        call(self.actor, action_id, *args, **kwargs)
        self.app.call_from_thread(self.load)

    def _ask(self, title: str, fields: list[Field], then: Callable[[dict], None]) -> None:
        if self.selected is None:
            self.notify("Select an action first.", severity="warning")
            return
        self.app.push_screen(FormDialog(title, fields), lambda values: then(values) if values else None)

    def action_do(self) -> None:
        from qa_tui.services.actions import start_doing

        self._ask("Plan → Do: the change goes live today", [Field("notes", "Notes")],
                  lambda v: self._step(start_doing, v["notes"], on=self.app.today()))

    def action_check(self) -> None:
        from qa_tui.services.actions import run_check

        if self.selected is None:
            self.notify("Select an action first.", severity="warning")
            return
        d, today = self.selected, self.app.today()
        start = (d.post_window[0] if d.post_window else max(d.dates["do"] or today, d.baseline_window[1] + timedelta(days=1)))
        fields = [Field("start", "Post window from (YYYY-MM-DD)", value=start.isoformat()),
                  Field("end", "Post window to (YYYY-MM-DD)", value=today.isoformat()), Field("notes", "Notes")]
        self._ask("Check: the metric after the change against the baseline", fields, lambda v: self._step(
            run_check, _date(v["start"]), _date(v["end"]), v["notes"], on=today))

    def action_variance(self) -> None:
        from qa_tui.services.actions import record_variance

        self._ask("Cause of the variance (from analysis)", [Field("cause", "Cause")],
                  lambda v: self._step(record_variance, v["cause"]))

    def action_act(self) -> None:
        from qa_tui.services.actions import DECISIONS, act

        fields = [Field("decision", "Decision", "select", DECISIONS), Field("notes", "Notes")]
        self._ask("Check → Act", fields, lambda v: self._step(act, v["decision"], v["notes"], on=self.app.today()))

    def action_close(self) -> None:
        from qa_tui.services.actions import close

        self._ask("Close the action", [Field("notes", "Notes")],
                  lambda v: self._step(close, v["notes"], on=self.app.today()))

    def action_report(self) -> None:
        self.app.push_screen(ReportView(self.app.today()))


def _date(text: str):
    from datetime import date

    from qa_tui.errors import UsageError

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"Dates are YYYY-MM-DD, not {text!r}.") from None


def describe(d) -> str:
    """The detail pane: the SMART plan, stages, tasks and risks, and the Check evaluation with its chart as a table."""
    r, m = d.row, d.metric
    lines = [f"{r.reference} {r.title} · {r.stage.title()} · owner {r.owner} · due {r.due_on:%d %b %Y}"
             + (" · ⚠ overdue" if r.overdue else ""),
             f"Finding ({d.finding_kind.replace('_', ' ')}): {d.finding}",
             f"Objective: {d.objective}",
             f"Metric: {m.label} for {r.scope}; baseline {r.baseline} over {d.baseline_window[0]:%d %b}–"
             f"{d.baseline_window[1]:%d %b %Y} (n = {d.baseline_n}); target {r.target}",
             "Stages: " + " → ".join(f"{s.title()} {v:%d %b}" for s, v in d.dates.items() if v)]
    lines += [f"Task: {'✓' if t.done else '·'} {t.kind} — {t.text}" for t in d.tasks]
    lines += [f"Risk: {k.risk} → contingency: {k.contingency}" for k in d.risks]
    if d.stakeholders:
        lines.append("Stakeholders: " + ", ".join(d.stakeholders))
    lines += [f"{stage.title()} notes: {note}" for stage, note in d.notes.items()]
    if d.check:
        lines += check_lines(d)
    if d.decision:
        lines.append(f"Decision at Act: {d.decision}")
    return "\n".join(lines)


def check_lines(d) -> list[str]:
    check, c, m = d.check, d.check["comparison"], d.metric
    scale = m.scale if m.kind == "rate" else 1.0
    lines = ["", f"CHECK {d.post_window[0]:%d %b}–{d.post_window[1]:%d %b %Y}: {m.label} {m.fmt(check['baseline'])} → "
             f"{m.fmt(check['post'])}; difference {c['difference'] * scale:+.1f} "
             f"(95% CI {c['ci_low'] * scale:+.1f} to {c['ci_high'] * scale:+.1f}); {c['test']}, p = {c['p_value']:.3g}; "
             f"{c['effect_name']} {c['effect_size']:+.2f} ({c['effect_magnitude']})",
             c["verdict"], f"Target {m.fmt(check['target'])}: {'✓ met' if check['met'] else '✗ missed'}"]
    if d.variance_cause:
        lines.append(f"Cause of the variance: {d.variance_cause}")
    chart = check.get("chart", {})
    if "values" not in chart:
        return lines + [f"Control chart: {chart.get('error', 'not available')}"]
    shift = {"up": "▲ shifted up and stayed shifted", "down": "▼ shifted down and stayed shifted"}
    lines.append(f"Control chart by week (limits from the first {chart['baseline']} baseline weeks): "
                 + shift.get(chart.get("shift"), "no sustained shift"))
    lines.append(f"{'week':<11}{'':2}{'value':>8}{'centre':>8}{'lower':>8}{'upper':>8}  signal")
    flagged = {i for v in chart["violations"] for i in v["indices"]}
    for i, label in enumerate(chart["labels"]):
        value, centre, low, high = (chart[k][i] * chart["scale"] for k in ("values", "centre", "lower", "upper"))
        part = "B" if i < chart["baseline"] else "P"
        mark = "▲ above" if value > high else "▼ below" if value < low else ("• run" if i in flagged else "")
        lines.append(f"{label:<11}{part:2}{value:>8.1f}{centre:>8.1f}{low:>8.1f}{high:>8.1f}  {mark}")
    return lines


class ReportView(ModalScreen[None]):
    """The service review for the last 90 days, as Markdown; S saves it (Markdown and HTML) in the current folder."""

    BINDINGS = [
        Binding("escape", "dismiss_view", "Close", id="report.close"),
        Binding("s", "save", "Save md+html", id="report.save"),
    ]

    def __init__(self, today) -> None:
        super().__init__()
        self.today = today
        """The report's last day."""
        self.review = None
        """The review once built."""

    def compose(self) -> ComposeResult:
        with Vertical(id="report-dialog"):
            yield Static("Building the service review for the last 90 days…  (Esc close · S save)", id="report-status")
            with VerticalScroll(id="report-scroll"):
                yield Markdown("", id="report-markdown")

    def on_mount(self) -> None:
        self.build()

    @work(thread=True, exclusive=True, exit_on_error=False, group="report")
    def build(self) -> None:
        from qa_tui.report import to_markdown
        from qa_tui.services.report import build_report

        review = build_report(self.app.actor, self.today - timedelta(days=89), self.today, self.today)
        self.app.call_from_thread(self._show, review, to_markdown(review))

    def _show(self, review, text: str) -> None:
        self.review = review
        self.query_one("#report-markdown", Markdown).update(text)
        self.query_one("#report-status", Static).update(
            f"Service review {review.start} to {review.end} · Esc close · S save Markdown and HTML")

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            self.dismiss(None)
            self.app.show_error(event.worker.error)

    def action_save(self) -> None:
        from pathlib import Path

        from qa_tui.report import to_html, to_markdown

        if self.review is None:
            return
        stem = Path.cwd() / f"service-review-{self.review.start}-to-{self.review.end}"
        stem.with_suffix(".md").write_text(to_markdown(self.review), encoding="utf-8")
        stem.with_suffix(".html").write_text(to_html(self.review), encoding="utf-8")
        self.notify(f"Saved {stem.name}.md and .html in the current folder.")

    def action_dismiss_view(self) -> None:
        self.dismiss(None)
