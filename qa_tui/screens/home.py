"""Home: real figures for the signed-in user's scope, loaded in a worker so the first paint never waits."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from qa_tui.screens.base import AreaScreen
from qa_tui.services.dashboard import Figure



class HomeScreen(AreaScreen):
    HELP = "Figures for your scope: your teams as a team leader, your own contacts as an agent, everything otherwise."
    BINDINGS = [Binding("r", "reload", "Reload", id="home.reload")]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="home-body"):
            yield Static(f"Signed in as {self.actor.label}", id="who")
            yield Static("Loading figures…", id="home-status")
            yield DataTable(id="figures", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#figures", DataTable)
        table.add_columns("Figure", "Value", "Detail")
        self.action_reload()

    def action_reload(self) -> None:
        self.load_figures()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home")
    def load_figures(self) -> None:
        from qa_tui.services.dashboard import home_figures

        figures = home_figures(self.actor, self.app.today())
        self.app.call_from_thread(self._show, figures)

    def _show(self, figures: list[Figure]) -> None:
        table = self.query_one("#figures", DataTable)
        table.clear()
        for figure in figures:
            table.add_row(figure.label, figure.value, figure.note)
        self.query_one("#home-status", Static).display = False
