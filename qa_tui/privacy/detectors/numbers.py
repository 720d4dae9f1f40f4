"""Digit runs: cards, phones, sort codes, account numbers, CVVs and numeric references.

Works on the shadow text (spoken numbers already turned into digits). Each run
of digit groups is classified by its length, checksums and the words before it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import phonenumbers
from phonenumbers import PhoneNumberType

from qa_tui.privacy.context import WINDOW, nearest
from qa_tui.privacy.document import Document
from qa_tui.privacy.phones import phone_type
from qa_tui.privacy.spans import Span
from qa_tui.privacy.validators import luhn_valid

# Led by a single digit class (not a repeat), so the engine skips to the next digit in C; possessive, so a
# failed run is never retried digit by digit. A leading "+" or "(" and what may precede a run are checked in
# `find_runs`.
DIGIT_RUN = re.compile(
    r"[0-9][0-9]*+\)?+(?:(?:[ \t]*+[-–][ \t]*+|[ \t]{1,2}+)(?:\([0-9]{1,4}\)|[0-9]++))*+(?![\w£@]|[.,:/][0-9])"
)
NOT_BEFORE_RUN = frozenset("._£$€/:#@&=-")
NOT_DIGIT = re.compile(r"\D")
DIGIT_GROUP = re.compile(r"\d+")
NANP_SHAPE = re.compile(r"\+?1?[ -]?\(?\d{3}\)?[ -]?\d{3}[ -]\d{4}")
SORT_SHAPE = re.compile(r"\d\d[ -]\d\d[ -]\d\d")
UK_MOBILE = re.compile(r"(?:0|44)7\d{9}")
UK_GEOGRAPHIC = re.compile(r"(?:0|44)[12]\d{8,9}")
ORGANISATION_TYPES = {PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.UAN,
                      PhoneNumberType.PREMIUM_RATE}
MAX_CARD_GAP = 45
LOOK_REACH = 20  # "meter reading 04512": a look-alike word this close settles it
ORGANISATION_NUMBER = "organisation"


class Run(NamedTuple):
    """One run of digit groups in the shadow text."""

    start: int
    end: int
    text: str
    digits: str


def find_runs(text: str) -> list[Run]:
    """Every run of digit groups (spaces or dashes between groups) in `text`, with a leading "+", "(" or "(+"."""
    runs = []
    for m in DIGIT_RUN.finditer(text):
        start = m.start()
        while start and text[start - 1] in "+(" and m.start() - start < 2:
            start -= 1
        if start and (text[start - 1].isalnum() or text[start - 1] in NOT_BEFORE_RUN):
            continue
        value = text[start:m.end()]
        runs.append(Run(start, m.end(), value, value if value.isdigit() else NOT_DIGIT.sub("", value)))
    return runs


def detect_numbers(doc: Document) -> list[Span]:
    """Labelled spans for the digit runs of the document's shadow text."""
    runs = find_runs(doc.text)
    spans, used = _split_cards(runs, doc)
    for index, run in enumerate(runs):
        if index not in used:
            spans.extend(_classify_or_split(run, doc.keywords.families_before(run.start, WINDOW)))
    return spans


def _classify_or_split(run: Run, found: dict[str, int]) -> list[Span]:
    label = classify(run, found)
    if label:
        return [Span(run.start, run.end, *label)]
    groups = list(DIGIT_GROUP.finditer(run.text))
    for cut in range(1, len(groups)):
        left = _sub_run(run, groups[0].start(), groups[cut - 1].end())
        right = _sub_run(run, groups[cut].start(), groups[-1].end())
        left_label, right_label = classify(left, found), classify(right, found)
        if left_label and right_label:
            return [Span(left.start, left.end, *left_label), Span(right.start, right.end, *right_label)]
    return []


def _sub_run(run: Run, start: int, end: int) -> Run:
    text = run.text[start:end]
    return Run(run.start + start, run.start + end, text, NOT_DIGIT.sub("", text))


def classify(run: Run, found: dict[str, int]) -> tuple[str, float] | None:
    """(label, score) for one run given the keyword families before it, or None for a look-alike."""
    n = len(run.digits)
    if nearest(found, *found) == "look" and found["look"] <= LOOK_REACH:
        return None
    if 13 <= n <= 19 and run.digits[0] != "0" and luhn_valid(run.digits):
        return "CARD_NUMBER", 0.99 if "card" in found else 0.95
    phone = phone_score(run, found)
    if phone == ORGANISATION_NUMBER:
        return None
    if phone:
        return "PHONE", phone
    return _by_context(run, n, found)


def _by_context(run: Run, n: int, found: dict[str, int]) -> tuple[str, float] | None:
    if n == 6 and "sort" in found:
        return "SORT_CODE", 0.95
    if n == 8 and nearest(found, "account", "sort", "ref") in ("account", "sort"):
        return "ACCOUNT_NUMBER", 0.9
    if n == 3 and "cvv" in found:
        return "CVV", 0.9
    if n == 4:
        return _four_digits(found)
    if 13 <= n <= 19 and "card" in found:
        return "CARD_NUMBER", 0.7
    if n >= 5 and nearest(found, "ref", "account", "phone", "card") in ("ref", "account"):
        return "REFERENCE", 0.85
    if n == 6 and SORT_SHAPE.fullmatch(run.text):
        return "SORT_CODE", 0.55
    if 9 <= n <= 15 and nearest(found, "phone", "ref", "card") == "phone":
        return "PHONE", 0.6
    if n >= 9 and nearest(found, *found) != "look":
        return "REFERENCE", 0.4
    return None


def _four_digits(found: dict[str, int]) -> tuple[str, float] | None:
    if "partial" in found and nearest(found, "card", "phone", "ref", "partial") in ("card", "partial"):
        if "card" in found or "phone" not in found:
            return "CARD_NUMBER", 0.85
    if "cvv" in found and nearest(found, "cvv", "partial") == "cvv":
        return "CVV", 0.8
    return None


def phone_score(run: Run, found: dict[str, int]) -> float | str | None:
    """Confidence that the run is a personal phone number; ORGANISATION_NUMBER for freephone and helplines."""
    digits = run.digits
    if not 9 <= len(digits) <= 15:
        return None
    kind = _phone_type(run)
    if kind is not None and kind != PhoneNumberType.UNKNOWN:
        return ORGANISATION_NUMBER if kind in ORGANISATION_TYPES else 0.9
    national = digits[2:] if digits.startswith("00") else digits
    if UK_MOBILE.fullmatch(national):
        return 0.75
    if UK_GEOGRAPHIC.fullmatch(national) and "phone" in found:
        return 0.7
    return _nanp_score(run, found)


def _phone_type(run: Run) -> int | None:
    """libphonenumber's type for the run (UNKNOWN when invalid), or None when it does not parse."""
    text = run.text.strip("()")
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text.startswith(("+", "0")):
        return None  # a UK number is written with its trunk 0 or a country code
    return phone_type(text)


def _nanp_score(run: Run, found: dict[str, int]) -> float | None:
    if not NANP_SHAPE.fullmatch(run.text) or run.digits.startswith("0"):
        return None
    try:
        number = phonenumbers.parse(run.text, "US")
    except phonenumbers.NumberParseException:
        return None
    return 0.8 if phonenumbers.is_valid_number(number) else None


def _split_cards(runs: list[Run], doc: Document) -> tuple[list[Span], set[int]]:
    """Card numbers read out in pieces ("4921 ... sorry ... 8234 5678 9012"), joined back by Luhn."""
    spans: list[Span] = []
    used: set[int] = set()
    for i in range(len(runs)):
        if i in used or len(runs[i].digits) >= 13:
            continue
        digits = runs[i].digits
        for j in range(i + 1, min(i + 5, len(runs))):
            gap = doc.text[runs[j - 1].end:runs[j].start]
            if len(gap) > MAX_CARD_GAP or any(ch.isdigit() for ch in gap):
                break
            if doc.keywords.families_before(runs[j].start, len(gap)):
                break  # a keyword between the pieces ("sort code"): they are different numbers
            digits += runs[j].digits
            if 13 <= len(digits) <= 19 and luhn_valid(digits):
                spans.extend(Span(runs[k].start, runs[k].end, "CARD_NUMBER", 0.9) for k in range(i, j + 1))
                used.update(range(i, j + 1))
                break
            if len(digits) > 19:
                break
    return spans, used
