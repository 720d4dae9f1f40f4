"""Calibration sessions: assessors score the same contacts blind, then reveal, discuss and agree.

Each participant's scoring is an ordinary `Evaluation` with purpose "calibration", linked here; the agreed
(consensus) answers become the benchmark that assessor drift is measured against once the session closes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from qa_tui.store.models.base import created_field, id_field, version_field


class CalibrationSession(SQLModel, table=True):
    """`status` runs blind -> revealed -> closed; tolerances decide what counts as a divergence."""

    __tablename__ = "calibration_session"

    id: uuid.UUID = id_field()
    title: str = Field(max_length=120)
    scorecard_version_id: uuid.UUID = Field(foreign_key="scorecard_version.id")
    facilitator_id: uuid.UUID = Field(foreign_key="app_user.id")
    expert_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id",
                                        description="whose answers are the benchmark until consensus")
    status: str = Field(default="blind", max_length=16, index=True)
    deadline: datetime | None = None
    total_tolerance: float = Field(default=5.0, description="points either side on the total score")
    level_tolerance: int = Field(default=0, description="steps of a scale or points either side on other items")
    critical_exact: bool = Field(default=True, description="critical items must match exactly")
    created_at: datetime = created_field()
    revealed_at: datetime | None = None
    closed_at: datetime | None = None
    version: int = version_field()


class CalibrationItem(SQLModel, table=True):
    """A contact every participant scores, in the order the session shows them."""

    __tablename__ = "calibration_item"

    session_id: uuid.UUID = Field(foreign_key="calibration_session.id", primary_key=True)
    interaction_id: uuid.UUID = Field(foreign_key="interaction.id", primary_key=True)
    position: int


class CalibrationParticipant(SQLModel, table=True):
    __tablename__ = "calibration_participant"

    session_id: uuid.UUID = Field(foreign_key="calibration_session.id", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="app_user.id", primary_key=True, index=True)


class CalibrationScoring(SQLModel, table=True):
    """Which evaluation is one participant's blind scoring of one item."""

    __tablename__ = "calibration_scoring"

    evaluation_id: uuid.UUID = Field(foreign_key="evaluation.id", primary_key=True)
    session_id: uuid.UUID = Field(foreign_key="calibration_session.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="app_user.id")
    interaction_id: uuid.UUID = Field(foreign_key="interaction.id")


class CalibrationConsensus(SQLModel, table=True):
    """The answer the room agreed for one criterion of one item (`value`, or `na`)."""

    __tablename__ = "calibration_consensus"

    session_id: uuid.UUID = Field(foreign_key="calibration_session.id", primary_key=True)
    interaction_id: uuid.UUID = Field(foreign_key="interaction.id", primary_key=True)
    criterion_key: str = Field(primary_key=True, max_length=64)
    value: int | None = None
    na: bool = False
    recorded_by: str = Field(max_length=64)
    recorded_at: datetime = created_field()


class CalibrationNote(SQLModel, table=True):
    """Meeting notes, scorecard clarification notes and improvement-action requests raised in a session."""

    __tablename__ = "calibration_note"

    id: uuid.UUID = id_field()
    session_id: uuid.UUID = Field(foreign_key="calibration_session.id", index=True)
    kind: str = Field(max_length=24, description="meeting, clarification or action_request")
    criterion_key: str | None = Field(default=None, max_length=64)
    text: str
    author: str = Field(max_length=64)
    created_at: datetime = created_field()
