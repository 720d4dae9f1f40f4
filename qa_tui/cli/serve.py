"""`qa-tui serve`: the app in a browser through textual-serve, for the projector in a calibration meeting."""

from __future__ import annotations

import shlex
import sys

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it local unless you mean it).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--db", "db", metavar="PATH|URL", help="Database file or URL [default: $QA_TUI_DB or the user data directory].")
def serve(host: str, port: int, db: str | None) -> None:
    """Serve qa-tui to web browsers; each browser session starts at the sign-in screen."""
    from qa_tui.errors import UsageError

    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError("'qa-tui serve' needs textual-serve: pip install textual-serve.") from None
    from qa_tui import config
    from qa_tui.store.location import check_openable, resolve_location

    check_openable(resolve_location(db or config.default_database()))  # say so now, not in every browser
    command = [sys.executable, "-m", "qa_tui"] + (["--db", db] if db else [])
    Server(shlex.join(command), host=host, port=port, title="qa-tui").serve()
