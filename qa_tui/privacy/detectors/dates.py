"""Dates that are personal: dates of birth and card expiry dates, found after the words that name them.

Other dates (payment dates, appointments) are not personal data on their own
and are left alone, so both detectors start from a keyword.
"""

from __future__ import annotations

import re

from qa_tui.privacy.document import Document
from qa_tui.privacy.spans import Span

MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
         r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?")
_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
ORDINAL = (rf"(?:(?:twenty|thirty)[ -](?:{_UNITS})|{_UNITS}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth"
           r"|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)")
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
DOB_REACH = 60
EXPIRY_REACH = 40


def detect_dobs(doc: Document) -> list[Span]:
    """Dates within a short reach after "date of birth", "DOB", "born on" or "birthday"."""
    spans, text = [], doc.text
    for key in doc.keywords.of_kind("dob"):
        date = DATE.search(text, key.end, key.end + DOB_REACH)
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


def _plausible_expiry(value: str) -> bool:
    digits = NOT_DIGIT.sub("", value)
    if not digits[:1].isdigit() or digits == "" or not value[0].isdigit():
        return True  # a month name followed by a year
    month = int(digits[:2]) if len(digits) in (4, 6) else int(digits[:1])
    return 1 <= month <= 12
