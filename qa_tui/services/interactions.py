"""Interactions: record them (one or a million), list them in the actor's scope, read one.

Text is redacted as it enters: the original is kept encrypted under the data subject's key, and everyone reads the
redacted copy by default; the original needs a role that allows it and a stated reason, and every such view is
audited. Bulk recording is set-based (executemany), never one ORM object per row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Iterable, Sequence

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import NotFound, UsageError
from qa_tui.services import audit
from qa_tui.services.batching import batches
from qa_tui.services.people import agent_names, customers_fields, subject_key
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Agent, Channel, Customer, DataSubject, Interaction
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import ERASED, Vault, decrypt_field, field_aad

if TYPE_CHECKING:
    import polars as pl

BATCH = 5000


@dataclass(frozen=True)
class NewInteraction:
    channel: Channel
    occurred_at: datetime
    agent_id: uuid.UUID
    text: str | None = None
    redacted_text: str | None = None
    customer_id: uuid.UUID | None = None
    duration_seconds: int | None = None
    external_ref: str | None = None


@dataclass(frozen=True)
class InteractionView:
    id: uuid.UUID
    channel: Channel
    occurred_at: datetime
    agent_id: uuid.UUID
    customer_id: uuid.UUID | None
    duration_seconds: int | None
    text: str | None
    redacted: bool


def record_interactions(actor: Actor, items: Iterable[NewInteraction], *, return_ids: bool = False):
    """Insert interactions in batches, each batch one transaction with one audit entry.

    A batch's texts are redacted on every core while the batch before it is written and the caller makes the next
    one (the demo centre composes its transcripts meanwhile). Returns the count, or with `return_ids` the new ids in
    order (for callers that attach more to them).
    """
    from qa_tui.privacy.pool import Redactor

    require(actor, Action.RECORD_INTERACTIONS)
    redactor, known = Redactor(memo_size=1000), _KnownValues()  # transcripts seldom repeat: a small memo
    ids, waiting = [], None
    for batch in batches(items, BATCH):
        ready = _redacting(actor, batch, redactor, known)
        if waiting:
            ids += _write_batch(actor, *waiting, known)
        waiting = ready
    if waiting:
        ids += _write_batch(actor, *waiting, known)
    return ids if return_ids else len(ids)


def _redacting(actor: Actor, items: Sequence[NewInteraction], redactor, known: "_KnownValues") -> tuple:
    """The batch, checked, with its texts handed to the redactor along with what the records know of each."""
    for item in items:
        if item.channel not in Channel.__members__.values():
            raise UsageError(f"{item.channel!r} is not a channel.")
    with actor.db.read() as session:
        known.load(session, actor.db.vault, items)
    jobs = [(item.text, known.for_item(item)) for item in items if item.text is not None and item.redacted_text is None]
    return items, redactor.submit(jobs)


def _write_batch(actor: Actor, items: Sequence[NewInteraction], pending, known: "_KnownValues") -> list[uuid.UUID]:
    import polars as pl

    from qa_tui.services.sealing import seal
    from qa_tui.store.bulk import insert_frame, new_ids

    redacted = iter(pending.result())
    copies = [item.redacted_text if item.redacted_text is not None else next(redacted) for item in items
              if item.text is not None]
    vault = actor.db.vault
    with actor.db.write() as session:
        customer_subjects = known.subjects_of(session, {i.customer_id for i in items if i.customer_id})
        ids = new_ids(len(items))
        subjects = pl.Series([_text(customer_subjects.get(i.customer_id)) for i in items], dtype=pl.Utf8)
        texts = pl.Series([i.text for i in items], dtype=pl.Utf8)
        sealed = seal(session, vault, "interaction", ("text", "redacted"), ids, texts, copies, subjects, every_row=True)
        insert_frame(session, DataSubject.__table__, sealed.subjects)
        insert_frame(session, Interaction.__table__, pl.concat([_frame(ids, items), sealed.columns], how="horizontal"))
        audit.record(session, vault, actor.name, "interaction.record", target_type="interaction",
                     detail={"count": len(items), "first": ids[0]})
    return [uuid.UUID(row_id) for row_id in ids]


def _frame(ids: pl.Series, items: Sequence[NewInteraction]) -> pl.DataFrame:
    """The interactions' own columns (the texts and their subject come from sealing)."""
    import polars as pl

    utc = pl.Datetime("us", "UTC")
    return pl.DataFrame({
        "id": ids,
        "channel": pl.Series([Channel(i.channel).value for i in items], dtype=pl.Utf8),
        "occurred_at": pl.Series([i.occurred_at for i in items], dtype=utc),
        "agent_id": pl.Series([str(i.agent_id) for i in items], dtype=pl.Utf8),
        "customer_id": pl.Series([_text(i.customer_id) for i in items], dtype=pl.Utf8),
        "duration_seconds": pl.Series([i.duration_seconds for i in items], dtype=pl.Int64),
        "external_ref": pl.Series([i.external_ref for i in items], dtype=pl.Utf8),
        "created_at": pl.Series([utcnow()] * len(items), dtype=utc),
        "version": pl.Series([1] * len(items), dtype=pl.Int64),
    })


def _text(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


class _KnownValues:
    """The agents' names and customers' details the texts may repeat, and the customers' data subjects the rows are
    sealed under, read (and decrypted) set-based, a batch at a time.

    Kept for the whole recording: a large centre's contacts come back to the same customers batch after batch, and
    decrypting their details again each time cost more than redacting.
    """

    CUSTOMERS_KEPT = 200_000

    def __init__(self) -> None:
        self.agents: dict[uuid.UUID, str] = {}
        self.customers: dict[uuid.UUID, dict[str, str | None]] = {}
        self.subjects: dict[uuid.UUID, uuid.UUID] = {}
        """customer id -> data subject id (a customer's subject never changes)."""

    def load(self, session: Session, vault: Vault, items: Sequence[NewInteraction]) -> "_KnownValues":
        """Read what the batch's texts need and is not known yet."""
        with_text = [i for i in items if i.text is not None and i.redacted_text is None]
        wanted = {i.agent_id for i in with_text} - self.agents.keys()
        self.agents.update(agent_names(session, vault, wanted))
        if wanted - self.agents.keys():
            raise NotFound("An interaction names an agent that does not exist.")
        customers = {i.customer_id for i in with_text if i.customer_id} - self.customers.keys()
        if len(self.customers) + len(customers) > self.CUSTOMERS_KEPT:
            self.customers.clear()
            customers = {i.customer_id for i in with_text if i.customer_id}
        self.customers.update(customers_fields(session, vault, customers))
        return self

    def subjects_of(self, session: Session, customer_ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        """The customers' data subjects; a customer that does not exist is an error."""
        if len(self.subjects) > self.CUSTOMERS_KEPT:
            self.subjects.clear()
        self.subjects.update(_customer_subjects(session, customer_ids - self.subjects.keys()))
        return self.subjects

    def for_item(self, item: NewInteraction):
        from qa_tui.privacy.redact import KnownValues

        customer = self.customers.get(item.customer_id, {}) if item.customer_id else {}
        return KnownValues(
            agent_names=(self.agents[item.agent_id],),
            customer_names=_present(customer.get("name")),
            emails=_present(customer.get("email")),
            phones=_present(customer.get("phone")),
            postcodes=_present(customer.get("postcode")),
        )


def _present(value: str | None) -> tuple[str, ...]:
    return (value,) if value and value != ERASED else ()


def _customer_subjects(session: Session, customer_ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    if not customer_ids:
        return {}
    rows = session.exec(select(Customer.id, Customer.subject_id).where(Customer.id.in_(customer_ids))).all()
    found = dict(rows)
    missing = customer_ids - found.keys()
    if missing:
        raise NotFound(f"{len(missing)} interaction(s) name a customer that does not exist.")
    return found


def scope_filter(actor: Actor, query):
    """Restrict an interaction query to what the actor may see: a team leader's teams, an agent's own."""
    if actor.role == Role.AGENT:
        return query.where(Interaction.agent_id == actor.agent_id)
    if actor.role == Role.TEAM_LEADER:
        agents = select(Agent.id).where(Agent.team_id.in_(actor.team_ids))
        return query.where(Interaction.agent_id.in_(agents))
    return query


def get_interaction(actor: Actor, interaction_id: uuid.UUID, *, unredacted: bool = False, reason: str = "") -> InteractionView:
    """One interaction with its redacted text, or with the original for a role that may see it and a reason."""
    require(actor, Action.VIEW_UNREDACTED if unredacted else Action.VIEW_INTERACTIONS)
    if unredacted:
        if not reason.strip():
            raise UsageError("Seeing the original text needs a reason, which is recorded in the audit trail.")
    vault = actor.db.vault
    with actor.db.write() as session:
        row = session.exec(scope_filter(actor, select(Interaction).where(Interaction.id == interaction_id))).first()
        if row is None:
            raise NotFound("That interaction does not exist or is outside your scope.")
        key = subject_key(session, vault, row.subject_id)
        column = "text" if unredacted else "redacted"
        text = decrypt_field(key, getattr(row, f"{column}_enc"), field_aad("interaction", column, row.id), "interaction text")
        if unredacted:
            audit.record(session, vault, actor.name, "interaction.view_unredacted", target_type="interaction",
                         target_id=row.id, reason=reason.strip())
    return InteractionView(row.id, Channel(row.channel), row.occurred_at, row.agent_id, row.customer_id,
                           row.duration_seconds, text, not unredacted)


def count_interactions(actor: Actor, *, since: datetime | None = None) -> int:
    require(actor, Action.VIEW_INTERACTIONS)
    query = scope_filter(actor, select(sa.func.count()).select_from(Interaction))
    if since is not None:
        query = query.where(Interaction.occurred_at >= since)
    with actor.db.read() as session:
        return session.exec(query).one()




def interaction_id_for(actor: Actor, value: str) -> uuid.UUID:
    """An interaction named by its id or its external reference (e.g. a telephony system's call id)."""
    require(actor, Action.VIEW_INTERACTIONS)
    try:
        return uuid.UUID(value)
    except ValueError:
        pass
    with actor.db.read() as session:
        found = session.exec(scope_filter(actor, select(Interaction.id).where(Interaction.external_ref == value))).first()
    if found is None:
        raise NotFound(f"There is no interaction with the id or reference {value!r} in your scope.")
    return found
