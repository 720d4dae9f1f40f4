"""Free text on the way in: what the records already know about each text (the agent's name, the linked
customer's details), so that the redactor finds them. Sealing the texts is `services/sealing.py`."""

from __future__ import annotations

import uuid

import polars as pl
from sqlmodel import Session

from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.pool import Job
from qa_tui.services.people import agent_names, customers_fields
from qa_tui.store.vault import ERASED, Vault


class KnownValuesCache:
    """Known values by (agent id, customer id); each batch's new agents and customers read and decrypted set-based."""

    def __init__(self, session: Session, vault: Vault) -> None:
        self.session, self.vault = session, vault
        self._values: dict[tuple[str | None, str | None], KnownValues | None] = {}

    def jobs(self, texts: pl.Series, agents: pl.Series, customers: pl.Series) -> list[Job]:
        """(text, known values) for every row that has a text, in order."""
        rows = [(text, agent, customer) for text, agent, customer in zip(texts, agents, customers) if text is not None]
        self._look_up({(agent, customer) for _, agent, customer in rows} - self._values.keys())
        return [(text, self._values[(agent, customer)]) for text, agent, customer in rows]

    def _look_up(self, pairs: set[tuple[str | None, str | None]]) -> None:
        names = agent_names(self.session, self.vault, {uuid.UUID(a) for a, _ in pairs if a})
        details = customers_fields(self.session, self.vault, {uuid.UUID(c) for _, c in pairs if c})
        for agent_id, customer_id in pairs:
            if agent_id is None and customer_id is None:
                self._values[(agent_id, customer_id)] = None
                continue
            customer = details.get(uuid.UUID(customer_id), {}) if customer_id else {}
            self._values[(agent_id, customer_id)] = KnownValues(
                agent_names=_present(names.get(uuid.UUID(agent_id)) if agent_id else None),
                customer_names=_present(customer.get("name")), emails=_present(customer.get("email")),
                phones=_present(customer.get("phone")), postcodes=_present(customer.get("postcode")))


def _present(value: str | None) -> tuple[str, ...]:
    return (value,) if value and value != ERASED else ()
