"""An area that is not built yet: it says plainly what it will hold, and shows no made-up data."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from qa_tui.screens.base import AreaScreen


class PlannedAreaScreen(AreaScreen):
    HELP = "This area is not built yet. Use the number keys or Ctrl+P to move to another area."

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="planned"):
            yield Static(f"{self.area.title}: not built yet", classes="planned-title")
            yield Static(f"This area will hold: {self.area.summary}", classes="planned-text")
            yield Static("Nothing is shown here until it is real.", classes="planned-note")
