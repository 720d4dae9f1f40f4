"""Free text on the way in: what the records already know about each text (the agent's name, the linked
customer's details), so that the redactor finds them. Sealing the texts is `services/sealing.py`."""

from __future__ import annotations

import uuid

import polars as pl
from sqlmodel import Session

from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.pool import Job
from qa_tui.services.people import agent_name, customer_fields
from qa_tui.store.models import Agent
from qa_tui.store.vault import ERASED, Vault


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
