"""Imports on each engine: good files, bad files (types, missing columns, duplicates, encodings, huge fields),
strict mode, re-imports, redaction and encryption on the way in."""

import pytest
import sqlalchemy as sa
from sqlmodel import select

from qa_tui.errors import PermissionDenied, UsageError
from qa_tui.services import accounts
from qa_tui.services.imports import import_file
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.services.people import subject_key
from qa_tui.store.models import AuditEntry, FeedbackItem, Interaction, SurveyResponse
from qa_tui.store.vault import decrypt_field, field_aad
from support import FROZEN

GOOD = (
    "Response ID,Date,Agent,CSAT,NPS,CES,Resolved,Comment\n"
    "R1,2026-01-02 10:00,Priya Sharma,5,9,2,yes,Great help. Call me on 07700 900123\n"
    "R2,2026-01-03,priya sharma,2,3,6,no,Waited ages on hold\n"
)


def _count(admin, table):
    with admin.db.read() as session:
        return session.exec(select(sa.func.count()).select_from(table)).one()


def test_imports_valid_rows_redacted_and_encrypted(admin, org, tmp_path):
    path = tmp_path / "surveys.csv"
    path.write_text(GOOD)
    report = import_file(admin, "surveys", path)
    assert (report.imported, report.rejected, report.rows) == (2, 0, 2)
    with admin.db.read() as session:
        row = session.exec(select(SurveyResponse).where(SurveyResponse.external_ref == "R1")).one()
        assert row.agent_id == org[2] and row.csat == 5 and row.fcr is True
        assert b"07700" not in row.verbatim_enc
        from qa_tui.services.people import subject_key
        key = subject_key(session, admin.db.vault, row.subject_id)
        redacted = decrypt_field(key, row.redacted_enc, field_aad("survey_response", "redacted", row.id), "verbatim")
        original = decrypt_field(key, row.verbatim_enc, field_aad("survey_response", "verbatim", row.id), "verbatim")
    assert "07700 900123" in original and "07700 900123" not in redacted and "Great help" in redacted
    again = import_file(admin, "surveys", path)
    assert (again.imported, again.already) == (0, 2)
    assert _count(admin, SurveyResponse) == 2


def test_bad_cells_are_reported_row_by_row_and_rejected_to_a_file(admin, org, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + "R3,yesterday,Priya Sharma,six,11,,maybe,\nR4,2026-01-04,Nobody Here,4,,,,\n"
                    "R5,2026-01-05,,,,,,\n" + "R1,2026-01-02 10:00,Priya Sharma,5,9,2,yes,Great help. Call me on 07700 900123\n")
    report = import_file(admin, "surveys", path)
    assert (report.imported, report.rejected, report.duplicates) == (2, 3, 1)
    why = {(e.row, e.column): e.why for e in report.errors}
    assert why[(4, "Date")].startswith("not a date")
    assert why[(4, "CSAT")] == "not a whole number" and why[(4, "NPS")] == "outside 0-10"
    assert why[(4, "Resolved")] == "not yes or no"
    assert why[(5, "Agent")] == "no such agent"
    assert why[(6, "(row)")].startswith("no answer")
    rejects = (tmp_path / "bad.rejects.csv").read_text().splitlines()
    assert rejects[0].startswith("row,errors,Response ID") and len(rejects) == 4
    assert "outside 0-10" in rejects[1]


def test_strict_imports_nothing_unless_every_row_is_valid(admin, org, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + "R3,2026-01-04,Priya Sharma,9,,,,\n")
    report = import_file(admin, "surveys", path, strict=True)
    assert report.strict_refused and report.imported == 0 and "--strict" in report.sentence()
    assert _count(admin, SurveyResponse) == 0


def test_missing_columns_and_unknown_formats_are_one_sentence(admin, org, tmp_path):
    path = tmp_path / "nodate.csv"
    path.write_text("CSAT,Comment\n5,fine\n")
    with pytest.raises(UsageError, match="No column for responded_at"):
        import_file(admin, "surveys", path)
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(UsageError, match="import reads"):
        import_file(admin, "surveys", tmp_path / "x.json")


def test_a_mapping_file_overrides_detection(admin, org, tmp_path):
    path = tmp_path / "vendor.csv"
    path.write_text("When,Q1,Q2\n2026-02-01T09:30:00Z,4,8\n")
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\nresponded_at = "When"\ncsat = "Q1"\nnps = "Q2"\n')
    report = import_file(admin, "surveys", path, mapping_file=mapping)
    assert report.imported == 1 and report.mapping["csat"] == "Q1"
    mapping.write_text('[columns]\nhappiness = "Q1"\n')
    with pytest.raises(UsageError, match="unknown field"):
        import_file(admin, "surveys", path, mapping_file=mapping)


def test_broken_encoding_and_huge_fields_are_rejected_rows(admin, org, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(b"Date,CSAT,Comment\n2026-01-02,5,caf\xe9 was fine\n2026-01-03,4,ok\n2026-01-04,3," + b"x" * 20_001 + b"\n")
    report = import_file(admin, "surveys", path)
    assert report.imported == 1
    assert {(e.row, e.why) for e in report.errors} == {(2, "not valid text in the file's encoding"),
                                                       (4, "longer than 20,000 characters")}
    latin = import_file(admin, "surveys", path, encoding="latin-1")  # the right encoding reads the first row
    assert latin.imported == 1 and latin.already == 1


def test_parquet_feedback_and_interactions(admin, org, tmp_path):
    import polars as pl

    path = tmp_path / "cards.parquet"
    pl.DataFrame({"Card ID": ["C1", "C2"], "Date": ["2026-01-02", "2026-01-03"], "Type": ["comment card", "focus group"],
                  "Site": ["Leeds", "Nowhere"], "Notes": ["Staff were rude", "Queue too long"]}).write_parquet(path)
    report = import_file(admin, "feedback", path)
    assert report.imported == 1 and report.errors[0].why == "no such site"
    with admin.db.read() as session:
        item = session.exec(select(FeedbackItem)).one()
    assert item.kind == "comment_card" and item.site_id == org[0]
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("Call ID,Date,Channel,Agent,Duration,Transcript\nX1,2026-01-02 09:00,call,Priya Sharma,300,hi\n"
                        ",2026-01-02 10:00,chat,Priya Sharma,,hello\n")
    assert import_file(admin, "interactions", contacts).imported == 2
    assert import_file(admin, "interactions", contacts).already == 2
    with admin.db.read() as session:
        refs = sorted(r[:4] for r in session.exec(select(Interaction.external_ref)).all())
        audit = session.exec(select(AuditEntry.action).where(AuditEntry.action.like("import.%"))).all()
    assert refs == ["X1", "key:"] and audit.count("import.interactions") == 2


def test_surveys_link_to_contacts_and_take_their_subject(admin, org, tmp_path):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("Call ID,Date,Channel,Agent\nX1,2026-01-02 09:00,call,Priya Sharma\n")
    import_file(admin, "interactions", contacts)
    path = tmp_path / "s.csv"
    path.write_text("Date,Contact ID,CSAT,Comment\n2026-01-03,X1,5,great\n2026-01-03,X9,5,\n")
    report = import_file(admin, "surveys", path)
    assert report.imported == 1 and report.errors[0].why == "no such contact with this reference"
    with admin.db.read() as session:
        contact = session.exec(select(Interaction)).one()
        response = session.exec(select(SurveyResponse)).one()
    assert (response.interaction_id, response.subject_id, response.agent_id, response.channel) == (
        contact.id, contact.subject_id, org[2], "call")


def test_only_admins_and_qa_managers_import(admin, org, location, tmp_path):
    accounts.add_user(admin, name="tl", role=Role.TEAM_LEADER, passphrase="role passphrase", teams=["Billing"])
    path = tmp_path / "s.csv"
    path.write_text(GOOD)
    with pytest.raises(PermissionDenied):
        import_file(sign_in(location, "tl", "role passphrase"), "surveys", path)


def _redacted(session, admin, model, table, row):
    from qa_tui.services.people import subject_key

    key = subject_key(session, admin.db.vault, row.subject_id)
    return decrypt_field(key, row.redacted_enc, field_aad(table, "redacted", row.id), "text")


def test_imported_texts_keep_the_agents_name_and_find_the_linked_customers_details(admin, org, tmp_path):
    from qa_tui.services import interactions, people
    from qa_tui.store.models import Channel

    customer = people.create_customer(admin, name="Grace Bell", phone="07700 900456")
    interactions.record_interactions(admin, [interactions.NewInteraction(
        Channel.CALL, FROZEN, org[2], customer_id=customer, external_ref="C1")])
    (tmp_path / "contacts.csv").write_text("Call ID,Date,Channel,Agent,Transcript\n"
                                           "X1,2026-01-02 09:00,call,Priya Sharma,Priya here. How can I help?\n")
    (tmp_path / "s.csv").write_text("Response ID,Date,Contact ID,Agent,Comment\nR1,2026-01-03,,Priya Sharma,Priya was lovely\n"
                                    "R2,2026-01-03,C1,,grace bell here again and Priya sorted it\n")
    (tmp_path / "cards.csv").write_text("Date,Agent,Notes\n2026-01-04,Priya Sharma,Priya was kind to my mum\n")
    for kind, name in (("interactions", "contacts.csv"), ("surveys", "s.csv"), ("feedback", "cards.csv")):
        assert import_file(admin, kind, tmp_path / name).rejected == 0
    with admin.db.read() as session:
        contact = session.exec(select(Interaction).where(Interaction.external_ref == "X1")).one()
        surveys = {r.external_ref: r for r in session.exec(select(SurveyResponse)).all()}
        card = session.exec(select(FeedbackItem)).one()
        texts = [_redacted(session, admin, Interaction, "interaction", contact),
                 _redacted(session, admin, SurveyResponse, "survey_response", surveys["R1"]),
                 _redacted(session, admin, SurveyResponse, "survey_response", surveys["R2"]),
                 _redacted(session, admin, FeedbackItem, "feedback_item", card)]
    assert texts == ["Priya here. How can I help?", "Priya was lovely", "[PERSON 1] here again and Priya sorted it",
                     "Priya was kind to my mum"]


def _survey_file(tmp_path, rows: int):
    path = tmp_path / "many.csv"
    path.write_text("Response ID,Date,Agent,CSAT,Comment\n" + "".join(
        f"R{n},2026-01-{1 + n % 28:02d},Priya Sharma,{1 + n % 5},Priya was great but call me on 07700 900{n:03d}\n"
        for n in range(rows)))
    return path


def test_a_file_in_many_batches_reports_progress_and_writes_one_audit_entry(admin, org, tmp_path, monkeypatch):
    from qa_tui.services.imports import core

    monkeypatch.setattr(core, "BATCH", 4)
    steps = []
    report = import_file(admin, "surveys", _survey_file(tmp_path, 10), progress=lambda *step: steps.append(step))
    assert report.imported == 10 and steps == [("validating", 0, 10), ("writing", 4, 10), ("writing", 8, 10),
                                                ("writing", 10, 10)]
    with admin.db.read() as session:
        rows = session.exec(select(SurveyResponse).order_by(SurveyResponse.external_ref)).all()
        texts = {r.external_ref: _redacted(session, admin, SurveyResponse, "survey_response", r) for r in rows}
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "import.surveys")).all()
    assert texts["R7"] == "Priya was great but call me on [PHONE]" and len(set(r.subject_id for r in rows)) == 10
    assert len(audit) == 1 and '"imported": 10' in audit[0].detail
    assert import_file(admin, "surveys", _survey_file(tmp_path, 12)).imported == 2


def test_a_failure_in_a_later_batch_leaves_nothing_imported(admin, org, tmp_path, monkeypatch):
    import dataclasses

    from qa_tui.services.imports import KINDS, core, kinds

    monkeypatch.setattr(core, "BATCH", 4)
    calls = []

    def failing(context, frame, ids, sealed):
        calls.append(frame.height)
        if len(calls) == 2:
            raise UsageError("disk full")
        return kinds.write_surveys(context, frame, ids, sealed)

    monkeypatch.setitem(KINDS, "surveys", dataclasses.replace(KINDS["surveys"], write_frame=failing))
    with pytest.raises(UsageError, match="disk full"):
        import_file(admin, "surveys", _survey_file(tmp_path, 10))
    assert _count(admin, SurveyResponse) == 0 and calls == [4, 4]


@pytest.mark.slow
def test_texts_redacted_in_worker_processes_are_stored_with_their_rows(admin, org, tmp_path, monkeypatch):
    from qa_tui.privacy import pool
    from qa_tui.services.imports import core

    monkeypatch.setattr(core, "BATCH", 7)
    monkeypatch.setattr(pool, "IN_PROCESS_CHARS", 0)
    monkeypatch.setattr(pool, "TASK_CHARS", 0)
    sent = []
    monkeypatch.setattr(pool, "_submit", lambda task, policy, todo, submit=pool._submit: sent.append(len(todo)) or submit(task, policy, todo))
    assert import_file(admin, "surveys", _survey_file(tmp_path, 30)).imported == 30
    with admin.db.read() as session:
        rows = session.exec(select(SurveyResponse)).all()
        original = {r.external_ref: decrypt_field(subject_key(session, admin.db.vault, r.subject_id), r.verbatim_enc,
                                                  field_aad("survey_response", "verbatim", r.id), "text") for r in rows}
        redacted = {r.external_ref: _redacted(session, admin, SurveyResponse, "survey_response", r) for r in rows}
    assert all(original[f"R{n}"].endswith(f"900{n:03d}") for n in range(30))
    assert set(redacted.values()) == {"Priya was great but call me on [PHONE]"} and sum(sent) == 30


def test_a_kind_that_writes_row_by_row_still_plugs_in(admin, org, tmp_path, monkeypatch):
    from qa_tui.services.imports import KINDS, Kind, kinds
    from qa_tui.services.imports.fields import Field

    def write_notes(context, rows):
        subjects, out = kinds._Subjects(context), []
        for r in rows:
            row_id = kinds.new_id()
            out.append({"id": row_id, "natural_key": r["__key"], "external_ref": r["external_ref"], "kind": "other",
                        "received_at": r["received_at"], "source": context.source, "created_at": r["received_at"],
                        **kinds._texts(context, subjects, "feedback_item", ("text", "redacted"), row_id, r["text"], None)})
        subjects.insert()
        context.session.execute(sa.insert(FeedbackItem.__table__), out)
        return [row["id"] for row in out]

    fields = (kinds.REF, Field("received_at", "datetime", ("date",), required=True), Field("text", "text", (), required=True))
    monkeypatch.setitem(KINDS, "notes", Kind("notes", fields, "feedback_item", "natural_key", write_notes))
    (tmp_path / "notes.csv").write_text("ID,Date,Text\nN1,2026-01-02,Call me on 07700 900123\n")
    assert import_file(admin, "notes", tmp_path / "notes.csv").imported == 1
    with admin.db.read() as session:
        assert _redacted(session, admin, FeedbackItem, "feedback_item", session.exec(select(FeedbackItem)).one()) == (
            "Call me on [PHONE]")


def test_rows_without_a_reference_are_keyed_by_a_digest_that_needs_the_key(admin, org, tmp_path, monkeypatch):
    from qa_tui.services.imports import core

    path = tmp_path / "plain.csv"
    path.write_text("Date,Agent,CSAT,Comment\n2026-01-03,Priya Sharma,2,Waited ages on hold\n")
    # An earlier version keyed such rows by an unkeyed digest: re-importing its file adds nothing now either.
    monkeypatch.setattr(core, "_digest", lambda data, key: core._legacy_digest(data))
    assert import_file(admin, "surveys", path).imported == 1
    monkeypatch.undo()
    again = import_file(admin, "surveys", path)
    assert (again.imported, again.already) == (0, 1)
    with admin.db.write() as session:
        (response,) = session.exec(select(SurveyResponse)).all()
        legacy = response.natural_key
        session.delete(response)
    assert import_file(admin, "surveys", path).imported == 1
    with admin.db.read() as session:
        key = session.exec(select(SurveyResponse.natural_key)).one()
    assert legacy.startswith("sha:") and key.startswith("key:") and key[4:] != legacy[4:]
    assert import_file(admin, "surveys", path).already == 1
