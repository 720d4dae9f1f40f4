"""One calibration session: blind scoring with everyone's progress live, then the reveal, consensus and notes.

Progress refreshes itself within a second of anyone's submit in any process (`services.changes.ChangeWatcher`).
Before the reveal the screen shows only your own answers; the service refuses everything else anyway.
"""

from __future__ import annotations

import uuid

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState, get_current_worker

ANSWER_KEYS = ["y", "n", "x", *"0123456789"]


def show_answer(answer) -> str:
    from qa_tui.domain.scoring import NA

    if answer is None:
        return "·"
    if answer is NA:
        return "N/A"
    if answer is True or answer is False:
        return "Yes" if answer else "No"
    return str(answer)


def show_estimate(estimate) -> str:
    if estimate is None:
        return "—"
    text = f"{estimate.value:.2f}"
    if estimate.ci_low is not None:
        text += f" [{estimate.ci_low:.2f}, {estimate.ci_high:.2f}]"
    return text


class CalibrationSessionScreen(Screen[None]):
    HELP = (
        "Score each item blind: ↑↓ choose a criterion, y/n answer yes or no, a digit picks a level or points, x marks "
        "N/A; answers save as you type; s submits the item and [ ] move between items. Everyone sees who has "
        "submitted, never what. The facilitator presses v to reveal, steps through the most divergent criteria with "
        "[ ], and records the agreed answer of the highlighted item with the same answer keys. ✓ agrees with the "
        "benchmark, ~ differs within tolerance, ✗ diverges. p toggles presentation mode for the projector."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="calibration.session.back"),
        Binding("left_square_bracket", "step(-1)", "Prev", id="calibration.session.previous"),
        Binding("right_square_bracket", "step(1)", "Next", id="calibration.session.next"),
        *[Binding(key, f"answer('{key}')", "Answer", id=f"calibration.session.answer.{key}", show=False)
          for key in ANSWER_KEYS],
        Binding("s", "submit", "Submit", id="calibration.session.submit"),
        Binding("v", "reveal", "Reveal", id="calibration.session.reveal"),
        Binding("p", "presentation", "Present", id="calibration.session.presentation"),
        Binding("m", "note('meeting')", "Note", id="calibration.session.note"),
        Binding("k", "note('clarification')", "Clarify", id="calibration.session.clarification", show=False),
        Binding("a", "note('action_request')", "Action", id="calibration.session.action_request", show=False),
        Binding("c", "close_session", "Close", id="calibration.session.close"),
        Binding("r", "reload", "Reload", id="calibration.session.reload", show=False),
    ]

    def __init__(self, session_id: uuid.UUID) -> None:
        super().__init__(id="calibration-session")
        self.session_id = session_id
        """The session shown."""
        self.summary = None
        """The latest `SessionSummary`."""
        self.tasks = []
        """Your own scorings (blind phase)."""
        self.task_index = 0
        self.scoring = None
        """The `EvaluationView` of the item you are scoring."""
        self.reveal = None
        """The `RevealView`, once revealed."""
        self.criterion_index = 0
        self.agreed = {}
        self._shown_scoring = None
        """Consensus answers recorded so far: (item, criterion key) -> answer."""

    @property
    def actor(self):
        return self.app.actor

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the session…", id="cal-title")
        yield Static("", id="cal-progress")
        with Vertical(id="cal-blind"):
            yield Static("", id="cal-item")
            yield DataTable(id="cal-answers", cursor_type="row", zebra_stripes=True)
        with Vertical(id="cal-reveal"):
            yield DataTable(id="cal-grid", cursor_type="row", zebra_stripes=True)
            yield Static("", id="cal-detail")
            yield DataTable(id="cal-items", cursor_type="row", zebra_stripes=True)
        yield Static("", id="cal-stats")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cal-answers", DataTable).add_columns("Criterion", "Your answer", "Choices")
        self.query_one("#cal-reveal").display = False
        self.action_reload()

    # --- loading --------------------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration-session")
    def load(self) -> None:
        from qa_tui.services import calibration

        summary = calibration.get_session(self.actor, self.session_id)
        tasks = calibration.my_tasks(self.actor, self.session_id) if summary.you_take_part else []
        scoring = None
        if tasks and summary.status == "blind":
            index = min(self.task_index, len(tasks) - 1)
            scoring = calibration.my_scoring(self.actor, tasks[index].evaluation_id)
        reveal = calibration.results(self.actor, self.session_id) if summary.status != "blind" else None
        if reveal is not None:
            self.agreed = calibration.consensus(self.actor, self.session_id).answers
        self.app.call_from_thread(self._show, summary, tasks, scoring, reveal)

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration-progress")
    def refresh_progress(self) -> None:
        from qa_tui.services import calibration

        summary = calibration.get_session(self.actor, self.session_id)
        if self.summary is not None and summary.status != self.summary.status:
            self.app.call_from_thread(self.action_reload)
        else:
            self.app.call_from_thread(self._show_progress, summary)

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration-watch")
    def watch_changes(self) -> None:
        from qa_tui.services.changes import ChangeWatcher

        worker = get_current_worker()
        with ChangeWatcher(self.actor.db) as watcher:
            while not worker.is_cancelled:
                if watcher.wait(0.5) and not worker.is_cancelled:
                    self.app.call_from_thread(self.refresh_progress)

    def workers_watching(self) -> bool:
        return any(w.group == "calibration-watch" and not w.is_finished for w in self.workers)

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "calibration-watch")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.show_error(event.worker.error)

    # --- showing --------------------------------------------------------------------------------------------

    def _show(self, summary, tasks, scoring, reveal) -> None:
        self.summary, self.tasks, self.scoring, self.reveal = summary, tasks, scoring, reveal
        self.app.title = f"qa-tui · Calibration · {summary.title}"
        self._show_progress(summary)
        blind = summary.status == "blind"
        if blind and not self.workers_watching():
            self.watch_changes()  # live progress matters only while people are still scoring
        self.query_one("#cal-blind").display = blind
        self.query_one("#cal-reveal").display = not blind
        if blind:
            self._show_scoring()
        else:
            self._show_reveal()

    def _show_progress(self, summary) -> None:
        self.summary = summary
        tolerance = f"±{summary.total_tolerance:g} points on the total"
        if summary.level_tolerance:
            tolerance += f", ±{summary.level_tolerance} on items"
        if summary.critical_exact:
            tolerance += ", critical items exact"
        self.query_one("#cal-title", Static).update(
            f"{summary.title} · {summary.status} · {summary.scorecard} · {len(summary.items)} item(s) · {tolerance}")
        marks = [f"{'✓' if p.done else '…'} {p.name}{' (expert)' if p.expert else ''} {p.submitted}/{p.total}"
                 for p in summary.progress]
        self.query_one("#cal-progress", Static).update("Submitted: " + "   ".join(marks))

    def _show_scoring(self) -> None:
        table = self.query_one("#cal-answers", DataTable)
        row = table.cursor_row
        table.clear()
        if not self.tasks:
            self.query_one("#cal-item", Static).update(
                "You do not score in this session; progress above updates as participants submit.")
            return
        task = self.tasks[min(self.task_index, len(self.tasks) - 1)]
        view = self.scoring
        if view.id != self._shown_scoring:
            row, self._shown_scoring = 0, view.id  # a new item starts at its first criterion
        state = "submitted ✓" if view.status != "draft" else "draft (saved as you type)"
        self.query_one("#cal-item", Static).update(
            f"{task.label} ({self.task_index + 1} of {len(self.tasks)}) · {state} · score {_score(view)}")
        for criterion in view.scorecard.criteria:
            marker = "!" if criterion.critical else " "
            table.add_row(f"{marker}{criterion.key}", show_answer(view.answers.get(criterion.key)), _choices(criterion))
        table.move_cursor(row=min(row, table.row_count - 1))
        table.focus()

    def _show_reveal(self) -> None:
        from qa_tui.analytics.calibration import MARKS

        view = self.reveal
        grid = self.query_one("#cal-grid", DataTable)
        grid.clear(columns=True)
        grid.add_columns("Criterion", *view.raters, "Spread", "✗", "AC1")
        for result in view.criteria:
            cells = [" ".join(f"{show_answer(result.answers[i][j])}{MARKS[result.marks[i][j]]}"
                              for i in range(len(view.items))) for j in range(len(view.raters))]
            grid.add_row(("!" if result.critical else " ") + result.key, *cells, f"{result.spread:.0%}",
                         str(result.diverging), show_estimate(result.stats.gwet_ac1 if result.stats else None)[:5])
        grid.add_row(" Total (dev.)", *[_deviation(view.deviation[r], view.outside_tolerance[r]) for r in view.raters],
                     "", "", "")
        self.criterion_index = min(self.criterion_index, len(view.criteria) - 1)
        grid.move_cursor(row=self.criterion_index)
        self._show_criterion()

    def _show_criterion(self) -> None:
        from qa_tui.analytics.calibration import MARKS

        view = self.reveal
        result = view.criteria[self.criterion_index]
        critical = " (critical)" if result.critical else ""
        self.query_one("#cal-detail", Static).update(
            f"{self.criterion_index + 1}/{len(view.criteria)} most divergent · {result.key}{critical}: {result.question}")
        items = self.query_one("#cal-items", DataTable)
        row = items.cursor_row
        items.clear(columns=True)
        items.add_columns("Item", *view.raters, "Benchmark", "Agreed")
        agreed = self.agreed
        for i, label in enumerate(view.item_labels):
            cells = [f"{show_answer(result.answers[i][j])} {MARKS[result.marks[i][j]]}" for j in range(len(view.raters))]
            items.add_row(label[:18], *cells, show_answer(result.reference[i]),
                          show_answer(agreed.get((view.items[i], result.key))))
        items.move_cursor(row=max(0, min(row, items.row_count - 1)))
        self.query_one("#cal-stats", Static).update(_statistics(result, view))

    # --- keys -----------------------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_step(self, delta: int) -> None:
        if self.reveal is not None:
            self.criterion_index = (self.criterion_index + delta) % len(self.reveal.criteria)
            self.query_one("#cal-grid", DataTable).move_cursor(row=self.criterion_index)
            self._show_criterion()
        elif self.tasks:
            self.task_index = (self.task_index + delta) % len(self.tasks)
            self.load()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "cal-grid" and self.reveal is not None and event.cursor_row < len(self.reveal.criteria):
            if event.cursor_row != self.criterion_index:
                self.criterion_index = event.cursor_row
                self._show_criterion()

    def action_answer(self, key: str) -> None:
        if self.summary is None:
            return
        if self.summary.status == "blind" and self.scoring is not None:
            criterion = self.scoring.scorecard.criteria[self.query_one("#cal-answers", DataTable).cursor_row]
            answer = _parse_answer(criterion, key)
            if answer is not None:
                self.save({**self.scoring.answers, criterion.key: answer})
        elif self.reveal is not None and self.summary.status == "revealed":
            result = self.reveal.criteria[self.criterion_index]
            item = self.reveal.items[self.query_one("#cal-items", DataTable).cursor_row]
            criterion = self.scoring_card().criterion(result.key)
            answer = _parse_answer(criterion, key)
            if answer is not None:
                self.agree(item, result.key, answer)

    def scoring_card(self):
        from qa_tui.services import scorecards

        return scorecards.get_scorecard(self.actor, self.summary.scorecard_version_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration-save")
    def save(self, answers) -> None:
        from qa_tui.services import evaluations

        view = evaluations.save_answers(self.actor, self.scoring.id, answers, expected_version=self.scoring.row_version)
        self.scoring = view
        self.app.call_from_thread(self._show_scoring)

    def action_submit(self) -> None:
        if self.scoring is not None and self.scoring.status == "draft":
            self.submit()

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration-save")
    def submit(self) -> None:
        from qa_tui.services import evaluations

        evaluations.submit(self.actor, self.scoring.id, expected_version=self.scoring.row_version)
        if self.task_index < len(self.tasks) - 1:
            self.task_index += 1
        self.app.call_from_thread(self.action_reload)

    def action_reveal(self) -> None:
        if self.summary is not None:
            self.do_reveal(self.summary.row_version)

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration-save")
    def do_reveal(self, row_version: int) -> None:
        from qa_tui.services import calibration

        calibration.reveal(self.actor, self.session_id, expected_version=row_version)
        self.app.call_from_thread(self.action_reload)

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration-save")
    def agree(self, item, key: str, answer) -> None:
        from qa_tui.services import calibration

        calibration.record_consensus(self.actor, self.session_id, item, key, answer)
        agreed = calibration.consensus(self.actor, self.session_id).answers
        self.agreed = agreed
        self.app.call_from_thread(self._show_criterion)

    def action_note(self, kind: str) -> None:
        from qa_tui.screens.calibration_note import NoteDialog
        from qa_tui.services.calibration import NOTE_KINDS

        criterion = self.reveal.criteria[self.criterion_index].key if self.reveal is not None else None
        title = NOTE_KINDS[kind] + (f" on {criterion}" if criterion and kind != "meeting" else "")
        self.app.push_screen(NoteDialog(title), lambda text: text and self.add_note(kind, text, criterion))

    @work(thread=True, exit_on_error=False, group="calibration-note")
    def add_note(self, kind: str, text: str, criterion: str | None) -> None:
        from qa_tui.services import calibration

        calibration.add_note(self.actor, self.session_id, kind, text, None if kind == "meeting" else criterion)
        self.app.call_from_thread(self.notify, "Note saved.", title="Calibration")

    def action_close_session(self) -> None:
        if self.summary is not None:
            self.close_session(self.summary.row_version)

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration-save")
    def close_session(self, row_version: int) -> None:
        from qa_tui.services import calibration

        calibration.close(self.actor, self.session_id, expected_version=row_version)
        self.app.call_from_thread(self.notify, "Session closed: the consensus is now the benchmark.", title="Calibration")
        self.app.call_from_thread(self.action_reload)

    def action_presentation(self) -> None:
        self.toggle_class("presentation")


def _score(view) -> str:
    from qa_tui.domain.scoring import format_score

    return format_score(view.result.reported_percent)


def _choices(criterion) -> str:
    kind = str(criterion.type)
    if kind == "yes_no":
        choices = "y/n"
    elif kind == "scale":
        choices = "/".join(str(level.value) for level in criterion.levels)
    else:
        choices = f"0-{criterion.max_points}"
    return choices + ("/x" if criterion.na_allowed else "")


def _parse_answer(criterion, key: str):
    from qa_tui.domain.scoring import NA

    kind = str(criterion.type)
    if key == "x":
        return NA if criterion.na_allowed else None
    if kind == "yes_no":
        return {"y": True, "n": False}.get(key)
    if not key.isdigit():
        return None
    value = int(key)
    if kind == "scale":
        return value if value in {level.value for level in criterion.levels} else None
    return value if value <= (criterion.max_points or 0) else None


def _deviation(value: float | None, outside: bool) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f}{' ✗' if outside else ' ✓'}"


def _statistics(result, view) -> str:
    lines = []
    stats = result.stats
    if stats is not None:
        alpha = stats.krippendorff_alpha.get(stats.level)
        lines.append(f"{result.key}: agree {show_estimate(stats.percent_agreement)} · AC1 {show_estimate(stats.gwet_ac1)}"
                     f" · Fleiss κ {show_estimate(stats.fleiss_kappa)} · α {stats.level} {show_estimate(alpha)}")
    totals = view.total_stats
    if totals is not None:
        lines.append(f"Totals (±{view.tolerances.total:g}): within {show_estimate(totals.within_tolerance)}"
                     f" · ICC2 {show_estimate(totals.icc.get('ICC2'))}")
    pass_fail = view.pass_fail_stats
    if pass_fail is not None:
        lines.append(f"Pass/fail over all criteria: AC1 {show_estimate(pass_fail.gwet_ac1)}"
                     f" · κ {show_estimate(pass_fail.fleiss_kappa)} · benchmark: {view.benchmark}")
    return "\n".join(lines)
