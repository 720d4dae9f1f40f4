"""A mystery shopper is a person too: their subject access export and their erasure."""

import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from support import PASSPHRASE
from qa_tui.services import accounts, interactions, mystery, people
from qa_tui.services.permissions import Role
from qa_tui.services.privacy.erasure import erase_subject
from qa_tui.services.privacy.subject_access import export_subject
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import DataSubject, Interaction, MysteryShopper
from qa_tui.store.vault import ERASED

NOTES = "I told the adviser I live near the station and wear a red coat; she offered the hearing loop."
VISITED = datetime(2026, 3, 4, 14, 30, tzinfo=UTC)


@pytest.fixture
def shopper(admin, org, location):
    """Sam Secret, who made one branch visit, and another shopper who stays."""
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    manager = sign_in(location, "mo", PASSPHRASE)
    scenario = mystery.create_scenario(manager, mystery.Scenario("Upgrade in branch", "branch_visit"))
    sam, other = mystery.add_shopper(manager, "Sam Secret"), mystery.add_shopper(manager, "Olu Other")
    visit = mystery.record_visit(manager, scenario_id=scenario, shopper_id=sam, agent_id=org[2], visited_at=VISITED,
                                 notes=NOTES, place="Leeds Briggate", duration_seconds=600)
    mystery.record_visit(manager, scenario_id=scenario, shopper_id=other, agent_id=org[2], visited_at=VISITED,
                         notes="Queue of four; served in six minutes.")
    return sam, visit, manager


def test_a_shopper_s_export_holds_their_name_and_visits_with_their_notes(admin, shopper):
    sam, visit, _ = shopper
    document = export_subject(admin, sam, reason="SAR 7")
    assert document["subject"]["kind"] == "mystery shopper"
    assert document["details"] == {"name": "Sam Secret", "active": True}
    (contact,) = document["interactions"]
    assert contact["id"] == str(visit) and contact["original_text"] == NOTES
    assert document["mystery_visits"] == [{"id": str(visit), "scenario": "Upgrade in branch",
                                           "visited_at": VISITED.isoformat(), "place": "Leeds Briggate",
                                           "channel": "branch_visit", "duration_seconds": 600}]
    assert {e["action"] for e in document["audit_entries"]} >= {"mystery.shopper", "mystery.visit"}
    assert "Olu" not in str(document) and "Queue of four" not in str(document)


def test_erasing_a_shopper_shreds_their_name_and_their_notes_and_keeps_the_visit(admin, shopper, location):
    sam, visit, manager = shopper
    report = erase_subject(admin, sam, reason="left the panel")
    assert report.lines()[0].startswith(f"Erased mystery shopper {sam} at ")
    assert "the notes of 1 visit(s) or call(s) they made, original and redacted (their keys were deleted)" in report.erased
    assert mystery.list_shoppers(manager) == [(mystery.list_shoppers(manager)[0][0], "Olu Other")]
    view = mystery.get_visit(manager, visit)
    assert view.shopper == ERASED and view.place == "Leeds Briggate"  # the visit stays, nameless
    assert interactions.get_interaction(admin, visit).text == ERASED
    with admin.db.read() as session:
        row = session.get(MysteryShopper, sam)
        keys = [session.get(DataSubject, row.subject_id).wrapped_key,
                session.get(DataSubject, session.get(Interaction, visit).subject_id).wrapped_key]
        still_keyed = [s for s in session.exec(select(DataSubject)).all() if s.wrapped_key is not None]
    assert keys == [None, None] and not row.active
    assert len(still_keyed) == len(people.list_agents(admin)) + 2  # the other shopper and their visit's notes
    assert "Sam Secret" not in str(export_subject(admin, sam)) and NOTES not in str(export_subject(admin, sam))


def test_a_survey_comment_left_against_a_visit_goes_with_its_notes_and_the_report_says_so(admin, shopper, tmp_path):
    from qa_tui.services.imports import import_file
    from qa_tui.services.surveys import list_verbatims

    sam, visit, manager = shopper
    with admin.db.write() as session:  # the visit as a contact with a reference, as an import would give it
        session.get(Interaction, visit).external_ref = "MS-1"
    (tmp_path / "s.csv").write_text("Date,Contact ID,CSAT,Comment\n2026-03-05,MS-1,2,I wore my red coat again\n")
    assert import_file(admin, "surveys", tmp_path / "s.csv").imported == 1
    report = erase_subject(admin, sam)
    assert "the comments of 1 survey response(s), under the same key" in report.erased
    assert [v.text for v in list_verbatims(admin)] == [ERASED]
    assert import_file(admin, "surveys", tmp_path / "s.csv").withdrawn == 1


def test_no_visit_is_recorded_for_an_erased_shopper(admin, shopper, org):
    from qa_tui.errors import UsageError

    sam, _, manager = shopper
    erase_subject(admin, sam)
    (scenario,) = mystery.list_scenarios(manager)
    with pytest.raises(UsageError, match="That shopper is no longer active \\(or was erased\\)"):
        mystery.record_visit(manager, scenario_id=scenario.id, shopper_id=sam, agent_id=org[2], visited_at=VISITED,
                             notes="More notes")
    with pytest.raises(UsageError, match="names a shopper who does not exist, is no longer active or was erased"):
        mystery.attach_visits(manager, [mystery.NewVisit(uuid.uuid4(), scenario.id, sam, VISITED)])
