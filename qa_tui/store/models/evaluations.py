"""Evaluations: an assessor's scoring of one interaction on one scorecard version, with its answers, feedback,
revisions and disputes. Comments and feedback are about the agent, a data subject: they are encrypted under the
agent's data key."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, Index, SQLModel

from qa_tui.store.models.base import created_field, id_field, version_field


class Evaluation(SQLModel, table=True):
    __tablename__ = "evaluation"
    __table_args__ = (
        Index("ix_evaluation_agent_time", "agent_id", "submitted_at"),
        Index("ix_evaluation_assessor_status", "assessor_id", "status"),
    )

    id: uuid.UUID = id_field()
    interaction_id: uuid.UUID = Field(foreign_key="interaction.id", index=True)
    scorecard_version_id: uuid.UUID = Field(foreign_key="scorecard_version.id", index=True)
    assessor_id: uuid.UUID = Field(foreign_key="app_user.id")
    agent_id: uuid.UUID = Field(foreign_key="agent.id", description="copied from the interaction for scope and trends")
    method: str = Field(max_length=24)
    purpose: str = Field(default="review", max_length=16, description="review, or calibration (blind, kept out of trends)")
    status: str = Field(default="draft", max_length=16)
    revision: int = 1
    live: bool = Field(default=False, description="observed live rather than from a recording")
    score: float | None = Field(default=None, description="the reported score (0 after a critical fail, by default)")
    raw_score: float | None = Field(default=None, description="the score as if no critical item had failed")
    critical_failed: bool = False
    passed: bool | None = None
    created_at: datetime = created_field()
    submitted_at: datetime | None = None
    acknowledged_at: datetime | None = None
    version: int = version_field()


class EvaluationAnswer(SQLModel, table=True):
    """One criterion's answer: `value` (yes = 1, no = 0, a level or points) or `na`; unanswered has neither."""

    __tablename__ = "evaluation_answer"

    evaluation_id: uuid.UUID = Field(foreign_key="evaluation.id", primary_key=True)
    criterion_key: str = Field(primary_key=True, max_length=64)
    value: int | None = None
    na: bool = False
    comment_enc: bytes | None = None
    evidence_at: int | None = Field(default=None, description="character offset in the transcript")


class EvaluationRevision(SQLModel, table=True):
    """A frozen copy of the answers and score at each revision, so the history shows every version."""

    __tablename__ = "evaluation_revision"

    evaluation_id: uuid.UUID = Field(foreign_key="evaluation.id", primary_key=True)
    revision: int = Field(primary_key=True)
    created_at: datetime = created_field()
    created_by: str = Field(max_length=64)
    reason: str = ""
    score: float | None = None
    raw_score: float | None = None
    critical_failed: bool = False
    answers: str = Field(description="JSON: criterion key -> value, 'n/a' or null")


class Feedback(SQLModel, table=True):
    """Feedback in the AID form (Action, Impact, Desired outcome), with strengths and development areas."""

    __tablename__ = "feedback"

    evaluation_id: uuid.UUID = Field(foreign_key="evaluation.id", primary_key=True)
    action_enc: bytes | None = None
    impact_enc: bytes | None = None
    desired_outcome_enc: bytes | None = None
    strengths_enc: bytes | None = None
    development_enc: bytes | None = None
    criteria: str = Field(default="[]", description="JSON list of the criterion keys it refers to")
    updated_at: datetime = created_field()
    version: int = version_field()


class Dispute(SQLModel, table=True):
    """An agent disputes one criterion of a submitted evaluation; a QA manager upholds or overturns it."""

    __tablename__ = "dispute"

    id: uuid.UUID = id_field()
    evaluation_id: uuid.UUID = Field(foreign_key="evaluation.id", index=True)
    criterion_key: str = Field(max_length=64)
    reason_enc: bytes | None = None
    raised_by: str = Field(max_length=64)
    raised_at: datetime = created_field()
    status: str = Field(default="open", max_length=16, index=True)
    resolved_by: str | None = Field(default=None, max_length=64)
    resolved_at: datetime | None = None
    resolution: str = ""
    version: int = version_field()
