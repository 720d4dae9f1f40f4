import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa_tui.errors import IntegrityError
from qa_tui.store import crypto


@given(st.binary(max_size=2000), st.binary(max_size=64))
def test_encrypt_round_trips(plaintext, aad):
    key = crypto.random_key()
    assert crypto.decrypt(key, crypto.encrypt(key, plaintext, aad), aad) == plaintext


def test_ciphertext_is_bound_to_its_place():
    key = crypto.random_key()
    blob = crypto.encrypt(key, b"Jane Doe", b"customer.name:1")
    with pytest.raises(IntegrityError):
        crypto.decrypt(key, blob, b"customer.name:2")


@pytest.mark.parametrize("position", [0, 5, 20, -1])
def test_any_flipped_byte_is_detected(position):
    key = crypto.random_key()
    blob = bytearray(crypto.encrypt(key, b"4929 1234 5678 9012", b"aad"))
    blob[position] ^= 0x01
    with pytest.raises(IntegrityError):
        crypto.decrypt(key, bytes(blob), b"aad")


def test_wrong_key_is_detected_not_decoded():
    blob = crypto.encrypt(crypto.random_key(), b"secret", b"")
    with pytest.raises(IntegrityError):
        crypto.decrypt(crypto.random_key(), blob, b"")


def test_sealing_to_a_public_key():
    private, public = crypto.new_keypair()
    sealed = crypto.seal_to(public, b"master key", b"aad")
    assert crypto.open_sealed(private, sealed, b"aad") == b"master key"
    other_private, _ = crypto.new_keypair()
    with pytest.raises(IntegrityError):
        crypto.open_sealed(other_private, sealed, b"aad")


def test_passphrase_keys_depend_on_passphrase_and_salt():
    params = crypto.KdfParams.fresh()
    first = crypto.derive_passphrase_keys("correct horse", params)
    assert crypto.derive_passphrase_keys("correct horse", params) == first
    assert crypto.derive_passphrase_keys("correct horsf", params) != first
    assert crypto.derive_passphrase_keys("correct horse", crypto.KdfParams.fresh()) != first


def test_scrypt_cost_never_goes_below_floor(monkeypatch):
    monkeypatch.setenv("QA_TUI_SCRYPT_N", "2")
    assert crypto.default_scrypt_cost() == 2**10
    monkeypatch.delenv("QA_TUI_SCRYPT_N")
    assert crypto.default_scrypt_cost() == 2**17


def test_blind_index_is_keyed_and_deterministic():
    key = crypto.random_key()
    assert crypto.blind_index(key, "a@b.uk") == crypto.blind_index(key, "a@b.uk")
    assert crypto.blind_index(key, "a@b.uk") != crypto.blind_index(crypto.random_key(), "a@b.uk")
