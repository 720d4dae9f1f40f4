"""Redacting many texts on every core: `redact_texts(jobs)` for one list, a `Redactor` for a stream of batches.

Redaction is pure Python and CPU-bound, so a large list is shared between worker processes, one per core, started
once per process and reused by every later call (`qa_tui/processes.py` says how they start, and what a script that
uses them must do). Small jobs, and texts the same `Redactor` has already redacted (its memo), never leave the
calling process.

A job is `(text, known)`: the text and the values its records already hold (`KnownValues`, or None), as for
`redact(text, policy, known)`; the results are the redacted texts, in the order of the jobs, exactly as serial
`redact` would give them.

    redact_texts([("Call me on 07700 900123", None), ("Priya sorted it", KnownValues(agent_names=("Priya Shah",)))])

    redactor = Redactor()                # one per job (an import): its memo holds that job's texts only
    pending = redactor.submit(batch_2)   # redacts in the worker processes...
    write(batch_1)                       # ...while this process does something else
    texts = pending.result()

A bulk writer can also have the workers seal what they redact (`submit_sealed`): each job then goes with its lock
(`crypto.Lock`: its data subject's key and the associated data of the text and of its copy), and the results are the
ciphertexts of both: the writing process, busy inserting, does not encrypt too. The master key stays there.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Sequence

from qa_tui.errors import QaTuiError
from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.redact import RedactionPolicy, redact
from qa_tui.processes import context, worker_count
from qa_tui.store import crypto

__all__ = ["Job", "Pending", "RedactionFailed", "Redactor", "SealedPending", "redact_texts", "shutdown", "worker_count"]

Job = tuple[str, KnownValues | None]
Pair = tuple[bytes, bytes]
"""A text and its redacted copy, sealed."""

IN_PROCESS_CHARS = 200_000
"""Until a `Redactor` has been given this much text (about a tenth of a second of redaction), it redacts in the
calling process: starting the workers would cost more than it saves. A job that turns out larger, in one
submission or over several, moves to the workers."""
TASK_CHARS = 20_000
"""A submission smaller than this stays in the calling process even then (a round trip costs more)."""
TASKS_PER_WORKER = 4
"""A submission is cut into about this many tasks per worker, so that the cores finish at about the same time."""
MAX_TASK = 500
"""At most this many texts per task, so that results come back (and memory is freed) steadily."""
MEMO = 100_000
"""Redacted texts a `Redactor` remembers, least recently used dropped first."""


class RedactionFailed(QaTuiError):
    """Redacting a text raised an error (in this process or a worker), or a worker process died."""


class _TextFailed(Exception):
    """Raised inside a task: which text of the task failed and why (never the text itself: it is personal)."""

    def __init__(self, index: int, why: str) -> None:
        super().__init__(index, why)
        self.index, self.why = index, why


def redact_texts(jobs: Sequence[Job], policy: RedactionPolicy = RedactionPolicy()) -> list[str]:
    """The redacted text of every job, in order; identical jobs are redacted once."""
    return Redactor(policy).redact(jobs)


class Redactor:
    """Redacts batches under one policy, remembering what it has redacted. Not shared between threads."""

    def __init__(self, policy: RedactionPolicy = RedactionPolicy(), *, memo_size: int = MEMO) -> None:
        self.policy = policy
        self._memo: OrderedDict[Job, str] = OrderedDict()
        self._memo_size = memo_size
        self._submitted = 0
        """Characters submitted so far (memo hits aside)."""

    def redact(self, jobs: Sequence[Job]) -> list[str]:
        return self.submit(jobs).result()

    def submit(self, jobs: Sequence[Job]) -> Pending:
        """Start redacting `jobs` (in the workers when there is enough text); `result()` waits for them."""
        keys = [(text, known) for text, known in jobs]
        remembered = {key: self._memo[key] for key in keys if key in self._memo}
        todo = list(dict.fromkeys(key for key in keys if key not in remembered))
        for key in remembered:
            self._memo.move_to_end(key)
        size = sum(len(text) for text, _ in todo)
        self._submitted += size
        return Pending(self, keys, remembered, todo, self._tasks(_redact_task, todo, size))

    def submit_sealed(self, jobs: Sequence[Job], locks: Sequence[crypto.Lock]) -> "SealedPending":
        """Start redacting `jobs` and sealing each text and its copy with the lock at its place; `result()` gives the
        pairs in order. Texts the memo holds are sealed in this process, the others where they are redacted."""
        if len(locks) != len(jobs):
            raise ValueError(f"{len(jobs)} jobs need as many locks, not {len(locks)}")
        remembered = {n: self._memo[job] for n, job in enumerate(jobs) if job in self._memo}
        for n in remembered:
            self._memo.move_to_end(jobs[n])
        todo = [n for n in range(len(jobs)) if n not in remembered]
        size = sum(len(jobs[n][0]) for n in todo)
        self._submitted += size
        work = [(jobs[n], locks[n]) for n in todo]
        return SealedPending(self, list(jobs), list(locks), remembered, todo, self._tasks(_seal_task, work, size))

    def _tasks(self, task, items: list, size: int) -> list[Future]:
        """`task` over `items`: here and now while there is little text, else in the workers."""
        if size < TASK_CHARS or self._submitted < IN_PROCESS_CHARS:
            return [_done(task, self.policy, items)]
        return _submit(task, self.policy, items)

    def _remember(self, fresh: dict[Job, str]) -> None:
        self._memo.update(fresh)
        while len(self._memo) > self._memo_size:
            self._memo.popitem(last=False)


class Pending:
    """Redactions under way; `result()` gives them in the order of the jobs submitted."""

    def __init__(self, redactor: Redactor, keys: list[Job], remembered: dict[Job, str], todo: list[Job],
                 tasks: list[Future]) -> None:
        self._redactor, self._keys, self._remembered, self._todo, self._tasks = redactor, keys, remembered, todo, tasks

    def result(self) -> list[str]:
        texts: list[str] = []
        for task in self._tasks:
            texts += self._task_result(task, len(texts))
        fresh = dict(zip(self._todo, texts))
        self._redactor._remember(fresh)
        return [fresh[key] if key in fresh else self._remembered[key] for key in self._keys]

    def cancel(self) -> None:
        """Drop the tasks not started yet (when the caller gives up on this batch)."""
        for task in self._tasks:
            task.cancel()

    def _task_result(self, task: Future, offset: int) -> list:
        try:
            return task.result()
        except _TextFailed as failure:
            self.cancel()
            position = self._position(offset + failure.index)
            raise RedactionFailed(f"Redacting text {position:,} of {len(self._keys):,} failed: {failure.why}.") from None
        except BrokenProcessPool:
            _forget_executor()
            raise RedactionFailed("A redaction worker process stopped unexpectedly (killed, or out of memory); "
                                  "try again.") from None

    def _position(self, done: int) -> int:
        """The place (from 1) among the jobs submitted of the `done`-th job sent to a task."""
        return self._keys.index(self._todo[done]) + 1


class SealedPending(Pending):
    """Redactions and sealings under way; `result()` gives the sealed pairs in the order of the jobs submitted."""

    def __init__(self, redactor: Redactor, jobs: list[Job], locks: list[crypto.Lock], remembered: dict[int, str],
                 todo: list[int], tasks: list[Future]) -> None:
        super().__init__(redactor, jobs, {}, [], tasks)
        self._locks, self._copies, self._places = locks, remembered, todo

    def result(self) -> list[Pair]:
        pairs: list[Pair | None] = [None] * len(self._keys)
        fresh: dict[Job, str] = {}
        done = 0
        for task in self._tasks:
            for copy, pair in self._task_result(task, done):
                place = self._places[done]
                fresh[self._keys[place]], pairs[place] = copy, pair
                done += 1
        self._redactor._remember(fresh)
        known = list(self._copies)
        here = crypto.encrypt_pairs([self._locks[n] for n in known],
                                    [(self._keys[n][0].encode(), self._copies[n].encode()) for n in known])
        for n, pair in zip(known, here):
            pairs[n] = pair
        return pairs

    def _position(self, done: int) -> int:
        return self._places[done] + 1


def _submit(task, policy: RedactionPolicy, items: list) -> list[Future]:
    """Tasks for the workers; a pool that broke since the last call (a worker was killed) is replaced first."""
    size = max(1, min(MAX_TASK, -(-len(items) // (worker_count() * TASKS_PER_WORKER))))
    try:
        executor = _executor()
        return [executor.submit(task, policy, items[i:i + size]) for i in range(0, len(items), size)]
    except BrokenProcessPool:
        _forget_executor()
        executor = _executor()
        return [executor.submit(task, policy, items[i:i + size]) for i in range(0, len(items), size)]


def _done(task, policy: RedactionPolicy, items: list) -> Future:
    """A task run here and now, with the same result or failure as one run by a worker."""
    future: Future = Future()
    try:
        future.set_result(task(policy, items))
    except _TextFailed as failure:
        future.set_exception(failure)
    return future


def _redact_task(policy: RedactionPolicy, jobs: list[Job]) -> list[str]:
    return [_redacted(policy, job, index) for index, job in enumerate(jobs)]


def _seal_task(policy: RedactionPolicy, work: list[tuple[Job, crypto.Lock]]) -> list[tuple[str, Pair]]:
    """(redacted copy, sealed pair) of each job; a job repeated in the task is redacted once."""
    copies: dict[Job, str] = {}
    for index, (job, _) in enumerate(work):
        if job not in copies:
            copies[job] = _redacted(policy, job, index)
    out = [copies[job] for job, _ in work]
    pairs = crypto.encrypt_pairs([lock for _, lock in work],
                                 [(job[0].encode(), copy.encode()) for (job, _), copy in zip(work, out)])
    return list(zip(out, pairs))


def _redacted(policy: RedactionPolicy, job: Job, index: int) -> str:
    try:
        return redact(job[0], policy, job[1]).text
    except Exception as error:  # noqa: BLE001  (reported to the caller with the text's position)
        raise _TextFailed(index, f"{type(error).__name__}: {error}") from None


# --- the worker processes ---------------------------------------------------------------------------------

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=worker_count(), mp_context=context(), initializer=_warm_up)
        return _pool


def _warm_up() -> None:
    # The name lists load on first use: load them as the worker starts, not inside the first task.
    redact("Warm-up: Priya Sharma on 07700 900123.")


def _forget_executor() -> None:
    global _pool
    with _lock:
        broken, _pool = _pool, None
    if broken is not None:
        broken.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the worker processes (they start again at the next large submission)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
