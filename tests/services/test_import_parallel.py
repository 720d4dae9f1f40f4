"""Redaction spread over worker processes gives what redacting in this process gives, in order."""

from qa_tui.privacy.known import KnownValues
from qa_tui.services.imports import parallel
from qa_tui.services.imports.complaint_writer import redact_texts

KNOWN = KnownValues(customer_names=("Zebedee Quixote",), agent_names=("Priya Sharma",), emails=("zq@example.co.uk",))
JOBS = [(f"Mr Quixote ({i}) wrote from zq@example.co.uk; Priya Sharma replied. Card 4929 1234 5678 9012.", KNOWN)
        for i in range(30)] + [(f"Escalated to Jane Doe on 07700 900{i:03d}.", None) for i in range(30)]


def test_workers_redact_exactly_like_this_process(monkeypatch):
    monkeypatch.setenv("QA_TUI_IMPORT_WORKERS", "1")
    expected = redact_texts(JOBS)
    assert parallel.map_split(redact_texts, JOBS, min_items=10) == expected
    assert [w.alive() for w in parallel._workers] == [True]  # a worker did its share and waits for more
    assert "[PERSON 1]" in expected[0] and "07700" not in expected[-1]


def test_no_workers_when_told_or_when_few(monkeypatch):
    calls = []

    def spy(chunk):
        calls.append(len(chunk))
        return chunk

    monkeypatch.setenv("QA_TUI_IMPORT_WORKERS", "0")
    assert parallel.map_split(spy, list(range(50)), min_items=10) == list(range(50)) and calls == [50]
    monkeypatch.setenv("QA_TUI_IMPORT_WORKERS", "1")
    assert parallel.map_split(spy, list(range(5)), min_items=10) == list(range(5)) and calls == [50, 5]


def dies_in_a_worker(chunk):
    """Doubles each item here; a worker process running it dies at once."""
    import os
    import sys

    if sys.argv[0].endswith("parallel.py"):
        os._exit(3)
    return [2 * x for x in chunk]


def test_a_chunk_whose_worker_dies_is_redone_here(monkeypatch):
    from pathlib import Path

    monkeypatch.setenv("QA_TUI_IMPORT_WORKERS", "1")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))  # so that the worker can find this function
    assert parallel.map_split(dies_in_a_worker, list(range(40)), min_items=10) == [2 * x for x in range(40)]
    assert parallel.map_split(redact_texts, JOBS, min_items=10) == redact_texts(JOBS)  # a new worker takes over
