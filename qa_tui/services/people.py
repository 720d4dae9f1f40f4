"""The organisation and the people in it: sites, teams, agents and customers.

Names and contact details are personal data: each is encrypted under its subject's data key. Customers can be
found by exact email or phone through keyed blind indexes, without decrypting anyone.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import NotFound, UsageError
from qa_tui.services import audit
from qa_tui.services.batching import batches
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.database import erasures_seen
from qa_tui.store.models import Agent, Customer, DataSubject, Site, SubjectKind, Team
from qa_tui.store.models.base import new_id, utcnow
from qa_tui.store.vault import Vault, decrypt_field, encrypt_field, field_aad

BATCH = 5000
"""Rows per transaction (and per audit entry) in the bulk paths."""
IN_CHUNK = 5000
"""Ids per `IN (...)` list when reading many rows at once (well within every driver's limit on parameters)."""



@dataclass(frozen=True)
class AgentInfo:
    id: uuid.UUID
    name: str
    team: str
    site: str
    active: bool


@dataclass(frozen=True)
class NewAgent:
    """One agent for `record_agents`."""

    team_id: uuid.UUID
    name: str
    started_on: date | None = None


@dataclass(frozen=True)
class NewCustomer:
    """One customer for `record_customers`; every field is optional."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    postcode: str | None = None


@dataclass(frozen=True)
class CustomerInfo:
    id: uuid.UUID
    name: str | None
    email: str | None
    phone: str | None
    postcode: str | None


def normalise_email(value: str) -> str:
    return value.strip().lower()


def normalise_phone(value: str) -> str:
    """Digits only, UK numbers in national form (+44 7700 900123 -> 07700900123)."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits


def new_subject(session: Session, vault: Vault, kind: SubjectKind) -> tuple[uuid.UUID, bytes]:
    """Insert a data subject with a fresh data key; returns (subject id, key)."""
    subject_id = new_id()
    key, wrapped = vault.new_subject_key(subject_id)
    session.add(DataSubject(id=subject_id, kind=kind, wrapped_key=wrapped, key_id=vault.key_id))
    session.flush()  # the unit of work orders inserts by relationships, and we declare none: subject first
    return subject_id, key


def subject_key(session: Session, vault: Vault, subject_id: uuid.UUID) -> bytes | None:
    """A subject's data key (cached per session), None once the subject is erased."""
    cached = vault.cached_subject_key(subject_id)
    if cached is not None:
        return cached
    subject = session.get(DataSubject, subject_id)
    if subject is None:
        raise NotFound("A data subject referenced by this record no longer exists.")
    return vault.remember_subject_key(subject_id, subject.wrapped_key, erasures_seen(session.connection()))



def subject_keys(session: Session, vault: Vault, subject_ids: set[uuid.UUID]) -> dict[uuid.UUID, bytes | None]:
    """The data keys of many subjects (None once erased): cached ones as they are, the others unwrapped from one
    query per few thousand (and cached, so that `subject_key` finds them too)."""
    keys = {s: vault.cached_subject_key(s) for s in subject_ids}
    wanted, seen = [s for s, key in keys.items() if key is None], erasures_seen(session.connection())
    for chunk in range(0, len(wanted), IN_CHUNK):
        part = wanted[chunk:chunk + IN_CHUNK]
        for subject_id, wrapped in session.exec(select(DataSubject.id, DataSubject.wrapped_key).where(DataSubject.id.in_(part))):
            keys[subject_id] = vault.remember_subject_key(subject_id, wrapped, seen)
    return keys

# --- sites and teams --------------------------------------------------------------------------------------


def create_site(actor: Actor, name: str) -> uuid.UUID:
    require(actor, Action.MANAGE_ORG)
    name = _required(name, "site name")
    with actor.db.write() as session:
        if session.exec(select(Site).where(Site.name == name)).first():
            raise UsageError(f"A site named {name!r} already exists.")
        site = Site(name=name)
        session.add(site)
        audit.record(session, actor.db.vault, actor.name, "site.create", target_type="site", target_id=site.id, detail={"name": name})
    return site.id


def create_team(actor: Actor, site_id: uuid.UUID, name: str) -> uuid.UUID:
    require(actor, Action.MANAGE_ORG)
    name = _required(name, "team name")
    with actor.db.write() as session:
        if session.get(Site, site_id) is None:
            raise NotFound("That site does not exist.")
        if session.exec(select(Team).where(Team.site_id == site_id, Team.name == name)).first():
            raise UsageError(f"The site already has a team named {name!r}.")
        team = Team(site_id=site_id, name=name)
        session.add(team)
        audit.record(session, actor.db.vault, actor.name, "team.create", target_type="team", target_id=team.id, detail={"name": name})
    return team.id


# --- agents -----------------------------------------------------------------------------------------------


def create_agent(actor: Actor, team_id: uuid.UUID, name: str, *, started_on: date | None = None) -> uuid.UUID:
    require(actor, Action.MANAGE_ORG)
    name = _required(name, "agent name")
    with actor.db.write() as session:
        if session.get(Team, team_id) is None:
            raise NotFound("That team does not exist.")
        subject_id, key = new_subject(session, actor.db.vault, SubjectKind.AGENT)
        agent = Agent(team_id=team_id, subject_id=subject_id, started_on=started_on)
        agent.name_enc = encrypt_field(key, name, field_aad("agent", "name", agent.id))
        session.add(agent)
        audit.record(session, actor.db.vault, actor.name, "agent.create", target_type="agent", target_id=agent.id)
    return agent.id


def list_agents(actor: Actor) -> list[AgentInfo]:
    """Agents in the actor's scope, with their names decrypted, sorted by site, team and name."""
    require(actor, Action.VIEW_ORG)
    with actor.db.read() as session:
        query = select(Agent, Team.name, Site.name).join(Team, Agent.team_id == Team.id).join(Site, Team.site_id == Site.id)
        if actor.role == Role.TEAM_LEADER:
            query = query.where(Agent.team_id.in_(actor.team_ids))
        rows = session.exec(query).all()
        agents = [AgentInfo(a.id, agent_name(session, actor.db.vault, a), team, site, a.active) for a, team, site in rows]
    return sorted(agents, key=lambda a: (a.site, a.team, a.name))


def agent_name(session: Session, vault: Vault, agent: Agent) -> str:
    key = subject_key(session, vault, agent.subject_id)
    return decrypt_field(key, agent.name_enc, field_aad("agent", "name", agent.id), "agent name") or ""



def agent_names(session: Session, vault: Vault, agent_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Many agents' decrypted names, read set-based; agents that do not exist are left out."""
    rows = _rows_in(session, select(Agent.id, Agent.subject_id, Agent.name_enc), Agent.id, agent_ids)
    subject_keys(session, vault, {row.subject_id for row in rows})
    return {row.id: decrypt_field(subject_key(session, vault, row.subject_id), row.name_enc,
                                  field_aad("agent", "name", row.id), "agent name") or "" for row in rows}

# --- customers --------------------------------------------------------------------------------------------


def create_customer(
    actor: Actor, *, name: str | None = None, email: str | None = None, phone: str | None = None, postcode: str | None = None
) -> uuid.UUID:
    require(actor, Action.MANAGE_CUSTOMERS)
    vault = actor.db.vault
    with actor.db.write() as session:
        subject_id, key = new_subject(session, vault, SubjectKind.CUSTOMER)
        customer = Customer(subject_id=subject_id)
        _set_customer_fields(customer, vault, key, name=name, email=email, phone=phone, postcode=postcode)
        session.add(customer)
        audit.record(session, vault, actor.name, "customer.create", target_type="customer", target_id=customer.id)
    return customer.id


def _set_customer_fields(customer: Customer, vault: Vault, key: bytes, **values: str | None) -> None:
    for column, value in values.items():
        setattr(customer, f"{column}_enc", encrypt_field(key, value, field_aad("customer", column, customer.id)))
    if values.get("email"):
        customer.email_index = vault.blind_index(normalise_email(values["email"]))
    if values.get("phone"):
        customer.phone_index = vault.blind_index(normalise_phone(values["phone"]))


def find_customers(actor: Actor, *, email: str | None = None, phone: str | None = None) -> list[uuid.UUID]:
    """Customers whose email or phone is exactly this (after normalising), found by blind index."""
    require(actor, Action.VIEW_CUSTOMERS)
    vault, query = actor.db.vault, select(Customer.id)
    if email:
        query = query.where(Customer.email_index == vault.blind_index(normalise_email(email)))
    if phone:
        query = query.where(Customer.phone_index == vault.blind_index(normalise_phone(phone)))
    if not (email or phone):
        raise UsageError("Give an email or a phone number to search for.")
    with actor.db.read() as session:
        return list(session.exec(query).all())


def get_customer(actor: Actor, customer_id: uuid.UUID, *, reason: str) -> CustomerInfo:
    """A customer's decrypted details; viewing personal data needs a reason and is audited."""
    require(actor, Action.VIEW_CUSTOMERS)
    reason = _required(reason, "reason for viewing personal data")
    vault = actor.db.vault
    with actor.db.write() as session:
        fields = customer_fields(session, vault, customer_id)
        audit.record(session, vault, actor.name, "customer.view", target_type="customer", target_id=customer_id, reason=reason)
    return CustomerInfo(customer_id, **fields)


CUSTOMER_FIELDS = ("name", "email", "phone", "postcode")


def customer_fields(session: Session, vault: Vault, customer_id: uuid.UUID) -> dict[str, str | None]:
    """A customer's decrypted details (no permission check or audit: callers do that)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("That customer does not exist.")
    key = subject_key(session, vault, customer.subject_id)
    return {
        column: decrypt_field(key, getattr(customer, f"{column}_enc"), field_aad("customer", column, customer.id), f"customer {column}")
        for column in CUSTOMER_FIELDS
    }



def customers_fields(session: Session, vault: Vault, customer_ids: set[uuid.UUID]) -> dict[uuid.UUID, dict[str, str | None]]:
    """Many customers' decrypted details, read set-based (no permission check or audit: callers do that)."""
    columns = [getattr(Customer, f"{column}_enc") for column in CUSTOMER_FIELDS]
    rows = _rows_in(session, select(Customer.id, Customer.subject_id, *columns), Customer.id, customer_ids)
    subject_keys(session, vault, {row.subject_id for row in rows})
    return {row.id: {column: decrypt_field(subject_key(session, vault, row.subject_id), getattr(row, f"{column}_enc"),
                                           field_aad("customer", column, row.id), f"customer {column}")
                     for column in CUSTOMER_FIELDS} for row in rows}


def _rows_in(session: Session, query, column, ids: set[uuid.UUID]) -> list:
    """`query` for the rows whose `column` is one of `ids`, in chunks that every driver accepts."""
    wanted, rows = list(ids), []
    for chunk in range(0, len(wanted), IN_CHUNK):
        rows += session.exec(query.where(column.in_(wanted[chunk:chunk + IN_CHUNK]))).all()
    return rows

def _required(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise UsageError(f"The {what} must not be empty.")
    return value


# --- bulk paths (imports, the demo centre) ----------------------------------------------------------------


def record_agents(actor: Actor, items: Iterable[NewAgent]) -> list[uuid.UUID]:
    """Insert agents in batches (one transaction and one audit entry each); returns their ids in order."""
    require(actor, Action.MANAGE_ORG)
    ids: list[uuid.UUID] = []
    for batch in batches(items, BATCH):
        ids += _record_agent_batch(actor, batch)
    return ids


def _record_agent_batch(actor: Actor, items: Sequence[NewAgent]) -> list[uuid.UUID]:
    vault = actor.db.vault
    with actor.db.write() as session:
        _check_teams_exist(session, {item.team_id for item in items})
        subjects, rows = [], []
        for item in items:
            subject, key = _subject_row(vault, SubjectKind.AGENT)
            subjects.append(subject)
            rows.append(_agent_row(item, subject["id"], key))
        _insert_people(session, subjects, Agent, rows)
        audit.record(session, vault, actor.name, "agent.record", target_type="agent",
                     detail={"count": len(rows), "first": str(rows[0]["id"])})
    return [row["id"] for row in rows]


def _check_teams_exist(session: Session, team_ids: set[uuid.UUID]) -> None:
    found = set(session.exec(select(Team.id).where(Team.id.in_(team_ids))).all())
    if team_ids - found:
        raise NotFound(f"{len(team_ids - found)} team(s) named for new agents do not exist.")


def _agent_row(item: NewAgent, subject_id: uuid.UUID, key: bytes) -> dict:
    row_id = new_id()
    name = _required(item.name, "agent name")
    return {"id": row_id, "team_id": item.team_id, "subject_id": subject_id, "active": True,
            "name_enc": encrypt_field(key, name, field_aad("agent", "name", row_id)),
            "started_on": item.started_on, "created_at": utcnow(), "version": 1}


def record_customers(actor: Actor, items: Iterable[NewCustomer]) -> list[uuid.UUID]:
    """Insert customers in batches (one transaction and one audit entry each); returns their ids in order.

    Like `create_customer`, each gets a data key of their own, encrypted fields and blind indexes.
    """
    require(actor, Action.MANAGE_CUSTOMERS)
    ids: list[uuid.UUID] = []
    for batch in batches(items, BATCH):
        ids += _record_customer_batch(actor, batch)
    return ids


def _record_customer_batch(actor: Actor, items: Sequence[NewCustomer]) -> list[uuid.UUID]:
    vault = actor.db.vault
    with actor.db.write() as session:
        subjects, rows = [], []
        for item in items:
            subject, key = _subject_row(vault, SubjectKind.CUSTOMER)
            subjects.append(subject)
            rows.append(_customer_row(vault, item, subject["id"], key))
        _insert_people(session, subjects, Customer, rows)
        audit.record(session, vault, actor.name, "customer.record", target_type="customer",
                     detail={"count": len(rows), "first": str(rows[0]["id"])})
    return [row["id"] for row in rows]


def _customer_row(vault: Vault, item: NewCustomer, subject_id: uuid.UUID, key: bytes) -> dict:
    row_id = new_id()
    row = {"id": row_id, "subject_id": subject_id, "created_at": utcnow(), "version": 1,
           "email_index": vault.blind_index(normalise_email(item.email)) if item.email else None,
           "phone_index": vault.blind_index(normalise_phone(item.phone)) if item.phone else None}
    for column in ("name", "email", "phone", "postcode"):
        row[f"{column}_enc"] = encrypt_field(key, getattr(item, column), field_aad("customer", column, row_id))
    return row


def _subject_row(vault: Vault, kind: SubjectKind) -> tuple[dict, bytes]:
    """A data subject with a fresh data key, as a row for executemany and the key (cached by the vault)."""
    subject_id = new_id()
    key, wrapped = vault.new_subject_key(subject_id)
    row = {"id": subject_id, "kind": kind.value, "wrapped_key": wrapped, "key_id": vault.key_id,
           "created_at": utcnow(), "erased_at": None}
    return row, key


def _insert_people(session: Session, subjects: list[dict], table: type, rows: list[dict]) -> None:
    # Subjects first: the people rows reference them.
    session.execute(sa.insert(DataSubject.__table__), subjects)
    session.execute(sa.insert(table.__table__), rows)




def agent_label(actor: Actor, agent_id: uuid.UUID) -> str:
    """One agent's name (for a screen's title), within the actor's scope."""
    require(actor, Action.VIEW_ORG)
    with actor.db.read() as session:
        agent = session.get(Agent, agent_id)
        if agent is None or (actor.role == Role.TEAM_LEADER and agent.team_id not in actor.team_ids):
            raise NotFound("That agent does not exist or is outside your scope.")
        return agent_name(session, actor.db.vault, agent)
