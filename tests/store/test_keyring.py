import json

import pytest

from qa_tui.errors import IntegrityError, NotAQaTuiDatabase
from qa_tui.store import crypto
from qa_tui.store.keyring import FileStorage, Keyring, KeyringDoc, dumps, loads, make_slot, open_slot, reseal_masters


def _doc(**slots) -> KeyringDoc:
    _, public = crypto.new_keypair()
    return KeyringDoc("db-1", public, "k1", slots=slots)


def test_slot_opens_with_its_passphrase_only():
    master = crypto.random_key()
    slot = make_slot("right passphrase", {"k1": master}, "ref")
    assert open_slot(slot, "right passphrase", "ref") == {"k1": master}
    assert open_slot(slot, "wrong passphrase", "ref") is None


def test_tampered_slot_is_reported_not_decoded():
    slot = make_slot("right passphrase", {"k1": crypto.random_key()}, "ref")
    damaged = bytearray(slot.private_key)
    damaged[-3] ^= 0xFF
    with pytest.raises(IntegrityError):
        open_slot(slot.__class__(**{**slot.__dict__, "private_key": bytes(damaged)}), "right passphrase", "ref")


def test_slot_moved_to_another_user_does_not_open():
    slot = make_slot("right passphrase", {"k1": crypto.random_key()}, "ann")
    with pytest.raises(IntegrityError):
        open_slot(slot, "right passphrase", "bob")


def test_resealing_needs_no_passphrase():
    slot = make_slot("right passphrase", {"k1": b"1" * 32}, "ref")
    resealed = reseal_masters(slot, {"k2": b"2" * 32})
    assert open_slot(resealed, "right passphrase", "ref") == {"k2": b"2" * 32}


def test_document_round_trips():
    slot = make_slot("right passphrase", {"k1": crypto.random_key()}, "ref")
    doc = _doc(ref=slot)
    assert loads(dumps(doc), "x") == doc


def test_document_names_nobody():
    doc = _doc()
    ref = doc.slot_ref("priya.sharma")
    text = dumps(KeyringDoc(doc.database_id, doc.database_public_key, "k1", slots={ref: make_slot("pass phrase 1", {"k1": b"k" * 32}, ref)}))
    assert "priya" not in text


def test_edited_document_fails_its_check():
    body = json.loads(dumps(_doc()))
    body["current_key_id"] = "k9"
    with pytest.raises(IntegrityError, match="integrity check"):
        loads(json.dumps(body), "qa.db.keys")


def test_foreign_file_is_not_a_keyring():
    with pytest.raises(NotAQaTuiDatabase):
        loads('{"hello": 1}', "notes.json")


def test_file_storage_updates_atomically(tmp_path):
    keyring = Keyring(FileStorage(tmp_path / "qa.db.keys"))
    keyring.create(_doc())
    keyring.update(lambda doc: doc.__class__(**{**doc.__dict__, "current_key_id": "k2"}))
    assert keyring.load().current_key_id == "k2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qa.db.keys", "qa.db.keys.lock"]
    with pytest.raises(NotAQaTuiDatabase, match="already"):
        keyring.create(_doc())
