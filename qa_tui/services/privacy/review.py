"""Human review of redactions: manual marks on an interaction's original text, and the doubtful-detection queue.

A reviewer marks personal data the detectors missed ("redact" with a label) or clears a false detection ("keep").
The redacted copy is then re-rendered from the original with the marks applied. Detections scored below the
policy's threshold are left in the text and queued; accepting one turns it into a "redact" mark, rejecting it
leaves the text as it is. Audit entries name the interaction and the offsets, never the words.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Iterable, Sequence

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import ConflictError, NotFound, UsageError
from qa_tui.services import audit
from qa_tui.services.people import agent_name, customer_fields, subject_key
from qa_tui.services.permissions import Action, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Agent, Interaction, RedactionMark, RedactionReview, RedactionScan
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import ERASED, Vault, decrypt_field, encrypt_field, field_aad

REDACT, KEEP = "redact", "keep"
NAME_LABELS = ("PERSON", "AGENT_NAME")
EXCERPT_CONTEXT = 30
SCAN_BATCH = 500


# --- rendering (pure) -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    action: str
    label: str = ""


def render(text: str, detected: Iterable, marks: Sequence[Mark], policy=None) -> str:
    """The redacted copy of `text`: detections the policy replaces, minus "keep" marks, plus "redact" marks."""
    from qa_tui.privacy.redact import RedactionPolicy, Span

    policy = policy or RedactionPolicy()
    keeps = [(m.start, m.end) for m in marks if m.action == KEEP]
    added = _without_overlaps([Span(m.start, m.end, m.label, 1.0) for m in marks if m.action == REDACT])
    taken = [(s.start, s.end) for s in added]
    chosen = [s for s in detected if policy.replaces(s) and not _overlaps(s, keeps) and not _overlaps(s, taken)]
    return _replace(text, sorted(chosen + added))


def _overlaps(span, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(span.start < end and start < span.end for start, end in ranges)


def _without_overlaps(spans: list) -> list:
    kept: list = []
    for span in sorted(spans):
        if not _overlaps(span, [(s.start, s.end) for s in kept]):
            kept.append(span)
    return kept


def _replace(text: str, spans: Sequence) -> str:
    numbers, pieces, last = _Pseudonyms(), [], 0
    for span in spans:
        pieces.append(text[last:span.start])
        value = text[span.start:span.end]
        pieces.append(numbers.name(span.label, value) if span.label in NAME_LABELS else f"[{span.label}]")
        last = span.end
    pieces.append(text[last:])
    return "".join(pieces)


class _Pseudonyms:
    """`[PERSON 1]`, `[PERSON 2]`... as the redactor numbers them: a name and its parts share one number."""

    _NOISE = re.compile(r"['’]s\b|[^\w\s'’-]")

    def __init__(self) -> None:
        self._people: dict[str, list[tuple[int, set[str]]]] = {}

    def name(self, label: str, value: str) -> str:
        tokens = set(self._NOISE.sub(" ", value).lower().split())
        people = self._people.setdefault(label, [])
        for number, known in people:
            if tokens <= known or known <= tokens:
                known |= tokens
                return f"[{label} {number}]"
        people.append((len(people) + 1, tokens))
        return f"[{label} {len(people)}]"


# --- reading and re-rendering one interaction -------------------------------------------------------------


@dataclass
class _Original:
    row: Interaction
    key: bytes | None
    text: str


def _original(session: Session, vault: Vault, interaction_id: uuid.UUID) -> _Original:
    row = session.get(Interaction, interaction_id)
    if row is None:
        raise NotFound("That interaction does not exist.")
    key = subject_key(session, vault, row.subject_id)
    text = decrypt_field(key, row.text_enc, field_aad("interaction", "text", row.id), "interaction text")
    if text is None or text == ERASED:
        raise UsageError(
            "The original text of that interaction is no longer held (retention or erasure), so its redaction cannot change."
        )
    return _Original(row, key, text)


def known_values(session: Session, vault: Vault, row: Interaction):
    """The names and details the records hold for one interaction (erased ones left out)."""
    from qa_tui.privacy.redact import KnownValues

    agent = session.get(Agent, row.agent_id)
    customer = customer_fields(session, vault, row.customer_id) if row.customer_id else {}

    def present(value: str | None) -> tuple[str, ...]:
        return (value,) if value and value != ERASED else ()

    return KnownValues(
        agent_names=present(agent_name(session, vault, agent)) if agent else (),
        customer_names=present(customer.get("name")), emails=present(customer.get("email")),
        phones=present(customer.get("phone")), postcodes=present(customer.get("postcode")),
    )


def _marks(session: Session, interaction_id: uuid.UUID) -> list[Mark]:
    rows = session.exec(select(RedactionMark).where(RedactionMark.interaction_id == interaction_id)).all()
    return [Mark(r.start, r.end, r.action, r.label) for r in rows]


def _rerender(session: Session, vault: Vault, original: _Original) -> None:
    from qa_tui.privacy.redact import detect

    row = original.row
    detected = detect(original.text, known_values(session, vault, row))
    text = render(original.text, detected, _marks(session, row.id))
    blob = encrypt_field(original.key, text, field_aad("interaction", "redacted", row.id))
    result = session.execute(
        sa.update(Interaction).where(Interaction.id == row.id, Interaction.version == row.version)
        .values(redacted_enc=blob, version=row.version + 1).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError("That interaction was changed by someone else; reload and try again.")
    session.expire(row)


# --- manual marks -----------------------------------------------------------------------------------------


def mark_personal_data(
    actor: Actor, interaction_id: uuid.UUID, label: str, *, spans: Sequence[tuple[int, int]] = (),
    find: str | None = None, reason: str = "",
) -> int:
    """Mark missed personal data (by offsets, or every occurrence of `find`); returns how many spans were marked."""
    return _add_marks(actor, interaction_id, REDACT, _checked_label(label), spans, find, reason)


def clear_detection(
    actor: Actor, interaction_id: uuid.UUID, *, spans: Sequence[tuple[int, int]] = (), find: str | None = None,
    reason: str = "",
) -> int:
    """Mark detections that are not personal data, so the redacted copy shows those words again."""
    return _add_marks(actor, interaction_id, KEEP, "", spans, find, reason)


def _checked_label(label: str) -> str:
    from qa_tui.privacy.redact import LABELS

    label = label.strip().upper().replace(" ", "_").replace("-", "_")
    if label not in LABELS:
        raise UsageError(f"{label!r} is not a redaction label; choose one of {', '.join(LABELS)}.")
    return label


def _add_marks(actor: Actor, interaction_id, action: str, label: str, spans, find, reason: str) -> int:
    require(actor, Action.REVIEW_REDACTIONS)
    vault = actor.db.vault
    with actor.db.write() as session:
        original = _original(session, vault, interaction_id)
        chosen = _spans(original.text, spans, find)
        session.execute(sa.insert(RedactionMark.__table__), [
            {"id": uuid.uuid4(), "interaction_id": original.row.id, "start": start, "end": end, "action": action,
             "label": label, "created_by": actor.name, "created_at": utcnow()}
            for start, end in chosen
        ])
        _rerender(session, vault, original)
        audit.record(session, vault, actor.name, f"redaction.{action}", target_type="interaction",
                     target_id=original.row.id, reason=reason, detail={"label": label, "spans": chosen})
    return len(chosen)


def _spans(text: str, spans: Sequence[tuple[int, int]], find: str | None) -> list[tuple[int, int]]:
    if find:
        found = [(m.start(), m.end()) for m in re.finditer(re.escape(find), text, re.IGNORECASE)]
        if not found:
            raise UsageError("Those words do not occur in the interaction's original text.")
        return found
    if not spans:
        raise UsageError("Give the span to mark as START:END character offsets, or the words to find.")
    for start, end in spans:
        if not 0 <= start < end <= len(text):
            raise UsageError(f"The span {start}:{end} is outside the text, which has {len(text):,} characters.")
    return [(int(start), int(end)) for start, end in spans]


def rerender_interactions(actor: Actor, interaction_ids: Iterable[uuid.UUID]) -> int:
    """Render the redacted copies again from the originals (after the detectors improve); returns how many."""
    require(actor, Action.REVIEW_REDACTIONS)
    vault, count = actor.db.vault, 0
    with actor.db.write() as session:
        for interaction_id in interaction_ids:
            _rerender(session, vault, _original(session, vault, interaction_id))
            count += 1
        audit.record(session, vault, actor.name, "redaction.rerender", target_type="interaction", detail={"count": count})
    return count


# --- the queue of doubtful detections ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    id: uuid.UUID
    interaction_id: uuid.UUID
    start: int
    end: int
    label: str
    score: float
    excerpt: str
    """The span in «» with some original text either side (personal data: shown to reviewers only)."""


def scan_for_review(actor: Actor, *, limit: int = 2000) -> int:
    """Queue the doubtful detections of interactions not scanned yet (oldest first); returns how many were queued."""
    require(actor, Action.REVIEW_REDACTIONS)
    vault, queued, scanned = actor.db.vault, [], []
    with actor.db.write() as session:
        for row in _unscanned(session, limit):
            scanned.append({"interaction_id": row.id, "scanned_at": utcnow()})
            queued += _doubtful(session, vault, row)
        if scanned:
            session.execute(sa.insert(RedactionScan.__table__), scanned)
        if queued:
            session.execute(sa.insert(RedactionReview.__table__), queued)
        audit.record(session, vault, actor.name, "redaction.scan", target_type="interaction",
                     detail={"scanned": len(scanned), "queued": len(queued)})
    return len(queued)


def _unscanned(session: Session, limit: int) -> list[Interaction]:
    done = select(RedactionScan.interaction_id)
    query = select(Interaction).where(Interaction.text_enc.is_not(None), Interaction.id.not_in(done))
    return list(session.exec(query.order_by(Interaction.occurred_at).limit(limit)).all())


def _doubtful(session: Session, vault: Vault, row: Interaction) -> list[dict]:
    from qa_tui.privacy.redact import RedactionPolicy, redact

    key = subject_key(session, vault, row.subject_id)
    text = decrypt_field(key, row.text_enc, field_aad("interaction", "text", row.id), "interaction text")
    if not text or text == ERASED:
        return []
    policy = RedactionPolicy()
    kept = redact(text, policy, known_values(session, vault, row)).kept
    return [
        {"id": uuid.uuid4(), "interaction_id": row.id, "start": s.start, "end": s.end, "label": s.label,
         "score": float(s.score), "status": "pending", "decided_by": None, "decided_at": None, "created_at": utcnow()}
        for s in kept if s.score < policy.min_score
    ]


def review_queue(actor: Actor, *, limit: int = 50) -> list[ReviewItem]:
    """Pending doubtful detections, oldest first, each with an excerpt of the original; the view is audited."""
    require(actor, Action.REVIEW_REDACTIONS)
    vault = actor.db.vault
    with actor.db.write() as session:
        rows = session.exec(
            select(RedactionReview).where(RedactionReview.status == "pending")
            .order_by(RedactionReview.created_at, RedactionReview.interaction_id, RedactionReview.start).limit(limit)
        ).all()
        items = [_item(session, vault, row) for row in rows]
        if items:
            audit.record(session, vault, actor.name, "redaction.queue_view", target_type="interaction",
                         detail={"items": len(items)})
    return items


def _item(session: Session, vault: Vault, row: RedactionReview) -> ReviewItem:
    text = _original(session, vault, row.interaction_id).text
    left = text[max(0, row.start - EXCERPT_CONTEXT):row.start]
    right = text[row.end:row.end + EXCERPT_CONTEXT]
    excerpt = " ".join(f"{left}«{text[row.start:row.end]}»{right}".split())
    return ReviewItem(row.id, row.interaction_id, row.start, row.end, row.label, row.score, excerpt)


def decide(actor: Actor, item_id: uuid.UUID, *, accept: bool, reason: str = "") -> None:
    """Accept a doubtful detection (it is redacted from now on) or reject it (the words stay)."""
    require(actor, Action.REVIEW_REDACTIONS)
    vault = actor.db.vault
    with actor.db.write() as session:
        item = session.get(RedactionReview, item_id)
        if item is None:
            raise NotFound("There is no review item with that id.")
        status = "accepted" if accept else "rejected"
        result = session.execute(
            sa.update(RedactionReview).where(RedactionReview.id == item.id, RedactionReview.status == "pending")
            .values(status=status, decided_by=actor.name, decided_at=utcnow())
        )
        if result.rowcount != 1:
            raise ConflictError(f"That review item was already {item.status}.")
        if accept:
            original = _original(session, vault, item.interaction_id)
            session.add(RedactionMark(interaction_id=item.interaction_id, start=item.start, end=item.end,
                                      action=REDACT, label=item.label, created_by=actor.name))
            session.flush()
            _rerender(session, vault, original)
        audit.record(session, vault, actor.name, f"redaction.{'accept' if accept else 'reject'}",
                     target_type="interaction", target_id=item.interaction_id, reason=reason,
                     detail={"item": str(item.id), "label": item.label, "span": [item.start, item.end]})
