"""Retention of what evaluations say about agents: after the period, assessors' comments, feedback and dispute
reasons go; scores, answers and revisions stay (they are what trends and calibration stand on)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.services.privacy.retention import RetentionKind, register
from qa_tui.store.models import Dispute, Evaluation, EvaluationAnswer, Feedback


def _old(cutoff: datetime):
    return select(Evaluation.id).where(sa.func.coalesce(Evaluation.submitted_at, Evaluation.created_at) < cutoff)


def _count(session: Session, cutoff: datetime) -> int:
    notes = select(EvaluationAnswer.evaluation_id).where(EvaluationAnswer.comment_enc.is_not(None))
    with_feedback = select(Feedback.evaluation_id)
    query = _old(cutoff).where(sa.or_(Evaluation.id.in_(notes), Evaluation.id.in_(with_feedback)))
    return session.exec(select(sa.func.count()).select_from(query.subquery())).one()


def _purge(session: Session, cutoff: datetime) -> int:
    count, old = _count(session, cutoff), _old(cutoff)
    session.execute(sa.update(EvaluationAnswer).where(EvaluationAnswer.evaluation_id.in_(old)).values(comment_enc=None))
    session.execute(sa.delete(Feedback).where(Feedback.evaluation_id.in_(old)))
    session.execute(sa.update(Dispute).where(Dispute.evaluation_id.in_(old)).values(reason_enc=None))
    return count


EVALUATION_NOTES = register(RetentionKind(
    "evaluation_notes", "evaluation notes", 730, "comments, feedback, disputes",
    _count, _purge,
))
