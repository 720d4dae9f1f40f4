"""Dates that are personal: dates of birth and card expiry dates, found after the words that name them.

Other dates (payment dates, appointments) are not personal data on their own
and are left alone, so both detectors start from a keyword.
"""

from __future__ import annotations

import re

from qa_tui.privacy.document import Document
from qa_tui.privacy.spans import Span

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sept sep oct nov dec").split()
MONTH = rf"(?:{'|'.join(_MONTHS)})\.?"
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEENTHS = ("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
            "twentieth thirtieth").split()
ORDINAL = rf"(?:(?:twenty|thirty)[ -](?:{'|'.join(_UNITS)})|{'|'.join(_UNITS + _TEENTHS)})"
YEAR = (r"(?:\d{4}|\d\d \d\d|'?\d\d|two thousand(?: and)? (?:one|two|three|four|five|six|seven|eight|nine|ten"
        r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|20))")
DATE = re.compile(
    rf"\d{{4}}-\d\d-\d\d"
    rf"|\d{{1,2}} ?[/.-] ?\d{{1,2}} ?[/.-] ?(?:\d{{4}}|\d\d)\b"
    rf"|(?:the )?(?:\d{{1,2}}(?:st|nd|rd|th)?|{ORDINAL})(?: of)? {MONTH},?(?: {YEAR})?"
    rf"|{MONTH} (?:the )?(?:\d{{1,2}}(?:st|nd|rd|th)?|{ORDINAL}),? {YEAR}"
    rf"|\d ?\d \d ?\d \d\d(?: ?\d\d)?\b",
    re.IGNORECASE,
)
EXPIRY_VALUE = re.compile(
    rf"\b(?:\d{{1,2}} ?[/.-] ?(?:20)?\d\d|\d ?\d ?\d ?\d(?: ?\d ?\d)?|{MONTH},? (?:20)?\d\d(?: ?\d\d)?)\b",
    re.IGNORECASE)
# A new sentence of three words or more between the keyword and the date: the date is about something else.
NEW_SENTENCE = re.compile(r"[.?!]\s+\w+ \w+ \w+")
NOT_DIGIT = re.compile(r"\D")
# Every DATE starts at a digit, "the", an ordinal or a month: trying those words only is much faster than a
# search, which tries the whole pattern at every character of the reach (and mostly fails).
DATE_STARTS = frozenset(_MONTHS + _UNITS + _TEENTHS + ["the", "twenty", "thirty"])
WORD_OR_DIGIT = re.compile(r"[a-z]+|[0-9]", re.IGNORECASE)
DOB_REACH = 60
EXPIRY_REACH = 40


def detect_dobs(doc: Document) -> list[Span]:
    """Dates within a short reach after "date of birth", "DOB", "born on" or "birthday"."""
    spans, text = [], doc.text
    for key in doc.keywords.of_kind("dob"):
        date = _first_date(text, key.end, key.end + DOB_REACH)
        if date and not NEW_SENTENCE.search(text, key.end, date.start()):
            spans.append(Span(date.start(), date.end(), "DOB", 0.9))
    return spans


def detect_expiries(doc: Document) -> list[Span]:
    """Card expiry dates (month and year) shortly after "expiry", "expires" or "valid until"."""
    spans, text = [], doc.text
    for key in doc.keywords.of_kind("expiry"):
        value = EXPIRY_VALUE.search(text, key.end, key.end + EXPIRY_REACH)
        if value and _plausible_expiry(value.group()):
            spans.append(Span(value.start(), value.end(), "CARD_EXPIRY", 0.9))
    return spans


def _first_date(text: str, start: int, end: int) -> re.Match | None:
    """The first DATE in text[start:end] (what DATE.search finds, bar dates that start inside a word)."""
    for token in WORD_OR_DIGIT.finditer(text, start, end):
        word = token.group()
        if word.isdigit() or word.lower() in DATE_STARTS:
            date = DATE.match(text, token.start(), end)
            if date:
                return date
    return None


def _plausible_expiry(value: str) -> bool:
    digits = NOT_DIGIT.sub("", value)
    if not digits[:1].isdigit() or digits == "" or not value[0].isdigit():
        return True  # a month name followed by a year
    month = int(digits[:2]) if len(digits) in (4, 6) else int(digits[:1])
    return 1 <= month <= 12
