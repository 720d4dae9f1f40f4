"""Known values (the interaction's customer and agent) found wherever the text repeats them, in any spacing."""

from hypothesis import given, strategies as st

from qa_tui.privacy.detectors.known import detect_known
from qa_tui.privacy.known import KnownValues

KNOWN = KnownValues(customer_names=("Priya Shah",), agent_names=("Tom Reed",), emails=("priya.shah@example.com",),
                    phones=("07700 900123",), postcodes=("LS17 1ZD",))


def _found(text: str) -> set[tuple[str, str]]:
    return {(text[s.start:s.end], s.label) for s in detect_known(text, KNOWN)}


def test_names_in_full_and_in_part():
    found = _found("Thanks Priya Shah, this is Tom. Priya, can I check?")
    assert {("Priya Shah", "PERSON"), ("Tom", "AGENT_NAME"), ("Priya", "PERSON")} <= found


def test_a_name_inside_a_longer_word_is_not_a_mention():
    assert _found("Shahid and Tomlinson called") == set()


def test_identifiers_in_other_spellings():
    text = "post code ls17 1zd, email PRIYA.SHAH@EXAMPLE.COM, call +44 (0)7700-900-123 or 07700900123"
    found = _found(text)
    assert ("ls17 1zd", "POSTCODE") in found
    assert ("PRIYA.SHAH@EXAMPLE.COM", "EMAIL") in found
    assert {("+44 (0)7700-900-123", "PHONE"), ("07700900123", "PHONE")} <= found


def test_a_longer_number_is_not_the_known_phone():
    assert _found("reference 077009001234") == set()


def test_text_whose_case_folding_changes_its_length_is_left_to_the_other_detectors():
    assert detect_known("İstanbul Priya Shah", KNOWN) == []


@given(st.lists(st.sampled_from(["", " ", "-", ".", "  "]), min_size=11, max_size=11),
       st.sampled_from(["0", "+44 ", "+44 (0)", "44"]), st.text(alphabet="abc ,:", max_size=20))
def test_the_known_phone_in_any_spacing_is_found_whole(gaps, prefix, before):
    digits = "7700900123"
    spaced = prefix + "".join(d + g for d, g in zip(digits, gaps)).rstrip(" -.")
    text = f"{before} {spaced} thanks"
    spans = [s for s in detect_known(text, KNOWN) if s.label == "PHONE"]
    assert [text[s.start:s.end] for s in spans] == [spaced]
