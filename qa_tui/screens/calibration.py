"""Calibration: the sessions you run or take part in; Enter opens one (blind scoring, the reveal, consensus)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from qa_tui.screens.base import AreaScreen

STATUS_MARK = {"blind": "◐ blind", "revealed": "◉ revealed", "closed": "● closed"}


class CalibrationScreen(AreaScreen):
    HELP = (
        "Calibration sessions: every participant scores the same contacts blind in their own terminal, then the "
        "facilitator reveals the answers, the room agrees the right ones, and closing keeps them as the benchmark "
        "for assessor drift. Enter opens the selected session; d shows each assessor's drift as a control chart. "
        "Create a session with 'qa-tui calibration create' (a form in the app is not built yet)."
    )
    BINDINGS = [
        Binding("enter", "open", "Open", id="calibration.open"),
        Binding("r", "reload", "Reload", id="calibration.reload"),
        Binding("d", "drift", "Drift", id="calibration.drift"),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="calibration-body"):
            yield Static("Loading sessions…", id="calibration-status")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#sessions", DataTable).add_columns("Session", "Status", "Scored", "Deadline", "Scorecard")
        self.sessions = []
        """The sessions shown, in table order."""
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drift":
            from qa_tui.services.permissions import Action, allowed

            return allowed(self.actor.role, Action.VIEW_ASSESSOR_DRIFT)
        return True

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if getattr(self, "sessions", None) is not None:
            self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration")
    def load(self) -> None:
        from qa_tui.services import calibration

        sessions = calibration.list_sessions(self.actor)
        self.app.call_from_thread(self._show, sessions)

    def _show(self, sessions) -> None:
        self.sessions = sessions
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for s in sessions:
            deadline = s.deadline.strftime("%d %b %H:%M") if s.deadline else "—"
            table.add_row(s.title, STATUS_MARK.get(s.status, s.status), f"{s.submitted}/{s.expected}", deadline, s.scorecard)
        status = self.query_one("#calibration-status", Static)
        status.update(f"{len(sessions)} session(s). Enter opens one." if sessions else "No calibration sessions yet.")
        table.focus()

    def action_open(self) -> None:
        from qa_tui.screens.calibration_session import CalibrationSessionScreen

        table = self.query_one("#sessions", DataTable)
        if self.sessions and 0 <= table.cursor_row < len(self.sessions):
            self.app.push_screen(CalibrationSessionScreen(self.sessions[table.cursor_row].id))

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_drift(self) -> None:
        from qa_tui.screens.drift import DriftScreen

        self.app.push_screen(DriftScreen())
