"""The one place that turns the store into polars frames, and the cache that keeps them for the session.

Where the frames come from, fastest first:
1. memory: the frames of this session, patched from the audit trail when its head (the change marker) has moved;
2. the stored snapshot (`loader_snapshot`): a year of centre-wide frames as encrypted monthly parts, read in one
   go and patched the same way (a team leader's frames are cut in SQL instead, and small);
3. SQL (`loader_fetch`): columns straight from the driver's cursor, the window and scope cut in the query; the
   screen's own window first, so that its first view draws while the rest of the year streams in behind it.
What changed is read from the audit entries since the marker (`loader_delta`): only the evaluations and surveys
they name or created are fetched again; an erasure, a retention run or an unknown change rebuilds the frames.
Every filter other than the window and scope is a polars filter on these frames: it never touches the database.

Frames (ids are 32 hex digits; people, channels, methods and scorecards are categoricals; times are UTC):
- evaluations: evaluation_id, interaction_id, at, agent_id, channel, method, scorecard_version_id, score, passed,
  critical_failed, eval_key (a number the answers refer to), team_id, site_id, scorecard
- surveys: id_ms (when the response was made, from its id), at, agent_id, channel, interaction_id, csat, nps, ces,
  fcr, team_id, site_id
- answers (loaded on first use): eval_key, criterion_key, value, na, criterion, servqual, earned (0-1), failed
- people: agents (agent_id, agent, team_id), teams (team_id, team, site_id), sites (site_id, site)
"""

from __future__ import annotations

import threading
import uuid
from datetime import datetime
from typing import Iterator

import polars as pl
import sqlalchemy as sa

from qa_tui.analytics import loader_answers, loader_data, loader_delta, loader_fetch as fetch
from qa_tui.analytics import loader_snapshot as snapshot
from qa_tui.analytics.loader_data import EVALUATIONS, NOTHING, SURVEYS, TrendsData
from qa_tui.services import unlock
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Evaluation, SurveyResponse


_CACHE: dict[tuple, TrendsData] = {}
_CACHE_LOCK = threading.Lock()
_LOADING: dict[tuple, threading.Lock] = {}


def _cache_key(actor: Actor) -> tuple:
    return (id(actor.db), actor.user_id, actor.role, actor.team_ids)


def _scope(actor: Actor) -> tuple | None:
    return tuple(actor.team_ids) if actor.role == Role.TEAM_LEADER else None


def load_trends(actor: Actor, since: datetime, *, refresh: bool = True) -> TrendsData:
    """The frames from `since` on (at least), current to the change marker unless `refresh` is False."""
    data = None
    for data in stream(actor, since, answers=False, refresh=refresh):
        pass
    return data


def stream(actor: Actor, since: datetime, first: datetime | None = None, *, answers: bool = True,
           refresh: bool = True) -> Iterator[TrendsData]:
    """The frames as they grow: from `first` on (when SQL has to fetch them), then from `since`, then with the
    answers; the snapshot is written back at the end. Each yield is the same object, further filled.

    The first stages hold a read transaction open between yields: use the frames from another thread (SQLite gives
    each thread one connection), as the screen does."""
    require(actor, Action.VIEW_AGGREGATES)
    key = _cache_key(actor)
    with _CACHE_LOCK:
        loading = _LOADING.setdefault(key, threading.Lock())
    with loading:  # one first load per actor at a time; a second caller gets the first one's frames
        data = _CACHE.get(key)
        if data is None or not (data.holds("evaluations", since) and data.holds("surveys", since)):
            for data in _first_load(actor, since, first, data):
                _remember(key, data)
                yield data
        elif refresh:
            yield _refresh(actor, data)
        else:
            yield data
    if answers:  # the view's window first (the Pareto's default), then the year's
        if first is not None:
            load_answers(actor, data, first)
            yield data
        load_answers(actor, data)
        yield data
        save(actor, data)


def _remember(key: tuple, data: TrendsData) -> None:
    with _CACHE_LOCK:
        _CACHE[key] = data


def forget(actor: Actor | None = None) -> None:
    """Drop cached frames (all, or one actor's): at sign-out, or in tests."""
    with _CACHE_LOCK:
        if actor is None:
            _CACHE.clear()
            _LOADING.clear()
        else:
            key = _cache_key(actor)
            _CACHE.pop(key, None)
            _LOADING.pop(key, None)


unlock.at_sign_out(forget)  # the frames hold decrypted personal data: they go with the session


# --- first loads ---------------------------------------------------------------------------------------------


def _first_load(actor: Actor, since: datetime, first: datetime | None, held: TrendsData | None) -> Iterator[TrendsData]:
    """In one read transaction, so that every stage is current to the same marker."""
    team_ids = _scope(actor)
    with actor.db.read() as session:
        connection = session.connection()
        if held is not None:  # frames of a shorter window: fetch the older rows only
            _patch(actor, connection, held)
            _extend(connection, held, since)
            yield held
            return
        marker = loader_delta.head(connection)
        data = _from_snapshot(actor, connection, marker) if team_ids is None else None
        if data is None:  # evaluations of the view's window, then its surveys, then the rest of the year
            start = max(first or since, since)
            data = _from_sql(actor, connection, marker, start)
            data.stored, data.replace_all = snapshot.stored_marker(connection), True
            yield data
            _extend(connection, data, start)
        if data.since > since or data.surveys_since > since:
            yield data
            _extend(connection, data, since)
        yield data


def _from_sql(actor: Actor, connection: sa.Connection, marker: int, since: datetime) -> TrendsData:
    """The evaluations from `since` on (`_extend` adds the surveys)."""
    team_ids = _scope(actor)
    agents, teams, sites = fetch.people(actor, connection, team_ids)
    scorecards, criteria = fetch.scorecards(connection)
    data = TrendsData(since, marker, pl.DataFrame(schema=EVALUATIONS), pl.DataFrame(schema=SURVEYS), agents, teams,
                      sites, scorecards, criteria, team_ids=team_ids, surveys_since=NOTHING)
    data.add_evaluations(fetch.evaluations(connection, team_ids, fetch.evaluation_window(since)))
    return data


def _from_snapshot(actor: Actor, connection: sa.Connection, marker: int) -> TrendsData | None:
    stored = snapshot.read(connection, actor.db.vault)
    if stored is None:
        return None
    delta = loader_delta.since(connection, stored.marker, marker)
    if delta.rebuild:
        return None
    agents, teams, sites = fetch.people(actor, connection, None)
    scorecards, criteria = fetch.scorecards(connection)
    data = TrendsData(stored.since, stored.marker, stored.evaluations, stored.surveys, agents, teams, sites,
                      scorecards, criteria, surveys_since=stored.since, stored=stored.marker, parts=stored)
    data.place()
    _apply(connection, data, delta)
    return data


def _extend(connection: sa.Connection, data: TrendsData, since: datetime) -> None:
    """Add the rows from `since` up to what each frame holds (and their answers, once loaded)."""
    with data.lock:
        if since < data.since:
            older = fetch.evaluation_window(since, data.since)
            keys = data.add_evaluations(fetch.evaluations(connection, data.team_ids, older))
            if data.answers is not None and data.answers_since <= data.since:
                _add_answers(connection, data, keys, older)
                data.answers_since = since
            data.since = since
        if since < data.surveys_since:
            until = None if data.surveys_since == NOTHING else data.surveys_since
            data.add_surveys(fetch.surveys(connection, data.team_ids,
                                             fetch.window(SurveyResponse.responded_at, since, until)))
            data.surveys_since = since


# --- keeping frames current ----------------------------------------------------------------------------------


def _refresh(actor: Actor, data: TrendsData) -> TrendsData:
    with data.lock, actor.db.read() as session:
        _patch(actor, session.connection(), data)
    return data


def _patch(actor: Actor, connection: sa.Connection, data: TrendsData) -> None:
    """Bring the frames to the audit head: patched when the changes allow it, rebuilt when not."""
    with data.lock:
        delta = loader_delta.since(connection, data.marker)
        if delta.marker == data.marker:
            return
        data.agents, data.teams, data.sites = fetch.people(actor, connection, data.team_ids)
        data.scorecards, data.criteria = fetch.scorecards(connection)
        if delta.rebuild:
            _rebuild(actor, connection, data, delta.marker)
            return
        data.place()
        _apply(connection, data, delta)


def _rebuild(actor: Actor, connection: sa.Connection, data: TrendsData, marker: int) -> None:
    fresh = _from_sql(actor, connection, marker, data.since)
    _extend(connection, fresh, data.since)
    data.evaluations, data.surveys, data.surveys_since, data.marker = (fresh.evaluations, fresh.surveys,
                                                                       fresh.surveys_since, marker)
    data.answers, data.answers_since, data.parts, data.replace_all = None, NOTHING, None, True
    data.stored = snapshot.stored_marker(connection)


def _apply(connection: sa.Connection, data: TrendsData, delta: loader_delta.Delta) -> None:
    """Fetch again what the delta names; replace those rows (and their answers) in the frames. The cuts are by id
    alone, so that the database walks its primary keys; the window is applied here."""
    held = pl.col("at") >= data.since
    for cut, replaced in _evaluation_cuts(data, delta):
        evaluations = fetch.evaluations(connection, data.team_ids, cut).filter(held)
        data.drop_evaluations(pl.concat([replaced, evaluations["evaluation_id"]]))
        keys = data.add_evaluations(evaluations)
        if data.answers is not None:
            _add_answers(connection, data, keys, cut)
    if delta.surveys_from is not None:
        floor = loader_delta.id_floor(delta.surveys_from)
        surveys = fetch.surveys(connection, data.team_ids, SurveyResponse.id >= floor).filter(
            pl.col("at") >= data.surveys_since)
        data.drop_surveys(pl.col("id_ms") >= floor.int >> 80)
        data.add_surveys(surveys)
    data.marker = delta.marker


def _evaluation_cuts(data: TrendsData, delta: loader_delta.Delta) -> list[tuple]:
    """SQL conditions for the evaluations to fetch again, each with the ids it replaces in memory (a named one
    may have left the frames; everything held from a bulk write's first id on is replaced by what is fetched)."""
    ids = sorted(delta.evaluation_ids)
    cuts = [(Evaluation.id.in_([uuid.UUID(i) for i in chunk]), pl.Series(chunk, dtype=pl.Utf8))
            for chunk in (ids[start:start + 500] for start in range(0, len(ids), 500))]
    if delta.evaluations_from is not None:
        floor = loader_delta.id_floor(delta.evaluations_from)
        held = data.evaluations.filter(pl.col("evaluation_id") >= floor.hex)["evaluation_id"]
        cuts.append((Evaluation.id >= floor, held))
    return cuts


# --- answers ---------------------------------------------------------------------------------------------------


def load_answers(actor: Actor, data: TrendsData, since: datetime | None = None) -> pl.DataFrame:
    """Criterion answers of the loaded evaluations (from `since` on at least; on first use, then kept current)."""
    target = max(since or data.since, data.since)
    with data.lock:
        if data.holds("answers", target):
            return data.answers
        with actor.db.read() as session:
            connection = session.connection()
            _patch(actor, connection, data)
            if data.answers is None and data.parts is not None:
                data.answers, data.answers_since, data.parts = _answers_from_parts(connection, data), data.since, None
            elif data.answers is None:
                data.answers = pl.DataFrame(schema=loader_answers.SCHEMA)
                _add_older_answers(connection, data, target)
            elif not data.holds("answers", target):
                _add_older_answers(connection, data, target)
        return data.answers


def _add_older_answers(connection: sa.Connection, data: TrendsData, since: datetime) -> None:
    """The answers of the evaluations from `since` up to those already held (a patch may have added some)."""
    until = None if data.answers_since == NOTHING else data.answers_since
    keys = data.evaluations.filter(pl.col("at") >= since)
    if until is not None:
        keys = keys.filter(pl.col("at") < until)
    data.answers = data.answers.filter(~pl.col("eval_key").is_in(keys["eval_key"].implode()))
    _add_answers(connection, data, keys, fetch.evaluation_window(since, until))
    data.answers_since = since


def _answers_from_parts(connection: sa.Connection, data: TrendsData) -> pl.DataFrame:
    """The snapshot's answers of the evaluations still held, month by month; those fetched since (with newer
    keys) come from SQL."""
    held = data.evaluations.select("evaluation_id", "eval_key")
    keys = held["eval_key"].implode()
    frames = [_derived(data, month.filter(pl.col("eval_key").is_in(keys))) for month in snapshot.answers(data.parts)]
    newer = held.filter(pl.col("eval_key") >= data.parts.evaluations.height)["evaluation_id"].to_list()
    for start in range(0, len(newer), 500):
        frames.append(_fetched_answers(connection, data, held, Evaluation.id.in_(
            [uuid.UUID(i) for i in newer[start:start + 500]])))
    return pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=loader_answers.SCHEMA)


def _fetched_answers(connection: sa.Connection, data: TrendsData, keys: pl.DataFrame, cut) -> pl.DataFrame:
    """Answers from SQL, each chunk derived as it arrives."""
    return fetch.answers(connection, data.team_ids, cut, keys, lambda raw: _derived(data, raw))


def _derived(data: TrendsData, raw: pl.DataFrame) -> pl.DataFrame:
    return loader_answers.derived(raw, data.evaluations, data.criteria)


def _add_answers(connection: sa.Connection, data: TrendsData, keys: pl.DataFrame, cut) -> None:
    data.answers = pl.concat([data.answers, _fetched_answers(connection, data, keys, cut)], how="vertical")


# --- writing the snapshot back -------------------------------------------------------------------------------


def save(actor: Actor, data: TrendsData) -> bool:
    """Store centre-wide frames (with their answers) for the next cold open, if they are newer than what is stored."""
    with data.lock:
        if data.team_ids is not None or data.answers is None or data.stored == data.marker and not data.dirty:
            return False
        if data.surveys_since > data.since or data.answers_since > data.since:
            return False  # stored parts must hold every frame over the whole window
        start = data.since.year * 100 + data.since.month
        months = sorted(m for m in loader_data.months(data.evaluations) | loader_data.months(data.surveys) if m >= start)
        changed = set(months) if data.replace_all else data.dirty & set(months)
        raw = data.answers.select("eval_key", *snapshot.ANSWER_PART[1:])
        parts = snapshot.parts(data.evaluations, data.surveys, raw, changed)
        written = snapshot.write(actor, expected=data.stored, marker=data.marker, since=data.since, months=months,
                                 changed=parts, replace_all=data.replace_all)
        if written:
            data.stored, data.dirty, data.replace_all = data.marker, set(), False
        return written
