"""The demo's complaints: the older ones imported as the previous system's log, the recent ones walked through the
service, and the same complaints either way."""

from datetime import date

import sqlalchemy as sa

from qa_tui.demo.builder import create_demo, sign_in_demo
from qa_tui.demo.stages import complaints as stage
from qa_tui.services import complaints
from qa_tui.services.people import subject_key
from qa_tui.store.engine import resolve_location
from qa_tui.store.models import AuditEntry, Complaint, ComplaintEscalation, Interaction
from qa_tui.store.vault import decrypt_field, field_aad

TODAY = date(2026, 3, 2)  # as in conftest.small_demo
SKIP = {"id", "reference", "created_at", "natural_key", "customer_id", "subject_id", "interaction_id", "team_id",
        "agent_id"}


def _story(location) -> list[tuple]:
    """Every complaint as stored, its words decrypted and its people named by the contact, in a stable order."""
    manager = sign_in_demo(location, "manager")
    with manager.db.read() as session:
        rows = session.execute(sa.select(Complaint, Interaction).join(Interaction, Interaction.id == Complaint.interaction_id)).all()
        escalations = {e.complaint_id: (e.level, e.escalated_by, e.escalated_on, e.reason)
                       for e in session.execute(sa.select(ComplaintEscalation)).scalars()}
        story = []
        for complaint, contact in rows:
            assert (complaint.customer_id, complaint.agent_id) == (contact.customer_id, contact.agent_id)
            key = subject_key(session, manager.db.vault, complaint.subject_id)
            values = {c: getattr(complaint, c) for c in Complaint.model_fields if c not in SKIP}
            for column in [c for c in values if c.endswith("_enc")]:
                name = column.removesuffix("_enc")
                values[column] = decrypt_field(key, values[column], field_aad("complaint", name, complaint.id), name)
            story.append((contact.external_ref, sorted(values.items(), key=str), escalations.get(complaint.id)))
    manager.db.close()
    return sorted(story, key=str)


def test_the_older_complaints_are_imported_and_the_recent_walked(small_demo, sign_in_as):
    _, ctx = small_demo
    made = ctx.extras["complaints"]
    assert made["count"] > 30 and 0 < made["imported"] < made["count"]
    manager = sign_in_as("manager")
    log = complaints.list_complaints(manager, TODAY)
    assert len(log) == made["count"] and "closed" in {r.status for r in log} and not all(r.status == "closed" for r in log)
    with manager.db.read() as session:
        imported = session.execute(sa.select(sa.func.count()).where(Complaint.natural_key.is_not(None))).scalar_one()
        actions = set(session.execute(sa.select(AuditEntry.action).where(AuditEntry.action.like("%complaint%"))).scalars())
    assert imported == made["imported"] and {"import.complaints", "complaint.log", "complaint.acknowledged"} <= actions


def test_importing_the_history_stores_what_walking_it_would(small_demo, tmp_path, monkeypatch):
    monkeypatch.setitem(stage.WALKED_DAYS, "small", 10_000)  # every complaint through the service
    walked = resolve_location(str(tmp_path / "walked.db"))
    context = create_demo(walked, scale="small", seed=7, today=TODAY)
    assert context.extras["complaints"]["imported"] == 0
    assert _story(small_demo[0]) == _story(walked)
