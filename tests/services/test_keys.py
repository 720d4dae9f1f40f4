import pytest
import sqlalchemy as sa

from support import ADMIN, PASSPHRASE
from qa_tui.errors import NotAQaTuiDatabase
from qa_tui.services import accounts, audit, keys, people
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.engine import check_sqlcipher_key, sqlite_engine


def test_rotation_keeps_everything_readable(admin, org, location):
    customer = people.create_customer(admin, name="Jane Doe", email="jane@example.co.uk")
    accounts.add_user(admin, name="bob", role=Role.ASSESSOR, passphrase="bob passphrase")
    old_master = admin.db.vault.master_key
    report = keys.rotate(admin)
    assert report.data_keys == 2 and report.slots == 2 and report.old_key_id != report.new_key_id
    assert admin.db.vault.master_key != old_master
    # Everyone still signs in with the same passphrase and reads the same data.
    again = sign_in(location, ADMIN, PASSPHRASE)
    assert again.db.vault.key_id == report.new_key_id
    assert people.get_customer(again, customer, reason="test").name == "Jane Doe"
    assert [a.name for a in people.list_agents(again)] == ["Priya Sharma"]
    assert sign_in(location, "bob", "bob passphrase").db.vault.key_id == report.new_key_id
    assert audit.verify(again).intact
    assert set(again.db.keyring.load().slots[again.db.keyring.load().slot_ref("bob")].masters) == {report.new_key_id}


def test_old_master_key_no_longer_opens_the_file(admin, location):
    if not location.is_sqlite:
        pytest.skip("whole-file encryption is SQLite's")
    old_master = admin.db.vault.master_key
    keys.rotate(admin)
    with pytest.raises(NotAQaTuiDatabase):
        check_sqlcipher_key(sqlite_engine(location, old_master, admin.db.keyring.load().page_size), location)


def test_interrupted_rotation_still_opens(admin, org, location, monkeypatch):
    customer = people.create_customer(admin, name="Jane Doe")
    # Die after the data keys were re-wrapped but before the file was re-keyed and old keys dropped.
    monkeypatch.setattr(keys, "_finish", lambda db, new: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        keys.rotate(admin)
    monkeypatch.undo()
    survivor = sign_in(location, ADMIN, PASSPHRASE)  # signing in finishes the rotation
    assert people.get_customer(survivor, customer, reason="test").name == "Jane Doe"
    doc = survivor.db.keyring.load()
    assert set(doc.slots[doc.slot_ref(ADMIN)].masters) == {doc.current_key_id} == {survivor.db.vault.key_id}
    keys.rotate(survivor)
    final = sign_in(location, ADMIN, PASSPHRASE)
    assert people.get_customer(final, customer, reason="test").name == "Jane Doe"


def test_only_admins_rotate(admin, location):
    from qa_tui.errors import PermissionDenied

    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase="mo passphrase")
    with pytest.raises(PermissionDenied):
        keys.rotate(sign_in(location, "mo", "mo passphrase"))


def test_wrapped_keys_all_carry_the_new_key_id(admin, org):
    new_id = keys.rotate(admin).new_key_id
    with admin.db.read() as session:
        ids = set(session.execute(sa.text("SELECT key_id FROM data_subject UNION SELECT key_id FROM store_secret")).scalars())
    assert ids == {new_id}


def test_other_sessions_are_told_to_sign_in_again(admin, location):
    from qa_tui.errors import DatabaseUnavailable

    if not location.is_sqlite:
        pytest.skip("only SQLite's file key changes under open sessions")
    other = sign_in(location, ADMIN, PASSPHRASE)
    keys.rotate(admin)
    with pytest.raises(DatabaseUnavailable, match="sign in again"):
        accounts.list_users(other)
