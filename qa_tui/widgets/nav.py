"""The navigation bar: the areas the signed-in role may open, each with its key; the current one marked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from qa_tui.screens.areas import AREAS, Area
from qa_tui.services.permissions import Role, may_open_area


class NavBar(Static):
    """One line (two when narrow): `▸1 Home  2 Queue ...`; the current area is marked by ▸ and bold, not colour."""

    DEFAULT_CSS = """
    NavBar {
        height: auto;
        padding: 0 0;
        background: $panel;
    }
    """

    def __init__(self, current: str, role: Role) -> None:
        super().__init__(self.render_areas(current, role))

    @staticmethod
    def render_areas(current: str, role: Role) -> Text:
        text = Text()
        for area in visible_areas(role):
            marker, style = ("▸", "bold reverse") if area.id == current else (" ", "")
            text.append(f"{marker}{area.key} {area.label}", style=style)
            text.append(" ")
        return text


def visible_areas(role: Role) -> list[Area]:
    return [area for area in AREAS if may_open_area(role, area.id)]
