"""Character-level precision and recall on a small hand-written, hand-checked set (hand_checked.txt)."""

import re
from pathlib import Path

import pytest

from qa_tui.privacy.redact import detect

MARK = re.compile(r"\[\[([A-Z_]+)\|(.*?)\]\]", re.DOTALL)
DOCUMENTS = Path(__file__).with_name("hand_checked.txt").read_text(encoding="utf-8")


def parse(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and (start, end, label) spans from [[LABEL|value]] markup."""
    pieces, spans, pos, last = [], [], 0, 0
    for m in MARK.finditer(marked):
        pieces.append(marked[last:m.start()])
        pos += m.start() - last
        spans.append((pos, pos + len(m.group(2)), m.group(1)))
        pieces.append(m.group(2))
        pos += len(m.group(2))
        last = m.end()
    pieces.append(marked[last:])
    return "".join(pieces), spans


def documents() -> list[tuple[str, list[tuple[int, int, str]]]]:
    body = "\n".join(line for line in DOCUMENTS.splitlines() if not line.startswith("#"))
    return [parse(doc.strip("\n")) for doc in body.split("\n---\n")]


def test_parse_markup():
    assert parse("call [[PHONE|07911 123456]] now") == ("call 07911 123456 now", [(5, 17, "PHONE")])


def test_set_is_large_enough():
    assert len(documents()) >= 20


def character_counts() -> tuple[int, int, int]:
    tp = fp = fn = 0
    for text, gold in documents():
        truth = [False] * len(text)
        for start, end, _ in gold:
            truth[start:end] = [True] * (end - start)
        guess = [False] * len(text)
        for span in detect(text):
            if span.score >= 0.5:
                guess[span.start:span.end] = [True] * (span.end - span.start)
        tp += sum(t and g for t, g in zip(truth, guess))
        fp += sum(g and not t for t, g in zip(truth, guess))
        fn += sum(t and not g for t, g in zip(truth, guess))
    return tp, fp, fn


@pytest.fixture(scope="module")
def counts():
    return character_counts()


def test_recall(counts):
    tp, _, fn = counts
    assert tp / (tp + fn) >= 0.9


def test_precision(counts):
    tp, fp, _ = counts
    assert tp / (tp + fp) >= 0.9
