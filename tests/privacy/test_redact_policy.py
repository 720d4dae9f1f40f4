"""Pseudonyms, policies and known values."""

import pytest

from qa_tui.errors import UsageError
from qa_tui.privacy.redact import KnownValues, RedactionPolicy, detect, redact

CALL = """Agent: Good morning, you're through to Sarah at Northwind, how can I help?
Customer: Hi, my name's John Smith, and my wife Priya Smith is on the account too.
Agent: Thanks John. And Priya's date of birth?
Customer: 02/04/1980. Mr Smith is fine for letters."""


def test_same_person_same_pseudonym_and_parts_share_it():
    text = redact(CALL).text
    assert "my name's [PERSON 1]" in text
    assert "Thanks [PERSON 1]." in text
    assert "my wife [PERSON 2]" in text
    assert "And [PERSON 2]'s date of birth" in text


def test_agent_names_are_kept_by_default_and_removed_by_policy():
    assert "through to Sarah at" in redact(CALL).text
    removed = redact(CALL, RedactionPolicy(keep_agent_names=False)).text
    assert "through to [AGENT_NAME 1] at" in removed
    assert "Sarah" not in removed


def test_keep_labels():
    text = redact(CALL, RedactionPolicy(keep_labels=frozenset({"DOB"}))).text
    assert "02/04/1980" in text


def test_unknown_label_and_bad_score_are_usage_errors():
    with pytest.raises(UsageError, match="Unknown label"):
        RedactionPolicy(keep_labels=frozenset({"SHOE_SIZE"}))
    with pytest.raises(UsageError, match="between 0 and 1"):
        RedactionPolicy(min_score=2)


def test_known_values_find_names_without_context_and_label_agents():
    text = "grace said the parcel went to 14 the close. Tom will call back."
    known = KnownValues(customer_names=("Grace Ashworth",), agent_names=("Tom",), references=("ORD-5521",))
    labels = {(text[s.start:s.end], s.label) for s in detect(text, known)}
    assert ("Tom", "AGENT_NAME") in labels
    # "grace" in lower case is an everyday word: a known name counts only capitalised.
    assert not any(v == "grace" for v, _ in labels)
    assert ("ORD 5521", "REFERENCE") in {(t[s.start:s.end], s.label) for t in ["ref ORD 5521"]
                                          for s in detect(t, known)}


def test_known_phone_in_another_layout():
    known = KnownValues(phones=("07911 123456",))
    text = "you can reach her on +44 (0) 7911 123 456 anytime"
    assert [(text[s.start:s.end], s.label) for s in detect(text, known)] == [("+44 (0) 7911 123 456", "PHONE")]


def test_redaction_reports_replaced_and_kept_spans():
    result = redact(CALL)
    assert all(CALL[s.start:s.end] != "Sarah" for s in result.spans)
    assert any(CALL[s.start:s.end] == "Sarah" for s in result.kept)
