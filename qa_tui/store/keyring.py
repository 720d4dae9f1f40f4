"""The keyring: key slots that unlock the database's master key, kept outside the encrypted data.

A SQLCipher file cannot hold the slots that open it, so the embedded default keeps them in a key file beside the
database (`<db>.keys`, replaced atomically under a lock); on PostgreSQL they live in the `qa_keyring` table.
Both hold the same JSON document:

- one slot per user: an X25519 key pair whose private half is encrypted under a key derived from the user's
  passphrase (scrypt, parameters stored with the slot), and the master key(s) sealed to the public half, so an
  admin can re-seal a new master key for everyone during rotation without knowing their passphrases;
- failed sign-ins sealed to the database's public key (only an unlocked database can read who tried), which are
  moved into the audit trail at the next sign-in, and back-off counters.

Slots are looked up by a hash of the user name, so the file names nobody.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Protocol

import sqlalchemy as sa

from qa_tui.errors import IntegrityError, NotAQaTuiDatabase
from qa_tui.store import crypto

FORMAT = "qa-tui-keyring/1"
MAX_PENDING_FAILURES = 1000
PAGE_SIZE = 16_384
"""SQLCipher's page size for new files. Each page is encrypted and authenticated on its own, so larger pages cost
less per row written (an import's inserts, index builds and commit: about a seventh less CPU than 4 KiB pages)."""
OLD_PAGE_SIZE = 4_096
"""The page size of files made before the key file recorded one (SQLCipher's default)."""


@dataclass(frozen=True)
class KeySlot:
    """One user's way in to the master key."""

    kdf: crypto.KdfParams
    verifier: bytes
    public_key: bytes
    private_key: bytes
    masters: dict[str, bytes]


@dataclass(frozen=True)
class Backoff:
    failures: int
    last_failure: float


@dataclass(frozen=True)
class KeyringDoc:
    database_id: str
    database_public_key: bytes
    current_key_id: str
    slots: dict[str, KeySlot] = field(default_factory=dict)
    failures: tuple[bytes, ...] = ()
    backoff: dict[str, Backoff] = field(default_factory=dict)
    page_size: int = OLD_PAGE_SIZE
    """The SQLite file's page size: SQLCipher encrypts the header that holds it, so it is kept here."""

    def slot_ref(self, user_name: str) -> str:
        return user_ref(self.database_id, user_name)


def user_ref(database_id: str, user_name: str) -> str:
    return hashlib.sha256(f"{database_id}:{user_name}".encode()).hexdigest()[:32]


# --- slots ------------------------------------------------------------------------------------------------


def make_slot(passphrase: str, masters: dict[str, bytes], ref: str, *, kdf_cost: int | None = None) -> KeySlot:
    """A new slot for `passphrase` holding every master key in `masters` (key id -> key).

    `kdf_cost` overrides scrypt's N; only the demo centre, whose passphrases are printed, lowers it.
    """
    params = crypto.KdfParams.fresh(n=kdf_cost)
    kek, verifier_key = crypto.derive_passphrase_keys(passphrase, params)
    private, public = crypto.new_keypair()
    sealed = {key_id: _seal_master(public, key_id, key) for key_id, key in masters.items()}
    wrapped_private = crypto.encrypt(kek, private, _slot_aad(ref))
    return KeySlot(params, crypto.verifier_digest(verifier_key), public, wrapped_private, sealed)


def open_slot(slot: KeySlot, passphrase: str, ref: str) -> dict[str, bytes] | None:
    """The master keys in `slot`, or None when the passphrase is wrong; raises IntegrityError if tampered."""
    kek, verifier_key = crypto.derive_passphrase_keys(passphrase, slot.kdf)
    if crypto.verifier_digest(verifier_key) != slot.verifier:
        return None
    private = crypto.decrypt(kek, slot.private_key, _slot_aad(ref), "key slot")
    return {
        key_id: crypto.open_sealed(private, blob, _master_aad(key_id), "key slot")
        for key_id, blob in slot.masters.items()
    }


def reseal_masters(slot: KeySlot, masters: dict[str, bytes]) -> KeySlot:
    """The same slot with its sealed master keys replaced (no passphrase needed)."""
    return replace(slot, masters={k: _seal_master(slot.public_key, k, v) for k, v in masters.items()})


def _seal_master(public: bytes, key_id: str, key: bytes) -> bytes:
    return crypto.seal_to(public, key, _master_aad(key_id))


def _slot_aad(ref: str) -> bytes:
    return f"qa-tui slot:{ref}".encode()


def _master_aad(key_id: str) -> bytes:
    return f"qa-tui master:{key_id}".encode()


# --- (de)serialisation ------------------------------------------------------------------------------------


def dumps(doc: KeyringDoc) -> str:
    body = _encode(asdict(doc))
    body["format"] = FORMAT
    body["checksum"] = _checksum(body)
    return json.dumps(body, indent=1, sort_keys=True)


def loads(text: str, where: str) -> KeyringDoc:
    try:
        body = json.loads(text)
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise ValueError
    except ValueError:
        raise NotAQaTuiDatabase(f"{where} is not a qa-tui key file.") from None
    checksum = body.pop("checksum", None)
    if checksum != _checksum(body):
        raise IntegrityError(f"The key file {where} failed its integrity check (it was edited or damaged).")
    try:
        return _decode_doc(body)
    except (KeyError, TypeError, ValueError):
        raise IntegrityError(f"The key file {where} is damaged.") from None


def _checksum(body: dict) -> str:
    clean = {k: v for k, v in body.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(clean, sort_keys=True).encode()).hexdigest()


def _encode(value):
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _decode(value):
    if isinstance(value, dict) and set(value) == {"b64"}:
        return base64.b64decode(value["b64"], validate=True)
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _decode_doc(body: dict) -> KeyringDoc:
    raw = _decode(body)
    slots = {
        ref: KeySlot(**{**slot, "kdf": crypto.KdfParams(**slot["kdf"])}) for ref, slot in raw["slots"].items()
    }
    return KeyringDoc(
        database_id=raw["database_id"],
        database_public_key=raw["database_public_key"],
        current_key_id=raw["current_key_id"],
        slots=slots,
        failures=tuple(raw["failures"]),
        backoff={ref: Backoff(**b) for ref, b in raw["backoff"].items()},
        page_size=_page_size(raw.get("page_size", OLD_PAGE_SIZE)),
    )


def _page_size(value) -> int:
    # SQLCipher takes a power of two from 512 to 65,536; anything else is a damaged file.
    if type(value) is not int or value not in {2**n for n in range(9, 17)}:
        raise ValueError(value)
    return value


# --- storage ----------------------------------------------------------------------------------------------


class KeyringStorage(Protocol):
    """Where the keyring document lives; `transaction` yields (read, write) under an exclusive lock."""

    where: str

    def exists(self) -> bool: ...

    def read(self) -> str: ...

    def transaction(self) -> contextlib.AbstractContextManager[tuple[Callable[[], str | None], Callable[[str], None]]]: ...


class Keyring:
    """Typed access to a keyring document in some storage."""

    def __init__(self, storage: KeyringStorage):
        self.storage = storage

    def exists(self) -> bool:
        return self.storage.exists()

    def load(self) -> KeyringDoc:
        return loads(self.storage.read(), self.storage.where)

    def create(self, doc: KeyringDoc) -> None:
        with self.storage.transaction() as (read, write):
            if read() is not None:
                raise NotAQaTuiDatabase(f"{self.storage.where} already holds a qa-tui keyring.")
            write(dumps(doc))

    def update(self, change: Callable[[KeyringDoc], KeyringDoc]) -> KeyringDoc:
        """Apply `change` to the current document under the storage's exclusive lock."""
        with self.storage.transaction() as (read, write):
            text = read()
            if text is None:
                raise NotAQaTuiDatabase(f"{self.storage.where} holds no qa-tui keyring.")
            new = change(loads(text, self.storage.where))
            write(dumps(new))
            return new


class FileStorage:
    """The key file beside a SQLite database, replaced atomically (write, fsync, rename) under a lock file."""

    def __init__(self, path: Path):
        self.path = path
        self.where = str(path)

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise NotAQaTuiDatabase(f"The key file {self.path} is missing, so the database cannot be opened.") from None
        except UnicodeDecodeError:
            raise NotAQaTuiDatabase(f"{self.path} is not a qa-tui key file.") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[tuple[Callable[[], str | None], Callable[[str], None]]]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield self._read_if_present, self._write_atomically

    def _read_if_present(self) -> str | None:
        return self.read() if self.path.exists() else None

    def _write_atomically(self, text: str) -> None:
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o660 & ~_umask())
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        _fsync_directory(self.path.parent)


class TableStorage:
    """The `qa_keyring` table of a PostgreSQL database (one row), updated under a row lock."""

    table = sa.Table(
        "qa_keyring",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
    )

    def __init__(self, engine: sa.Engine, where: str):
        self.engine = engine
        self.where = where

    def exists(self) -> bool:
        with self.engine.connect() as conn:
            return sa.inspect(conn).has_table("qa_keyring")

    def read(self) -> str:
        with self.engine.connect() as conn:
            text = self._select(conn)
        if text is None:
            raise NotAQaTuiDatabase(f"{self.where} holds no qa-tui database.")
        return text

    @contextlib.contextmanager
    def transaction(self) -> Iterator[tuple[Callable[[], str | None], Callable[[str], None]]]:
        with self.engine.begin() as conn:
            self.table.create(conn, checkfirst=True)
            # Serialises keyring changes across processes, even before the row exists.
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(7262534)"))

            def write(text: str) -> None:
                conn.execute(sa.delete(self.table))
                conn.execute(sa.insert(self.table).values(id=1, document=text))

            yield (lambda: self._select(conn, lock=True)), write

    def _select(self, conn: sa.Connection, lock: bool = False) -> str | None:
        if not sa.inspect(conn).has_table("qa_keyring"):
            return None
        query = sa.select(self.table.c.document).where(self.table.c.id == 1)
        return conn.execute(query.with_for_update() if lock else query).scalar()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
