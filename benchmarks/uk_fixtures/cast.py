"""One document's cast: every placeholder a template may use, filled once per document.

A placeholder maps to a list of (text, label) segments; label None marks text
that must stay (fillers, look-alikes such as prices, times, helplines).
"""

from __future__ import annotations

import random

from uk_fixtures import values as v

Segments = list[tuple[str, str | None]]

ORGS = {
    "Northwind Energy": "0800 011 3432", "Albion Bank": "0345 300 0123", "Harbour Telecom": "0333 202 1155",
    "Kestrel Insurance": "0300 123 8890", "Brightway": "0808 164 2200",
}


def build_cast(rng: random.Random) -> dict[str, Segments]:
    """Fill every placeholder for one document."""
    cast: dict[str, Segments] = {}
    cast.update(_people(rng))
    cast.update(_contact(rng, cast))
    cast.update(_payment(rng))
    cast.update(_identity(rng))
    cast.update(_lookalikes(rng))
    return cast


def one(text: str, label: str | None) -> Segments:
    return [(text, label)]


def _people(rng: random.Random) -> dict[str, Segments]:
    first, last = rng.choice(v.FIRST_NAMES), rng.choice(v.SURNAMES)
    word_first = rng.choice(v.WORD_NAMES)
    other = rng.choice(v.FIRST_NAMES)
    agent = rng.choice(v.AGENT_NAMES)
    agent_last = rng.choice(v.SURNAMES)
    cast = {
        "CF": one(first, "PERSON"), "CL": one(last, "PERSON"), "CFULL": one(f"{first} {last}", "PERSON"),
        "WF": one(word_first, "PERSON"), "WFULL": one(f"{word_first} {last}", "PERSON"),
        "OF": one(other, "PERSON"), "OFULL": one(f"{other} {rng.choice(v.SURNAMES)}", "PERSON"), "AG": one(agent, "AGENT_NAME"),
        "AGFULL": one(f"{agent} {agent_last}", "AGENT_NAME"),
    }
    for key in list(cast):
        cast[key.lower()] = [(t.lower(), lab) for t, lab in cast[key]]
    cast["_first"], cast["_last"] = one(first, None), one(last, None)
    return cast


def _contact(rng: random.Random, cast: dict[str, Segments]) -> dict[str, Segments]:
    mob = v.mobile(rng)
    code = v.postcode(rng)
    mail = v.email(rng, cast["_first"][0][0], cast["_last"][0][0])
    local, domain = mail.split("@")
    spoken_mail = local.replace(".", " dot ").replace("_", " underscore ") + " at " + domain.replace(".", " dot ")
    return {
        "MOB": one(v.format_mobile(rng, mob), "PHONE"), "MOB_SP": one(v.spoken_digits(rng, mob), "PHONE"),
        "LAND": one(v.landline(rng), "PHONE"), "EMAIL": one(mail, "EMAIL"), "EMAIL_SP": one(spoken_mail, "EMAIL"),
        "PC": one(code, "POSTCODE"), "pc": one(code.lower(), "POSTCODE"),
        "PC_SP": one(v.spoken_postcode(rng, code), "POSTCODE"),
        "STREET": one(v.street(rng), "ADDRESS"), "street": one(v.street(rng).lower(), "ADDRESS"),
        "TOWN": one(rng.choice(v.TOWNS), None), "IP": one(v.public_ip(rng), "IP_ADDRESS"),
    }


def _payment(rng: random.Random) -> dict[str, Segments]:
    number = v.card(rng)
    sizes = (4, 6, 5) if len(number) == 15 else (4, 4, 4, 4)
    written = rng.choice((number, v.group(number, sizes), v.group(number, sizes, "-")))
    filler = rng.choice((" ... sorry ... ", " - hang on, sorry - ", ", um, ", "... sorry, the dog ... "))
    written_exp, spoken_exp = v.expiry(rng)
    sort = v.sort_code(rng)
    acc = v.digits(rng, 8)
    iban = v.iban(rng)
    return {
        "CARD": one(written, "CARD_NUMBER"), "CARD_SP": one(v.spoken_digits(rng, number), "CARD_NUMBER"),
        "CARD_SPLIT": [(number[:4], "CARD_NUMBER"), (filler, None), (v.group(number[4:], (4, 4, 4)), "CARD_NUMBER")],
        "LAST4": one(number[-4:], "CARD_NUMBER"), "LAST4_SP": one(v.spoken_digits(rng, number[-4:]), "CARD_NUMBER"),
        "CVV": one(v.digits(rng, 3), "CVV"), "CVV_SP": one(v.spoken_digits(rng, v.digits(rng, 3)), "CVV"),
        "EXP": one(written_exp, "CARD_EXPIRY"), "EXP_SP": one(spoken_exp, "CARD_EXPIRY"),
        "SORT": one(v.group(sort, (2, 2, 2), rng.choice(("-", " ", ""))), "SORT_CODE"),
        "SORT_SP": one(rng.choice((v.spoken_digits(rng, sort), v.spoken_pairs(sort))), "SORT_CODE"),
        "ACC": one(acc, "ACCOUNT_NUMBER"), "ACC_SP": one(v.spoken_digits(rng, acc), "ACCOUNT_NUMBER"),
        "IBAN": one(rng.choice((iban, v.group(iban, (4,) * 6))), "IBAN"),
    }


def _identity(rng: random.Random) -> dict[str, Segments]:
    ni = v.ni_number(rng)
    ni_written = rng.choice((ni, f"{ni[:2]} {ni[2:4]} {ni[4:6]} {ni[6:8]} {ni[8]}"))
    ni_spoken = " ".join(ch.lower() if ch.isalpha() else v.DIGIT_WORDS[int(ch)] for ch in ni)
    ref = v.reference(rng)
    return {
        "NI": one(ni_written, "NI_NUMBER"), "NI_SP": one(ni_spoken, "NI_NUMBER"),
        "DOB": one(v.dob(rng), "DOB"), "REF": one(ref, "REFERENCE"),
        "REF_SP": one(v.spoken_digits(rng, v.digits(rng, 8)), "REFERENCE"),
        "ACCREF": one(v.digits(rng, rng.choice((9, 10, 12))), "REFERENCE"),
    }


def _lookalikes(rng: random.Random) -> dict[str, Segments]:
    org = rng.choice(list(ORGS))
    pounds = rng.randint(8, 420)
    return {
        "ORG": one(org, None), "HELPLINE": one(ORGS[org], None),
        "PRICE": one(f"£{pounds}.{rng.choice(('99', '50', '00', '47'))}", None),
        "PRICE_SP": one(f"{v.spoken_pairs(str(pounds)) if pounds < 100 else pounds} pounds "
                        f"{rng.choice(('fifty', 'ninety nine', 'twenty'))}", None),
        "TIME": one(f"{rng.randint(8, 19)}:{rng.choice(('00', '15', '30', '45', '05'))}", None),
        "METER": one(v.digits(rng, rng.choice((5, 6))), None),
        "MPAN": one(v.digits(rng, 13), None), "LANIP": one(rng.choice(("192.168.1.254", "192.168.0.1", "10.0.0.138", "172.16.4.20")), None),
        "VERSION": one(f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}", None),
        "SKU": one(f"{rng.choice(('SKU', 'HT', 'KX'))}-{v.digits(rng, 5)}-{rng.choice('ABC')}", None),
        "BATCH": one(f"L{v.digits(rng, 4)} {v.digits(rng, 2)}", None),
        "QTY": one(str(rng.randint(2, 40)), None), "MINUTES": one(str(rng.randint(10, 95)), None),
        "PAYDATE": one(f"{rng.randint(1, 28)}/{rng.randint(1, 12):02d}/2024", None),
        "KWH": one(f"{rng.randint(120, 4200)}", None), "ROUTER": one(f"HH{rng.randint(5, 6)}-{v.digits(rng, 4)}", None),
    }
