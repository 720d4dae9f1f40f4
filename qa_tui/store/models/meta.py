"""What identifies the database and the secrets its master key protects."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from qa_tui.store.models.base import created_field


class DatabaseInfo(SQLModel, table=True):
    """One row: the database's identity (matched against its keyring) and its current master key id."""

    __tablename__ = "database_info"

    id: int = Field(default=1, primary_key=True)
    database_id: str = Field(max_length=36)
    key_id: str = Field(max_length=16)
    created_at: datetime = created_field()


class StoreSecret(SQLModel, table=True):
    """A database-wide secret (blind-index key, audit key, database private key) wrapped by the master key."""

    __tablename__ = "store_secret"

    name: str = Field(primary_key=True, max_length=40)
    key_id: str = Field(max_length=16)
    wrapped: bytes
