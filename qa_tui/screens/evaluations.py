"""Evaluations: the list in the user's scope, one evaluation in full, and the responses each role may give.

Agents acknowledge or dispute their submitted evaluations; QA managers see the open disputes and uphold or
overturn each (an overturn re-scores the evaluation as a new revision). Keys a role may not use are not offered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, DataTable, Static

from qa_tui.domain.scoring import Answer, format_score
from qa_tui.errors import QaTuiError
from qa_tui.screens.base import AreaScreen
from qa_tui.screens.dialogs import ChecklistDialog, ChoiceDialog, TextDialog
from qa_tui.services.permissions import Role
from qa_tui.widgets.evaluation_detail import (
    EvaluationDetail,
    EvaluationDetailData,
    answer_choices,
    method_text,
    outcome_text,
    status_text,
)

STAFF_FILTERS = ("all", "submitted", "acknowledged", "disputed", "resolved", "draft")
AGENT_FILTERS = STAFF_FILTERS[:-1]
LIST, DISPUTES, DETAIL = "evals-list-view", "evals-disputes-view", "evals-detail-view"


class EvaluationsScreen(AreaScreen):
    HELP = (
        "Evaluations in your scope, newest first. f changes the status filter, Enter opens one in full, Esc goes "
        "back. Agents acknowledge (a) or dispute (d) a submitted evaluation; QA managers list open disputes (x) "
        "and uphold (u) or overturn (o) each, with a reason the agent will see."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="evaluations.back"),
        Binding("f", "filter", "Filter", id="evaluations.filter"),
        Binding("x", "disputes", "Disputes", id="evaluations.disputes"),
        Binding("a", "acknowledge", "Acknowledge", id="evaluations.acknowledge"),
        Binding("d", "dispute", "Dispute", id="evaluations.dispute"),
        Binding("u", "uphold", "Uphold", id="evaluations.uphold"),
        Binding("o", "overturn", "Overturn", id="evaluations.overturn"),
        Binding("r", "reload", "Reload", id="evaluations.reload"),
    ]

    def __init__(self, area) -> None:
        super().__init__(area)
        self.filter = "all"
        """The status shown in the list ('all' for every status)."""
        self.lines: dict[str, object] = {}
        """The listed evaluations by id (as text), for the keys that act on the highlighted one."""
        self.disputes: dict[str, object] = {}
        """The open disputes by id (as text), for a QA manager."""
        self.detail: EvaluationDetailData | None = None
        """The evaluation shown in full, once loaded."""
        self.came_from = LIST
        """The list to go back to from the detail."""

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial=LIST, id="evals-body"):
            with Vertical(id=LIST):
                yield Static("", id="evals-status", markup=False)
                yield DataTable(id="evaluations", cursor_type="row", zebra_stripes=True)
            with Vertical(id=DISPUTES):
                yield Static("Loading open disputes…", id="disputes-status", markup=False)
                yield DataTable(id="disputes", cursor_type="row", zebra_stripes=True)
            yield EvaluationDetail(id=DETAIL)

    def on_mount(self) -> None:
        self.query_one("#evaluations", DataTable).add_columns("Agent", "Date", "Method", "Score", "Result", "Status")
        self.query_one("#disputes", DataTable).add_columns("Agent", "Raised", "Criterion", "Reason")
        self.action_reload()

    # --- what is shown --------------------------------------------------------------------------------

    @property
    def view(self) -> str:
        switcher = next(iter(self.query(ContentSwitcher)), None)  # None before the first compose
        return (switcher.current if switcher else None) or LIST

    def _switch(self, view: str) -> None:
        self.query_one(ContentSwitcher).current = view
        self.query_one({LIST: "#evaluations", DISPUTES: "#disputes"}.get(view, f"#{DETAIL}")).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        role = self.actor.role
        if action == "back":
            return self.view != LIST
        if action == "filter":
            return self.view == LIST
        if action == "disputes":
            return role == Role.QA_MANAGER
        if action in ("acknowledge", "dispute"):
            return role == Role.AGENT and (self._current_status() == "submitted" or None)
        if action in ("uphold", "overturn"):
            return role == Role.QA_MANAGER and (bool(self._target_disputes()) or None)
        return True

    def _current_id(self) -> str | None:
        if self.view == DETAIL:
            return str(self.detail.view.id) if self.detail else None
        if self.view == LIST and self.lines:
            return _cursor_key(self.query_one("#evaluations", DataTable))
        return None

    def _current_status(self) -> str | None:
        if self.view == DETAIL:
            return self.detail.view.status if self.detail else None
        line = self.lines.get(self._current_id() or "")
        return getattr(line, "status", None)

    def _target_disputes(self) -> list:
        if self.view == DETAIL:
            return self.detail.open_disputes if self.detail else []
        if self.view == DISPUTES:
            key = _cursor_key(self.query_one("#disputes", DataTable))
            return [self.disputes[key]] if key in self.disputes else []
        return []

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#evaluations")
    def _open_evaluation(self, event: DataTable.RowSelected) -> None:
        self.open_detail(uuid.UUID(event.row_key.value))

    @on(DataTable.RowSelected, "#disputes")
    def _open_disputed(self, event: DataTable.RowSelected) -> None:
        self.open_detail(self.disputes[event.row_key.value].evaluation_id)

    # --- keys -------------------------------------------------------------------------------------------

    def action_back(self) -> None:
        self._switch(self.came_from if self.view == DETAIL else LIST)

    def action_filter(self) -> None:
        filters = AGENT_FILTERS if self.actor.role == Role.AGENT else STAFF_FILTERS
        self.filter = filters[(filters.index(self.filter) + 1) % len(filters)]
        self.load_list()

    def action_disputes(self) -> None:
        self._switch(DISPUTES)
        self.load_disputes()

    def action_reload(self) -> None:
        self.load_list()
        if self.actor.role == Role.QA_MANAGER:
            self.load_disputes()
        if self.view == DETAIL and self.detail is not None:
            self.load_detail(self.detail.view.id)

    def action_acknowledge(self) -> None:
        from qa_tui.services import evaluations

        evaluation_id = uuid.UUID(self._current_id())
        self.act(partial(evaluations.acknowledge, self.actor, evaluation_id), "✓ Acknowledged.")

    def action_dispute(self) -> None:
        self.with_scorecard(uuid.UUID(self._current_id()), self._choose_disputed)

    def action_uphold(self) -> None:
        self._choose_dispute(self._uphold)

    def action_overturn(self) -> None:
        self._choose_dispute(lambda item: self.with_scorecard(item.evaluation_id, partial(self._overturn, item)))

    # --- dialogs, one after another ---------------------------------------------------------------------

    def _choose_disputed(self, evaluation_id: uuid.UUID, card) -> None:
        choices = [(f"{c.key}: {c.question}", c.key) for c in card.criteria]
        self.app.push_screen(ChecklistDialog("Which criteria do you dispute?", choices),
                             partial(self._dispute_reason, evaluation_id))

    def _dispute_reason(self, evaluation_id: uuid.UUID, keys: tuple[str, ...] | None) -> None:
        from qa_tui.services import evaluations

        if keys:
            self._ask_reason(f"Why do you dispute {', '.join(keys)}?", lambda reason: self.act(
                partial(evaluations.dispute, self.actor, evaluation_id, keys, reason), "⚑ Dispute sent to a QA manager."))

    def _choose_dispute(self, then: Callable) -> None:
        targets = self._target_disputes()
        if len(targets) == 1:
            then(targets[0])
        elif targets:
            choices = [(f"⚑ {item.criterion_key}: {item.reason}", item) for item in targets]
            self.app.push_screen(ChoiceDialog("Which dispute?", choices), lambda item: item and then(item))

    def _uphold(self, item) -> None:
        from qa_tui.services import evaluations

        self._ask_reason(f"Uphold the dispute of {item.criterion_key}: why does the score stand?", lambda reason: self.act(
            partial(evaluations.resolve_dispute, self.actor, item.id, overturn=False, reason=reason), "✓ Dispute upheld."))

    def _overturn(self, item, evaluation_id: uuid.UUID, card) -> None:
        criterion = card.criterion(item.criterion_key)
        self.app.push_screen(ChoiceDialog(f"New answer for {criterion.key}: {criterion.question}", answer_choices(criterion)),
                             partial(self._overturn_reason, item))

    def _overturn_reason(self, item, answer: Answer | None) -> None:
        from qa_tui.services import evaluations

        if answer is None:
            return
        self._ask_reason(f"Overturn {item.criterion_key}: why is the new answer right?", lambda reason: self.act(
            partial(evaluations.resolve_dispute, self.actor, item.id, overturn=True, reason=reason, new_answer=answer),
            "✓ Dispute overturned: the evaluation is re-scored as a new revision."))

    def _ask_reason(self, title: str, then: Callable[[str], None]) -> None:
        self.app.push_screen(TextDialog(title, placeholder="a reason, in a sentence"), lambda text: text and then(text))

    # --- workers ----------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="evaluations-list")
    def load_list(self) -> None:
        from qa_tui.services import evaluations

        status = None if self.filter == "all" else self.filter
        lines = evaluations.evaluation_lines(self.actor, status=status)
        self.app.call_from_thread(self._show_list, lines)

    @work(thread=True, exclusive=True, exit_on_error=False, group="evaluations-disputes")
    def load_disputes(self) -> None:
        from qa_tui.services import evaluations

        self.app.call_from_thread(self._show_disputes, evaluations.open_disputes(self.actor))

    def open_detail(self, evaluation_id: uuid.UUID) -> None:
        self.came_from = self.view if self.view != DETAIL else self.came_from
        self.detail = None
        self.query_one(EvaluationDetail).clear()
        self._switch(DETAIL)
        self.load_detail(evaluation_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="evaluations-detail")
    def load_detail(self, evaluation_id: uuid.UUID) -> None:
        from qa_tui.services import evaluations, feedback

        view = evaluations.get(self.actor, evaluation_id)
        data = EvaluationDetailData(view, evaluations.agent_of(self.actor, evaluation_id),
                                    feedback.get_feedback(self.actor, evaluation_id),
                                    evaluations.revisions(self.actor, evaluation_id),
                                    evaluations.evaluation_disputes(self.actor, evaluation_id))
        self.app.call_from_thread(self._show_detail, data)

    @work(thread=True, exclusive=True, exit_on_error=False, group="evaluations-scorecard")
    def with_scorecard(self, evaluation_id: uuid.UUID, then: Callable) -> None:
        from qa_tui.services import evaluations

        card = evaluations.get(self.actor, evaluation_id).scorecard
        self.app.call_from_thread(then, evaluation_id, card)

    @work(thread=True, exclusive=True, exit_on_error=False, group="evaluations-act")
    def act(self, service: Callable[[], object], done: str) -> None:
        """Run one user action; a refusal is told in a message, and the lists and detail are reloaded."""
        try:
            service()
        except QaTuiError as error:
            tell = partial(self.notify, str(error), title="Not done", severity="error", timeout=8, markup=False)
            self.app.call_from_thread(tell)
            return
        self.app.call_from_thread(partial(self.notify, done, markup=False))
        self.app.call_from_thread(self.action_reload)

    # --- filling the widgets ----------------------------------------------------------------------------

    def _show_list(self, lines) -> None:
        table = self.query_one("#evaluations", DataTable)
        keep = _cursor_key(table)
        table.clear()
        self.lines = {str(line.id): line for line in lines}
        for line in lines:
            when = f"{line.submitted_at:%Y-%m-%d}" if line.submitted_at else "—"
            cells = (line.agent, when, method_text(line.method), format_score(line.score),
                     outcome_text(line.passed, line.critical_failed), status_text(line.status))
            table.add_row(*map(Text, cells), key=str(line.id))
        if keep in self.lines:
            table.move_cursor(row=table.get_row_index(keep))
        count = f"{len(lines)} evaluation{'s' if len(lines) != 1 else ''}"
        self.query_one("#evals-status", Static).update(f"Showing: {self.filter} (f for the next filter) · {count}")
        self.refresh_bindings()

    def _show_disputes(self, items) -> None:
        table = self.query_one("#disputes", DataTable)
        table.clear()
        self.disputes = {str(item.id): item for item in items}
        for item in items:
            cells = (item.agent, f"{item.raised_at:%Y-%m-%d}", f"⚑ {item.criterion_key}", item.reason)
            table.add_row(*map(Text, cells), key=str(item.id))
        self.query_one("#disputes-status", Static).update(
            f"{len(items)} open dispute{'s' if len(items) != 1 else ''}, oldest first · Enter opens the evaluation · Esc back")
        self.refresh_bindings()

    def _show_detail(self, data: EvaluationDetailData) -> None:
        self.detail = data
        self.query_one(EvaluationDetail).show(data)
        self.refresh_bindings()


def _cursor_key(table: DataTable) -> str | None:
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
