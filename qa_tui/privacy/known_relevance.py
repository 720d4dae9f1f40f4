"""Which of a record's known values can occur in one text, so that redacting with only those finds the same spans.

The known-value detector (`detectors/known.py`) finds a customer's name, email, phone or postcode only where the text
repeats it; a value the text cannot contain adds nothing. Dropping those first matters in bulk: identical texts
about different people (a standard resolution, a follow-up answer) then redact once, and no pattern is compiled for
a phone number the text never mentions. Every test here is necessary for a match, never sufficient, so the result of
`redact(text, known=relevant(known, text))` equals `redact(text, known=known)`; tests/privacy check that property.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa_tui.privacy.known import KnownValues

_SEPARATORS = re.compile(r"[\s().-]")
"""What the detector allows between the characters of an email, postcode or reference (`SEPARATORS`)."""
_NOT_DIGIT = re.compile(r"\D")


def relevant(known: KnownValues, text: str) -> KnownValues:
    """`known` without the values that cannot occur in `text` (agents' names are kept: they also shape name detection)."""
    return KnownValues(*kept(known, text))


def kept(known: KnownValues, text: str) -> tuple[tuple[str, ...], ...]:
    """The fields of `relevant(known, text)` in order, without building it (a cheap key for bulk callers' memos)."""
    lowered, squeezed, digits = _forms(text)
    return (tuple(n for n in known.customer_names if _may_name(n, lowered)), known.agent_names,
            tuple(v for v in known.emails if _may_loose(v, squeezed)),
            tuple(v for v in known.phones if _may_phone(v, digits)),
            tuple(v for v in known.postcodes if _may_loose(v, squeezed)),
            tuple(v for v in known.references if _may_loose(v, squeezed)))


@lru_cache(maxsize=4096)
def _forms(text: str) -> tuple[str, str | None, str]:
    """The text lower-cased, without separators (ASCII only) and as its digits; cached, as standard texts recur."""
    lowered = text.lower()
    return lowered, _SEPARATORS.sub("", lowered) if text.isascii() else None, _NOT_DIGIT.sub("", text)


def _may_name(name: str, lowered: str) -> bool:
    # The detector's own first test: a name none of whose words appear is skipped.
    return any(token.lower() in lowered for token in name.split())


def _may_loose(value: str, squeezed: str | None) -> bool:
    # A match is the value's characters in order with only separators between: without separators on either side,
    # the value is a substring of the text. Case is compared as the pattern does only for ASCII, so else keep it.
    if squeezed is None or not value.isascii():
        return True
    return _SEPARATORS.sub("", value.lower()) in squeezed


def _may_phone(value: str, digits: str) -> bool:
    # A match holds the number's national digits with only separators between them.
    national = _NOT_DIGIT.sub("", value)
    national = national[2:] if national.startswith("44") else national.lstrip("0")
    return national in digits
