"""Service standards: a KPI, its target, which way is good, and how it is measured."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from qa_tui.store.models.base import created_field, id_field, version_field


class ServiceStandard(SQLModel, table=True):
    """One target per KPI (centre-wide). `direction` is '>=' (at least) or '<=' (at most)."""

    __tablename__ = "service_standard"

    id: uuid.UUID = id_field()
    kpi: str = Field(max_length=32, unique=True)
    target: float
    direction: str = Field(default=">=", max_length=2)
    measurement: str = Field(default="", description="how it is measured, in words")
    set_by: str = Field(max_length=64)
    created_at: datetime = created_field()
    updated_at: datetime = created_field()
    version: int = version_field()
