"""Benchmark: the Trends screen on a large centre, cold, against the naive way (a SQL GROUP BY on every filter change).

The centre is built once with set-based inserts (numbers only, no redaction) into `--db FOLDER` and reused. Each
measurement is a new process (`trends_pilot.py`) that opens the Trends area through Textual's Pilot and times it
until its chart and table show real numbers: the first view, a filter change (each site in turn), the Pareto's first
use and a filter change on it; it also notes when the year's frames and the answers arrived, and its peak memory.
Runs with the snapshot stored come first, then (optionally) after a day's changes and with the snapshot dropped;
the naive GROUP BY runs last, in a process of its own, on the same file. Medians are printed with the load.

    python benchmarks/trends.py --evaluations 500000 --surveys 2000000 --criteria 30 --db /somewhere/bench-trends \\
        [--repeat 3] [--changes 2000] [--no-snapshot 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QA_TUI_SCRYPT_N", "1024")
BATCH = 20_000
TODAY = date(2026, 3, 1)
"""The last day of the centre's history (its first is three years before)."""
PASSPHRASE = "bench passphrase"


def build(actor, evaluations: int, surveys: int, criteria: int, complaints: int, agents: int = 2000) -> None:
    import sqlalchemy as sa

    from qa_tui.services import people, scorecards
    from qa_tui.store.models import DataSubject, Evaluation, EvaluationAnswer, Interaction, SurveyResponse
    from qa_tui.store.models.base import new_id

    rng = random.Random(1)
    sites = [people.create_site(actor, f"Site {s}") for s in range(5)]
    teams = [people.create_team(actor, sites[t % 5], f"Team {t}") for t in range(100)]
    agent_ids = people.record_agents(actor, [people.NewAgent(teams[a % 100], f"Agent {a}") for a in range(agents)])
    card = "name = \"Bench\"\nversion = 1\npass_mark = 80.0\nmethods = [\"call_review\"]\n\n[[sections]]\nkey = \"s\"\ntitle = \"S\"\n" + "".join(
        f"\n[[sections.criteria]]\nkey = \"c{i}\"\nquestion = \"Criterion {i}\"\ntype = \"yes_no\"\nservqual = \"reliability\"\n" for i in range(criteria))
    version = scorecards.import_scorecard(actor, card)
    scorecards.publish(actor, version.id)
    start = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC) - timedelta(days=3 * 365)
    subject = new_id()
    with actor.db.write() as session:
        session.execute(sa.insert(DataSubject.__table__), [{"id": subject, "kind": "customer", "wrapped_key": None, "key_id": "x",
                                                           "created_at": start, "erased_at": None}])
        for first in range(0, evaluations, BATCH):
            n = min(BATCH, evaluations - first)
            inter, evals, answers = [], [], []
            for i in range(first, first + n):
                at = start + timedelta(minutes=i * 3 * 365 * 24 * 60 // evaluations)
                agent = agent_ids[rng.randrange(agents)]
                iid, eid = new_id(), new_id()
                inter.append({"id": iid, "channel": "call", "occurred_at": at, "agent_id": agent, "customer_id": None,
                              "subject_id": subject, "duration_seconds": 300, "external_ref": None, "text_enc": None,
                              "redacted_enc": None, "created_at": at, "version": 1})
                fails = [rng.random() < 0.1 + 0.01 * (c % 10) for c in range(criteria)]
                score = 100.0 * (criteria - sum(fails)) / criteria
                evals.append({"id": eid, "interaction_id": iid, "scorecard_version_id": version.id, "assessor_id": actor.user_id,
                              "agent_id": agent, "method": "call_review", "purpose": "review", "status": "submitted", "revision": 1,
                              "live": False, "score": score, "raw_score": score, "critical_failed": False, "passed": score >= 80,
                              "created_at": at, "submitted_at": at, "acknowledged_at": None, "version": 1})
                answers += [{"evaluation_id": eid, "criterion_key": f"c{c}", "value": 0 if f else 1, "na": False,
                             "comment_enc": None, "evidence_at": None} for c, f in enumerate(fails)]
            session.execute(sa.insert(Interaction.__table__), inter)
            session.execute(sa.insert(Evaluation.__table__), evals)
            session.execute(sa.insert(EvaluationAnswer.__table__), answers)
        _complaints(session, complaints, rng, teams, agent_ids, subject, start)
        for first in range(0, surveys, BATCH):
            n = min(BATCH, surveys - first)
            session.execute(sa.insert(SurveyResponse.__table__), [{
                "id": new_id(), "natural_key": f"b{i}", "external_ref": None,
                "responded_at": start + timedelta(minutes=i * 3 * 365 * 24 * 60 // surveys), "channel": "call",
                "interaction_id": None, "agent_id": agent_ids[rng.randrange(agents)], "subject_id": None,
                "csat": rng.randint(1, 5), "nps": rng.randint(0, 10), "ces": rng.randint(1, 7), "fcr": rng.random() < 0.7,
                "verbatim_enc": None, "redacted_enc": None, "source": "bench", "created_at": start} for i in range(first, first + n)])


def _complaints(session, count: int, rng, teams, agent_ids, subject, start) -> None:
    """Complaints over the same three years (Trends does not read them; they make the database the size of a
    large centre's)."""
    import sqlalchemy as sa

    from qa_tui.store.models import Complaint
    from qa_tui.store.models.base import new_id

    rows = []
    for i in range(count):
        on = (start + timedelta(minutes=i * 3 * 365 * 24 * 60 // max(count, 1))).date()
        rows.append({"id": new_id(), "reference": f"C{i:07d}", "received_on": on, "channel": "call", "customer_id": None,
                     "subject_id": subject, "interaction_id": None, "team_id": teams[rng.randrange(len(teams))],
                     "agent_id": agent_ids[rng.randrange(len(agent_ids))], "category": "billing", "severity": "low",
                     "product": "", "legal": "[]", "text_enc": None, "redacted_enc": None, "owner": "mgr",
                     "status": "closed", "acknowledge_due": on + timedelta(days=3), "final_due": on + timedelta(weeks=8),
                     "escalation_level": 0, "heat": "[]", "root_cause": "", "redress": "", "lesson": "",
                     "created_by": "mgr", "created_at": start, "version": 1, "closed_on": on + timedelta(days=20)})
        if len(rows) == BATCH or i == count - 1:
            session.execute(sa.insert(Complaint.__table__), rows)
            rows = []


def centre(args, folder: Path):
    """The benchmark's centre in `folder`: built once (the sizes are kept beside it), then reused."""
    from qa_tui.services import accounts
    from qa_tui.services.permissions import Role
    from qa_tui.services.unlock import init_database, sign_in
    from qa_tui.store.engine import resolve_location

    sizes = {"evaluations": args.evaluations, "surveys": args.surveys, "criteria": args.criteria,
             "complaints": args.complaints}
    where, meta = resolve_location(str(folder / "bench.db")), folder / "bench.json"
    if meta.exists():
        built = json.loads(meta.read_text())
        if built != sizes:
            raise SystemExit(f"{folder} holds a centre of {built}, not {sizes}: use another --db folder")
        return where
    folder.mkdir(parents=True, exist_ok=True)
    init_database(where, "bench", PASSPHRASE)
    actor = sign_in(where, "bench", PASSPHRASE)
    accounts.add_user(actor, name="mgr", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    manager = sign_in(where, "mgr", PASSPHRASE)
    t = time.perf_counter()
    build(manager, args.evaluations, args.surveys, args.criteria, args.complaints)
    print(f"built {args.evaluations:,} evaluations x {args.criteria} criteria, {args.surveys:,} surveys and "
          f"{args.complaints:,} complaints in {time.perf_counter() - t:.0f} s")
    manager.db.close()
    actor.db.close()
    meta.write_text(json.dumps(sizes))
    return where


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--surveys", type=int, default=400_000)
    parser.add_argument("--criteria", type=int, default=30)
    parser.add_argument("--complaints", type=int, default=None, help="default: one per ten evaluations")
    parser.add_argument("--db", type=Path, default=None,
                        help="a folder to build the centre in once and reuse (default: a temporary one)")
    parser.add_argument("--build-only", action="store_true", help="build the centre in --db and stop")
    parser.add_argument("--repeat", type=int, default=3, help="cold runs with the snapshot stored")
    parser.add_argument("--changes", type=int, default=0,
                        help="then record this many evaluations (they stay in --db) and open cold again")
    parser.add_argument("--no-snapshot", type=int, default=0, metavar="RUNS",
                        help="then this many cold runs with the snapshot dropped before each")
    args = parser.parse_args()
    if args.complaints is None:
        args.complaints = args.evaluations // 10
    return args


def main() -> None:
    args = arguments()
    if args.db is not None:
        where = centre(args, args.db)
        if not args.build_only:
            measure(args, where)
        return
    with tempfile.TemporaryDirectory() as folder:
        measure(args, centre(args, Path(folder)))


def measure(args, where) -> None:
    """Cold runs, each in a new process: with the stored snapshot, after a day's changes, and with none (the first
    open ever, or the first after an erasure or a retention run); then the naive GROUP BY on the same file."""
    print(f"load before measuring: {_load()}")
    if not _has_snapshot(where):
        print("no snapshot stored yet: the first run builds it")
        _report("first open, no snapshot (builds it)", [_child("pilot", where)])
    _report("cold open, snapshot stored", [_child("pilot", where) for _ in range(args.repeat)])
    if args.changes:
        _record_changes(where, args.changes)
        _report(f"cold open after {args.changes:,} new evaluations (patched from the audit trail)", [_child("pilot", where)])
    if args.no_snapshot:
        runs = []
        for _ in range(args.no_snapshot):
            _drop_snapshot(where)
            runs.append(_child("pilot", where))
        _report("cold open, no snapshot (as after an erasure or retention run)", runs)
    naive = _child("naive", where)
    print(f"naive SQL GROUP BY per filter change (90 days; all sites, then three): trend {_ms(naive['trend'])}; "
          f"Pareto {_ms(naive['pareto'])}")
    for view, key in (("trend", "filter"), ("Pareto", "pareto_filter")):
        sql = statistics.median(naive[view.lower()][1:])  # one site each, the file already in the page cache
        compute = statistics.median([c for r in LAST for c in r[f"{key}_compute"]])
        drawn = statistics.median([c for r in LAST for c in r[key]])
        drawing = drawn - compute  # the same for both ways: Textual's dispatch, the table, the chart
        print(f"  {view}: naive {sql * 1000:.0f} ms per change against ours {compute * 1000:.0f} ms computed "
              f"({sql / compute:.0f}x); drawn, {(sql + drawing) * 1000:.0f} ms against {drawn * 1000:.0f} ms "
              f"({(sql + drawing) / drawn:.1f}x)")
    print(f"load after measuring: {_load()}")


LAST: list[dict] = []
"""The cold runs with the snapshot stored: the ratio is taken against their filter changes."""


def _child(kind: str, where) -> dict:
    script = Path(__file__).with_name("trends_pilot.py")
    done = subprocess.run([sys.executable, str(script), kind, str(where.path)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{kind} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(title: str, runs: list[dict]) -> None:
    def median(key: str) -> str:
        values = [r[key] for r in runs if key in r]
        return f"{statistics.median(values):.2f} s" if values else "-"

    filters = [c for r in runs for c in r["filter"]]
    pareto = [c for r in runs for c in r["pareto_filter"]]
    print(f"{title} ({len(runs)} run(s), medians; source: {', '.join(sorted({r.get('source', '?') for r in runs}))}):")
    print(f"  first view drawn {median('first_view')} ({_s(runs, 'first_view')}); the year's frames at "
          f"{median('year')}, answers at {median('answers')}, loading done (snapshot written) at {median('loaded')}")
    compute = [c for r in runs for c in r["filter_compute"]]
    print(f"  filter change drawn {statistics.median(filters) * 1000:.0f} ms (p95 {_p95(filters) * 1000:.0f} ms of "
          f"{len(filters)}; computing it {statistics.median(compute) * 1000:.0f} ms)")
    pareto_compute = [c for r in runs for c in r["pareto_filter_compute"]]
    print(f"  Pareto first use {median('pareto_first')} ({_s(runs, 'pareto_first')}); Pareto filter change drawn "
          f"{statistics.median(pareto) * 1000:.0f} ms (p95 {_p95(pareto) * 1000:.0f} ms; computing it "
          f"{statistics.median(pareto_compute) * 1000:.0f} ms)")
    print(f"  peak memory {statistics.median([r['peak_mib'] for r in runs]):.0f} MiB (max {max(r['peak_mib'] for r in runs):.0f}); "
          f"rows {runs[-1]['rows']}")
    if "snapshot stored" in title:
        LAST[:] = runs


def _s(runs: list[dict], key: str) -> str:
    return ", ".join(f"{r[key]:.2f}" for r in runs)


def _ms(values: list[float]) -> str:
    return ", ".join(f"{v * 1000:.0f}" for v in values) + " ms"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def _has_snapshot(where) -> bool:
    import sqlalchemy as sa

    from qa_tui.services.unlock import sign_in
    from qa_tui.store.models import FrameCache

    actor = sign_in(where, "mgr", PASSPHRASE)
    with actor.db.read() as session:
        found = session.execute(sa.select(sa.func.count()).select_from(FrameCache)).scalar() > 0
    actor.db.close()
    return found


def _drop_snapshot(where) -> None:
    from qa_tui.services.unlock import sign_in
    from qa_tui.store import frame_cache

    actor = sign_in(where, "mgr", PASSPHRASE)
    with actor.db.write() as session:
        frame_cache.drop_all(session.connection())
    actor.db.close()


def _record_changes(where, count: int) -> None:
    """A day's work: `count` evaluations submitted today, through the bulk import (one audit entry per batch)."""
    import sqlalchemy as sa

    from qa_tui.domain.scorecard import Method
    from qa_tui.services import evaluations
    from qa_tui.services.unlock import sign_in
    from qa_tui.store.models import Evaluation

    manager = sign_in(where, "mgr", PASSPHRASE)
    with manager.db.read() as session:
        rows = session.execute(sa.select(Evaluation.interaction_id, Evaluation.scorecard_version_id,
                                         Evaluation.assessor_id, Evaluation.agent_id).limit(count)).all()
    rng, day = random.Random(2), datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
    items = [evaluations.ScoredEvaluation(interaction, version, assessor, agent, Method.CALL_REVIEW,
                                          {f"c{c}": rng.random() > 0.15 for c in range(30)}, day + timedelta(seconds=i))
             for i, (interaction, version, assessor, agent) in enumerate(rows)]
    start = time.perf_counter()
    evaluations.record_scored(manager, items)
    print(f"recorded {count:,} evaluations in {time.perf_counter() - start:.1f} s")
    manager.db.close()


if __name__ == "__main__":
    main()
