"""Benchmark: the Trends data path on a large centre, against the naive way (a SQL GROUP BY on every filter change).

Rows are generated directly with set-based inserts (no redaction: numbers only). Prints the cold load (window and
scope pushed into SQL, then polars), a filter change on the cached frames, the naive GROUP BY for the same
filter, their ratio and the process's peak memory.

    python benchmarks/trends.py --evaluations 500000 --surveys 2000000 --criteria 30
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta, date
from pathlib import Path

os.environ.setdefault("QA_TUI_SCRYPT_N", "1024")
BATCH = 20_000
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
    start = datetime(2026, 3, 1, tzinfo=UTC) - timedelta(days=3 * 365)
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


def naive(actor, since: datetime, site: str | None):
    """What a screen without the cache would do on each filter change: GROUP BY in SQL over the encrypted file."""
    import sqlalchemy as sa

    from qa_tui.store.models import Agent, Evaluation, Site, Team

    week = sa.func.strftime("%Y-%W", Evaluation.submitted_at)
    query = (sa.select(week, sa.func.count(), sa.func.avg(Evaluation.score)).join(Agent, Agent.id == Evaluation.agent_id)
             .join(Team, Team.id == Agent.team_id).join(Site, Site.id == Team.site_id)
             .where(Evaluation.submitted_at >= since).group_by(week))
    if site:
        query = query.where(Site.name == site)
    with actor.db.read() as session:
        return session.execute(query).all()


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
    parser.add_argument("--days", type=int, default=365, help="the window the first view loads")
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
    from qa_tui.services.unlock import sign_in

    manager = sign_in(where, "mgr", PASSPHRASE)  # cold: a fresh connection and page cache
    from qa_tui.analytics import trends
    from qa_tui.analytics.loader import load_answers, load_trends
    from qa_tui.screens.trends import ViewState
    from qa_tui.screens.trends_views import build_view

    today = date(2026, 3, 1)
    since = datetime.combine(today - timedelta(days=args.days - 1), datetime.min.time(), tzinfo=UTC)
    t = time.perf_counter()
    data = load_trends(manager, since)
    first = build_view(manager, data, ViewState(days=args.days), today)
    cold = time.perf_counter() - t
    print(f"first view (load {data.evaluations.height:,} evaluations + {data.surveys.height:,} surveys, compute): {cold:.2f} s")
    timings = []
    for site in ("Site 1", "Site 2", "Site 3"):
        t = time.perf_counter()
        build_view(manager, data, ViewState(days=args.days, site=site, view="benchmark"), today)
        timings.append(time.perf_counter() - t)
    change = sorted(timings)[1]
    t = time.perf_counter()
    naive(manager, since, "Site 2")
    slow = time.perf_counter() - t
    print(f"filter change (median of 3, cached polars): {change * 1000:.0f} ms; naive SQL GROUP BY: {slow * 1000:.0f} ms; ratio {slow / change:.0f}x")
    t = time.perf_counter()
    answers = load_answers(manager, data)
    print(f"Pareto answers loaded on first use: {answers.height:,} rows in {time.perf_counter() - t:.2f} s; "
          f"Pareto compute {_time(lambda: trends.pareto(answers, 10)) * 1000:.0f} ms")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def _time(function) -> float:
    t = time.perf_counter()
    function()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
