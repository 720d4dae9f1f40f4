"""Importing a file from the app: choose the kind and type the file's path (and a mapping file, and strict mode if
wanted); the import runs in a thread worker, a progress bar follows it, and the report says what went in, what was
already there and where the rejected rows went with their reasons.

The import itself is `services.imports.import_file`, exactly as `qa-tui import` runs it: the same checks, one
transaction, one audit entry. Its progress callback runs in the worker's thread, so it only posts messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState

from qa_tui.services.permissions import Role, importable_kinds

if TYPE_CHECKING:
    from qa_tui.services.imports import ImportReport

SHOWN_ERRORS = 3
"""Problems listed in the dialog; the reject file has them all."""
STEPS = {"validating": "Checking {total:,} rows…", "writing": "Writing: {done:,} of {total:,} rows…"}


def file_problem(text: str, what: str) -> str | None:
    """Why `text` does not name a readable file, as one sentence, or None."""
    if not text.strip():
        return f"Type the path of the {what}."
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        return f"{path} is a folder; type the path of the {what} in it."
    if not path.is_file():
        return f"There is no {what} at {path}."
    return None


def _strict_label(on: bool) -> str:
    return f"Strict {'on' if on else 'off'}: " + ("nothing goes in unless every row is valid" if on else
                                                  "valid rows go in, the rest to the reject file")


class ImportDialog(ModalScreen[None]):
    """Kind, file, mapping and strict mode; Ctrl+S (or Enter in a path) imports, Esc closes."""

    CSS_PATH = Path(__file__).parent / "import_dialog.tcss"
    BINDINGS = [
        Binding("ctrl+s", "run", "Import", id="import.run", priority=True),
        Binding("escape", "close", "Close", id="import.close"),
    ]
    HELP = ("Import interactions, survey responses, feedback items or (QA managers) a complaint log from a CSV, "
            "Parquet or XLSX file, as 'qa-tui import' does: every row checked, rejected rows written beside the file "
            "with their reasons, nothing added twice. A mapping file (TOML, [columns] then field = \"Header\") names "
            "columns the headers do not; strict imports nothing unless every row is valid.")

    class Progressed(Message):
        """The import moved on (posted from the worker's thread)."""

        def __init__(self, step: str, done: int, total: int) -> None:
            super().__init__()
            self.step, self.done, self.total = step, done, total

    def __init__(self, role: Role) -> None:
        super().__init__()
        self.kinds = importable_kinds(role)
        """What the signed-in role may import."""
        self.running = False
        """True while an import runs (the dialog stays open until it ends)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog", classes="dialog"):
            yield Static("Import a file", classes="dialog-title")
            with Grid(id="import-fields"):
                yield Label("Kind")
                yield Select([(k, k) for k in self.kinds], value=self.kinds[0], allow_blank=False, id="import-kind")
                yield Label("File")
                yield Input(placeholder="path of a .csv, .parquet or .xlsx file", id="import-file")
                yield Label("Mapping")
                yield Input(placeholder="optional: a .toml mapping file", id="import-mapping")
            yield Checkbox(_strict_label(False), id="import-strict")
            yield Static("", id="import-status", markup=False)
            yield ProgressBar(total=1, show_eta=False, id="import-progress")
            yield Static("", id="import-rejects", markup=False)
            yield Static("", id="import-errors", markup=False)
            yield Static("Ctrl+S or Enter import · Tab next field · Esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        self._show("#import-rejects", "")
        self._show("#import-errors", "")
        self.query_one("#import-file", Input).focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = _strict_label(event.value)  # the box's mark differs only in colour, so say it

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run()

    def action_run(self) -> None:
        if self.running:
            return
        file, mapping = self._value("#import-file"), self._value("#import-mapping")
        problem = file_problem(file, "file to import") or (file_problem(mapping, "mapping file") if mapping else None)
        if problem:
            self._status(f"✗ {problem}")
            return
        self.running = True
        self._show("#import-rejects", "")
        self._show("#import-errors", "")
        self.query_one("#import-progress").add_class("shown")
        self._status(f"Reading {Path(file).name}…")
        kind = str(self.query_one("#import-kind", Select).value)
        self.run_import(kind, Path(file).expanduser(), Path(mapping).expanduser() if mapping else None,
                        self.query_one("#import-strict", Checkbox).value)

    def action_close(self) -> None:
        if self.running:
            self._status("An import is running; Esc closes this once it has finished (nothing is half-written).")
            return
        self.dismiss(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def run_import(self, kind: str, path: Path, mapping: Path | None, strict: bool) -> "ImportReport":
        from qa_tui.services.imports import import_file

        def progress(step: str, done: int, total: int) -> None:
            self.post_message(self.Progressed(step, done, total))

        return import_file(self.app.actor, kind, path, mapping_file=mapping, strict=strict, progress=progress)

    def on_import_dialog_progressed(self, message: Progressed) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(message.total, 1), progress=message.done)
        self._status(STEPS.get(message.step, "{done:,} of {total:,}…").format(done=message.done, total=message.total))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self.running = False
            self._report(event.worker.result)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.running = False
            self.query_one("#import-progress").remove_class("shown")
            self._status("✗ The import stopped; nothing was imported.")
            if event.state == WorkerState.ERROR:
                self.app.show_error(event.worker.error)

    def _report(self, report: "ImportReport") -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(report.rows, 1), progress=max(report.rows, 1))
        mark = "✗" if report.strict_refused else "!" if report.rejected else "✓"
        self._status(f"{mark} {report.sentence()}")
        folder = Path(self._value("#import-file")).expanduser().resolve().parent
        self._show("#import-rejects", f"Rejected rows, each with its reasons: {folder / report.rejects_file}"
                   if report.rejects_file else "")
        lines = [f"• {error.sentence()}" for error in report.errors[:SHOWN_ERRORS]]
        if len(report.errors) > SHOWN_ERRORS:
            lines[-1] = f"… and {len(report.errors) - SHOWN_ERRORS + 1:,} more problems in the reject file."
        self._show("#import-errors", "\n".join(lines))

    def _show(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(text)
        widget.display = bool(text)

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _status(self, text: str) -> None:
        self.query_one("#import-status", Static).update(text)
