"""Home: who is signed in. The dashboard and the main areas arrive with the app shell."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from qa_tui.services.session import Actor

NOT_BUILT = (
    "The dashboard, review queue, evaluations, calibration, trends, complaints, actions, scorecards and admin "
    "areas are not built yet. Until they are, manage accounts, keys and the audit trail with the qa-tui "
    "command line (qa-tui --help)."
)


class HomeScreen(Screen[None]):
    """The signed-in landing screen."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        """The signed-in user."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Signed in as {self.actor.label}", id="who")
        yield Static(NOT_BUILT, id="home-body")
        yield Footer()
