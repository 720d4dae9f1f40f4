"""The audit trail: append-only entries chained by a keyed hash, and the head of the chain."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class AuditEntry(SQLModel, table=True):
    """Who did what to which record, when and why. `hash` covers every field and `prev_hash`."""

    __tablename__ = "audit_entry"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = Field(index=True)
    actor: str = Field(max_length=64, index=True)
    action: str = Field(max_length=48, index=True)
    target_type: str = Field(default="", max_length=32)
    target_id: str = Field(default="", max_length=64)
    reason: str = Field(default="")
    detail: str = Field(default="{}", description="JSON")
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """One row: the last entry's sequence number and hash, so a deleted tail is detected too."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(default="", max_length=64)
