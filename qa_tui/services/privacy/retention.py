"""Retention: how long each kind of record is kept, and the run that removes what is past its date.

Kinds live in a registry (`register`), so later work adds its own (evaluations, complaints) with a default period,
a count and a set-based purge. Settings an admin changes are stored in `retention_setting`; a kind without a row
keeps its default. A run counts, then purges, every kind in one transaction with one audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import ConflictError, UsageError
from qa_tui.services import audit
from qa_tui.services.permissions import Action, require
from qa_tui.services.privacy.common import clear_write_ahead_log
from qa_tui.services.session import Actor
from qa_tui.services.withdrawn_keys import Why, withdraw
from qa_tui.store import frame_cache
from qa_tui.store.models import Interaction, RedactionMark, RedactionReview, RetentionSetting
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import Vault

MAX_DAYS = 36_500
"""A hundred years: anything longer is a typing slip."""


@dataclass(frozen=True)
class RetentionKind:
    """One kind of record with a retention period: what it covers, and how to count and purge it set-based."""

    key: str
    label: str
    default_days: int
    covers: str
    count: Callable[[Session, datetime], int]
    """How many records are older than the cutoff (and still held)."""
    purge: Callable[[Session, datetime], int]
    """Remove (or crypto-shred) them with set-based statements; returns how many went."""
    withdraws: Callable[[datetime], tuple[str, sa.Select]] | None = None
    """The import keys the purge takes away, as (table, a select of them), to be withdrawn first: an import of the
    same rows would otherwise add them again (`withdrawn_keys`)."""


KINDS: dict[str, RetentionKind] = {}


def register(kind: RetentionKind) -> RetentionKind:
    """Add a kind to the registry (later issues register theirs at import)."""
    KINDS[kind.key] = kind
    return kind


# --- the kinds this module knows -------------------------------------------------------------------------


def _held(column, cutoff: datetime):
    return sa.and_(Interaction.occurred_at < cutoff, column.is_not(None))


def _count_interactions(column) -> Callable[[Session, datetime], int]:
    def count(session: Session, cutoff: datetime) -> int:
        return session.exec(select(sa.func.count()).select_from(Interaction).where(_held(column, cutoff))).one()

    return count


def _purge_originals(session: Session, cutoff: datetime) -> int:
    # Marks and doubtful spans point into the original text: they go with it.
    going = select(Interaction.id).where(_held(Interaction.text_enc, cutoff))
    session.execute(sa.delete(RedactionMark).where(RedactionMark.interaction_id.in_(going)))
    session.execute(sa.delete(RedactionReview).where(RedactionReview.interaction_id.in_(going)))
    return _null_column(session, Interaction.text_enc, "text_enc", cutoff)


def _purge_redacted(session: Session, cutoff: datetime) -> int:
    return _null_column(session, Interaction.redacted_enc, "redacted_enc", cutoff)


def _null_column(session: Session, column, name: str, cutoff: datetime) -> int:
    statement = sa.update(Interaction).where(_held(column, cutoff)).values(
        {name: None, "version": Interaction.version + 1}
    )
    return session.execute(statement.execution_options(synchronize_session=False)).rowcount


RAW_TRANSCRIPTS = register(RetentionKind(
    "raw_transcripts", "raw transcripts", 90, "original text of contacts",
    _count_interactions(Interaction.text_enc), _purge_originals,
))
REDACTED_TRANSCRIPTS = register(RetentionKind(
    "redacted_transcripts", "redacted transcripts", 730, "redacted copy of contacts",
    _count_interactions(Interaction.redacted_enc), _purge_redacted,
))


# --- settings ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionInfo:
    kind: str
    label: str
    days: int
    default_days: int
    covers: str
    changed_by: str = ""

    @property
    def is_default(self) -> bool:
        return not self.changed_by


def parse_days(value: str | int) -> int:
    """A whole number of days from 1 to 36,500, or one sentence saying what is wrong."""
    try:
        days = int(str(value).strip())
    except ValueError:
        raise UsageError(f"{value!r} is not a number of days; give a whole number such as 90.") from None
    if not 1 <= days <= MAX_DAYS:
        raise UsageError(f"A retention period must be from 1 to {MAX_DAYS:,} days, not {days:,}.")
    return days


def check_kind(kind: str) -> RetentionKind:
    found = KINDS.get(kind.strip().lower().replace("-", "_").replace(" ", "_"))
    if found is None:
        raise UsageError(f"{kind!r} is not a kind of record with a retention period; choose one of {', '.join(KINDS)}.")
    return found


def retention_settings(actor: Actor) -> list[RetentionInfo]:
    """Every registered kind with its period (the stored setting, or the default)."""
    require(actor, Action.MANAGE_RETENTION)
    with actor.db.read() as session:
        return settings_in(session)


def settings_in(session: Session) -> list[RetentionInfo]:
    stored = {row.kind: row for row in session.exec(select(RetentionSetting)).all()}
    infos = []
    for kind in KINDS.values():
        row = stored.get(kind.key)
        days, by = (row.days, row.updated_by) if row else (kind.default_days, "")
        infos.append(RetentionInfo(kind.key, kind.label, days, kind.default_days, kind.covers, by))
    return infos


def set_retention(actor: Actor, kind: str, days: str | int, *, reason: str = "") -> RetentionInfo:
    """Change how long `kind` is kept; audited with the old and new periods."""
    require(actor, Action.MANAGE_RETENTION)
    found, days = check_kind(kind), parse_days(days)
    with actor.db.write() as session:
        row = session.get(RetentionSetting, found.key)
        old = row.days if row else found.default_days
        if row is None:
            session.add(RetentionSetting(kind=found.key, days=days, updated_by=actor.name))
        else:
            _update_setting(session, row, days, actor.name)
        audit.record(session, actor.db.vault, actor.name, "retention.set", target_type="retention",
                     target_id=found.key, reason=reason, detail={"from_days": old, "to_days": days})
        session.flush()
        return next(info for info in settings_in(session) if info.kind == found.key)


def _update_setting(session: Session, row: RetentionSetting, days: int, by: str) -> None:
    result = session.execute(
        sa.update(RetentionSetting)
        .where(RetentionSetting.kind == row.kind, RetentionSetting.version == row.version)
        .values(days=days, updated_by=by, updated_at=utcnow(), version=row.version + 1)
    )
    if result.rowcount != 1:
        raise ConflictError("The retention setting was changed by someone else; reload and try again.")
    session.expire(row)


# --- running ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindResult:
    kind: str
    label: str
    days: int
    cutoff: datetime
    count: int


@dataclass(frozen=True)
class RetentionReport:
    dry_run: bool
    results: tuple[KindResult, ...]
    log_cleared: bool = True

    @property
    def total(self) -> int:
        return sum(r.count for r in self.results)

    def lines(self) -> list[str]:
        verb = "would remove" if self.dry_run else "removed"
        lines = [
            f"{r.label}: {verb} {r.count:,} (older than {r.days:,} days, before {r.cutoff:%Y-%m-%d})"
            for r in self.results
        ]
        if self.dry_run:
            lines.append("Dry run: nothing was changed.")
        elif not self.log_cleared:
            lines.append("Another session was reading, so the write-ahead log is cleared at its next checkpoint.")
        return lines


def run_retention(actor: Actor, *, dry_run: bool = False, now: datetime | None = None) -> RetentionReport:
    """Remove everything past its retention date, kind by kind; a dry run only counts and changes nothing."""
    require(actor, Action.MANAGE_RETENTION)
    now = now or utcnow()
    if dry_run:
        with actor.db.read() as session:
            return RetentionReport(True, tuple(_results(session, now, lambda kind: kind.count)))
    with actor.db.write() as session:
        results = tuple(_results(session, now, lambda kind: _withdrawing(actor.db.vault, kind)))
        if any(r.count for r in results):
            # No cached copy may outlive what the run removed: Trends rebuilds its frames from what is kept. A run
            # that removed nothing (most daily runs) leaves the cache for the next cold open.
            frame_cache.drop_all(session.connection())
        audit.record(session, actor.db.vault, actor.name, "retention.run", target_type="retention",
                     detail={r.kind: {"removed": r.count, "cutoff": r.cutoff.isoformat()} for r in results})
    return RetentionReport(False, results, clear_write_ahead_log(actor.db))


def _withdrawing(vault: Vault, kind: RetentionKind) -> Callable[[Session, datetime], int]:
    """The kind's purge, after withdrawing the import keys it takes away."""
    def purge(session: Session, cutoff: datetime) -> int:
        if kind.withdraws is not None:
            table, keys = kind.withdraws(cutoff)
            withdraw(session, vault, table, session.execute(keys).scalars(), Why.RETAINED)
        return kind.purge(session, cutoff)

    return purge


def _results(session: Session, now: datetime, step: Callable[[RetentionKind], Callable]) -> list[KindResult]:
    results = []
    for info in settings_in(session):
        kind, cutoff = KINDS[info.kind], now - timedelta(days=info.days)
        results.append(KindResult(info.kind, info.label, info.days, cutoff, step(kind)(session, cutoff)))
    return results


# Kinds registered by other parts of the product (imported last: they use `register` above), in the order that the
# Admin screen and the reports list them.
from qa_tui.services import evaluation_retention  # noqa: E402,F401
from qa_tui.services import survey_retention  # noqa: E402,F401
from qa_tui.services import complaint_retention  # noqa: E402,F401
