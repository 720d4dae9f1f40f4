"""Spans: what a detector reports, and how overlapping reports become one clean list."""

from __future__ import annotations

from bisect import bisect_left
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
    unique = list(dict.fromkeys(spans))  # first report first: ties below keep the detectors' order
    ordered = sorted(unique)
    if all(a.end <= b.start for a, b in zip(ordered, ordered[1:])) and all(s.end > s.start for s in ordered):
        return ordered  # nothing overlaps (the usual case once duplicates are gone): every span is kept
    chosen: list[Span] = []
    starts: list[int] = []  # of the chosen spans, sorted; they never overlap, so their ends are sorted too
    ends: list[int] = []
    for span in sorted(unique, key=lambda s: (-s.score, s.start - s.end, s.start)):
        if span.end <= span.start:
            continue
        i = bisect_left(starts, span.end)  # chosen spans starting before this one ends: the last may overlap
        if i and ends[i - 1] > span.start:
            continue
        starts.insert(i, span.start)
        ends.insert(i, span.end)
        chosen.append(span)
    return sorted(chosen)
