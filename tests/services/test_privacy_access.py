"""Subject access: a readable export of everything held about a customer or an agent, audited, admins only."""

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from support import PASSPHRASE
from qa_tui.errors import NotFound, PermissionDenied
from qa_tui.services import accounts, audit, interactions, people
from qa_tui.services.permissions import Role
from qa_tui.services.privacy.subject_access import export_subject
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel, Interaction

TEXT = "Hello Zebedee Quixote, your email is zq@example.co.uk and I'm Priya."


@pytest.fixture
def customer(admin, org):
    customer = people.create_customer(admin, name="Zebedee Quixote", email="zq@example.co.uk")
    interactions.record_interactions(admin, [
        interactions.NewInteraction(Channel.CALL, datetime(2026, 3, 1, 9, tzinfo=UTC), org[2], text=TEXT,
                                    customer_id=customer, duration_seconds=240),
    ])
    people.get_customer(admin, customer, reason="complaint 12")
    return customer


def test_customer_export_holds_details_contacts_audit_and_aggregates(admin, customer):
    document = export_subject(admin, str(customer), reason="SAR-9")
    json.dumps(document)  # readable JSON as it stands
    assert document["subject"]["kind"] == "customer" and document["subject"]["erased_at"] is None
    assert document["details"] == {"name": "Zebedee Quixote", "email": "zq@example.co.uk", "phone": None, "postcode": None}
    (contact,) = document["interactions"]
    assert (contact["channel"], contact["duration_seconds"], contact["original_text"]) == ("call", 240, TEXT)
    assert "Quixote" not in contact["redacted_text"] and "zq@example.co.uk" not in contact["redacted_text"]
    actions = [e["action"] for e in document["audit_entries"]]
    assert actions[:2] == ["customer.create", "customer.view"]
    assert {r["kind"] for r in document["retention"]} >= {"raw transcripts", "redacted transcripts"}
    assert document["held_in_aggregate_only"]


def test_the_export_is_audited(admin, customer):
    export_subject(admin, customer, reason="SAR-9")
    entry = audit.recent(admin, limit=1)[0]
    assert (entry.action, entry.reason, entry.target) == ("subject.export", "SAR-9", f"customer {customer}")
    # A second export lists the first one: viewing their data is their data too.
    assert "subject.export" in [e["action"] for e in export_subject(admin, customer)["audit_entries"]]


def test_agent_export_holds_redacted_contacts_only(admin, customer, org):
    accounts.add_user(admin, name="priya", role=Role.AGENT, passphrase=PASSPHRASE, display_name="Priya Sharma", agent_id=org[2])
    document = export_subject(admin, org[2])
    assert document["details"]["name"] == "Priya Sharma" and document["details"]["team"] == "Billing"
    assert [u["name"] for u in document["details"]["user_accounts"]] == ["priya"]
    (contact,) = document["interactions"]
    assert "original_text" not in contact and "Quixote" not in json.dumps(document)
    assert "agent.create" in [e["action"] for e in document["audit_entries"]]


def test_unknown_ids_and_other_roles_are_refused(admin, customer, location):
    with pytest.raises(NotFound, match="There is no customer or agent with id"):
        export_subject(admin, "6f1c2a4e-0000-4000-8000-000000000000")
    with admin.db.read() as session:
        interaction = session.exec(select(Interaction.id)).first()
    with pytest.raises(NotFound):  # an interaction is not a person
        export_subject(admin, interaction)
    for role in (Role.QA_MANAGER, Role.ANALYST):
        name = role.value.replace("_", "")
        accounts.add_user(admin, name=name, role=role, passphrase=PASSPHRASE)
        with pytest.raises(PermissionDenied, match=f"may not export a person's data."):
            export_subject(sign_in(location, name, PASSPHRASE), customer)
