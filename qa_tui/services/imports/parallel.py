"""Spreading pure, CPU-bound work of a big import (redaction) over worker processes, with this process taking a share.

Redacting is pure Python and holds the GIL, so threads would not help. A batch of a few thousand texts is split
between this process and the workers. A worker is `python -m qa_tui.services.imports.parallel`, fed pickled
(function, chunk) pairs on its standard input and answering on its standard output: unlike multiprocessing's spawn,
it never re-runs the caller's main script, and it ends by itself when this process goes (its input closes). Workers
start on first use and are kept for the life of the process. Small batches, one-core machines and
`QA_TUI_IMPORT_WORKERS=0` stay in this process; so does a chunk whose worker died (it is redone here, never lost).
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 2000
"""Below this, feeding workers costs more than it saves."""

_workers: list["_Worker"] = []
_lock = threading.Lock()


def workers() -> int:
    """How many worker processes to use: one fewer than the cores (at most 3), or QA_TUI_IMPORT_WORKERS."""
    configured = os.environ.get("QA_TUI_IMPORT_WORKERS", "")
    if configured.isdigit():
        return int(configured)
    return max(0, min(3, (os.cpu_count() or 1) - 1))


def map_split(function: Callable[[list[T]], list[R]], items: Sequence[T], *, min_items: int = MIN_ITEMS) -> list[R]:
    """`function` over `items` in chunks, results in order; `function` takes and returns a list (and must pickle)."""
    count = workers()
    if count == 0 or len(items) < min_items:
        return function(list(items))
    if not _lock.acquire(blocking=False):
        return function(list(items))  # another import in this process has the workers: work alone
    try:
        size = -(-len(items) // (count + 1))
        chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
        busy = _started(len(chunks) - 1)
        sent = [worker.send(function, chunk) for worker, chunk in zip(busy, chunks[1:])]
        results = function(chunks[0])  # this process's share, while the workers do theirs
        for worker, chunk, ok in zip(busy, chunks[1:], sent):
            results += _answer(worker, function, chunk) if ok else function(chunk)
        return results
    finally:
        _lock.release()


def _started(count: int) -> list["_Worker"]:
    _workers[:] = [w for w in _workers if w.alive()]
    while len(_workers) < count:
        _workers.append(_Worker())
    return _workers[:count]


def _answer(worker: "_Worker", function, chunk) -> list:
    try:
        return worker.receive()
    except (EOFError, OSError, pickle.UnpicklingError):
        worker.stop()
        return function(chunk)


class _Worker:
    """One worker process and its pipes."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, function, chunk) -> bool:
        try:
            pickle.dump((function, chunk), self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
            return True
        except OSError:
            self.stop()
            return False

    def receive(self) -> list:
        answer = pickle.load(self.process.stdout)
        if isinstance(answer, BaseException):
            raise OSError(f"an import worker failed: {answer!r}")
        return answer

    def stop(self) -> None:
        """Close its input (it then ends by itself); kill it if it does not within a few seconds."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


@atexit.register
def _stop_all() -> None:
    for worker in _workers:
        worker.stop()


def _serve() -> None:
    """The worker's loop: (function, chunk) in, function(chunk) or the exception out, until the input closes."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            function, chunk = pickle.load(source)
        except EOFError:
            return
        try:
            answer = function(chunk)
        except Exception as error:  # sent back, so that the caller redoes the chunk itself
            answer = error
        pickle.dump(answer, sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


if __name__ == "__main__":
    _serve()
