"""Complaints: the log, the handling process (acknowledge, investigate, resolve, follow up, learn), deadlines,
escalations and the complaint policy (deadline rules and the taxonomies of categories and root causes).

The customer's words are personal data: the original and its redacted copy are encrypted under the customer's data
key (an anonymous complainant gets a data subject of their own), like an interaction's text. Deadlines are worked
out once, at intake, from the policy then in force, so a later policy change never moves a promise already made.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field, Index, SQLModel

from qa_tui.store.models.base import created_field, id_field, version_field


class ComplaintPolicy(SQLModel, table=True):
    """One row: the deadline rules and taxonomies in force (defaults apply until a QA manager sets them)."""

    __tablename__ = "complaint_policy"

    id: int = Field(default=1, primary_key=True)
    acknowledge_working_days: int = 3
    final_response_weeks: int = 8
    roll_forward: bool = Field(default=False, description="move a final-response deadline off a non-working day")
    categories: str = Field(default="[]", description="JSON list of category names")
    root_causes: str = Field(default="[]", description="JSON list of 'group: cause' names")
    updated_by: str = Field(default="", max_length=64)
    updated_at: datetime = created_field()
    version: int = version_field()


class Complaint(SQLModel, table=True):
    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_status_received", "status", "received_on"),
        Index("ix_complaint_team_received", "team_id", "received_on"),
    )

    id: uuid.UUID = id_field()
    reference: str = Field(max_length=24, unique=True)
    natural_key: str | None = Field(default=None, max_length=128, unique=True, index=True,
                                    description="imported complaints only: 'ref:' and the other system's reference, "
                                                "or 'key:' and a keyed digest of the row (re-imports add nothing)")
    received_on: date
    channel: str = Field(max_length=16)
    customer_id: uuid.UUID | None = Field(default=None, foreign_key="customer.id", index=True)
    subject_id: uuid.UUID = Field(foreign_key="data_subject.id", index=True)
    interaction_id: uuid.UUID | None = Field(default=None, foreign_key="interaction.id")
    team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id")
    agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    category: str = Field(max_length=64)
    severity: str = Field(max_length=16, description="low, medium, high or critical")
    product: str = Field(default="", max_length=120, description="the product or service complained about")
    legal: str = Field(default="[]", description="JSON list of legal angles (Consumer Rights Act remedies, data protection, equality)")
    text_enc: bytes | None = None
    redacted_enc: bytes | None = None
    owner: str = Field(max_length=64)
    status: str = Field(default="received", max_length=16)
    acknowledge_due: date
    final_due: date
    acknowledged_on: date | None = None
    investigating_on: date | None = None
    resolved_on: date | None = None
    followed_up_on: date | None = None
    closed_on: date | None = None
    escalation_level: int = 0
    heat: str = Field(default="[]", description="JSON list of the HEAT steps done in the handling conversation")
    heat_notes_enc: bytes | None = None
    root_cause: str = Field(default="", max_length=120)
    resolution_enc: bytes | None = None
    redress: str = Field(default="", max_length=32, description="none, apology, repair, replacement, refund, goodwill")
    redress_amount: float | None = None
    recovered: bool | None = Field(default=None, description="did the customer's satisfaction recover?")
    recovery_score: int | None = Field(default=None, description="satisfaction at follow-up, 1-5")
    follow_up_enc: bytes | None = None
    lesson: str = Field(default="", description="what the centre learned (redacted)")
    created_by: str = Field(max_length=64)
    created_at: datetime = created_field()
    version: int = version_field()


class ComplaintEscalation(SQLModel, table=True):
    """One step up: to which level, who escalated and why (the reason is redacted as it enters)."""

    __tablename__ = "complaint_escalation"

    id: uuid.UUID = id_field()
    complaint_id: uuid.UUID = Field(foreign_key="complaint.id", index=True)
    level: int
    escalated_by: str = Field(max_length=64)
    escalated_on: date
    reason: str
    created_at: datetime = created_field()
