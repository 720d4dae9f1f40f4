"""Creating and unlocking a database: key material, schema, first admin, sign-in with back-off.

Failed sign-ins happen before the database can be opened, so they are sealed to the database's public key in the
keyring and moved into the audit trail at the next successful sign-in.
"""

from __future__ import annotations

import json
import math
import secrets
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Callable

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import (
    AuthenticationError,
    DatabaseNotFound,
    IntegrityError,
    NotAQaTuiDatabase,
    UsageError,
)
from qa_tui.services import audit
from qa_tui.services.permissions import Role
from qa_tui.services.session import Actor
from qa_tui.store import crypto, schema
from qa_tui.store.database import Database
from qa_tui.store.engine import (
    DatabaseLocation,
    check_sqlcipher_key,
    engine_for,
    keyring_for,
    rekey_sqlite,
    translate_errors,
)
from qa_tui.store.keyring import PAGE_SIZE, Backoff, Keyring, KeyringDoc, make_slot, open_slot, reseal_masters
from qa_tui.store.models import DatabaseInfo, StoreSecret, User, UserTeam
from qa_tui.store.vault import SECRET_NAMES, Vault, secret_aad
from qa_tui.services.validation import check_passphrase, check_user_name

FAILED_SIGN_IN_AAD = b"qa-tui failed sign-in"
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300


def backoff_delay(failures: int) -> float:
    """Seconds to wait after `failures` consecutive wrong passphrases: none for the first three, then doubling."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS))


def new_key_id() -> str:
    return secrets.token_hex(4)


# --- creating ---------------------------------------------------------------------------------------------


def init_database(location: DatabaseLocation, admin_name: str, passphrase: str, *, kdf_cost: int | None = None) -> None:
    """Create an encrypted database with its first admin; nothing is left behind if any step fails."""
    check_user_name(admin_name)
    check_passphrase(passphrase)
    _refuse_existing(location)
    master, key_id = crypto.random_key(), new_key_id()
    database_id = str(uuid.uuid4())
    db_private, db_public = crypto.new_keypair()
    db_secrets = {"blind_index": crypto.random_key(), "audit": crypto.random_key(), "database_private_key": db_private}
    if location.path is not None:
        location.path.parent.mkdir(parents=True, exist_ok=True)
    db = _database(location, master, key_id, db_secrets, PAGE_SIZE)
    try:
        _create_schema_and_admin(db, database_id, admin_name)
        ref = KeyringDoc(database_id, db_public, key_id).slot_ref(admin_name)
        slot = make_slot(passphrase, {key_id: master}, ref, kdf_cost=kdf_cost)
        db.keyring.create(KeyringDoc(database_id, db_public, key_id, slots={ref: slot}, page_size=PAGE_SIZE))
    except BaseException:
        _remove_partial(db)
        raise
    finally:
        db.close()


def _refuse_existing(location: DatabaseLocation) -> None:
    if location.is_sqlite:
        if location.path.exists() or location.key_file.exists():
            raise UsageError(f"A database already exists at {location.describe()}; choose another --db.")
        return
    keyring = keyring_for(location)
    with translate_errors(location):
        if keyring.exists() or _has_tables(location):
            raise UsageError(f"{location.describe()} already holds a qa-tui database.")


def _has_tables(location: DatabaseLocation) -> bool:
    from qa_tui.store.engine import plain_engine

    with plain_engine(location).connect() as conn:
        return sa.inspect(conn).has_table("database_info")


def _database(location: DatabaseLocation, master: bytes, key_id: str, db_secrets: dict[str, bytes],
              page_size: int) -> Database:
    engine = engine_for(location, master, page_size)
    return Database(location, engine, Vault(master, key_id, db_secrets), keyring_for(location, engine))


def _create_schema_and_admin(db: Database, database_id: str, admin_name: str) -> None:
    with db.write(creating=True) as session:
        schema.upgrade(session.connection())
        session.add(DatabaseInfo(database_id=database_id, key_id=db.vault.key_id))
        for name, value in db.vault.secrets.items():
            wrapped = db.vault.wrap(value, secret_aad(name))
            session.add(StoreSecret(name=name, key_id=db.vault.key_id, wrapped=wrapped))
        admin = User(name=admin_name, role=Role.ADMIN)
        session.add(admin)
        session.flush()
        audit.record(session, db.vault, admin_name, "database.create", detail={"schema": schema.head_revision()})
        audit.record(session, db.vault, admin_name, "user.add", target_type="user", target_id=admin.id,
                     detail={"name": admin_name, "role": Role.ADMIN})


def _remove_partial(db: Database) -> None:
    db.close()
    if db.location.path is None:
        return
    for suffix in ("", "-wal", "-shm", "-journal", ".keys", ".keys.lock"):
        db.location.path.with_name(db.location.path.name + suffix).unlink(missing_ok=True)


# --- signing in -------------------------------------------------------------------------------------------


def sign_in(
    location: DatabaseLocation, name: str, passphrase: str, *, clock: Callable[[], float] = time.time
) -> Actor:
    """Unlock the database with `name`'s key slot and return the signed-in actor."""
    keyring = existing_keyring(location)
    doc = keyring.load()
    ref = doc.slot_ref(name)
    _check_backoff(doc, ref, name, clock())
    slot = doc.slots.get(ref)
    if slot is None:
        _record_failure(keyring, ref, name, "unknown or disabled user", clock())
        raise AuthenticationError(f"There is no active account named {name!r} in this database.")
    try:
        masters = open_slot(slot, passphrase, ref)
    except IntegrityError:
        _record_failure(keyring, ref, name, "damaged key slot", clock())
        raise
    if masters is None:
        _record_failure(keyring, ref, name, "wrong passphrase", clock())
        raise AuthenticationError(f"Wrong passphrase for {name}.")
    db = _open(location, keyring, doc, masters)
    return _start_session(db, keyring, ref, name)


def existing_keyring(location: DatabaseLocation) -> Keyring:
    if location.is_sqlite and not location.path.exists():
        raise DatabaseNotFound(
            f"There is no qa-tui database at {location.describe()}; create one with 'qa-tui init --db {location.describe()}'."
        )
    keyring = keyring_for(location)
    with translate_errors(location):
        if not keyring.exists():
            if location.is_sqlite:
                raise NotAQaTuiDatabase(
                    f"{location.describe()} is not a qa-tui database (its key file {location.key_file.name} is missing)."
                )
            raise DatabaseNotFound(f"{location.describe()} holds no qa-tui database; create one with 'qa-tui init'.")
    return keyring


def _check_backoff(doc: KeyringDoc, ref: str, name: str, now: float) -> None:
    state = doc.backoff.get(ref)
    if state is None:
        return
    wait = state.last_failure + backoff_delay(state.failures) - now
    if wait > 0:
        raise AuthenticationError(
            f"Too many wrong passphrases for {name}; try again in {math.ceil(wait)} seconds."
        )


def _record_failure(keyring: Keyring, ref: str, name: str, reason: str, now: float) -> None:
    def change(doc: KeyringDoc) -> KeyringDoc:
        note = json.dumps({"user": name, "reason": reason, "at": now}).encode()
        sealed = crypto.seal_to(doc.database_public_key, note, FAILED_SIGN_IN_AAD)
        failures = (doc.failures + (sealed,))[-1000:]
        previous = doc.backoff.get(ref, Backoff(0, now)).failures
        backoff = {**doc.backoff, ref: Backoff(previous + 1, now)}
        return replace(doc, failures=failures, backoff=backoff)

    keyring.update(change)


def _open(location: DatabaseLocation, keyring: Keyring, doc: KeyringDoc, masters: dict[str, bytes]) -> Database:
    """Find the master key that opens the store (normally the current one) and load the vault."""
    order = sorted(masters, key=lambda key_id: key_id != doc.current_key_id)
    for key_id in order:
        engine = engine_for(location, masters[key_id], doc.page_size)
        try:
            if location.is_sqlite:
                check_sqlcipher_key(engine, location)
            db = _load_vault(location, engine, keyring, doc, masters)
            if key_id != db.vault.key_id or len(masters) > 1:
                _complete_rotation(db)
            return db
        except NotAQaTuiDatabase:
            engine.dispose()
            if key_id == order[-1]:
                raise
    raise NotAQaTuiDatabase(f"{location.describe()} cannot be opened with this key slot.")


def _complete_rotation(db: Database) -> None:
    """A rotation was interrupted: bring the file key and the slots to the current master key."""
    if db.is_sqlite:
        db.engine = rekey_sqlite(db.engine, db.location, db.vault.master_key)
    current = {db.vault.key_id: db.vault.master_key}
    db.keyring.update(lambda d: replace(
        d, current_key_id=db.vault.key_id, slots={ref: reseal_masters(slot, current) for ref, slot in d.slots.items()}
    ))


def _load_vault(location, engine, keyring, doc, masters) -> Database:
    with translate_errors(location), Session(engine) as session:
        if not sa.inspect(session.connection()).has_table("database_info"):
            raise NotAQaTuiDatabase(f"{location.describe()} is not a qa-tui database.")
        info = session.get(DatabaseInfo, 1)
        if info is None or info.database_id != doc.database_id:
            raise NotAQaTuiDatabase(f"{location.describe()} does not match its key file.")
        if info.key_id not in masters:
            raise IntegrityError("Your key slot does not hold the database's current master key; ask an admin to rotate keys again.")
        vault = Vault(masters[info.key_id], info.key_id, {})
        for row in session.exec(select(StoreSecret)).all():
            vault.secrets[row.name] = vault.unwrap(row.wrapped, secret_aad(row.name), f"secret {row.name}")
    if set(SECRET_NAMES) - set(vault.secrets):
        raise IntegrityError("The database's secrets are incomplete.")
    return Database(location, engine, vault, keyring)


def _start_session(db: Database, keyring: Keyring, ref: str, name: str) -> Actor:
    with db.write() as session:
        _upgrade_schema_if_behind(session, db, name)
        user = session.exec(select(User).where(User.name == name)).first()
        if user is None or user.disabled:
            raise AuthenticationError(f"The account {name!r} is disabled.")
        drained = _drain_failures(session, db, keyring)
        audit.record(session, db.vault, name, "auth.sign_in", target_type="user", target_id=user.id)
        teams = frozenset(session.exec(select(UserTeam.team_id).where(UserTeam.user_id == user.id)).all())
    keyring.update(lambda doc: replace(doc, failures=doc.failures[drained:], backoff=_without(doc.backoff, ref)))
    return Actor(db, user.id, user.name, Role(user.role), user.display_name, teams, user.agent_id)


def _upgrade_schema_if_behind(session: Session, db: Database, name: str) -> None:
    current, head = schema.current_revision(session.connection()), schema.head_revision()
    if current != head:
        schema.upgrade(session.connection())
        audit.record(session, db.vault, name, "database.upgrade", detail={"from": current, "to": head})


def _drain_failures(session: Session, db: Database, keyring: Keyring) -> int:
    """Move sealed failed sign-ins from the keyring into the audit trail; returns how many were read."""
    pending = keyring.load().failures
    private = db.vault.secrets["database_private_key"]
    for sealed in pending:
        note = json.loads(crypto.open_sealed(private, sealed, FAILED_SIGN_IN_AAD, "failed sign-in record"))
        at = datetime.fromtimestamp(note["at"], tz=UTC)
        audit.record(session, db.vault, note["user"], "auth.sign_in_failed", reason=note["reason"], at=at)
    return len(pending)


def _without(backoff: dict[str, Backoff], ref: str) -> dict[str, Backoff]:
    return {k: v for k, v in backoff.items() if k != ref}


_AT_SIGN_OUT: list[Callable[[Actor], None]] = []


def at_sign_out(forget: Callable[[Actor], None]) -> None:
    """Have `forget(actor)` called at each sign-out: for what a module holds in memory for a signed-in user
    (decrypted frames, say), registered when that module is imported, so that signing out never imports it."""
    _AT_SIGN_OUT.append(forget)


def sign_out(actor: Actor) -> None:
    try:
        with actor.db.write() as session:
            audit.record(session, actor.db.vault, actor.name, "auth.sign_out", target_type="user", target_id=actor.user_id)
    finally:  # what is held in memory goes even when the database cannot record the sign-out
        for forget in _AT_SIGN_OUT:
            forget(actor)
    actor.db.close()

