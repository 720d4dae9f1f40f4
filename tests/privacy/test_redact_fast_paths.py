"""Guards against a silent return to slower paths, by counting calls rather than timing them."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa_tui.privacy import document, lexicon, phones
from qa_tui.privacy.lexicon import KINDS, Keywords
from qa_tui.privacy.detectors import patterns
from qa_tui.privacy.redact import detect

TRANSCRIPT = (
    "Agent: Good morning, you're through to Ayesha at Albion Bank, how can I help?\n"
    "Customer: Hi, my name's Mei Mensah, I'm ringing about my bill, it's gone up to £154.99.\n"
    "Agent: Can I take your postcode please? And the best number to call you on?\n"
    "Customer: LS17 1ZD, and it's 07911 123456 or the landline 020 7946 0018.\n"
)


class Counting:
    """Stands in for a compiled pattern and counts the passes made with it."""

    def __init__(self, pattern):
        self.pattern, self.calls = pattern, 0

    def finditer(self, *args):
        self.calls += 1
        return self.pattern.finditer(*args)


def test_uk_numbers_skip_the_phone_library(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("phonenumbers.parse called for a plain UK number")

    monkeypatch.setattr(phones.phonenumbers, "parse", refuse)
    text = "Call me on 07911 123456 or the landline 020 7946 0018, or +44 7700 900123."
    assert [s.label for s in detect(text)] == ["PHONE", "PHONE", "PHONE"]


@pytest.mark.parametrize("name", ["IPV4", "IPV6"])
def test_ip_patterns_run_only_when_their_gate_matches(monkeypatch, name):
    counting = Counting(getattr(patterns, name))
    monkeypatch.setattr(patterns, name, counting)
    detect(TRANSCRIPT)
    assert counting.calls == 0
    detect("Customer: my router shows 81.2.69.160 and 2001:db8::1")
    assert counting.calls == 1


def test_keywords_are_scanned_once_without_spoken_numbers(monkeypatch):
    scans = []
    original = document.Keywords
    monkeypatch.setattr(document, "Keywords", lambda lower: scans.append(lower) or original(lower))
    detect(TRANSCRIPT + "Agent: that's the one on the back, thank you.")
    assert len(scans) == 1


def test_spoken_numbers_rescan_only_their_surroundings(monkeypatch):
    scans = []
    original = document.Keywords
    monkeypatch.setattr(document, "Keywords", lambda lower: scans.append(lower) or original(lower))
    doc = document.prepare(TRANSCRIPT + "Customer: it's oh seven seven double nine, card ending four three two one")
    assert len(scans) == 1 and "0 7 7 99" in doc.text
    assert [h.phrase for h in doc.keywords.hits][-2:] == ["card", "ending"]


# Keyword phrases, spoken numbers, letters and separators, run together in any order.
_PIECES = sorted(KINDS) + "one two three four oh double triple s w a 07 44 i agent: name: thanks,".split()
_SEPARATORS = [" ", "", ",", ", ", "-", "\n", ". "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), max_size=30))
def test_moved_keywords_match_a_full_rescan(pieces):
    text = "".join(word + separator for word, separator in pieces)
    doc = document.prepare(text)
    assert doc.keywords.hits == Keywords(doc.lower).hits


def _scan_checking_every_end_in_python(lower: str) -> list:
    """The keyword scan with no end checks in the pattern: every match's end is checked here."""
    unguarded = re.compile(r"(?<![a-z0-9])" + lexicon.trie_pattern([p for p in KINDS if p[0].isalnum()]))
    hits = []
    for m in unguarded.finditer(lower):
        after = lower[m.end()] if m.end() < len(lower) else ""
        if m[0] in lexicon._CLOSED and after in lexicon._WORD_CHARS:
            continue
        if m[0] in lexicon._CUE_ONLY and not (after.isspace() or after in lexicon.CUE_GAP):
            continue
        hits.append(lexicon.Hit(m.start(), m.end(), m[0]))
    signs = [lexicon.Hit(at, at + 1, sign) for sign in lexicon._SIGNS for at in range(len(lower)) if lower[at] == sign]
    return sorted(hits + signs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES + ["cardiff", "agentx", "hiya", "customers"]),
                          st.sampled_from(_SEPARATORS + ["(", ":", "x"])), max_size=30))
def test_end_checks_in_the_pattern_find_what_checks_in_python_find(pieces):
    lower = "".join(word + separator for word, separator in pieces).lower()
    assert lexicon.scan(lower) == _scan_checking_every_end_in_python(lower)
