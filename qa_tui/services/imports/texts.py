"""Free text on the way in, for a whole batch at once: what the records already know about each text (the
agent's name, the linked customer's details), and sealing (the original and its redacted copy encrypted under the
data subject's key, with a new anonymous subject for a respondent nobody knows).

The per-row work that is left is the encryption itself; everything around it (keys, ids, associated data) is done
once per subject or vectorised.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import polars as pl
from sqlmodel import Session

from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.pool import Job
from qa_tui.services.people import agent_name, customer_fields, subject_key
from qa_tui.store import crypto
from qa_tui.store.bulk import new_ids
from qa_tui.store.models import Agent, SubjectKind
from qa_tui.store.models.base import utcnow
from qa_tui.store.vault import ERASED, Vault, subject_aad


class KnownValuesCache:
    """Known values by (agent id, customer id), each agent's name and customer's details decrypted once."""

    def __init__(self, session: Session, vault: Vault) -> None:
        self.session, self.vault = session, vault
        self._values: dict[tuple[str | None, str | None], KnownValues | None] = {}

    def jobs(self, texts: pl.Series, agents: pl.Series, customers: pl.Series) -> list[Job]:
        """(text, known values) for every row that has a text, in order."""
        return [(text, self.known(agent, customer))
                for text, agent, customer in zip(texts, agents, customers) if text is not None]

    def known(self, agent_id: str | None, customer_id: str | None) -> KnownValues | None:
        key = (agent_id, customer_id)
        if key not in self._values:
            self._values[key] = self._look_up(agent_id, customer_id)
        return self._values[key]

    def _look_up(self, agent_id: str | None, customer_id: str | None) -> KnownValues | None:
        if agent_id is None and customer_id is None:
            return None
        agent = self.session.get(Agent, uuid.UUID(agent_id)) if agent_id else None
        customer = customer_fields(self.session, self.vault, uuid.UUID(customer_id)) if customer_id else {}
        return KnownValues(
            agent_names=_present(agent_name(self.session, self.vault, agent) if agent else None),
            customer_names=_present(customer.get("name")), emails=_present(customer.get("email")),
            phones=_present(customer.get("phone")), postcodes=_present(customer.get("postcode")))


def _present(value: str | None) -> tuple[str, ...]:
    return (value,) if value and value != ERASED else ()


@dataclass(frozen=True)
class Sealed:
    """A batch's texts sealed: columns for its rows (subject id and the two ciphertexts) and the new subjects."""

    columns: pl.DataFrame
    subjects: pl.DataFrame


def seal(session: Session, vault: Vault, table: str, names: tuple[str, str], ids: pl.Series, texts: pl.Series,
         redacted: list[str], subjects: pl.Series, *, every_row: bool = False) -> Sealed:
    """Encrypt each text and its redacted copy (in order: `redacted` has one entry per non-null text) under its
    subject's key: the row's subject in `subjects`, or a new anonymous one (for every row with `every_row`)."""
    needs_subject = (subjects.is_null() if every_row else subjects.is_null() & texts.is_not_null()).to_list()
    fresh = iter(new_ids(sum(needs_subject)))
    sealer = _Sealer(session, vault, table, names, len(ids))
    copies = iter(redacted)
    subject_ids, originals, copies_enc = [], [], []
    for row_id, text, subject, new in zip(ids, texts, subjects, needs_subject):
        subject = next(fresh) if new else subject
        key = sealer.subject(subject, new)
        subject_ids.append(subject)
        original, copy = (None, None) if text is None else sealer.texts(key, row_id, text, next(copies))
        originals.append(original)
        copies_enc.append(copy)
    columns = pl.DataFrame({"subject_id": subject_ids, f"{names[0]}_enc": originals, f"{names[1]}_enc": copies_enc},
                           schema={"subject_id": pl.Utf8, f"{names[0]}_enc": pl.Binary, f"{names[1]}_enc": pl.Binary})
    return Sealed(columns, sealer.new_subjects())


class _Sealer:
    """Keys and ciphertexts for one batch, with the batch's randomness drawn in one call."""

    def __init__(self, session: Session, vault: Vault, table: str, names: tuple[str, str], rows: int) -> None:
        self.session, self.vault = session, vault
        self.labels = tuple(f"{table}.{name}:".encode() for name in names)
        self._random, self._used = os.urandom(rows * _RANDOM_PER_ROW), 0
        self._ids: list[str] = []
        self._wrapped: list[bytes] = []

    def subject(self, subject_id: str | None, new: bool) -> bytes | None:
        """The data key of a subject, made and wrapped now for a new one."""
        if subject_id is None:
            return None
        if not new:
            return subject_key(self.session, self.vault, uuid.UUID(subject_id))
        key = self._take(crypto.KEY_BYTES)
        self._ids.append(subject_id)
        self._wrapped.append(self.vault.wrap(key, subject_aad(subject_id), self._take(crypto.NONCE_BYTES)))
        return key

    def texts(self, key: bytes, row_id: str, text: str, redacted: str) -> tuple[bytes, bytes]:
        cipher, row = crypto.cipher(key), row_id.encode()
        return (crypto.encrypt_with(cipher, text.encode(), self.labels[0] + row, self._take(crypto.NONCE_BYTES)),
                crypto.encrypt_with(cipher, redacted.encode(), self.labels[1] + row, self._take(crypto.NONCE_BYTES)))

    def _take(self, size: int) -> bytes:
        start, self._used = self._used, self._used + size
        return self._random[start:self._used]

    def new_subjects(self) -> pl.DataFrame:
        count, now = len(self._ids), utcnow()
        return pl.DataFrame({
            "id": self._ids, "kind": [SubjectKind.CUSTOMER.value] * count, "wrapped_key": self._wrapped,
            "key_id": [self.vault.key_id] * count, "created_at": [now] * count, "erased_at": [None] * count,
        }, schema={"id": pl.Utf8, "kind": pl.Utf8, "wrapped_key": pl.Binary, "key_id": pl.Utf8,
                   "created_at": pl.Datetime("us", "UTC"), "erased_at": pl.Datetime("us", "UTC")})


_RANDOM_PER_ROW = crypto.KEY_BYTES + 3 * crypto.NONCE_BYTES
"""At most a new data key, its wrapping's nonce and the two texts' nonces."""
