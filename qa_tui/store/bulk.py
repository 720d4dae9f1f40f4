"""Bulk inserts for the largest writes (imports): a polars frame in, the driver's fastest path out.

SQLAlchemy Core's executemany converts every value of every row in Python, which at a million rows costs more than
the insert itself. Here each column is converted once, vectorised, into what SQLAlchemy would have stored (UUIDs as
32 hex digits, datetimes as UTC text and booleans as 0 or 1 on SQLite; the values themselves on PostgreSQL), then
SQLite gets `executemany` on the raw cursor and PostgreSQL gets COPY, both inside the session's transaction.
`existing_values` finds which keys a table already holds, without building a query of a million parameters,
`indexes_built_after` lets a large insert into a small SQLite table build its secondary indexes once at the end, and
`bulk_cache` gives a large SQLite write a page cache that holds what it touches.

In a frame, UUIDs are text (`str(uuid)`; `new_ids` makes new ones) and datetimes are timezone-aware.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Iterator

import numpy as np
import polars as pl
import sqlalchemy as sa
from sqlmodel import Session

from qa_tui.errors import UsageError
from qa_tui.store.engine import CACHE_KIB

SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S%.6f"
"""SQLAlchemy's text form of a datetime on SQLite (always with microseconds)."""


def new_ids(count: int) -> pl.Series:
    """`count` time-ordered UUIDs (version 7, as `models.base.new_id` makes one at a time), as text, in ascending
    order: rows inserted in the order of their ids append to the primary key's index instead of splitting its pages
    all over the batch's range (they share one millisecond).

    The text is spelled out in numpy (hex digits from a table, dashes in place) and handed to polars in one piece:
    string operations in polars run on its thread pool, which the redaction workers keep busy during an import.
    """
    millis = (time.time_ns() // 1_000_000).to_bytes(6, "big")
    raw = np.frombuffer(os.urandom(16 * count), dtype=np.uint8).reshape(count, 16).copy()
    raw[:, :6] = np.frombuffer(millis, dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x70  # version 7
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    halves = raw.view(">u8")  # big-endian: the numbers sort as the bytes (and the text) do
    raw = raw[np.lexsort((halves[:, 1], halves[:, 0]))]
    digits = np.empty((count, 32), dtype=np.uint8)
    digits[:, 0::2], digits[:, 1::2] = _HEX[raw >> 4], _HEX[raw & 0x0F]
    text = np.full((count, 36), ord("-"), dtype=np.uint8)
    for dashes, (start, length) in enumerate(_GROUPS):  # each group moves right by the dashes before it
        text[:, start + dashes:start + dashes + length] = digits[:, start:start + length]
    return pl.Series("id", text.view("S36").ravel(), dtype=pl.Binary).cast(pl.Utf8)


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_GROUPS = ((0, 8), (8, 4), (12, 4), (16, 4), (20, 12))


def insert_frame(session: Session, table: sa.Table, frame: pl.DataFrame) -> None:
    """Insert every row of `frame` (columns named as `table`'s) in the session's transaction."""
    if frame.height == 0:
        return
    connection = session.connection()
    dialect = connection.dialect
    values = frame.select(_driver_column(table.c[name], dialect.name) for name in frame.columns)
    rows = zip(*(column.to_list() for column in values.get_columns()))
    names = ", ".join(dialect.identifier_preparer.quote(name) for name in frame.columns)
    target = dialect.identifier_preparer.format_table(table)
    driver = connection.connection.driver_connection
    if dialect.name == "sqlite":
        cursor = driver.cursor()
        try:
            cursor.executemany(f"INSERT INTO {target} ({names}) VALUES ({', '.join('?' * frame.width)})", rows)
        finally:
            cursor.close()
    else:
        with driver.cursor() as cursor, cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


REBUILD_AT = 50_000
"""Rows from which an insert into a SQLite table no larger than the insert builds its secondary indexes after it."""


@contextlib.contextmanager
def indexes_built_after(session: Session, table: str, incoming: int) -> Iterator[None]:
    """Within the transaction, drop `table`'s indexes (those made by CREATE INDEX) and create them again at the end.

    Sorting a million entries once costs about a third of inserting them one by one into B-trees they land all over
    (at a million rows, 7 s instead of 16 s for four indexes). Only on SQLite, where the DDL is transactional and
    readers keep their snapshot: a failure rolls the indexes back with the rows. A unique index is built unique
    again, so a duplicate that got past the caller's own checks (an import drops the keys it already holds) fails
    the write as a whole instead of the row. The primary key and unique constraints stay (SQLite cannot drop them),
    and a table larger than the insert keeps its indexes (rebuilding costs more).
    """
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name != "sqlite" or incoming < max(REBUILD_AT, _rows_in(driver, table)):
        yield
        return
    quote = connection.dialect.identifier_preparer.quote
    made = [name for _, name, _, origin, _ in driver.execute(f"PRAGMA index_list({quote(table)})") if origin == "c"]
    definitions = [driver.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).fetchone()[0]
                   for name in made]
    for name in made:
        driver.execute(f"DROP INDEX {quote(name)}")
    yield
    for definition in definitions:
        try:
            driver.execute(definition)
        except connection.dialect.loaded_dbapi.IntegrityError:
            raise UsageError("Some of the rows repeat a key that must be unique, so nothing was written.") from None


BULK_CACHE_KIB = 512 * 1024
"""Page cache for one large write on SQLite (an import). Every page SQLCipher writes out is encrypted and every page
it reads back is decrypted; once an import's pages outgrow the everyday cache, they are spilled to the WAL and read
back, again and again. At a million survey rows, 256 MiB, 512 MiB and 1 GiB were tried: 1 GiB gained no more."""


@contextlib.contextmanager
def bulk_cache(session: Session) -> Iterator[None]:
    """Within the transaction, a page cache of BULK_CACHE_KIB; the everyday size again before it commits.

    The cache grows only as pages are used, and the pages beyond the everyday size are freed once the commit leaves
    them clean, so the memory goes back at the end of the write.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    driver.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):  # the write's own error is the one to report
            driver.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        raise
    driver.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _rows_in(driver, table: str) -> int:
    # The largest rowid: as good as a count for this purpose, and instant.
    return driver.execute(f'SELECT coalesce(max(rowid), 0) FROM "{table}"').fetchone()[0]


def existing_values(session: Session, table: str, column: str, values: list[str]) -> set[str]:
    """Which of `values` are already in `table.column` (an indexed column: one index probe per value)."""
    connection = session.connection()
    quote = connection.dialect.identifier_preparer.quote
    driver = connection.connection.driver_connection
    found: set[str] = set()
    if _is_empty(driver, quote(table)):
        return found  # the first import into a table: a million probes would find nothing
    sqlite = connection.dialect.name == "sqlite"
    query = f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} "
    for start in range(0, len(values), _PROBES):
        chunk = values[start:start + _PROBES]
        cursor = driver.cursor()
        try:
            if sqlite:
                cursor.execute(query + f"IN ({', '.join('?' * len(chunk))})", chunk)
            else:
                cursor.execute(query + "= ANY(%s)", (chunk,))
            found.update(value for (value,) in cursor.fetchall())
        finally:
            cursor.close()
    return found


def _is_empty(driver, table: str) -> bool:
    cursor = driver.cursor()
    try:
        cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
        return cursor.fetchone() is None
    finally:
        cursor.close()


_PROBES = 10_000
"""Values per query (SQLite's limit on parameters is far above it)."""


def _driver_column(column: sa.Column, dialect: str) -> pl.Expr:
    """The column's values as the driver should receive them."""
    value, kind = pl.col(column.name), column.type
    if dialect != "sqlite":
        return value  # psycopg takes UUIDs as text, and aware datetimes and booleans as they are
    if isinstance(kind, sa.Uuid):
        return value.cast(pl.Utf8).str.replace_all("-", "", literal=True)
    if isinstance(kind, sa.DateTime) or isinstance(getattr(kind, "impl", None), sa.DateTime):
        return pl.when(value.is_not_null()).then(
            value.cast(pl.Datetime("us", "UTC")).dt.strftime(SQLITE_DATETIME)).alias(column.name)
    if isinstance(kind, sa.Boolean):
        return value.cast(pl.Int8)
    return value
