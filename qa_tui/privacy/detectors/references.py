"""Order, case, policy, account and tracking references written with letters ("ORD-05769490", "PN6231617").

All-digit references are classified with the other digit runs (numbers.py).
"""

from __future__ import annotations

import re

from qa_tui.privacy.context import nearest
from qa_tui.privacy.document import Document
from qa_tui.privacy.spans import Span

# Candidates only; the digit count, a letter and the character before are checked in Python.
REF_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9/-]{4,24}+(?<=[A-Z0-9])(?![\w/-])")
STRONG_SHAPE = re.compile(r"[A-Z]{2,4}[-/]?\d{6,}|[A-Z]{2,4}/\d{4}/\d{3,}|[A-Z]{1,3}\d{8,}[A-Z]{0,2}")
IDENTIFIER_SHAPES = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,}|[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}")


def detect_references(doc: Document) -> list[Span]:
    """Letter-and-digit references named by a nearby keyword, or shaped like one ("ORD-12345678")."""
    spans, text = [], doc.text
    for m in REF_TOKEN.finditer(text):
        token = m.group()
        if not _reference_like(text, m.start(), token) or IDENTIFIER_SHAPES.fullmatch(token):
            continue  # IBANs and postcodes have their own detectors
        found = doc.keywords.families_before(m.start(), 50)
        near = nearest(found, "ref", "account", "look", "card", "phone")
        if near in ("ref", "account"):
            spans.append(Span(m.start(), m.end(), "REFERENCE", 0.85))
        elif near is None and STRONG_SHAPE.fullmatch(token):
            spans.append(Span(m.start(), m.end(), "REFERENCE", 0.6))
    return spans


def _reference_like(text: str, start: int, token: str) -> bool:
    """At least three digits and one letter, and not the tail of a longer word."""
    if start and (text[start - 1].isalnum() or text[start - 1] in "_/-"):
        return False
    return sum(ch.isdigit() for ch in token) >= 3 and any(ch.isalpha() for ch in token)
