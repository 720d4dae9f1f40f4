"""Personal data as people say and type it, from ranges reserved for fiction, and look-alikes that are not.

Phone numbers come from Ofcom's drama ranges (07700 900000-900999, 0113 496 0000-0999...), emails from
example.com/.co.uk/.org, and card numbers from the test numbers card schemes publish, so nothing here is real.
"""

from __future__ import annotations

import random
import re

from qa_tui.demo.people_data import CITIES, City

TEST_CARDS = (
    "4242424242424242", "4000056655665556", "4111111111111111", "4012888888881881", "5555555555554444",
    "5105105105105100", "2223003122003222", "5200828282828210", "378282246310005", "371449635398431",
    "6011111111111117", "6011000990139424", "3566002020360505",
)
EMAIL_DOMAINS = ("example.com", "example.co.uk", "example.org", "mail.example.com")
DIGIT_WORDS = "oh one two three four five six seven eight nine".split()
MONTHS = "January February March April May June July August September October November December".split()
FREEPHONE_HELPLINE = "0808 157 0192"
"""The company's own (fictional) helpline: a number in the text that is not personal data."""


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# --- phones -----------------------------------------------------------------------------------------------


def mobile_number(rng: random.Random) -> str:
    """A fictional mobile in national form, digits only: 07700 900000-900999."""
    return f"07700900{rng.randrange(1000):03d}"


def landline_number(rng: random.Random, city: City | None = None) -> str:
    city = city or rng.choice(CITIES)
    return f"{city.area_code}{city.local_prefix}0{rng.randrange(1000):03d}"


def phone_spelling(rng: random.Random, digits: str) -> str:
    """One of the many ways people write a UK number."""
    if digits.startswith("07"):
        return rng.choice(_MOBILE_STYLES)(digits)
    return rng.choice(_LANDLINE_STYLES)(*_area_split(digits))


def _area_split(digits: str) -> tuple[str, str]:
    area = 3 if digits.startswith("02") else 4
    return digits[:area], digits[area:]


_MOBILE_STYLES = (
    lambda d: f"{d[:5]} {d[5:]}",
    lambda d: d,
    lambda d: f"+44 {d[1:5]} {d[5:]}",
    lambda d: f"+44{d[1:]}",
    lambda d: f"0044 {d[1:5]} {d[5:8]} {d[8:]}",
    lambda d: f"{d[:5]}-{d[5:8]}-{d[8:]}",
    lambda d: f"{d[:5]} {d[5:8]} {d[8:]}",
    lambda d: f"(+44) {d[1:5]} {d[5:]}",
)
_LANDLINE_STYLES = (
    lambda area, local: f"({area}) {local[:-4]} {local[-4:]}",
    lambda area, local: f"{area} {local[:-4]} {local[-4:]}",
    lambda area, local: f"{area}-{local[:-4]}-{local[-4:]}",
    lambda area, local: f"+44 {area[1:]} {local[:-4]} {local[-4:]}",
    lambda area, local: f"{area}{local}",
)


def spoken_digits(digits: str, doubles: str = "all") -> str:
    """Digits as said on the phone. `doubles`: 'all' (oh double seven), 'zeros' (oh seven seven double oh), 'none'."""
    words, i = [], 0
    while i < len(digits):
        run = len(re.match(r"(\d)\1*", digits[i:]).group())
        if doubles == "none" or (doubles == "zeros" and digits[i] != "0"):
            run = 1
        take = min(run, 3)
        word = DIGIT_WORDS[int(digits[i])]
        words.append({1: word, 2: f"double {word}", 3: f"triple {word}"}[take])
        i += take
    return " ".join(words)


# --- other identifiers ------------------------------------------------------------------------------------


def postcode(rng: random.Random, city: City | None = None) -> str:
    city = city or rng.choice(CITIES)
    letters = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in the inward code
    return f"{rng.choice(city.outward_codes)} {rng.randrange(10)}{rng.choice(letters)}{rng.choice(letters)}"


def postcode_spelling(rng: random.Random, code: str) -> str:
    style = rng.randrange(5)
    if style == 1:
        return code.lower()
    if style == 2:
        return code.replace(" ", "")
    if style == 3:
        return " ".join(DIGIT_WORDS[int(c)] if c.isdigit() else c for c in code.replace(" ", ""))
    return code


def email_address(rng: random.Random, first: str, last: str) -> str:
    first, last = _plain(first), _plain(last)
    local = rng.choice((f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}.{last}{rng.randrange(10, 99)}",
                        f"{last}.{first}", f"{first}_{last}{rng.randrange(1970, 2005)}"))
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


def _plain(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def spoken_email(address: str) -> str:
    return address.replace("@", " at ").replace(".", " dot ").replace("_", " underscore ")


def email_spelling(rng: random.Random, address: str) -> str:
    style = rng.randrange(4)
    if style == 1:
        return spoken_email(address)
    if style == 2:
        return address.upper()
    return address


def card_number(rng: random.Random) -> str:
    return rng.choice(TEST_CARDS)


def card_spelling(rng: random.Random, digits: str) -> str:
    """Spaced, dashed, run together, Amex-grouped, or only its last four."""
    groups = [digits[:4], digits[4:10], digits[10:]] if len(digits) == 15 else [digits[i:i + 4] for i in range(0, len(digits), 4)]
    style = rng.randrange(5)
    if style == 1:
        return "-".join(groups)
    if style == 2:
        return digits
    if style == 3:
        return f"the card ending {digits[-4:]}"
    return " ".join(groups)


def card_halves(digits: str) -> tuple[str, str]:
    """A card number said in two goes, as callers often do."""
    middle = len(digits) // 2
    return f"{digits[:4]} {digits[4:middle]}", f"{digits[middle:-4]} {digits[-4:]}"


def date_of_birth(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(1938, 2006), rng.randrange(1, 13), rng.randrange(1, 29)


def dob_spelling(rng: random.Random, dob: tuple[int, int, int]) -> str:
    year, month, day = dob
    styles = (f"{day:02d}/{month:02d}/{year}", f"{day} {MONTHS[month - 1]} {year}", f"{ordinal(day)} of {MONTHS[month - 1]} {year}",
              f"{day}.{month}.{str(year)[2:]}", f"{year}-{month:02d}-{day:02d}")
    return rng.choice(styles)


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def sort_code(rng: random.Random) -> str:
    digits = f"{rng.randrange(10, 99)}{rng.randrange(100):02d}{rng.randrange(100):02d}"
    return rng.choice((f"{digits[:2]}-{digits[2:4]}-{digits[4:]}", f"{digits[:2]} {digits[2:4]} {digits[4:]}", digits))


def account_number(rng: random.Random) -> str:
    return f"{rng.randrange(10_000_000, 99_999_999)}"


def order_reference(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return rng.choice((f"ORD-{rng.randrange(100_000, 999_999)}", f"{rng.randrange(10_000_000, 99_999_999)}",
                       f"{rng.choice(letters)}{rng.choice(letters)}{rng.randrange(1000, 9999)}{rng.choice(letters)}"))


# --- look-alikes: numbers that are not personal data ------------------------------------------------------


def price(rng: random.Random) -> str:
    pounds = rng.choice((4, 9, 12, 19, 24, 29, 35, 42, 49, 64, 120, 1250))
    return rng.choice((f"£{pounds}.99", f"£{pounds:,}", f"£{pounds}.{rng.randrange(100):02d}", f"{pounds} pounds"))


def clock_time(rng: random.Random) -> str:
    hour, minute = rng.randrange(8, 20), rng.choice((0, 15, 30, 45, 10, 5))
    return rng.choice((f"{hour:02d}:{minute:02d}", f"{(hour - 1) % 12 + 1}.{minute:02d}{'am' if hour < 12 else 'pm'}",
                       f"{(hour - 1) % 12 + 1}{'am' if hour < 12 else 'pm'}"))


def product_code(rng: random.Random) -> str:
    return rng.choice((f"SKU-{rng.randrange(10_000, 99_999)}", f"model BX-{rng.randrange(100, 9999)}",
                       f"HUB{rng.randrange(2, 7)}", f"tariff code UNL{rng.randrange(10, 99)}"))


def serial_number(rng: random.Random) -> str:
    """Sixteen digits in card-like groups that fail the Luhn check, so a careless detector would flag them."""
    digits = f"{rng.randrange(10**15, 10**16)}"
    if luhn_valid(digits):
        digits = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    return " ".join(digits[i:i + 4] for i in range(0, 16, 4))
