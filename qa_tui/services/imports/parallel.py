"""Spreading pure, CPU-bound work of a big import (redaction) over worker processes, with this process taking a share.

Redacting is pure Python and holds the GIL, so threads would not help; a batch of a few thousand texts is split
between this process and the workers, which are started once (spawned, so that no lock held by another thread is
inherited) and kept for the life of the process. Small batches, one-core machines and `QA_TUI_IMPORT_WORKERS=0` stay
in this process; so does everything if a worker dies (the work is redone here, never lost).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 2000
"""Below this, starting or feeding workers costs more than it saves."""

_pool: ProcessPoolExecutor | None = None
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
    size = -(-len(items) // (count + 1))
    chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
    futures = _submit(function, chunks[1:])
    results = function(chunks[0])  # this process's share, while the workers do theirs
    for chunk, future in zip(chunks[1:], futures):
        results += _result(function, chunk, future)
    return results


def _submit(function, chunks) -> list[Future | None]:
    try:
        pool = _shared_pool()
        return [pool.submit(function, chunk) for chunk in chunks]
    except (BrokenProcessPool, OSError, RuntimeError):
        _discard_pool()
        return [None] * len(chunks)


def _result(function, chunk, future: Future | None) -> list:
    if future is not None:
        try:
            return future.result()
        except BrokenProcessPool:
            _discard_pool()
    return function(chunk)


def _shared_pool() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(workers(), mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _discard_pool() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
