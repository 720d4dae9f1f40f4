"""Subject access: everything held about a customer, an agent or a mystery shopper, as a readable JSON document.

A customer's export holds their details, every interaction under their key (original and redacted), their complaints
and their survey responses. An agent's holds their details, accounts, the evaluations of their work (comments,
feedback, disputes), and the interactions they handled, the survey responses and the complaints about them in
redacted form only: the originals are the customers' personal data, which another person's request does not
disclose. A mystery shopper's holds their name and the visits and calls they made, with their notes in full. All list the audit entries that name them, the retention periods that apply, and what is held elsewhere
in aggregate only. The export is audited.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Iterable

from sqlmodel import Session, select

from qa_tui.errors import UsageError
from qa_tui.services import audit
from qa_tui.services.people import agent_name, customer_fields, subject_key
from qa_tui.services.permissions import Action, require
from qa_tui.services.privacy.common import SubjectRecord, find_subject
from qa_tui.services.privacy import subject_records
from qa_tui.services.privacy.retention import settings_in
from qa_tui.services.session import Actor
from qa_tui.store.models import (
    Agent, AuditEntry, Interaction, MysteryShopper, MysteryVisit, Site, SubjectKind, Team, User,
)
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import Vault, decrypt_field, field_aad

FORMAT = "qa-tui-subject-access/1"
AUDIT_CHUNK = 500

AGGREGATES: dict[str, tuple[str, ...]] = {
    SubjectKind.CUSTOMER: (
        "Counts of contacts per channel and period (Home and Trends) include your contacts, without identifying you.",
        "Quality scores of the contacts you made are averaged into agents', teams' and sites' figures.",
        "The scores you gave in surveys count in CSAT, NPS, effort and first-contact resolution figures.",
        "Your complaints count in complaint rates and deadline figures, without identifying you.",
    ),
    SubjectKind.AGENT: (
        "Counts of contacts per channel and period include the contacts you handled, within team and site totals.",
        "Quality scores of your contacts are averaged into your team's and site's figures.",
        "Survey scores and complaints about your contacts count in your team's and site's figures.",
    ),
    SubjectKind.SHOPPER: (
        "The scores of the visits and calls you made count in the mystery-shop figures of the agents, teams and sites "
        "you visited, without identifying you.",
    ),
}
"""What is held elsewhere in aggregate only, per kind of person; later issues append theirs."""


def export_subject(actor: Actor, record_id: str | uuid.UUID, *, reason: str = "") -> dict:
    """Everything held about the customer, agent or mystery shopper with this id; the export is audited."""
    require(actor, Action.EXPORT_SUBJECTS)
    vault = actor.db.vault
    with actor.db.write() as session:
        record = find_subject(session, record_id)
        if record.kind == SubjectKind.CUSTOMER:
            details, contacts, ids = _customer(session, vault, record)
            records = _customer_records(session, vault, record)
        elif record.kind == SubjectKind.SHOPPER:
            details, contacts, ids = _shopper(session, vault, record)
            records = {"mystery_visits": subject_records.shopper_visits(session, record.record_id)}
        else:
            details, contacts, ids = _agent(session, vault, record)
            records = _agent_records(session, vault, record)
        named = [item["id"] for items in records.values() for item in items]
        document = {
            "format": FORMAT,
            "generated_at": utcnow().isoformat(),
            "generated_by": actor.name,
            "subject": {"kind": record.noun, "id": str(record.record_id), "created_at": record.subject.created_at.isoformat(),
                        "erased_at": subject_records.iso(record.subject.erased_at)},
            "details": details,
            "interactions": contacts,
            **records,
            "audit_entries": _audit(session, ids["targets"] + [c["id"] for c in contacts] + named, ids["actors"]),
            "retention": [{"kind": r.label, "kept_for_days": r.days, "covers": r.covers} for r in settings_in(session)],
            "held_in_aggregate_only": list(AGGREGATES[record.kind]),
        }
        audit.record(session, vault, actor.name, "subject.export", target_type=record.kind.value,
                     target_id=record.record_id, reason=reason,
                     detail={"interactions": len(contacts), **{name: len(items) for name, items in records.items()},
                             "audit_entries": len(document["audit_entries"])})
    return document


def check_export_path(path: Path) -> None:
    """Refuse, before anything is exported (and audited), a file that exists or a folder that does not."""
    if path.exists():
        raise UsageError(f"{path} already exists; choose another file.")
    if not path.parent.is_dir():
        raise UsageError(f"There is no folder {path.parent} to write the export in.")


def write_export(path: Path, document: dict) -> None:
    """Write an export as JSON to a new file that only its owner can read: it holds personal data."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(f"{path} already exists; choose another file.") from None
    except OSError as error:
        raise UsageError(f"Cannot write {path}: {error.strerror}.") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _customer(session: Session, vault: Vault, record: SubjectRecord):
    details = customer_fields(session, vault, record.record_id)
    rows = session.exec(select(Interaction).where(Interaction.subject_id == record.subject.id)
                        .order_by(Interaction.occurred_at)).all()
    contacts = [_contact(session, vault, row, original=True) for row in rows]
    return details, contacts, {"targets": [str(record.record_id)], "actors": []}


def _customer_records(session: Session, vault: Vault, record: SubjectRecord) -> dict[str, list[dict]]:
    return {"complaints": subject_records.customer_complaints(session, vault, record.subject.id, record.record_id),
            "survey_responses": subject_records.customer_surveys(session, vault, record.subject.id)}


def _agent_records(session: Session, vault: Vault, record: SubjectRecord) -> dict[str, list[dict]]:
    return {"evaluations": subject_records.agent_evaluations(session, vault, record.record_id),
            "complaints": subject_records.agent_complaints(session, vault, record.record_id),
            "survey_responses": subject_records.agent_surveys(session, vault, record.record_id)}


def _agent(session: Session, vault: Vault, record: SubjectRecord):
    agent = session.get(Agent, record.record_id)
    team = session.get(Team, agent.team_id)
    site = session.get(Site, team.site_id)
    users = session.exec(select(User).where(User.agent_id == agent.id)).all()
    details = {
        "name": agent_name(session, vault, agent), "team": team.name, "site": site.name, "active": agent.active,
        "started_on": agent.started_on.isoformat() if agent.started_on else None,
        "user_accounts": [{"name": u.name, "display_name": u.display_name, "role": u.role, "disabled": u.disabled}
                          for u in users],
        "not_included": "The original text of the contacts you handled is the customers' personal data; "
                        "the redacted copy is included instead.",
    }
    rows = session.exec(select(Interaction).where(Interaction.agent_id == agent.id).order_by(Interaction.occurred_at)).all()
    contacts = [_contact(session, vault, row, original=False) for row in rows]
    targets = [str(agent.id)] + [str(u.id) for u in users]
    return details, contacts, {"targets": targets, "actors": [u.name for u in users]}


def _shopper(session: Session, vault: Vault, record: SubjectRecord):
    """A shopper's name, and the visits they made as contacts: their notes are their own words, so in full."""
    shopper = session.get(MysteryShopper, record.record_id)
    name = decrypt_field(subject_key(session, vault, shopper.subject_id), shopper.name_enc,
                         field_aad("mystery_shopper", "name", shopper.id), "shopper name")
    details = {"name": name, "active": shopper.active}
    rows = session.exec(select(Interaction).join(MysteryVisit, MysteryVisit.interaction_id == Interaction.id)
                        .where(MysteryVisit.shopper_id == shopper.id).order_by(Interaction.occurred_at)).all()
    contacts = [_contact(session, vault, row, original=True) for row in rows]
    return details, contacts, {"targets": [str(shopper.id)], "actors": []}


def _contact(session: Session, vault: Vault, row: Interaction, *, original: bool) -> dict:
    key = subject_key(session, vault, row.subject_id)
    contact = {
        "id": str(row.id), "channel": row.channel, "occurred_at": row.occurred_at.isoformat(),
        "duration_seconds": row.duration_seconds, "agent_id": str(row.agent_id),
    }
    if original:
        contact["external_ref"] = row.external_ref
        contact["original_text"] = decrypt_field(key, row.text_enc, field_aad("interaction", "text", row.id), "interaction text")
    contact["redacted_text"] = decrypt_field(key, row.redacted_enc, field_aad("interaction", "redacted", row.id), "interaction text")
    return contact


def _audit(session: Session, targets: list[str], actors: list[str]) -> list[dict]:
    entries: dict[int, AuditEntry] = {}
    for chunk in _chunks(targets):
        entries.update((e.seq, e) for e in session.exec(select(AuditEntry).where(AuditEntry.target_id.in_(chunk))).all())
    if actors:
        entries.update((e.seq, e) for e in session.exec(select(AuditEntry).where(AuditEntry.actor.in_(actors))).all())
    return [
        {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action, "target": f"{e.target_type} {e.target_id}".strip(),
         "reason": e.reason}
        for e in sorted(entries.values(), key=lambda e: e.seq)
    ]


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), AUDIT_CHUNK):
        yield values[start:start + AUDIT_CHUNK]
