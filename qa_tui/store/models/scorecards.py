"""Scorecards and their versions. A version's definition is the scorecard's TOML text (see
`qa_tui.domain.scorecard_toml`): readable, diffable, and frozen once published."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from qa_tui.store.models.base import created_field, id_field, version_field


class ScorecardRecord(SQLModel, table=True):
    __tablename__ = "scorecard"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=120, unique=True)
    archived: bool = False
    created_at: datetime = created_field()
    version: int = version_field()


class ScorecardVersion(SQLModel, table=True):
    """`number` counts versions of one scorecard; `status` is draft until published, then frozen."""

    __tablename__ = "scorecard_version"
    __table_args__ = (UniqueConstraint("scorecard_id", "number"),)

    id: uuid.UUID = id_field()
    scorecard_id: uuid.UUID = Field(foreign_key="scorecard.id", index=True)
    number: int
    status: str = Field(default="draft", max_length=16)
    definition: str = Field(description="the scorecard as TOML")
    published_at: datetime | None = None
    published_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = created_field()
    version: int = version_field()
