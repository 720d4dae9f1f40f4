"""Conventions shared by every table.

- Primary keys are UUIDs made by the application, so a row's identity is known before it is written: encrypted
  fields bind their ciphertext to it (associated data) and bulk inserts need no round trip.
- Datetimes are timezone-aware UTC (SQLModel stores them as UTC on every engine).
- Mutable rows carry `version`; services update with `WHERE version = :seen` and report a conflict when no row
  matched, so a second writer never overwrites a change it has not seen.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Field


def utcnow() -> datetime:
    """Now, timezone-aware in UTC (the store's convention)."""
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    """A time-ordered UUID (version 7): new rows land at the end of their indexes instead of all over them,
    which keeps bulk inserts fast as a table grows (SQLCipher decrypts every page it touches)."""
    millis = time.time_ns() // 1_000_000
    value = (millis & ((1 << 48) - 1)) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return uuid.UUID(int=value)


DIGEST_PREFIX = "key:"
"""A natural key that is a keyed digest of an imported row (one without another system's reference)."""
LEGACY_DIGEST_PREFIX = "sha:"
"""The unkeyed digests that earlier versions stored instead."""
ROW_DIGEST_PREFIXES = (DIGEST_PREFIX, LEGACY_DIGEST_PREFIX)


def is_row_digest(natural_key) -> sa.ColumnElement[bool]:
    """SQL: the natural key is a digest of its row (either kind), not another system's reference."""
    return sa.or_(*(natural_key.like(f"{prefix}%") for prefix in ROW_DIGEST_PREFIXES))


def id_field() -> uuid.UUID:
    return Field(default_factory=new_id, primary_key=True)


def created_field() -> datetime:
    return Field(default_factory=utcnow, nullable=False)


def version_field() -> int:
    return Field(default=1, nullable=False)
