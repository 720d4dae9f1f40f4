"""User accounts and their roles. Passphrases never touch the database: they unlock key slots in the keyring."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from qa_tui.store.models.base import created_field, id_field, version_field


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=64, unique=True)
    display_name: str = Field(default="", max_length=120)
    role: str = Field(max_length=16)
    disabled: bool = False
    agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id", description="for the agent role")
    created_at: datetime = created_field()
    version: int = version_field()


class UserTeam(SQLModel, table=True):
    """The teams a team leader leads (their scope)."""

    __tablename__ = "user_team"

    user_id: uuid.UUID = Field(foreign_key="app_user.id", primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", primary_key=True)
