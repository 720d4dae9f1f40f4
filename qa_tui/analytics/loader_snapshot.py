"""The Trends frames kept between sessions: one encrypted Arrow IPC part per month and frame, and a manifest.

A cold open reads a year as thirteen months of three parts instead of millions of rows, then patches it from the
audit trail (`loader_delta`). Parts are split by month so that keeping the snapshot current rewrites the months
that changed (usually this one), never the whole year. Only centre-wide frames are kept: a team leader's are cut
in SQL and small. No names, no free text: agents' names are read afresh, and the frames hold ids and measures.

Writing is guarded so that a snapshot never outlives what an erasure or a retention run removed: the write takes
the audit head's lock, and gives up if another snapshot was written since these frames were read, or if any
change since their marker calls for a rebuild (an erasure among them).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

import polars as pl
import sqlalchemy as sa

from qa_tui.analytics import loader_delta
from qa_tui.store import frame_cache
from qa_tui.store.models import AuditHead, FrameCache

PREFIX = "trends/"
MANIFEST = "trends/manifest"
FORMAT = 2
"""The layout of the parts; a change here makes older snapshots unreadable, so they are rebuilt."""
EVALUATION_PART = ("evaluation_id", "interaction_id", "at", "agent_id", "channel", "method", "scorecard_version_id",
                   "score", "passed", "critical_failed")
SURVEY_PART = ("id_ms", "at", "agent_id", "channel", "interaction_id", "csat", "nps", "ces", "fcr")
ANSWER_PART = ("position", "criterion_key", "value", "na")
"""`position` is the row of the answer's evaluation in the same month's evaluation part."""


@dataclass
class Snapshot:
    marker: int
    since: datetime
    months: list[int]
    evaluations: pl.DataFrame
    """With `eval_key`: the row number over all months, which `answers` refer to once decoded."""
    surveys: pl.DataFrame
    answers: dict[int, bytes]
    """Each month's answer part, decoded only when the Pareto first needs it."""
    offsets: dict[int, int]
    """Where each month's evaluations start in `evaluations` (to turn positions into keys)."""


def month(column: str = "at") -> pl.Expr:
    """The month a row falls in, as yyyymm."""
    return pl.col(column).dt.year().cast(pl.Int32) * 100 + pl.col(column).dt.month().cast(pl.Int32)


def _name(kind: str, m: int) -> str:
    return f"{PREFIX}{kind}/{m // 100:04d}-{m % 100:02d}"


def stored_marker(connection: sa.Connection) -> int | None:
    return connection.execute(sa.select(FrameCache.marker).where(FrameCache.name == MANIFEST)).scalar()


def read(connection: sa.Connection, vault) -> Snapshot | None:
    """The stored snapshot, or None when there is none (or it does not open, or has another layout)."""
    found = frame_cache.read(connection, vault, [MANIFEST])
    if MANIFEST not in found:
        return None
    marker, text = found[MANIFEST]
    manifest = json.loads(text)
    if manifest.get("format") != FORMAT:
        return None
    months = manifest["months"]
    names = [_name(kind, m) for m in months for kind in ("evaluations", "surveys", "answers")]
    parts = frame_cache.read(connection, vault, names)
    if len(parts) != len(names):
        return None  # a part is missing or does not open: rebuild rather than guess
    evaluations, offsets = _evaluations([_frame(parts[_name("evaluations", m)][1]) for m in months], months)
    surveys = pl.concat([_frame(parts[_name("surveys", m)][1]) for m in months], how="vertical")
    answers = {m: parts[_name("answers", m)][1] for m in months}
    return Snapshot(marker, datetime.fromisoformat(manifest["since"]), months, evaluations, surveys, answers, offsets)


def _evaluations(frames: list[pl.DataFrame], months: list[int]) -> tuple[pl.DataFrame, dict[int, int]]:
    offsets, total = {}, 0
    for m, frame in zip(months, frames):
        offsets[m], total = total, total + frame.height
    whole = pl.concat(frames, how="vertical")
    return whole.with_columns(pl.int_range(whole.height, dtype=pl.UInt32).alias("eval_key")), offsets


def answers(snapshot: Snapshot) -> Iterator[pl.DataFrame]:
    """Each month's answers, with the key of their evaluation."""
    for m in snapshot.months:
        yield _frame(snapshot.answers[m]).select(
            (pl.col("position") + snapshot.offsets[m]).cast(pl.UInt32).alias("eval_key"), "criterion_key", "value", "na")


def parts(evaluations: pl.DataFrame, surveys: pl.DataFrame, raw_answers: pl.DataFrame,
          months: set[int]) -> dict[str, bytes]:
    """The parts of `months`, from the frames in memory (answers with `eval_key`)."""
    out = {}
    if not months:
        return out
    evaluations = evaluations.with_columns(month().alias("_month"))
    surveys = surveys.with_columns(month().alias("_month"))
    for m in sorted(months):
        these = evaluations.filter(pl.col("_month") == m).sort("eval_key")
        keys = these.select("eval_key", pl.int_range(these.height, dtype=pl.UInt32).alias("position"))
        answers = raw_answers.join(keys, on="eval_key", how="inner").sort("position")
        out[_name("evaluations", m)] = _bytes(these.select(EVALUATION_PART))
        out[_name("answers", m)] = _bytes(answers.select(ANSWER_PART))
        out[_name("surveys", m)] = _bytes(surveys.filter(pl.col("_month") == m).select(SURVEY_PART))
    return out


def write(actor, *, expected: int | None, marker: int, since: datetime, months: list[int], changed: dict[str, bytes],
          replace_all: bool) -> bool:
    """Store the changed parts and a manifest current to `marker`; False when it gave up (see the module's notes)."""
    with actor.db.write() as session:
        connection = session.connection()
        connection.execute(sa.select(AuditHead.seq).where(AuditHead.id == 1).with_for_update())
        if stored_marker(connection) != expected or loader_delta.since(connection, marker).rebuild:
            return False
        keep = {_name(kind, m) for m in months for kind in ("evaluations", "surveys", "answers")}
        old = frame_cache.names(connection, PREFIX)
        frame_cache.delete(connection, [n for n in old if n not in keep or replace_all])
        frame_cache.write(connection, actor.db.vault, changed, marker)
        manifest = {"format": FORMAT, "since": since.isoformat(), "months": months}
        frame_cache.write(connection, actor.db.vault, {MANIFEST: json.dumps(manifest).encode()}, marker)
    return True


def _bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    return buffer.getvalue()


def _frame(data: bytes) -> pl.DataFrame:
    return pl.read_ipc(io.BytesIO(data))
