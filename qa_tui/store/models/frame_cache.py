"""Cached analytics frames: encrypted columnar snapshots that a cold open reads instead of millions of rows.

A row is one named part (for Trends, a month of evaluations, answers or surveys, and a manifest naming the parts).
`blob` is AES-256-GCM under a key derived from the master key, bound to the row's name and marker, so a cache is
as unreadable at rest as everything else, on SQLite and PostgreSQL alike. `marker` is the audit trail's head the
part was current to when written. Nothing here is a record of its own: a part may be dropped at any time (an
erasure or a retention run drops them all) and is rebuilt from the tables it was computed from.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from qa_tui.store.models.base import created_field


class FrameCache(SQLModel, table=True):
    __tablename__ = "frame_cache"

    name: str = Field(primary_key=True, max_length=64)
    marker: int = Field(description="the audit head the part was current to")
    key_id: str = Field(max_length=16, description="the master key it is encrypted under")
    blob: bytes
    updated_at: datetime = created_field()
