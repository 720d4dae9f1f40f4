"""Admin: user accounts and the audit trail (retention and erasure arrive with the GDPR work)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from qa_tui.screens.base import AreaScreen


class AdminScreen(AreaScreen):
    HELP = (
        "Accounts and the audit trail. Add, disable and re-role accounts with 'qa-tui user ...' on the command line. "
        "Retention settings, erasure and subject access exports are not built yet."
    )
    BINDINGS = [
        Binding("u", "focus_users", "Users", id="admin.users"),
        Binding("a", "focus_audit", "Audit", id="admin.audit"),
        Binding("v", "verify", "Verify chain", id="admin.verify"),
        Binding("r", "reload", "Reload", id="admin.reload"),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="admin-body"):
            yield Static("Users", classes="section-title")
            yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
            yield Static("Audit trail (newest first)", classes="section-title")
            yield Static("", id="audit-status")
            yield DataTable(id="audit", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#users", DataTable).add_columns("Name", "Role", "Status", "Teams")
        self.query_one("#audit", DataTable).add_columns("#", "When (UTC)", "Who", "What", "Reason")
        self.action_reload()

    def action_focus_users(self) -> None:
        self.query_one("#users").focus()

    def action_focus_audit(self) -> None:
        self.query_one("#audit").focus()

    def action_reload(self) -> None:
        self.load()

    def action_verify(self) -> None:
        self.query_one("#audit-status", Static).update("Verifying the audit chain…")
        self.verify()

    @work(thread=True, exclusive=True, exit_on_error=False, group="admin")
    def load(self) -> None:
        from qa_tui.services import accounts, audit

        users, entries = accounts.list_users(self.actor), audit.recent(self.actor, limit=200)
        self.app.call_from_thread(self._show, users, entries)

    @work(thread=True, exclusive=True, exit_on_error=False, group="admin-verify")
    def verify(self) -> None:
        from qa_tui.services import audit

        report = audit.verify(self.actor)
        mark = "✓" if report.intact else "✗"
        self.app.call_from_thread(self.query_one("#audit-status", Static).update, f"{mark} {report.sentence()}")
        self.app.call_from_thread(self.action_reload)

    def _show(self, users, entries) -> None:
        table = self.query_one("#users", DataTable)
        table.clear()
        for user in users:
            table.add_row(user.name, user.role.label, "disabled" if user.disabled else "active", ", ".join(user.teams))
        log = self.query_one("#audit", DataTable)
        log.clear()
        for entry in entries:
            log.add_row(str(entry.seq), entry.at.strftime("%Y-%m-%d %H:%M:%S"), entry.actor, entry.action, entry.reason)
