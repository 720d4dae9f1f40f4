"""Values known from an interaction's records, to be found again in its text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownValues:
    """Personal values the records already hold for one interaction.

    Customer names, emails, phones, postcodes and account or reference numbers
    are redacted wherever they appear; agent names are found and labelled
    AGENT_NAME, so a policy can keep them for coaching.
    """

    customer_names: tuple[str, ...] = ()
    agent_names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    references: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Accept lists from callers (JSON, records) but keep the dataclass hashable and frozen.
        for field in ("customer_names", "agent_names", "emails", "phones", "postcodes", "references"):
            object.__setattr__(self, field, tuple(v for v in getattr(self, field) if v and v.strip()))
