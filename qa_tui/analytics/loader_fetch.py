"""Columns from SQL into compact polars frames, without an ORM object (or a SQLAlchemy row) per record.

Queries select only what the frames need and let the database do the conversions that are costly in Python: ids
as 32 hex digits, times as text in UTC, booleans as integers. The driver's cursor is read in chunks straight into
polars, where ids of people and scorecards become categoricals and measures small integers. Window, scope and
the rows a delta names are cut in SQL; nothing else is.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl
import sqlalchemy as sa

from qa_tui.store.models import Agent, Evaluation, EvaluationAnswer, Interaction, SurveyResponse

SUBMITTED = ("submitted", "acknowledged", "disputed", "resolved")
CHUNK = 20_000
"""Rows per fetch; each chunk is typed as it arrives, so that no step holds polars' threads for long."""
PACKED_CHUNK = 2_000
"""Evaluations per fetch of packed answers (each row is some thirty answers)."""
UTC_TIME = pl.Datetime("us", "UTC")
EVALUATIONS = {"evaluation_id": pl.Utf8, "interaction_id": pl.Utf8, "at": UTC_TIME, "agent_id": pl.Categorical,
               "channel": pl.Categorical, "method": pl.Categorical, "scorecard_version_id": pl.Categorical,
               "score": pl.Float64, "passed": pl.Boolean, "critical_failed": pl.Boolean}
SURVEYS = {"id_ms": pl.Int64, "at": UTC_TIME, "agent_id": pl.Categorical, "channel": pl.Categorical,
           "interaction_id": pl.Utf8, "csat": pl.Int8, "nps": pl.Int8, "ces": pl.Int8, "fcr": pl.Boolean}
PACKED = {"evaluation_id": pl.Utf8, "packed": pl.Utf8}


def _hex(connection: sa.Connection, column) -> sa.ColumnElement:
    """An id as 32 hex digits: SQLite stores them so; PostgreSQL's uuid text has dashes."""
    if connection.dialect.name == "sqlite":
        return sa.cast(column, sa.String)
    return sa.func.replace(sa.cast(column, sa.String), "-", "")


def _time(connection: sa.Connection, column) -> sa.ColumnElement:
    """A time as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC (SQLite stores that text; PostgreSQL formats it)."""
    if connection.dialect.name == "sqlite":
        return sa.cast(column, sa.String)
    return sa.func.to_char(sa.func.timezone("UTC", column), "YYYY-MM-DD HH24:MI:SS.US")


def _int(column) -> sa.ColumnElement:
    return sa.cast(column, sa.Integer)


def _in_scope(agent_column, team_ids: tuple | None) -> sa.ColumnElement:
    """Rows of a team leader's agents (everything for the centre-wide roles)."""
    if team_ids is None:
        return sa.true()
    return agent_column.in_(sa.select(Agent.id).where(Agent.team_id.in_(team_ids)))


def evaluation_window(since: datetime, until: datetime | None = None) -> sa.ColumnElement:
    """Evaluations submitted in [since, until). `agent_id IN (every agent)` holds for every evaluation, and lets
    SQLite walk the (agent, time) index instead of scanning the table: 0.26 s instead of 0.85 s for 90 days of a
    large centre. Only for windows: beside a cut by id it would make SQLite walk that index instead of the key."""
    return sa.and_(Evaluation.agent_id.in_(sa.select(Agent.id)), window(Evaluation.submitted_at, since, until))


def evaluations(connection: sa.Connection, team_ids: tuple | None, cut) -> pl.DataFrame:
    """Submitted reviews matching `cut` (a SQL condition on Evaluation), in scope."""
    e = Evaluation
    query = (sa.select(_hex(connection, e.id), _hex(connection, e.interaction_id), _time(connection, e.submitted_at),
                       _hex(connection, e.agent_id), Interaction.channel, e.method,
                       _hex(connection, e.scorecard_version_id), e.score, _int(e.passed), _int(e.critical_failed))
             .join(Interaction, Interaction.id == e.interaction_id)
             .where(e.purpose == "review", e.status.in_(SUBMITTED), _in_scope(e.agent_id, team_ids), cut))
    return _frame(connection, query, EVALUATIONS)


def surveys(connection: sa.Connection, team_ids: tuple | None, cut) -> pl.DataFrame:
    """Survey responses matching `cut`; a team leader's scope leaves out responses naming no agent.

    A response's id is kept as its first 48 bits only (`id_ms`, when it was made: ids are time-ordered), which is
    all a refresh needs to replace what a bulk import added, in a quarter of the space of the id."""
    s = SurveyResponse
    query = sa.select(sa.func.substr(_hex(connection, s.id), 1, 12), _time(connection, s.responded_at),
                      _hex(connection, s.agent_id),
                      s.channel, _hex(connection, s.interaction_id), s.csat, s.nps, s.ces, _int(s.fcr)).where(cut)
    if team_ids is not None:
        query = query.where(_in_scope(s.agent_id, team_ids))
    return _frame(connection, query, SURVEYS)


def answers(connection: sa.Connection, team_ids: tuple | None, cut, keys: pl.DataFrame, then=None) -> pl.DataFrame:
    """The criterion answers of the evaluations `evaluations(cut)` returns, one row per answer with the `eval_key`
    that `keys` (evaluation_id, eval_key) gives its evaluation; those without a key are left out. `then` converts
    each chunk further.

    Each evaluation's answers come packed in one text ("key=value,key=n,..."), so that thirty times fewer values
    cross from the driver into Python, and polars unpacks them a chunk at a time."""
    a, e = EvaluationAnswer, Evaluation
    item = a.criterion_key + "=" + sa.case((a.na, "n"), else_=sa.func.coalesce(sa.cast(a.value, sa.String), ""))
    packed = sa.select(_aggregate(connection, item)).where(a.evaluation_id == e.id).scalar_subquery()
    query = sa.select(_hex(connection, e.id), packed).where(
        e.purpose == "review", e.status.in_(SUBMITTED), _in_scope(e.agent_id, team_ids), cut)
    keyed = keys.select("evaluation_id", "eval_key")

    def convert(chunk: pl.DataFrame) -> pl.DataFrame:
        unpacked = unpack(chunk.join(keyed, on="evaluation_id", how="inner"))
        return then(unpacked) if then else unpacked

    return _frame(connection, query, PACKED, convert, PACKED_CHUNK)


def _aggregate(connection: sa.Connection, item) -> sa.ColumnElement:
    if connection.dialect.name == "sqlite":
        return sa.func.group_concat(item, ",")
    return sa.func.string_agg(item, ",")


def unpack(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per answer (eval_key, criterion_key, value, na) from packed rows; 'n' is N/A, empty unanswered."""
    pairs = (frame.filter(pl.col("packed").is_not_null()).select("eval_key", pl.col("packed").str.split(","))
             .explode("packed")
             .with_columns(pl.col("packed").str.split_exact("=", 1).struct.rename_fields(["criterion_key", "raw"]))
             .unnest("packed"))
    return pairs.select("eval_key", pl.col("criterion_key").cast(pl.Categorical),
                        pl.col("raw").cast(pl.Int16, strict=False).alias("value"), (pl.col("raw") == "n").alias("na"))


def window(column, since: datetime, until: datetime | None = None):
    cut = column >= since
    return cut if until is None else sa.and_(cut, column < until)


# --- people and scorecards: small, read afresh on every load ----------------------------------------------


def people(actor, connection: sa.Connection, team_ids: tuple | None) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Agents (with their names, decrypted here: a cache never holds them), teams and sites."""
    from qa_tui.store.database import erasures_seen
    from qa_tui.store.models import DataSubject, Site, Team
    from qa_tui.store.vault import decrypt_field, field_aad

    vault = actor.db.vault
    query = sa.select(Agent.id, Agent.team_id, Agent.name_enc, Agent.subject_id, DataSubject.wrapped_key).join(
        DataSubject, DataSubject.id == Agent.subject_id)
    if team_ids is not None:
        query = query.where(Agent.team_id.in_(team_ids))
    ids, names, teams, seen = [], [], [], erasures_seen(connection)
    for agent_id, team_id, name_enc, subject_id, wrapped in connection.execute(query):
        key = vault.remember_subject_key(subject_id, wrapped, seen)  # one query for all agents, not one per agent
        ids.append(agent_id.hex)
        names.append(decrypt_field(key, name_enc, field_aad("agent", "name", agent_id), "agent name") or "")
        teams.append(team_id.hex)
    agent_frame = pl.DataFrame({"agent_id": ids, "agent": names, "team_id": teams}, schema=_ids("agent_id", "agent", "team_id"))
    team_rows = connection.execute(sa.select(Team.id, Team.name, Team.site_id)).all()
    team_frame = pl.DataFrame({"team_id": [t.hex for t, _, _ in team_rows], "team": [n for _, n, _ in team_rows],
                               "site_id": [s.hex for _, _, s in team_rows]}, schema=_ids("team_id", "team", "site_id"))
    site_rows = connection.execute(sa.select(Site.id, Site.name)).all()
    site_frame = pl.DataFrame({"site_id": [s.hex for s, _ in site_rows], "site": [n for _, n in site_rows]},
                              schema=_ids("site_id", "site"))
    return agent_frame, team_frame, site_frame


def _ids(*names: str) -> dict:
    return {name: pl.Categorical if name.endswith("_id") else pl.Utf8 for name in names}


def scorecards(connection: sa.Connection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Scorecard names per version, and each version's criteria: label, SERVQUAL dimension and marking range."""
    from qa_tui.domain.scorecard_toml import load_scorecard_toml
    from qa_tui.store.models import ScorecardRecord, ScorecardVersion

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
    card_schema = {"scorecard_version_id": pl.Categorical, "scorecard": pl.Categorical}
    criteria_schema = {"scorecard_version_id": pl.Categorical, "criterion_key": pl.Categorical,
                       "criterion": pl.Categorical, "servqual": pl.Categorical, "lowest": pl.Int64, "highest": pl.Int64,
                       "fail_at": pl.Int64, "bonus": pl.Boolean}
    return pl.DataFrame(cards, schema=card_schema), pl.DataFrame(criteria, schema=criteria_schema)


# --- from the cursor into polars -----------------------------------------------------------------------------


def _frame(connection: sa.Connection, query, schema: dict, convert=None, chunk: int = CHUNK) -> pl.DataFrame:
    """Rows from the driver's own cursor, a chunk at a time, into one typed frame (each chunk then `convert`ed):
    small steps keep polars' thread pool, which the screen's own computations share, from being held for long
    while a load runs behind the first view."""
    wire = {n: _wire(n, t) for n, t in schema.items()}
    result = connection.execute(query)
    cursor, chunks = result.cursor, []
    try:
        while rows := cursor.fetchmany(chunk):
            chunks.append(_chunk(pl.DataFrame(rows, schema=list(wire.items()), orient="row"), schema, convert))
    finally:
        result.close()
    return pl.concat(chunks) if chunks else _chunk(pl.DataFrame(schema=wire), schema, convert)


def _chunk(raw: pl.DataFrame, schema: dict, convert) -> pl.DataFrame:
    typed = raw.select(_typed(name, dtype) for name, dtype in schema.items())
    return convert(typed) if convert else typed


def _wire(name: str, dtype) -> pl.DataType:
    """How a column arrives from the driver: text for times and categories, integers for booleans."""
    if isinstance(dtype, pl.Datetime) or dtype == pl.Categorical or name == "id_ms":
        return pl.Utf8
    if dtype == pl.Boolean or dtype in (pl.Int8, pl.Int16):
        return pl.Int64
    return dtype


def _typed(name: str, dtype) -> pl.Expr:
    column = pl.col(name)
    if name == "id_ms":
        return column.str.to_integer(base=16).alias(name)
    if isinstance(dtype, pl.Datetime):
        return (column.str.slice(0, 26).str.to_datetime("%Y-%m-%d %H:%M:%S%.f", time_unit="us", time_zone="UTC",
                                                          strict=False).alias(name))
    return column.cast(dtype).alias(name)
