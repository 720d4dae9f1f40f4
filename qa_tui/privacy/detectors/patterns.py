"""Shaped identifiers: emails, IP addresses, IBANs, NI numbers, postcodes and street addresses.

Each detector runs one precompiled regex over the shadow text and keeps only
matches that pass the identifier's own check (mod-97, NI prefix rules,
postcode grammar, public IP).
"""

from __future__ import annotations

import re

from qa_tui.privacy.spans import Span
from qa_tui.privacy.validators import iban_valid, ni_valid, postcode_valid, public_ip

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
SPOKEN_EMAIL = re.compile(
    r"\b[a-z0-9]+(?: (?:dot|underscore|dash|hyphen) [a-z0-9]+)* at [a-z0-9]+(?: dot [a-z0-9]+)*"
    r" dot (?:com|net|org|uk|ie|io|me|co dot uk|org dot uk|ac dot uk)\b", re.IGNORECASE)
# Shared mailboxes of an organisation are not personal data.
ROLE_MAILBOXES = frozenset(
    "complaints info support help enquiries enquiry hello noreply no-reply customerservices customer.services "
    "service services admin contact sales billing accounts team careers dpo privacy feedback office".split())
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{1,4}(?![\w:])")
VERSION_WORDS = re.compile(r"(?:version|firmware|\bv|build|release|software|update)\W{0,3}$", re.IGNORECASE)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", re.IGNORECASE)
NI = re.compile(r"\b[A-Z] ?[A-Z] ?\d ?\d ?\d ?\d ?\d ?\d ?[A-D]\b", re.IGNORECASE)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b", re.IGNORECASE)
ZIP = re.compile(r"\b(?:zip(?: ?code)?|postal code)\W{0,3}(\d{5}(?:-\d{4})?)\b", re.IGNORECASE)
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
STREET_TYPES = (
    "road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|crescent|cres|grove|gardens|gdns|terrace|court|ct"
    "|place|pl|square|sq|mews|row|walk|rise|view|hill|park|parade|green|vale|wharf|quay|boulevard|broadway"
    "|croft|fold|gate|meadows?|chase|path|yard|villas|cottages"
)
ADDRESS = re.compile(
    rf"\b(?:(?:flat|apartment|apt|unit|suite)\.? ?\d+[a-z]?,? )?(?:\d{{1,4}}[a-z]?|{_NUMBER_WORDS}),? "
    rf"((?:[A-Za-z'’-]+ ){{1,3}})(?:{STREET_TYPES})\b\.?", re.IGNORECASE)
NOT_STREET_WORDS = frozenset(
    "a an the of for to in on at and or my your our their per by with from i is it was are be been this that "
    "pounds quid pence minutes mins hours days weeks months years times items boxes bills tiles calls".split())


def detect_emails(text: str) -> list[Span]:
    """Written and spoken ("john dot smith at gmail dot com") personal email addresses."""
    spans = [Span(m.start(), m.end(), "EMAIL", 0.98) for m in EMAIL.finditer(text)
             if m.group().split("@")[0].lower() not in ROLE_MAILBOXES]
    spans += [Span(m.start(), m.end(), "EMAIL", 0.85) for m in SPOKEN_EMAIL.finditer(text)]
    return spans


def detect_ips(text: str) -> list[Span]:
    """Public IPv4 and IPv6 addresses; private LAN addresses and version numbers are left alone."""
    spans = []
    for regex in (IPV4, IPV6):
        for m in regex.finditer(text):
            if public_ip(m.group()) and not VERSION_WORDS.search(text, max(0, m.start() - 12), m.start()):
                spans.append(Span(m.start(), m.end(), "IP_ADDRESS", 0.95))
    return spans


def detect_ibans(text: str) -> list[Span]:
    """IBANs that pass the mod-97 check, written compact or in groups of four."""
    spans = []
    for m in IBAN.finditer(text):
        value, end = m.group(), m.end()
        if not iban_valid(value) and " " in value:
            value = value.rsplit(" ", 1)[0]
            end = m.start() + len(value)
        if iban_valid(value):
            spans.append(Span(m.start(), end, "IBAN", 0.99))
    return spans


def detect_ni_numbers(text: str) -> list[Span]:
    """National Insurance numbers, written or spelled out letter by letter."""
    return [Span(m.start(), m.end(), "NI_NUMBER", 0.95) for m in NI.finditer(text) if ni_valid(m.group())]


def detect_postcodes(text: str, spelled: list[tuple[int, int]]) -> list[Span]:
    """UK postcodes by grammar (written, or spelled out in speech), and ZIP codes named as such."""
    spans = [Span(m.start(), m.end(), "POSTCODE", 0.9) for m in POSTCODE.finditer(text) if postcode_valid(m.group())]
    for start, end in spelled:
        spans.extend(_spelled_postcodes(text, start, end))
    spans += [Span(m.start(1), m.end(1), "POSTCODE", 0.8) for m in ZIP.finditer(text)]
    return spans


def _spelled_postcodes(text: str, start: int, end: int) -> list[Span]:
    """Postcodes inside one spelled-out run ("S W 1 A 1 A A"): the longest valid window wins."""
    chars = [(i, ch) for i in range(start, end) if (ch := text[i]) != " "]
    for first in range(len(chars)):
        for size in (7, 6, 5):
            window = chars[first:first + size]
            if len(window) == size and postcode_valid("".join(ch for _, ch in window)):
                return [Span(window[0][0], window[-1][0] + 1, "POSTCODE", 0.85)]
    return []


def detect_addresses(text: str) -> list[Span]:
    """Street lines: optional flat, house number, up to three words and a street type ("14 Oakfield Road")."""
    spans = []
    for m in ADDRESS.finditer(text):
        words = m.group(1).lower().split()
        if not any(w in NOT_STREET_WORDS for w in words):
            spans.append(Span(m.start(), m.end() - (1 if m.group().endswith(".") else 0), "ADDRESS", 0.85))
    return spans
