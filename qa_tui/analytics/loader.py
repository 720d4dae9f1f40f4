"""The one place that turns the store into polars frames, and the cache that keeps them for the session.

The Trends screen loads the columns its views need once, in a worker: the time window and the actor's scope (a
team leader's teams) are pushed into SQL, because they cut rows; every other filter (site, team, agent, channel,
method, scorecard) is a polars filter on the cached frames, so a filter change never touches the database. The
audit trail's head (`audit_head.seq`) is the change marker: every write appends an audit entry, so when it moves,
`refresh` fetches only responses created and evaluations submitted since the last load, plus the evaluations the
new audit entries name (an overturned dispute re-scores one).

Frames (ids are text; times are UTC):
- evaluations: evaluation_id, interaction_id, at, agent_id, team_id, site_id, channel, method, scorecard_version_id,
  scorecard, score, passed, critical_failed
- surveys: response_id, at, agent_id, team_id, site_id, channel, interaction_id, csat, nps, ces, fcr
- answers (loaded on first use): evaluation_id, criterion_key, criterion, servqual, value, na, earned, failed, plus
  the evaluation's grouping columns
- people: agents (agent_id, agent, team_id), teams (team_id, team, site_id), sites (site_id, site)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl
import sqlalchemy as sa

from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import (Agent, AuditEntry, AuditHead, Evaluation, EvaluationAnswer, Interaction,
                                 ScorecardRecord, ScorecardVersion, Site, SurveyResponse, Team)

SUBMITTED = ("submitted", "acknowledged", "disputed", "resolved")
FETCH = 50_000
EVAL_SCHEMA = {"evaluation_id": pl.Utf8, "interaction_id": pl.Utf8, "at": pl.Datetime("us", "UTC"), "agent_id": pl.Utf8,
               "team_id": pl.Utf8, "site_id": pl.Utf8, "channel": pl.Utf8, "method": pl.Utf8,
               "scorecard_version_id": pl.Utf8, "score": pl.Float64, "passed": pl.Boolean, "critical_failed": pl.Boolean}
SURVEY_SCHEMA = {"response_id": pl.Utf8, "at": pl.Datetime("us", "UTC"), "agent_id": pl.Utf8, "team_id": pl.Utf8,
                 "site_id": pl.Utf8, "channel": pl.Utf8, "interaction_id": pl.Utf8, "csat": pl.Int64, "nps": pl.Int64,
                 "ces": pl.Int64, "fcr": pl.Boolean, "created_at": pl.Datetime("us", "UTC")}
ANSWER_SCHEMA = {"evaluation_id": pl.Utf8, "criterion_key": pl.Utf8, "value": pl.Int64, "na": pl.Boolean}


@dataclass
class TrendsData:
    """What the Trends screen works on, for one actor and window."""

    since: datetime
    marker: int
    evaluations: pl.DataFrame
    surveys: pl.DataFrame
    agents: pl.DataFrame
    teams: pl.DataFrame
    sites: pl.DataFrame
    scorecards: pl.DataFrame
    criteria: pl.DataFrame
    answers: pl.DataFrame | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def frame_for(self, source: str) -> pl.DataFrame | None:
        return {"evaluations": self.evaluations, "surveys": self.surveys, "answers": self.answers}.get(source)


_CACHE: dict[tuple, TrendsData] = {}
_CACHE_LOCK = threading.Lock()


def _cache_key(actor: Actor) -> tuple:
    return (id(actor.db), actor.user_id, actor.role, actor.team_ids)


def load_trends(actor: Actor, since: datetime, *, refresh: bool = True) -> TrendsData:
    """The frames from `since` on, from the cache when it covers them (refreshed from the change marker)."""
    require(actor, Action.VIEW_AGGREGATES)
    key = _cache_key(actor)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None and cached.since <= since:
        return _refreshed(actor, cached) if refresh else cached
    data = _load(actor, since)
    with _CACHE_LOCK:
        _CACHE[key] = data
    return data


def forget(actor: Actor | None = None) -> None:
    """Drop cached frames (all, or one actor's): at sign-out, or in tests."""
    with _CACHE_LOCK:
        if actor is None:
            _CACHE.clear()
        else:
            _CACHE.pop(_cache_key(actor), None)


def _load(actor: Actor, since: datetime) -> TrendsData:
    with actor.db.read() as session:
        connection = session.connection()
        marker = _marker(connection)
        people = _people(actor, connection)
        scorecards, criteria = _scorecards(connection)
        evaluations = _evaluations(actor, connection, Evaluation.submitted_at >= since)
        surveys = _surveys(actor, connection, SurveyResponse.responded_at >= since)
    return TrendsData(since, marker, evaluations.join(scorecards, on="scorecard_version_id", how="left"), surveys,
                      *people, scorecards, criteria)


def _refreshed(actor: Actor, data: TrendsData) -> TrendsData:
    with data.lock:
        with actor.db.read() as session:
            connection = session.connection()
            marker = _marker(connection)
            if marker == data.marker:
                return data
            touched = [t for (t,) in connection.execute(sa.select(AuditEntry.target_id).where(
                AuditEntry.seq > data.marker, AuditEntry.target_type == "evaluation"))]
            last_eval = data.evaluations["at"].max() if data.evaluations.height else data.since
            last_survey = data.surveys["created_at"].max() if data.surveys.height else None
            new_evals = _evaluations(actor, connection, sa.or_(Evaluation.submitted_at > last_eval,
                                                               sa.cast(Evaluation.id, sa.String).in_(_both_forms(touched))))
            survey_cut = SurveyResponse.responded_at >= data.since
            if last_survey is not None:
                survey_cut = sa.and_(survey_cut, SurveyResponse.created_at > last_survey)
            new_surveys = _surveys(actor, connection, survey_cut)
            scorecards, criteria = _scorecards(connection)
        new_evals = new_evals.filter(pl.col("at") >= data.since).join(scorecards, on="scorecard_version_id", how="left")
        replaced = data.evaluations.filter(~pl.col("evaluation_id").is_in(new_evals["evaluation_id"].to_list()))
        data.evaluations = pl.concat([replaced, new_evals.select(replaced.columns)])
        data.surveys = pl.concat([data.surveys, new_surveys])
        data.scorecards, data.criteria, data.marker, data.answers = scorecards, criteria, marker, None
    return data


def _both_forms(ids: list[str]) -> list[str]:
    """Evaluation ids as the audit trail writes them and as SQLite stores them (hex without dashes)."""
    return [form for i in ids for form in (i, i.replace("-", ""))]


def _marker(connection: sa.Connection) -> int:
    return connection.execute(sa.select(AuditHead.seq).where(AuditHead.id == 1)).scalar() or 0


def _text(column) -> sa.ColumnElement:
    return sa.cast(column, sa.String)


def _scope(actor: Actor, query, agent_column):
    if actor.role == Role.TEAM_LEADER:
        return query.where(agent_column.in_(sa.select(Agent.id).where(Agent.team_id.in_(actor.team_ids))))
    return query


def _frame(connection: sa.Connection, query, schema: dict) -> pl.DataFrame:
    """Rows straight from the cursor into polars, in chunks (no ORM objects)."""
    result = connection.execution_options(stream_results=True).execute(query)
    names = list(schema)
    raw_schema = {n: (pl.Utf8 if t in (pl.Boolean,) or isinstance(t, pl.Datetime) else t) for n, t in schema.items()}
    chunks = []
    while rows := result.fetchmany(FETCH):
        chunks.append(pl.DataFrame(rows, schema=_raw(raw_schema, rows), orient="row"))
    if not chunks:
        return pl.DataFrame(schema=schema)
    frame = pl.concat(chunks, how="vertical_relaxed")
    return frame.select(_typed(frame, name, dtype) for name, dtype in schema.items()).select(names)


def _raw(schema: dict, rows: list) -> dict:
    """Let polars take the driver's own types (PostgreSQL gives datetimes and booleans) where text was expected."""
    first = rows[0]
    out = {}
    for i, (name, dtype) in enumerate(schema.items()):
        value = first[i]
        out[name] = None if not isinstance(value, (str, int, float)) or isinstance(value, bool) else dtype
        if dtype == pl.Utf8 and isinstance(value, int):
            out[name] = pl.Int64
    return out


def _typed(frame: pl.DataFrame, name: str, dtype) -> pl.Expr:
    column, have = pl.col(name), frame.schema[name]
    if isinstance(dtype, pl.Datetime):
        if have == pl.Utf8:
            return column.str.slice(0, 26).str.to_datetime("%Y-%m-%d %H:%M:%S%.f", strict=False, time_unit="us") \
                .dt.replace_time_zone("UTC").alias(name)
        if isinstance(have, pl.Datetime):
            return (column.dt.convert_time_zone("UTC") if have.time_zone else column.dt.replace_time_zone("UTC")) \
                .dt.cast_time_unit("us").alias(name)
    if dtype == pl.Boolean and have != pl.Boolean:
        return column.cast(pl.Int64).cast(pl.Boolean).alias(name)
    if dtype == pl.Utf8 and name.endswith("_id"):  # ids as 32 hex digits on both engines
        return column.cast(pl.Utf8).str.replace_all("-", "", literal=True).alias(name)
    return column.cast(dtype).alias(name)


def _when(column, connection: sa.Connection):
    return _text(column) if connection.dialect.name == "sqlite" else column


def _evaluations(actor: Actor, connection: sa.Connection, cut) -> pl.DataFrame:
    query = (sa.select(_text(Evaluation.id), _text(Evaluation.interaction_id), _when(Evaluation.submitted_at, connection),
                       _text(Evaluation.agent_id), _text(Agent.team_id), _text(Team.site_id), Interaction.channel,
                       Evaluation.method, _text(Evaluation.scorecard_version_id), Evaluation.score, Evaluation.passed,
                       Evaluation.critical_failed)
             .join(Agent, Agent.id == Evaluation.agent_id).join(Team, Team.id == Agent.team_id)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .where(Evaluation.purpose == "review", Evaluation.status.in_(SUBMITTED), cut))
    return _frame(connection, _scope(actor, query, Evaluation.agent_id), EVAL_SCHEMA)


def _surveys(actor: Actor, connection: sa.Connection, cut) -> pl.DataFrame:
    query = (sa.select(_text(SurveyResponse.id), _when(SurveyResponse.responded_at, connection),
                       _text(SurveyResponse.agent_id), _text(Agent.team_id), _text(Team.site_id), SurveyResponse.channel,
                       _text(SurveyResponse.interaction_id), SurveyResponse.csat, SurveyResponse.nps, SurveyResponse.ces,
                       SurveyResponse.fcr, _when(SurveyResponse.created_at, connection))
             .outerjoin(Agent, Agent.id == SurveyResponse.agent_id).outerjoin(Team, Team.id == Agent.team_id)
             .where(cut))
    return _frame(connection, _scope(actor, query, SurveyResponse.agent_id), SURVEY_SCHEMA)


def _people(actor: Actor, connection: sa.Connection) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    from sqlmodel import Session, select

    from qa_tui.services.people import agent_name

    session = Session(bind=connection)
    query = select(Agent)
    if actor.role == Role.TEAM_LEADER:
        query = query.where(Agent.team_id.in_(actor.team_ids))
    agents = session.exec(query).all()
    agent_frame = pl.DataFrame({"agent_id": [a.id.hex for a in agents],
                                "agent": [agent_name(session, actor.db.vault, a) for a in agents],
                                "team_id": [a.team_id.hex for a in agents]}, schema={"agent_id": pl.Utf8, "agent": pl.Utf8, "team_id": pl.Utf8})
    teams = session.exec(select(Team)).all()
    sites = session.exec(select(Site)).all()
    team_frame = pl.DataFrame({"team_id": [t.id.hex for t in teams], "team": [t.name for t in teams],
                               "site_id": [t.site_id.hex for t in teams]}, schema={"team_id": pl.Utf8, "team": pl.Utf8, "site_id": pl.Utf8})
    site_frame = pl.DataFrame({"site_id": [s.id.hex for s in sites], "site": [s.name for s in sites]},
                              schema={"site_id": pl.Utf8, "site": pl.Utf8})
    return agent_frame, team_frame, site_frame


def _scorecards(connection: sa.Connection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Scorecard names per version, and each version's criteria: label, SERVQUAL dimension and marking range."""
    from qa_tui.domain.scorecard_toml import load_scorecard_toml

    rows = connection.execute(sa.select(ScorecardVersion.id, ScorecardRecord.name, ScorecardVersion.definition)
                              .join(ScorecardRecord, ScorecardRecord.id == ScorecardVersion.scorecard_id)).all()
    cards, criteria = [], []
    for version_id, name, definition in rows:
        vid = version_id.hex if hasattr(version_id, "hex") else str(version_id).replace("-", "")
        cards.append({"scorecard_version_id": vid, "scorecard": name})
        try:
            card = load_scorecard_toml(definition)
        except Exception:  # a broken draft must not stop the trends of the published ones
            continue
        for c in card.criteria:
            criteria.append({"scorecard_version_id": vid, "criterion_key": c.key, "criterion": c.question,
                             "servqual": c.servqual.value if c.servqual else None, "lowest": c.lowest,
                             "highest": c.highest, "fail_at": c.fail_threshold, "bonus": c.bonus})
    card_schema = {"scorecard_version_id": pl.Utf8, "scorecard": pl.Utf8}
    criteria_schema = {"scorecard_version_id": pl.Utf8, "criterion_key": pl.Utf8, "criterion": pl.Utf8,
                       "servqual": pl.Utf8, "lowest": pl.Int64, "highest": pl.Int64, "fail_at": pl.Int64, "bonus": pl.Boolean}
    return pl.DataFrame(cards, schema=card_schema), pl.DataFrame(criteria, schema=criteria_schema)


def load_answers(actor: Actor, data: TrendsData) -> pl.DataFrame:
    """Criterion answers for the loaded evaluations (on first use, kept with the data): earned share and failed flag."""
    with data.lock:
        if data.answers is not None:
            return data.answers
        with actor.db.read() as session:
            connection = session.connection()
            query = (sa.select(_text(EvaluationAnswer.evaluation_id), EvaluationAnswer.criterion_key,
                               EvaluationAnswer.value, EvaluationAnswer.na)
                     .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
                     .where(Evaluation.purpose == "review", Evaluation.status.in_(SUBMITTED),
                            Evaluation.submitted_at >= data.since))
            raw = _frame(connection, _scope(actor, query, Evaluation.agent_id), ANSWER_SCHEMA)
        data.answers = answers_frame(raw, data.evaluations, data.criteria)
        return data.answers


def answers_frame(raw: pl.DataFrame, evaluations: pl.DataFrame, criteria: pl.DataFrame) -> pl.DataFrame:
    """Join answers to their evaluations and criteria; `earned` 0-1 and `failed` are null for N/A or unanswered."""
    keys = ["scorecard_version_id", "criterion_key"]
    answered = pl.col("value").is_not_null() & ~pl.col("na")
    span = (pl.col("highest") - pl.col("lowest")).cast(pl.Float64)
    return (raw.join(evaluations, on="evaluation_id", how="inner").join(criteria, on=keys, how="left")
            .with_columns(
                pl.when(answered & (span > 0)).then((pl.col("value") - pl.col("lowest")) / span).alias("earned"),
                pl.when(answered & ~pl.col("bonus").fill_null(False)).then(pl.col("value") <= pl.col("fail_at")).alias("failed"),
                pl.col("criterion").fill_null(pl.col("criterion_key")),
            ))
