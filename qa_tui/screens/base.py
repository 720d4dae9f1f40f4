"""What every main area shares: the header (who is signed in), the navigation bar and the footer of keys."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import Worker, WorkerState

from qa_tui.widgets.nav import NavBar

if TYPE_CHECKING:
    from qa_tui.screens.areas import Area
    from qa_tui.services.session import Actor


class AreaScreen(Screen[None]):
    """A main area; subclasses yield their body from `compose_body`."""

    CSS_PATH = Path(__file__).parent / "areas.tcss"
    """Absolute, so that subclasses in other modules share it; Textual loads it with the first area."""

    HELP: ClassVar[str] = ""
    """Shown by the help screen (F1 or ?) above the list of keys."""

    def __init__(self, area: "Area") -> None:
        super().__init__(id=f"area-{area.id}")
        self.area = area
        """The area this screen shows."""

    @property
    def actor(self) -> "Actor":
        return self.app.actor

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar(self.area.id, self.actor.role)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker messages do not bubble: each screen hands its workers' failures to the app's error dialog.
        if event.state == WorkerState.ERROR:
            self.app.show_error(event.worker.error)

    def on_screen_resume(self) -> None:
        self.app.title = f"qa-tui · {self.area.title}"
