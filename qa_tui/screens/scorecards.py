"""Scorecards: every version of every scorecard; view, compare and export them; QA managers also create drafts
(from a template or a TOML file), edit a draft as TOML with validate-on-save, and publish it.

The role check lives in the services; keys a role may not use are not offered here either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Static, TextArea

from qa_tui.errors import QaTuiError
from qa_tui.screens.base import AreaScreen
from qa_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from qa_tui.services.permissions import Role
from qa_tui.widgets.scorecard_view import comparison_view, scorecard_tree, status_text

VIEW, COMPARE, EDITOR = "card-view", "card-compare", "card-editor"
MANAGER_ACTIONS = {"template", "import_file", "new_draft", "edit", "publish"}
EDITOR_ACTIONS = {"save", "close"}
_LINE = re.compile(r"^line (\d+):")


class ScorecardsScreen(AreaScreen):
    HELP = (
        "Every scorecard with its versions. The highlighted version is shown below as sections, criteria, levels "
        "and anchors; c compares it with another version, x exports it to a TOML file. QA managers create a draft "
        "from a template (t) or a TOML file (i), make a new draft of a published scorecard (n), edit a draft as "
        "TOML (e; Ctrl+S validates and saves, Esc closes) and publish it (p)."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="scorecards.save", priority=True),
        Binding("escape", "close", "Close", id="scorecards.close"),
        Binding("t", "template", "Template", id="scorecards.template"),
        Binding("i", "import_file", "Import", id="scorecards.import"),
        Binding("n", "new_draft", "New draft", id="scorecards.new_draft"),
        Binding("e", "edit", "Edit", id="scorecards.edit"),
        Binding("p", "publish", "Publish", id="scorecards.publish"),
        Binding("c", "compare", "Compare", id="scorecards.compare"),
        Binding("x", "export", "Export", id="scorecards.export"),
        Binding("r", "reload", "Reload", id="scorecards.reload"),
    ]

    def __init__(self, area) -> None:
        super().__init__(area)
        self.versions: dict[str, object] = {}
        """Every version by id (as text), as listed."""
        self.editing = None
        """The draft open in the editor (a `VersionSummary`), or None."""
        self.select_after_load: str | None = None
        """The version to highlight once the list reloads (one just made)."""
        self._saved_text = ""

    def compose_body(self) -> ComposeResult:
        with Vertical(id="cards-body"):
            yield Static("Loading scorecards…", id="cards-status", markup=False)
            yield Static("", id="cards-message", markup=False)
            yield DataTable(id="versions", cursor_type="row", zebra_stripes=True)
            yield Static("", id="card-pane-title", markup=False)
            with ContentSwitcher(initial=VIEW, id="cards-pane"):
                with VerticalScroll(id=VIEW):
                    yield Static("", id="card-tree")
                with VerticalScroll(id=COMPARE):
                    yield Static("", id="card-comparison")
                with Vertical(id=EDITOR):
                    yield TextArea(id="card-text", soft_wrap=False, show_line_numbers=True)
                    yield Static("", id="editor-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#versions", DataTable).add_columns("Scorecard", "Version", "Status", "Published")
        self.action_reload()

    # --- what may be done now ---------------------------------------------------------------------------

    @property
    def selected(self):
        table = next(iter(self.query("#versions").results(DataTable)), None)  # None before the first compose
        if table is None or table.row_count == 0:
            return None
        return self.versions.get(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MANAGER_ACTIONS and self.actor.role != Role.QA_MANAGER:
            return False
        if self.editing is not None:
            return action in EDITOR_ACTIONS or action not in self._own_actions()
        if action in EDITOR_ACTIONS:
            return action == "close" and self._pane() == COMPARE
        version = self.selected
        if action in ("edit", "publish"):
            return (version is not None and version.status == "draft") or None
        if action == "new_draft":
            return (version is not None and self._latest(version).status == "published") or None
        if action in ("compare", "export"):
            return version is not None or None
        return True

    def _own_actions(self) -> set[str]:
        return {binding.action for binding in self.BINDINGS}

    def _latest(self, version):
        same = [v for v in self.versions.values() if v.scorecard_id == version.scorecard_id]
        return max(same, key=lambda v: v.number)

    def _pane(self) -> str:
        return self.query_one("#cards-pane", ContentSwitcher).current or VIEW

    def _show_pane(self, pane: str, title: str) -> None:
        self.query_one("#cards-pane", ContentSwitcher).current = pane
        self.query_one("#card-pane-title", Static).update(title)
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#versions")
    def _highlighted(self) -> None:
        self.refresh_bindings()
        if self.editing is None and self.selected is not None:
            self.load_view(self.selected)

    @on(DataTable.RowSelected, "#versions")
    def _selected(self) -> None:
        self.query_one(f"#{VIEW}").focus()

    # --- keys -------------------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load_list()

    def action_template(self) -> None:
        from qa_tui.domain.templates import list_templates

        choices = [(name.replace("_", " "), name) for name in list_templates()]
        self.app.push_screen(ChoiceDialog("New draft from which template?", choices),
                             lambda name: name and self.act(partial(self._template, name)))

    def action_import_file(self) -> None:
        self.app.push_screen(TextDialog("Import a scorecard from which TOML file?", placeholder="path/to/scorecard.toml"),
                             lambda path: path and self.act(partial(self._import, path)))

    def action_new_draft(self) -> None:
        version = self.selected
        self.act(partial(self._new_draft, version.scorecard_id))

    def action_edit(self) -> None:
        self.open_editor(self.selected)

    def action_publish(self) -> None:
        version = self.selected
        question = f"Publish {version.name} v{version.number}?"
        detail = "A published version is frozen: evaluations can use it, and it can no longer be edited."
        self.app.push_screen(ConfirmDialog(question, detail),
                             lambda yes: yes and self.act(partial(self._publish, version.id)))

    def action_compare(self) -> None:
        version = self.selected
        others = [v for v in self.versions.values() if v.scorecard_id == version.scorecard_id and v.id != version.id]
        if not others:
            self.notify(f"{version.name} has only one version: nothing to compare it with.", markup=False)
            return
        choices = [(f"v{v.number} ({status_text(v.status)})", v) for v in others]
        self.app.push_screen(ChoiceDialog(f"Compare {version.name} v{version.number} with which version?", choices),
                             lambda other: other and self.load_comparison(version, other))

    def action_export(self) -> None:
        version = self.selected
        suggested = f"{re.sub(r'[^a-z0-9]+', '-', version.name.lower()).strip('-')}-v{version.number}.toml"
        self.app.push_screen(TextDialog(f"Export {version.name} v{version.number} to which file?", value=suggested),
                             lambda path: path and self.act(partial(self._export, version, path)))

    def action_save(self) -> None:
        self._editor_message("Checking and saving…", error=False)
        self.save_draft(self.editing, self.query_one("#card-text", TextArea).text)

    def action_close(self) -> None:
        if self.editing is None:
            self._highlighted()
            return
        if self.query_one("#card-text", TextArea).text != self._saved_text:
            self.app.push_screen(ConfirmDialog("Close the editor and lose your unsaved changes?"),
                                 lambda yes: yes and self._close_editor())
        else:
            self._close_editor()

    # --- the editor -------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="scorecards-editor")
    def open_editor(self, version) -> None:
        from qa_tui.services import scorecards

        text = scorecards.export_toml(self.actor, version.id)
        self.app.call_from_thread(self._start_editing, version, text)

    def _start_editing(self, version, text: str) -> None:
        self.editing, self._saved_text = version, text
        area = self.query_one("#card-text", TextArea)
        area.load_text(text)
        self._editor_message("Ctrl+S checks and saves; a mistake is shown here with its line, and your text is kept.",
                             error=False)
        self._show_pane(EDITOR, f"Editing {version.name} v{version.number} (draft)")
        area.focus()

    def _close_editor(self) -> None:
        self.editing = None
        self.query_one("#versions").focus()
        self._show_pane(VIEW, "")
        self._highlighted()

    @work(thread=True, exclusive=True, exit_on_error=False, group="scorecards-save")
    def save_draft(self, version, text: str) -> None:
        from qa_tui.services import scorecards

        try:
            saved = scorecards.update_draft(self.actor, version.id, text, expected_version=version.row_version)
        except QaTuiError as error:
            self.app.call_from_thread(self._save_failed, str(error))
            return
        self.app.call_from_thread(self._saved, saved, text)

    def _save_failed(self, message: str) -> None:
        self._editor_message(f"✗ Not saved: {message}", error=True)
        line = _LINE.match(message)
        if line:
            area = self.query_one("#card-text", TextArea)
            area.cursor_location = (int(line.group(1)) - 1, 0)
            area.scroll_cursor_visible()

    def _saved(self, saved, text: str) -> None:
        self.editing, self._saved_text = saved, text
        self._editor_message(f"✓ Saved {saved.name} v{saved.number}: the scorecard is valid.", error=False)
        self.load_list()

    def _editor_message(self, message: str, *, error: bool) -> None:
        status = self.query_one("#editor-error", Static)
        status.update(message)
        status.set_class(error, "-error")

    # --- workers ----------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="scorecards-list")
    def load_list(self) -> None:
        from qa_tui.services import scorecards

        self.app.call_from_thread(self._show_list, scorecards.list_versions(self.actor))

    @work(thread=True, exclusive=True, exit_on_error=False, group="scorecards-view")
    def load_view(self, version) -> None:
        from qa_tui.services import scorecards

        card = scorecards.get_scorecard(self.actor, version.id)
        self.app.call_from_thread(self._show_tree, version, card)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scorecards-view")
    def load_comparison(self, one, other) -> None:
        from qa_tui.services import scorecards

        old, new = sorted((one, other), key=lambda v: v.number)
        comparison = scorecards.compare(self.actor, old.id, new.id)
        view = comparison_view(f"v{old.number}", f"v{new.number}", comparison)
        self.app.call_from_thread(self._show_comparison, f"Compare {old.name} v{old.number} and v{new.number}", view)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scorecards-act")
    def act(self, service: Callable[[], tuple[str, str | None]]) -> None:
        """Run one user action; a refusal (with its line, for a bad file) is told, never raised."""
        try:
            done, select = service()
        except QaTuiError as error:
            self.app.call_from_thread(self._tell, f"✗ {error}", "error")
            return
        self.app.call_from_thread(self._done, done, select)

    def _template(self, name: str) -> tuple[str, str]:
        from qa_tui.services import scorecards

        made = scorecards.import_template(self.actor, name)
        return f"✎ Draft {made.name} v{made.number} made from the template.", str(made.id)

    def _import(self, path: str) -> tuple[str, str]:
        from qa_tui.services import scorecards

        try:
            text = Path(path).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise QaTuiError(f"Cannot read {path}: {getattr(error, 'strerror', None) or error}.") from None
        try:
            made = scorecards.import_scorecard(self.actor, text)
        except QaTuiError as error:
            raise QaTuiError(f"{Path(path).name}: {error}") from None
        return f"✎ Draft {made.name} v{made.number} imported from {Path(path).name}.", str(made.id)

    def _new_draft(self, scorecard_id) -> tuple[str, str]:
        from qa_tui.services import scorecards

        made = scorecards.new_draft(self.actor, scorecard_id)
        return f"✎ Draft {made.name} v{made.number} made; e edits it.", str(made.id)

    def _publish(self, version_id) -> tuple[str, str]:
        from qa_tui.services import scorecards

        made = scorecards.publish(self.actor, version_id)
        return f"✓ Published {made.name} v{made.number}.", str(made.id)

    def _export(self, version, path: str) -> tuple[str, None]:
        from qa_tui.services import scorecards

        target = Path(path).expanduser()
        if target.exists():
            raise QaTuiError(f"{path} already exists; choose another name.")
        text = scorecards.export_toml(self.actor, version.id)
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as error:
            raise QaTuiError(f"Cannot write {path}: {error.strerror or error}.") from None
        return f"✓ Exported {version.name} v{version.number} to {path}.", None

    # --- filling the widgets ----------------------------------------------------------------------------

    def _tell(self, message: str, severity: str) -> None:
        line = self.query_one("#cards-message", Static)
        line.update(message)
        line.display = True
        if severity == "error":
            self.notify(message, severity="error", timeout=10, markup=False)

    def _done(self, message: str, select: str | None) -> None:
        self.select_after_load = select
        self._tell(message, "information")
        self.load_list()

    def _show_list(self, versions) -> None:
        table = self.query_one("#versions", DataTable)
        keep = self.select_after_load or (str(self.selected.id) if self.selected else None)
        self.select_after_load = None
        table.clear()
        self.versions = {str(v.id): v for v in versions}
        for v in versions:
            when = f"{v.published_at:%Y-%m-%d}" if v.published_at else "—"
            table.add_row(*map(Text, (v.name, f"v{v.number}", status_text(v.status), when)), key=str(v.id))
        if keep in self.versions:
            table.move_cursor(row=table.get_row_index(keep))
        self.query_one("#cards-status", Static).update(self._summary(versions))
        self.refresh_bindings()

    def _summary(self, versions) -> str:
        cards = len({v.scorecard_id for v in versions})
        text = f"{cards} scorecard{'s' if cards != 1 else ''}, {len(versions)} version{'s' if len(versions) != 1 else ''}"
        return text if self.actor.role == Role.QA_MANAGER else f"{text} · read-only: QA managers change scorecards"

    def _show_tree(self, version, card) -> None:
        if self.editing is not None:
            return
        self.query_one("#card-tree", Static).update(scorecard_tree(card))
        self._show_pane(VIEW, f"{version.name} v{version.number} ({status_text(version.status)})")

    def _show_comparison(self, title: str, view) -> None:
        self.query_one("#card-comparison", Static).update(view)
        self._show_pane(COMPARE, title)
