"""Importing a complaint log on each engine: good and bad files, lifecycles out of order, strict mode, re-imports,
customers found by contact, email or phone, who may import, and complaints indistinguishable from walked ones."""

import csv
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from qa_tui.domain.working_days import COVERED_YEARS, Status
from qa_tui.errors import PermissionDenied, UsageError
from qa_tui.services import accounts, audit, complaints, interactions, people
from qa_tui.services.imports import import_file
from qa_tui.services.permissions import Role, may_import
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import AuditEntry, Channel, Complaint, ComplaintEscalation

TEXT = "Zebedee Quixote (zq@example.co.uk) says he was charged twice; Priya Sharma said she would call back."
FULL = {
    "Complaint ref": "OLD-1", "Received": "2026-02-02", "Channel": "email", "Category": "billing", "Severity": "high",
    "Product": "Broadband", "Complaint": TEXT, "Email": "ZQ@example.co.uk", "Agent": "Priya Sharma",
    "Legal": "cra_refund", "Acknowledged": "2026-02-03", "Escalated": "2026-02-04",
    "Escalation reason": "Vulnerable customer; call Jane Doe on 07700 900123.", "HEAT steps": "hear, empathise",
    "HEAT notes": "Let Mr Quixote finish first.", "Investigation started": "2026-02-04",
    "Resolved": "2026-02-10", "Root cause": "System: billing error", "Resolution": "Refunded Mr Quixote's double charge.",
    "Redress": "refund", "Amount": "£42.50", "Followed up": "2026-02-20", "Recovered": "yes", "Follow-up score": "4",
    "Follow-up answer": "Much happier now, thanks Priya.", "Lesson learned": "Billing runs are checked for duplicates.",
    "Closed": "2026-02-24",
}


@pytest.fixture
def manager(admin, org, location):
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase="role passphrase")
    return sign_in(location, "mo", "role passphrase")


@pytest.fixture
def customer(admin):
    return people.create_customer(admin, name="Zebedee Quixote", email="zq@example.co.uk", phone="07700 900456")


def _write(path, rows: list[dict]) -> None:
    headers = list(dict.fromkeys(h for r in rows for h in r))
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, headers)
        writer.writeheader()
        writer.writerows(rows)


def _lean(ref: str, **changes) -> dict:
    """A row with only the intake columns (a just-received complaint), plus `changes`."""
    row = {k: FULL[k] for k in ("Received", "Channel", "Category", "Severity", "Complaint")}
    return {"Complaint ref": ref, **row, **changes}


def _import(actor, tmp_path, rows, name="log.csv", **options):
    path = tmp_path / name
    _write(path, rows)
    return import_file(actor, "complaints", path, **options)


def _why(report) -> dict:
    return {(e.row, e.column): e.why for e in report.errors}


def test_a_full_lifecycle_imports_closed_with_its_escalation(manager, customer, org, tmp_path):
    report = _import(manager, tmp_path, [FULL, _lean("OLD-2", Received="2026-11-30")])
    assert (report.imported, report.rejected, report.rows) == (2, 0, 2), report.errors
    rows = {r.received_on: r for r in complaints.list_complaints(manager, date(2026, 12, 1))}
    old, new = rows[date(2026, 2, 2)], rows[date(2026, 11, 30)]
    assert (old.reference, old.status, old.escalation_level, old.root_cause) == ("C-000001", "closed", 1,
                                                                                 "System: billing error")
    assert old.acknowledge.status is Status.MET and old.final.status is Status.MET
    assert (new.reference, new.status) == ("C-000002", "received")
    assert new.acknowledge.deadline == date(2026, 12, 3)  # three working days after Monday 30 November
    detail = complaints.get_complaint(manager, old.id, date(2026, 12, 1))
    assert "Quixote" not in detail.text and "zq@example.co.uk" not in detail.text and "charged twice" in detail.text
    assert (detail.redress, detail.redress_amount, detail.recovered, detail.recovery_score) == ("refund", 42.5, True, 4)
    assert detail.heat == ("hear", "empathise") and detail.legal == ("cra_refund",)
    assert "07700 900123" not in detail.escalations[0].reason and detail.escalations[0].by == "mo"
    with manager.db.read() as session:
        row = session.exec(select(Complaint).where(Complaint.reference == "C-000001")).one()
    assert row.customer_id == customer and row.agent_id == org[2] and row.team_id == org[1]
    assert b"Quixote" not in row.text_enc and row.natural_key == "ref:OLD-1"


def _walk(actor, customer, org) -> None:
    """FULL's complaint, step by step through the service, as a user would have done it."""
    cid = complaints.log_complaint(actor, complaints.NewComplaint(
        date(2026, 2, 2), "email", "Billing", "high", TEXT, product="Broadband", legal=("cra_refund",),
        customer_id=customer, agent_id=org[2]))
    complaints.acknowledge(actor, cid, date(2026, 2, 3))
    complaints.escalate(actor, cid, FULL["Escalation reason"], on=date(2026, 2, 4))
    complaints.record_heat(actor, cid, ["hear", "empathise"], FULL["HEAT notes"])
    complaints.investigate(actor, cid, date(2026, 2, 4))
    complaints.resolve(actor, cid, root_cause="System: billing error", resolution=FULL["Resolution"], redress="refund",
                       amount=42.5, on=date(2026, 2, 10))
    complaints.follow_up(actor, cid, recovered=True, score=4, answer=FULL["Follow-up answer"], on=date(2026, 2, 20))
    complaints.learn(actor, cid, FULL["Lesson learned"], on=date(2026, 2, 24))


def _plain(actor, row: Complaint) -> dict:
    """Every stored value of a complaint, its encrypted words decrypted, without its identity or its time of writing."""
    from qa_tui.services.people import subject_key
    from qa_tui.store.vault import decrypt_field, field_aad

    values = {c: getattr(row, c) for c in Complaint.model_fields if c not in ("id", "reference", "created_at",
                                                                              "natural_key")}
    with actor.db.read() as session:
        key = subject_key(session, actor.db.vault, row.subject_id)
    for column in [c for c in values if c.endswith("_enc")]:
        name = column.removesuffix("_enc")
        values[column] = decrypt_field(key, values[column], field_aad("complaint", name, row.id), name)
    return values


def _same_in_the_log(actor) -> None:
    """The first two complaints look the same in every view: stored values, the log, the detail, escalations."""
    with actor.db.read() as session:
        first, second = session.exec(select(Complaint).order_by(Complaint.reference)).all()
        escalations = session.exec(select(ComplaintEscalation).order_by(ComplaintEscalation.created_at)).all()
    assert _plain(actor, first) == _plain(actor, second)
    assert [(e.level, e.escalated_by, e.escalated_on, e.reason) for e in escalations][:1] == \
           [(e.level, e.escalated_by, e.escalated_on, e.reason) for e in escalations][1:]
    for today in (date(2026, 2, 3), date(2026, 3, 1)):  # while open and after
        log = {r.reference: r for r in complaints.list_complaints(actor, today)}
        one, two = (log[r].__dict__ | {"id": None, "reference": None} for r in ("C-000001", "C-000002"))
        assert one == two
        one, two = (complaints.get_complaint(actor, log[r].id, today).__dict__ | {"row": None}
                    for r in ("C-000001", "C-000002"))
        assert one == two


def test_an_imported_complaint_is_indistinguishable_from_one_walked_through_the_service(manager, customer, org, tmp_path):
    _walk(manager, customer, org)
    assert _import(manager, tmp_path, [FULL]).imported == 1
    _same_in_the_log(manager)


def test_an_imported_open_complaint_carries_on_through_the_service(manager, customer, org, tmp_path):
    _walk(manager, customer, org)
    open_row = {k: v for k, v in FULL.items() if k not in ("Followed up", "Recovered", "Follow-up score",
                                                             "Follow-up answer", "Lesson learned", "Closed")}
    _import(manager, tmp_path, [open_row])
    imported = next(r for r in complaints.list_complaints(manager, date(2026, 2, 12)) if r.reference == "C-000002")
    assert imported.status == "resolved"
    complaints.follow_up(manager, imported.id, recovered=True, score=4, answer=FULL["Follow-up answer"],
                         on=date(2026, 2, 20), expected_version=imported.version)
    complaints.learn(manager, imported.id, FULL["Lesson learned"], on=date(2026, 2, 24))
    _same_in_the_log(manager)


def test_bad_cells_are_reported_with_their_column_and_reason(manager, customer, org, tmp_path):
    rows = [
        _lean("B1", Received="yesterday", Channel="pigeon", Severity="huge"),
        _lean("B2", Category="Weather"),
        _lean("B3", Acknowledged="2026-02-03", Resolved="2026-02-05", **{"Root cause": "Bad luck",
              "Resolution": "Sorry.", "Amount": "lots", "Legal": "magic", "HEAT steps": "hear, shout"}),
        _lean("B4", Email="nobody@example.com", Contact="X404", Agent="Nobody Here"),
        _lean("B5", Acknowledged="2026-02-03", Resolved="2026-02-05", **{"Root cause": "Product: fault",
              "Resolution": "Fixed.", "Followed up": "2026-02-06", "Recovered": "maybe", "Follow-up score": "9"}),
        _lean("B6", Complaint=""),
        _lean("OK"),
    ]
    report = _import(manager, tmp_path, rows)
    assert (report.imported, report.rejected) == (1, 6)
    why = _why(report)
    assert why[(2, "Received")].startswith("not a date") and why[(2, "Channel")].startswith("not one of call")
    assert why[(2, "Severity")].startswith("not one of low")
    assert why[(3, "Category")].startswith("not a complaint category in the policy (Billing, Service")
    assert why[(4, "Root cause")].startswith("not in the root-cause taxonomy")
    assert why[(4, "Amount")] == "not an amount of money"
    assert why[(4, "Legal")].startswith("'magic' is not a legal angle") and why[(4, "HEAT steps")].startswith("'shout'")
    assert why[(5, "Email")] == "no customer with this email" and why[(5, "Contact")] == "no contact with this reference"
    assert why[(5, "Agent")] == "no such agent"
    assert why[(6, "Recovered")] == "not yes or no" and why[(6, "Follow-up score")] == "outside 1-5"
    assert why[(7, "Complaint")] == "required but empty"
    rejects = (tmp_path / "log.rejects.csv").read_text().splitlines()
    assert rejects[0].startswith("row,errors,Complaint ref") and len(rejects) == 7


@pytest.mark.parametrize("changes, reason", [
    ({"Investigation started": "2026-02-04"}, "investigation started on 2026-02-04 but never acknowledged"),
    ({"Acknowledged": "2026-02-01"}, "acknowledged on 2026-02-01, before it was received (2026-02-02)"),
    ({"Acknowledged": "2026-02-05", "Investigation started": "2026-02-04"},
     "investigation started on 2026-02-04, before it was acknowledged (2026-02-05)"),
    ({"Acknowledged": "2026-02-03", "Resolved": "2026-02-05", "Resolution": "Refunded."},
     "a resolution needs a root cause"),
    ({"Root cause": "Product: fault"}, "root cause given but the complaint was never resolved"),
    ({"Acknowledged": "2026-02-03", "Resolved": "2026-02-05", "Root cause": "Product: fault", "Resolution": "Fixed.",
      "Followed up": "2026-02-09"}, "a follow-up says whether the customer's satisfaction recovered"),
    ({"Acknowledged": "2026-02-03", "Closed": "2026-02-09", "Lesson learned": "Check first."},
     "closed on 2026-02-09 but never resolved"),
    ({"Lesson learned": "Check first."}, "a lesson learned needs the date it closed the complaint"),
    ({"Escalated": "2026-02-04"}, "an escalation needs a reason"),
    ({"Acknowledged": "2099-02-03"}, "acknowledged on 2099-02-03, which is in the future"),
    ({"Received": "2099-02-03"}, "received on 2099-02-03, which is in the future"),
    ({**{k: FULL[k] for k in ("Acknowledged", "Resolved", "Root cause", "Resolution", "Lesson learned", "Closed")},
      "Escalated": "2026-03-01", "Escalation reason": "Too late."}, "escalated on 2026-03-01, after it was closed (2026-02-24)"),
    ({"Received": f"{COVERED_YEARS.start - 1}-06-05"},
     "its deadlines fall outside the years whose bank holidays are known"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None)
def test_a_lifecycle_the_service_would_refuse_is_one_reason(manager, org, tmp_path, changes, reason):
    report = _import(manager, tmp_path, [_lean("L1", **changes)])
    assert report.imported == 0 and [(e.column, e.why) for e in report.errors] == [("(row)", reason)]


def test_complaints_received_before_2020_import_and_are_counted_after_2030(manager, org, tmp_path):
    report = _import(manager, tmp_path, [_lean("P1", Received="2019-12-23")])
    assert (report.imported, report.rejected) == (1, 0), report.errors
    [row] = complaints.list_complaints(manager, date(2031, 1, 6))
    assert row.acknowledge.deadline == date(2019, 12, 30)  # Christmas and Boxing Day 2019 skipped
    assert row.final.deadline == date(2020, 2, 17) and row.acknowledge.status is Status.BREACHED


def test_strict_imports_nothing_unless_every_row_is_valid(manager, org, tmp_path):
    report = _import(manager, tmp_path, [_lean("S1"), _lean("S2", Category="Weather")], strict=True)
    assert report.strict_refused and report.imported == 0
    assert complaints.list_complaints(manager, date(2026, 3, 1)) == []
    assert _import(manager, tmp_path, [_lean("S1")], strict=True).imported == 1


def test_re_importing_adds_nothing_and_repeats_are_counted(manager, org, tmp_path):
    rows = [_lean("R1"), _lean("R2"), _lean("R1"), _lean(""), _lean("")]  # the last two: no reference, same values
    first = _import(manager, tmp_path, rows)
    assert (first.imported, first.duplicates) == (3, 2)
    again = _import(manager, tmp_path, rows)
    assert (again.imported, again.already) == (0, 3)
    with manager.db.read() as session:
        keys = sorted(k[:4] for k in session.exec(select(Complaint.natural_key)).all())
        logged = session.exec(select(AuditEntry.detail).where(AuditEntry.action == "complaint.log")).all()
    assert keys == ["key:", "ref:", "ref:"] and len(logged) == 1
    assert [r.reference for r in complaints.list_complaints(manager, date(2026, 3, 1))] == ["C-000003", "C-000002",
                                                                                            "C-000001"]


def test_customers_by_contact_email_or_phone_and_clashes(manager, customer, admin, org, tmp_path):
    for name in ("Ada Other", "Ada Twin"):
        people.create_customer(admin, name=name, email="ada@example.com")
    solo = people.create_customer(admin, name="Solo Person", email="solo@example.com")
    interactions.record_interactions(admin, [interactions.NewInteraction(
        Channel.CALL, datetime(2026, 2, 1, 9, tzinfo=UTC), org[2], text="hello", customer_id=customer, external_ref="X1")])
    rows = [_lean("P1", Phone="+44 7700 900456"), _lean("P2", Contact="X1"), _lean("P3"),
            _lean("P4", Email="ada@example.com"), _lean("P5", Contact="X1", Phone="07700 900999"),
            _lean("P6", Contact="X1", Email="zq@example.co.uk", Phone="07700900456")]
    report = _import(manager, tmp_path, rows)
    why = _why(report)
    assert why == {(5, "Email"): "matches more than one customer; give the contact instead",
                   (6, "Phone"): "no customer with this phone number"}
    with manager.db.read() as session:
        stored = {c.natural_key: c for c in session.exec(select(Complaint)).all()}
        contact = session.exec(sa.select(interactions.Interaction.id)).scalar_one()
    assert stored["ref:P1"].customer_id == customer and stored["ref:P2"].customer_id == customer
    assert stored["ref:P2"].interaction_id == contact and stored["ref:P2"].agent_id == org[2]
    assert stored["ref:P2"].team_id == org[1] and stored["ref:P6"].customer_id == customer
    assert stored["ref:P3"].customer_id is None and stored["ref:P3"].subject_id not in {
        stored["ref:P1"].subject_id, stored["ref:P2"].subject_id}
    clash = _import(manager, tmp_path, [_lean("P7", Contact="X1", Email="solo@example.com"),
                                        _lean("P8", Email="solo@example.com", Phone="07700 900456"),
                                        _lean("P9", Email="solo@example.com")], name="clash.csv")
    assert _why(clash) == {(2, "Email"): "this email is a different customer's from the contact's",
                           (3, "Phone"): "this phone number is a different customer's from the email's"}
    with manager.db.read() as session:
        assert session.exec(select(Complaint.customer_id).where(Complaint.natural_key == "ref:P9")).one() == solo


def test_categories_and_root_causes_come_from_the_policy(manager, org, tmp_path):
    complaints.set_policy(manager, complaints.Policy(5, 6, categories=("Fees",), root_causes=("Process: fees unclear",)))
    rows = [_lean("F1", Category="fees", Acknowledged="2026-02-03", Resolved="2026-02-05",
                  **{"Root cause": "process: FEES unclear", "Resolution": "Explained."}), _lean("F2")]
    report = _import(manager, tmp_path, rows)
    assert report.imported == 1 and _why(report) == {(3, "Category"): "not a complaint category in the policy (Fees)"}
    row = complaints.list_complaints(manager, date(2026, 3, 1))[0]
    assert (row.category, row.root_cause, row.acknowledge.deadline) == ("Fees", "Process: fees unclear", date(2026, 2, 9))


def test_a_mapping_file_and_missing_columns(manager, org, tmp_path):
    path = tmp_path / "vendor.csv"
    _write(path, [{"Opened": "02/02/2026", "How": "letter", "Kind": "Service", "Sev": "low", "Words": "Rude."}])
    with pytest.raises(UsageError, match="No column for channel, category, severity, text"):
        import_file(manager, "complaints", path)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\nchannel = "How"\ncategory = "Kind"\nseverity = "Sev"\ntext = "Words"\n')
    assert import_file(manager, "complaints", path, mapping_file=mapping).imported == 1
    assert complaints.list_complaints(manager, date(2026, 3, 1))[0].received_on == date(2026, 2, 2)


def test_only_qa_managers_import_complaints(manager, admin, org, location, tmp_path):
    accounts.add_user(admin, name="tl", role=Role.TEAM_LEADER, passphrase="role passphrase", teams=["Billing"])
    path = tmp_path / "log.csv"
    _write(path, [_lean("W1")])
    with pytest.raises(PermissionDenied, match="ann \\(admin\\) may not log and handle complaints"):
        import_file(admin, "complaints", path)
    with pytest.raises(PermissionDenied, match="may not import data from files"):
        import_file(sign_in(location, "tl", "role passphrase"), "complaints", path)
    assert not (tmp_path / "log.rejects.csv").exists() and import_file(manager, "complaints", path).imported == 1
    assert [k for k in ("interactions", "surveys", "feedback", "complaints") if may_import(Role.ADMIN, k)] == [
        "interactions", "surveys", "feedback"]
    assert [r for r in Role if may_import(r, "complaints")] == [Role.QA_MANAGER]
    assert audit.recent(admin, limit=1)[0].action == "import.complaints"
