"""What changed in the Trends frames since a marker, read from the audit trail.

Every write appends an audit entry, so the entries after the frames' marker say what to fetch again: the
evaluations they name, the evaluations behind a resolved dispute, and the rows a bulk import created (found by
their time-ordered ids, `models.base.new_id`, from a little before the entry on). An erasure or a retention run
means the frames may hold what was removed; so does any action this module does not know: the frames are then
rebuilt, never patched. A new kind of write that touches evaluations or surveys must be classified here (an
unknown one costs a rebuild, never a wrong figure).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from qa_tui.store.models import AuditEntry, AuditHead, Dispute

MARGIN = timedelta(minutes=30)
"""How long before its audit entry a bulk write may have made its ids (a batch is built, then written)."""
MAX_ENTRIES = 500_000
"""Beyond this many entries since the marker, a rebuild is cheaper than reading them."""

REBUILD = {"subject.erase": "an erasure", "retention.run": "a retention run", "keys.rotate": "a key rotation",
           "database.upgrade": "a schema upgrade"}
NAMED = {"evaluation.submit", "evaluation.acknowledge", "evaluation.dispute"}
"""Actions that change the one evaluation they name (a draft's start and feedback text never reach the frames)."""
IGNORED_PREFIXES = ("auth.", "user.", "customer.", "site.", "team.", "agent.", "scorecard.", "standard.", "sampling.",
                    "redaction.", "report.", "calibration.", "complaint.", "action.", "mystery.", "interaction.")
"""Actions whose writes the frames do not hold: people and scorecards are read afresh on every load."""
IGNORED = {"evaluation.start", "feedback.set", "subject.export", "retention.set", "database.create"}


@dataclass
class Delta:
    """What to fetch again to bring frames from one marker to `marker`."""

    marker: int
    rebuild: str | None = None
    """Why the frames cannot be patched (None when they can)."""
    evaluation_ids: set[str] = field(default_factory=set)
    """Evaluations to fetch again, as 32 hex digits."""
    evaluations_from: datetime | None = None
    """Fetch every evaluation created from this instant on (bulk imports)."""
    surveys_from: datetime | None = None

    @property
    def empty(self) -> bool:
        return not (self.evaluation_ids or self.evaluations_from or self.surveys_from or self.rebuild)

    @property
    def touches_evaluations(self) -> bool:
        return bool(self.evaluation_ids or self.evaluations_from)


def head(connection: sa.Connection) -> int:
    return connection.execute(sa.select(AuditHead.seq).where(AuditHead.id == 1)).scalar() or 0


def since(connection: sa.Connection, marker: int, until: int | None = None) -> Delta:
    """The delta from `marker` to `until` (the head by default)."""
    until = head(connection) if until is None else until
    delta = Delta(until)
    if until <= marker:
        return delta
    if until - marker > MAX_ENTRIES:
        delta.rebuild = "a long history of changes"
        return delta
    disputes = []
    query = (sa.select(AuditEntry.at, AuditEntry.action, AuditEntry.target_type, AuditEntry.target_id)
             .where(AuditEntry.seq > marker, AuditEntry.seq <= until).order_by(AuditEntry.seq))
    for at, action, target_type, target_id in connection.execute(query):
        _classify(delta, disputes, at, action, target_type, target_id)
        if delta.rebuild:
            return delta
    delta.evaluation_ids |= _disputed(connection, disputes)
    return delta


def _classify(delta: Delta, disputes: list, at: datetime, action: str, target_type: str, target_id: str) -> None:
    if action in REBUILD:
        delta.rebuild = REBUILD[action]
    elif action in NAMED:
        delta.evaluation_ids.add(_hex(target_id))
    elif action == "dispute.resolve":
        disputes.append(target_id)
    elif action == "evaluation.import":
        delta.evaluations_from = _earliest(delta.evaluations_from, at)
    elif action.startswith("import."):
        if target_type == "survey_response":
            delta.surveys_from = _earliest(delta.surveys_from, at)
        elif target_type == "evaluation":
            delta.evaluations_from = _earliest(delta.evaluations_from, at)
    elif action not in IGNORED and not action.startswith(IGNORED_PREFIXES):
        delta.rebuild = f"an unrecognised change ({action})"


def _earliest(current: datetime | None, at: datetime) -> datetime:
    start = at - MARGIN
    return start if current is None or start < current else current


def _hex(text: str) -> str:
    return text.replace("-", "").lower()


def _disputed(connection: sa.Connection, dispute_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(dispute_ids), 500):
        chunk = [uuid.UUID(d) for d in dispute_ids[start:start + 500]]
        rows = connection.execute(sa.select(Dispute.evaluation_id).where(Dispute.id.in_(chunk))).scalars()
        found |= {row.hex for row in rows}
    return found


def id_floor(at: datetime) -> uuid.UUID:
    """The smallest time-ordered id (UUID version 7) made at or after `at`."""
    millis = int(at.timestamp() * 1000)
    return uuid.UUID(int=(millis & ((1 << 48) - 1)) << 80)
