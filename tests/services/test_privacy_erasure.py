"""Erasure: a customer's or an agent's data made unrecoverable, even to someone holding the master key.

After erasure, neither the SQLite file, its WAL, PostgreSQL's rows, nor an export holds the person's plaintext,
their wrapped data key or their blind indexes; decrypting every field still held finds nothing of theirs.
"""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from support import PASSPHRASE
from qa_tui.errors import AuthenticationError, NotFound, PermissionDenied, UsageError
from qa_tui.services import accounts, audit, interactions, people
from qa_tui.services.permissions import Role
from qa_tui.services.privacy.erasure import erase_subject
from qa_tui.services.privacy.subject_access import export_subject
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Agent, Customer, DataSubject, Interaction, SurveyResponse
from qa_tui.store.vault import ERASED, decrypt_field, field_aad, subject_aad

NAME, EMAIL, PHONE, POSTCODE = "Zebedee Quixote", "zebedee.quixote@example.co.uk", "07700 900461", "LS1 4AP"
WORDS = "my dog is called Marmaduke"


@pytest.fixture
def person(admin, org):
    """A customer with two contacts handled by Priya Sharma, and another customer who stays."""
    customer = people.create_customer(admin, name=NAME, email=EMAIL, phone=PHONE, postcode=POSTCODE)
    other = people.create_customer(admin, name="Olive Other", email="olive@example.co.uk")
    when = datetime.now(UTC) - timedelta(days=1)
    items = [
        interactions.NewInteraction(interactions.Channel.CALL, when, org[2], customer_id=customer, duration_seconds=300,
                                    external_ref="TEL-0001", text=f"This is Priya. Hello {NAME}, {WORDS}, email {EMAIL}."),
        interactions.NewInteraction(interactions.Channel.CHAT, when, org[2], customer_id=customer, text=f"Postcode {POSTCODE}."),
        interactions.NewInteraction(interactions.Channel.CALL, when, org[2], customer_id=other, text="Priya Sharma here, hello Olive."),
    ]
    interactions.record_interactions(admin, items)
    people.get_customer(admin, customer, reason="complaint 12")
    return customer, other


def _subject(admin, customer_id):
    with admin.db.read() as session:
        return session.get(DataSubject, session.get(Customer, customer_id).subject_id)


def _every_plaintext(actor) -> str:
    """Decrypt every personal field still held, with a fresh vault cache: what a master-key holder could read."""
    vault = actor.db.vault
    out = []
    with actor.db.read() as session:
        keys = {s.id: (vault.unwrap(s.wrapped_key, subject_aad(s.id), "data key") if s.wrapped_key else None)
                for s in session.exec(select(DataSubject)).all()}
        for c in session.exec(select(Customer)).all():
            out += [decrypt_field(keys[c.subject_id], getattr(c, f"{f}_enc"), field_aad("customer", f, c.id), f)
                    for f in ("name", "email", "phone", "postcode")]
        for a in session.exec(select(Agent)).all():
            out.append(decrypt_field(keys[a.subject_id], a.name_enc, field_aad("agent", "name", a.id), "name"))
        for i in session.exec(select(Interaction)).all():
            out += [decrypt_field(keys[i.subject_id], getattr(i, f"{f}_enc"), field_aad("interaction", f, i.id), f)
                    for f in ("text", "redacted")]
            out.append(i.external_ref)
    return "\n".join(v for v in out if v)


def test_erasing_a_customer_shreds_their_key_and_keeps_the_figures(admin, person):
    customer, other = person
    report = erase_subject(admin, str(customer), reason="SAR-77 erasure request")
    assert report.kind == "customer" and report.log_cleared
    assert any("search indexes" in line for line in report.erased)
    assert any("interaction(s): channel, times" in what for what, _ in report.kept)
    info = people.get_customer(admin, customer, reason="check erasure")
    assert (info.name, info.email, info.phone, info.postcode) == (ERASED,) * 4
    assert people.find_customers(admin, email=EMAIL) == [] and people.find_customers(admin, phone=PHONE) == []
    assert _subject(admin, customer).wrapped_key is None and _subject(admin, customer).erased_at is not None
    # Figures survive: three contacts, channels and durations intact; the other customer untouched.
    assert interactions.count_interactions(admin) == 3
    with admin.db.read() as session:
        rows = session.exec(select(Interaction).where(Interaction.customer_id == customer)).all()
    assert sorted(r.channel for r in rows) == ["call", "chat"] and {r.duration_seconds for r in rows} == {300, None}
    assert {r.external_ref for r in rows} == {None}
    assert all(interactions.get_interaction(admin, r.id, unredacted=True, reason="x").text == ERASED for r in rows)
    assert people.get_customer(admin, other, reason="check").name == "Olive Other"


def test_nothing_of_theirs_decrypts_even_with_the_master_key(admin, person):
    customer, _ = person
    erase_subject(admin, customer)
    again = sign_in(admin.db.location, admin.name, PASSPHRASE)  # a fresh session: no key left in any cache
    everything = _every_plaintext(again)
    assert "Olive Other" in everything  # the check does read what is still held
    for secret in (NAME, "Quixote", EMAIL, PHONE, POSTCODE, WORDS, "TEL-0001"):
        assert secret not in everything


def test_their_complaints_and_survey_comments_go_with_the_key_and_the_report_says_so(admin, person, org, location,
                                                                                     tmp_path):
    from datetime import date

    from qa_tui.services import complaints
    from qa_tui.services.complaint_log import get_complaint
    from qa_tui.services.imports import import_file
    from qa_tui.services.surveys import list_verbatims

    customer, _ = person
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    handler = sign_in(location, "mo", PASSPHRASE)
    complaint = complaints.log_complaint(handler, complaints.NewComplaint(
        date.today(), channel="email", category="Billing", severity="low", customer_id=customer,
        text=f"Charged twice; {WORDS}."))
    (tmp_path / "s.csv").write_text(f"Date,Contact ID,CSAT,Comment\n{date.today()},TEL-0001,2,Ask about {WORDS}\n")
    assert import_file(admin, "surveys", tmp_path / "s.csv").imported == 1
    report = erase_subject(admin, customer)  # in ann's session; mo's cached the key when logging the complaint
    assert "the texts of 1 complaint(s): theirs and the handlers' notes, under the same key" in report.erased
    assert "the comments of 1 survey response(s), under the same key" in report.erased
    assert ("1 survey response(s): their scores", "CSAT, NPS, effort and resolution figures depend on them") in report.kept
    assert get_complaint(handler, complaint, date.today()).text == ERASED  # that cache was emptied too
    assert [v.text for v in list_verbatims(admin)] == [ERASED]
    with admin.db.read() as session:
        (response,) = session.exec(select(SurveyResponse)).all()
    assert response.natural_key.replace("-", "") == f"erased:{response.id.hex}" and response.external_ref is None
    assert WORDS not in str(export_subject(admin, customer))
    again = import_file(admin, "surveys", tmp_path / "s.csv", strict=True)  # the vendor's file again: no error,
    assert (again.imported, again.rejected, again.withdrawn) == (0, 0, 1)  # and the words stay erased
    assert [v.text for v in list_verbatims(admin)] == [ERASED]


def test_their_contacts_are_not_imported_again_and_only_digests_of_the_references_are_kept(admin, person, tmp_path):
    from qa_tui.services.imports import import_file
    from qa_tui.store.models import WithdrawnImportKey

    customer, _ = person
    erase_subject(admin, customer)
    (tmp_path / "c.csv").write_text("Call ID,Date,Channel,Agent,Transcript\n"
                                    f"TEL-0001,2026-01-02 09:00,call,Priya Sharma,Hello {NAME}\n"
                                    "TEL-0002,2026-01-02 10:00,call,Priya Sharma,Hello Olive\n")
    report = import_file(admin, "interactions", tmp_path / "c.csv")
    assert (report.imported, report.withdrawn) == (1, 1)
    assert NAME not in _every_plaintext(admin)
    with admin.db.read() as session:
        (withdrawn,) = session.exec(select(WithdrawnImportKey)).all()
    assert (withdrawn.key_table, withdrawn.reason, len(withdrawn.digest)) == ("interaction", "erased", 40)
    unkeyed = hashlib.blake2b(b"interaction\x1fTEL-0001", digest_size=20).hexdigest()
    assert withdrawn.digest != unkeyed  # keyed: nobody without the store's secret can test a reference against it


def test_a_survey_or_complaint_naming_an_erased_contact_is_left_out_not_rejected(admin, person, location, tmp_path):
    from qa_tui.services.imports import import_file

    customer, _ = person
    erase_subject(admin, customer)
    (tmp_path / "s.csv").write_text("Date,Contact ID,CSAT,Comment\n2026-01-03,TEL-0001,2,Still cross about my dog\n")
    surveys = import_file(admin, "surveys", tmp_path / "s.csv", strict=True)  # never imported before: the lookup
    assert (surveys.imported, surveys.rejected, surveys.withdrawn) == (0, 0, 1)  # finds the contact withdrawn
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    (tmp_path / "log.csv").write_text("Complaint ref,Received,Channel,Category,Severity,Complaint,Contact ref\n"
                                      "OLD-9,2026-01-05,email,Billing,low,Charged twice,TEL-0001\n")
    complaints = import_file(sign_in(location, "mo", PASSPHRASE), "complaints", tmp_path / "log.csv")
    assert (complaints.imported, complaints.rejected, complaints.withdrawn) == (0, 0, 1)


def test_erasure_is_audited_without_personal_data(admin, person):
    customer, _ = person
    erase_subject(admin, customer, reason="SAR-77")
    entry = audit.recent(admin, limit=1)[0]
    assert (entry.action, entry.reason, entry.target) == ("subject.erase", "SAR-77", f"customer {customer}")
    with admin.db.read() as session:
        trail = "\n".join(str(row) for row in session.execute(sa.text("SELECT * FROM audit_entry")))
    for secret in (NAME, EMAIL, PHONE, POSTCODE):
        assert secret not in trail
    assert audit.verify(admin).intact


def _sqlite_pages(location, master_key):
    """Every page of the database file and its WAL, decrypted with the SQLCipher key (AES-256-CBC per page)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    from qa_tui.store.engine import keyring_for, sqlcipher_key

    key, size, reserve = sqlcipher_key(master_key), keyring_for(location).load().page_size, 80

    def decrypt(page: bytes, first: bool) -> bytes:
        iv = page[size - reserve:size - reserve + 16]
        body = page[16 if first else 0:size - reserve]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        return decryptor.update(body) + decryptor.finalize()

    data = location.path.read_bytes()
    pages = [decrypt(data[i:i + size], i == 0) for i in range(0, len(data), size)]
    wal = location.path.with_name(location.path.name + "-wal")
    log = wal.read_bytes() if wal.exists() else b""
    for offset in range(32, len(log) - size, 24 + size):
        number = int.from_bytes(log[offset:offset + 4], "big")
        pages.append(decrypt(log[offset + 24:offset + 24 + size], number == 1))
    return pages, len(log)


def test_no_key_or_index_left_in_the_sqlite_file_or_its_wal(admin, person, location):
    if not location.is_sqlite:
        pytest.skip("the file test is SQLite's; PostgreSQL's rows are checked below")
    customer, _ = person
    subject = _subject(admin, customer)
    with admin.db.read() as session:
        indexes = session.execute(sa.select(Customer.email_index, Customer.phone_index).where(Customer.id == customer)).one()
    traces = [subject.wrapped_key, *indexes, admin.db.vault.unwrap(subject.wrapped_key, subject_aad(subject.id), "key")]
    pages, _ = _sqlite_pages(location, admin.db.vault.master_key)
    before = b"".join(pages)
    assert all(trace in before for trace in traces[:3]), "the page decryption finds what is stored"
    erase_subject(admin, customer)
    pages, wal_size = _sqlite_pages(location, admin.db.vault.master_key)
    after = b"".join(pages)
    assert wal_size == 0, "the WAL was checkpointed and truncated"
    for trace in traces:
        assert trace not in after
    for secret in (NAME, EMAIL, PHONE, POSTCODE, WORDS):
        assert secret.encode() not in after


def test_no_key_or_index_left_in_postgres_rows(admin, person, location):
    if location.is_sqlite:
        pytest.skip("PostgreSQL only")
    customer, _ = person
    subject = _subject(admin, customer)
    erase_subject(admin, customer)
    with admin.db.read() as session:
        tables = sa.inspect(session.connection()).get_table_names()
        dump = "\n".join(str(r) for t in tables for r in session.execute(sa.text(f'SELECT t::text FROM "{t}" t')))
    assert subject.wrapped_key.hex() not in dump
    for secret in (NAME, EMAIL, PHONE, POSTCODE, WORDS):
        assert secret not in dump


def test_an_export_after_erasure_holds_nothing_of_theirs(admin, person, org):
    customer, _ = person
    erase_subject(admin, customer)
    exported = str(export_subject(admin, customer)) + str(export_subject(admin, org[2]))
    assert ERASED in exported
    for secret in (NAME, EMAIL, PHONE, POSTCODE, WORDS, "TEL-0001"):
        assert secret not in exported


def test_erasing_an_agent_scrubs_their_name_from_transcripts_and_disables_their_account(admin, person, org, location):
    customer, other = person
    accounts.add_user(admin, name="priya", role=Role.AGENT, passphrase=PASSPHRASE, display_name="Priya Sharma", agent_id=org[2])
    report = erase_subject(admin, org[2], reason="left the company")
    assert report.kind == "agent" and any("2 transcript(s)" in line for line in report.erased)
    assert [a.name for a in people.list_agents(admin)] == [ERASED]
    with pytest.raises(AuthenticationError):
        sign_in(location, "priya", PASSPHRASE)
    assert next(u for u in accounts.list_users(admin) if u.name == "priya").display_name == ""
    everything = _every_plaintext(sign_in(location, admin.name, PASSPHRASE))
    assert "Priya" not in everything and "Sharma" not in everything
    assert "[AGENT_NAME] here, hello Olive." in everything  # the customer's words survive
    assert interactions.count_interactions(admin) == 3


def test_erasure_refusals(admin, person, location):
    customer, _ = person
    with pytest.raises(NotFound, match="There is no customer, agent or mystery shopper with id"):
        erase_subject(admin, "6f1c2a4e-0000-4000-8000-000000000000")
    with pytest.raises(UsageError, match="is not a record id"):
        erase_subject(admin, "bob")
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    with pytest.raises(PermissionDenied, match="mo \\(qa manager\\) may not erase a person's data."):
        erase_subject(sign_in(location, "mo", PASSPHRASE), customer)
    erase_subject(admin, customer)
    with pytest.raises(UsageError, match="already erased on"):
        erase_subject(admin, customer)


def test_sqlite_connections_zero_what_they_free(admin, location):
    if not location.is_sqlite:
        pytest.skip("SQLite only")
    with admin.db.read() as session:
        assert session.execute(sa.text("PRAGMA secure_delete")).scalar() == 1


# --- naming the person: a request usually comes with an email address, not our id -------------------------


def test_a_person_is_named_by_record_id_or_by_a_customer_s_email_or_phone(admin, person, org):
    from qa_tui.services.privacy.common import resolve_person

    customer, _ = person
    assert resolve_person(admin, f" {customer} ") == customer
    assert resolve_person(admin, customer.hex) == customer
    assert resolve_person(admin, EMAIL.upper()) == customer
    assert resolve_person(admin, "+44 7700 900461") == customer
    assert resolve_person(admin, str(org[2])) == org[2]  # an agent: by id only


@pytest.mark.parametrize(("text", "error", "message"), [
    ("bob", UsageError, "'bob' is not a record id, an email address or a phone number."),
    ("12", UsageError, "'12' is not a record id"),
    ("nobody@example.com", NotFound, "No customer has the email address nobody@example.com."),
    ("01632 960000", NotFound, "No customer has the phone number 01632 960000."),
])
def test_a_person_named_wrongly_is_one_sentence(admin, person, text, error, message):
    from qa_tui.services.privacy.common import resolve_person

    with pytest.raises(error, match=re.escape(message)):
        resolve_person(admin, text)


def test_an_email_two_customers_share_asks_for_the_record_id(admin, person):
    from qa_tui.services.privacy.common import resolve_person

    people.create_customer(admin, name="Zeb Q", email=EMAIL)
    with pytest.raises(UsageError, match="2 customers have the email address .*'qa-tui subject find' lists them"):
        resolve_person(admin, EMAIL)


def test_the_person_an_erasure_would_reach_is_named_for_admins_only(admin, person, location):
    from qa_tui.services.privacy.common import person_to_erase

    customer, _ = person
    record = person_to_erase(admin, EMAIL)
    assert (record.noun, record.record_id) == ("customer", customer)
    with pytest.raises(NotFound, match="There is no customer, agent or mystery shopper with id"):
        person_to_erase(admin, "6f1c2a4e-0000-4000-8000-000000000000")
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    with pytest.raises(PermissionDenied, match="may not"):
        person_to_erase(sign_in(location, "mo", PASSPHRASE), EMAIL)


def test_an_import_matched_to_a_person_erased_meanwhile_writes_nothing_and_says_so(admin, person, tmp_path, monkeypatch):
    from qa_tui.errors import ConflictError
    from qa_tui.services.imports import core, import_file

    customer, _ = person
    keyed = core.with_natural_keys

    def erased_in_between(*args):  # the erasure commits after the rows were matched, before they are written
        erase_subject(admin, customer)
        return keyed(*args)

    monkeypatch.setattr(core, "with_natural_keys", erased_in_between)
    (tmp_path / "s.csv").write_text("Date,Contact ID,CSAT,Comment\n2026-01-03,TEL-0001,2,About my dog\n")
    with pytest.raises(ConflictError, match="was erased meanwhile, so nothing was written"):
        import_file(admin, "surveys", tmp_path / "s.csv")
    with admin.db.read() as session:
        assert session.exec(select(SurveyResponse)).all() == []
    monkeypatch.setattr(core, "with_natural_keys", keyed)
    assert import_file(admin, "surveys", tmp_path / "s.csv").withdrawn == 1  # and again: left out
