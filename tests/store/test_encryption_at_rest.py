"""Known plaintext must not be found in the database file, its WAL, its key file, or PostgreSQL's rows."""

from datetime import UTC, datetime

import sqlalchemy as sa

from qa_tui.services import interactions, people
from qa_tui.store.models import Channel

SECRETS = ["Zebedee Quixote", "zebedee.quixote@example.co.uk", "07700 900461", "LS1 4AP", "4929123456789012",
           "my dog is called Marmaduke"]


def _write_personal_data(admin, agent):
    customer = people.create_customer(admin, name=SECRETS[0], email=SECRETS[1], phone=SECRETS[2], postcode=SECRETS[3])
    text = f"Caller {SECRETS[0]} paid with {SECRETS[4]} and said {SECRETS[5]}."
    interactions.record_interactions(
        admin, [interactions.NewInteraction(Channel.CALL, datetime.now(UTC), agent, text=text, customer_id=customer)]
    )
    return customer


def test_nothing_readable_in_files(admin, org, location):
    if not location.is_sqlite:
        return
    _write_personal_data(admin, org[2])
    from qa_tui.services import accounts
    from qa_tui.services.permissions import Role

    # Long markers only: a 3-letter name turns up by chance in a few hundred kilobytes of random ciphertext.
    accounts.add_user(admin, name="quixotic_assessor", role=Role.ASSESSOR, passphrase="a long passphrase")
    files = [location.path, location.path.with_name(location.path.name + "-wal"), location.key_file]
    assert all(f.exists() for f in files), "the WAL should hold recent writes"
    assert not location.path.read_bytes().startswith(b"SQLite format 3")
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS + ["Priya Sharma", "quixotic_assessor"]:
            assert secret.encode() not in data, f"{secret!r} readable in {path.name}"


def test_nothing_readable_in_postgres_rows(admin, org, location):
    if location.is_sqlite:
        return
    _write_personal_data(admin, org[2])
    with admin.db.read() as session:
        tables = sa.inspect(session.connection()).get_table_names()
        dump = "\n".join(
            str(row) for table in tables for row in session.execute(sa.text(f'SELECT t::text FROM "{table}" t'))
        )
    for secret in SECRETS + ["Priya Sharma"]:
        assert secret not in dump


def test_customer_found_by_blind_index_and_read_back(admin, org):
    customer = _write_personal_data(admin, org[2])
    assert people.find_customers(admin, email="  ZEBEDEE.Quixote@example.co.uk") == [customer]
    assert people.find_customers(admin, phone="+44 7700 900461") == [customer]
    assert people.find_customers(admin, phone="07700 900462") == []
    info = people.get_customer(admin, customer, reason="subject access request")
    assert (info.name, info.email, info.postcode) == (SECRETS[0], SECRETS[1], SECRETS[3])


def test_tampered_field_is_reported_not_decoded(admin, org):
    import pytest

    from qa_tui.errors import IntegrityError

    customer = _write_personal_data(admin, org[2])
    with admin.db.write() as session:
        # Move a ciphertext into another column of the same row: right key, wrong place.
        session.execute(sa.text("UPDATE customer SET name_enc = email_enc"))
    with pytest.raises(IntegrityError, match="customer name failed its integrity check"):
        people.get_customer(admin, customer, reason="test")
