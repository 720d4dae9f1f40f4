"""The compiled UK phone rules agree with libphonenumber."""

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from qa_tui.privacy.phones import phone_type

PREFIXES = ["0", "07", "01", "02", "03", "08", "09", "0800", "0845", "0870", "01624", "01534", "01481", "07624",
            "0180020", "+44", "+447", "+441", "+4420", "+443", "+448", "+44 0", "+441624", "+44180020", "+1", "+353"]


def library_type(text: str) -> int | None:
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else "GB")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.number_type(number)


@st.composite
def written_numbers(draw) -> str:
    digits = draw(st.sampled_from(PREFIXES)) + draw(st.text("0123456789", min_size=5, max_size=13))
    cuts = draw(st.lists(st.integers(1, len(digits) - 1), max_size=3, unique=True))
    separator = draw(st.sampled_from([" ", "-", " - "]))
    pieces, last = [], 0
    for cut in sorted(cuts):
        pieces.append(digits[last:cut])
        last = cut
    text = separator.join(pieces + [digits[last:]])
    return f"({text[:5]}) {text[5:]}" if draw(st.booleans()) and text[0] == "0" else text


@settings(max_examples=600, deadline=None)
@given(written_numbers())
def test_phone_type_agrees_with_the_library(text):
    assert phone_type(text) == library_type(text)

