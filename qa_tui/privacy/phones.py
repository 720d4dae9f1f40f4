"""Phone number types from libphonenumber's metadata, without most of its per-call cost.

`phonenumbers.parse`, `is_valid_number` and `number_type` cost about 100 µs for
one UK number, mostly in looking up and re-matching metadata patterns. UK numbers
(+44: GB, GG, IM, JE) are most of what contact-centre text holds, so for them the
library's own rules are applied here to its own metadata, compiled once at import:
strip the trunk prefix, choose the region, then test the number types in the
library's order. Anything else, or any UK number these shortcuts do not cover,
goes to the library itself. tests/privacy/test_redact_phones.py checks that both
paths agree.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, PhoneNumberType

UK_CODE = 44
# libphonenumber's order in `_number_type_helper`: the first type that matches wins.
SPECIAL_TYPES = (
    ("premium_rate", PhoneNumberType.PREMIUM_RATE), ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST), ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER), ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN), ("voicemail", PhoneNumberType.VOICEMAIL),
)
UNKNOWN = PhoneNumberType.UNKNOWN


class _Desc:
    """One number description: possible lengths and a national number pattern (None: matches nothing)."""

    def __init__(self, desc) -> None:
        self.lengths = frozenset(desc.possible_length) if desc is not None else frozenset()
        pattern = desc.national_number_pattern if desc is not None else None
        self.pattern = re.compile(pattern) if pattern else None

    def matches(self, nsn: str) -> bool:
        if self.pattern is None or (self.lengths and len(nsn) not in self.lengths):
            return False
        return self.pattern.fullmatch(nsn) is not None


class _Region:
    """One region's metadata, compiled."""

    def __init__(self, metadata) -> None:
        self.leading = re.compile(metadata.leading_digits) if metadata.leading_digits is not None else None
        self.general = _Desc(metadata.general_desc)
        self.special = [(_Desc(getattr(metadata, name)), kind) for name, kind in SPECIAL_TYPES]
        self.fixed, self.mobile = _Desc(metadata.fixed_line), _Desc(metadata.mobile)
        self.same_mobile_and_fixed = metadata.same_mobile_and_fixed_line_pattern

    def type_of(self, nsn: str) -> int:
        """libphonenumber's `_number_type_helper` for this region."""
        if not self.general.matches(nsn):
            return UNKNOWN
        for desc, kind in self.special:
            if desc.matches(nsn):
                return kind
        if self.fixed.matches(nsn):
            if self.same_mobile_and_fixed or self.mobile.matches(nsn):
                return PhoneNumberType.FIXED_LINE_OR_MOBILE
            return PhoneNumberType.FIXED_LINE
        if not self.same_mobile_and_fixed and self.mobile.matches(nsn):
            return PhoneNumberType.MOBILE
        return UNKNOWN


_UK_REGIONS = [_Region(PhoneMetadata.metadata_for_region(code)) for code in COUNTRY_CODE_TO_REGION_CODE[UK_CODE]]
_GB = PhoneMetadata.metadata_for_region("GB")
_GB_GENERAL = _UK_REGIONS[0].general
_TRUNK_PREFIX = re.compile(_GB.national_prefix_for_parsing or _GB.national_prefix)
_NOT_DIGIT = re.compile(r"\D")


def uk_number_type(nsn: str) -> int:
    """The type of a +44 national significant number: the region as the library chooses it, then its type."""
    for region in _UK_REGIONS:
        if region.leading is not None:
            if region.leading.match(nsn):
                return region.type_of(nsn)
        else:
            kind = region.type_of(nsn)
            if kind != UNKNOWN:
                return kind
    return UNKNOWN


def phone_type(text: str) -> int | None:
    """The number type of `text` (digits, spaces, dashes, brackets; "+" or trunk "0" first); None when unparseable.

    The same answer as `phonenumbers.number_type(phonenumbers.parse(text, "GB"))`.
    """
    nsn = _uk_national_number(text)
    if nsn is not None:
        return uk_number_type(nsn)
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else "GB")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.number_type(number)


def _uk_national_number(text: str) -> str | None:
    """The national significant number when the library's parse would certainly give +44 and these digits."""
    if "(" in text or ")" in text:
        return None  # "+44 (0) 20...": the library's rules for a bracketed prefix
    digits = _NOT_DIGIT.sub("", text)
    if text.startswith("+"):
        if not digits.startswith("44"):
            return None
        nsn = digits[2:]
        if _TRUNK_PREFIX.match(nsn):
            return None
    elif text.startswith("0") and not _GB_GENERAL.matches(digits):
        prefix = _TRUNK_PREFIX.match(digits)
        if prefix is None or prefix.end() != 1:
            return None
        nsn = digits[1:]
    else:
        return None
    if not nsn or nsn[0] == "0" or len(nsn) not in _GB_GENERAL.lengths:
        return None
    return nsn
