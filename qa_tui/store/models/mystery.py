"""Mystery shopping: scenarios, shoppers and visits. A visit's evaluation uses the same scorecards as call reviews,
so that the two compare; the shopper's notes are the interaction's text."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from qa_tui.store.models.base import created_field, id_field, version_field


class MysteryScenario(SQLModel, table=True):
    __tablename__ = "mystery_scenario"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=120, unique=True)
    channel: str = Field(max_length=16, description="call or branch_visit")
    persona: str = ""
    script: str = ""
    objectives: str = ""
    expected: str = Field(default="{}", description="JSON: criterion key -> the behaviour expected")
    created_at: datetime = created_field()
    version: int = version_field()


class MysteryShopper(SQLModel, table=True):
    """A shopper is a person too: their name is encrypted under their own data key."""

    __tablename__ = "mystery_shopper"

    id: uuid.UUID = id_field()
    subject_id: uuid.UUID = Field(foreign_key="data_subject.id", unique=True)
    name_enc: bytes | None = None
    active: bool = True
    created_at: datetime = created_field()


class MysteryVisit(SQLModel, table=True):
    """When, where, by which channel and how long: the visit or call behind a mystery-shop interaction."""

    __tablename__ = "mystery_visit"

    interaction_id: uuid.UUID = Field(foreign_key="interaction.id", primary_key=True)
    scenario_id: uuid.UUID = Field(foreign_key="mystery_scenario.id", index=True)
    shopper_id: uuid.UUID = Field(foreign_key="mystery_shopper.id", index=True)
    visited_at: datetime
    place: str = Field(default="", max_length=200)
    channel: str = Field(max_length=16)
    duration_seconds: int | None = None
