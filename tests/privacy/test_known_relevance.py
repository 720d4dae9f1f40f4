"""Dropping the known values a text cannot contain never changes what the redactor finds."""

from hypothesis import given, settings, strategies as st

from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.known_relevance import relevant
from qa_tui.privacy.redact import redact

NAMES = ("Zebedee Quixote", "Ann Lee", "Grace Okafor", "Will Smith", "José Álvarez")
EMAILS = ("zq@example.co.uk", "ann.lee@mail.com", "g-okafor@example.org", "josé@exämple.es")
PHONES = ("07700 900123", "+44 7700 900456", "0113 496 0000", "020 7946 0018")
POSTCODES = ("LS1 4AP", "SW1A 1AA", "M1 1AE")


def _variants(value: str) -> st.SearchStrategy[str]:
    """The value as people write it: as is, in another case, spaced out, dotted, with a +44 or a 0."""
    return st.sampled_from([value, value.upper(), value.lower(), " ".join(value), value.replace(" ", ""),
                            value.replace(" ", "-"), value.replace(" ", "."), value.replace("0", "+44 ", 1),
                            f"({value})", value[: len(value) // 2]])


WORDS = st.sampled_from(["says", "I was charged twice.", "call me on", "my email is", "at", ",", "Mr", "Ms",
                         "thanks", "K", "ſ", "İ", "٣", "\n", "0", "+44", "Lee", "Grace", "will", "example.com"])
FRAGMENTS = st.one_of(WORDS, *[_variants(v) for v in NAMES + EMAILS + PHONES + POSTCODES])


@settings(max_examples=300, deadline=None)
@given(fragments=st.lists(FRAGMENTS, min_size=1, max_size=12),
       customer=st.sampled_from(NAMES), email=st.sampled_from(EMAILS), phone=st.sampled_from(PHONES),
       postcode=st.sampled_from(POSTCODES), agent=st.sampled_from(NAMES))
def test_relevant_values_redact_exactly_like_all_of_them(fragments, customer, email, phone, postcode, agent):
    text = " ".join(fragments)
    known = KnownValues(customer_names=(customer,), agent_names=(agent,), emails=(email,), phones=(phone,),
                        postcodes=(postcode,), references=(postcode.replace(" ", ""),))
    assert redact(text, known=relevant(known, text)) == redact(text, known=known)


def test_values_a_text_does_not_mention_are_dropped():
    known = KnownValues(customer_names=("Zebedee Quixote",), agent_names=("Priya Sharma",), emails=("zq@example.co.uk",),
                        phones=("07700 900123",), postcodes=("LS1 4AP",))
    standard = relevant(known, "Apologised, put it right and explained what happens next.")
    assert standard == KnownValues(agent_names=("Priya Sharma",))
    mention = relevant(known, "Mr Quixote (ZQ@Example.co.uk, +44 (0)7700-900-123) lives at ls14ap.")
    assert mention == known
