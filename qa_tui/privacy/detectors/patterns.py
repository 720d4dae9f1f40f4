"""Shaped identifiers: emails, IP addresses, IBANs, NI numbers, postcodes and street addresses.

Each detector finds candidates with a regex that starts on a rare character
(an "@", a digit, a street word) so the engine can skip ahead quickly, looks
backwards with a short anchored regex, and keeps only matches that pass the
identifier's own check (mod-97, NI prefix rules, postcode grammar, public IP).
"""

from __future__ import annotations

import re

from qa_tui.privacy.document import Document
from qa_tui.privacy.lexicon import trie_pattern
from qa_tui.privacy.spans import Span
from qa_tui.privacy.validators import iban_valid, ni_valid, postcode_valid, public_ip

EMAIL_LOCAL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}\Z")
EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
SPOKEN_EMAIL = re.compile(
    r"\b[a-z0-9]+(?: (?:dot|underscore|dash|hyphen) [a-z0-9]+)* at [a-z0-9]+(?: dot [a-z0-9]+)*"
    r" dot (?:com|net|org|uk|ie|io|me|co dot uk|org dot uk|ac dot uk)\b")
# Shared mailboxes of an organisation are not personal data.
ROLE_MAILBOXES = frozenset(
    "complaints info support help enquiries enquiry hello noreply no-reply customerservices customer.services "
    "service services admin contact sales billing accounts team careers dpo privacy feedback office".split())
# Led by one digit class (not a repeat), so that the engine skips to the next digit in C.
IPV4 = re.compile(r"[0-9][0-9]{0,2}+\.[0-9]{1,3}+\.[0-9]{1,3}+\.[0-9]{1,3}+(?![0-9]|\.[0-9])")
IPV6 = re.compile(r"[0-9a-f]{0,4}+:[0-9a-f]{0,4}+:[0-9a-f:]*+(?![\w:])")
# Literal-led (fast to search for) parts that every match of IPV4 and IPV6 contains.
IPV4_GATE = re.compile(r"\.[0-9]{1,3}+\.[0-9]")
IPV6_GATE = re.compile(r":[0-9a-f]{0,4}+:")
VERSION_WORDS = re.compile(r"(?:version|firmware|\bv|build|release|software|update)\W{0,3}\Z")
# A pattern that starts with one character class lets the engine skip ahead in C ("[0-9]{2}" would not).
IBAN_TAIL = re.compile(r"[0-9][0-9](?: ?[a-z0-9]{4}){2,7}+(?: ?[a-z0-9]{1,3})?(?![a-z0-9])")
NI_TAIL = re.compile(r"[0-9] ?[0-9] ?[0-9] ?[0-9] ?[0-9] ?[0-9] ?[a-d](?![a-z0-9])")
NI_LEAD = re.compile(r"(?<![a-z0-9])[a-z] ?[a-z] ?\Z")
INWARD = re.compile(r"[0-9][a-z]{2}(?![a-z0-9])")
OUTWARD = re.compile(r"(?<![a-z0-9])[a-z]{1,2}[0-9][a-z0-9]? ?\Z")
ZIP = re.compile(r"\b(?:zip(?: ?code)?|postal code)\W{0,3}(\d{5}(?:-\d{4})?)\b")
STREET_TYPES = (
    "road rd street st lane ln avenue ave close drive dr way crescent cres grove gardens gdns terrace court ct "
    "place pl square sq mews row walk rise view hill park parade green vale wharf quay boulevard broadway "
    "croft fold gate meadow meadows chase path yard villas cottages").split()
# Only after a space (a street type at the very start has no house number before it). The space is matched,
# not looked behind for: a literal first character lets the engine jump from space to space.
STREET_WORD = re.compile(" " + trie_pattern(STREET_TYPES))
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
STREET_LEAD = re.compile(
    rf"(?<![\w'’])(?:(?:flat|apartment|apt|unit|suite)\.? ?\d+[a-z]?,? )?(?:\d{{1,4}}[a-z]?|{_NUMBER_WORDS}),? "
    rf"((?:[a-z'’-]+ ){{1,3}})\Z")
NOT_STREET_WORDS = frozenset(
    "a an the of for to in on at and or my your our their per by with from i is it was are be been this that "
    "pounds quid pence minutes mins hours days weeks months years times items boxes bills tiles calls".split())


def detect_emails(doc: Document) -> list[Span]:
    """Written and spoken ("john dot smith at gmail dot com") personal email addresses."""
    text, spans = doc.text, []
    at = text.find("@")
    while at != -1:
        local = EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = EMAIL_DOMAIN.match(text, at + 1)
        if local and domain and local.group().lower() not in ROLE_MAILBOXES:
            spans.append(Span(local.start(), domain.end(), "EMAIL", 0.98))
        at = text.find("@", at + 1)
    if " dot " in doc.lower:
        spans += [Span(m.start(), m.end(), "EMAIL", 0.85) for m in SPOKEN_EMAIL.finditer(doc.lower)]
    return spans


def detect_ips(doc: Document) -> list[Span]:
    """Public IPv4 and IPv6 addresses; private LAN addresses and version numbers are left alone."""
    spans = []
    for regex, gate, source in ((IPV4, IPV4_GATE, doc.text), (IPV6, IPV6_GATE, doc.lower)):
        if not gate.search(source):
            continue
        for m in regex.finditer(source):
            start = m.start()
            if start and (source[start - 1].isalnum() or source[start - 1] in ".:"):
                continue
            if public_ip(m.group()) and not VERSION_WORDS.search(doc.lower, max(0, start - 12), start):
                spans.append(Span(start, m.end(), "IP_ADDRESS", 0.95))
    return spans


def detect_ibans(doc: Document) -> list[Span]:
    """IBANs that pass the mod-97 check, written compact or in groups of four."""
    spans, lower = [], doc.lower
    for m in IBAN_TAIL.finditer(lower):
        start = m.start() - 2
        if start < 0 or not lower[start:m.start()].isalpha() or (start and lower[start - 1].isalnum()):
            continue
        value = lower[start:m.end()]
        if not iban_valid(value) and " " in value:
            value = value.rsplit(" ", 1)[0]
        if iban_valid(value):
            spans.append(Span(start, start + len(value), "IBAN", 0.99))
    return spans


def detect_ni_numbers(doc: Document) -> list[Span]:
    """National Insurance numbers, written or spelled out letter by letter."""
    spans, lower = [], doc.lower
    for m in NI_TAIL.finditer(lower):
        lead = NI_LEAD.search(lower, max(0, m.start() - 4), m.start())
        if lead and ni_valid(lower[lead.start():m.end()]):
            spans.append(Span(lead.start(), m.end(), "NI_NUMBER", 0.95))
    return spans


def detect_postcodes(doc: Document) -> list[Span]:
    """UK postcodes by grammar (written, or spelled out in speech), and ZIP codes named as such."""
    spans, lower = [], doc.lower
    for m in INWARD.finditer(lower):
        outward = OUTWARD.search(lower, max(0, m.start() - 5), m.start())
        if outward and postcode_valid(lower[outward.start():m.end()]):
            spans.append(Span(outward.start(), m.end(), "POSTCODE", 0.9))
    for start, end in doc.spelled:
        spans.extend(_spelled_postcodes(doc.text, start, end))
    if "zip" in lower or "postal code" in lower:
        spans += [Span(m.start(1), m.end(1), "POSTCODE", 0.8) for m in ZIP.finditer(lower)]
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


def detect_addresses(doc: Document) -> list[Span]:
    """Street lines: optional flat, house number, up to three words and a street type ("14 Oakfield Road")."""
    spans, lower = [], doc.lower
    for m in STREET_WORD.finditer(lower):
        start, end = m.start() + 1, m.end()
        if end < len(lower) and lower[end].isalnum():
            continue
        lead = STREET_LEAD.search(lower, max(0, start - 60), start)
        if lead and not any(w in NOT_STREET_WORDS for w in lead.group(1).split()):
            spans.append(Span(lead.start(), end, "ADDRESS", 0.85))
    return spans
