"""Retention of closed complaints: after the period (six years by default, the usual limitation period), what the
customer and the handlers wrote goes, and the complaint no longer leads to its customer.

What stays is what the figures and the lessons stand on: the reference, dates, category, severity, root cause,
redress, recovery and the (redacted) lesson. Open complaints are never touched, however old.

A complaint must belong to a data subject, and its customer's subject would still name them: the complaints a run
removes move to one new subject that holds no key (as an erased person's does), so they lead to nobody.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.services.privacy.retention import RetentionKind, register
from qa_tui.store.models import Complaint, ComplaintEscalation, DataSubject, SubjectKind
from qa_tui.store.models.base import is_row_digest, new_id, utcnow

_TEXTS = (Complaint.text_enc, Complaint.redacted_enc, Complaint.heat_notes_enc, Complaint.resolution_enc,
          Complaint.follow_up_enc)


def _held(cutoff: datetime):
    personal = sa.or_(Complaint.customer_id.is_not(None), *(column.is_not(None) for column in _TEXTS))
    return sa.and_(Complaint.status == "closed", Complaint.closed_on < cutoff.date(), personal)


def _count(session: Session, cutoff: datetime) -> int:
    return session.exec(select(sa.func.count()).select_from(Complaint).where(_held(cutoff))).one()


def _purge(session: Session, cutoff: datetime) -> int:
    if not _count(session, cutoff):
        return 0
    going = select(Complaint.id).where(_held(cutoff))
    # Escalation reasons were redacted as they entered, but they are still the handlers' words about the customer.
    session.execute(sa.update(ComplaintEscalation).where(ComplaintEscalation.complaint_id.in_(going)).values(reason=""))
    cleared = {column.key: None for column in _TEXTS}
    statement = sa.update(Complaint).where(_held(cutoff)).values(
        {**cleared, "customer_id": None, "subject_id": _nobody(session), "version": Complaint.version + 1,
         # An imported complaint without a reference is keyed by a digest of its row, the customer's words included
         # (withdrawn first, by `_digest_keys`, so that importing the same row again does not add it back).
         "natural_key": sa.case((is_row_digest(Complaint.natural_key), None), else_=Complaint.natural_key)})
    return session.execute(statement.execution_options(synchronize_session=False)).rowcount


def _digest_keys(cutoff: datetime) -> tuple[str, sa.Select]:
    keys = select(Complaint.natural_key).where(_held(cutoff), is_row_digest(Complaint.natural_key))
    return Complaint.__tablename__, keys


def _nobody(session: Session):
    """A new data subject without a key, for the complaints this run removes."""
    subject = DataSubject(id=new_id(), kind=SubjectKind.CUSTOMER, wrapped_key=None, key_id="", erased_at=utcnow())
    session.add(subject)
    session.flush()
    return subject.id


CLOSED_COMPLAINTS = register(RetentionKind(
    "closed_complaints", "closed complaints", 2190, "complaint texts and customer links (figures stay)",
    _count, _purge, _digest_keys,
))
