"""Help for the screen you are on: what it is for, and every key it answers to with the binding id to remap it."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from qa_tui.settings import config_path


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, about: Screen) -> None:
        super().__init__()
        self.about = about
        """The screen this help is for."""

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(getattr(self.about, "HELP", "") or "Keys on this screen:", id="help-text")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(
                f"Remap any key by its id in {_home_relative(config_path())} under [keymap]. Esc closes.",
                id="help-footer",
                markup=False,
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Does", "Binding id")
        for key, description, binding_id in self.rows():
            table.add_row(key, description, binding_id)
        table.focus()

    def rows(self) -> list[tuple[str, str, str]]:
        """Keys with an id (qa-tui's own) first: the screen's, then the app's; then Textual's built-in ones."""
        seen, rows = set(), []
        for active in sorted(self.about.active_bindings.values(), key=self._rank):
            binding = active.binding
            if not active.enabled or binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            rows.append((self.app.get_key_display(binding), binding.description, binding.id or ""))
        return rows

    def _rank(self, active) -> tuple[bool, int]:
        node_rank = 0 if active.node is self.about else 1 if active.node is self.app else 2
        return active.binding.id is None, node_rank


def _home_relative(path: Path) -> str:
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)
