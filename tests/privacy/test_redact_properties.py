"""Properties: whatever the layout, redacted output keeps no card number, email or UK mobile."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qa_tui.privacy.redact import RedactionPolicy, redact
from qa_tui.privacy.spans import Span, resolve
from qa_tui.privacy.spoken import DIGIT_WORDS
from qa_tui.privacy.validators import luhn_valid

CARRIERS = ["{}", "my card is {} thanks", "Customer: {}\nAgent: lovely", "pay with {} please", "it's {}, yeah"]
DIGIT_WORD_OF = {v: k for k, v in DIGIT_WORDS.items() if k not in ("oh", "nought", "nil")}


def with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


# Issued card numbers start 2-6 (Mastercard, Amex, Visa, Discover); no card starts with 0.
cards = st.builds(lambda first, rest: with_check_digit(str(first) + rest),
                  st.integers(2, 6), st.text("0123456789", min_size=11, max_size=17))


def layout(number: str, style: str) -> str:
    groups = [number[i:i + 4] for i in range(0, len(number), 4)]
    return {"none": number, "spaces": " ".join(groups), "dashes": "-".join(groups)}[style]


def luhn_numbers_in(text: str) -> list[str]:
    """Every 13-19 digit Luhn-valid number left in `text`, ignoring spaces and dashes between digits."""
    found = []
    for run in re.finditer(r"\d[\d -]*\d", text):
        digits = re.sub(r"\D", "", run.group())
        for size in range(13, 20):
            found += [digits[i:i + size] for i in range(len(digits) - size + 1) if luhn_valid(digits[i:i + size])]
    return found


@settings(max_examples=150, deadline=None)
@given(cards, st.sampled_from(["none", "spaces", "dashes"]), st.sampled_from(CARRIERS))
def test_no_card_number_survives(number, style, carrier):
    output = redact(carrier.format(layout(number, style))).text
    assert luhn_numbers_in(output) == []


local_parts = st.from_regex(r"[a-z][a-z0-9]{0,8}(?:[._][a-z0-9]{1,8})?", fullmatch=True)
domains = st.builds(lambda name, tld: f"{name}.{tld}", st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True),
                    st.sampled_from(["com", "co.uk", "org.uk", "net", "ac.uk", "ie", "io"]))


@settings(max_examples=150, deadline=None)
@given(local_parts, domains, st.sampled_from(CARRIERS))
def test_no_email_survives(local, domain, carrier):
    output = redact(carrier.format(f"{local}@{domain}")).text
    assert "@" not in output


mobiles = st.builds(lambda second, rest: "07" + str(second) + rest, st.sampled_from([1, 3, 4, 5, 7, 8, 9]),
                    st.text("0123456789", min_size=8, max_size=8))
MOBILE_LAYOUTS = [
    lambda n: f"{n[:5]} {n[5:]}", lambda n: n, lambda n: f"+44 {n[1:5]} {n[5:]}", lambda n: f"+44{n[1:]}",
    lambda n: f"({n[:5]}) {n[5:8]} {n[8:]}", lambda n: f"0044 {n[1:5]} {n[5:]}", lambda n: f"{n[:5]}-{n[5:8]}-{n[8:]}",
]


@settings(max_examples=150, deadline=None)
@given(mobiles, st.sampled_from(MOBILE_LAYOUTS), st.sampled_from(["call me on {}", "my mobile is {}", "{}"]))
def test_no_uk_mobile_survives(number, style, carrier):
    output = redact(carrier.format(style(number))).text
    assert re.sub(r"\D", "", output) == ""


@settings(max_examples=80, deadline=None)
@given(mobiles)
def test_no_spoken_mobile_survives(number):
    spoken = " ".join("oh" if d == "0" else DIGIT_WORD_OF[d] for d in number)
    output = redact(f"yeah my number is {spoken} thanks").text
    assert "[PHONE]" in output
    assert not set(output.split()) & (set(DIGIT_WORDS) - {"oh"})


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10), st.floats(0, 1)), max_size=30))
def test_resolved_spans_are_sorted_and_disjoint(raw):
    spans = resolve([Span(s, s + n, "PHONE", score) for s, n, score in raw])
    assert spans == sorted(spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


@given(st.floats(0, 1))
def test_min_score_keeps_low_confidence_spans_for_review(threshold):
    result = redact("reference number 123456789012", RedactionPolicy(min_score=threshold))
    assert all(s.score >= threshold for s in result.spans)
    assert all(s.score < threshold or s.label == "AGENT_NAME" for s in result.kept)


def resolve_by_pairs(spans: list[Span]) -> list[Span]:
    """The plain quadratic statement of `resolve`, to check the faster one against."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-s.score, s.start - s.end, s.start)):
        if span.end > span.start and not any(span.start < c.end and c.start < span.end for c in chosen):
            chosen.append(span)
    return sorted(chosen)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 10), st.sampled_from([0.5, 0.7, 0.9]),
                          st.sampled_from(["PHONE", "PERSON"])), max_size=30))
def test_resolve_matches_its_plain_statement(raw):
    spans = [Span(s, s + n, label, score) for s, n, score, label in raw]
    assert resolve(spans) == resolve_by_pairs(spans)
