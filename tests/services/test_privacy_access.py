"""Subject access: a readable export of everything held about a customer or an agent, audited, admins only."""

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from support import CALL_REVIEW_CARD, PASSPHRASE
from qa_tui.domain.scoring import NA
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
    with pytest.raises(NotFound, match="There is no customer, agent or mystery shopper with id"):
        export_subject(admin, "6f1c2a4e-0000-4000-8000-000000000000")
    with admin.db.read() as session:
        interaction = session.exec(select(Interaction.id)).first()
    with pytest.raises(NotFound):  # an interaction is not a person
        export_subject(admin, interaction)
    for role in (Role.QA_MANAGER, Role.ANALYST):
        name = role.value.replace("_", "")
        accounts.add_user(admin, name=name, role=role, passphrase=PASSPHRASE)
        with pytest.raises(PermissionDenied, match="may not export a person's data."):
            export_subject(sign_in(location, name, PASSPHRASE), customer)


# --- complaints, survey responses and evaluations ---------------------------------------------------------


@pytest.fixture
def casework(admin, customer, org, location, tmp_path):
    """The customer's complaint (handled by a QA manager) and survey comment on their contact; an evaluation of
    Priya's work on it with a comment, feedback and her dispute. Returns the signed-in staff by name."""
    from qa_tui.services import complaints, evaluations, feedback, scorecards
    from qa_tui.domain.scorecard import Method
    from qa_tui.services.imports import import_file

    for name, role, extra in (("mo", Role.QA_MANAGER, {}), ("adam", Role.ASSESSOR, {}),
                              ("priya", Role.AGENT, {"agent_id": org[2]})):
        accounts.add_user(admin, name=name, role=role, passphrase=PASSPHRASE, **extra)
    staff = {name: sign_in(location, name, PASSPHRASE) for name in ("mo", "adam", "priya")}
    [contact] = interactions.record_interactions(admin, [interactions.NewInteraction(
        Channel.CALL, datetime(2026, 3, 2, 9, tzinfo=UTC), org[2], text="Hello, Priya speaking.", customer_id=customer,
        external_ref="CALL-1")], return_ids=True)
    complaint = complaints.log_complaint(staff["mo"], complaints.NewComplaint(
        date(2026, 3, 2), channel="email", category="Billing", severity="high", customer_id=customer, agent_id=org[2],
        interaction_id=contact, text="Priya charged me twice. Write to zq@example.co.uk"))
    complaints.escalate(staff["mo"], complaint, "Second complaint this month", on=date(2026, 3, 3))
    (tmp_path / "s.csv").write_text('Date,Contact ID,CSAT,NPS,Comment\n2026-03-02,CALL-1,1,0,'
                                    '"Priya was rude, call me on 07700 900123"\n')
    assert import_file(admin, "surveys", tmp_path / "s.csv").imported == 1
    version = scorecards.import_scorecard(staff["mo"], CALL_REVIEW_CARD)
    scorecards.publish(staff["mo"], version.id)
    draft = evaluations.start(staff["adam"], contact, version.id, Method.CALL_REVIEW)
    draft = evaluations.save_answers(staff["adam"], draft.id, {"greeting": True, "verify": True, "empathy": NA},
                                     expected_version=draft.row_version, comments={"greeting": "Warm opening"})
    evaluations.submit(staff["adam"], draft.id, expected_version=draft.row_version)
    feedback.set_feedback(staff["adam"], draft.id, feedback.FeedbackText(
        action="Offer a callback", desired_outcome="Fewer repeat calls", strengths="Greeting", criteria=("greeting",)))
    evaluations.dispute(staff["priya"], draft.id, ["empathy"], "The caller hung up before I could")
    return staff


def test_a_customer_export_holds_their_complaints_and_survey_comments_in_their_words(admin, customer, casework):
    document = export_subject(admin, customer, reason="SAR-10")
    (complaint,) = document["complaints"]
    assert complaint["complaint_text"] == "Priya charged me twice. Write to zq@example.co.uk"
    assert (complaint["severity"], complaint["status"], complaint["escalations"][0]["level"]) == ("high", "received", 1)
    (survey,) = document["survey_responses"]
    assert (survey["csat"], survey["nps"], survey["verbatim_comment"]) == (1, 0, "Priya was rude, call me on 07700 900123")
    assert "evaluations" not in document  # scores of the agent's work are the agent's, not the customer's
    assert "complaint.log" in [e["action"] for e in document["audit_entries"]]
    assert audit.recent(admin, limit=1)[0].action == "subject.export"
    json.dumps(document)


def test_an_agent_export_holds_their_evaluations_in_full_and_customers_words_redacted(admin, customer, casework, org):
    document = export_subject(admin, org[2])
    (evaluation,) = document["evaluations"]
    assert (evaluation["status"], evaluation["assessor"], evaluation["answers"]) == (
        "disputed", "adam", {"greeting": True, "verify": True, "empathy": "n/a"})
    assert evaluation["comments"] == {"greeting": "Warm opening"}
    assert evaluation["feedback"]["action"] == "Offer a callback" and evaluation["feedback"]["criteria"] == ["greeting"]
    assert [(d["criterion"], d["reason"]) for d in evaluation["disputes"]] == [("empathy", "The caller hung up before I could")]
    (complaint,) = document["complaints"]
    (survey,) = document["survey_responses"]
    assert "complaint_text" not in complaint and "verbatim_comment" not in survey
    assert "Priya" in complaint["redacted_text"] and "zq@example.co.uk" not in complaint["redacted_text"]
    assert "07700 900123" not in survey["redacted_comment"]
    assert "Quixote" not in json.dumps(document) and "zq@example" not in json.dumps(document)
    assert "feedback.set" in [e["action"] for e in document["audit_entries"]]
