"""Reading survey verbatims and feedback notes: the redacted copies, in the actor's scope, for themes and quotes.

The originals stay encrypted; reading them is not offered here (an erasure request or a complaint goes through
the people services, which audit the view).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import select

from qa_tui.services.people import subject_key
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Agent, FeedbackItem, SurveyResponse
from qa_tui.store.vault import decrypt_field, field_aad

LIMIT = 20_000


@dataclass(frozen=True)
class Verbatim:
    at: datetime
    source: str
    """'survey', or the feedback item's kind."""
    text: str
    agent_id: str | None
    team_id: str | None


def list_verbatims(actor: Actor, *, since: datetime | None = None, limit: int = LIMIT) -> list[Verbatim]:
    """The newest redacted verbatims and feedback notes in scope (team leaders: their teams' agents)."""
    require(actor, Action.VIEW_VERBATIMS)
    vault, out = actor.db.vault, []
    with actor.db.read() as session:
        for table, column, when, kind in ((SurveyResponse, "redacted", SurveyResponse.responded_at, None),
                                          (FeedbackItem, "redacted", FeedbackItem.received_at, FeedbackItem.kind)):
            query = select(table, Agent.team_id).outerjoin(Agent, Agent.id == table.agent_id).where(
                table.redacted_enc.is_not(None))
            if since is not None:
                query = query.where(when >= since)
            if actor.role == Role.TEAM_LEADER:
                query = query.where(Agent.team_id.in_(actor.team_ids))
            for row, team_id in session.exec(query.order_by(sa.desc(when)).limit(limit)).all():
                key = subject_key(session, vault, row.subject_id)
                text = decrypt_field(key, row.redacted_enc, field_aad(table.__tablename__, column, row.id), "verbatim")
                out.append(Verbatim(getattr(row, "responded_at", None) or row.received_at,
                                    "survey" if kind is None else row.kind, text or "",
                                    row.agent_id.hex if row.agent_id else None, team_id.hex if team_id else None))
    return out
