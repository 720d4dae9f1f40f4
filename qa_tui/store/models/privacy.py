"""Privacy work: retention settings, reviewers' manual redaction marks, and the queue of doubtful detections.

None of these rows holds personal data: marks and queue items point into an interaction's original text by
character offsets, and are deleted when that text goes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from qa_tui.store.models.base import created_field, id_field, version_field


class RetentionSetting(SQLModel, table=True):
    """How long one kind of record is kept; a kind without a row keeps its registered default."""

    __tablename__ = "retention_setting"

    kind: str = Field(primary_key=True, max_length=40)
    days: int
    updated_by: str = Field(default="", max_length=64)
    updated_at: datetime = created_field()
    version: int = version_field()


class RedactionMark(SQLModel, table=True):
    """A reviewer's decision on a span of an interaction's original text.

    `action` is "redact" (missed personal data, replaced by `label`) or "keep" (a false detection, left as is).
    """

    __tablename__ = "redaction_mark"

    id: uuid.UUID = id_field()
    interaction_id: uuid.UUID = Field(foreign_key="interaction.id", index=True)
    start: int
    end: int
    action: str = Field(max_length=8)
    label: str = Field(default="", max_length=24)
    created_by: str = Field(max_length=64)
    created_at: datetime = created_field()


class RedactionReview(SQLModel, table=True):
    """A low-confidence detection waiting for a human: accepted becomes a "redact" mark, rejected stays as text."""

    __tablename__ = "redaction_review"
    __table_args__ = (UniqueConstraint("interaction_id", "start", "end"),)

    id: uuid.UUID = id_field()
    interaction_id: uuid.UUID = Field(foreign_key="interaction.id", index=True)
    start: int
    end: int
    label: str = Field(max_length=24)
    score: float
    status: str = Field(default="pending", max_length=10, index=True)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None
    created_at: datetime = created_field()


class RedactionScan(SQLModel, table=True):
    """Interactions whose original text has been scanned for doubtful detections (so each is scanned once)."""

    __tablename__ = "redaction_scan"

    interaction_id: uuid.UUID = Field(foreign_key="interaction.id", primary_key=True)
    scanned_at: datetime = created_field()


class WithdrawnImportKey(SQLModel, table=True):
    """An import key taken away for good (a row erased at its person's request, or whose words retention removed),
    kept only as a keyed digest so that imports skip that row instead of adding it again
    (`qa_tui.services.withdrawn_keys`)."""

    __tablename__ = "withdrawn_import_key"

    digest: str = Field(primary_key=True, max_length=40, description="keyed BLAKE2b of the table and the key")
    key_table: str = Field(max_length=40, index=True, description="the table the key named a row of")
    reason: str = Field(max_length=16, description="erased or retained")
    withdrawn_at: datetime = created_field()
