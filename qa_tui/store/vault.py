"""The keys of an unlocked database: the master key, the secrets it wraps, and per-subject data keys.

Personal fields are AES-256-GCM under the data subject's key, with the row's identity as associated data, so a
ciphertext moved to another row or column fails its check instead of decoding.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from qa_tui.store import crypto

SECRET_NAMES = ("blind_index", "audit", "database_private_key")
SUBJECT_KEY_CACHE = 50_000
"""Unwrapped data keys kept in memory, least recently used dropped first (bulk runs touch hundreds of thousands)."""
ERASED = "[erased]"


def field_aad(table: str, column: str, row_id: uuid.UUID) -> bytes:
    return f"{table}.{column}:{row_id}".encode()


def subject_aad(subject_id: uuid.UUID) -> bytes:
    return f"data_subject:{subject_id}".encode()


def secret_aad(name: str) -> bytes:
    return f"store_secret:{name}".encode()


@dataclass
class Vault:
    """Holds key material in memory for one signed-in session; never written anywhere in clear."""

    master_key: bytes
    key_id: str
    secrets: dict[str, bytes]
    _subject_keys: OrderedDict[uuid.UUID, bytes | None] = field(default_factory=OrderedDict, repr=False)
    _master_cipher: object = field(default=None, repr=False)
    """The master key ready to use (built once: imports wrap hundreds of thousands of data keys)."""

    @property
    def blind_index_key(self) -> bytes:
        return self.secrets["blind_index"]

    @property
    def audit_key(self) -> bytes:
        return self.secrets["audit"]

    # Wrapping under the master key ------------------------------------------------------------------------

    def wrap(self, key: bytes, aad: bytes, nonce: bytes | None = None) -> bytes:
        if self._master_cipher is None:
            self._master_cipher = crypto.cipher(self.master_key)
        return crypto.encrypt_with(self._master_cipher, key, aad, nonce)

    def unwrap(self, wrapped: bytes, aad: bytes, what: str) -> bytes:
        return crypto.decrypt(self.master_key, wrapped, aad, what)

    # Data subjects ----------------------------------------------------------------------------------------

    def new_subject_key(self, subject_id: uuid.UUID) -> tuple[bytes, bytes]:
        """A fresh data key for a subject, as (key, wrapped key); the key is cached."""
        key = crypto.random_key()
        self._remember(subject_id, key)
        return key, self.wrap(key, subject_aad(subject_id))

    def remember_subject_key(self, subject_id: uuid.UUID, wrapped: bytes | None) -> bytes | None:
        """Unwrap (once) and cache a subject's key; None for an erased subject."""
        if subject_id not in self._subject_keys:
            key = None if wrapped is None else self.unwrap(wrapped, subject_aad(subject_id), "data key")
            self._remember(subject_id, key)
        return self._subject_keys[subject_id]

    def cached_subject_key(self, subject_id: uuid.UUID) -> bytes | None:
        key = self._subject_keys.get(subject_id)
        if key is not None:
            self._subject_keys.move_to_end(subject_id)
        return key

    def _remember(self, subject_id: uuid.UUID, key: bytes | None) -> None:
        self._subject_keys[subject_id] = key
        self._subject_keys.move_to_end(subject_id)
        if len(self._subject_keys) > SUBJECT_KEY_CACHE:
            self._subject_keys.popitem(last=False)

    def forget_subject(self, subject_id: uuid.UUID) -> None:
        self._subject_keys.pop(subject_id, None)

    # Fields -----------------------------------------------------------------------------------------------

    def blind_index(self, value: str) -> bytes:
        return crypto.blind_index(self.blind_index_key, value)


def encrypt_field(subject_key: bytes, value: str | None, aad: bytes) -> bytes | None:
    if value is None:
        return None
    return crypto.encrypt(subject_key, value.encode("utf-8"), aad)


def decrypt_field(subject_key: bytes | None, blob: bytes | None, aad: bytes, what: str) -> str | None:
    """The plaintext, None for an empty field, or `ERASED` once the subject's key is gone."""
    if blob is None:
        return None
    if subject_key is None:
        return ERASED
    return crypto.decrypt(subject_key, blob, aad, what).decode("utf-8")
