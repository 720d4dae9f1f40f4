"""Spoken numbers and spelled letters rewritten as digits, with offsets mapped back."""

import re

import pytest

from qa_tui.privacy.spoken import Shadow, token_value


@pytest.mark.parametrize("token, value", [
    ("oh", "0"), ("nought", "0"), ("seven", "7"), ("double nine", "99"), ("triple five", "555"),
    ("twenty", "20"), ("forty-five", "45"), ("sixty one", "61"), ("twelve", "12"), ("s", "S"),
])
def test_token_value(token, value):
    assert token_value(token) == value


def test_mobile_read_aloud_becomes_digits_and_maps_back():
    text = "yeah it's oh seven seven double nine one two three four five six thanks"
    shadow = Shadow(text)
    assert "0 7 7 99 1 2 3 4 5 6" in shadow.text
    match = re.search(r"0 7 7 99 1 2 3 4 5 6", shadow.text)
    start, end = shadow.original(match.start(), match.end())
    assert text[start:end] == "oh seven seven double nine one two three four five six"


def test_triple_and_pairs():
    assert Shadow("sort code twenty, forty five, sixty one").text == "sort code 20 45 61"
    assert Shadow("it's triple five two one").text == "it's 555 2 1"


def test_spelled_postcode_is_recorded_as_spelled_run():
    shadow = Shadow("postcode s w one a one a a thanks")
    assert shadow.text == "postcode S W 1 A 1 A A thanks"
    assert len(shadow.spelled) == 1


@pytest.mark.parametrize("text", [
    "the one on the back of the card", "a two bed flat", "I gave it 138743746 three times", "oh I see",
])
def test_ordinary_speech_is_left_alone(text):
    assert Shadow(text).text == text


def test_text_without_spoken_numbers_is_the_same_object():
    text = "Call me on 07911 123456"
    assert Shadow(text).text is text
