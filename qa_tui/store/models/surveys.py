"""Survey responses (CSAT, NPS, CES, FCR and a verbatim) and feedback items (comment cards, focus-group notes).

Both are imported in bulk. `natural_key` makes a re-import add nothing: the file's external reference when it has
one, otherwise a hash of the row's mapped values. Free text is the respondent's: the original is encrypted under
their data subject's key (the linked contact's customer, or an anonymous respondent of its own) and a redacted
copy, encrypted too, is what everyone reads.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, Index, SQLModel

from qa_tui.store.models.base import created_field, id_field


class SurveyResponse(SQLModel, table=True):
    __tablename__ = "survey_response"
    # Most responses have no verbatim and many no linked contact: partial indexes leave those rows out, which makes a
    # large import's index build shorter, and every lookup by either column (= or IN) can still use them.
    # The natural key is unique by an index, not a table constraint, so that a large import can build it once at the
    # end (`bulk.indexes_built_after`) instead of inserting a million random keys one by one.
    __table_args__ = (
        Index("ux_survey_response_natural_key", "natural_key", unique=True),
        Index("ix_survey_response_agent_time", "agent_id", "responded_at"),
        Index("ix_survey_response_interaction_id", "interaction_id", sqlite_where=sa.text("interaction_id IS NOT NULL"),
              postgresql_where=sa.text("interaction_id IS NOT NULL")),
        Index("ix_survey_response_subject_id", "subject_id", sqlite_where=sa.text("subject_id IS NOT NULL"),
              postgresql_where=sa.text("subject_id IS NOT NULL")),
    )

    id: uuid.UUID = id_field()
    natural_key: str = Field(max_length=128, description="external reference, or a keyed digest of the row")
    external_ref: str | None = Field(default=None, max_length=120)
    responded_at: datetime = Field(index=True)
    channel: str | None = Field(default=None, max_length=16)
    interaction_id: uuid.UUID | None = Field(default=None, foreign_key="interaction.id")
    agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    subject_id: uuid.UUID | None = Field(default=None, foreign_key="data_subject.id",
                                         description="whose words the verbatim is; None without a verbatim")
    csat: int | None = Field(default=None, description="1-5; 4 and 5 count as satisfied")
    nps: int | None = Field(default=None, description="0-10 likelihood to recommend")
    ces: int | None = Field(default=None, description="1-7 customer effort; lower is easier")
    fcr: bool | None = Field(default=None, description="resolved at first contact, as the customer says")
    verbatim_enc: bytes | None = None
    redacted_enc: bytes | None = None
    source: str = Field(default="", max_length=64, description="where the response came from (file or vendor)")
    created_at: datetime = created_field()


class FeedbackItem(SQLModel, table=True):
    """Qualitative feedback: a comment card, focus-group notes, or another source."""

    __tablename__ = "feedback_item"

    id: uuid.UUID = id_field()
    natural_key: str = Field(max_length=128, unique=True)
    external_ref: str | None = Field(default=None, max_length=120)
    kind: str = Field(max_length=24, description="comment_card, focus_group or other")
    received_at: datetime = Field(index=True)
    site_id: uuid.UUID | None = Field(default=None, foreign_key="site.id")
    team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id")
    agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    subject_id: uuid.UUID = Field(foreign_key="data_subject.id", index=True)
    text_enc: bytes | None = None
    redacted_enc: bytes | None = None
    source: str = Field(default="", max_length=64)
    created_at: datetime = created_field()
