"""The `qa-tui` command line: one module per command group, registered here.

Every command turns a `QaTuiError` into one sentence on stderr and a non-zero
exit; commands call services, never the store directly.
"""

from __future__ import annotations

import sys

import click

from qa_tui import __version__
from qa_tui.errors import QaTuiError


class QaTuiGroup(click.Group):
    """A click group that reports `QaTuiError` as one line on stderr."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except QaTuiError as error:
            click.echo(f"qa-tui: {error}", err=True)
            sys.exit(error.exit_code)


@click.group(cls=QaTuiGroup, invoke_without_command=True)
@click.version_option(__version__, "--version", "-V", prog_name="qa-tui")
@click.option("--db", "db", metavar="PATH|URL", help="Database file or URL [default: $QA_TUI_DB or the user data directory].")
@click.option("--user", "user", metavar="NAME", help="Who you are [default: your OS user name].")
@click.pass_context
def main(ctx: click.Context, db: str | None, user: str | None) -> None:
    """Contact-centre quality assurance in the terminal.

    Without a command, opens the app at the sign-in screen.
    """
    if ctx.invoked_subcommand is None:
        _open_app(db, user)


def _open_app(db: str | None, user: str | None) -> None:
    from qa_tui import config
    from qa_tui.app import QaApp
    from qa_tui.store.location import check_openable, resolve_location

    where = resolve_location(db or config.default_database())
    check_openable(where)  # a missing or foreign database is reported here, before the screen takes over
    QaApp(where, user or config.os_user_name()).run()


def _register_commands() -> None:
    # Imported here so that each command module can import `main`'s helpers freely.
    from qa_tui.cli.admin import audit_group, init, keys, user
    from qa_tui.cli.calibration import calibration
    from qa_tui.cli.complaints import complaints
    from qa_tui.cli.demo import demo
    from qa_tui.cli.privacy import redaction, retention, subject
    from qa_tui.cli.imports import import_command
    from qa_tui.cli.mystery import mystery
    from qa_tui.cli.redact import redact
    from qa_tui.cli.report import report
    from qa_tui.cli.serve import serve
    from qa_tui.cli.stats import stats

    for command in (demo, init, user, keys, audit_group, stats, redact, retention, subject, redaction, report,
                    complaints, import_command, mystery, serve, calibration):
        main.add_command(command)


_register_commands()
