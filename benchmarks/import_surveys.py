"""Benchmark: import N survey rows (a share with verbatims) into a fresh SQLite database, redaction and encryption
included; prints rows/s and where the time goes (profile with --profile).

    python benchmarks/import_surveys.py --rows 1000000 --verbatims 0.3
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QA_TUI_SCRYPT_N", "1024")

TEXTS = ("Waited forty minutes on hold and my bill is still wrong.", "Really friendly and helpful, sorted in one call.",
         "Sarah was lovely. Call me back on 07700 900{:03d} please.", "Rude agent, I had to chase my refund {} times.",
         "Knew exactly what to do.", "Account {} still shows the old charge.")


def make_file(path: Path, rows: int, share: float) -> None:
    import polars as pl

    rng = random.Random(7)
    comments = [rng.choice(TEXTS).format(rng.randrange(1000)) if rng.random() < share else None for _ in range(rows)]
    pl.DataFrame({
        "Response ID": [f"R{i:08d}" for i in range(rows)],
        "Date": [f"2026-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}" for i in range(rows)],
        "CSAT": [1 + i % 5 for i in range(rows)], "NPS": [i % 11 for i in range(rows)],
        "Resolved": ["yes" if i % 3 else "no" for i in range(rows)], "Comment": comments,
    }).write_csv(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--verbatims", type=float, default=0.3, help="share of rows with a verbatim")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    from qa_tui.services.imports import import_file
    from qa_tui.services.unlock import init_database, sign_in
    from qa_tui.store.engine import resolve_location

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "surveys.csv"
        make_file(source, args.rows, args.verbatims)
        where = resolve_location(str(folder / "bench.db"))
        init_database(where, "bench", "bench passphrase")
        actor = sign_in(where, "bench", "bench passphrase")
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        report = import_file(actor, "surveys", source)
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - started
        print(report.sentence())
        print(f"{args.rows:,} rows ({args.verbatims:.0%} with verbatims) in {elapsed:.1f} s: {args.rows / elapsed:,.0f} rows/s")
        again = time.perf_counter()
        print(import_file(actor, "surveys", source).sentence(), f"(re-import {time.perf_counter() - again:.1f} s)")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
