"""Feedback on an evaluation in the AID form (Action, Impact, Desired outcome), with strengths and development
areas linked to criteria. It is about the agent, so it is encrypted under the agent's data key."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from sqlmodel import Session

from qa_tui.errors import NotFound, UsageError
from qa_tui.services import audit, evaluations
from qa_tui.services.permissions import Action, require
from qa_tui.services.session import Actor
from qa_tui.store.models import Evaluation, Feedback
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import Vault, decrypt_field, encrypt_field

FIELDS = ("action", "impact", "desired_outcome", "strengths", "development")


@dataclass(frozen=True)
class FeedbackText:
    action: str = ""
    impact: str = ""
    desired_outcome: str = ""
    strengths: str = ""
    development: str = ""
    criteria: tuple[str, ...] = field(default=())


def set_feedback(actor: Actor, evaluation_id: uuid.UUID, text: FeedbackText) -> None:
    """Write (or replace) an evaluation's feedback; its criteria must be on the evaluation's scorecard."""
    require(actor, Action.EVALUATE)
    if not (text.action.strip() and text.desired_outcome.strip()):
        raise UsageError("Feedback needs at least an Action and a Desired outcome.")
    vault = actor.db.vault
    with actor.db.write() as session:
        row = session.get(Evaluation, evaluation_id)
        if row is None:
            raise NotFound("That evaluation does not exist.")
        card = evaluations.scorecard_for(session, row.scorecard_version_id)
        for key in text.criteria:
            card.criterion(key)
        key = evaluations.agent_key(session, vault, row.agent_id)
        item = session.get(Feedback, evaluation_id) or Feedback(evaluation_id=evaluation_id)
        for name in FIELDS:
            setattr(item, f"{name}_enc", encrypt_field(key, getattr(text, name), _aad(name, evaluation_id)))
        item.criteria, item.updated_at = json.dumps(list(text.criteria)), utcnow()
        session.add(item)
        audit.record(session, vault, actor.name, "feedback.set", target_type="evaluation", target_id=evaluation_id)


def get_feedback(actor: Actor, evaluation_id: uuid.UUID) -> FeedbackText | None:
    evaluations.get(actor, evaluation_id)  # permission and scope
    with actor.db.read() as session:
        return feedback_in(session, actor.db.vault, session.get(Evaluation, evaluation_id))


def feedback_in(session: Session, vault: Vault, row: Evaluation) -> FeedbackText | None:
    """An evaluation's feedback, decrypted inside the caller's session (no permission check: callers do that)."""
    item = session.get(Feedback, row.id)
    if item is None:
        return None
    key = evaluations.agent_key(session, vault, row.agent_id)
    values = {name: decrypt_field(key, getattr(item, f"{name}_enc"), _aad(name, row.id), "feedback") or ""
              for name in FIELDS}
    return FeedbackText(**values, criteria=tuple(json.loads(item.criteria)))


def _aad(name: str, evaluation_id: uuid.UUID) -> bytes:
    return f"feedback.{name}:{evaluation_id}".encode()
