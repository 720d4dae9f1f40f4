"""Mystery shopping: scenarios (persona, script, objectives, the behaviours expected per criterion), shoppers, and
visits or calls. A visit is an interaction on the mystery_shop channel (the shopper's notes are its text, redacted
as they enter) scored on the same scorecards as call reviews, so the two compare."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import select

from qa_tui.errors import NotFound, UsageError
from qa_tui.services import audit, interactions
from qa_tui.services.people import new_subject, subject_key
from qa_tui.services.permissions import Action, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Channel, MysteryScenario, MysteryShopper, MysteryVisit, SubjectKind
from qa_tui.store.vault import decrypt_field, encrypt_field, field_aad

VISIT_CHANNELS = ("call", "branch_visit", "chat", "email")


@dataclass(frozen=True)
class Scenario:
    name: str
    channel: str
    persona: str = ""
    script: str = ""
    objectives: str = ""
    expected: dict[str, str] | None = None
    """Criterion key -> the behaviour the shopper should see."""


@dataclass(frozen=True)
class VisitView:
    interaction_id: uuid.UUID
    scenario: Scenario
    shopper: str
    visited_at: datetime
    place: str
    channel: str
    duration_seconds: int | None


def create_scenario(actor: Actor, scenario: Scenario) -> uuid.UUID:
    require(actor, Action.MANAGE_MYSTERY_SHOPS)
    if scenario.channel not in VISIT_CHANNELS:
        raise UsageError(f"A scenario's channel is one of {', '.join(VISIT_CHANNELS)}.")
    if not scenario.name.strip():
        raise UsageError("A scenario needs a name.")
    with actor.db.write() as session:
        if session.exec(select(MysteryScenario).where(MysteryScenario.name == scenario.name)).first():
            raise UsageError(f"A scenario named {scenario.name!r} already exists.")
        row = MysteryScenario(name=scenario.name, channel=scenario.channel, persona=scenario.persona, script=scenario.script,
                              objectives=scenario.objectives, expected=json.dumps(scenario.expected or {}))
        session.add(row)
        audit.record(session, actor.db.vault, actor.name, "mystery.scenario", target_type="mystery_scenario", target_id=row.id)
    return row.id


def add_shopper(actor: Actor, name: str) -> uuid.UUID:
    """A shopper; their name is personal data, encrypted under their own key."""
    require(actor, Action.MANAGE_MYSTERY_SHOPS)
    if not name.strip():
        raise UsageError("A shopper needs a name.")
    with actor.db.write() as session:
        subject_id, key = new_subject(session, actor.db.vault, SubjectKind.SHOPPER)
        row = MysteryShopper(subject_id=subject_id)
        row.name_enc = encrypt_field(key, name.strip(), field_aad("mystery_shopper", "name", row.id))
        session.add(row)
        audit.record(session, actor.db.vault, actor.name, "mystery.shopper", target_type="mystery_shopper", target_id=row.id)
    return row.id


def record_visit(
    actor: Actor, *, scenario_id: uuid.UUID, shopper_id: uuid.UUID, agent_id: uuid.UUID, visited_at: datetime,
    notes: str, place: str = "", duration_seconds: int | None = None,
) -> uuid.UUID:
    """The shopper's visit or call: an interaction on the mystery_shop channel plus where, when and how long."""
    require(actor, Action.MANAGE_MYSTERY_SHOPS)
    with actor.db.read() as session:
        scenario, shopper = session.get(MysteryScenario, scenario_id), session.get(MysteryShopper, shopper_id)
        if scenario is None or shopper is None:
            raise NotFound("That scenario or shopper does not exist.")
        if not shopper.active:
            raise UsageError("That shopper is no longer active (or was erased): record the visit under another.")
    item = interactions.NewInteraction(Channel.MYSTERY_SHOP, visited_at, agent_id, text=notes, duration_seconds=duration_seconds)
    [interaction_id] = interactions.record_interactions(actor, [item], return_ids=True)
    with actor.db.write() as session:
        session.add(MysteryVisit(interaction_id=interaction_id, scenario_id=scenario_id, shopper_id=shopper_id,
                                 visited_at=visited_at, place=place, channel=scenario.channel, duration_seconds=duration_seconds))
        audit.record(session, actor.db.vault, actor.name, "mystery.visit", target_type="interaction", target_id=interaction_id)
    return interaction_id


def get_visit(actor: Actor, interaction_id: uuid.UUID) -> VisitView | None:
    """The scenario, shopper and visit details behind a mystery-shop interaction (None for other contacts)."""
    require(actor, Action.VIEW_INTERACTIONS)
    vault = actor.db.vault
    with actor.db.read() as session:
        visit = session.get(MysteryVisit, interaction_id)
        if visit is None:
            return None
        scenario, shopper = session.get(MysteryScenario, visit.scenario_id), session.get(MysteryShopper, visit.shopper_id)
        key = subject_key(session, vault, shopper.subject_id)
        name = decrypt_field(key, shopper.name_enc, field_aad("mystery_shopper", "name", shopper.id), "shopper name") or ""
    spec = Scenario(scenario.name, scenario.channel, scenario.persona, scenario.script, scenario.objectives,
                    json.loads(scenario.expected))
    return VisitView(interaction_id, spec, name, visit.visited_at, visit.place, visit.channel, visit.duration_seconds)


@dataclass(frozen=True)
class NewVisit:
    """Visit details for a mystery-shop interaction that is already recorded (imports, the demo centre)."""

    interaction_id: uuid.UUID
    scenario_id: uuid.UUID
    shopper_id: uuid.UUID
    visited_at: datetime
    place: str = ""
    duration_seconds: int | None = None


def attach_visits(actor: Actor, visits: list[NewVisit]) -> int:
    """Record visit details for existing mystery_shop interactions, set-based, with one audit entry."""
    require(actor, Action.MANAGE_MYSTERY_SHOPS)
    if not visits:
        return 0
    with actor.db.write() as session:
        channels = dict(session.exec(select(MysteryScenario.id, MysteryScenario.channel)).all())
        if {v.scenario_id for v in visits} - channels.keys():
            raise NotFound("A visit names a scenario that does not exist.")
        active = set(session.exec(select(MysteryShopper.id).where(MysteryShopper.active)).all())
        if {v.shopper_id for v in visits} - active:
            raise UsageError("A visit names a shopper who does not exist, is no longer active or was erased.")
        rows = [{"interaction_id": v.interaction_id, "scenario_id": v.scenario_id, "shopper_id": v.shopper_id,
                 "visited_at": v.visited_at, "place": v.place, "channel": channels[v.scenario_id],
                 "duration_seconds": v.duration_seconds} for v in visits]
        session.execute(sa.insert(MysteryVisit.__table__), rows)
        audit.record(session, actor.db.vault, actor.name, "mystery.visits", detail={"count": len(rows)})
    return len(rows)


@dataclass(frozen=True)
class ScenarioRow:
    id: uuid.UUID
    name: str
    channel: str
    visits: int


def list_scenarios(actor: Actor) -> list[ScenarioRow]:
    """Every scenario with how many visits used it."""
    require(actor, Action.MANAGE_MYSTERY_SHOPS)
    with actor.db.read() as session:
        rows = session.exec(
            select(MysteryScenario.id, MysteryScenario.name, MysteryScenario.channel, sa.func.count(MysteryVisit.interaction_id))
            .join(MysteryVisit, MysteryVisit.scenario_id == MysteryScenario.id, isouter=True)
            .group_by(MysteryScenario.id, MysteryScenario.name, MysteryScenario.channel).order_by(MysteryScenario.name)
        ).all()
    return [ScenarioRow(*row) for row in rows]


def list_shoppers(actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """Active shoppers as (id, name)."""
    require(actor, Action.MANAGE_MYSTERY_SHOPS)
    vault = actor.db.vault
    with actor.db.read() as session:
        rows = session.exec(select(MysteryShopper).where(MysteryShopper.active)).all()
        named = [(row.id, decrypt_field(subject_key(session, vault, row.subject_id), row.name_enc,
                                        field_aad("mystery_shopper", "name", row.id), "shopper name") or "") for row in rows]
    return sorted(named, key=lambda item: item[1])


def scenario_named(actor: Actor, name: str) -> uuid.UUID:
    require(actor, Action.MANAGE_MYSTERY_SHOPS)
    with actor.db.read() as session:
        found = session.exec(select(MysteryScenario.id).where(MysteryScenario.name == name)).first()
    if found is None:
        raise NotFound(f"There is no scenario named {name!r}; 'qa-tui mystery scenario list' shows them.")
    return found
