"""Evaluations: score a contact on a pinned scorecard version, autosave drafts, submit, give feedback; agents
acknowledge or dispute; QA managers resolve disputes, and an overturn re-scores as a new revision.

Scores are always computed by `qa_tui.domain.scoring` from the stored answers, never typed in.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Iterable, Mapping

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.domain.scorecard import CriterionType, Method, Scorecard
from qa_tui.domain.scoring import NA, Answer, ScoreResult, score_evaluation
from qa_tui.errors import ConflictError, NotFound, PermissionDenied, UsageError
from qa_tui.services import audit
from qa_tui.services.people import subject_key
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.scorecards import PUBLISHED, scorecard_for
from qa_tui.services.session import Actor
from qa_tui.store.models import (
    Agent,
    Dispute,
    Evaluation,
    EvaluationAnswer,
    EvaluationRevision,
    Interaction,
    ScorecardVersion,
    User,
)
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import Vault, decrypt_field, encrypt_field

from qa_tui.services.evaluations_bulk import ScoredEvaluation, record_scored  # noqa: E402,F401  (their old home)

DRAFT, SUBMITTED, ACKNOWLEDGED, DISPUTED, RESOLVED = "draft", "submitted", "acknowledged", "disputed", "resolved"


@dataclass(frozen=True)
class EvaluationView:
    id: uuid.UUID
    interaction_id: uuid.UUID
    scorecard_version_id: uuid.UUID
    scorecard: Scorecard
    assessor: str
    agent_id: uuid.UUID
    method: Method
    live: bool
    status: str
    revision: int
    answers: dict[str, Answer]
    comments: dict[str, str]
    evidence: dict[str, int]
    result: ScoreResult
    submitted_at: datetime | None
    row_version: int


def start(actor: Actor, interaction_id: uuid.UUID, version_id: uuid.UUID, method: Method, *, live: bool = False) -> EvaluationView:
    """A new draft evaluation of an interaction on a published scorecard version."""
    require(actor, Action.EVALUATE)
    with actor.db.write() as session:
        interaction = session.get(Interaction, interaction_id)
        if interaction is None:
            raise NotFound("That interaction does not exist.")
        version = session.get(ScorecardVersion, version_id)
        if version is None or version.status != PUBLISHED:
            raise UsageError("Evaluations use a published scorecard version.")
        row = Evaluation(interaction_id=interaction_id, scorecard_version_id=version_id, assessor_id=actor.user_id,
                         agent_id=interaction.agent_id, method=Method(method).value, live=live)
        session.add(row)
        session.flush()
        audit.record(session, actor.db.vault, actor.name, "evaluation.start", target_type="evaluation", target_id=row.id)
        return evaluation_view(session, actor.db.vault, row)


def save_answers(
    actor: Actor,
    evaluation_id: uuid.UUID,
    answers: Mapping[str, Answer],
    *,
    expected_version: int,
    comments: Mapping[str, str] | None = None,
    evidence: Mapping[str, int] | None = None,
) -> EvaluationView:
    """Save (autosave) a draft's answers; if someone else saved first, raise ConflictError and keep theirs."""
    require(actor, Action.EVALUATE)
    vault = actor.db.vault
    with actor.db.write() as session:
        row = _evaluation(session, evaluation_id, actor)
        if row.status != DRAFT:
            raise UsageError("A submitted evaluation cannot be edited; a dispute can change it.")
        card = scorecard_for(session, row.scorecard_version_id)
        result = score_evaluation(card, answers)  # validates every answer against the scorecard
        before = EvaluationView(row.id, row.interaction_id, row.scorecard_version_id, card, "", row.agent_id,
                                Method(row.method), row.live, row.status, row.revision, {}, {}, {}, result,
                                row.submitted_at, row.version)
        _bump(session, row, expected_version, **_score_columns(result))
        _write_answers(session, vault, row, card, answers, comments or {}, evidence or {})
        assessor = session.get(User, row.assessor_id)
    # Autosave runs on every pause in typing: answer from what was written instead of reading it all back.
    return replace(before, assessor=assessor.name if assessor else "", row_version=expected_version + 1,
                   answers={k: v for k, v in answers.items() if v is not None}, comments=dict(comments or {}),
                   evidence=dict(evidence or {}))


def submit(actor: Actor, evaluation_id: uuid.UUID, *, expected_version: int) -> EvaluationView:
    """Submit a complete draft: every item answered (or N/A where allowed)."""
    require(actor, Action.EVALUATE)
    vault = actor.db.vault
    with actor.db.write() as session:
        row = _evaluation(session, evaluation_id, actor)
        if row.status != DRAFT:
            raise UsageError("That evaluation was already submitted.")
        view = evaluation_view(session, vault, row)
        if not view.result.complete:
            missing = ", ".join(view.result.unanswered)
            raise UsageError(f"Answer every item before submitting; still unanswered: {missing}.")
        _bump(session, row, expected_version, status=SUBMITTED, submitted_at=utcnow())
        _freeze_revision(session, row, actor.name, "submitted", view.answers, view.result)
        audit.record(session, vault, actor.name, "evaluation.submit", target_type="evaluation", target_id=row.id,
                     detail={"score": view.result.reported_percent, "critical_failed": view.result.critical_failed})
        return evaluation_view(session, vault, session.get(Evaluation, evaluation_id))


def acknowledge(actor: Actor, evaluation_id: uuid.UUID) -> None:
    """The agent confirms they have read a submitted evaluation and its feedback."""
    require(actor, Action.RESPOND_TO_EVALUATIONS)
    with actor.db.write() as session:
        row = _own_submitted(session, actor, evaluation_id)
        _bump(session, row, row.version, status=ACKNOWLEDGED, acknowledged_at=utcnow())
        audit.record(session, actor.db.vault, actor.name, "evaluation.acknowledge", target_type="evaluation", target_id=row.id)


def dispute(actor: Actor, evaluation_id: uuid.UUID, criterion_keys: Iterable[str], reason: str) -> list[uuid.UUID]:
    """The agent disputes chosen criteria with a reason; each becomes an open dispute for a QA manager."""
    require(actor, Action.RESPOND_TO_EVALUATIONS)
    keys, reason = list(dict.fromkeys(criterion_keys)), (reason or "").strip()
    if not keys or not reason:
        raise UsageError("A dispute names at least one criterion and gives a reason.")
    vault = actor.db.vault
    with actor.db.write() as session:
        row = _own_submitted(session, actor, evaluation_id)
        card = scorecard_for(session, row.scorecard_version_id)
        key = agent_key(session, vault, row.agent_id)
        ids = []
        for criterion_key in keys:
            card.criterion(criterion_key)  # unknown keys are refused with a clear sentence
            item = Dispute(evaluation_id=row.id, criterion_key=criterion_key, raised_by=actor.name)
            item.reason_enc = encrypt_field(key, reason, _aad("dispute.reason", item.id))
            session.add(item)
            ids.append(item.id)
        _bump(session, row, row.version, status=DISPUTED)
        audit.record(session, vault, actor.name, "evaluation.dispute", target_type="evaluation", target_id=row.id,
                     detail={"criteria": keys})
        return ids


def resolve_dispute(actor: Actor, dispute_id: uuid.UUID, *, overturn: bool, reason: str, new_answer: Answer = None) -> None:
    """Uphold (the score stands) or overturn (the criterion is re-answered and the evaluation re-scored as a new
    revision); both need a reason. The evaluation is resolved once none of its disputes is open."""
    require(actor, Action.RESOLVE_DISPUTES)
    if not (reason or "").strip():
        raise UsageError("Resolving a dispute needs a reason, which the agent will see.")
    vault = actor.db.vault
    with actor.db.write() as session:
        item = session.get(Dispute, dispute_id)
        if item is None or item.status != "open":
            raise NotFound("There is no open dispute with that id.")
        row = session.get(Evaluation, item.evaluation_id)
        if overturn:
            _rescore(session, vault, actor, row, item.criterion_key, new_answer, reason)
        item.status, item.resolved_by, item.resolved_at = ("overturned" if overturn else "upheld"), actor.name, utcnow()
        item.resolution = reason.strip()
        session.add(item)
        session.flush()
        if not session.exec(select(Dispute).where(Dispute.evaluation_id == row.id, Dispute.status == "open")).first():
            _bump(session, row, session.get(Evaluation, row.id).version, status=RESOLVED)
        audit.record(session, vault, actor.name, "dispute.resolve", target_type="dispute", target_id=item.id,
                     reason=reason.strip(), detail={"outcome": item.status})


@dataclass(frozen=True)
class EvaluationRow:
    id: uuid.UUID
    agent_id: uuid.UUID
    assessor: str
    method: str
    status: str
    score: float | None
    critical_failed: bool
    submitted_at: datetime | None


def list_evaluations(actor: Actor, *, status: str | None = None, limit: int = 500) -> list[EvaluationRow]:
    """Evaluations in the actor's scope, newest first (agents see their submitted ones only)."""
    require(actor, Action.VIEW_EVALUATIONS)
    query = select(Evaluation, User.name).join(User, User.id == Evaluation.assessor_id)
    query = scope_evaluations(actor, query)
    if status:
        query = query.where(Evaluation.status == status)
    query = query.order_by(sa.desc(sa.func.coalesce(Evaluation.submitted_at, Evaluation.created_at))).limit(limit)
    with actor.db.read() as session:
        rows = session.exec(query).all()
    return [EvaluationRow(e.id, e.agent_id, name, e.method, e.status, e.score, e.critical_failed, e.submitted_at) for e, name in rows]


def get(actor: Actor, evaluation_id: uuid.UUID) -> EvaluationView:
    require(actor, Action.VIEW_EVALUATIONS)
    with actor.db.read() as session:
        row = session.exec(scope_evaluations(actor, select(Evaluation).where(Evaluation.id == evaluation_id))).first()
        if row is None:
            raise NotFound("That evaluation does not exist or is outside your scope.")
        return evaluation_view(session, actor.db.vault, row)


def revisions(actor: Actor, evaluation_id: uuid.UUID) -> list[EvaluationRevision]:
    """Every frozen revision, oldest first, so the history shows both the original and any overturn."""
    get(actor, evaluation_id)  # scope and permission
    with actor.db.read() as session:
        return list(session.exec(select(EvaluationRevision).where(EvaluationRevision.evaluation_id == evaluation_id)
                                 .order_by(EvaluationRevision.revision)).all())


def scope_evaluations(actor: Actor, query):
    """Reviews in the actor's scope; calibration scorings stay out (their service guards them until the reveal)."""
    query = query.where(Evaluation.purpose == "review")
    if actor.role == Role.AGENT:
        return query.where(Evaluation.agent_id == actor.agent_id, Evaluation.status != DRAFT)
    if actor.role == Role.TEAM_LEADER:
        return query.where(Evaluation.agent_id.in_(select(Agent.id).where(Agent.team_id.in_(actor.team_ids))))
    return query


# --- internals --------------------------------------------------------------------------------------------


def _evaluation(session: Session, evaluation_id: uuid.UUID, actor: Actor | None = None) -> Evaluation:
    row = session.get(Evaluation, evaluation_id)
    if row is None:
        raise NotFound("That evaluation does not exist.")
    if actor is not None and row.purpose != "review" and row.assessor_id != actor.user_id:
        # A calibration scoring is blind: nobody but its own assessor may read or change it before the reveal.
        raise PermissionDenied("A calibration scoring can be opened only by the assessor it belongs to.")
    return row


def _own_submitted(session: Session, actor: Actor, evaluation_id: uuid.UUID) -> Evaluation:
    row = _evaluation(session, evaluation_id)
    if row.agent_id != actor.agent_id:
        raise PermissionDenied("You may respond only to your own evaluations.")
    if row.status != SUBMITTED:
        raise UsageError(f"That evaluation is {row.status}, so it cannot be acknowledged or disputed now.")
    return row


def _bump(session: Session, row: Evaluation, expected_version: int, **values) -> None:
    result = session.execute(
        sa.update(Evaluation).where(Evaluation.id == row.id, Evaluation.version == expected_version)
        .values(**values, version=expected_version + 1)
    )
    if result.rowcount != 1:
        raise ConflictError("Someone else saved this evaluation since you opened it; your answers are kept on screen, reload to see theirs.")
    session.expire(row)


def _score_columns(result: ScoreResult) -> dict:
    return {"score": result.reported_percent, "raw_score": result.percent,
            "critical_failed": result.critical_failed, "passed": result.passed}


def _write_answers(session, vault, row, card, answers, comments, evidence) -> None:
    session.execute(sa.delete(EvaluationAnswer).where(EvaluationAnswer.evaluation_id == row.id))
    key = agent_key(session, vault, row.agent_id) if comments else None
    values = []
    for criterion in card.criteria:
        answer, comment = answers.get(criterion.key), comments.get(criterion.key)
        if answer is None and not comment and criterion.key not in evidence:
            continue
        values.append({
            "evaluation_id": row.id, "criterion_key": criterion.key, "value": _stored(answer), "na": answer is NA,
            "comment_enc": encrypt_field(key, comment, _aad(f"comment.{criterion.key}", row.id)) if comment else None,
            "evidence_at": evidence.get(criterion.key),
        })
    if values:
        session.execute(sa.insert(EvaluationAnswer.__table__), values)


def _stored(answer: Answer) -> int | None:
    if answer is None or answer is NA:
        return None
    return int(answer)


def _loaded(card: Scorecard, key: str, value: int | None, na: bool) -> Answer:
    if na:
        return NA
    if value is None:
        return None
    return bool(value) if card.criterion(key).type == CriterionType.YES_NO else value


def evaluation_view(session: Session, vault: Vault, row: Evaluation) -> EvaluationView:
    """The read model of one evaluation, inside the caller's session (no permission check: callers do that)."""
    card = scorecard_for(session, row.scorecard_version_id)
    stored = session.exec(select(EvaluationAnswer).where(EvaluationAnswer.evaluation_id == row.id)).all()
    answers = {a.criterion_key: _loaded(card, a.criterion_key, a.value, a.na) for a in stored}
    answers = {k: v for k, v in answers.items() if v is not None}
    comments = _comments(session, vault, row, stored)
    evidence = {a.criterion_key: a.evidence_at for a in stored if a.evidence_at is not None}
    assessor = session.get(User, row.assessor_id)
    return EvaluationView(row.id, row.interaction_id, row.scorecard_version_id, card, assessor.name if assessor else "",
                          row.agent_id, Method(row.method), row.live, row.status, row.revision, answers, comments,
                          evidence, score_evaluation(card, answers), row.submitted_at, row.version)


def _comments(session, vault, row, stored) -> dict[str, str]:
    with_comments = [a for a in stored if a.comment_enc]
    if not with_comments:
        return {}
    key = agent_key(session, vault, row.agent_id)
    return {a.criterion_key: decrypt_field(key, a.comment_enc, _aad(f"comment.{a.criterion_key}", row.id), "comment")
            for a in with_comments}


def _rescore(session, vault, actor: Actor, row: Evaluation, criterion_key: str, new_answer: Answer, reason: str) -> None:
    view = evaluation_view(session, vault, row)
    answers = {**view.answers, criterion_key: new_answer}
    result = score_evaluation(view.scorecard, answers)
    _bump(session, row, row.version, revision=row.revision + 1, **_score_columns(result))
    _write_answers(session, vault, row, view.scorecard, answers, view.comments, view.evidence)
    session.refresh(row)
    _freeze_revision(session, row, actor.name, f"dispute overturned: {reason.strip()}", answers, result)


def _freeze_revision(session, row: Evaluation, who: str, reason: str, answers: Mapping[str, Answer], result: ScoreResult) -> None:
    snapshot = {k: ("n/a" if v is NA else v) for k, v in answers.items()}
    session.add(EvaluationRevision(evaluation_id=row.id, revision=row.revision, created_by=who, reason=reason,
                                   score=result.reported_percent, raw_score=result.percent,
                                   critical_failed=result.critical_failed, answers=json.dumps(snapshot)))


def agent_key(session: Session, vault: Vault, agent_id: uuid.UUID) -> bytes | None:
    agent = session.get(Agent, agent_id)
    return subject_key(session, vault, agent.subject_id)


def _aad(what: str, row_id: uuid.UUID) -> bytes:
    return f"evaluation.{what}:{row_id}".encode()


# --- read models for the Evaluations screen ---------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationLine:
    """One row of the Evaluations list: `EvaluationRow` with the agent's name and the pass/fail outcome."""

    id: uuid.UUID
    agent: str
    assessor: str
    method: str
    status: str
    score: float | None
    passed: bool | None
    critical_failed: bool
    submitted_at: datetime | None


@dataclass(frozen=True)
class DisputeView:
    """A dispute of one criterion, with the agent's reason and, once resolved, the outcome and its reason."""

    id: uuid.UUID
    evaluation_id: uuid.UUID
    agent: str
    criterion_key: str
    reason: str
    raised_by: str
    raised_at: datetime
    status: str
    resolved_by: str | None
    resolution: str


def evaluation_lines(actor: Actor, *, status: str | None = None, limit: int = 500) -> list[EvaluationLine]:
    """`list_evaluations` (same permission and scope) with agent names and pass/fail, for the screen."""
    rows = list_evaluations(actor, status=status, limit=limit)
    with actor.db.read() as session:
        outcomes = select(Evaluation.id, Evaluation.passed).where(Evaluation.id.in_([r.id for r in rows]))
        passed = dict(session.exec(outcomes).all())
        names = _agent_names(session, actor.db.vault, {r.agent_id for r in rows})
    return [EvaluationLine(r.id, names.get(r.agent_id, ""), r.assessor, r.method, r.status, r.score, passed.get(r.id),
                           r.critical_failed, r.submitted_at) for r in rows]


def agent_of(actor: Actor, evaluation_id: uuid.UUID) -> str:
    """The name of the agent an evaluation in the actor's scope is about."""
    view = get(actor, evaluation_id)
    with actor.db.read() as session:
        return _agent_names(session, actor.db.vault, {view.agent_id}).get(view.agent_id, "")


def evaluation_disputes(actor: Actor, evaluation_id: uuid.UUID) -> list[DisputeView]:
    """Every dispute of an evaluation in the actor's scope (open and resolved), oldest first."""
    get(actor, evaluation_id)  # scope and permission
    return _disputes(actor, select(Dispute).where(Dispute.evaluation_id == evaluation_id))


def open_disputes(actor: Actor) -> list[DisputeView]:
    """Disputes waiting for a QA manager, oldest first, within the actor's scope."""
    require(actor, Action.RESOLVE_DISPUTES)
    in_scope = scope_evaluations(actor, select(Evaluation.id))
    return _disputes(actor, select(Dispute).where(Dispute.status == "open", Dispute.evaluation_id.in_(in_scope)))


def _disputes(actor: Actor, query) -> list[DisputeView]:
    with actor.db.read() as session:
        return disputes_in(session, actor.db.vault, query)


def disputes_in(session: Session, vault: Vault, query) -> list[DisputeView]:
    """The disputes `query` selects, oldest first, inside the caller's session (no permission check)."""
    items = session.exec(query.order_by(Dispute.raised_at, Dispute.criterion_key)).all()
    agents = {i.evaluation_id: session.get(Evaluation, i.evaluation_id).agent_id for i in items}
    names = _agent_names(session, vault, set(agents.values()))
    return [DisputeView(i.id, i.evaluation_id, names.get(agents[i.evaluation_id], ""), i.criterion_key,
                        decrypt_field(agent_key(session, vault, agents[i.evaluation_id]), i.reason_enc,
                                      _aad("dispute.reason", i.id), "dispute reason") or "",
                        i.raised_by, i.raised_at, i.status, i.resolved_by, i.resolution) for i in items]


def _agent_names(session: Session, vault: Vault, agent_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    from qa_tui.services.people import agent_name

    agents = [session.get(Agent, agent_id) for agent_id in agent_ids]
    return {agent.id: agent_name(session, vault, agent) for agent in agents if agent is not None}
