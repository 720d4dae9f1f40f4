"""Sealing free text for a whole batch of rows at once: each text and its redacted copy encrypted under its data
subject's key, with a new anonymous subject for a writer nobody knows. Bulk paths (imports, recorded interactions)
share it; the per-row work left is the encryption itself, everything around it (keys, ids, associated data) done once
per subject or vectorised. Imports plan the sealing of a batch before its texts are redacted, so that the redaction
workers encrypt too (`plan_seal`); other callers seal in their own process (`seal`).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import polars as pl
from sqlmodel import Session

from qa_tui.errors import ConflictError
from qa_tui.services.people import subject_keys
from qa_tui.store import crypto
from qa_tui.store.bulk import new_ids
from qa_tui.store.models import SubjectKind
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import Vault, subject_aad


@dataclass(frozen=True)
class Sealed:
    """A batch's texts sealed: columns for its rows (subject id and the two ciphertexts) and the new subjects."""

    columns: pl.DataFrame
    subjects: pl.DataFrame


@dataclass(frozen=True)
class SealPlan:
    """How a batch's texts will be sealed, decided before they are redacted: each row's subject (new anonymous ones
    with their wrapped keys) and a lock per text. The locks can go with the texts to the redaction workers, which
    then seal there (`Redactor.submit_sealed`): a data key leaves this process that way, the master key never."""

    names: tuple[str, str]
    rows: int
    written: pl.Series
    """The places of the rows that have a text."""
    subjects: pl.Series
    locks: list[crypto.Lock]
    """One per row with a text, in order."""
    new_subjects: pl.DataFrame

    def seal_here(self, texts: pl.Series, redacted: list[str]) -> Sealed:
        """Seal in this process: `texts` has one entry per row, `redacted` one per non-null text."""
        pairs = [(text.encode(), copy.encode()) for text, copy in zip(texts.gather(self.written), redacted, strict=True)]
        return self.sealed(crypto.encrypt_pairs(self.locks, pairs))

    def sealed(self, pairs: list[tuple[bytes, bytes]]) -> Sealed:
        """The batch's columns from the (sealed text, sealed copy) of each text, in order."""
        originals, copies = [p[0] for p in pairs], [p[1] for p in pairs]
        columns = pl.DataFrame({"subject_id": self.subjects,
                                f"{self.names[0]}_enc": _spread(originals, self.written, self.rows),
                                f"{self.names[1]}_enc": _spread(copies, self.written, self.rows)})
        return Sealed(columns, self.new_subjects)


def seal(session: Session, vault: Vault, table: str, names: tuple[str, str], ids: pl.Series, texts: pl.Series,
         redacted: list[str], subjects: pl.Series, *, every_row: bool = False) -> Sealed:
    """Encrypt each text and its redacted copy (in order: `redacted` has one entry per non-null text) under its
    subject's key: the row's subject in `subjects`, or a new anonymous one (for every row with `every_row`)."""
    return plan_seal(session, vault, table, names, ids, texts, subjects, every_row=every_row).seal_here(texts, redacted)


def plan_seal(session: Session, vault: Vault, table: str, names: tuple[str, str], ids: pl.Series, texts: pl.Series,
              subjects: pl.Series, *, every_row: bool = False) -> SealPlan:
    """The plan for sealing `texts` as `seal` does, without sealing them yet."""
    has_text = texts.is_not_null()
    anonymous = (subjects.is_null() if every_row else subjects.is_null() & has_text).arg_true()
    new_subjects = new_ids(anonymous.len())
    subjects = subjects.cast(pl.Utf8).scatter(anonymous, new_subjects)
    keys = _new_keys(vault, new_subjects)
    written = has_text.arg_true()
    locks = _locks(session, vault, table, names, keys, ids.gather(written), subjects.gather(written))
    return SealPlan(names, len(ids), written, subjects, locks, _subject_rows(vault, new_subjects, keys))


def _new_keys(vault: Vault, subject_ids: pl.Series) -> dict[str, tuple[bytes, bytes]]:
    """subject id -> (data key, the key wrapped under the master key), for new subjects."""
    randomness = os.urandom(len(subject_ids) * (crypto.KEY_BYTES + crypto.NONCE_BYTES))
    keys, step = {}, crypto.KEY_BYTES + crypto.NONCE_BYTES
    for start, subject_id in zip(range(0, len(randomness), step), subject_ids):
        key, nonce = randomness[start:start + crypto.KEY_BYTES], randomness[start + crypto.KEY_BYTES:start + step]
        keys[subject_id] = key, vault.wrap(key, subject_aad(subject_id), nonce)
    return keys


def _locks(session: Session, vault: Vault, table: str, names: tuple[str, str], new_keys: dict, ids: pl.Series,
           subjects: pl.Series) -> list[crypto.Lock]:
    """The lock of every row that has a text; the associated data names the row and the column."""
    labels = tuple(f"{table}.{name}:".encode() for name in names)
    # One query for the known subjects' keys: row by row, a batch naming thousands of customers cost more than
    # encrypting its texts (the vault's cache keeps fewer keys than a large centre has customers).
    known = subject_keys(session, vault, {uuid.UUID(s) for s in subjects.unique() if s not in new_keys})
    if any(key is None for key in known.values()):
        # The rows were matched to their people before this write began (an import reads first); one was erased
        # since. An import tried again leaves that person's rows out.
        raise ConflictError("A person these records belong to was erased meanwhile, so nothing was written; try again.")
    locks = []
    for row_id, subject in zip(ids, subjects):
        new = new_keys.get(subject)
        row = row_id.encode()
        locks.append((new[0] if new else known[uuid.UUID(subject)], labels[0] + row, labels[1] + row))
    return locks


def _spread(values: list[bytes], at: pl.Series, length: int) -> pl.Series:
    return pl.Series([None] * length, dtype=pl.Binary).scatter(at, pl.Series(values, dtype=pl.Binary))


def _subject_rows(vault: Vault, subject_ids: pl.Series, keys: dict[str, tuple[bytes, bytes]]) -> pl.DataFrame:
    count, now = len(subject_ids), utcnow()
    return pl.DataFrame({
        "id": subject_ids, "kind": [SubjectKind.CUSTOMER.value] * count,
        "wrapped_key": [keys[s][1] for s in subject_ids], "key_id": [vault.key_id] * count,
        "created_at": [now] * count, "erased_at": [None] * count,
    }, schema={"id": pl.Utf8, "kind": pl.Utf8, "wrapped_key": pl.Binary, "key_id": pl.Utf8,
               "created_at": pl.Datetime("us", "UTC"), "erased_at": pl.Datetime("us", "UTC")})
