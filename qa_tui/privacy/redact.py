"""Redaction of personal data in contact-centre text: the public API.

`detect` finds personal data; `redact` replaces it with typed placeholders
(`[CARD_NUMBER]`) and numbered pseudonyms (`[PERSON 1]`), following a policy.
Pure functions: no network, no models, no state between calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa_tui.errors import UsageError
from qa_tui.privacy.detectors.dates import detect_dobs, detect_expiries
from qa_tui.privacy.detectors.known import agent_words, detect_known
from qa_tui.privacy.detectors.names import detect_names
from qa_tui.privacy.detectors.numbers import detect_numbers
from qa_tui.privacy.detectors.patterns import (
    detect_addresses, detect_emails, detect_ibans, detect_ips, detect_ni_numbers, detect_postcodes)
from qa_tui.privacy.detectors.references import detect_references
from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.pseudonyms import Pseudonyms
from qa_tui.privacy.document import Document, prepare
from qa_tui.privacy.spans import LABELS, NAME_LABELS, Span, resolve

__all__ = ["KnownValues", "Redaction", "RedactionPolicy", "Span", "LABELS", "detect", "redact"]


@dataclass(frozen=True)
class RedactionPolicy:
    """What to replace: every label except `keep_labels`, at `min_score` or above; agents' names optional."""

    keep_agent_names: bool = True
    keep_labels: frozenset[str] = field(default_factory=frozenset)
    min_score: float = 0.5

    def __post_init__(self) -> None:
        unknown = set(self.keep_labels) - set(LABELS)
        if unknown:
            raise UsageError(f"Unknown label to keep: {', '.join(sorted(unknown))} (labels: {', '.join(LABELS)}).")
        if not 0.0 <= self.min_score <= 1.0:
            raise UsageError(f"The minimum score must be between 0 and 1, not {self.min_score}.")
        object.__setattr__(self, "keep_labels", frozenset(self.keep_labels))

    def replaces(self, span: Span) -> bool:
        """True when this policy redacts `span`."""
        if span.label == "AGENT_NAME" and self.keep_agent_names:
            return False
        return span.label not in self.keep_labels and span.score >= self.min_score


@dataclass(frozen=True)
class Redaction:
    """The redacted text, the spans replaced, and the spans detected but kept (for a human check)."""

    text: str
    spans: tuple[Span, ...]
    kept: tuple[Span, ...]


def detect(text: str, known: KnownValues | None = None) -> list[Span]:
    """Personal data in `text`: sorted, non-overlapping spans with labels and confidence scores."""
    doc = prepare(text)
    found = _shadow_spans(doc, known)
    if doc.text is not text:
        found = [Span(*doc.shadow.original(s.start, s.end), s.label, s.score) for s in found]
    if known is not None:
        found += detect_known(text, known)
    return resolve(found)


def _shadow_spans(doc: Document, known: KnownValues | None) -> list[Span]:
    """Every detector's spans, in the coordinates of the document's shadow text."""
    return (
        detect_numbers(doc) + detect_emails(doc) + detect_ips(doc) + detect_ibans(doc) + detect_ni_numbers(doc)
        + detect_postcodes(doc) + detect_addresses(doc) + detect_dobs(doc) + detect_expiries(doc)
        + detect_references(doc) + detect_names(doc, agent_words(known))
    )


def redact(text: str, policy: RedactionPolicy = RedactionPolicy(), known: KnownValues | None = None) -> Redaction:
    """Replace the personal data in `text` that `policy` selects with placeholders and pseudonyms."""
    spans = detect(text, known)
    replaced = [s for s in spans if policy.replaces(s)]
    pseudonyms = Pseudonyms()
    pieces, last = [], 0
    for span in replaced:
        pieces.append(text[last:span.start])
        value = text[span.start:span.end]
        pieces.append(pseudonyms.name(span.label, value) if span.label in NAME_LABELS else f"[{span.label}]")
        last = span.end
    pieces.append(text[last:])
    kept = tuple(s for s in spans if not policy.replaces(s))
    return Redaction("".join(pieces), tuple(replaced), kept)
