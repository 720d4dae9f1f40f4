"""Each detector on the hard cases of contact-centre text, and the look-alikes it must leave alone."""

import pytest

from qa_tui.privacy.redact import detect


def labelled(text: str) -> list[tuple[str, str]]:
    """(value, label) of every span at the default redaction threshold."""
    return [(text[s.start:s.end], s.label) for s in detect(text) if s.score >= 0.5]


@pytest.mark.parametrize("text, value, label", [
    # Cards: spaced, dashed, compact, spoken, split by an interruption, partial.
    ("card number 4921 8234 5678 9012 please", "4921 8234 5678 9012", "CARD_NUMBER"),
    ("it's 4111-1111-1111-1111", "4111-1111-1111-1111", "CARD_NUMBER"),
    ("What is the limit for card 4454794511390933?", "4454794511390933", "CARD_NUMBER"),
    ("four one one one one one one one one one one one one one one one", None, "CARD_NUMBER"),
    ("the one ending 4321 please", "4321", "CARD_NUMBER"),
    ("the last four digits are 4321", "4321", "CARD_NUMBER"),
    # CVV, expiry, sort code, account number, IBAN.
    ("and the three digits on the back? 123", "123", "CVV"),
    ("the security code is seven two nine", "seven two nine", "CVV"),
    ("expiry date 03/27", "03/27", "CARD_EXPIRY"),
    ("it expires oh three twenty seven", "oh three twenty seven", "CARD_EXPIRY"),
    ("sort code 20-45-61", "20-45-61", "SORT_CODE"),
    ("sort code is two oh four five six one", "two oh four five six one", "SORT_CODE"),
    ("account number 43218765", "43218765", "ACCOUNT_NUMBER"),
    ("Pay GB82 WEST 1234 5698 7654 32 today", "GB82 WEST 1234 5698 7654 32", "IBAN"),
    # Phones: UK mobile layouts, landline, spoken, triple.
    ("call me on 07911 123456", "07911 123456", "PHONE"),
    ("mobile +44 7911 123456", "+44 7911 123456", "PHONE"),
    ("ring (07911) 123 456 after six", "(07911) 123 456", "PHONE"),
    ("it's oh seven nine one one triple five double two one", "oh seven nine one one triple five double two one",
     "PHONE"),
    ("home is 0161 496 0123", "0161 496 0123", "PHONE"),
    # Email written and spoken; IP; NI; postcode written and spelled; address; DOB.
    ("email me at jo.bloggs84@hotmail.co.uk.", "jo.bloggs84@hotmail.co.uk", "EMAIL"),
    ("it's jo dot bloggs at gmail dot com", "jo dot bloggs at gmail dot com", "EMAIL"),
    ("the router shows 81.2.69.160", "81.2.69.160", "IP_ADDRESS"),
    ("NI number AB 12 34 56 C", "AB 12 34 56 C", "NI_NUMBER"),
    ("my postcode is LS6 2QT", "LS6 2QT", "POSTCODE"),
    ("postcode is s w one a one a a", "s w one a one a a", "POSTCODE"),
    ("I live at 14 Oakfield Road, Leeds", "14 Oakfield Road", "ADDRESS"),
    ("date of birth 12/03/1985", "12/03/1985", "DOB"),
    ("I was born on the twelfth of march nineteen eighty five", "the twelfth of march nineteen eighty five", "DOB"),
    ("Your case reference is CAS-558213.", "CAS-558213", "REFERENCE"),
    ("order number 58213947", "58213947", "REFERENCE"),
])
def test_detects(text, value, label):
    found = labelled(text)
    if value is None:
        assert any(lab == label for _, lab in found), found
    else:
        assert (value, label) in found, found


def test_card_split_by_an_interruption():
    text = "it's 4929 ... sorry ... 8234 5678 9010"  # Luhn-valid once joined
    spans = [s for s in detect(text) if s.label == "CARD_NUMBER"]
    assert [text[s.start:s.end] for s in spans] == ["4929", "8234 5678 9010"]


@pytest.mark.parametrize("text, value, label", [
    ("Hi, my name is Grace Hopper.", "Grace Hopper", "PERSON"),
    ("this is Bill, I'm calling about my bill", "Bill", "PERSON"),
    ("Thanks Mr Price, that's all done.", "Price", "PERSON"),
    ("my name is mark thompson and i'm ringing about a refund", "mark thompson", "PERSON"),
    ("Agent: You're through to Will, how can I help?", "Will", "AGENT_NAME"),
    ("Agent: Albion Bank, Rose speaking.", "Rose", "AGENT_NAME"),
    ("Yours sincerely,\nHope Okafor", "Hope Okafor", "PERSON"),
    ("Agent: Can I take your full name?\nCustomer: Thanh Mason.", "Thanh Mason", "PERSON"),
    ("My husband Tariq deals with the bills.", "Tariq", "PERSON"),
])
def test_names_in_context(text, value, label):
    assert (value, label) in labelled(text)


@pytest.mark.parametrize("text", [
    "Your bill is £49.99 a month, or forty nine ninety nine.",
    "I sent the reading at 10:45, it was 04512.",
    "My meter reading is 045123.",
    "The MPAN is 1234567890128 on the bill.",
    "Product code KX-99397-A, batch L2319 04.",
    "Call us free on 0800 011 3432 or 0345 300 0123, or 0300 123 8890.",
    "Open 192.168.1.254 or 10.0.0.138 in the browser.",
    "The firmware is version 2.4.1.4 now.",
    "I will pay the bill, mark my words, I hope it will grace us with a rose.",
    "I bought 12 boxes of tiles at £34.50 each on 12/03/2024.",
    "Email complaints@brightway.example for help.",
    "Will you mark the bill as paid? May I ask why?",
])
def test_look_alikes_are_not_personal(text):
    assert labelled(text) == []
