"""Master-key rotation: a new master key, everything it protects re-wrapped, the SQLCipher file re-keyed.

The steps are ordered so that a crash at any point leaves a database that still opens:
1. every key slot gets the new master key beside the old one (slots hold sealed copies, so no passphrase is needed);
2. one transaction re-wraps every data key and secret and records the new key id;
3. SQLite: the file is re-keyed (SQLCipher does this in one transaction);
4. the old master key is dropped from every slot.
Sign-in tries each master key in a slot, so after a crash between steps the database opens and a second
`keys rotate` finishes the job.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlmodel import select

from qa_tui.services import audit
from qa_tui.services.permissions import Action, require
from qa_tui.services.session import Actor
from qa_tui.services.unlock import new_key_id
from qa_tui.store import crypto
from qa_tui.store.database import Database
from qa_tui.store.engine import rekey_sqlite
from qa_tui.store.keyring import KeyringDoc, reseal_masters
from qa_tui.store.models import DatabaseInfo, DataSubject, StoreSecret
from qa_tui.store.vault import Vault, secret_aad, subject_aad

BATCH = 2000


@dataclass(frozen=True)
class RotationReport:
    old_key_id: str
    new_key_id: str
    data_keys: int
    slots: int

    def sentence(self) -> str:
        return (
            f"Master key {self.old_key_id} replaced by {self.new_key_id}: {self.data_keys:,} data keys re-wrapped, "
            f"{self.slots} key slots updated."
        )


def rotate(actor: Actor) -> RotationReport:
    """Replace the master key of the actor's database (admin only; best done while nobody else is signed in)."""
    require(actor, Action.ROTATE_KEYS)
    db = actor.db
    old, new = db.vault, Vault(crypto.random_key(), new_key_id(), dict(db.vault.secrets))
    doc = db.keyring.update(lambda d: _with_masters(d, {old.key_id: old.master_key, new.key_id: new.master_key}))
    with db.write() as session:
        count = _rewrap(session, old, new)
        audit.record(session, new, actor.name, "keys.rotate", detail={"from": old.key_id, "to": new.key_id, "data_keys": count})
    _finish(db, new)
    return RotationReport(old.key_id, new.key_id, count, len(doc.slots))


def _finish(db: Database, new: Vault) -> None:
    """Steps 3 and 4: re-key the SQLite file, then drop the old master key from every slot."""
    if db.is_sqlite:
        db.engine = rekey_sqlite(db.engine, db.location, new.master_key)
    db.keyring.update(lambda d: _with_masters(replace(d, current_key_id=new.key_id), {new.key_id: new.master_key}))
    db.vault = new


def _with_masters(doc: KeyringDoc, masters: dict[str, bytes]) -> KeyringDoc:
    return replace(doc, slots={ref: reseal_masters(slot, masters) for ref, slot in doc.slots.items()})


def _rewrap(session, old: Vault, new: Vault) -> int:
    for secret in session.exec(select(StoreSecret)).all():
        value = old.unwrap(secret.wrapped, secret_aad(secret.name), f"secret {secret.name}")
        secret.wrapped, secret.key_id = new.wrap(value, secret_aad(secret.name)), new.key_id
    info = session.get(DatabaseInfo, 1)
    info.key_id = new.key_id
    return _rewrap_subjects(session, old, new)


def _rewrap_subjects(session, old: Vault, new: Vault) -> int:
    table, count, last = DataSubject.__table__, 0, None
    while True:
        query = sa.select(table.c.id, table.c.wrapped_key).where(table.c.wrapped_key.is_not(None))
        if last is not None:
            query = query.where(table.c.id > last)
        rows = session.execute(query.order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return count
        updates = [
            {"b_id": row.id, "wrapped": new.wrap(old.unwrap(row.wrapped_key, subject_aad(row.id), "data key"), subject_aad(row.id))}
            for row in rows
        ]
        statement = sa.update(table).where(table.c.id == sa.bindparam("b_id"))
        session.execute(statement.values(wrapped_key=sa.bindparam("wrapped"), key_id=new.key_id), updates)
        count, last = count + len(rows), rows[-1].id
