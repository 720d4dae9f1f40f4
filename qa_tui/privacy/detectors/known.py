"""Values the interaction's records already hold, found wherever the text repeats them."""

from __future__ import annotations

import re
from functools import lru_cache

from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.namelists import PARTICLES, STOP_WORDS, load
from qa_tui.privacy.spans import Span

SEPARATORS = r"[\s().-]*"


def detect_known(text: str, known: KnownValues) -> list[Span]:
    """Spans for every mention of a known value: names in full or in part, and exact identifiers."""
    spans = _names(text, known.customer_names, "PERSON") + _names(text, known.agent_names, "AGENT_NAME")
    for values, label in ((known.emails, "EMAIL"), (known.postcodes, "POSTCODE"), (known.references, "REFERENCE")):
        spans += [Span(m.start(), m.end(), label, 0.99) for v in values for m in _loose(v).finditer(text)]
    spans += [Span(m.start(), m.end(), "PHONE", 0.99) for v in known.phones for m in _phone(v).finditer(text)]
    return spans


def agent_words(known: KnownValues | None) -> frozenset[str]:
    """Lower-case tokens of the known agents' names."""
    if known is None:
        return frozenset()
    return frozenset(t.lower() for name in known.agent_names for t in name.split() if len(t) > 1)


def _names(text: str, names: tuple[str, ...], label: str) -> list[Span]:
    spans, lowered = [], text.lower()
    for name in names:
        tokens = name.split()
        if not any(token.lower() in lowered for token in tokens):
            continue  # a cheap test first: most texts mention few of the known names
        spans += [Span(m.start(), m.end(), label, 0.99) for m in _full_name(name).finditer(text)]
        for token in tokens:
            spans += _token_mentions(text, lowered, token, label)
    return spans


@lru_cache(maxsize=4096)
def _full_name(name: str) -> re.Pattern[str]:
    # Compiled patterns are cached: the same agents' and customers' names recur across thousands of texts.
    return re.compile(r"(?<![\w'’])" + r"\s+".join(map(re.escape, name.split())) + r"(?![\w'’])", re.IGNORECASE)


def _token_mentions(text: str, lowered: str, token: str, label: str) -> list[Span]:
    lower = token.lower()
    if len(token) < 2 or lower in STOP_WORDS or lower in PARTICLES or lower not in lowered:
        return []
    return [Span(m.start(), m.end(), label, 0.9) for m in _token_pattern(token).finditer(text)]


@lru_cache(maxsize=4096)
def _token_pattern(token: str) -> re.Pattern[str]:
    # Names that are everyday words ("Will", "Grace") count only when capitalised.
    flags = 0 if token.lower() in load("word_names") else re.IGNORECASE
    return re.compile(r"(?<![\w'’])" + re.escape(token.capitalize() if not flags else token) + r"(?![\w'’])", flags)


@lru_cache(maxsize=4096)
def _loose(value: str) -> re.Pattern[str]:
    """The value with any spacing or dashes between its characters, any case."""
    chars = [re.escape(ch) for ch in re.sub(r"[\s-]", "", value)]
    return re.compile(r"(?<![\w@.])" + SEPARATORS.join(chars) + r"(?![\w@])", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _phone(value: str) -> re.Pattern[str]:
    """A known phone number in national or +44 form with any spacing."""
    digits = re.sub(r"\D", "", value)
    national = digits[2:] if digits.startswith("44") else digits.lstrip("0")
    body = SEPARATORS.join(national)
    return re.compile(rf"(?<![\w+])(?:\+?44{SEPARATORS}(?:\(0\))?{SEPARATORS}|0){body}(?!\d)")
