"""A batch of evaluations scored elsewhere, scored here and gathered into the frames its tables take.

Pure (the domain maths and polars, no database), so that a worker process can gather the next batch while the
recording process writes this one; `evaluations_bulk.py` writes the frames.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from qa_tui.domain.scorecard import Method, Scorecard
from qa_tui.domain.scoring import NA, Answer, score_evaluation
from qa_tui.errors import UsageError

SUBMITTED, ACKNOWLEDGED = "submitted", "acknowledged"
_EVALUATION_COLUMNS = ("id", "interaction_id", "scorecard_version_id", "assessor_id", "agent_id", "method", "status",
                       "live", "score", "raw_score", "critical_failed", "passed", "submitted_at", "acknowledged_at")
_REVISION_COLUMNS = ("evaluation_id", "created_at", "created_by", "score", "raw_score", "critical_failed", "answers")


@dataclass(frozen=True)
class ScoredEvaluation:
    """An evaluation scored elsewhere, to record as submitted."""

    interaction_id: uuid.UUID
    version_id: uuid.UUID
    assessor_id: uuid.UUID
    agent_id: uuid.UUID
    method: Method
    answers: Mapping[str, Answer]
    submitted_at: datetime
    acknowledged: bool = False
    live: bool = False


def gather(items: Sequence[ScoredEvaluation], cards: Mapping[uuid.UUID, Scorecard], who: str) -> tuple:
    """The batch's evaluation, answer and first-revision frames, each evaluation scored by the domain maths (a
    score is never taken on trust). An evaluation that leaves items unanswered is a `UsageError`."""
    from qa_tui.store.bulk import new_ids

    rows = _Rows()
    for evaluation_id, item in zip(new_ids(len(items)), items):
        rows.add(evaluation_id, item, cards[item.version_id], who)
    return rows.frames()


class _Rows:
    """A batch's evaluations, answers and first revisions, gathered column by column."""

    def __init__(self) -> None:
        self.evaluations: dict[str, list] = {name: [] for name in _EVALUATION_COLUMNS}
        self.answers: dict[str, list] = {"evaluation_id": [], "criterion_key": [], "value": [], "na": []}
        self.revisions: dict[str, list] = {name: [] for name in _REVISION_COLUMNS}

    def add(self, evaluation_id: str, item: ScoredEvaluation, card: Scorecard, who: str) -> None:
        result = score_evaluation(card, item.answers)
        if not result.complete:
            raise UsageError(f"An imported evaluation leaves items unanswered: {', '.join(result.unanswered)}.")
        scores = (result.reported_percent, result.percent, result.critical_failed)
        status = ACKNOWLEDGED if item.acknowledged else SUBMITTED
        for name, value in zip(_EVALUATION_COLUMNS, (
                evaluation_id, str(item.interaction_id), str(item.version_id), str(item.assessor_id), str(item.agent_id),
                Method(item.method).value, status, item.live, *scores, result.passed, item.submitted_at,
                item.submitted_at if item.acknowledged else None)):
            self.evaluations[name].append(value)
        for key, answer in item.answers.items():
            self.answers["evaluation_id"].append(evaluation_id)
            self.answers["criterion_key"].append(key)
            self.answers["value"].append(None if answer is None or answer is NA else int(answer))
            self.answers["na"].append(answer is NA)
        snapshot = json.dumps({k: ("n/a" if v is NA else v) for k, v in item.answers.items()})
        for name, value in zip(_REVISION_COLUMNS, (evaluation_id, item.submitted_at, who, *scores, snapshot)):
            self.revisions[name].append(value)

    def frames(self) -> tuple:
        import polars as pl

        evaluation_schema, answer_schema, revision_schema = _schemas()
        evaluations = pl.DataFrame(self.evaluations, schema=evaluation_schema).with_columns(
            pl.lit("review").alias("purpose"), pl.lit(1).alias("revision"), pl.col("submitted_at").alias("created_at"),
            pl.lit(1).alias("version"))
        answers = pl.DataFrame(self.answers, schema=answer_schema)
        revisions = pl.DataFrame(self.revisions, schema=revision_schema).with_columns(
            pl.lit(1).alias("revision"), pl.lit("imported").alias("reason"))
        return evaluations, answers, revisions


def _schemas() -> tuple[dict, dict, dict]:
    """The frames' column types (polars is imported only when a bulk path runs)."""
    import polars as pl

    utc = pl.Datetime("us", "UTC")
    return ({"id": pl.Utf8, "interaction_id": pl.Utf8, "scorecard_version_id": pl.Utf8, "assessor_id": pl.Utf8,
             "agent_id": pl.Utf8, "method": pl.Utf8, "status": pl.Utf8, "live": pl.Boolean, "score": pl.Float64,
             "raw_score": pl.Float64, "critical_failed": pl.Boolean, "passed": pl.Boolean, "submitted_at": utc,
             "acknowledged_at": utc},
            {"evaluation_id": pl.Utf8, "criterion_key": pl.Utf8, "value": pl.Int64, "na": pl.Boolean},
            {"evaluation_id": pl.Utf8, "created_at": utc, "created_by": pl.Utf8, "score": pl.Float64,
             "raw_score": pl.Float64, "critical_failed": pl.Boolean, "answers": pl.Utf8})
