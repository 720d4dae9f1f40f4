"""Checksums and grammars that tell real identifiers from look-alikes."""

from __future__ import annotations

import ipaddress
import re

POSTCODE = re.compile(
    r"(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRV-Y]?) ?[0-9][ABD-HJLNP-UW-Z]{2})",
    re.IGNORECASE,
)
NI_NUMBER = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", re.IGNORECASE)
NI_BAD_PREFIXES = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn checksum used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    """True when `text` (spaces allowed) is an IBAN with correct ISO 7064 mod-97 check digits."""
    compact = text.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    if not rearranged.isalnum():
        return False
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def ni_valid(text: str) -> bool:
    """True when `text` (spaces allowed) is a well-formed UK National Insurance number."""
    compact = text.replace(" ", "").upper()
    return bool(NI_NUMBER.fullmatch(compact)) and compact[:2] not in NI_BAD_PREFIXES


def postcode_valid(text: str) -> bool:
    """True when `text` (spaces allowed anywhere) follows the UK postcode grammar."""
    compact = text.replace(" ", "").upper()
    return 5 <= len(compact) <= 7 and bool(POSTCODE.fullmatch(compact))


def public_ip(text: str) -> bool:
    """True for a valid IP address that identifies a subscriber (not private, loopback or reserved)."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return address.is_global
