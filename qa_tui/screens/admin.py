"""Admin: user accounts, retention (settings, dry run, run) and the audit trail."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from qa_tui.screens.base import AreaScreen


class ConfirmRetentionRun(ModalScreen[bool]):
    """Asks before a retention run removes anything; shows what the dry run said would go."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes, remove", id="retention.confirm"),
        Binding("n,escape", "answer(False)", "No", id="retention.cancel"),
    ]

    def __init__(self, preview: list[str]) -> None:
        super().__init__()
        self.preview = preview
        """The dry run's lines: what would be removed."""

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static("Run retention now? This cannot be undone.", id="confirm-question")
            yield Static("\n".join(self.preview), id="confirm-preview")
            yield Static("Y to remove · N or Esc to keep everything", id="confirm-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class AdminScreen(AreaScreen):
    HELP = (
        "Accounts, retention and the audit trail. Add, disable and re-role accounts with 'qa-tui user ...'. "
        "D shows what a retention run would remove; X runs it after you confirm. Change periods with "
        "'qa-tui retention set KIND DAYS'; erase or export a person with 'qa-tui subject erase|export ID'. "
        "Ctrl+O imports interactions, survey responses or feedback items from a CSV, Parquet or XLSX file, with a "
        "progress bar and a report of what went in and where the rejected rows went (complaint logs are imported "
        "by QA managers, who handle complaints)."
    )
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("u", "focus_users", "Users", id="admin.users"),
        Binding("t", "focus_retention", "Retention", id="admin.retention", show=False),
        Binding("a", "focus_audit", "Audit", id="admin.audit"),
        Binding("d", "dry_run", "Dry run", id="admin.retention_dry_run"),
        Binding("x", "run_retention", "Run retention", id="admin.retention_run"),
        Binding("v", "verify", "Verify chain", id="admin.verify"),
        Binding("r", "reload", "Reload", id="admin.reload"),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="admin-body"):
            yield Static("Users", classes="section-title")
            yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
            yield Static("Retention", classes="section-title")
            yield DataTable(id="retention", cursor_type="row", zebra_stripes=True)
            yield Static("", id="retention-status")
            yield Static("Audit trail (newest first)", classes="section-title")
            yield Static("", id="audit-status")
            yield DataTable(id="audit", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#users", DataTable).add_columns("Name", "Role", "Status", "Teams")
        self.query_one("#retention", DataTable).add_columns("Kind", "Days", "Set by", "Covers")
        self.query_one("#audit", DataTable).add_columns("#", "When (UTC)", "Who", "What", "Reason")
        self.action_reload()

    def action_focus_users(self) -> None:
        self.query_one("#users").focus()

    def action_focus_retention(self) -> None:
        self.query_one("#retention").focus()

    def action_focus_audit(self) -> None:
        self.query_one("#audit").focus()

    def action_reload(self) -> None:
        self.load()

    def action_verify(self) -> None:
        self.query_one("#audit-status", Static).update("Verifying the audit chain…")
        self.verify()

    def action_dry_run(self) -> None:
        self._retention_status("Counting what is past its retention date…")
        self.retention(dry_run=True, then_confirm=False)

    def action_run_retention(self) -> None:
        self._retention_status("Counting what a run would remove…")
        self.retention(dry_run=True, then_confirm=True)

    def _retention_status(self, text: str) -> None:
        self.query_one("#retention-status", Static).update(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="admin")
    def load(self) -> None:
        from qa_tui.services import accounts, audit
        from qa_tui.services.privacy.retention import retention_settings

        users, entries = accounts.list_users(self.actor), audit.recent(self.actor, limit=200)
        settings = retention_settings(self.actor)
        self.app.call_from_thread(self._show, users, settings, entries)

    @work(thread=True, exclusive=True, exit_on_error=False, group="admin-retention")
    def retention(self, dry_run: bool, then_confirm: bool = False) -> None:
        from qa_tui.services.privacy.retention import run_retention

        report = run_retention(self.actor, dry_run=dry_run)
        summary = "; ".join(report.lines()[:len(report.results)])
        if then_confirm:
            self.app.call_from_thread(self._confirm, report)
            return
        mark = "Dry run, nothing changed:" if dry_run else "✓ Retention run:"
        self.app.call_from_thread(self._retention_status, f"{mark} {summary}")
        if not dry_run:
            self.app.call_from_thread(self.action_reload)

    def _confirm(self, report) -> None:
        if report.total == 0:
            self._retention_status("Nothing is past its retention date; nothing to remove.")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._retention_status("Removing what is past its retention date…")
                self.retention(dry_run=False)
            else:
                self._retention_status("Retention run cancelled; nothing was changed.")

        self.app.push_screen(ConfirmRetentionRun(report.lines()[:len(report.results)]), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="admin-verify")
    def verify(self) -> None:
        from qa_tui.services import audit

        report = audit.verify(self.actor)
        mark = "✓" if report.intact else "✗"
        self.app.call_from_thread(self.query_one("#audit-status", Static).update, f"{mark} {report.sentence()}")
        self.app.call_from_thread(self.action_reload)

    def _show(self, users, settings, entries) -> None:
        table = self.query_one("#users", DataTable)
        table.clear()
        for user in users:
            table.add_row(user.name, user.role.label, "disabled" if user.disabled else "active", ", ".join(user.teams))
        kinds = self.query_one("#retention", DataTable)
        kinds.clear()
        for info in settings:
            kinds.add_row(info.label, f"{info.days:,}", info.changed_by or "default", info.covers)
        log = self.query_one("#audit", DataTable)
        log.clear()
        for entry in entries:
            log.add_row(str(entry.seq), entry.at.strftime("%Y-%m-%d %H:%M:%S"), entry.actor, entry.action, entry.reason)
