"""Admin: user accounts, retention (periods, dry run, run), people's rights (erasure, subject access export) and
the audit trail with a filter."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from qa_tui.screens.base import AreaScreen
from qa_tui.screens.dialogs import ConfirmDialog, ReportDialog, TextDialog
from qa_tui.screens.form_dialog import Field, FormDialog

PERSON = Field("record", "Record id (customer, agent, mystery shopper), or a customer's email or phone")
REASON = Field("reason", "Reason (the request's reference; kept in the audit trail)")


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
        "Accounts, retention, people's rights and the audit trail. Add, disable and re-role accounts with "
        "'qa-tui user ...'. T moves to the retention periods and P changes the highlighted one; D shows what a "
        "retention run would remove; X runs it after you confirm. E erases a customer, an agent or a mystery "
        "shopper (by their record id, or a customer's email or phone), after you confirm, and shows what was erased "
        "and what was kept; S writes everything held about one of them to a new file only you can read (a subject "
        "access request). / shows only the audit entries that contain some "
        "text (who, what, target or reason). "
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
        Binding("p", "set_period", "Period", id="admin.retention_set", show=False),
        Binding("e", "erase", "Erase a person", id="admin.erase", show=False),
        Binding("s", "export", "Export a person", id="admin.export", show=False),
        Binding("slash", "filter_audit", "Filter audit", id="admin.audit_filter", show=False),
        Binding("v", "verify", "Verify chain", id="admin.verify"),
        Binding("r", "reload", "Reload", id="admin.reload"),
    ]

    audit_filter = ""
    """What the audit entries shown must contain (all entries when empty)."""
    kinds: tuple = ()
    """The retention settings shown, in the order of their rows."""

    def compose_body(self) -> ComposeResult:
        with Vertical(id="admin-body"):
            yield Static("Users", classes="section-title")
            yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
            yield Static("Retention", classes="section-title")
            yield DataTable(id="retention", cursor_type="row", zebra_stripes=True)
            yield Static("", id="retention-status")
            yield Static("Audit trail (newest first)", classes="section-title", id="audit-title")
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

        users = accounts.list_users(self.actor)
        entries = audit.recent(self.actor, limit=200, matching=self.audit_filter)
        settings = retention_settings(self.actor)
        self.app.call_from_thread(self._show, users, settings, entries)

    # --- retention periods ---------------------------------------------------------------------------------

    def action_set_period(self) -> None:
        row = self.query_one("#retention", DataTable).cursor_row
        if not 0 <= row < len(self.kinds):
            return
        info = self.kinds[row]
        fields = [Field("days", f"Days to keep {info.label} ({info.covers})", value=str(info.days)), REASON]
        self.app.push_screen(FormDialog(f"How long to keep {info.label}", fields),
                             lambda values: values and self.set_period(info.kind, values["days"], values["reason"]))

    @work(thread=True, exclusive=True, exit_on_error=False, group="admin-retention")
    def set_period(self, kind: str, days: str, reason: str) -> None:
        from qa_tui.services.privacy.retention import set_retention

        info = set_retention(self.actor, kind, days, reason=reason)
        self.app.call_from_thread(self._retention_status, f"✓ {info.label}: now kept {info.days:,} days.")
        self.app.call_from_thread(self.action_reload)

    # --- people's rights -------------------------------------------------------------------------------------

    def action_erase(self) -> None:
        self.app.push_screen(FormDialog("Erase a person for good", [PERSON, REASON]),
                             lambda values: values and self.find_for_erasure(values["record"], values["reason"]))

    @work(thread=True, exclusive=True, exit_on_error=False, group="admin-rights")
    def find_for_erasure(self, person: str, reason: str) -> None:
        """Resolve the person (an email or phone needs the database) before asking."""
        from qa_tui.services.privacy.common import person_to_erase

        record = person_to_erase(self.actor, person)
        self.app.call_from_thread(self._confirm_erasure, record, reason)

    def _confirm_erasure(self, record, reason: str) -> None:
        detail = ("Their data key is deleted: everything held under it reads [erased], and an agent's name leaves "
                  "the transcripts they handled. This cannot be undone.")
        self.app.push_screen(ConfirmDialog(f"Erase {record.noun} {record.record_id} for good?", detail),
                             lambda yes: yes and self.erase(record.record_id, reason))

    @work(thread=True, exclusive=True, exit_on_error=False, group="admin-rights")
    def erase(self, record_id, reason: str) -> None:
        from qa_tui.services.privacy.erasure import erase_subject

        report = erase_subject(self.actor, record_id, reason=reason)
        self.app.call_from_thread(self.app.push_screen, ReportDialog("✓ Erasure done", report.lines()))
        self.app.call_from_thread(self.action_reload)

    def action_export(self) -> None:
        where = Field("path", "Write to a new file (empty: subject-ID.json in the current folder)")
        self.app.push_screen(FormDialog("Export everything held about a person", [PERSON, REASON, where]),
                             lambda values: values and self.export(values["record"], values["reason"], values["path"]))

    @work(thread=True, exclusive=True, exit_on_error=False, group="admin-rights")
    def export(self, person: str, reason: str, path: str) -> None:
        from qa_tui.services.privacy.common import resolve_person
        from qa_tui.services.privacy.subject_access import check_export_path, export_subject, write_export

        record_id = resolve_person(self.actor, person)
        target = Path(path.strip()).expanduser() if path.strip() else Path.cwd() / f"subject-{record_id}.json"
        check_export_path(target)
        write_export(target, export_subject(self.actor, record_id, reason=reason))
        self.app.call_from_thread(self._audit_status, f"✓ Wrote {target}: it holds personal data; send it securely "
                                                      "and delete it afterwards.")
        self.app.call_from_thread(self.action_reload)

    # --- the audit trail -------------------------------------------------------------------------------------

    def action_filter_audit(self) -> None:
        question = "Show the audit entries that contain (who, what, target or reason; empty shows all):"
        self.app.push_screen(TextDialog(question, value=self.audit_filter, required=False), self._filtered)

    def _filtered(self, text: str | None) -> None:
        if text is None:
            return
        self.audit_filter = text
        title = f"Audit trail: entries containing {text!r} (newest first)" if text else "Audit trail (newest first)"
        self.query_one("#audit-title", Static).update(title)
        self.load()

    def _audit_status(self, text: str) -> None:
        self.query_one("#audit-status", Static).update(text)

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
        self.kinds = tuple(settings)
        for info in settings:
            kinds.add_row(info.label, f"{info.days:,}", info.changed_by or "default", info.covers)
        log = self.query_one("#audit", DataTable)
        log.clear()
        for entry in entries:
            log.add_row(str(entry.seq), entry.at.strftime("%Y-%m-%d %H:%M:%S"), entry.actor, entry.action, entry.reason)
