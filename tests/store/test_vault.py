"""The vault's cache of data keys: emptied when the database's erasure marker moves, never refilled from before."""

import uuid

from qa_tui.store import crypto
from qa_tui.store.vault import Vault, subject_aad


def _vault() -> Vault:
    return Vault(crypto.random_key(), "k1", {})


def _wrapped(vault: Vault, subject_id: uuid.UUID) -> tuple[bytes, bytes]:
    key = crypto.random_key()
    return key, vault.wrap(key, subject_aad(subject_id))


def test_a_moved_erasure_marker_empties_the_cache_and_the_same_marker_keeps_it():
    vault, subject = _vault(), uuid.uuid4()
    vault.forget_keys_if_erased((0, None))
    key, wrapped = _wrapped(vault, subject)
    assert vault.remember_subject_key(subject, wrapped, (0, None)) == key
    vault.forget_keys_if_erased((0, None))
    assert vault.cached_subject_key(subject) == key
    vault.forget_keys_if_erased((1, "2026-12-08"))
    assert vault.cached_subject_key(subject) is None


def test_a_key_read_under_an_older_marker_is_returned_but_not_cached_again():
    vault, subject = _vault(), uuid.uuid4()
    vault.forget_keys_if_erased((0, None))
    key, wrapped = _wrapped(vault, subject)
    vault.forget_keys_if_erased((1, "2026-12-08"))  # another thread's transaction saw an erasure meanwhile
    assert vault.remember_subject_key(subject, wrapped, (0, None)) == key
    assert vault.cached_subject_key(subject) is None
    assert vault.remember_subject_key(subject, wrapped, (1, "2026-12-08")) == key
    assert vault.cached_subject_key(subject) == key
