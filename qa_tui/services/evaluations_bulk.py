"""Recording evaluations scored elsewhere (another tool's export, the demo centre) in bulk, as submitted.

Each is scored here by the domain maths, so a score is never taken on trust, and written set-based: one transaction
and one audit entry per batch, the rows going in through the driver's fastest path (`store/bulk.py`), since a large
centre brings half a million evaluations with millions of answers. From the second batch on, a worker process
scores and gathers each batch (`evaluation_rows.py`) while this process writes the one before.
"""

from __future__ import annotations

import uuid
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Iterable, Iterator

from sqlmodel import Session, select

from qa_tui.domain.scorecard import Scorecard
from qa_tui.errors import QaTuiError, UsageError
from qa_tui.services import audit
from qa_tui.services.batching import batches
from qa_tui.services.evaluation_rows import ScoredEvaluation, gather
from qa_tui.services.permissions import Action, require
from qa_tui.services.scorecards import PUBLISHED, scorecard_for
from qa_tui.services.session import Actor
from qa_tui.store.models import Evaluation, EvaluationAnswer, EvaluationRevision, ScorecardVersion

BATCH = 5000
TABLES = (Evaluation.__table__, EvaluationAnswer.__table__, EvaluationRevision.__table__)
"""The tables `gather`'s frames go to, in its order."""


def record_scored(actor: Actor, items: Iterable[ScoredEvaluation]) -> int:
    """Record submitted evaluations in bulk; the scorecard versions must be published. Returns the count.

    Each batch is its own transaction: the batches before one that fails stay recorded."""
    require(actor, Action.IMPORT_EVALUATIONS)
    cards: dict[uuid.UUID, Scorecard] = {}
    written, waiting = 0, None
    with _gatherer() as gather_elsewhere:
        for batch in batches(items, BATCH):
            ready = _gathering(actor, cards, batch, None if waiting is None else gather_elsewhere)
            if waiting is not None:
                written += _write_batch(actor, waiting)
            waiting = ready
        if waiting is not None:
            written += _write_batch(actor, waiting)
    return written


def _gathering(actor: Actor, cards: dict[uuid.UUID, Scorecard], batch: list[ScoredEvaluation], elsewhere) -> Future:
    """The batch's frames, gathered here or `elsewhere`. A failure waits in the future, so that it is raised when
    the batch's turn to be written comes, after the batch before it is written."""
    try:
        batch_cards = _published_cards(actor, cards, batch)
    except QaTuiError as error:
        return _failed(error)
    if elsewhere is None:
        return _here(batch, batch_cards, actor.name)
    return elsewhere(batch, batch_cards, actor.name)


def _write_batch(actor: Actor, gathering: Future) -> int:
    from qa_tui.store.bulk import insert_frame

    try:
        frames = gathering.result()
    except BrokenProcessPool:
        raise QaTuiError("The worker process scoring evaluations stopped unexpectedly (killed, or out of memory); "
                         "the batches before it are recorded.") from None
    with actor.db.write() as session:
        for table, frame in zip(TABLES, frames):
            insert_frame(session, table, frame)
        audit.record(session, actor.db.vault, actor.name, "evaluation.import", target_type="evaluation",
                     detail={"count": frames[0].height, "first": frames[0]["id"][0]})
    return frames[0].height


def _published_cards(actor: Actor, cards: dict[uuid.UUID, Scorecard], batch: list[ScoredEvaluation]) -> dict:
    """The batch's scorecards, read the first time a version is met (a published version never changes)."""
    wanted = {item.version_id for item in batch}
    if wanted - cards.keys():
        with actor.db.read() as session:
            cards.update(_read_published(session, wanted - cards.keys()))
    return {version_id: cards[version_id] for version_id in wanted}


def _read_published(session: Session, version_ids: set[uuid.UUID]) -> dict[uuid.UUID, Scorecard]:
    rows = session.exec(select(ScorecardVersion).where(ScorecardVersion.id.in_(version_ids))).all()
    found = {row.id: scorecard_for(session, row.id) for row in rows if row.status == PUBLISHED}
    if len(found) != len(version_ids):
        raise UsageError("Imported evaluations must name published scorecard versions.")
    return found


def _here(batch, cards, who) -> Future:
    """`gather` run now, in this process, with its result or its failure held as a worker's would be."""
    try:
        frames = gather(batch, cards, who)
    except QaTuiError as error:
        return _failed(error)
    future: Future = Future()
    future.set_result(frames)
    return future


def _failed(error: QaTuiError) -> Future:
    future: Future = Future()
    future.set_exception(error)
    return future


@contextmanager
def _gatherer() -> Iterator:
    """A function that gathers a batch in a worker process, started on first use and stopped on leaving; with one
    core, it gathers here."""
    from qa_tui.processes import context, worker_count

    executor: ProcessPoolExecutor | None = None

    def elsewhere(batch, cards, who) -> Future:
        nonlocal executor
        if worker_count() == 1:
            return _here(batch, cards, who)
        if executor is None:
            executor = ProcessPoolExecutor(max_workers=1, mp_context=context())
        return executor.submit(gather, batch, cards, who)

    try:
        yield elsewhere
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
