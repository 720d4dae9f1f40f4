"""Benchmark: the floor of a survey import on SQLite, the writing alone.

An import writes its rows in one transaction through one connection: SQLite has a single writer. This script runs
a real import of `import_surveys.py`'s file and records every frame it hands to `insert_frame`. It then writes the
same frames again, into a copy of the database taken just before the import, exactly as the import writes them
(same transaction, page cache and index rebuild), with nothing else running: no reading, validating, redacting or
encrypting. That time bounds any import of the file through this write path on this machine: however well the
other work overlaps with the writing, the import cannot take less time than the writing itself.

    python benchmarks/import_write_floor.py --rows 1000000 [--verbatims 0.3]

It prints the import's own time and the writing alone, split into the inserts, the index rebuild and the commit,
and the import speed that the writing alone would allow.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import import_surveys as bench


def copy_database(source: Path, target: Path) -> None:
    """The SQLite file and its key file (the database is closed, its WAL checkpointed)."""
    for suffix in ("", ".keys"):
        shutil.copy(source.with_name(source.name + suffix), target.with_name(target.name + suffix))


def record_frames(actor, source: Path) -> tuple[list, float]:
    """Import `source`, keeping (table, frame) of every insert; returns them and the import's seconds."""
    from qa_tui.services.imports import import_file, kinds

    recorded, original = [], kinds.insert_frame

    def keep(session, table, frame):
        recorded.append((table, frame))
        original(session, table, frame)

    kinds.insert_frame = keep
    try:
        started = time.perf_counter()
        import_file(actor, "surveys", source)
        return recorded, time.perf_counter() - started
    finally:
        kinds.insert_frame = original


def replay(actor, frames: list, rows: int) -> tuple[float, float, float]:
    """Write `frames` as the import does; seconds inserting, rebuilding the indexes, and committing."""
    from qa_tui.store.bulk import bulk_cache, indexes_built_after, insert_frame

    started = time.perf_counter()
    with actor.db.write() as session:
        with bulk_cache(session):
            with indexes_built_after(session, "survey_response", rows):
                for table, frame in frames:
                    insert_frame(session, table, frame)
                inserted = time.perf_counter()
            indexed = time.perf_counter()
    committed = time.perf_counter()
    return inserted - started, indexed - inserted, committed - indexed


def main() -> None:
    from qa_tui.services.unlock import sign_in
    from qa_tui.store.engine import dispose_engines, resolve_location

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--verbatims", type=float, default=0.3, help="share of rows with a verbatim")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "surveys.csv"
        bench.make_file(source, args.rows, args.verbatims, bench.agent_names(random.Random(7)))
        actor, _ = bench.fresh_database(folder, None, 0)
        bench.add_agents(actor, bench.agent_names(random.Random(7)))
        actor.db.close()
        dispose_engines()
        copy_database(folder / "bench-0.db", folder / "floor.db")
        actor = sign_in(resolve_location(str(folder / "bench-0.db")), "bench", "bench passphrase")
        frames, imported = record_frames(actor, source)
        actor.db.close()
        floor = sign_in(resolve_location(str(folder / "floor.db")), "bench", "bench passphrase")
        try:
            inserting, indexing, committing = replay(floor, frames, args.rows)
        finally:
            floor.db.close()
    written = inserting + indexing + committing
    print(f"{args.rows:,} survey rows, {args.verbatims:.0%} with verbatims, SQLite (SQLCipher), "
          f"{sum(f.height for _, f in frames):,} rows in {len(frames)} frames:")
    print(f"  the import: {imported:.1f} s ({args.rows / imported:,.0f} rows/s)")
    print(f"  its writing alone: {written:.1f} s (inserts {inserting:.1f} s, indexes {indexing:.1f} s, "
          f"commit {committing:.1f} s), so at most {args.rows / written:,.0f} rows/s")


if __name__ == "__main__":
    main()
