"""Start-up: process start to the sign-in screen painted, beside a minimal Textual app measured the same way.

    python benchmarks/startup.py [--runs 15]

Each run is a fresh `python` process that opens the app headless and exits right after the first screen is
painted; the figure is the wall time of that process (interpreter start, imports, database check, first paint).
Goal: qa-tui within 1.3x of the minimal app.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(kind: str, db: str) -> None:
    """Run inside the measured process."""
    from textual.app import App

    if kind == "minimal":
        from textual.widgets import Label

        class Minimal(App[None]):
            def compose(self):
                yield Label("Hello")

            def on_mount(self) -> None:
                self.call_after_refresh(self.exit)

        Minimal().run(headless=True)
        return
    from qa_tui import config
    from qa_tui.app import QaApp
    from qa_tui.store.location import check_openable, resolve_location

    where = resolve_location(db)
    check_openable(where)  # what `qa-tui` does before the screen takes over

    class Measured(QaApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(self.exit)

    Measured(where, config.os_user_name()).run(headless=True)


def measure(kind: str, db: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--child", kind, "--db", db], check=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child", choices=["minimal", "qa-tui"])
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db)
        return
    os.environ.setdefault("QA_TUI_SCRYPT_N", "1024")
    from qa_tui.services.unlock import init_database
    from qa_tui.store.engine import resolve_location

    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "startup.db")
        init_database(resolve_location(db), "admin", "benchmark passphrase")
        measure("qa-tui", db, 2)  # warm the file cache and .pyc files
        minimal, ours = measure("minimal", db, args.runs), measure("qa-tui", db, args.runs)
    m, q = statistics.median(minimal), statistics.median(ours)
    print(f"minimal Textual app: median {m * 1000:.0f} ms (min {min(minimal) * 1000:.0f})")
    print(f"qa-tui sign-in:      median {q * 1000:.0f} ms (min {min(ours) * 1000:.0f})")
    print(f"ratio: {q / m:.2f}x (goal: within 1.3x)")


if __name__ == "__main__":
    main()
