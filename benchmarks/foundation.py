"""Foundation benchmark: time to unlock and open a database, and bulk insert rate of interactions with encrypted text.

    python benchmarks/foundation.py [--rows 100000] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]

Key slots use the production scrypt cost (N=2**17) unless QA_TUI_SCRYPT_N is set. Prints one line per figure.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from qa_tui.services import interactions, people
from qa_tui.services.unlock import init_database, sign_in
from qa_tui.store import crypto
from qa_tui.store.engine import dispose_engines, resolve_location
from qa_tui.store.models import Channel

PASSPHRASE = "benchmark passphrase"
WORDS = "thanks for calling how can I help you today my order has not arrived yet let me check that for you".split()


def transcript(rng: random.Random) -> str:
    """About 1 kB of call-like text."""
    return " ".join(rng.choice(WORDS) for _ in range(200))


def time_unlock(location, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        actor = sign_in(location, "admin", PASSPHRASE)
        times.append(time.perf_counter() - started)
        actor.db.close()
    return times


def time_bulk_insert(actor, rows: int) -> float:
    site = people.create_site(actor, f"Bench {uuid.uuid4().hex[:6]}")
    team = people.create_team(actor, site, "Team")
    agents = [people.create_agent(actor, team, f"Agent {i}") for i in range(20)]
    rng, start = random.Random(1), datetime(2026, 1, 1, tzinfo=UTC)
    texts = [transcript(rng) for _ in range(50)]
    items = (
        interactions.NewInteraction(Channel.CALL, start + timedelta(minutes=i), agents[i % 20], text=texts[i % 50],
                                    redacted_text=texts[(i + 1) % 50], duration_seconds=300)
        for i in range(rows)
    )
    started = time.perf_counter()
    interactions.record_interactions(actor, items)
    return time.perf_counter() - started


def run(label: str, location, rows: int) -> None:
    init_database(location, "admin", PASSPHRASE)
    unlock = time_unlock(location, 5)
    print(f"{label}: unlock and open (scrypt N={crypto.default_scrypt_cost()}): "
          f"median {statistics.median(unlock) * 1000:.0f} ms, min {min(unlock) * 1000:.0f} ms over {len(unlock)} runs")
    actor = sign_in(location, "admin", PASSPHRASE)
    seconds = time_bulk_insert(actor, rows)
    print(f"{label}: bulk insert of {rows:,} interactions with encrypted text (~1 kB original + redacted copy, "
          f"one data key each): {seconds:.1f} s = {rows / seconds:,.0f} rows/s")
    actor.db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", help="a PostgreSQL URL to measure as well (a fresh schema is created and dropped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite (SQLCipher)", resolve_location(str(Path(folder) / "bench.db")), args.rows)
    if args.pg:
        run_postgres(args.pg, args.rows)


def run_postgres(url: str, rows: int) -> None:
    import sqlalchemy as sa

    schema = f"qa_bench_{uuid.uuid4().hex[:8]}"
    admin_engine = sa.create_engine(url)
    with admin_engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        separator = "&" if "?" in url else "?"
        run("PostgreSQL", resolve_location(f"{url}{separator}options=-csearch_path%3D{schema}"), rows)
    finally:
        dispose_engines()
        with admin_engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
