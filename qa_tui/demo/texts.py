"""Transcripts and notes for each channel, filled with the contact's personal data in its many spellings.

`compose` returns the original text of one contact. Facts are drawn lazily, only for the placeholders a text
uses, so short texts at large scale cost little and every text is a pure function of its random stream.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from qa_tui.demo import pii
from qa_tui.demo.people_data import CITIES, FIRST_NAMES, STREETS, SURNAMES, City
from qa_tui.demo.scenarios import MYSTERY_SHOP_BRIEFS, Scenario
from qa_tui.store.models import Channel

COMPANY = "Lumen"
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday".split()


@dataclass(frozen=True)
class Person:
    """Who is in touch: a known customer or someone who never gave their details before."""

    name: str
    email: str
    phone: str
    """Digits only, national form."""
    postcode: str
    city: City


def random_person(rng: random.Random) -> Person:
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    city = rng.choice(CITIES)
    phone = pii.mobile_number(rng) if rng.random() < 0.75 else pii.landline_number(rng, city)
    return Person(f"{first} {last}", pii.email_address(rng, first, last), phone, pii.postcode(rng, city), city)


class Facts(dict):
    """Placeholder values for one contact, each drawn the first time a template asks for it."""

    def __init__(self, rng: random.Random, person: Person, agent_name: str, spoken: bool) -> None:
        super().__init__(name=person.name, first=person.name.split()[0], agent=agent_name.split()[0],
                         agent_full=agent_name, city=person.city.name, helpline=pii.FREEPHONE_HELPLINE, company=COMPANY)
        self.rng, self.person, self.spoken = rng, person, spoken

    def __missing__(self, key: str) -> str:
        value = _FACT_MAKERS[key](self)
        self[key] = value
        return value


def _phone(facts: Facts, digits: str) -> str:
    if facts.spoken:
        return pii.spoken_digits(digits, facts.rng.choice(("all", "zeros", "none")))
    return pii.phone_spelling(facts.rng, digits)


def _card(facts: Facts) -> str:
    digits = facts["card_digits"]
    if facts.spoken:
        return " ".join(pii.spoken_digits(digits[i:i + 4]) for i in range(0, len(digits), 4))
    return pii.card_spelling(facts.rng, digits)


def _card_part(facts: Facts, half: int) -> str:
    return pii.card_halves(facts["card_digits"])[half]


def _date(facts: Facts) -> str:
    day, month = facts.rng.randrange(1, 29), facts.rng.choice(pii.MONTHS)
    return facts.rng.choice((f"{pii.ordinal(day)} of {month}", f"{day} {month}"))


def _dob(facts: Facts) -> str:
    year, month, day = pii.date_of_birth(facts.rng)
    if facts.spoken:
        return f"{pii.ordinal(day)} of {pii.MONTHS[month - 1]} {year}"
    return pii.dob_spelling(facts.rng, (year, month, day))


_FACT_MAKERS = {
    "phone": lambda f: _phone(f, f.person.phone),
    "phone2": lambda f: _phone(f, pii.mobile_number(f.rng)),
    "phone_tail": lambda f: f.person.phone[-3:],
    "email": lambda f: pii.spoken_email(f.person.email) if f.spoken else pii.email_spelling(f.rng, f.person.email),
    "new_email": lambda f: pii.email_address(f.rng, f["first"], f.rng.choice(SURNAMES)),
    "postcode": lambda f: pii.postcode_spelling(f.rng, f.person.postcode) if f.spoken else f.person.postcode,
    "address": lambda f: f"{f.rng.randrange(1, 180)} {f.rng.choice(STREETS)}",
    "dob": _dob,
    "card": _card,
    "card_a": lambda f: _card_part(f, 0),
    "card_b": lambda f: _card_part(f, 1),
    "card_digits": lambda f: pii.card_number(f.rng),
    "last4": lambda f: f["card_digits"][-4:],
    "expiry": lambda f: f"{f.rng.randrange(1, 13):02d}/{f.rng.randrange(27, 31)}",
    "sort_code": lambda f: pii.sort_code(f.rng),
    "account": lambda f: pii.account_number(f.rng),
    "account_tail": lambda f: f"{f.rng.randrange(1000, 9999)}",
    "order": lambda f: pii.order_reference(f.rng),
    "contact_name": lambda f: f"{f.rng.choice(FIRST_NAMES)} {f.person.name.split()[-1]}",
    "price": lambda f: pii.price(f.rng),
    "price2": lambda f: pii.price(f.rng),
    "time": lambda f: pii.clock_time(f.rng),
    "time2": lambda f: pii.clock_time(f.rng),
    "day": lambda f: f.rng.choice(WEEKDAYS),
    "date": _date,
    "month": lambda f: f.rng.choice(pii.MONTHS),
    "product": lambda f: pii.product_code(f.rng),
    "serial": lambda f: pii.serial_number(f.rng),
    "meter": lambda f: f"{f.rng.randrange(10_000, 99_999)}",
    "code": lambda f: f"{f.rng.randrange(100_000, 999_999)}",
    "helpline_other": lambda f: f"0909 879 0{f.rng.randrange(1000):03d}",
}
FACT_NAMES = frozenset(_FACT_MAKERS) | {"name", "first", "agent", "agent_full", "city", "helpline"}

GREETINGS = (
    "A: Good morning, thank you for calling {company}, you're through to {agent}, how can I help?",
    "A: Hello, you're speaking with {agent_full} at {company}, can I take your name please?\nC: It's {name}.",
    "A: Thanks for calling {company}, my name's {agent}, who am I speaking with?\nC: Hi {agent}, it's {first}.",
    "A: Afternoon, {company} customer care, {agent} speaking.",
)
VERIFICATIONS = (
    "A: For security, can you confirm your date of birth and postcode?\nC: {dob}, and it's {postcode}.",
    "A: Can I take your full name and the first line of the address?\nC: {name}, {address}.",
    "A: Could I have the phone number on the account?\nC: Yeah, it's {phone}.",
    "A: What's the email address on the account?\nC: {email}.",
    "A: Can I just check the postcode and the number we have for you?\nC: {postcode}, and my mobile is {phone}.",
)
CLOSINGS = (
    "A: Is there anything else I can help with today?\nC: No, that's everything, thanks {agent}.",
    "A: If you need us again, the helpline is {helpline}, open 8am to 8pm.\nC: Thanks, bye.",
    "A: Thanks for your patience today {first}, take care.\nC: You too.",
    "C: Cheers, bye.\nA: Bye now.",
)
CALL_LABELS = (("Agent", "Customer"), ("{agent}", "Caller"), ("AGENT", "CUSTOMER"), ("Advisor", "{first}"))


CHAT_GREETINGS = (
    "A: Hi, you're chatting with {agent} from {company}. How can I help?",
    "A: Hello {first}, thanks for getting in touch, it's {agent} here.",
    "A: Hi there, {agent_full} here from the {company} team.",
)


@dataclass(frozen=True)
class Dialogue:
    """A conversation's parts, each a list of lines starting 'A: ' or 'C: ' and holding placeholders."""

    greeting: list[str]
    opening: list[str]
    verification: list[str]
    middle: list[str]
    resolution: list[str]
    closing: list[str]

    def lines(self) -> list[str]:
        return self.greeting + self.opening + self.verification + self.middle + self.resolution + self.closing


def compose(rng: random.Random, channel: Channel, scenario: Scenario, person: Person, agent_name: str,
            exchanges: tuple[int, int], *, speech_to_text: bool = False) -> str:
    """The original text of one contact on `channel` about `scenario`."""
    facts = Facts(rng, person, agent_name, spoken=speech_to_text)
    if channel == Channel.MYSTERY_SHOP:
        return _mystery_shop(rng, facts)
    talk = _dialogue(rng, scenario, exchanges, CHAT_GREETINGS if channel == Channel.CHAT else GREETINGS)
    if channel == Channel.CALL:
        text = _call(rng, talk.lines(), facts)
        return _speech_to_text(text) if speech_to_text else text
    if channel == Channel.CHAT:
        return _chat(rng, talk.lines(), facts)
    if channel == Channel.EMAIL:
        return _email(rng, talk, scenario, facts)
    return _branch_visit(rng, talk, scenario, facts)


def _dialogue(rng: random.Random, scenario: Scenario, exchanges: tuple[int, int], greetings: tuple[str, ...]) -> Dialogue:
    middle = rng.sample(scenario.exchanges, min(rng.randint(*exchanges), len(scenario.exchanges)))
    closing = [rng.choice(CLOSINGS)] if exchanges[1] > 1 else []
    parts = [[rng.choice(greetings)], [rng.choice(scenario.openings)], [rng.choice(VERIFICATIONS)], middle,
             [rng.choice(scenario.resolutions)], closing]
    return Dialogue(*("\n".join(part).split("\n") if part else [] for part in parts))


def _said(lines: list[str], who: str, facts: Facts) -> list[str]:
    return [line[3:].format_map(facts) for line in lines if line[0] == who]


def _call(rng: random.Random, lines: list[str], facts: Facts) -> str:
    agent_label, customer_label = (label.format_map(facts) for label in rng.choice(CALL_LABELS))
    return "\n".join(f"{agent_label if line[0] == 'A' else customer_label}: {line[3:].format_map(facts)}" for line in lines)


_PUNCTUATION = re.compile(r"[.,!?;:()\"]")


def _speech_to_text(text: str) -> str:
    """Lower case, no punctuation, prices as words: how speech-to-text hands calls over."""
    text = re.sub(r"£(\d[\d,]*)\.(\d\d)", r"\1 pounds \2", text)
    text = re.sub(r"£(\d[\d,]*)", r"\1 pounds", text).replace(",", "")
    return "\n".join(_PUNCTUATION.sub("", line).lower() for line in text.split("\n"))


def _chat(rng: random.Random, lines: list[str], facts: Facts) -> str:
    minute, hour = rng.randrange(60), rng.randrange(8, 20)
    header = f"Pre-chat form: name {facts['name']}, email {facts['email']}, postcode {facts['postcode']}"
    out = [header]
    for line in lines:
        minute += rng.randrange(0, 3)
        who = f"{facts['agent']} ({COMPANY})" if line[0] == "A" else facts["first"]
        out.append(f"[{hour + minute // 60:02d}:{minute % 60:02d}] {who}: {line[3:].format_map(facts)}")
    return "\n".join(out)


def _email(rng: random.Random, talk: Dialogue, scenario: Scenario, facts: Facts) -> str:
    asked = "\n".join(_said(talk.opening + talk.middle, "C", facts))
    answered = "\n".join(_said(talk.middle + talk.resolution, "A", facts))
    return (f"From: {facts['name']} <{facts.person.email}>\nSubject: {scenario.title}\n\nHello,\n{asked}\n"
            f"{rng.choice(('Thanks', 'Regards', 'Many thanks'))},\n{facts['name']}\n{facts['phone']}\n\n"
            f"--- Reply from {facts['agent_full']}, {COMPANY} Customer Care ---\nDear {facts['first']},\n{answered}\n"
            f"Kind regards,\n{facts['agent_full']}\nCall us free on {facts['helpline']}")


def _branch_visit(rng: random.Random, talk: Dialogue, scenario: Scenario, facts: Facts) -> str:
    quotes = _said(talk.opening + talk.middle, "C", facts)[:2]
    return (f"Branch visit, {facts['city']} branch, {facts['time']}. Seen by {facts['agent_full']}.\n"
            f"Customer {facts['name']} (DOB {facts['dob']}, {facts['postcode']}) {scenario.note.format_map(facts)}.\n"
            f"ID checked: {rng.choice(('driving licence', 'passport', 'bank card and utility bill'))}.\n"
            + "\n".join(f'Customer said: "{quote}"' for quote in quotes))


def _mystery_shop(rng: random.Random, facts: Facts) -> str:
    persona, brief = rng.choice(MYSTERY_SHOP_BRIEFS)
    verified = rng.random() < 0.7
    return (f"Mystery shop. Persona: {persona} ({brief}).\n"
            f"Called {facts['helpline']} at {facts['time']}; answered after {rng.randrange(1, 9)} rings by {facts['agent']}.\n"
            f"Shopper gave the cover name {facts['name']}, mobile {facts['phone']} and postcode {facts['postcode']}.\n"
            f"{'Agent verified date of birth (' + facts['dob'] + ') before discussing the account.' if verified else 'Agent did not verify identity before discussing the account.'}\n"
            f"Offer quoted: {facts['price']} a month on {facts['product']}. Call lasted {rng.randrange(3, 19)} minutes.")
