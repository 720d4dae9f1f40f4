"""Numbered pseudonyms for names within one document: the same person keeps the same number."""

from __future__ import annotations

import re

TITLE_OR_PUNCTUATION = re.compile(r"['’]s\b|[^\w\s'’-]")


class Pseudonyms:
    """Hands out `[PERSON 1]`, `[PERSON 2]`... per label; a name and its parts ("Mei Mensah", "Mei") share one."""

    def __init__(self) -> None:
        self._people: dict[str, list[tuple[int, set[str]]]] = {}

    def name(self, label: str, value: str) -> str:
        """The placeholder for `value` under `label`, numbering a new person when no known one matches."""
        tokens = set(TITLE_OR_PUNCTUATION.sub(" ", value).lower().split())
        people = self._people.setdefault(label, [])
        for number, known in people:
            if tokens <= known or known <= tokens:
                known |= tokens
                return f"[{label} {number}]"
        people.append((len(people) + 1, tokens))
        return f"[{label} {len(people)}]"
