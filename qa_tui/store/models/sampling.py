"""Sampling plans and the review queue: what should be evaluated, by whom, by when."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field, Index, SQLModel

from qa_tui.store.models.base import created_field, id_field


class SamplingPlan(SQLModel, table=True):
    __tablename__ = "sampling_plan"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=120)
    period_start: date
    period_end: date
    quotas: str = Field(description="JSON: method -> evaluations per agent")
    rules: str = Field(default="{}", description="JSON: kinds always included (complaints, low CSAT, long handling)")
    created_by: str = Field(max_length=64)
    created_at: datetime = created_field()


class ReviewAssignment(SQLModel, table=True):
    """One interaction to evaluate, by one assessor, by a due date; `evaluation_id` once started."""

    __tablename__ = "review_assignment"
    __table_args__ = (Index("ix_review_assignment_assessor_status", "assessor_id", "status", "due_on"),)

    id: uuid.UUID = id_field()
    plan_id: uuid.UUID = Field(foreign_key="sampling_plan.id", index=True)
    interaction_id: uuid.UUID = Field(foreign_key="interaction.id", unique=True)
    agent_id: uuid.UUID = Field(foreign_key="agent.id")
    assessor_id: uuid.UUID = Field(foreign_key="app_user.id")
    method: str = Field(max_length=24)
    reason: str = Field(default="random", max_length=32, description="random, or the rule that picked it")
    due_on: date
    status: str = Field(default="due", max_length=16)
    evaluation_id: uuid.UUID | None = Field(default=None, foreign_key="evaluation.id")
