"""Encrypted parts of cached frames (`frame_cache`): written, read and dropped inside the caller's transaction.

The store knows nothing of polars: a part is bytes (the analytics loader writes Arrow IPC), sealed with AES-256-GCM
under a key derived from the master key and bound to the part's name and marker. A part that does not open (another
master key after a rotation, or tampering) reads as missing, so the cache is rebuilt instead of trusted.
"""

from __future__ import annotations

import sqlalchemy as sa

from qa_tui.errors import IntegrityError
from qa_tui.store import crypto
from qa_tui.store.models import FrameCache
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import Vault

PURPOSE = "qa-tui frame cache key"


def _key(vault: Vault) -> bytes:
    return crypto.derive_key(vault.master_key, PURPOSE)


def _aad(name: str, marker: int) -> bytes:
    return f"frame_cache:{name}:{marker}".encode()


def read(connection: sa.Connection, vault: Vault, names: list[str]) -> dict[str, tuple[int, bytes]]:
    """The parts among `names` that open under this vault's key: name -> (marker, plaintext)."""
    table, key, found = FrameCache.__table__, _key(vault), {}
    for chunk in _chunks(names):
        rows = connection.execute(sa.select(table.c.name, table.c.marker, table.c.key_id, table.c.blob)
                                  .where(table.c.name.in_(chunk))).all()
        for name, marker, key_id, blob in rows:
            if key_id != vault.key_id:
                continue
            try:
                found[name] = (marker, crypto.decrypt(key, blob, _aad(name, marker), "cached frame"))
            except IntegrityError:
                continue
    return found


def write(connection: sa.Connection, vault: Vault, parts: dict[str, bytes], marker: int) -> None:
    """Replace (or add) each part, current to `marker`."""
    table, key, now = FrameCache.__table__, _key(vault), utcnow()
    delete(connection, list(parts))
    rows = [{"name": name, "marker": marker, "key_id": vault.key_id, "updated_at": now,
             "blob": crypto.encrypt(key, data, _aad(name, marker))} for name, data in parts.items()]
    for row in rows:  # one at a time: each blob may be tens of megabytes
        connection.execute(sa.insert(table), row)


def delete(connection: sa.Connection, names: list[str]) -> None:
    table = FrameCache.__table__
    for chunk in _chunks(names):
        connection.execute(sa.delete(table).where(table.c.name.in_(chunk)))


def names(connection: sa.Connection, prefix: str) -> list[str]:
    table = FrameCache.__table__
    return list(connection.execute(sa.select(table.c.name).where(table.c.name.startswith(prefix, autoescape=True))).scalars())


def drop_all(connection: sa.Connection) -> int:
    """Remove every cached part (an erasure or a retention run: no copy may outlive what it removed)."""
    return connection.execute(sa.delete(FrameCache.__table__)).rowcount


def _chunks(items: list[str], size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]
