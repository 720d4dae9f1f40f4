"""Calibration figures: every statistic with bootstrap intervals on a large session, and how fast a submit in
one process reaches another's change check (SQLite data_version polling, PostgreSQL LISTEN/NOTIFY).

    python benchmarks/calibration.py [--resamples 1000] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

os.environ.setdefault("QA_TUI_SCRYPT_N", "1024")

ITEMS, RATERS, CRITERIA = 10, 12, 40


def fake_session(seed: int = 0):
    """A loaded session (the loader's shape) of ITEMS x RATERS x CRITERIA: mixed yes/no, 1-5 scales and points."""
    import random

    from qa_tui.analytics.calibration_loader import SessionAnswers
    from qa_tui.domain.scorecard_toml import load_scorecard_toml

    lines = ['name = "Bench"', "version = 1", "[[sections]]", 'key = "all"', 'title = "All"']
    for n in range(CRITERIA):
        kind = ("yes_no", "scale", "points")[n % 3]
        lines += ["[[sections.criteria]]", f'key = "c{n}"', f'question = "Criterion {n}?"', f'type = "{kind}"',
                  "na_allowed = true" if n % 5 == 0 else "", "critical = true" if n % 13 == 0 else ""]
        if kind == "points":
            lines.append("max_points = 4")
        if kind == "scale":
            for level in range(1, 6):
                lines += ["[[sections.criteria.levels]]", f"value = {level}", f'label = "L{level}"', 'anchor = "."']
    card = load_scorecard_toml("\n".join(lines))
    rng = random.Random(seed)
    items = tuple(uuid.uuid4() for _ in range(ITEMS))
    raters = tuple(uuid.uuid4() for _ in range(RATERS))
    answers = {}
    for item in items:
        for rater in raters:
            answers[(item, rater)] = {c.key: _answer(rng, c) for c in card.criteria}
    return SessionAnswers(card, items, tuple(f"Item {i}" for i in range(ITEMS)), raters,
                          tuple(f"rater{j:02d}" for j in range(RATERS)), raters[0], answers, {})


def _answer(rng, criterion):
    kind = str(criterion.type)
    if kind == "yes_no":
        return rng.random() < 0.8
    if kind == "scale":
        return min(5, max(1, round(rng.gauss(3.5, 1))))
    return rng.randint(2, 4)


def time_statistics(resamples: int, repeats: int = 5) -> list[float]:
    from qa_tui.analytics.calibration import Tolerances, build_reveal

    data = fake_session()
    build_reveal(data, Tolerances(), bootstrap=resamples)  # warm imports and caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        build_reveal(data, Tolerances(), bootstrap=resamples)
        times.append(time.perf_counter() - started)
    return times


def time_progress(location, rounds: int = 10) -> list[float]:
    """Seconds from a committed audited change in one connection to another watcher's wake-up."""
    from qa_tui.services import people
    from qa_tui.services.changes import ChangeWatcher
    from qa_tui.services.unlock import init_database, sign_in

    init_database(location, "ann", "bench passphrase")
    writer, reader = sign_in(location, "ann", "bench passphrase"), sign_in(location, "ann", "bench passphrase")
    latencies = []
    with ChangeWatcher(reader.db) as watcher:
        watcher.changed()
        for n in range(rounds):
            committed = {}

            def write():
                time.sleep(0.05)
                people.create_site(writer, f"Site {n}")
                committed["at"] = time.perf_counter()

            thread = threading.Thread(target=write)
            thread.start()
            assert watcher.wait(5.0), "no change seen"
            seen = time.perf_counter()
            thread.join()
            latencies.append(max(seen - committed["at"], 0.0))
            while watcher.changed():
                pass
    writer.db.close()
    reader.db.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--pg", help="a PostgreSQL URL for the progress latency there too")
    args = parser.parse_args()
    times = time_statistics(args.resamples)
    print(f"Every statistic, {ITEMS} items x {RATERS} assessors x {CRITERIA} criteria, {args.resamples} bootstrap "
          f"resamples: median {statistics.median(times):.3f} s, best {min(times):.3f} s (goal < 0.5 s)")
    from qa_tui.store.engine import dispose_engines, resolve_location

    with tempfile.TemporaryDirectory() as folder:
        lat = time_progress(resolve_location(str(Path(folder) / "bench.db")))
        print(f"Progress latency, SQLite (data_version every 0.2 s): median {statistics.median(lat) * 1000:.0f} ms, "
              f"max {max(lat) * 1000:.0f} ms")
    if args.pg:
        import sqlalchemy as sa

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.pg)
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        try:
            separator = "&" if "?" in args.pg else "?"
            lat = time_progress(resolve_location(f"{args.pg}{separator}options=-csearch_path%3D{schema}"))
            print(f"Progress latency, PostgreSQL (LISTEN/NOTIFY): median {statistics.median(lat) * 1000:.0f} ms, "
                  f"max {max(lat) * 1000:.0f} ms")
        finally:
            dispose_engines()
            with admin.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
