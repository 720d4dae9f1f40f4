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


@given(st.lists(st.tuples(st.sampled_from(range(3)), st.binary(max_size=64), st.binary(max_size=64)), max_size=20))
def test_pairs_read_back_under_their_own_lock_only(rows):
    keys = [crypto.random_key() for _ in range(3)]  # keys repeat across pairs, as a customer's texts do
    locks = [(keys[k], b"text:%d" % n, b"copy:%d" % n) for n, (k, _, _) in enumerate(rows)]
    sealed = crypto.encrypt_pairs(locks, [(text, copy) for _, text, copy in rows])
    for (key, text_aad, copy_aad), (_, text, copy), (text_blob, copy_blob) in zip(locks, rows, sealed):
        assert crypto.decrypt(key, text_blob, text_aad) == text and crypto.decrypt(key, copy_blob, copy_aad) == copy
        with pytest.raises(IntegrityError):
            crypto.decrypt(key, text_blob, copy_aad)
    nonces = [blob[1:1 + crypto.NONCE_BYTES] for pair in sealed for blob in pair]
    assert len(set(nonces)) == len(nonces)


def test_pairs_and_locks_must_match_in_number():
    with pytest.raises(ValueError):
        crypto.encrypt_pairs([(crypto.random_key(), b"a", b"b")] * 2, [(b"text", b"copy")])
