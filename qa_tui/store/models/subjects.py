"""Data subjects (customers and employees) and their data keys.

Each subject's personal fields are encrypted under the subject's own key, wrapped by the master key: erasing a
person is deleting one wrapped key (crypto-shredding), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, Index, SQLModel

from qa_tui.store.models.base import created_field, id_field, version_field


class SubjectKind(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    SHOPPER = "mystery_shopper"  # shoppers added before this kind existed have "customer" subjects


class DataSubject(SQLModel, table=True):
    """A person whose personal data we hold; owns the key that encrypts it."""

    __tablename__ = "data_subject"
    # Every transaction asks whether anyone was erased since it last looked (`Database`): the few erased rows only.
    __table_args__ = (
        Index("ix_data_subject_erased_at", "erased_at", sqlite_where=sa.text("erased_at IS NOT NULL"),
              postgresql_where=sa.text("erased_at IS NOT NULL")),
    )

    id: uuid.UUID = id_field()
    kind: str = Field(max_length=16)
    wrapped_key: bytes | None = Field(default=None, description="None once erased")
    key_id: str = Field(max_length=16, description="which master key wraps wrapped_key")
    created_at: datetime = created_field()
    erased_at: datetime | None = None


class Customer(SQLModel, table=True):
    """A customer's contact details, each field encrypted under the customer's data key."""

    __tablename__ = "customer"

    id: uuid.UUID = id_field()
    subject_id: uuid.UUID = Field(foreign_key="data_subject.id", unique=True)
    name_enc: bytes | None = None
    email_enc: bytes | None = None
    phone_enc: bytes | None = None
    postcode_enc: bytes | None = None
    email_index: bytes | None = Field(default=None, index=True, description="blind index (HMAC) of the email")
    phone_index: bytes | None = Field(default=None, index=True, description="blind index (HMAC) of the phone")
    created_at: datetime = created_field()
    version: int = version_field()
