"""The periodic service review: what was measured and how, what was collected, what the analysis shows, complaints,
improvement actions with their before-and-after evidence, and recommendations each tied to the analysis behind it.

`build_report` gathers everything into a `ServiceReview` of plain values (no personal data: agents and customers
appear only as counts, teams by name); `qa_tui.report` renders it as Markdown or HTML, and `tables()` hands every
table to `services.export` for CSV, Parquet or XLSX. A section whose data does not exist yet says so.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import UsageError
from qa_tui.services import audit
from qa_tui.services.action_metrics import COUNTED, _bounds
from qa_tui.services.actions import ActionDetail, get_action, list_actions
from qa_tui.services.complaints import ComplaintTrends, complaint_trends, get_policy
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.services.scorecards import scorecard_for
from qa_tui.store.models import Agent, Evaluation, EvaluationAnswer, Interaction, ScorecardVersion, Site, Team

MARGIN = 0.05
"""The pass-rate margin the measurement plan aims for (plus or minus 5 points at 95% confidence)."""


@dataclass(frozen=True)
class Recommendation:
    text: str
    evidence: str
    """The section (anchor) whose analysis supports it."""


@dataclass
class ServiceReview:
    start: date
    end: date
    scope: str
    generated_on: date
    standards: list[dict] = field(default_factory=list)
    sampling: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    volumes: list[dict] = field(default_factory=list)
    weekly: list[dict] = field(default_factory=list)
    pareto: list[dict] = field(default_factory=list)
    servqual: list[dict] = field(default_factory=list)
    calibration: str = ""
    complaints: ComplaintTrends | None = None
    complaint_policy: str = ""
    actions: list[ActionDetail] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def evaluations(self) -> int:
        return sum(v["evaluations"] for v in self.volumes)

    def tables(self) -> dict[str, list[dict]]:
        """Every list and analysis table by name, for export."""
        c = self.complaints
        return {
            "standards": self.standards, "sampling": self.sampling, "contacts": self.contacts,
            "volumes": self.volumes, "weekly_scores": self.weekly, "pareto_failing_criteria": self.pareto,
            "servqual": self.servqual,
            "complaints_weekly": [{"week": w, "complaints": n, "contacts": k} for w, n, k in (c.weekly if c else [])],
            "complaint_categories": [{"category": k, "complaints": n} for k, n in (c.categories if c else [])],
            "complaint_root_causes": [{"root_cause": k, "complaints": n} for k, n in (c.root_causes if c else [])],
            "actions": [_action_line(a) for a in self.actions],
            "recommendations": [{"recommendation": r.text, "evidence": r.evidence} for r in self.recommendations],
        }


def build_report(actor: Actor, start: date, end: date, today: date, *, sites: tuple[str, ...] = (),
                 teams: tuple[str, ...] = ()) -> ServiceReview:
    """Gather the service review for a period and scope (all of the actor's scope by default)."""
    require(actor, Action.PRODUCE_REPORTS)
    if end < start:
        raise UsageError(f"The report period ends ({end}) before it starts ({start}).")
    with actor.db.read() as session:
        team_ids, scope = _scope(session, actor, sites, teams)
        review = ServiceReview(start, end, scope, today)
        frame = _evaluations(session, team_ids, start, end)
        review.contacts = _contacts(session, team_ids, start, end)
        review.standards = _standards(session, frame)
        review.volumes = _volumes(frame)
        review.weekly = _weekly(frame, start)
        review.pareto, review.servqual = _criteria(session, team_ids, start, end)
        review.sampling = _sampling(frame, review.contacts)
        review.calibration = _calibration(session, start, end)
    policy = get_policy_or_none(actor)
    if policy:
        review.complaint_policy = (f"Acknowledge within {policy.acknowledge_working_days} working days; final response "
                                   f"within {policy.final_response_weeks} weeks (England and Wales bank holidays).")
    review.complaints = complaint_trends(actor, start, end, today, team_ids=team_ids)
    review.actions = _actions(actor, today, start, end)
    review.recommendations = recommend(review)
    with actor.db.write() as session:
        audit.record(session, actor.db.vault, actor.name, "report.build", target_type="report",
                     detail={"from": start.isoformat(), "to": end.isoformat(), "scope": scope})
    return review


def get_policy_or_none(actor: Actor):
    from qa_tui.services.permissions import allowed

    return get_policy(actor) if allowed(actor.role, Action.VIEW_COMPLAINTS) else None


def _scope(session: Session, actor: Actor, sites: tuple[str, ...], teams: tuple[str, ...]):
    rows = session.exec(select(Team.id, Team.name, Site.name).join(Site, Site.id == Team.site_id)).all()
    for name in sites:
        if name not in {r[2] for r in rows}:
            raise UsageError(f"There is no site named {name!r}.")
    for name in teams:
        if name not in {r[1] for r in rows}:
            raise UsageError(f"There is no team named {name!r}.")
    chosen = [r for r in rows if (not sites or r[2] in sites) and (not teams or r[1] in teams)]
    if actor.role == Role.TEAM_LEADER:
        chosen = [r for r in chosen if r[0] in actor.team_ids]
    if not sites and not teams and actor.role != Role.TEAM_LEADER:
        return None, "the whole centre"
    if not chosen:
        raise UsageError("No team matches both the sites and the teams asked for.")
    return {r[0] for r in chosen}, ", ".join(sorted(f"{r[2]} / {r[1]}" for r in chosen))


def _evaluations(session: Session, team_ids, start: date, end: date):
    import polars as pl

    low, high = _bounds(start, end)
    query = (select(Interaction.occurred_at, Evaluation.method, Evaluation.score, Evaluation.passed,
                    Evaluation.critical_failed, Evaluation.scorecard_version_id, Team.name)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .join(Agent, Agent.id == Evaluation.agent_id).join(Team, Team.id == Agent.team_id)
             .where(Evaluation.purpose == "review", Evaluation.status.in_(COUNTED), Evaluation.score.is_not(None),
                    Interaction.occurred_at >= low, Interaction.occurred_at < high))
    if team_ids is not None:
        query = query.where(Agent.team_id.in_(team_ids))
    rows = session.exec(query).all()
    columns = ["at", "method", "score", "passed", "critical", "version", "team"]
    schema = {"at": pl.Datetime("us", "UTC"), "method": pl.Utf8, "score": pl.Float64, "passed": pl.Boolean,
              "critical": pl.Boolean, "version": pl.Object, "team": pl.Utf8}
    data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
    data["at"] = [a if a.tzinfo else a.replace(tzinfo=UTC) for a in data["at"]]
    frame = pl.DataFrame({k: v for k, v in data.items() if k != "version"},
                         schema={k: v for k, v in schema.items() if k != "version"})
    return frame.with_columns(pl.col("at").dt.date().alias("date"),
                              pl.Series("version", [str(v) for v in data["version"]], dtype=pl.Utf8))


def _contacts(session: Session, team_ids, start: date, end: date) -> list[dict]:
    low, high = _bounds(start, end)
    query = (select(Interaction.channel, sa.func.count()).where(Interaction.occurred_at >= low, Interaction.occurred_at < high)
             .group_by(Interaction.channel).order_by(Interaction.channel))
    if team_ids is not None:
        query = query.where(Interaction.agent_id.in_(select(Agent.id).where(Agent.team_id.in_(team_ids))))
    return [{"channel": c.replace("_", " "), "contacts": n} for c, n in session.exec(query).all()]


def _standards(session: Session, frame) -> list[dict]:
    """The scorecards behind the period's evaluations: each one's pass mark is the standard scored against."""
    versions = {uuid.UUID(v) for v in frame["version"].unique().to_list()} if frame.height else set()
    rows = []
    for version in sorted(versions, key=str):
        card = scorecard_for(session, version)
        number = session.exec(select(ScorecardVersion.number).where(ScorecardVersion.id == version)).one()
        rows.append({"standard": f"{card.name} v{number}", "kpi": "QA pass rate", "target": f"score >= {card.pass_mark:g}%",
                     "method": ", ".join(m.replace("_", " ") for m in card.methods),
                     "criteria": len(card.criteria), "critical": sum(c.critical for c in card.criteria)})
    return rows


def _volumes(frame) -> list[dict]:
    import polars as pl

    if frame.height == 0:
        return []
    grouped = frame.group_by("method").agg(pl.len().alias("evaluations"), pl.col("passed").mean().alias("pass_rate"),
                                           pl.col("score").mean().alias("average_score")).sort("method")
    return [{"method": r["method"].replace("_", " "), "evaluations": r["evaluations"],
             "pass_rate": round(100 * r["pass_rate"], 1), "average_score": round(r["average_score"], 1)}
            for r in grouped.iter_rows(named=True)]


def _weekly(frame, start: date) -> list[dict]:
    import polars as pl

    if frame.height == 0:
        return []
    monday = start - timedelta(days=start.weekday())
    weeks = frame.with_columns(((pl.col("date") - pl.lit(monday)).dt.total_days() // 7).alias("block"))
    grouped = weeks.group_by("block").agg(pl.len().alias("n"), pl.col("passed").mean().alias("pass_rate"),
                                          pl.col("score").mean().alias("score"),
                                          pl.col("critical").mean().alias("critical")).sort("block")
    return [{"week": monday + timedelta(days=7 * r["block"]), "evaluations": r["n"],
             "pass_rate": round(100 * r["pass_rate"], 1), "average_score": round(r["score"], 1),
             "critical_fail_rate": round(100 * r["critical"], 1)} for r in grouped.iter_rows(named=True)]


def _criteria(session: Session, team_ids, start: date, end: date) -> tuple[list[dict], list[dict]]:
    """Pareto of failing criteria (most failures first, cumulative share) and SERVQUAL dimensions (share of marks)."""
    low, high = _bounds(start, end)
    query = (select(EvaluationAnswer.criterion_key, EvaluationAnswer.value, Evaluation.scorecard_version_id)
             .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .where(Evaluation.purpose == "review", Evaluation.status.in_(COUNTED), EvaluationAnswer.na.is_(False),
                    EvaluationAnswer.value.is_not(None), Interaction.occurred_at >= low, Interaction.occurred_at < high))
    if team_ids is not None:
        query = query.where(Evaluation.agent_id.in_(select(Agent.id).where(Agent.team_id.in_(team_ids))))
    cards: dict = {}
    fails, answered, questions = defaultdict(int), defaultdict(int), {}
    marks = defaultdict(lambda: [0.0, 0])
    for key, value, version in session.exec(query).all():
        card = cards.get(version) or cards.setdefault(version, scorecard_for(session, version))
        criterion = card.criterion(key)
        questions.setdefault(key, criterion.question)
        answered[key] += 1
        fails[key] += value <= criterion.fail_threshold
        if criterion.servqual is not None and criterion.highest > criterion.lowest:
            share = (value - criterion.lowest) / (criterion.highest - criterion.lowest)
            marks[criterion.servqual.value][0] += share
            marks[criterion.servqual.value][1] += 1
    return _pareto(fails, answered, questions), [
        {"dimension": d, "answers": n, "share_of_marks": round(100 * total / n, 1)}
        for d, (total, n) in sorted(marks.items(), key=lambda kv: kv[1][0] / kv[1][1])]


def _pareto(fails, answered, questions) -> list[dict]:
    total, running, rows = sum(fails.values()), 0, []
    for key, count in sorted(fails.items(), key=lambda kv: (-kv[1], kv[0])):
        if not count:
            continue
        running += count
        rows.append({"criterion": key, "question": questions[key], "failures": count, "answered": answered[key],
                     "fail_rate": round(100 * count / answered[key], 1), "cumulative": round(100 * running / total, 1)})
    return rows


def _sampling(frame, contacts: list[dict]) -> list[dict]:
    """Per team: the evaluations done, the margin they give, and how many the target margin needs (and why)."""
    from qa_tui.analytics.sample_size import evaluations_for_rate, rate_margin

    import polars as pl

    if frame.height == 0:
        return []
    rows = []
    population = sum(c["contacts"] for c in contacts) or None
    for team, n, passed in frame.group_by("team").agg(pl.len(), pl.col("passed").sum()).sort("team").iter_rows():
        rate = passed / n
        margin = rate_margin(passed, n).margin
        needed = evaluations_for_rate(MARGIN, rate if 0 < rate < 1 else 0.5)
        rows.append({"team": team, "evaluations": n, "pass_rate": round(100 * rate, 1),
                     "margin_points": round(100 * margin, 1), "needed_for_5_points": needed,
                     "adequate": "yes" if n >= needed else "no"})
    if population:
        rows.append({"team": "(centre)", "evaluations": frame.height,
                     "pass_rate": round(100 * frame["passed"].mean(), 1),
                     "margin_points": round(100 * rate_margin(int(frame["passed"].sum()), frame.height, population=population).margin, 1),
                     "needed_for_5_points": evaluations_for_rate(MARGIN, 0.5, population=population),
                     "adequate": "yes" if frame.height >= evaluations_for_rate(MARGIN, 0.5, population=population) else "no"})
    return rows


def _calibration(session: Session, start: date, end: date) -> str:
    low, high = _bounds(start, end)
    count = session.exec(select(sa.func.count()).select_from(Evaluation)
                         .where(Evaluation.purpose == "calibration", Evaluation.created_at >= low,
                                Evaluation.created_at < high)).one()
    if not count:
        return "No calibration sessions were held in this period, so there is no agreement to report."
    return (f"{count} calibration scorings were recorded in this period; agreement statistics are reported by the "
            "Calibration area.")


def _actions(actor: Actor, today: date, start: date, end: date) -> list[ActionDetail]:
    from qa_tui.services.permissions import allowed

    if not allowed(actor.role, Action.VIEW_ACTIONS):
        return []
    rows = [r for r in list_actions(actor, today) if r.due_on >= start]
    return [get_action(actor, r.id, today) for r in rows]


def _action_line(a: ActionDetail) -> dict:
    check = a.check or {}
    comparison = check.get("comparison", {})
    return {"reference": a.row.reference, "title": a.row.title, "stage": a.row.stage, "metric": a.metric.label,
            "scope": a.row.scope, "baseline": a.row.baseline, "target": a.row.target,
            "after": a.metric.fmt(check.get("post")) if check else "", "test": comparison.get("test", ""),
            "p_value": comparison.get("p_value"), "verdict": comparison.get("verdict", ""), "outcome": a.row.outcome,
            "variance_cause": a.variance_cause}


def recommend(review: ServiceReview) -> list[Recommendation]:
    """Rules that turn the analysis into recommendations, each naming the section that supports it."""
    out: list[Recommendation] = []
    if review.pareto:
        top = review.pareto[0]
        vital = [p["criterion"] for p in review.pareto if p["cumulative"] - 100 * p["failures"] / sum(x["failures"] for x in review.pareto) < 80]
        out.append(Recommendation(
            f"Focus coaching on '{top['criterion']}' ({top['fail_rate']}% of answers failed; {top['failures']} failures). "
            f"{len(vital)} criteria account for 80% of all failures: {', '.join(vital[:5])}.", "pareto"))
    if review.servqual:
        weakest = review.servqual[0]
        out.append(Recommendation(f"Strengthen the '{weakest['dimension']}' dimension: it earns the lowest share of "
                                  f"marks ({weakest['share_of_marks']}%).", "servqual"))
    short = [s for s in review.sampling if s["adequate"] == "no" and s["team"] != "(centre)"]
    if short:
        out.append(Recommendation(f"Sample more evaluations for {', '.join(s['team'] for s in short)}: their pass rates "
                                  f"are only known to within about ±{max(s['margin_points'] for s in short)} points.",
                                  "sampling"))
    c = review.complaints
    if c and c.root_causes:
        cause, n = c.root_causes[0]
        out.append(Recommendation(f"Open an improvement action on the top complaint root cause '{cause}' ({n} complaints).",
                                  "complaints"))
    if c and (c.acknowledge_breaches or c.final_breaches):
        out.append(Recommendation(f"Review complaint-handling capacity: {c.acknowledge_breaches} acknowledgement and "
                                  f"{c.final_breaches} final-response deadlines were breached.", "complaints"))
    for a in review.actions:
        if a.row.outcome == "missed":
            out.append(Recommendation(f"Re-plan {a.row.reference} ({a.row.title}): it missed its target"
                                      f"{'; cause: ' + a.variance_cause.rstrip('.') if a.variance_cause else ''}.", "actions"))
        elif a.row.outcome == "met" and a.decision != "abandon":
            out.append(Recommendation(f"Standardise {a.row.reference} ({a.row.title}) and spread it to other teams: "
                                      f"it met its target.", "actions"))
    return out
