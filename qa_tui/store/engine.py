"""Database locations and engines: SQLCipher-encrypted SQLite by default, PostgreSQL (psycopg 3) by URL.

Driver errors that a user can meet (locked file, unreachable server) become one-sentence `QaTuiError`s here, so no
traceback ever reaches a terminal.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url

from qa_tui.errors import DatabaseUnavailable, NotAQaTuiDatabase
from qa_tui.store import crypto
from qa_tui.store.keyring import FileStorage, Keyring, TableStorage
from qa_tui.store.location import DatabaseLocation, resolve_location

__all__ = ["DatabaseLocation", "resolve_location"]  # re-exported: most callers need both

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another SSH user's transaction before reporting the database as locked."""

CACHE_KIB = 64 * 1024
"""Page cache per connection: every page SQLCipher reads is decrypted, so a cache that holds the hot indexes
keeps bulk inserts from slowing down as tables grow."""


def keyring_for(location: DatabaseLocation, engine: sa.Engine | None = None) -> Keyring:
    """The keyring of a location: the key file beside a SQLite database, or the server's `qa_keyring` table."""
    if location.is_sqlite:
        return Keyring(FileStorage(location.key_file))
    return Keyring(TableStorage(engine or plain_engine(location), location.describe()))


def sqlcipher_key(master_key: bytes) -> bytes:
    return crypto.derive_key(master_key, "qa-tui sqlcipher page key")


# --- engines ----------------------------------------------------------------------------------------------

_engines: dict[tuple, sa.Engine] = {}


def plain_engine(location: DatabaseLocation) -> sa.Engine:
    """A PostgreSQL engine (no key needed to connect; data keys protect personal fields)."""
    key = ("pg", location.url)
    if key not in _engines:
        engine = sa.create_engine(make_url(location.url), pool_pre_ping=True, connect_args={"connect_timeout": 5})
        _install_pg_listeners(engine)
        _engines[key] = engine
    return _engines[key]


def sqlite_engine(location: DatabaseLocation, master_key: bytes, page_size: int) -> sa.Engine:
    """A SQLCipher engine keyed from the master key, for a file of `page_size` (the key file's): WAL, foreign
    keys, busy timeout."""
    _quiet_sqlcipher()
    raw_key = sqlcipher_key(master_key).hex()
    url = make_url(location.url).set(password=f"x'{raw_key}'").update_query_dict({"cipher_page_size": str(page_size)})
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
    _install_sqlite_listeners(engine)
    return engine


def engine_for(location: DatabaseLocation, master_key: bytes, page_size: int) -> sa.Engine:
    """The engine of a location; `page_size` (from its key file) matters on SQLite only."""
    return sqlite_engine(location, master_key, page_size) if location.is_sqlite else plain_engine(location)


def _install_sqlite_listeners(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # We issue BEGIN ourselves (below), so that writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # synchronous NORMAL is WAL's recommended setting: a crashed or killed process never corrupts the file,
        # and only a power cut can lose the last commits; FULL would add an fsync to every autosave.
        # secure_delete: freed space is zeroed, so an erased person's old cells (their wrapped data key, blind
        # indexes) cannot be read back from free pages by someone holding the file's key.
        pragmas = (f"busy_timeout = {BUSY_TIMEOUT_MS}", "journal_mode = WAL", "foreign_keys = ON", "synchronous = NORMAL",
                   f"cache_size = -{CACHE_KIB}", "secure_delete = ON")
        for pragma in pragmas:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Writers start IMMEDIATE: they queue behind another writer instead of failing on lock upgrade.
        mode = "IMMEDIATE" if conn.get_execution_options().get("qa_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def _install_pg_listeners(engine: sa.Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get("qa_write"):
            # Mirrors SQLite's single writer for the few rows every write touches (the audit head).
            conn.exec_driver_sql("SET LOCAL lock_timeout = '10s'")


def _quiet_sqlcipher() -> None:
    # SQLCipher logs decryption failures to stderr; we report them as one sentence instead.
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.close()
    _fast_binding(sqlcipher3)


def _fast_binding(driver) -> None:
    # The driver binds str, int and float directly but looks for an adapter for None and bytes, raising and
    # discarding two AttributeErrors per value when it finds none: most of a bulk insert's time, with its many
    # NULLs and ciphertexts. Adapters that return the value unchanged skip that search and store the same thing.
    driver.register_adapter(type(None), _unchanged)
    driver.register_adapter(bytes, _unchanged)


def _unchanged(value):
    return value


def check_sqlcipher_key(engine: sa.Engine, location: DatabaseLocation) -> None:
    """Fail with a clear sentence unless the key opens the file."""
    with translate_errors(location):
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except sa.exc.DatabaseError as error:
            if "not a database" in str(error.orig):
                raise NotAQaTuiDatabase(
                    f"{location.describe()} is not a qa-tui database, or does not match its key file."
                ) from None
            raise


@contextlib.contextmanager
def translate_errors(location: DatabaseLocation) -> Iterator[None]:
    """Turn driver errors a user can meet into one-sentence errors."""
    try:
        yield
    except sa.exc.DatabaseError as error:
        if location.is_sqlite and "not a database" in str(error.orig):
            raise DatabaseUnavailable(
                "The database's key has changed since you signed in (an admin rotated keys); sign in again."
            ) from None
        if not isinstance(error, sa.exc.OperationalError):
            raise
        _raise_operational(error, location)


def _raise_operational(error: sa.exc.OperationalError, location: DatabaseLocation) -> None:
    message = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if any(word in message for word in ("locked", "busy", "lock timeout")):
        raise DatabaseUnavailable(
            f"The database {location.describe()} is busy with another user's change; try again in a moment."
        ) from None
    if not location.is_sqlite and ("connect" in message or "server" in message):
        raise DatabaseUnavailable(f"Cannot reach PostgreSQL at {location.describe()}: {message}.") from None
    if "unable to open" in message:
        raise DatabaseUnavailable(f"Cannot open {location.describe()}: {message}.") from None
    raise error


def rekey_sqlite(engine: sa.Engine, location: DatabaseLocation, new_master: bytes) -> sa.Engine:
    """Re-encrypt every page of the file under the key derived from `new_master`; returns the new engine."""
    with translate_errors(location):
        # Outside any transaction: SQLCipher re-keys the whole file in one transaction of its own.
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute(f"PRAGMA rekey = \"x'{sqlcipher_key(new_master).hex()}'\"")
        finally:
            raw.close()
    engine.dispose()
    return sqlite_engine(location, new_master, int(engine.url.query["cipher_page_size"]))


def dispose_engines() -> None:
    """Close every cached PostgreSQL engine (tests, and the end of a process)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
