"""Cryptographic primitives: passphrase KDF, authenticated encryption, sealing to a public key, blind indexes.

Everything here is a pure function over bytes. A failed integrity check always raises `IntegrityError`,
never returns garbage.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from qa_tui.errors import IntegrityError

KEY_BYTES = 32
NONCE_BYTES = 12
# One format byte in front of every ciphertext, so the format can change without guessing.
_FORMAT_V1 = b"\x01"


def random_key() -> bytes:
    """A fresh random 256-bit key."""
    return os.urandom(KEY_BYTES)


@dataclass(frozen=True)
class KdfParams:
    """Scrypt parameters, stored beside each key slot so that they can be raised later."""

    salt: bytes
    n: int = 2**17
    r: int = 8
    p: int = 1

    @classmethod
    def fresh(cls, n: int | None = None) -> "KdfParams":
        return cls(salt=os.urandom(16), n=n or default_scrypt_cost())


def default_scrypt_cost() -> int:
    """Scrypt's N for new slots: 2**17 (128 MiB) as OWASP recommends.

    `QA_TUI_SCRYPT_N` lowers it for test suites only; it never goes below 2**10.
    """
    configured = int(os.environ.get("QA_TUI_SCRYPT_N", 2**17))
    return max(configured, 2**10)


def derive_passphrase_keys(passphrase: str, params: KdfParams) -> tuple[bytes, bytes]:
    """Derive (key-encryption key, verifier key) from a passphrase with scrypt.

    The verifier tells a wrong passphrase apart from a tampered slot.
    """
    kdf = Scrypt(salt=params.salt, length=2 * KEY_BYTES, n=params.n, r=params.r, p=params.p)
    material = kdf.derive(passphrase.encode("utf-8"))
    return material[:KEY_BYTES], material[KEY_BYTES:]


def verifier_digest(verifier_key: bytes) -> bytes:
    return hashlib.sha256(b"qa-tui passphrase verifier" + verifier_key).digest()


def derive_key(master: bytes, purpose: str) -> bytes:
    """A sub-key of `master` for one purpose (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()).derive(master)


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM with a random nonce; `aad` binds the ciphertext to where it is stored."""
    return encrypt_with(cipher(key), plaintext, aad)


def cipher(key: bytes) -> AESGCM:
    """A key ready to use: bulk paths build it once per key, not once per field."""
    return AESGCM(key)


def encrypt_with(key_cipher: AESGCM, plaintext: bytes, aad: bytes, nonce: bytes | None = None) -> bytes:
    """`encrypt` with a key from `cipher`: the same format. Bulk paths may pass a fresh random nonce they drew
    with others in one call (one system call per batch instead of one per field)."""
    nonce = nonce or os.urandom(NONCE_BYTES)
    return _FORMAT_V1 + nonce + key_cipher.encrypt(nonce, plaintext, aad)


Lock = tuple[bytes, bytes, bytes]
"""How one text and its redacted copy are sealed: (the data key, the associated data of the text, of the copy)."""


def encrypt_pairs(locks: Sequence[Lock], pairs: Sequence[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Each (text, copy) of `pairs` encrypted as `encrypt` would, with the lock at the same place in `locks`.

    Built for bulk work: each key's cipher is built once however many pairs it locks (building one costs more than
    encrypting a short text), and the nonces come from one system call."""
    nonces = os.urandom(2 * NONCE_BYTES * len(pairs))
    ciphers: dict[bytes, AESGCM] = {}
    out = []
    for n, ((key, text_aad, copy_aad), (text, copy)) in enumerate(zip(locks, pairs, strict=True)):
        key_cipher = ciphers.get(key)
        if key_cipher is None:
            key_cipher = ciphers[key] = cipher(key)
        at = 2 * NONCE_BYTES * n
        out.append((encrypt_with(key_cipher, text, text_aad, nonces[at:at + NONCE_BYTES]),
                    encrypt_with(key_cipher, copy, copy_aad, nonces[at + NONCE_BYTES:at + 2 * NONCE_BYTES])))
    return out


def decrypt(key: bytes, blob: bytes, aad: bytes, what: str = "data") -> bytes:
    """Reverse `encrypt`; raise `IntegrityError` naming `what` if anything was altered."""
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != _FORMAT_V1:
        raise IntegrityError(f"The stored {what} is damaged (unknown format).")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag:
        raise IntegrityError(f"The stored {what} failed its integrity check (tampered or wrong key).") from None


def new_keypair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as (private, public) raw bytes."""
    private = X25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private.public_key())


def seal_to(public_key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt for the holder of the private key (ephemeral X25519 + HKDF + AES-GCM)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    key = _sealing_key(shared, ephemeral_public, public_key)
    return ephemeral_public + encrypt(key, plaintext, aad)


def open_sealed(private_key: bytes, blob: bytes, aad: bytes, what: str = "sealed key") -> bytes:
    """Reverse `seal_to` with the matching private key."""
    ephemeral_public, body = blob[:32], blob[32:]
    private = X25519PrivateKey.from_private_bytes(private_key)
    own_public = _raw_public(private.public_key())
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError:
        raise IntegrityError(f"The stored {what} is damaged.") from None
    return decrypt(_sealing_key(shared, ephemeral_public, own_public), body, aad, what)


def blind_index(key: bytes, value: str) -> bytes:
    """Keyed HMAC of a normalised value, so a field can be found by exact value without decrypting it."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).digest()[:16]


def keyed_digest(key: bytes, data: bytes) -> str:
    """Hex HMAC-SHA256, used to chain audit entries."""
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def _sealing_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    info = b"qa-tui seal" + ephemeral_public + recipient_public
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(shared)


def _raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
