"""The Textual application: sign-in, then one mode per main area.

Kept thin: areas live in `screens/areas.py`, their screens own their keys and workers, and a worker's failure
becomes an error dialog, never a crash.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual.app import App
from textual.binding import Binding

from qa_tui.commands import AreaCommands, ImportCommands
from qa_tui.errors import QaTuiError
from qa_tui.screens.areas import AREAS
from qa_tui.services.permissions import importable_kinds, may_open_area

if TYPE_CHECKING:  # the database layer loads at sign-in, not before the first paint
    from qa_tui.services.session import Actor
    from qa_tui.store.location import DatabaseLocation


def _area_bindings() -> list[Binding]:
    return [
        Binding(area.key, f"area('{area.id}')", area.title, id=f"app.area.{area.id}", show=False)
        for area in AREAS
    ]


class QaApp(App[None]):
    """qa-tui in the terminal."""

    TITLE = "qa-tui"
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute, so subclasses elsewhere find it too
    COMMANDS = App.COMMANDS | {AreaCommands, ImportCommands}
    MODES = {area.id: area.make_screen for area in AREAS}
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+t", "change_theme", "Theme", id="app.theme"),
        Binding("ctrl+o", "import_data", "Import a file", id="app.import", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        *_area_bindings(),
    ]

    def __init__(
        self,
        location: "DatabaseLocation",
        user_name: str,
        actor: "Actor | None" = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__()
        self.location = location
        """Where the database lives."""
        self.user_name = user_name
        """The name offered at sign-in (the OS user by default)."""
        self.actor: "Actor | None" = None
        """The signed-in user, once signed in."""
        self.today = today or (lambda: datetime.now(UTC).date())
        """Today's date; tests and snapshots pin it."""
        self._signed_in_already = actor

    def on_mount(self) -> None:
        from qa_tui.screens.sign_in import SignInScreen

        self._apply_settings()
        self.push_screen(SignInScreen(self.location, self.user_name))
        if self._signed_in_already is not None:
            self.signed_in(self._signed_in_already)

    def _apply_settings(self) -> None:
        from qa_tui.settings import load_settings, save_theme

        try:
            settings = load_settings()
        except QaTuiError as error:
            self.notify(str(error), title="Settings ignored", severity="warning", timeout=10)
            return
        self.set_keymap(settings.keymap)
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self.theme_changed_signal.subscribe(self, lambda theme: save_theme(theme.name))

    def signed_in(self, actor: "Actor") -> None:
        self.actor = actor
        self.sub_title = actor.label
        self.switch_mode("home")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "area":
            return self.actor is not None and may_open_area(self.actor.role, str(parameters[0]))
        if action == "import_data":
            return self.actor is not None and bool(importable_kinds(self.actor.role))
        return True

    def action_area(self, area_id: str) -> None:
        if self.actor is not None and may_open_area(self.actor.role, area_id):
            self.switch_mode(area_id)

    def action_import_data(self) -> None:
        from qa_tui.screens.import_dialog import ImportDialog

        if self.check_action("import_data", ()) and not isinstance(self.screen, ImportDialog):
            self.push_screen(ImportDialog(self.actor.role))

    def action_help(self) -> None:
        from qa_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def show_error(self, error: BaseException | None) -> None:
        from qa_tui.screens.error import ErrorDialog

        message = str(error) if isinstance(error, QaTuiError) else f"Something went wrong: {error!r}"
        self.push_screen(ErrorDialog(message))

    def on_unmount(self) -> None:
        if self.actor is not None:
            from qa_tui.services.unlock import sign_out

            try:
                sign_out(self.actor)
            except QaTuiError:
                pass  # the database went away (rotated key, server down): nothing left to record


