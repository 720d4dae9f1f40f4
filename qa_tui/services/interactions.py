"""Interactions: record them (one or a million), list them in the actor's scope, read one.

Text is redacted as it enters: the original is kept encrypted under the data subject's key, and everyone reads the
redacted copy by default; the original needs a role that allows it and a stated reason, and every such view is
audited. Bulk recording is set-based (executemany), never one ORM object per row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Iterable, Sequence

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import NotFound, UsageError
from qa_tui.services import audit
from qa_tui.services.batching import batches
from qa_tui.services.people import agent_names, customers_fields, subject_key
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Agent, Channel, Customer, DataSubject, Interaction, SubjectKind
from qa_tui.store.models.base import new_id, utcnow
from qa_tui.store.vault import ERASED, Vault, decrypt_field, encrypt_field, field_aad

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

    Returns the count, or with `return_ids` the new ids in order (for callers that attach more to them).
    """
    require(actor, Action.RECORD_INTERACTIONS)
    ids = [new for batch in batches(items, BATCH) for new in _record_batch(actor, batch)]
    return ids if return_ids else len(ids)


def _record_batch(actor: Actor, items: Sequence[NewInteraction]) -> list[uuid.UUID]:
    vault = actor.db.vault
    with actor.db.write() as session:
        subjects, rows = [], []
        customer_subjects = _customer_subjects(session, {i.customer_id for i in items if i.customer_id})
        known = _KnownValues.load(session, vault, items)
        for item in items:
            subject_id = customer_subjects.get(item.customer_id) if item.customer_id else None
            if subject_id is None:
                subject_id = anonymous_subject(vault, subjects)
            rows.append(interaction_row(vault, session, _redacted(item, known), subject_id))
        if subjects:
            session.execute(sa.insert(DataSubject.__table__), subjects)
        session.execute(sa.insert(Interaction.__table__), rows)
        audit.record(session, vault, actor.name, "interaction.record", target_type="interaction",
                     detail={"count": len(rows), "first": str(rows[0]["id"])})
    return [row["id"] for row in rows]


def _redacted(item: NewInteraction, known: "_KnownValues") -> NewInteraction:
    """Fill in the redacted copy, using the names and details the records already hold."""
    if item.text is None or item.redacted_text is not None:
        return item
    from qa_tui.privacy.redact import redact

    redacted = redact(item.text, known=known.for_item(item)).text
    return replace(item, redacted_text=redacted)


class _KnownValues:
    """The agents' names and customers' details a batch's texts may repeat, read and decrypted set-based."""

    def __init__(self, agents: dict[uuid.UUID, str], customers: dict[uuid.UUID, dict[str, str | None]]) -> None:
        self.agents, self.customers = agents, customers

    @classmethod
    def load(cls, session: Session, vault: Vault, items: Sequence[NewInteraction]) -> "_KnownValues":
        with_text = [i for i in items if i.text is not None and i.redacted_text is None]
        agents = agent_names(session, vault, {i.agent_id for i in with_text})
        missing = {i.agent_id for i in with_text} - agents.keys()
        if missing:
            raise NotFound("An interaction names an agent that does not exist.")
        return cls(agents, customers_fields(session, vault, {i.customer_id for i in with_text if i.customer_id}))

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


def anonymous_subject(vault: Vault, subjects: list[dict]) -> uuid.UUID:
    """An unidentified caller is a data subject too: their words get a key of their own."""
    subject_id = new_id()
    _, wrapped = vault.new_subject_key(subject_id)
    subjects.append({"id": subject_id, "kind": SubjectKind.CUSTOMER.value, "wrapped_key": wrapped,
                     "key_id": vault.key_id, "created_at": utcnow(), "erased_at": None})
    return subject_id


def interaction_row(vault: Vault, session: Session, item: NewInteraction, subject_id: uuid.UUID) -> dict:
    """The row for one interaction, its texts encrypted under `subject_id`'s key (imports build rows with it too)."""
    if item.channel not in Channel.__members__.values():
        raise UsageError(f"{item.channel!r} is not a channel.")
    row_id = new_id()
    key = subject_key(session, vault, subject_id)
    return {
        "id": row_id,
        "channel": Channel(item.channel).value,
        "occurred_at": item.occurred_at,
        "agent_id": item.agent_id,
        "customer_id": item.customer_id,
        "subject_id": subject_id,
        "duration_seconds": item.duration_seconds,
        "external_ref": item.external_ref,
        "text_enc": encrypt_field(key, item.text, field_aad("interaction", "text", row_id)),
        "redacted_enc": encrypt_field(key, item.redacted_text, field_aad("interaction", "redacted", row_id)),
        "created_at": utcnow(),
        "version": 1,
    }


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
