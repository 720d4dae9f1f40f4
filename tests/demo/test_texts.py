"""Transcripts and notes: every kind of personal data appears, in many spellings, with look-alikes beside it."""

import random
import re

import pytest

from qa_tui.demo import pii
from qa_tui.demo.scenarios import SCENARIOS
from qa_tui.demo.texts import compose, random_person
from qa_tui.store.models import Channel

AGENT = "Priya Sharma"


def _texts(count=600, seed=1, exchanges=(2, 5)):
    rng = random.Random(seed)
    out = []
    for n in range(count):
        channel = list(Channel)[n % len(Channel)]
        scenario = SCENARIOS[n % len(SCENARIOS)]
        spoken = channel == Channel.CALL and n % 3 == 0
        out.append(compose(rng, channel, scenario, random_person(rng), AGENT, exchanges, speech_to_text=spoken))
    return out


@pytest.fixture(scope="module")
def corpus():
    return "\n\n".join(_texts())


PII_KINDS = {
    "mobile, spaced": r"\b07700 900\d{3}\b",
    "mobile, international": r"\+44 ?7700 ?900 ?\d{3}",
    "landline, bracketed area code": r"\(0113\) 496 0\d{3}|\(0\d{2,3}\) \d{3,4} \d{4}",
    "phone said as words, doubled": r"oh double seven double oh nine double oh",
    "phone said as words, zeros doubled": r"oh seven seven double oh nine double oh",
    "phone said digit by digit": r"oh seven seven oh oh nine oh oh",
    "postcode": r"\b[A-Z]{1,2}\d{1,2} \d[A-Z]{2}\b",
    "postcode without its space, lower case": r"\b[a-z]{1,2}\d{1,2}\d[a-z]{2}\b",
    "card, spaced": r"\b\d{4} \d{4} \d{4} \d{4}\b",
    "card, dashed": r"\b\d{4}-\d{4}-\d{4}-\d{4}\b",
    "card, last four": r"ending \d{4}",
    "email": r"\b[\w.]+@(?:mail\.)?example\.(?:com|co\.uk|org)\b",
    "email said aloud": r"\w+ at example dot (?:com|co dot uk|org)",
    "date of birth": r"\b\d{2}/\d{2}/(?:19|20)\d{2}\b|\b\d{1,2}(?:st|nd|rd|th) of [A-Z][a-z]+ (?:19|20)\d{2}\b",
    "sort code": r"\b\d{2}-\d{2}-\d{2}\b",
    "order reference": r"\bORD-\d{6}\b",
    "agent's name": AGENT,
}
LOOK_ALIKES = {
    "price": r"£\d[\d,]*(?:\.\d\d)?",
    "time": r"\b\d{2}:\d{2}\b",
    "helpline": re.escape(pii.FREEPHONE_HELPLINE),
    "product code": r"\bSKU-\d{5}\b|\bmodel BX-\d+\b",
}


@pytest.mark.parametrize("kind", list(PII_KINDS))
def test_every_kind_of_personal_data_appears(corpus, kind):
    assert re.search(PII_KINDS[kind], corpus), kind


@pytest.mark.parametrize("kind", list(LOOK_ALIKES))
def test_look_alikes_appear_too(corpus, kind):
    assert re.search(LOOK_ALIKES[kind], corpus), kind


def test_some_calls_read_like_speech_to_text(corpus):
    lines = [line for line in corpus.splitlines() if line.startswith(("agent ", "advisor "))]
    assert lines and all(line == line.lower() and not re.search(r"[.,?!]", line) for line in lines)


def test_mobile_numbers_stay_in_the_drama_range(corpus):
    mobiles = re.findall(r"\b07\d{3} ?\d{3} ?\d{3}\b", corpus)
    assert mobiles and all(re.sub(r"\D", "", m).startswith("07700900") for m in mobiles)


def test_every_card_number_is_a_luhn_valid_test_number(corpus):
    for spaced in re.findall(r"\b\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\b", corpus):
        digits = re.sub(r"\D", "", spaced)
        assert digits in pii.TEST_CARDS or not pii.luhn_valid(digits)  # the latter are router serial numbers


def test_serial_numbers_look_like_cards_but_fail_luhn():
    rng = random.Random(3)
    serials = [pii.serial_number(rng).replace(" ", "") for _ in range(200)]
    assert all(len(s) == 16 and not pii.luhn_valid(s) for s in serials)


def test_published_test_cards_pass_luhn():
    assert all(pii.luhn_valid(card) for card in pii.TEST_CARDS)
    assert not pii.luhn_valid("4242424242424241")


def test_spoken_digits():
    assert pii.spoken_digits("07700900123") == "oh double seven double oh nine double oh one two three"
    assert pii.spoken_digits("07700900123", "zeros") == "oh seven seven double oh nine double oh one two three"
    assert pii.spoken_digits("0770", "none") == "oh seven seven oh"
    assert pii.spoken_digits("01110000") == "oh triple one triple oh oh"


def test_the_same_stream_gives_the_same_texts():
    assert _texts(50, seed=9) == _texts(50, seed=9)
    assert _texts(50, seed=9) != _texts(50, seed=10)


def test_texts_vary_a_lot():
    texts = _texts(300)
    assert len(set(texts)) == len(texts)
    openings = {text.splitlines()[1] for text in texts if not text.startswith(("Mystery", "From", "Branch", "Pre-chat"))}
    assert len(openings) > 40


def test_large_scale_texts_are_shorter():
    short = sum(map(len, _texts(200, exchanges=(0, 1)))) / 200
    long = sum(map(len, _texts(200, exchanges=(2, 5)))) / 200
    assert short < 0.75 * long
