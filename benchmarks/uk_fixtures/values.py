"""Random but realistic UK personal values for the contact-centre fixtures.

Each generator takes a `random.Random` and returns a string as a customer or
agent would say or type it. Spoken forms follow how people read numbers out
over the phone ("oh seven seven double nine ...").
"""

from __future__ import annotations

import random

FIRST_NAMES = (
    "James Oliver Harry George Jack Noah Leo Arthur Muhammad Oscar Charlie Jacob Thomas Henry "
    "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Sophia Freya Emily Poppy Ella Evie Sophie "
    "Priya Aisha Fatima Zainab Amir Hamza Ravi Sunita Deepak Harpreet Gurpreet Manjit "
    "Chloe Megan Bethany Kirsty Gemma Leanne Stacey Dean Wayne Darren Gareth Rhys Dylan Cerys Siobhan "
    "Niamh Aoife Ciaran Seamus Fiona Morag Hamish Iain Callum Eilidh Wojciech Agnieszka Katarzyna Tomasz "
    "Oluwaseun Chidi Ngozi Kwame Abena Tariq Yusuf Mei Wei Thanh Linh Anil Kofi Declan Bronwen"
).split()
# First names that are also everyday English words: the hard cases.
WORD_NAMES = "Bill Mark Grace Rose Hope Will May June Faith Joy Dawn Jack Frank Pat Rob Holly Ruby Robin Sandy Penny Carol Dean".split()
SURNAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
    "Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell Rose Davis "
    "Rodriguez Cox Alexander O'Neill McDonald MacLeod Fitzgerald Kaur Singh Ahmed Hussain Begum Okafor "
    "Adeyemi Mensah Nowak Kowalski Wiśniewski Nguyen Chen Wong Smith-Jones Ashworth Entwistle Pryce "
    "Llewellyn Bevan Hughes Price Baker Cook Bell King Hill Young Marsh Fletcher Hargreaves Ogunleye "
    "Van der Berg Da Silva Costa Horvath Murphy Kelly Byrne Doyle Gallagher Quinn"
).split()
SURNAMES = [s.replace("_", " ") for s in SURNAMES if s not in ("Van", "der", "Berg", "Da", "Silva")] + [
    "Van der Berg", "Da Silva"]
AGENT_NAMES = "Sarah Priya Tom Kerry Jamal Louise Craig Hannah Mo Beth Shaun Ayesha Dan Lucy Nathan Grace Will".split()
TOWNS = "Leeds Bristol Manchester Cardiff Glasgow Norwich Leicester Swindon Preston Stockport Hull Reading Brighton".split()
STREETS = "Oakfield Church Victoria Station Mill Park Kingsway Greenbank Hawthorn Meadow Albert Beech Highfield".split()
STREET_TYPES = "Road Street Lane Avenue Close Drive Way Crescent Grove Gardens Terrace Court Place".split()
OUTWARD = "SW1A M1 M14 B33 LS6 LS17 EH1 EH12 CF10 BS8 NG7 G12 L18 NE6 S10 BN2 OX4 CB1 RG1 SK4 PR1 HU5 NR3 LE2 E14 N16 W5 SE15".split()
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
MOBILE_PREFIXES = ("074", "075", "077", "078", "079", "073")
AREA_CODES = ("0113", "0114", "0117", "0118", "0121", "0131", "0141", "0151", "0161", "0191", "01223", "01865", "01273")
EMAIL_DOMAINS = ("gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "btinternet.com", "icloud.com", "live.co.uk")
DIGIT_WORDS = "zero one two three four five six seven eight nine".split()
TENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
DECADES = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
MONTHS = "January February March April May June July August September October November December".split()
ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
            "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()


def digits(rng: random.Random, n: int) -> str:
    """`n` random decimal digits."""
    return "".join(rng.choice("0123456789") for _ in range(n))


def spoken_digits(rng: random.Random, number: str) -> str:
    """Read a digit string aloud: 'oh'/'zero' for 0, 'double'/'triple' for repeats, spaces between groups."""
    words, i = [], 0
    zero = rng.choice(("oh", "oh", "zero"))
    while i < len(number):
        ch = number[i]
        if not ch.isdigit():
            i += 1
            continue
        run = 1
        while i + run < len(number) and number[i + run] == ch and run < 3:
            run += 1
        word = zero if ch == "0" else DIGIT_WORDS[int(ch)]
        if run > 1 and rng.random() < 0.8:
            words.append(("double " if run == 2 else "triple ") + word)
        else:
            words.extend([word] * run)
        i += run
    return " ".join(words)


def spoken_pairs(number: str) -> str:
    """Read a digit string in pairs ('twenty, forty five'), as people often give sort codes."""
    out = []
    for k in range(0, len(number), 2):
        pair = number[k:k + 2]
        out.append(_pair_words(pair))
    return ", ".join(out)


def _pair_words(pair: str) -> str:
    if pair[0] == "0":
        return "oh " + DIGIT_WORDS[int(pair[1])]
    if pair[0] == "1":
        return TENS[int(pair[1])]
    tens = DECADES[int(pair[0])]
    return tens if pair[1] == "0" else f"{tens} {DIGIT_WORDS[int(pair[1])]}"


def luhn_complete(rng: random.Random, prefix: str, length: int) -> str:
    """A Luhn-valid card number of `length` digits starting with `prefix`."""
    body = prefix + digits(rng, length - len(prefix) - 1)
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    """A Luhn-valid Visa, Mastercard or Amex number, unformatted."""
    kind = rng.choice(("visa", "visa", "mc", "amex"))
    if kind == "amex":
        return luhn_complete(rng, rng.choice(("34", "37")), 15)
    prefix = "4" if kind == "visa" else rng.choice(("51", "53", "55", "2221"))
    return luhn_complete(rng, prefix, 16)


def group(number: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    """Split `number` into groups of the given sizes joined by `sep` (rest in the last group)."""
    out, i = [], 0
    for size in sizes:
        out.append(number[i:i + size])
        i += size
    if i < len(number):
        out.append(number[i:])
    return sep.join(p for p in out if p)


def mobile(rng: random.Random) -> str:
    """A UK mobile number, national format without spaces."""
    return rng.choice(MOBILE_PREFIXES) + digits(rng, 8)


def landline(rng: random.Random) -> str:
    """A UK geographic number in a common written layout."""
    code = rng.choice(AREA_CODES)
    rest = str(rng.randint(2, 8)) + digits(rng, 10 - len(code))
    return f"{code} {rest[:3]} {rest[3:]}" if len(code) == 4 else f"{code} {rest}"


def format_mobile(rng: random.Random, number: str) -> str:
    """Write a mobile number in one of the layouts seen in chats and emails."""
    rest = number[1:]
    return rng.choice((
        f"{number[:5]} {number[5:]}", number, f"+44 {rest[:4]} {rest[4:]}", f"+44{rest}",
        f"({number[:5]}) {number[5:8]} {number[8:]}", f"{number[:5]} {number[5:8]} {number[8:]}",
        f"0044 {rest[:4]} {rest[4:]}", f"{number[:4]}-{number[4:7]}-{number[7:]}",
    ))


def postcode(rng: random.Random) -> str:
    """A UK postcode that follows the Royal Mail grammar."""
    letters = rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS)
    return f"{rng.choice(OUTWARD)} {rng.randint(0, 9)}{letters}"


def spoken_postcode(rng: random.Random, code: str) -> str:
    """A postcode read out letter by letter, digits as words, lower case."""
    parts = []
    for ch in code.replace(" ", ""):
        parts.append(DIGIT_WORDS[int(ch)] if ch.isdigit() else ch.lower())
    return " ".join(parts)


def street(rng: random.Random) -> str:
    """A house number and street, sometimes with a flat."""
    num = str(rng.randint(1, 240)) + rng.choice(("", "", "", "a"))
    base = f"{num} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
    return f"Flat {rng.randint(1, 12)}, {base}" if rng.random() < 0.2 else base


def email(rng: random.Random, first: str, last: str) -> str:
    """A personal email address made from a name."""
    last = last.replace(" ", "").replace("'", "").replace("ś", "s")
    local = rng.choice((f"{first}.{last}", f"{first[0]}{last}{rng.randint(1, 99)}",
                        f"{first}{rng.randint(60, 99)}", f"{last}_{first[0]}"))
    return f"{local.lower()}@{rng.choice(EMAIL_DOMAINS)}"


def sort_code(rng: random.Random) -> str:
    """Six digits of a sort code."""
    return rng.choice(("20", "40", "30", "60", "77", "83", "09", "11")) + digits(rng, 4)


def iban(rng: random.Random) -> str:
    """A GB IBAN with valid check digits, unformatted."""
    bank = rng.choice(("NWBK", "BARC", "LOYD", "HBUK", "MIDL"))
    bban = bank + sort_code(rng) + digits(rng, 8)
    numeric = "".join(str(int(c, 36)) for c in bban + "GB00")
    check = 98 - int(numeric) % 97
    return f"GB{check:02d}{bban}"


def ni_number(rng: random.Random) -> str:
    """A National Insurance number with an allowed prefix."""
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    if first + second in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
        second = "A"
    return f"{first}{second}{digits(rng, 6)}{rng.choice('ABCD')}"


def dob(rng: random.Random) -> str:
    """A date of birth in one of the written or spoken forms customers use."""
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1938, 2005)
    return rng.choice((
        f"{day:02d}/{month:02d}/{year}", f"{day} {MONTHS[month - 1]} {year}",
        f"{day}{_suffix(day)} of {MONTHS[month - 1]} {year}", f"{day:02d}.{month:02d}.{str(year)[2:]}",
        f"the {ORDINALS[day - 1] if day <= 20 else 'twenty ' + ORDINALS[day - 21]} of {MONTHS[month - 1].lower()} "
        f"{_year_words(year)}",
    ))


def _suffix(day: int) -> str:
    return {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(day, "th")


def _year_words(year: int) -> str:
    if year >= 2000:
        return "two thousand and " + DIGIT_WORDS[year % 10] if year < 2010 else "twenty " + _pair_words(str(year)[2:])
    return _pair_words(str(year)[:2]) + " " + _pair_words(str(year)[2:])


def expiry(rng: random.Random) -> tuple[str, str]:
    """A card expiry written ('03/27') and spoken ('oh three twenty seven')."""
    month, year = rng.randint(1, 12), rng.randint(25, 31)
    return f"{month:02d}/{year}", f"{_pair_words(f'{month:02d}')} {_pair_words(str(year))}"


def reference(rng: random.Random) -> str:
    """An order, case, policy or tracking reference as written by the organisation."""
    return rng.choice((
        f"ORD-{digits(rng, 8)}", f"CAS-{digits(rng, 6)}", f"PN{digits(rng, 7)}", f"{rng.choice('JKLM')}D{digits(rng, 12)}",
        f"NW{digits(rng, 9)}", f"{digits(rng, 10)}", f"REF/{rng.randint(2023, 2025)}/{digits(rng, 5)}",
    ))


def public_ip(rng: random.Random) -> str:
    """A public IPv4 address (a customer's router)."""
    first = rng.choice((81, 86, 92, 109, 151, 176, 212, 213, 82, 90))
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
