"""Interactions: one contact (call, chat, email, branch visit, mystery-shop contact) and its free text."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel

from qa_tui.store.models.base import created_field, id_field, version_field


class Channel(StrEnum):
    CALL = "call"
    CHAT = "chat"
    EMAIL = "email"
    BRANCH_VISIT = "branch_visit"
    MYSTERY_SHOP = "mystery_shop"


class Interaction(SQLModel, table=True):
    """The text is encrypted under the data key of `subject_id` (the customer, known or anonymous).

    `text_enc` is the original; `redacted_enc` the copy everyone sees by default.
    """

    __tablename__ = "interaction"
    __table_args__ = (Index("ix_interaction_agent_time", "agent_id", "occurred_at"),)

    id: uuid.UUID = id_field()
    channel: str = Field(max_length=16)
    occurred_at: datetime = Field(index=True)
    agent_id: uuid.UUID = Field(foreign_key="agent.id")
    customer_id: uuid.UUID | None = Field(default=None, foreign_key="customer.id", index=True)
    subject_id: uuid.UUID = Field(foreign_key="data_subject.id", index=True)
    duration_seconds: int | None = None
    external_ref: str | None = Field(default=None, max_length=120, unique=True)
    text_enc: bytes | None = None
    redacted_enc: bytes | None = None
    created_at: datetime = created_field()
    version: int = version_field()
