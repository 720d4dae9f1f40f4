"""Worker processes for CPU-bound bulk work (redacting texts, scoring batches of evaluations): how many, and how
they start.

They start with forkserver (spawn where there is none): bulk work runs in a thread worker of the TUI, and forking
a process that has threads can deadlock the child. A script that starts them must guard its entry point with
`if __name__ == "__main__":`, as multiprocessing requires (the `qa-tui` command and `python -m qa_tui` do).
"""

from __future__ import annotations

import multiprocessing
import os

PRELOAD = ["qa_tui.privacy.redact"]
"""Imported once by the fork server, so that each redaction worker forks with the engine loaded."""


def worker_count() -> int:
    """One worker per core this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(PRELOAD)
        return forkserver
    return multiprocessing.get_context("spawn")
