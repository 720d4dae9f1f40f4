"""Turns a calibration session in the store into answers per (item, participant), for the reveal and for drift.

Called by the calibration services inside their read transaction (they check permissions and blindness first).
Only scorings submitted before the reveal count: a participant who submits after seeing the room is left out.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass

from sqlmodel import Session, select

from qa_tui.domain.scorecard import CriterionType, Scorecard
from qa_tui.domain.scoring import NA, Answer
from qa_tui.store.models import (
    CalibrationConsensus,
    CalibrationItem,
    CalibrationScoring,
    CalibrationSession,
    Evaluation,
    EvaluationAnswer,
    Interaction,
    User,
)

AnswerKey = tuple[uuid.UUID, uuid.UUID]
"""(interaction id, user id)"""


@dataclass(frozen=True)
class SessionAnswers:
    card: Scorecard
    items: tuple[uuid.UUID, ...]
    item_labels: tuple[str, ...]
    raters: tuple[uuid.UUID, ...]
    rater_names: tuple[str, ...]
    expert_id: uuid.UUID | None
    answers: dict[AnswerKey, dict[str, Answer]]
    consensus: dict[tuple[uuid.UUID, str], Answer]


def load_session(session: Session, calibration: CalibrationSession, card: Scorecard) -> SessionAnswers:
    """Everything the reveal needs, in four queries (`card` is the session's scorecard version)."""
    items = session.exec(select(CalibrationItem.interaction_id, CalibrationItem.position, Interaction.external_ref)
                         .join(Interaction, Interaction.id == CalibrationItem.interaction_id)
                         .where(CalibrationItem.session_id == calibration.id).order_by(CalibrationItem.position)).all()
    people = session.exec(select(User.id, User.name).join(CalibrationScoring, CalibrationScoring.user_id == User.id)
                          .where(CalibrationScoring.session_id == calibration.id).distinct().order_by(User.name)).all()
    return SessionAnswers(card, tuple(i for i, _, _ in items),
                          tuple(f"Item {p}" + (f" · {r}" if r else "") for _, p, r in items),
                          tuple(u for u, _ in people), tuple(n for _, n in people), calibration.expert_id,
                          load_answers(session, calibration, card), stored_consensus(session, calibration.id, card))


def load_answers(session: Session, calibration: CalibrationSession, card: Scorecard, *,
                 only_user: uuid.UUID | None = None, own: bool = False) -> dict[AnswerKey, dict[str, Answer]]:
    """Submitted answers per (item, user); `own` also returns a participant's drafts to themselves."""
    query = (select(CalibrationScoring.interaction_id, CalibrationScoring.user_id, EvaluationAnswer.criterion_key,
                    EvaluationAnswer.value, EvaluationAnswer.na)
             .join(Evaluation, Evaluation.id == CalibrationScoring.evaluation_id)
             .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id)
             .where(CalibrationScoring.session_id == calibration.id))
    if only_user is not None:
        query = query.where(CalibrationScoring.user_id == only_user)
    if not own:
        query = query.where(Evaluation.submitted_at.is_not(None))
        if calibration.revealed_at is not None:
            query = query.where(Evaluation.submitted_at <= calibration.revealed_at)
    result: dict[AnswerKey, dict[str, Answer]] = {}
    for item, user, key, value, na in session.exec(query).all():
        answer = as_answer(card, key, value, na)
        if answer is not None:
            result.setdefault((item, user), {})[key] = answer
    return result


def stored_consensus(session: Session, session_id: uuid.UUID, card: Scorecard) -> dict[tuple[uuid.UUID, str], Answer]:
    rows = session.exec(select(CalibrationConsensus).where(CalibrationConsensus.session_id == session_id)).all()
    return {(r.interaction_id, r.criterion_key): as_answer(card, r.criterion_key, r.value, r.na) for r in rows}


def fill_consensus(session: Session, calibration: CalibrationSession, card: Scorecard) -> list[tuple[uuid.UUID, str, Answer]]:
    """Consensus answers for every (item, criterion) the room left open: the expert's, else the most common."""
    data = load_session(session, calibration, card)
    filled = []
    for item in data.items:
        for criterion in data.card.criteria:
            if (item, criterion.key) in data.consensus:
                continue
            answer = _expert_or_common(data, item, criterion.key)
            if answer is not None:
                filled.append((item, criterion.key, answer))
    return filled


def _expert_or_common(data: SessionAnswers, item: uuid.UUID, key: str) -> Answer:
    if data.expert_id is not None:
        expert = data.answers.get((item, data.expert_id), {}).get(key)
        if expert is not None:
            return expert
    given = [data.answers[(item, rater)][key] for rater in data.raters if key in data.answers.get((item, rater), {})]
    if not given:
        return None
    counts = Counter("na" if a is NA else int(a) for a in given)
    best = max(counts.values())
    choice = min((v for v, c in counts.items() if c == best), key=lambda v: -1 if v == "na" else v)
    if choice == "na":
        return NA
    return bool(choice) if data.card.criterion(key).type == CriterionType.YES_NO else choice


def as_answer(card: Scorecard, key: str, value: int | None, na: bool) -> Answer:
    if na:
        return NA
    if value is None or key not in card.criteria_by_key:
        return None
    return bool(value) if card.criterion(key).type == CriterionType.YES_NO else value
