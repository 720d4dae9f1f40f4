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
@click.pass_context
def main(ctx: click.Context) -> None:
    """Contact-centre quality assurance in the terminal."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _register_commands() -> None:
    # Imported here so that each command module can import `main`'s helpers freely.
    from qa_tui.cli.redact import redact
    from qa_tui.cli.stats import stats

    main.add_command(stats)
    main.add_command(redact)


_register_commands()
