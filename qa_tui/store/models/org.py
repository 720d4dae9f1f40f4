"""The organisation: sites, teams and agents (employees, who are data subjects too)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from qa_tui.store.models.base import created_field, id_field, version_field


class Site(SQLModel, table=True):
    __tablename__ = "site"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=120, unique=True)
    created_at: datetime = created_field()
    version: int = version_field()


class Team(SQLModel, table=True):
    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("site_id", "name"),)

    id: uuid.UUID = id_field()
    site_id: uuid.UUID = Field(foreign_key="site.id", index=True)
    name: str = Field(max_length=120)
    created_at: datetime = created_field()
    version: int = version_field()


class Agent(SQLModel, table=True):
    """An employee who handles contacts; their name is encrypted under their own data key."""

    __tablename__ = "agent"

    id: uuid.UUID = id_field()
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    subject_id: uuid.UUID = Field(foreign_key="data_subject.id", unique=True)
    name_enc: bytes | None = None
    active: bool = True
    started_on: date | None = None
    created_at: datetime = created_field()
    version: int = version_field()
