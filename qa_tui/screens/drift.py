"""Assessor drift: each assessor's deviation from the agreed answers, session after session, as a control chart
with its limits (so a real shift stands out from noise), with the exact numbers beneath."""

from __future__ import annotations

import math

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState


class DriftScreen(Screen[None]):
    """Pushed from the Calibration area; ←/→ (or h/l) move between assessors, Esc returns."""

    HELP = (
        "One assessor at a time: the points are their mean signed deviation from the consensus in each closed session "
        "(above zero lenient, below harsh); the centre line and limits come from their own history, and OUT marks a "
        "run-rule signal. ⚑ means outside tolerance in consecutive sessions."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="drift.back"),
        Binding("right,l", "move(1)", "Next assessor", id="drift.next"),
        Binding("left,h", "move(-1)", "Previous", id="drift.previous"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.drifts: list = []
        """Every assessor's drift, by name."""
        self.index = 0
        """Which assessor is shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="drift-body"):
            yield Static("Loading assessor drift…", id="drift-title")
            yield Static("", id="drift-chart-box")
            yield DataTable(id="drift-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        from textual_plotext import PlotextPlot

        self.query_one("#drift-chart-box").remove()
        self.query_one("#drift-body").mount(PlotextPlot(id="drift-chart"), after="#drift-title")
        self.query_one("#drift-table", DataTable).add_columns("Session", "Closed", "Deviation", "Tolerance", "Outside", "N/A vs peers")
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="drift")
    def load(self) -> None:
        from qa_tui.services import drift

        found = drift.assessor_drift(self.app.actor)
        self.app.call_from_thread(self._loaded, found)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.show_error(event.worker.error)

    def _loaded(self, found: list) -> None:
        self.drifts = [d for d in found if d.points]
        self.index = 0
        self._show()

    def action_move(self, step: int) -> None:
        if self.drifts:
            self.index = (self.index + step) % len(self.drifts)
            self._show()

    def _show(self) -> None:
        title = self.query_one("#drift-title", Static)
        if not self.drifts:
            title.update("No closed calibration sessions yet: drift appears once sessions are closed.")
            return
        drift = self.drifts[self.index]
        flag = "⚑ outside tolerance in consecutive sessions" if drift.flagged else "within tolerance lately"
        signals = f"; signals: {', '.join(drift.signals)}" if drift.signals else ""
        title.update(f"{drift.display_name} ({self.index + 1} of {len(self.drifts)}): {drift.lean}, {flag}{signals}")
        self._draw(drift)
        self._table(drift)

    def _draw(self, drift) -> None:
        chart = self.query_one("#drift-chart")
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(1, len(drift.points) + 1))
        plt.plot(xs, [p.deviation for p in drift.points], marker="●", label="deviation")
        plt.plot(xs, [p.tolerance for p in drift.points], marker="+", label="+tolerance")
        plt.plot(xs, [-p.tolerance for p in drift.points], marker="-", label="-tolerance")
        if drift.chart is not None:
            location = drift.chart.location
            for series, marker, label in ((location.centre, "·", "centre"), (location.upper, "^", "upper limit"),
                                          (location.lower, "v", "lower limit")):
                plt.plot(xs, [float("nan") if math.isnan(v) else v for v in series], marker=marker, label=label)
        plt.title("Deviation from consensus, points (session by session)")
        chart.refresh()

    def _table(self, drift) -> None:
        table = self.query_one("#drift-table", DataTable)
        table.clear()
        for p in drift.points:
            table.add_row(p.title, p.closed_at.strftime("%d %b %Y"), f"{p.deviation:+.1f}", f"±{p.tolerance:g}",
                          "✗ yes" if p.outside else "no", f"{p.na_rate:.0%} vs {p.peer_na_rate:.0%}")
