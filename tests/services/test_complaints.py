"""Complaints through the service layer on each engine: deadlines, the process, escalation, privacy, trends."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from qa_tui.domain.working_days import Status
from qa_tui.errors import ConflictError, NotFound, PermissionDenied, UsageError
from qa_tui.services import accounts, audit, complaints, interactions, people
from qa_tui.services.complaints import NewComplaint, Policy
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel, Complaint


@pytest.fixture
def staff(admin, org, location):
    """A QA manager and a team leader of Billing, signed in."""
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase="role passphrase")
    accounts.add_user(admin, name="tl", role=Role.TEAM_LEADER, passphrase="role passphrase", teams=["Billing"])
    return sign_in(location, "mo", "role passphrase"), sign_in(location, "tl", "role passphrase")


def _new(received: date, team=None, **kw) -> NewComplaint:
    values = dict(channel="email", category="Billing", severity="medium", text="I was charged twice.", team_id=team)
    return NewComplaint(received, **{**values, **kw})


def test_deadlines_skip_weekends_and_bank_holidays(staff, org):
    manager, _ = staff
    # Thursday before Easter 2026: Good Friday and Easter Monday are bank holidays.
    easter = complaints.log_complaint(manager, _new(date(2026, 4, 2), org[1]))
    # Tuesday before Christmas 2025: 25 and 26 December are bank holidays.
    christmas = complaints.log_complaint(manager, _new(date(2025, 12, 23), org[1]))
    rows = {r.id: r for r in complaints.list_complaints(manager, date(2026, 4, 2))}
    assert rows[easter].acknowledge.deadline == date(2026, 4, 9)
    assert rows[easter].final.deadline == date(2026, 5, 28)
    assert rows[christmas].acknowledge.deadline == date(2025, 12, 30)
    assert rows[christmas].final.deadline == date(2026, 2, 17)
    assert rows[easter].acknowledge.working_days_remaining == 3
    assert rows[christmas].acknowledge.status is Status.BREACHED and rows[christmas].breached
    assert complaints.countdown_label(rows[christmas].acknowledge).startswith("✗ breached")


def test_deadlines_and_countdowns_run_past_2030(staff, org):
    manager, _ = staff
    assert Policy().deadlines(date(2030, 12, 23)) == (date(2030, 12, 30), date(2031, 2, 17))
    assert Policy(acknowledge_working_days=5).deadlines(date(2030, 12, 28))[0] == date(2031, 1, 6)  # 1 January
    cid = complaints.log_complaint(manager, _new(date(2026, 3, 2), org[1]))
    [row] = complaints.list_complaints(manager, date(2031, 1, 6))
    assert row.id == cid and row.acknowledge.status is Status.BREACHED and row.final.status is Status.BREACHED
    assert row.acknowledge.working_days_remaining == -1222  # working days from 6 March 2026 to 6 January 2031


def test_policy_is_configurable_and_applies_to_new_complaints_only(staff, org):
    manager, _ = staff
    before = complaints.log_complaint(manager, _new(date(2026, 1, 3), org[1]))
    complaints.set_policy(manager, Policy(5, 6, roll_forward=True, categories=("Billing", "Fees"),
                                          root_causes=("Process: fees unclear",)))
    after = complaints.log_complaint(manager, _new(date(2026, 1, 3), org[1], category="Fees"))  # a Saturday
    rows = {r.id: r for r in complaints.list_complaints(manager, date(2026, 1, 5))}
    assert rows[before].acknowledge.deadline == date(2026, 1, 7)  # 3 working days, kept
    assert rows[after].acknowledge.deadline == date(2026, 1, 9)   # 5 working days
    assert rows[after].final.deadline == date(2026, 2, 16)        # Saturday 14 Feb rolled to Monday
    with pytest.raises(UsageError, match="not a complaint category"):
        complaints.log_complaint(manager, _new(date(2026, 1, 5), org[1], category="Service"))
    with pytest.raises(PermissionDenied):
        complaints.set_policy(staff[1], Policy())


def test_the_process_in_order_with_heat_and_recovery(staff, org):
    manager, _ = staff
    cid = complaints.log_complaint(manager, _new(date(2026, 2, 2), org[1], legal=("cra_refund",)))
    with pytest.raises(UsageError, match="received, so it cannot be resolved"):
        complaints.resolve(manager, cid, root_cause="System: billing error", resolution="Refunded", on=date(2026, 2, 3))
    complaints.acknowledge(manager, cid, date(2026, 2, 3))
    complaints.record_heat(manager, cid, ["hear", "empathise"], "Listened without interrupting.")
    complaints.record_heat(manager, cid, ["apologise", "take_ownership"])
    with pytest.raises(UsageError, match="before its last step"):
        complaints.investigate(manager, cid, date(2026, 2, 2))
    complaints.investigate(manager, cid, date(2026, 2, 4))
    with pytest.raises(UsageError, match="root-cause taxonomy"):
        complaints.resolve(manager, cid, root_cause="Bad luck", resolution="Refunded", on=date(2026, 2, 10))
    complaints.resolve(manager, cid, root_cause="System: billing error", resolution="Refunded the double charge.",
                       redress="refund", amount=42.5, on=date(2026, 2, 10))
    complaints.follow_up(manager, cid, recovered=True, score=4, answer="Much happier now.", on=date(2026, 2, 20))
    complaints.learn(manager, cid, "Billing runs are checked for duplicates.", on=date(2026, 2, 24))
    detail = complaints.get_complaint(manager, cid, date(2026, 3, 1))
    assert detail.row.status == "closed" and detail.heat == ("hear", "empathise", "apologise", "take_ownership")
    assert detail.row.acknowledge.status is Status.MET and detail.row.final.status is Status.MET
    assert (detail.redress, detail.redress_amount, detail.recovered, detail.recovery_score) == ("refund", 42.5, True, 4)
    assert detail.legal == ("cra_refund",) and detail.follow_up == "Much happier now."
    assert detail.dates["resolved"] == date(2026, 2, 10)


def test_escalation_keeps_who_and_why_and_only_goes_up(staff, org):
    manager, leader = staff
    cid = complaints.log_complaint(leader, _new(date(2026, 2, 2), org[1], severity="high"))
    assert complaints.escalate(leader, cid, "Customer asked for a manager.", on=date(2026, 2, 3)) == 1
    assert complaints.escalate(manager, cid, "Vulnerable customer; call Jane Doe on 07700 900123.", level=3,
                               on=date(2026, 2, 4)) == 3
    with pytest.raises(UsageError, match="higher level"):
        complaints.escalate(manager, cid, "again", level=2)
    with pytest.raises(UsageError, match="needs a reason"):
        complaints.escalate(manager, cid, " ")
    detail = complaints.get_complaint(manager, cid, date(2026, 2, 5))
    assert [(e.level, e.level_name, e.by) for e in detail.escalations] == [
        (1, "team leader", "tl"), (3, "head of service", "mo")]
    assert "07700 900123" not in detail.escalations[1].reason
    assert detail.row.escalation_level == 3


def test_customer_words_are_redacted_and_encrypted(staff, org, admin):
    manager, _ = staff
    customer = people.create_customer(admin, name="Zebedee Quixote", email="zq@example.co.uk")
    text = "Mr Quixote says his email zq@example.co.uk got spam after the call."
    cid = complaints.log_complaint(manager, _new(date(2026, 2, 2), org[1], customer_id=customer, text=text))
    detail = complaints.get_complaint(manager, cid, date(2026, 2, 2))
    assert "Quixote" not in detail.text and "zq@example.co.uk" not in detail.text
    with admin.db.read() as session:
        row = session.exec(select(Complaint)).one()
    assert b"Quixote" not in row.text_enc and b"Quixote" not in row.redacted_enc
    assert audit.recent(admin, limit=1)[0].action == "complaint.log"


def test_team_leaders_see_and_handle_their_teams_only(staff, org, admin):
    manager, leader = staff
    other = people.create_team(admin, org[0], "Retentions")
    mine = complaints.log_complaint(manager, _new(date(2026, 2, 2), org[1]))
    theirs = complaints.log_complaint(manager, _new(date(2026, 2, 2), other))
    assert [r.id for r in complaints.list_complaints(leader, date(2026, 2, 2))] == [mine]
    with pytest.raises(NotFound):
        complaints.acknowledge(leader, theirs, date(2026, 2, 3))
    with pytest.raises(PermissionDenied, match="own teams"):
        complaints.log_complaint(leader, _new(date(2026, 2, 2), other))


def test_a_stale_version_is_a_conflict(staff, org):
    manager, _ = staff
    cid = complaints.log_complaint(manager, _new(date(2026, 2, 2), org[1]))
    seen = complaints.list_complaints(manager, date(2026, 2, 2))[0].version
    complaints.record_heat(manager, cid, ["hear"], expected_version=seen)
    with pytest.raises(ConflictError, match="Someone else changed C-000001"):
        complaints.acknowledge(manager, cid, date(2026, 2, 3), expected_version=seen)


def test_bad_inputs_are_refused(staff, org):
    manager, _ = staff
    for change, message in [({"severity": "huge"}, "Severity"), ({"channel": "pigeon"}, "channel"),
                            ({"legal": ("magic",)}, "legal angle"), ({"text": "  "}, "customer's words")]:
        with pytest.raises(UsageError, match=message):
            complaints.log_complaint(manager, _new(date(2026, 2, 2), org[1], **change))
    with pytest.raises(UsageError, match="future"):
        complaints.log_complaint(manager, _new(date(2099, 1, 1), org[1]))


def test_trends_volume_rate_categories_causes_time_and_breaches(staff, org, admin):
    manager, _ = staff
    calls = [interactions.NewInteraction(Channel.CALL, datetime(2026, 2, d, 10, tzinfo=UTC), org[2], text="hi")
             for d in (2, 3, 4, 9, 10)] * 100
    interactions.record_interactions(admin, calls)
    first = complaints.log_complaint(manager, _new(date(2026, 2, 2), org[1]))
    complaints.log_complaint(manager, _new(date(2026, 2, 3), org[1], category="Service", severity="high"))
    complaints.log_complaint(manager, _new(date(2026, 2, 10), org[1]))
    complaints.acknowledge(manager, first, date(2026, 2, 3))
    complaints.resolve(manager, first, root_cause="System: billing error", resolution="Refunded.", on=date(2026, 2, 12))
    trends = complaints.complaint_trends(manager, date(2026, 2, 1), date(2026, 2, 28), date(2026, 2, 10))
    assert (trends.total, trends.contacts) == (3, 500)
    assert trends.rate_per_thousand == pytest.approx(6.0)
    assert trends.weekly == [(date(2026, 2, 2), 2, 300), (date(2026, 2, 9), 1, 200)]
    assert trends.categories == [("Billing", 2), ("Service", 1)]
    assert trends.root_causes == [("System: billing error", 1)]
    assert (trends.resolved, trends.median_days_to_resolve) == (1, 10.0)
    assert trends.acknowledge_breaches == 1  # received 3 Feb, unacknowledged, due 6 Feb
