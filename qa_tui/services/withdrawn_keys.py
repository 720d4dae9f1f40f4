"""Import keys withdrawn for good: rows erased at their person's request, or whose words retention removed.

Erasure and retention take away a row's import key (another system's reference, or a digest of the row with the
customer's words in it), because the key would link back to the person or confirm a guess. Without it, importing
the same file again would add the row back: the person's words under a new key, or a second copy of their scores
in every figure. So the keys go to this list first, and an import skips the rows whose key is on it.

The list holds a keyed digest of each key (BLAKE2b under a key derived from the blind-index secret, as the row
digests are), never the key itself: nobody without the store's secret can test a reference or a guess against it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from qa_tui.store import crypto
from qa_tui.store.models import WithdrawnImportKey
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import Vault

if TYPE_CHECKING:
    import polars as pl

PURPOSE = "qa-tui withdrawn import key"
TABLE = WithdrawnImportKey.__tablename__


class Why(StrEnum):
    ERASED = "erased"
    RETAINED = "retained"


def digest_key(vault: Vault) -> bytes:
    """The key of this list's digests (the blind-index secret survives a master-key rotation, so the list does)."""
    return crypto.derive_key(vault.blind_index_key, PURPOSE)


def _digest(key: bytes, table: str, value: str) -> str:
    return hashlib.blake2b(f"{table}\x1f{value}".encode(), key=key, digest_size=20).hexdigest()


def withdraw(session: Session, vault: Vault, table: str, keys: Iterable[str | None], why: Why) -> int:
    """Put the import keys of `table`'s rows on the list (in the session's transaction); returns how many were new."""
    key = digest_key(vault)
    digests = sorted({_digest(key, table, value) for value in keys if value})
    if not digests:
        return 0
    from qa_tui.store.bulk import existing_values  # here: store.bulk loads numpy and polars


    new = sorted(set(digests) - existing_values(session, TABLE, "digest", digests))
    if new:
        now, insert = utcnow(), (sqlite_insert if session.connection().dialect.name == "sqlite" else postgres_insert)
        # An erasure and a retention run may withdraw the same key at once (PostgreSQL lets both get this far):
        # the first one's reason stays.
        statement = insert(WithdrawnImportKey.__table__).on_conflict_do_nothing(index_elements=["digest"])
        session.execute(statement, [{"digest": d, "key_table": table, "reason": why.value, "withdrawn_at": now}
                                    for d in new])
    return len(new)


def withdrawn_rows(session: Session, vault: Vault, table: str, keys: "pl.Series",
                   legacy: "pl.Series | None" = None) -> "pl.Series":
    """Which rows of an import are withdrawn, by their key or by the legacy digest an older version stored (if any).

    Costs one query while nothing has been withdrawn from the table (most stores, most of the time); else a digest
    per row (about 0.75 s per million), checked against the table's list read once or, if the list is the longer,
    probed key by key.
    """
    import polars as pl  # here: erasure and retention use this module without loading polars or numpy

    from qa_tui.store.bulk import existing_values

    column = WithdrawnImportKey.__table__.c.key_table
    listed_count = session.execute(sa.select(sa.func.count()).where(column == table)).scalar_one()
    if not listed_count:
        return pl.Series([False] * keys.len(), dtype=pl.Boolean)
    key = digest_key(vault)
    by_key = [_digest(key, table, value) for value in keys]
    by_legacy = [None] * len(by_key) if legacy is None else [
        None if value is None else _digest(key, table, value) for value in legacy]
    if listed_count <= len(by_key):
        listed = set(session.execute(sa.select(WithdrawnImportKey.__table__.c.digest).where(column == table)).scalars())
    else:
        listed = existing_values(session, TABLE, "digest", by_key + [d for d in by_legacy if d])
    return pl.Series([a in listed or b in listed for a, b in zip(by_key, by_legacy)], dtype=pl.Boolean)
