"""The records of a subject access export beyond a person's details and contacts: complaints, survey responses,
for an agent the evaluations of their work, and for a mystery shopper their visits.

A customer gets their own words in full (the complaint they wrote, the survey comments they left). An agent gets
what was written about their work: evaluations with comments, feedback and disputes in full, and the customers'
words about them (survey comments, complaints) in redacted form only, as with their contacts. Every function works
inside the export's session; the export checks the permission and audits.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.domain.scoring import NA
from qa_tui.services.evaluations import disputes_in, evaluation_view
from qa_tui.services.feedback import feedback_in
from qa_tui.services.people import subject_key
from qa_tui.store.models import (
    Complaint, ComplaintEscalation, Dispute, Evaluation, MysteryScenario, MysteryVisit, SurveyResponse,
)
from qa_tui.store.vault import Vault, decrypt_field, field_aad

CUSTOMER_COMPLAINT_TEXTS = ("text", "heat_notes", "resolution", "follow_up")
"""What a complaint holds in the customer's words or about their case, all under the customer's key."""


def customer_complaints(session: Session, vault: Vault, subject_id: uuid.UUID, customer_id: uuid.UUID) -> list[dict]:
    """The customer's complaints, with their own text and what the handlers wrote about the case."""
    rows = session.exec(select(Complaint).where(sa.or_(Complaint.subject_id == subject_id,
                                                       Complaint.customer_id == customer_id))
                        .order_by(Complaint.received_on, Complaint.reference)).all()
    return [_complaint(session, vault, row, CUSTOMER_COMPLAINT_TEXTS) for row in rows]


def agent_complaints(session: Session, vault: Vault, agent_id: uuid.UUID) -> list[dict]:
    """Complaints about the agent's work, with the customer's text redacted."""
    rows = session.exec(select(Complaint).where(Complaint.agent_id == agent_id)
                        .order_by(Complaint.received_on, Complaint.reference)).all()
    return [_complaint(session, vault, row, ("redacted",)) for row in rows]


def _complaint(session: Session, vault: Vault, row: Complaint, texts: tuple[str, ...]) -> dict:
    key = subject_key(session, vault, row.subject_id)
    escalations = session.exec(select(ComplaintEscalation).where(ComplaintEscalation.complaint_id == row.id)
                               .order_by(ComplaintEscalation.level)).all()
    return {
        "id": str(row.id), "reference": row.reference, "received_on": iso(row.received_on), "channel": row.channel,
        "category": row.category, "severity": row.severity, "product": row.product, "status": row.status,
        "acknowledged_on": iso(row.acknowledged_on), "resolved_on": iso(row.resolved_on),
        "closed_on": iso(row.closed_on), "redress": row.redress, "redress_amount": row.redress_amount,
        "recovered": row.recovered, "recovery_score": row.recovery_score,
        **{_text_name(column): decrypt_field(key, getattr(row, f"{column}_enc"), field_aad("complaint", column, row.id),
                                             f"complaint {column}") for column in texts},
        "escalations": [{"level": e.level, "on": iso(e.escalated_on), "reason": e.reason} for e in escalations],
    }


def _text_name(column: str) -> str:
    return {"text": "complaint_text", "redacted": "redacted_text"}.get(column, column)


def customer_surveys(session: Session, vault: Vault, subject_id: uuid.UUID) -> list[dict]:
    """Survey responses whose comment is the customer's, with the comment as they wrote it."""
    rows = session.exec(select(SurveyResponse).where(SurveyResponse.subject_id == subject_id)
                        .order_by(SurveyResponse.responded_at)).all()
    return [_survey(session, vault, row, "verbatim") for row in rows]


def agent_surveys(session: Session, vault: Vault, agent_id: uuid.UUID) -> list[dict]:
    """Survey responses about the agent's contacts, with the customer's comment redacted."""
    rows = session.exec(select(SurveyResponse).where(SurveyResponse.agent_id == agent_id)
                        .order_by(SurveyResponse.responded_at)).all()
    return [_survey(session, vault, row, "redacted") for row in rows]


def _survey(session: Session, vault: Vault, row: SurveyResponse, column: str) -> dict:
    blob = getattr(row, f"{column}_enc")
    key = subject_key(session, vault, row.subject_id) if blob is not None else None
    return {
        "id": str(row.id), "responded_at": iso(row.responded_at), "external_ref": row.external_ref,
        "channel": row.channel, "csat": row.csat, "nps": row.nps, "ces": row.ces, "fcr": row.fcr,
        f"{column}_comment": decrypt_field(key, blob, field_aad("survey_response", column, row.id), "verbatim"),
    }


def agent_evaluations(session: Session, vault: Vault, agent_id: uuid.UUID) -> list[dict]:
    """Every evaluation of the agent's work, calibration included, with its comments, feedback and disputes."""
    rows = session.exec(select(Evaluation).where(Evaluation.agent_id == agent_id)
                        .order_by(Evaluation.created_at, Evaluation.id)).all()
    theirs = select(Evaluation.id).where(Evaluation.agent_id == agent_id)
    disputes: dict[uuid.UUID, list[dict]] = {}
    for d in disputes_in(session, vault, select(Dispute).where(Dispute.evaluation_id.in_(theirs))):
        disputes.setdefault(d.evaluation_id, []).append(
            {"criterion": d.criterion_key, "reason": d.reason, "raised_at": iso(d.raised_at), "status": d.status,
             "resolution": d.resolution})
    return [_evaluation(session, vault, row, disputes.get(row.id, [])) for row in rows]


def _evaluation(session: Session, vault: Vault, row: Evaluation, disputes: list[dict]) -> dict:
    view = evaluation_view(session, vault, row)
    feedback = feedback_in(session, vault, row)
    return {
        "id": str(row.id), "interaction_id": str(row.interaction_id),
        "scorecard": f"{view.scorecard.name} v{view.scorecard.version}", "method": row.method, "purpose": row.purpose,
        "assessor": view.assessor, "status": row.status, "submitted_at": iso(row.submitted_at), "score": row.score,
        "passed": row.passed, "critical_failed": row.critical_failed,
        "answers": {key: "n/a" if value is NA else value for key, value in view.answers.items()},
        "comments": view.comments,
        "feedback": None if feedback is None else {**vars(feedback), "criteria": list(feedback.criteria)},
        "disputes": disputes,
    }


def shopper_visits(session: Session, shopper_id: uuid.UUID) -> list[dict]:
    """Where and when each of a shopper's visits or calls was, and the scenario they followed (its id is the
    contact's)."""
    rows = session.exec(select(MysteryVisit, MysteryScenario.name)
                        .join(MysteryScenario, MysteryScenario.id == MysteryVisit.scenario_id)
                        .where(MysteryVisit.shopper_id == shopper_id).order_by(MysteryVisit.visited_at)).all()
    return [{"id": str(visit.interaction_id), "scenario": scenario, "visited_at": iso(visit.visited_at),
             "place": visit.place, "channel": visit.channel, "duration_seconds": visit.duration_seconds}
            for visit, scenario in rows]


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None
