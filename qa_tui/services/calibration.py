"""Calibration sessions: create, score blind, watch who has submitted, reveal, agree, close.

Each participant scores each item as an ordinary evaluation with purpose "calibration", made here and edited
with `evaluations.save_answers` / `evaluations.submit`. Until the facilitator reveals the session nobody, the
facilitator included, can read anyone else's answers through this module; `evaluations.get` never shows
calibration scorings at all. After the reveal only scorings submitted before it count, so a late submitter
cannot copy the room. The reveal (grid, divergences, statistics) is `results()`, built by `qa_tui.analytics.calibration`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.domain.scorecard import Method
from qa_tui.domain.scoring import NA, Answer, score_criterion
from qa_tui.errors import ConflictError, NotFound, PermissionDenied, UsageError
from qa_tui.services import audit
from qa_tui.services.permissions import Action, Role, allowed, require
from qa_tui.services.scorecards import PUBLISHED, scorecard_for
from qa_tui.services.session import Actor
from qa_tui.store.models import (
    CalibrationConsensus,
    CalibrationItem,
    CalibrationNote,
    CalibrationParticipant,
    CalibrationScoring,
    CalibrationSession,
    Evaluation,
    Interaction,
    ScorecardVersion,
    User,
)
from qa_tui.store.models.base import new_id, utcnow

BLIND, REVEALED, CLOSED = "blind", "revealed", "closed"
NOTE_KINDS = {"meeting": "Meeting note", "clarification": "Scorecard clarification",
              "action_request": "Improvement action requested"}
"""Note kinds and their labels; clarifications and action requests wait here for the scorecard and actions work."""


@dataclass(frozen=True)
class SessionRequest:
    title: str
    scorecard_version_id: uuid.UUID
    interaction_ids: Sequence[uuid.UUID]
    participants: Sequence[str]
    """User names of the assessors who score blind."""
    expert: str | None = None
    """A user whose answers are the benchmark until the room agrees (they score blind too)."""
    deadline: datetime | None = None
    total_tolerance: float = 5.0
    level_tolerance: int = 0
    critical_exact: bool = True


@dataclass(frozen=True)
class Progress:
    """Who has submitted how many items: never what they answered."""

    name: str
    display_name: str
    submitted: int
    total: int
    expert: bool = False

    @property
    def done(self) -> bool:
        return self.submitted == self.total


@dataclass(frozen=True)
class SessionSummary:
    id: uuid.UUID
    title: str
    status: str
    scorecard: str
    scorecard_version_id: uuid.UUID
    facilitator: str
    expert: str | None
    deadline: datetime | None
    created_at: datetime
    revealed_at: datetime | None
    closed_at: datetime | None
    items: tuple[uuid.UUID, ...]
    item_labels: tuple[str, ...]
    progress: tuple[Progress, ...]
    total_tolerance: float
    level_tolerance: int
    critical_exact: bool
    row_version: int
    you_take_part: bool = False
    you_facilitate: bool = False

    @property
    def submitted(self) -> int:
        return sum(p.submitted for p in self.progress)

    @property
    def expected(self) -> int:
        return sum(p.total for p in self.progress)


@dataclass(frozen=True)
class Task:
    """One item the signed-in participant scores: open it with `my_scoring`, edit it with `evaluations`."""

    evaluation_id: uuid.UUID
    interaction_id: uuid.UUID
    label: str
    status: str
    row_version: int


@dataclass(frozen=True)
class Note:
    kind: str
    label: str
    criterion_key: str | None
    text: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class Consensus:
    answers: dict[tuple[uuid.UUID, str], Answer] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()


# --- creating and listing -----------------------------------------------------------------------------------


def create_session(actor: Actor, request: SessionRequest) -> SessionSummary:
    """A blind session: one draft calibration evaluation per participant and item, made in one statement."""
    require(actor, Action.RUN_CALIBRATION)
    _check_request(request)
    with actor.db.write() as session:
        version = session.get(ScorecardVersion, request.scorecard_version_id)
        if version is None or version.status != PUBLISHED:
            raise UsageError("Calibration uses a published scorecard version.")
        card = scorecard_for(session, version.id)
        people = _participants(session, request)
        expert = people[request.expert] if request.expert else None
        interactions = _interactions(session, request.interaction_ids)
        row = CalibrationSession(title=request.title.strip(), scorecard_version_id=version.id,
                                 facilitator_id=actor.user_id, expert_id=expert.id if expert else None,
                                 deadline=request.deadline, total_tolerance=float(request.total_tolerance),
                                 level_tolerance=int(request.level_tolerance), critical_exact=request.critical_exact)
        session.add(row)
        session.flush()
        _add_scorings(session, row, card.methods[0], interactions, list(people.values()))
        audit.record(session, actor.db.vault, actor.name, "calibration.create", target_type="calibration_session",
                     target_id=row.id, detail={"title": row.title, "items": len(interactions),
                                               "participants": sorted(people), "expert": request.expert})
        return _summary(session, actor, row)


def list_sessions(actor: Actor) -> list[SessionSummary]:
    """Sessions the actor may see, newest first: every one for QA managers, their own for assessors."""
    require(actor, Action.TAKE_PART_IN_CALIBRATION)
    query = select(CalibrationSession).order_by(sa.desc(CalibrationSession.created_at))
    if actor.role != Role.QA_MANAGER:
        mine = select(CalibrationParticipant.session_id).where(CalibrationParticipant.user_id == actor.user_id)
        query = query.where(CalibrationSession.id.in_(mine))
    with actor.db.read() as session:
        return [_summary(session, actor, row) for row in session.exec(query).all()]


def get_session(actor: Actor, session_id: uuid.UUID) -> SessionSummary:
    """The session with everyone's progress (who has submitted, never what)."""
    require(actor, Action.TAKE_PART_IN_CALIBRATION)
    with actor.db.read() as session:
        return _summary(session, actor, _visible(session, actor, session_id))


def my_tasks(actor: Actor, session_id: uuid.UUID) -> list[Task]:
    """The signed-in participant's own scorings, in item order."""
    require(actor, Action.TAKE_PART_IN_CALIBRATION)
    with actor.db.read() as session:
        _visible(session, actor, session_id)
        rows = session.exec(
            select(Evaluation, CalibrationItem.position, Interaction.external_ref)
            .join(CalibrationScoring, CalibrationScoring.evaluation_id == Evaluation.id)
            .join(CalibrationItem, sa.and_(CalibrationItem.session_id == CalibrationScoring.session_id,
                                           CalibrationItem.interaction_id == CalibrationScoring.interaction_id))
            .join(Interaction, Interaction.id == CalibrationScoring.interaction_id)
            .where(CalibrationScoring.session_id == session_id, CalibrationScoring.user_id == actor.user_id)
            .order_by(CalibrationItem.position)
        ).all()
    return [Task(e.id, e.interaction_id, _item_label(pos, ref), e.status, e.version) for e, pos, ref in rows]


def my_scoring(actor: Actor, evaluation_id: uuid.UUID):
    """One of the actor's own calibration scorings (an `EvaluationView`); anyone else's is refused."""
    from qa_tui.services.evaluations import evaluation_view

    require(actor, Action.TAKE_PART_IN_CALIBRATION)
    with actor.db.read() as session:
        row = session.get(Evaluation, evaluation_id)
        link = session.get(CalibrationScoring, evaluation_id)
        if row is None or link is None:
            raise NotFound("That calibration scoring does not exist.")
        if link.user_id != actor.user_id:
            calibration = session.get(CalibrationSession, link.session_id)
            _check_revealed(calibration, "another participant's answers")
            _visible(session, actor, link.session_id)
        return evaluation_view(session, actor.db.vault, row)


def participant_answers(actor: Actor, session_id: uuid.UUID, user_name: str) -> dict[uuid.UUID, dict[str, Answer]]:
    """One participant's submitted answers per item: your own at any time, anyone else's only after the reveal."""
    require(actor, Action.TAKE_PART_IN_CALIBRATION)
    with actor.db.read() as session:
        calibration = _visible(session, actor, session_id)
        user = session.exec(select(User).where(User.name == user_name)).first()
        if user is None:
            raise NotFound(f"There is no user named {user_name!r}.")
        if user.id != actor.user_id:
            _check_revealed(calibration, "another participant's answers")
        from qa_tui.analytics.calibration_loader import load_answers

        card = scorecard_for(session, calibration.scorecard_version_id)
        data = load_answers(session, calibration, card, only_user=user.id, own=user.id == actor.user_id)
        return {item: answers for (item, _user), answers in data.items()}


def results(actor: Actor, session_id: uuid.UUID, *, bootstrap: int = 1000):
    """The reveal: criteria x assessors with divergences, spreads, totals, deviations and the statistics
    (`qa_tui.analytics.calibration.RevealView`). Refused to everyone while the session is blind."""
    from qa_tui.analytics.calibration import Tolerances, build_reveal
    from qa_tui.analytics.calibration_loader import load_session

    require(actor, Action.TAKE_PART_IN_CALIBRATION)
    with actor.db.read() as session:
        row = _visible(session, actor, session_id)
        _check_revealed(row, "the answers")
        data = load_session(session, row, scorecard_for(session, row.scorecard_version_id))
    return build_reveal(data, Tolerances(row.total_tolerance, row.level_tolerance, row.critical_exact), bootstrap)


# --- reveal, consensus, notes, close ----------------------------------------------------------------------


def reveal(actor: Actor, session_id: uuid.UUID, *, expected_version: int) -> SessionSummary:
    """The facilitator opens everyone's answers; at least two participants must have submitted."""
    require(actor, Action.RUN_CALIBRATION)
    with actor.db.write() as session:
        row = _facilitated(session, actor, session_id, BLIND)
        ready = session.exec(
            select(sa.func.count(sa.distinct(CalibrationScoring.user_id)))
            .join(Evaluation, Evaluation.id == CalibrationScoring.evaluation_id)
            .where(CalibrationScoring.session_id == session_id, Evaluation.submitted_at.is_not(None))
        ).one()
        if ready < 2:
            raise UsageError("Reveal once at least two participants have submitted an item.")
        _bump(session, row, expected_version, status=REVEALED, revealed_at=utcnow())
        audit.record(session, actor.db.vault, actor.name, "calibration.reveal", target_type="calibration_session",
                     target_id=row.id)
        return _summary(session, actor, session.get(CalibrationSession, session_id))


def record_consensus(actor: Actor, session_id: uuid.UUID, interaction_id: uuid.UUID, criterion_key: str,
                     answer: Answer) -> None:
    """The answer the room agreed for one criterion of one item (replacing any earlier one)."""
    require(actor, Action.RUN_CALIBRATION)
    with actor.db.write() as session:
        row = _facilitated(session, actor, session_id, REVEALED)
        card = scorecard_for(session, row.scorecard_version_id)
        if session.get(CalibrationItem, (session_id, interaction_id)) is None:
            raise NotFound("That contact is not an item of this session.")
        score_criterion(card.criterion(criterion_key), answer)  # refuses an answer the criterion cannot take
        if answer is None:
            raise UsageError("A consensus answer needs a value or N/A.")
        _store_consensus(session, row.id, [(interaction_id, criterion_key, answer)], actor.name)
        audit.record(session, actor.db.vault, actor.name, "calibration.consensus", target_type="calibration_session",
                     target_id=row.id, detail={"item": str(interaction_id), "criterion": criterion_key,
                                               "answer": "n/a" if answer is NA else answer})


def add_note(actor: Actor, session_id: uuid.UUID, kind: str, text: str, criterion_key: str | None = None) -> None:
    """A meeting note (facilitator), or a clarification or action request (facilitator or participant)."""
    require(actor, Action.TAKE_PART_IN_CALIBRATION)
    text = (text or "").strip()
    if kind not in NOTE_KINDS:
        raise UsageError(f"A note is one of {', '.join(NOTE_KINDS)}, not {kind!r}.")
    if not text:
        raise UsageError("A note needs some text.")
    with actor.db.write() as session:
        row = _visible(session, actor, session_id)
        if kind == "meeting" and row.facilitator_id != actor.user_id:
            raise PermissionDenied("Only the session's facilitator records the meeting notes.")
        if row.status == BLIND and kind != "meeting":
            raise UsageError("Clarifications and action requests are raised after the reveal.")
        if criterion_key is not None:
            scorecard_for(session, row.scorecard_version_id).criterion(criterion_key)
        session.add(CalibrationNote(session_id=row.id, kind=kind, criterion_key=criterion_key, text=text,
                                    author=actor.name))
        audit.record(session, actor.db.vault, actor.name, "calibration.note", target_type="calibration_session",
                     target_id=row.id, detail={"kind": kind, "criterion": criterion_key})


def close(actor: Actor, session_id: uuid.UUID, *, expected_version: int) -> SessionSummary:
    """Close a revealed session; criteria the room did not settle take the expert's answer, else the most
    common one, and the consensus becomes the benchmark for assessor drift."""
    require(actor, Action.RUN_CALIBRATION)
    from qa_tui.analytics.calibration_loader import fill_consensus

    with actor.db.write() as session:
        row = _facilitated(session, actor, session_id, REVEALED)
        filled = fill_consensus(session, row, scorecard_for(session, row.scorecard_version_id))
        _store_consensus(session, row.id, filled, actor.name)
        _bump(session, row, expected_version, status=CLOSED, closed_at=utcnow())
        audit.record(session, actor.db.vault, actor.name, "calibration.close", target_type="calibration_session",
                     target_id=row.id, detail={"filled": len(filled)})
        return _summary(session, actor, session.get(CalibrationSession, session_id))


def consensus(actor: Actor, session_id: uuid.UUID) -> Consensus:
    """Agreed answers and notes (after the reveal)."""
    require(actor, Action.TAKE_PART_IN_CALIBRATION)
    with actor.db.read() as session:
        row = _visible(session, actor, session_id)
        _check_revealed(row, "the consensus")
        return consensus_of(session, row)


def consensus_of(session: Session, row: CalibrationSession) -> Consensus:
    from qa_tui.analytics.calibration_loader import stored_consensus

    session_id = row.id
    card = scorecard_for(session, row.scorecard_version_id)
    notes = session.exec(select(CalibrationNote).where(CalibrationNote.session_id == session_id)
                         .order_by(CalibrationNote.created_at, CalibrationNote.id)).all()
    return Consensus(stored_consensus(session, session_id, card),
                     tuple(Note(n.kind, NOTE_KINDS[n.kind], n.criterion_key, n.text, n.author, n.created_at) for n in notes))


# --- internals --------------------------------------------------------------------------------------------


def _check_request(request: SessionRequest) -> None:
    if not request.title.strip():
        raise UsageError("A calibration session needs a title.")
    if not request.interaction_ids:
        raise UsageError("A calibration session needs at least one contact to score.")
    if len(set(request.participants) | ({request.expert} if request.expert else set())) < 2:
        raise UsageError("A calibration session needs at least two people scoring.")
    if request.total_tolerance < 0 or request.level_tolerance < 0:
        raise UsageError("Tolerances are zero or more.")


def _participants(session: Session, request: SessionRequest) -> dict[str, User]:
    names = list(dict.fromkeys([*request.participants, *([request.expert] if request.expert else [])]))
    users = {u.name: u for u in session.exec(select(User).where(User.name.in_(names))).all()}
    for name in names:
        user = users.get(name)
        if user is None:
            raise NotFound(f"There is no user named {name!r}.")
        if user.disabled or not allowed(Role(user.role), Action.TAKE_PART_IN_CALIBRATION):
            raise UsageError(f"{name} cannot score a calibration session (only active assessors and QA managers can).")
    return {name: users[name] for name in names}


def _interactions(session: Session, ids: Sequence[uuid.UUID]) -> list[Interaction]:
    ids = list(dict.fromkeys(ids))
    found = {i.id: i for i in session.exec(select(Interaction).where(Interaction.id.in_(ids))).all()}
    if len(found) != len(ids):
        raise NotFound("One of the session's contacts does not exist.")
    return [found[i] for i in ids]


def _add_scorings(session: Session, row: CalibrationSession, method: Method, interactions, people) -> None:
    session.execute(sa.insert(CalibrationItem.__table__), [
        {"session_id": row.id, "interaction_id": item.id, "position": n} for n, item in enumerate(interactions, 1)])
    session.execute(sa.insert(CalibrationParticipant.__table__), [
        {"session_id": row.id, "user_id": user.id} for user in people])
    now, evaluations, links = utcnow(), [], []
    for item in interactions:
        for user in people:
            evaluation_id = new_id()
            evaluations.append({"id": evaluation_id, "interaction_id": item.id, "scorecard_version_id": row.scorecard_version_id,
                                "assessor_id": user.id, "agent_id": item.agent_id, "method": Method(method).value,
                                "purpose": "calibration", "status": "draft", "revision": 1, "live": False,
                                "critical_failed": False, "created_at": now, "version": 1})
            links.append({"evaluation_id": evaluation_id, "session_id": row.id, "user_id": user.id,
                          "interaction_id": item.id})
    session.execute(sa.insert(Evaluation.__table__), evaluations)
    session.execute(sa.insert(CalibrationScoring.__table__), links)


def _store_consensus(session: Session, session_id: uuid.UUID, answers, who: str) -> None:
    if not answers:
        return
    for interaction_id, key, _answer in answers:
        session.execute(sa.delete(CalibrationConsensus).where(
            CalibrationConsensus.session_id == session_id, CalibrationConsensus.interaction_id == interaction_id,
            CalibrationConsensus.criterion_key == key))
    now = utcnow()
    session.execute(sa.insert(CalibrationConsensus.__table__), [
        {"session_id": session_id, "interaction_id": item, "criterion_key": key, "recorded_by": who, "recorded_at": now,
         "value": None if answer is NA else int(answer), "na": answer is NA} for item, key, answer in answers])


def _visible(session: Session, actor: Actor, session_id: uuid.UUID) -> CalibrationSession:
    """The session, if the actor is a QA manager or one of its participants."""
    row = session.get(CalibrationSession, session_id)
    if row is None:
        raise NotFound("That calibration session does not exist.")
    if actor.role != Role.QA_MANAGER and session.get(CalibrationParticipant, (session_id, actor.user_id)) is None:
        raise PermissionDenied(f"{actor.name} does not take part in the calibration session {row.title!r}.")
    return row


def _facilitated(session: Session, actor: Actor, session_id: uuid.UUID, status: str) -> CalibrationSession:
    row = _visible(session, actor, session_id)
    if row.facilitator_id != actor.user_id:
        raise PermissionDenied(f"Only the facilitator of {row.title!r} may do that.")
    if row.status != status:
        raise UsageError(f"The session is {row.status}; that needs it {status}.")
    return row


def _check_revealed(row: CalibrationSession, what: str) -> None:
    if row.status == BLIND:
        raise PermissionDenied(f"Nobody may see {what} in {row.title!r} before the facilitator reveals it.")


def _bump(session: Session, row: CalibrationSession, expected_version: int, **values) -> None:
    result = session.execute(
        sa.update(CalibrationSession).where(CalibrationSession.id == row.id, CalibrationSession.version == expected_version)
        .values(**values, version=expected_version + 1))
    if result.rowcount != 1:
        raise ConflictError("Someone else changed this calibration session; reload it and try again.")
    session.expire(row)


def _item_label(position: int, ref: str | None) -> str:
    return f"Item {position}" + (f" · {ref}" if ref else "")


def _summary(session: Session, actor: Actor, row: CalibrationSession) -> SessionSummary:
    from qa_tui.services.scorecards import _version
    from qa_tui.store.models import ScorecardRecord

    version = _version(session, row.scorecard_version_id)
    card_name = session.get(ScorecardRecord, version.scorecard_id).name
    items = session.exec(select(CalibrationItem.interaction_id, CalibrationItem.position, Interaction.external_ref)
                         .join(Interaction, Interaction.id == CalibrationItem.interaction_id)
                         .where(CalibrationItem.session_id == row.id).order_by(CalibrationItem.position)).all()
    names = dict(session.exec(select(User.id, User.name).where(User.id.in_([row.facilitator_id, row.expert_id or row.facilitator_id]))).all())
    people = progress_of(session, row)
    return SessionSummary(
        row.id, row.title, row.status, f"{card_name} v{version.number}", row.scorecard_version_id,
        names[row.facilitator_id], names.get(row.expert_id) if row.expert_id else None, row.deadline, row.created_at,
        row.revealed_at, row.closed_at, tuple(i for i, _, _ in items), tuple(_item_label(p, r) for _, p, r in items),
        people, row.total_tolerance, row.level_tolerance, row.critical_exact, row.version,
        you_take_part=any(p.name == actor.name for p in people), you_facilitate=row.facilitator_id == actor.user_id)


def progress_of(session: Session, row: CalibrationSession) -> tuple[Progress, ...]:
    """Per participant: items submitted out of items (one grouped query)."""
    submitted = sa.func.sum(sa.case((Evaluation.submitted_at.is_not(None), 1), else_=0))
    rows = session.exec(
        select(User.id, User.name, User.display_name, submitted, sa.func.count())
        .join(CalibrationScoring, CalibrationScoring.user_id == User.id)
        .join(Evaluation, Evaluation.id == CalibrationScoring.evaluation_id)
        .where(CalibrationScoring.session_id == row.id)
        .group_by(User.id, User.name, User.display_name).order_by(User.name)
    ).all()
    return tuple(Progress(name, display or name, int(done or 0), int(total), expert=user_id == row.expert_id)
                 for user_id, name, display, done, total in rows)
