"""Spans: what a detector reports, and how overlapping reports become one clean list."""

from __future__ import annotations

from typing import NamedTuple

LABELS = (
    "PERSON", "AGENT_NAME", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "CARD_NUMBER", "CVV", "CARD_EXPIRY",
    "SORT_CODE", "ACCOUNT_NUMBER", "IBAN", "NI_NUMBER", "DOB", "REFERENCE", "IP_ADDRESS",
)
NAME_LABELS = frozenset({"PERSON", "AGENT_NAME"})


class Span(NamedTuple):
    """One detected piece of personal data: character offsets [start, end), label, confidence in [0, 1]."""

    start: int
    end: int
    label: str
    score: float


def resolve(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans: where reports overlap, the higher score wins, then the longer span."""
    chosen: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (-s.score, s.start - s.end, s.start)):
        if span.end > span.start and not any(span.start < e and s < span.end for s, e in taken):
            chosen.append(span)
            taken.append((span.start, span.end))
    return sorted(chosen)
