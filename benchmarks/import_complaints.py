"""Benchmark: import N historical complaints (whole lifecycles: acknowledged, some escalated, HEAT, investigated,
resolved with redress, followed up, closed with a lesson) into a fresh database whose contacts they name, redaction
and encryption included; prints complaints/s (profile with --profile).

    python benchmarks/import_complaints.py --rows 50000 [--repeat 3] [--pg postgresql+psycopg://...]

The centre (agents, customers and one contact per complaint) is set up first and not timed.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QA_TUI_SCRYPT_N", "1024")

ISSUES = ("I was charged twice for March.", "Nobody called me back as promised.", "The engineer never turned up.",
          "The adviser was rude and hung up on me.", "You sent my bill to my old address.")
CATEGORIES = ("Billing", "Service", "Delivery", "Staff conduct", "Data protection")
CAUSES = ("System: billing error", "Process: hand-off failure", "Third party: supplier", "People: behaviour",
          "Process: unclear policy")
FIRST = ("Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Leo", "Grace", "Arthur")
LAST = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans", "Thomas", "Roberts")
START = date(2023, 1, 2)


def _centre(actor, rows: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Agents, customers and a contact per complaint; returns (contact references, customers' full names)."""
    from qa_tui.services import interactions, people
    from qa_tui.store.models import Channel

    site = people.create_site(actor, "Leeds")
    teams = [people.create_team(actor, site, f"Team {i}") for i in range(10)]
    agents = people.record_agents(actor, [people.NewAgent(teams[i % 10], f"{rng.choice(FIRST)} {rng.choice(LAST)}")
                                          for i in range(200)])
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rows)]
    customers = people.record_customers(actor, [people.NewCustomer(n, f"c{i}@example.com", f"07700 9{i:05d}")
                                                for i, n in enumerate(names)])
    refs = [f"CALL-{i:07d}" for i in range(rows)]
    interactions.record_interactions(actor, [interactions.NewInteraction(
        Channel.CALL, datetime.combine(START + timedelta(days=i * 1000 // rows), datetime.min.time(), UTC),
        rng.choice(agents), customer_id=customers[i], external_ref=refs[i]) for i in range(rows)])
    return refs, names


def _words(i: int, name: str, rng: random.Random) -> str:
    """A handler's summary: the customer's name always, their email in a quarter, their phone in a tenth."""
    details = [d for d, share in ((f"c{i}@example.com", 0.25), (f"07700 9{i:05d}", 0.1)) if rng.random() < share]
    said = f" ({', '.join(details)})" if details else ""
    return f"{name}{said} says: {rng.choice(ISSUES)} Reference {rng.randrange(10**6):06d}."


def make_file(path: Path, refs: list[str], names: list[str], seed: int = 7) -> None:
    rng, rows = random.Random(seed), []
    for i, (ref, name) in enumerate(zip(refs, names)):
        received = START + timedelta(days=i * 1000 // len(refs) + rng.choice((0, 1, 2)))
        ack = received + timedelta(days=rng.randint(0, 4))
        resolved = ack + timedelta(days=rng.choice((3, 7, 14, 30)))
        followed = resolved + timedelta(days=7)
        category = rng.randrange(len(CATEGORIES))
        escalated = rng.random() < 0.15
        rows.append({
            "Reference": f"OLD-{i:07d}", "Received": received, "Channel": rng.choice(("call", "email", "letter")),
            "Category": CATEGORIES[category], "Severity": rng.choice(("low", "medium", "high")),
            "Product": rng.choice(("Broadband", "Mobile", "TV")), "Contact": ref,
            "Complaint": _words(i, name, rng),
            "Acknowledged": ack, "Escalated": ack if escalated else "",
            "Escalation reason": "Customer asked for a manager." if escalated else "",
            "HEAT steps": "hear, empathise, apologise", "Investigation started": ack + timedelta(days=1),
            "Resolved": resolved, "Root cause": CAUSES[category],
            "Resolution": "Apologised, put it right and explained what happens next.", "Redress": "apology",
            "Followed up": followed, "Recovered": "yes" if rng.random() < 0.65 else "no",
            "Follow-up score": rng.randint(1, 5), "Follow-up answer": "Happy with how it was sorted.",
            "Lesson learned": "Shared at the team huddle; checklist updated.", "Closed": followed + timedelta(days=3),
        })
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _location(folder: Path, pg: str | None):
    from qa_tui.store.engine import resolve_location

    if pg is None:
        return resolve_location(str(folder / "bench.db")), None
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(pg)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in pg else "?"
    return resolve_location(f"{pg}{separator}options=-csearch_path%3D{schema}"), (engine, schema)


def run_once(rows: int, pg: str | None, profile: bool) -> float:
    from qa_tui.services import accounts
    from qa_tui.services.imports import import_file
    from qa_tui.services.permissions import Role
    from qa_tui.services.unlock import init_database, sign_in
    from qa_tui.store.engine import dispose_engines

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        where, cleanup = _location(folder, pg)
        try:
            init_database(where, "bench", "bench passphrase")
            admin = sign_in(where, "bench", "bench passphrase")
            accounts.add_user(admin, name="manager", role=Role.QA_MANAGER, passphrase="bench passphrase")
            refs, names = _centre(admin, rows, random.Random(7))
            source = folder / "complaints.csv"
            make_file(source, refs, names)
            manager = sign_in(where, "manager", "bench passphrase")
            profiler = cProfile.Profile() if profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            report = import_file(manager, "complaints", source)
            if profiler:
                profiler.disable()
            elapsed = time.perf_counter() - started
            print(report.sentence())
            print(f"  {rows:,} complaints in {elapsed:.1f} s: {rows / elapsed:,.0f} complaints/s")
            again = time.perf_counter()
            print(" ", import_file(manager, "complaints", source).sentence(), f"(re-import {time.perf_counter() - again:.1f} s)")
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            for actor in (admin, manager):
                actor.db.close()
            return elapsed
        finally:
            dispose_engines()
            if cleanup:
                engine, schema = cleanup
                with engine.begin() as conn:
                    conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
                engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs, each on a fresh database; the median is printed")
    parser.add_argument("--pg", help="a PostgreSQL URL to run on instead of SQLite")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    times = [run_once(args.rows, args.pg, args.profile) for _ in range(args.repeat)]
    median = statistics.median(times)
    print(f"median of {len(times)}: {median:.1f} s, {args.rows / median:,.0f} complaints/s")


if __name__ == "__main__":
    main()
