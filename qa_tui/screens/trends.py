"""Trends: KPIs over time with targets, benchmarking, the Pareto of failing criteria and control charts.

Data loads once in a worker (the window and the actor's scope cut rows in SQL); every filter is then a polars
filter on the cached frames. Every chart is also a table with exact numbers below it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, UTC

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from qa_tui.screens.base import AreaScreen

KPI_KEYS = ("qa_score", "pass_rate", "critical_fail_rate", "mystery_shop_score", "csat", "nps", "ces", "fcr")
PERIODS = (90, 30, 180, 365)
GRAINS = ("week", "month", "day")
VIEWS = ("trend", "benchmark", "pareto", "control")
FILTERS = ("site", "team", "agent", "channel", "method", "scorecard")


@dataclass(frozen=True)
class ViewState:
    kpi: str = "qa_score"
    days: int = 90
    grain: str = "week"
    view: str = "trend"
    site: str | None = None
    team: str | None = None
    agent: str | None = None
    channel: str | None = None
    method: str | None = None
    scorecard: str | None = None


def _binding(key: str, action: str, label: str, name: str, show: bool = True) -> Binding:
    return Binding(key, action, label, id=f"trends.{name}", show=show)


class TrendsScreen(AreaScreen):
    HELP = ("KPIs for your scope. k: KPI, v: view (trend, benchmark, Pareto, control chart), p: period, g: day, week "
            "or month; s, t, a, c, m, o cycle the site, team, agent, channel, method and scorecard filters; Enter on "
            "a table row drills down (site, team, agent, one evaluation); Backspace goes back up; x clears filters.")
    BINDINGS = [
        _binding("k", "cycle_kpi", "KPI", "kpi"),
        _binding("v", "cycle_view", "View", "view"),
        _binding("p", "cycle_period", "Period", "period"),
        _binding("g", "cycle_grain", "Grain", "grain"),
        _binding("s", "cycle('site')", "Site", "site", show=False),
        _binding("t", "cycle('team')", "Team", "team", show=False),
        _binding("a", "cycle('agent')", "Agent", "agent", show=False),
        _binding("c", "cycle('channel')", "Channel", "channel", show=False),
        _binding("m", "cycle('method')", "Method", "method", show=False),
        _binding("o", "cycle('scorecard')", "Card", "scorecard", show=False),
        _binding("x", "clear_filters", "Clear", "clear"),
        _binding("backspace", "drill_up", "Up", "up", show=False),
        _binding("r", "reload", "Reload", "reload", show=False),
    ]

    def __init__(self, area) -> None:
        super().__init__(area)
        self.state = ViewState()
        """What is shown: KPI, window, grain, view and filters (names; None is all)."""
        self.data = None
        """The loaded frames (analytics.loader.TrendsData) once the first load finishes."""
        self.rows: list[dict] = []
        """The table's rows as shown, for drilling down."""
        self.asked = 0
        """How many computations were asked for."""
        self.shown = 0
        """Which of them is on screen: an older one (from less data) never replaces it."""
        self.drawn: ViewState | None = None
        """The state whose chart and table are on screen."""

    def compose_body(self) -> ComposeResult:
        with Vertical(id="trends-body"):
            yield Static("Loading trends…", id="trends-filters")
            yield Static("", id="trends-chart-box")
            yield DataTable(id="trends-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="trends-note")

    def on_mount(self) -> None:
        from textual_plotext import PlotextPlot

        box = self.query_one("#trends-chart-box", Static)
        box.remove()
        self.query_one("#trends-body").mount(PlotextPlot(id="trends-chart"), after="#trends-filters")
        self.load()

    # --- loading and computing in workers ----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="trends-load")
    def load(self) -> None:
        from qa_tui.analytics.loader import stream

        today = self.app.today()
        since, first = _midnight(today, max(PERIODS)), _midnight(today, self.state.days)
        # The view's own window draws first; the rest of the year, then the answers, follow in this worker.
        shown = None
        for data in stream(self.actor, since, first):
            self.data = data
            frames = (data.evaluations, data.surveys, data.answers if self.state.view == "pareto" else None)
            if shown is None or any(a is not b for a, b in zip(frames, shown)):  # recompute only what changed
                shown = frames
                self.app.call_from_thread(self.recompute)

    def recompute(self) -> None:
        if self.data is not None:
            self.asked += 1
            self.compute(self.state, self.asked)

    @work(thread=True, exclusive=True, exit_on_error=False, group="trends-compute")
    def compute(self, state: ViewState, asked: int) -> None:
        from qa_tui.screens.trends_views import build_view

        result = build_view(self.actor, self.data, state, self.app.today())
        self.app.call_from_thread(self._show, state, result, asked)

    def _show(self, state: ViewState, result, asked: int) -> None:
        if state != self.state or asked < self.shown:
            return  # a newer filter is being computed, or a result from more data is already shown
        self.shown = asked
        self.query_one("#trends-filters", Static).update(result.caption)
        chart = self.query_one("#trends-chart")
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        result.draw(plt)
        chart.refresh()
        table = self.query_one("#trends-table", DataTable)
        table.clear(columns=True)
        table.add_columns(*result.columns)
        for row in result.rows:
            table.add_row(*row["cells"])
        self.rows = result.rows
        self.query_one("#trends-note", Static).update(result.note)
        self.drawn = state

    # --- keys --------------------------------------------------------------------------------------------

    def _set(self, **changes) -> None:
        self.state = replace(self.state, **changes)
        self.recompute()

    def action_cycle_kpi(self) -> None:
        self._set(kpi=_next(KPI_KEYS, self.state.kpi))

    def action_cycle_view(self) -> None:
        self._set(view=_next(VIEWS, self.state.view))

    def action_cycle_period(self) -> None:
        self._set(days=_next(PERIODS, self.state.days))

    def action_cycle_grain(self) -> None:
        self._set(grain=_next(GRAINS, self.state.grain))

    def action_cycle(self, name: str) -> None:
        if self.data is None:
            return
        from qa_tui.screens.trends_views import filter_choices

        choices = (None, *filter_choices(self.data, self.state, name))
        self._set(**{name: _next(choices, getattr(self.state, name))})

    def action_clear_filters(self) -> None:
        self._set(**{name: None for name in FILTERS})

    def action_drill_up(self) -> None:
        for name in ("agent", "team", "site"):
            if getattr(self.state, name) is not None:
                self._set(**{name: None})
                return

    def action_reload(self) -> None:
        self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.cursor_row >= len(self.rows):
            return
        row = self.rows[event.cursor_row]
        if "evaluation_id" in row:
            self.notify(row["detail"], title="Evaluation", timeout=10)
        elif "drill" in row:
            name, value = row["drill"]
            self._set(**{name: value, "view": "benchmark" if name != "agent" else "trend"})


def _midnight(today, days: int) -> datetime:
    """The start of a window of `days` days ending today."""
    return datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=UTC)


def _next(options: tuple, current):
    index = options.index(current) if current in options else -1
    return options[(index + 1) % len(options)]
