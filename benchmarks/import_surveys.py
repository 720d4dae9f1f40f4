"""Benchmark: import N survey rows (a share with verbatims) into a fresh database, redaction and encryption
included; prints rows/s, the re-import time, the CPU time here and in the redaction workers, how long the import
ran before its first batch was written and after its last (this process working alone), and (with --profile) where
the time goes.

    python benchmarks/import_surveys.py --rows 1000000 --verbatims 0.3 [--repeats 3] [--pg URL] [--profile]

The verbatims are mostly distinct (built from templates with names, numbers, products and amounts), a quarter
carry personal data (a phone number, an email, a postcode, a name, an account number), and most rows name one of
40 agents, whose first name the text often repeats: so redaction really runs on almost every text, with the
agent's known name, instead of being answered by the memo of repeated texts. The database is SQLite (SQLCipher)
in a temporary folder (set TMPDIR to choose where), or a fresh schema on PostgreSQL with --pg.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QA_TUI_SCRYPT_N", "1024")

AGENTS = 40
AGENT_SHARE = 0.7
PERSONAL_SHARE = 0.25
OPENINGS = ("", "", "Honestly, ", "To be fair, ", "Overall ", "Well, ", "I have to say ", "Last week ")
GOOD = ("{agent} was really friendly and sorted my {thing} in one call", "quick and polite, no waiting at all",
        "{agent} explained the new {thing} clearly", "knew exactly what to do with my {thing}",
        "the app kept failing but {agent} helped me with the {thing}", "great service, {n} minutes and done",
        "{agent} rang me back the same day about the {thing} as promised")
BAD = ("waited {n} minutes on hold about my {thing}", "still not fixed after {k} calls about the {thing}",
       "passed around {k} departments over one {thing}", "my {thing} is still wrong and nobody called back",
       "{agent} did not know the answer and I had to chase the {thing} {k} times",
       "charged £{price} twice for the {thing}", "cut off {k} times while asking about the {thing}")
WHEN = ("", "", " on {day}", " last {day}", " at {hour}:{minute:02d}", " on {day} at {hour}:{minute:02d}",
        " this morning", " {k} weeks ago")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
THINGS = ("bill", "refund", "direct debit", "broadband", "contract", "meter reading", "upgrade", "delivery",
          "complaint", "tariff", "router", "statement", "password reset", "SIM card", "engineer visit")
ENDINGS = ("", ".", "!", " and that's not good enough.", ", thanks.", ". Will stay for now.", ". Thinking of leaving.",
           ". Would recommend.", " - {k} out of 10.")
PERSONAL = ("Call me back on {phone} please.", "My email is {email} if you need it.", "I live at {postcode}.",
            "This is {first} {last} by the way.", "Account {account} still shows the old charge.",
            "My order was {order}.", "Ask for {first}, on {phone}.", "Send it to {email}, not my old address.")


def agent_names(rng: random.Random) -> list[str]:
    from qa_tui.demo.people_data import FIRST_NAMES, SURNAMES

    names: set[str] = set()
    while len(names) < AGENTS:
        names.add(f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}")
    return sorted(names)


def verbatim(rng: random.Random, agent: str | None) -> str:
    """One respondent's comment: mostly distinct, personal data in a quarter of them."""
    from qa_tui.demo import pii
    from qa_tui.demo.people_data import CITIES, FIRST_NAMES, SURNAMES

    fill = {"agent": agent.split()[0] if agent else "The advisor", "thing": rng.choice(THINGS),
            "n": rng.randint(2, 90), "k": rng.randint(2, 9), "price": f"{rng.randint(5, 300)}.{rng.randint(0, 99):02d}",
            "day": rng.choice(DAYS), "hour": rng.randint(8, 19), "minute": rng.randrange(60)}
    body = rng.choice(OPENINGS) + rng.choice(GOOD + BAD).format(**fill) + rng.choice(WHEN).format(**fill)
    text = body[0].upper() + body[1:] + rng.choice(ENDINGS).format(**fill)
    if rng.random() < PERSONAL_SHARE:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        text += " " + rng.choice(PERSONAL).format(
            phone=pii.phone_spelling(rng, pii.mobile_number(rng)), email=pii.email_address(rng, first, last),
            postcode=pii.postcode(rng, rng.choice(CITIES)), first=first, last=last,
            account=pii.account_number(rng), order=pii.order_reference(rng))
    return text


def make_file(path: Path, rows: int, share: float, agents: list[str]) -> float:
    """Write the survey file; returns the share of distinct texts among its verbatims."""
    import polars as pl

    rng = random.Random(7)
    named = [rng.choice(agents) if rng.random() < AGENT_SHARE else None for _ in range(rows)]
    comments = [verbatim(rng, agent) if rng.random() < share else None for agent in named]
    pl.DataFrame({
        "Response ID": [f"R{i:08d}" for i in range(rows)],
        "Date": [f"2026-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}" for i in range(rows)],
        "Agent": named, "CSAT": [1 + i % 5 for i in range(rows)], "NPS": [i % 11 for i in range(rows)],
        "Resolved": ["yes" if i % 3 else "no" for i in range(rows)], "Comment": comments,
    }).write_csv(path)
    texts = [c for c in comments if c is not None]
    return len(set(texts)) / max(1, len(texts))


def fresh_database(folder: Path, pg_url: str | None, run: int):
    """A new database with the benchmark's admin signed in, and a function that removes it."""
    from qa_tui.services.unlock import init_database, sign_in
    from qa_tui.store.engine import dispose_engines, resolve_location

    if pg_url is None:
        where = resolve_location(str(folder / f"bench-{run}.db"))
        drop = lambda: None  # noqa: E731  (the temporary folder goes at the end)
    else:
        schema = f"qa_bench_{uuid.uuid4().hex[:10]}"
        _pg(pg_url, f"CREATE SCHEMA {schema}")
        where = resolve_location(f"{pg_url}{'&' if '?' in pg_url else '?'}options=-csearch_path%3D{schema}")

        def drop() -> None:
            dispose_engines()
            _pg(pg_url, f"DROP SCHEMA {schema} CASCADE")
    init_database(where, "bench", "bench passphrase")
    return sign_in(where, "bench", "bench passphrase"), drop


def _pg(url: str, statement: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(statement)
    engine.dispose()


def add_agents(actor, names: list[str]) -> None:
    from qa_tui.services import people

    team = people.create_team(actor, people.create_site(actor, "Leeds"), "Billing")
    people.record_agents(actor, [people.NewAgent(team, name) for name in names])


def worker_cpu() -> float:
    """CPU seconds used so far by the redaction workers (Linux: read from /proc; 0 elsewhere)."""
    try:
        from qa_tui.privacy import pool
    except ImportError:  # a version of qa-tui from before the pool
        return 0.0
    total = 0.0
    for process in list(pool._pool._processes.values()) if pool._pool else []:
        try:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
    return total


class Phases:
    """When the import reported its first and last written batch: before the first, the file is read, validated
    and resolved in this process alone; after the last, the indexes are built and the transaction commits."""

    def __init__(self) -> None:
        self.first: float | None = None
        self.last = 0.0

    def __call__(self, step: str, done: int, total: int) -> None:
        if step == "writing" and done:
            self.first = self.first or time.perf_counter()
            self.last = time.perf_counter()

    def sentence(self, started: float, ended: float) -> str:
        if self.first is None:
            return "no batch written"
        return (f"up to the first batch {self.first - started:.1f} s, the other batches {self.last - self.first:.1f} s, "
                f"after the last {ended - self.last:.1f} s")


def one_run(source: Path, folder: Path, args, run: int) -> tuple[float, float]:
    """(seconds to import, seconds to re-import) on a fresh database."""
    from qa_tui.services.imports import import_file

    actor, drop = fresh_database(folder, args.pg, run)
    try:
        add_agents(actor, agent_names(random.Random(7)))
        profiler = cProfile.Profile() if args.profile else None
        started, cpu, workers = time.perf_counter(), time.process_time(), worker_cpu()
        if profiler:
            profiler.enable()
        phases = Phases()
        report = import_file(actor, "surveys", source, progress=phases)
        if profiler:
            profiler.disable()
        ended = time.perf_counter()
        elapsed, cpu, workers = ended - started, time.process_time() - cpu, worker_cpu() - workers
        again = time.perf_counter()
        second = import_file(actor, "surveys", source)
        reimport = time.perf_counter() - again
        print(f"  run {run + 1}: {report.sentence()} {args.rows / elapsed:,.0f} rows/s in {elapsed:.1f} s; "
              f"re-import {reimport:.1f} s ({second.imported} added); CPU {cpu:.1f} s here, {workers:.1f} s in "
              f"redaction workers\n    {phases.sentence(started, ended)}", flush=True)
        if profiler:
            pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(int(os.environ.get("BENCH_LINES", "30")))
        return elapsed, reimport
    finally:
        actor.db.close()
        drop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--verbatims", type=float, default=0.3, help="share of rows with a verbatim")
    parser.add_argument("--repeats", type=int, default=1, help="runs on fresh databases; medians are reported")
    parser.add_argument("--pg", metavar="URL", help="a PostgreSQL URL (postgresql+psycopg://...) instead of SQLite")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "surveys.csv"
        distinct = make_file(source, args.rows, args.verbatims, agent_names(random.Random(7)))
        print(f"{args.rows:,} rows, {args.verbatims:.0%} with verbatims ({distinct:.0%} of them distinct), "
              f"on {'PostgreSQL' if args.pg else 'SQLite (SQLCipher)'}:")
        runs = [one_run(source, folder, args, run) for run in range(args.repeats)]
    elapsed = statistics.median(r[0] for r in runs)
    reimport = statistics.median(r[1] for r in runs)
    print(f"median of {len(runs)}: {args.rows / elapsed:,.0f} rows/s ({elapsed:.1f} s); re-import {reimport:.1f} s")


if __name__ == "__main__":
    main()
