"""Scorecards: import from TOML or a shipped template, edit drafts, publish (which freezes a version), export.

A version's definition is its TOML text; a published version never changes, and editing a published scorecard
makes a new draft version. Every evaluation pins the version it was scored on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.domain.scorecard import Scorecard
from qa_tui.domain.scorecard_compare import ScorecardComparison, compare_scorecards
from qa_tui.domain.scorecard_toml import dump_scorecard_toml, load_scorecard_toml
from qa_tui.errors import ConflictError, NotFound, UsageError
from qa_tui.services import audit
from qa_tui.services.permissions import Action, require
from qa_tui.services.session import Actor
from qa_tui.store.models import ScorecardRecord, ScorecardVersion
from qa_tui.store.models.base import utcnow

DRAFT, PUBLISHED = "draft", "published"


@dataclass(frozen=True)
class VersionSummary:
    id: uuid.UUID
    scorecard_id: uuid.UUID
    name: str
    number: int
    status: str
    published_at: datetime | None
    row_version: int


def import_scorecard(actor: Actor, toml_text: str) -> VersionSummary:
    """A new scorecard, or a new draft of the scorecard with the same name; a bad file names its line and field."""
    require(actor, Action.MANAGE_SCORECARDS)
    card = load_scorecard_toml(toml_text)
    with actor.db.write() as session:
        record = session.exec(select(ScorecardRecord).where(ScorecardRecord.name == card.name)).first()
        if record is None:
            record = ScorecardRecord(name=card.name)
            session.add(record)
            session.flush()
        number = _next_number(session, record.id)
        row = _add_version(session, record.id, number, replace(card, version=number))
        audit.record(session, actor.db.vault, actor.name, "scorecard.import", target_type="scorecard_version",
                     target_id=row.id, detail={"name": card.name, "number": number})
        return _summary(row, record.name)


def import_template(actor: Actor, template: str) -> VersionSummary:
    """A draft from one of the shipped templates (`qa_tui.domain.templates.list_templates()`)."""
    from qa_tui.domain.templates import list_templates, template_text

    if template not in list_templates():
        raise NotFound(f"There is no template named {template!r}; choose one of {', '.join(list_templates())}.")
    return import_scorecard(actor, template_text(template))


def update_draft(actor: Actor, version_id: uuid.UUID, toml_text: str, *, expected_version: int) -> VersionSummary:
    """Replace a draft's definition; refuses published versions and changes made by someone else meanwhile."""
    require(actor, Action.MANAGE_SCORECARDS)
    with actor.db.write() as session:
        row = _version(session, version_id)
        if row.status != DRAFT:
            raise UsageError("A published scorecard version is frozen; make a new draft to change it.")
        card = replace(load_scorecard_toml(toml_text), version=row.number)
        record = session.get(ScorecardRecord, row.scorecard_id)
        if card.name != record.name:
            raise UsageError(f"A draft of {record.name!r} cannot be renamed to {card.name!r}; import it as a new scorecard.")
        _update_version(session, row, expected_version, definition=dump_scorecard_toml(card))
        audit.record(session, actor.db.vault, actor.name, "scorecard.edit", target_type="scorecard_version", target_id=row.id)
        return _summary(session.get(ScorecardVersion, version_id), record.name)


def publish(actor: Actor, version_id: uuid.UUID) -> VersionSummary:
    """Freeze a draft so that evaluations can pin it."""
    require(actor, Action.MANAGE_SCORECARDS)
    with actor.db.write() as session:
        row = _version(session, version_id)
        if row.status != DRAFT:
            raise UsageError("That version is already published.")
        _update_version(session, row, row.version, status=PUBLISHED, published_at=utcnow(), published_by=actor.name)
        audit.record(session, actor.db.vault, actor.name, "scorecard.publish", target_type="scorecard_version", target_id=row.id)
        record = session.get(ScorecardRecord, row.scorecard_id)
        return _summary(session.get(ScorecardVersion, version_id), record.name)


def new_draft(actor: Actor, scorecard_id: uuid.UUID) -> VersionSummary:
    """A new draft version copied from the latest version, to edit a published scorecard."""
    require(actor, Action.MANAGE_SCORECARDS)
    with actor.db.write() as session:
        latest = _latest(session, scorecard_id)
        if latest.status == DRAFT:
            raise UsageError(f"Version {latest.number} is still a draft: edit that one.")
        number = latest.number + 1
        card = replace(load_scorecard_toml(latest.definition), version=number)
        row = _add_version(session, scorecard_id, number, card)
        audit.record(session, actor.db.vault, actor.name, "scorecard.new_draft", target_type="scorecard_version", target_id=row.id)
        return _summary(row, session.get(ScorecardRecord, scorecard_id).name)


def list_versions(actor: Actor) -> list[VersionSummary]:
    """Every version of every scorecard, by name then number."""
    require(actor, Action.VIEW_SCORECARDS)
    with actor.db.read() as session:
        rows = session.exec(
            select(ScorecardVersion, ScorecardRecord.name)
            .join(ScorecardRecord, ScorecardRecord.id == ScorecardVersion.scorecard_id)
            .order_by(ScorecardRecord.name, ScorecardVersion.number)
        ).all()
    return [_summary(row, name) for row, name in rows]


def get_scorecard(actor: Actor, version_id: uuid.UUID) -> Scorecard:
    require(actor, Action.VIEW_SCORECARDS)
    with actor.db.read() as session:
        return scorecard_for(session, version_id)


def export_toml(actor: Actor, version_id: uuid.UUID) -> str:
    require(actor, Action.VIEW_SCORECARDS)
    with actor.db.read() as session:
        return _version(session, version_id).definition


def compare(actor: Actor, old_id: uuid.UUID, new_id: uuid.UUID) -> ScorecardComparison:
    """What changed between two versions, so comparisons of scores across them can be flagged."""
    require(actor, Action.VIEW_SCORECARDS)
    with actor.db.read() as session:
        return compare_scorecards(scorecard_for(session, old_id), scorecard_for(session, new_id))


def scorecard_for(session: Session, version_id: uuid.UUID) -> Scorecard:
    """The parsed definition of a version (parsed once per definition: published versions never change)."""
    return _parse(_version(session, version_id).definition)


@lru_cache(maxsize=64)
def _parse(definition: str) -> Scorecard:
    return load_scorecard_toml(definition)


def _version(session: Session, version_id: uuid.UUID) -> ScorecardVersion:
    row = session.get(ScorecardVersion, version_id)
    if row is None:
        raise NotFound("That scorecard version does not exist.")
    return row


def _latest(session: Session, scorecard_id: uuid.UUID) -> ScorecardVersion:
    row = session.exec(
        select(ScorecardVersion).where(ScorecardVersion.scorecard_id == scorecard_id).order_by(ScorecardVersion.number.desc())
    ).first()
    if row is None:
        raise NotFound("That scorecard does not exist.")
    return row


def _next_number(session: Session, scorecard_id: uuid.UUID) -> int:
    current = session.exec(select(sa.func.max(ScorecardVersion.number)).where(ScorecardVersion.scorecard_id == scorecard_id)).one()
    return (current or 0) + 1


def _add_version(session: Session, scorecard_id: uuid.UUID, number: int, card: Scorecard) -> ScorecardVersion:
    row = ScorecardVersion(scorecard_id=scorecard_id, number=number, definition=dump_scorecard_toml(card))
    session.add(row)
    session.flush()
    return row


def _update_version(session: Session, row: ScorecardVersion, expected_version: int, **values) -> None:
    result = session.execute(
        sa.update(ScorecardVersion)
        .where(ScorecardVersion.id == row.id, ScorecardVersion.version == expected_version)
        .values(**values, version=expected_version + 1)
    )
    if result.rowcount != 1:
        raise ConflictError("Someone else changed this scorecard version; reload it and try again.")
    session.expire(row)


def _summary(row: ScorecardVersion, name: str) -> VersionSummary:
    return VersionSummary(row.id, row.scorecard_id, name, row.number, row.status, row.published_at, row.version)


def published_for(actor: Actor, method: str) -> list[VersionSummary]:
    """The latest published version of each scorecard that suits `method`, by name (what a new evaluation pins)."""
    require(actor, Action.VIEW_SCORECARDS)
    with actor.db.read() as session:
        rows = session.exec(
            select(ScorecardVersion, ScorecardRecord.name)
            .join(ScorecardRecord, ScorecardRecord.id == ScorecardVersion.scorecard_id)
            .where(ScorecardVersion.status == PUBLISHED)
            .order_by(ScorecardRecord.name, ScorecardVersion.number.desc())
        ).all()
        latest = {row.scorecard_id: (row, name) for row, name in reversed(rows)}
        suiting = [(row, name) for row, name in latest.values() if method in _parse(row.definition).methods]
    return sorted((_summary(row, name) for row, name in suiting), key=lambda v: v.name)


def latest_published(actor: Actor, name: str) -> VersionSummary:
    """The newest published version of the scorecard called `name`."""
    published = [v for v in list_versions(actor) if v.name == name and v.status == PUBLISHED]
    if not published:
        raise NotFound(f"No published scorecard is called {name!r}.")
    return published[-1]
