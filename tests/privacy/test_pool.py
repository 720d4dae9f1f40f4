"""Redaction on every core: the same output as serial `redact`, in order, with clear errors; small inputs and
repeated texts stay in the calling process."""

import pytest

from qa_tui.privacy import pool
from qa_tui.privacy.pool import RedactionFailed, Redactor, redact_texts
from qa_tui.privacy.redact import KnownValues, RedactionPolicy, redact
from qa_tui.store import crypto

KNOWN = KnownValues(agent_names=("Priya Sharma",), customer_names=("John Smith",), phones=("07700 900456",))
TEXTS = ["Priya here. Is that John Smith? Call me on 07700 900{:03d}.", "Card 4111 1111 1111 1111, ref AB{:04d}CD.",
         "My email is jo.{}@example.com and I live at LS6 2AB.", "Nothing personal in text {}."]


def _jobs(count: int) -> list[tuple[str, KnownValues | None]]:
    return [(TEXTS[n % 4].format(n), KNOWN if n % 3 else None) for n in range(count)]


class Exploding(str):
    """A text that breaks redaction (pickled by reference: the worker imports this module)."""

    def lower(self):
        raise ValueError("boom")


@pytest.fixture
def no_processes(monkeypatch):
    def refuse():
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(pool, "_executor", refuse)


@pytest.fixture
def always_processes(monkeypatch):
    monkeypatch.setattr(pool, "IN_PROCESS_CHARS", 0)
    monkeypatch.setattr(pool, "TASK_CHARS", 0)


def test_a_job_that_grows_large_moves_to_the_workers(monkeypatch):
    monkeypatch.setattr(pool, "IN_PROCESS_CHARS", 5_000)
    monkeypatch.setattr(pool, "TASK_CHARS", 1_000)
    started = []
    monkeypatch.setattr(pool, "_submit", lambda task, policy, todo: started.append(len(todo)) or [pool._done(task, policy, todo)])
    redactor = Redactor()
    batches = [_jobs(200)[n:n + 40] for n in range(0, 200, 40)]  # about 2,000 characters each
    assert [redactor.redact(batch) for batch in batches] == [redact_texts(batch) for batch in batches]
    assert started == [40, 40, 40] and redactor.redact(_jobs(3)) and started == [40, 40, 40]


def test_small_inputs_are_redacted_in_process_like_serial_redact(no_processes):
    jobs = _jobs(40)
    assert redact_texts(jobs) == [redact(text, known=known).text for text, known in jobs]


def test_repeated_texts_are_redacted_once(no_processes, monkeypatch):
    calls = []
    monkeypatch.setattr(pool, "redact", lambda text, policy, known: calls.append(text) or redact(text, policy, known))
    redactor = Redactor()
    jobs = _jobs(8) * 3
    assert redactor.redact(jobs) == [redact(text, known=known).text for text, known in jobs]
    assert redactor.redact(jobs[:4]) and len(calls) == 8


def test_a_policy_applies_to_every_text(no_processes):
    policy = RedactionPolicy(keep_agent_names=False)
    assert "Priya" not in redact_texts([("Priya here, how can I help?", KNOWN)], policy)[0]


def test_a_failing_text_is_a_clear_error_naming_its_position(no_processes):
    with pytest.raises(RedactionFailed, match=r"text 3 of 4 failed: ValueError: boom"):
        redact_texts([("a", None), ("b", None), (Exploding("c"), None), ("d", None)])


def _locks(count: int) -> list[crypto.Lock]:
    keys = [crypto.random_key() for _ in range(5)]
    return [(keys[n % 5], b"text:%d" % n, b"copy:%d" % n) for n in range(count)]


def _opened(pairs, locks) -> list[tuple[str, str]]:
    return [(crypto.decrypt(key, text, text_aad).decode(), crypto.decrypt(key, copy, copy_aad).decode())
            for (key, text_aad, copy_aad), (text, copy) in zip(locks, pairs, strict=True)]


def _serial(jobs) -> list[tuple[str, str]]:
    return [(text, redact(text, known=known).text) for text, known in jobs]


def test_sealed_jobs_open_to_their_text_and_its_redaction_in_order(no_processes):
    jobs, redactor = _jobs(12) * 2, Redactor()  # repeated jobs: each sealed with its own lock
    locks = _locks(len(jobs))
    assert _opened(redactor.submit_sealed(jobs, locks).result(), locks) == _serial(jobs)
    again = _locks(5)  # now from the memo: sealed in this process, still under the new locks
    assert _opened(redactor.submit_sealed(jobs[:5], again).result(), again) == _serial(jobs[:5])


def test_a_failing_sealed_text_names_its_position(no_processes):
    jobs = [("a", None), (Exploding("b"), None), ("c", None)]
    with pytest.raises(RedactionFailed, match=r"text 2 of 3 failed: ValueError: boom"):
        Redactor().submit_sealed(jobs, _locks(3)).result()


@pytest.mark.slow
def test_sealing_in_the_workers_gives_the_same_texts(always_processes):
    jobs, locks = _jobs(600), _locks(600)
    jobs[300] = jobs[10]  # the same job in two tasks
    redactor = Redactor()
    assert _opened(redactor.submit_sealed(jobs, locks).result(), locks) == _serial(jobs)
    failing = jobs[:200] + [(Exploding("text"), None)]
    with pytest.raises(RedactionFailed, match=r"text 201 of 201 failed: ValueError: boom"):
        Redactor().submit_sealed(failing, _locks(201)).result()


@pytest.mark.slow
def test_large_inputs_go_to_the_workers_with_the_same_output_in_order(always_processes):
    jobs = _jobs(600)
    redactor = Redactor()
    pending = redactor.submit(jobs)
    assert pending.result() == [redact(text, known=known).text for text, known in jobs]
    assert pool._pool is not None and redactor.redact(jobs[::-1]) == pending.result()[::-1]


@pytest.mark.slow
def test_an_error_in_a_worker_is_a_clear_error_and_the_pool_goes_on(always_processes):
    jobs = _jobs(300)
    jobs[123] = (Exploding("text"), None)
    with pytest.raises(RedactionFailed, match=r"text 124 of 300 failed: ValueError: boom"):
        redact_texts(jobs)
    assert redact_texts(_jobs(10)) == [redact(text, known=known).text for text, known in _jobs(10)]


@pytest.mark.slow
def test_killed_workers_are_a_clear_error_at_worst_and_new_ones_take_over(always_processes):
    import os
    import signal

    expected = [redact(text, known=known).text for text, known in _jobs(50)]
    redact_texts(_jobs(50))
    for process in list(pool._pool._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
    outcomes = []
    for _ in range(10):  # whether a call fails depends on when the pool notices; it never fails obscurely
        try:
            outcomes.append(redact_texts(_jobs(50)) == expected)
        except RedactionFailed as error:
            outcomes.append(str(error))
    assert all(o is True or "worker process stopped unexpectedly" in o for o in outcomes) and outcomes[-1] is True
