"""Retention of what customers wrote outside a contact: survey verbatims, comment cards and focus-group notes.

After the period the words go (the original and its redacted copy); the scores, dates and links stay, since trends
and standards stand on them. A survey response names whose words its verbatim is only while it has one.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.services.privacy.retention import RetentionKind, register
from qa_tui.store.models import FeedbackItem, SurveyResponse
from qa_tui.store.models.base import is_row_digest


def _held(when, texts, cutoff: datetime):
    return sa.and_(when < cutoff, sa.or_(*(column.is_not(None) for column in texts)))


def _counter(table, when, texts):
    def count(session: Session, cutoff: datetime) -> int:
        return session.exec(select(sa.func.count()).select_from(table).where(_held(when, texts, cutoff))).one()

    return count


def _purger(table, when, texts, **also):
    def purge(session: Session, cutoff: datetime) -> int:
        cleared = {column.key: None for column in texts}
        statement = sa.update(table).where(_held(when, texts, cutoff)).values(
            {**cleared, "natural_key": _without_digest(table), **also})
        return session.execute(statement.execution_options(synchronize_session=False)).rowcount

    return purge


def _without_digest(table):
    """A row imported without a reference is keyed by a digest of its values, the words included: that goes too
    (withdrawn first, by `_digest_keys`, so that a re-import of the same old file does not add the row again)."""
    retained = sa.literal("retained:", sa.String) + sa.cast(table.id, sa.String)
    return sa.case((is_row_digest(table.natural_key), retained), else_=table.natural_key)


def _digest_keys(table, when, texts):
    def keys(cutoff: datetime) -> tuple[str, sa.Select]:
        keys = select(table.natural_key).where(_held(when, texts, cutoff), is_row_digest(table.natural_key))
        return table.__tablename__, keys

    return keys


_VERBATIM = (SurveyResponse.responded_at, (SurveyResponse.verbatim_enc, SurveyResponse.redacted_enc))
_NOTES = (FeedbackItem.received_at, (FeedbackItem.text_enc, FeedbackItem.redacted_enc))

SURVEY_VERBATIMS = register(RetentionKind(
    "survey_verbatims", "survey verbatims", 730, "customers' survey comments (scores stay)",
    _counter(SurveyResponse, *_VERBATIM), _purger(SurveyResponse, *_VERBATIM, subject_id=None),
    _digest_keys(SurveyResponse, *_VERBATIM),
))
FEEDBACK_NOTES = register(RetentionKind(
    "feedback_notes", "feedback notes", 730, "comment cards, focus-group notes",
    _counter(FeedbackItem, *_NOTES), _purger(FeedbackItem, *_NOTES), _digest_keys(FeedbackItem, *_NOTES),
))
