"""The keys of an unlocked database: the master key, the secrets it wraps, and per-subject data keys.

Personal fields are AES-256-GCM under the data subject's key, with the row's identity as associated data, so a
ciphertext moved to another row or column fails its check instead of decoding.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Hashable

from qa_tui.store import crypto

SECRET_NAMES = ("blind_index", "audit", "database_private_key")
SUBJECT_KEY_CACHE = 50_000
"""Unwrapped data keys kept in memory, least recently used dropped first (bulk runs touch hundreds of thousands)."""
ERASED = "[erased]"
ANY_MARKER = object()
"""For keys read outside a unit of work of `Database` (signing in): cached whatever the erasure marker."""


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
    _erasures: Hashable = field(default=None, repr=False)
    """The erasure marker the cached keys were read under (`forget_keys_if_erased`)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    """The cache is shared by the session's worker threads, and emptied while they may be using it."""

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

    def remember_subject_key(self, subject_id: uuid.UUID, wrapped: bytes | None,
                             seen: Hashable = ANY_MARKER) -> bytes | None:
        """Unwrap (once) and cache a subject's key; None for an erased subject.

        `seen`: the erasure marker of the transaction that read `wrapped`. A key read before an erasure that has
        emptied the cache since is returned but not cached again."""
        with self._lock:
            if subject_id in self._subject_keys:
                return self._subject_keys[subject_id]
        key = None if wrapped is None else self.unwrap(wrapped, subject_aad(subject_id), "data key")
        with self._lock:
            if seen is ANY_MARKER or seen == self._erasures:
                self._store(subject_id, key)
        return key

    def cached_subject_key(self, subject_id: uuid.UUID) -> bytes | None:
        with self._lock:
            key = self._subject_keys.get(subject_id)
            if key is not None:
                self._subject_keys.move_to_end(subject_id)
            return key

    def _remember(self, subject_id: uuid.UUID, key: bytes | None) -> None:
        with self._lock:
            self._store(subject_id, key)

    def _store(self, subject_id: uuid.UUID, key: bytes | None) -> None:
        self._subject_keys[subject_id] = key
        self._subject_keys.move_to_end(subject_id)
        if len(self._subject_keys) > SUBJECT_KEY_CACHE:
            self._subject_keys.popitem(last=False)

    def forget_subject(self, subject_id: uuid.UUID) -> None:
        with self._lock:
            self._subject_keys.pop(subject_id, None)

    def forget_keys_if_erased(self, marker: Hashable) -> None:
        """Drop every cached data key when `marker` (what the database says of its erased subjects) has moved since
        the last call: someone, in this session or another, erased a person whose key may be cached here."""
        with self._lock:
            if marker != self._erasures:
                self._subject_keys.clear()
                self._erasures = marker

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
