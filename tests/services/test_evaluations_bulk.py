"""Recording evaluations scored elsewhere in bulk: every batch scored here, later batches gathered in a worker
process while the one before is written, and a failing batch leaves the batches before it recorded."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from qa_tui.domain.scorecard import Method
from qa_tui.errors import UsageError
from qa_tui.services import accounts, evaluations, evaluations_bulk, interactions, scorecards
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import AuditEntry, Channel, Evaluation, EvaluationAnswer, User

START = datetime(2026, 1, 5, 9, tzinfo=UTC)
CARD = '''
name = "Bulk review"
version = 1
pass_mark = 60.0
methods = ["call_review"]

[[sections]]
key = "main"
title = "Main"

[[sections.criteria]]
key = "greeting"
question = "Greeted the caller?"
type = "yes_no"

[[sections.criteria]]
key = "resolved"
question = "Resolved the query?"
type = "yes_no"
weight = 3.0
'''


@pytest.fixture
def bulk(admin, org, location, monkeypatch):
    """A QA manager, a published card, a draft card, and six recorded calls; batches of two; a worker process
    even on a one-core machine."""
    monkeypatch.setattr(evaluations_bulk, "BATCH", 2)
    monkeypatch.setattr("qa_tui.processes.worker_count", lambda: 2)
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase="role passphrase")
    manager = sign_in(location, "mo", "role passphrase")
    published = scorecards.import_scorecard(manager, CARD)
    scorecards.publish(manager, published.id)
    draft = scorecards.import_scorecard(manager, CARD.replace("Bulk review", "Bulk draft"))
    calls = interactions.record_interactions(admin, [
        interactions.NewInteraction(Channel.CALL, START + timedelta(hours=n), org[2], text=f"call {n}")
        for n in range(6)], return_ids=True)
    with admin.db.read() as session:
        assessor = session.execute(sa.select(User.id).where(User.name == "mo")).scalar()
    yield {"manager": manager, "published": published.id, "draft": draft.id, "calls": calls, "assessor": assessor,
           "agent": org[2]}
    manager.db.close()


def _scored(c, n, answers, version=None):
    return evaluations.ScoredEvaluation(c["calls"][n], version or c["published"], c["assessor"], c["agent"],
                                        Method.CALL_REVIEW, answers, START + timedelta(hours=n, minutes=30))


def _recorded(actor) -> tuple[list, int, int]:
    with actor.db.read() as session:
        scores = session.execute(sa.select(Evaluation.interaction_id, Evaluation.score)
                                 .order_by(Evaluation.submitted_at)).all()
        answers = session.execute(sa.select(sa.func.count()).select_from(EvaluationAnswer)).scalar()
        batches = session.execute(sa.select(sa.func.count()).select_from(AuditEntry)
                                  .where(AuditEntry.action == "evaluation.import")).scalar()
    return scores, answers, batches


def test_every_batch_is_scored_here_and_written_once_in_order(bulk):
    answers = [{"greeting": n % 2 == 0, "resolved": n < 3} for n in range(5)]
    count = evaluations.record_scored(bulk["manager"], [_scored(bulk, n, a) for n, a in enumerate(answers)])
    scores, answer_rows, batches = _recorded(bulk["manager"])
    assert count == 5 and batches == 3 and answer_rows == 10
    assert [str(call) for call, _ in scores] == [str(call) for call in bulk["calls"][:5]]
    assert [score for _, score in scores] == [100.0, 75.0, 100.0, 0.0, 25.0]


def test_a_batch_with_an_unanswered_item_fails_after_the_batches_before_it_are_written(bulk):
    items = [_scored(bulk, n, {"greeting": True, "resolved": True}) for n in range(4)]
    items.append(_scored(bulk, 4, {"greeting": True}))
    with pytest.raises(UsageError, match="leaves items unanswered: resolved"):
        evaluations.record_scored(bulk["manager"], items + [_scored(bulk, 5, {"greeting": True, "resolved": True})])
    scores, answer_rows, batches = _recorded(bulk["manager"])
    assert len(scores) == 4 and answer_rows == 8 and batches == 2


def test_a_batch_naming_a_draft_version_fails_after_the_batch_before_it_is_written(bulk):
    items = [_scored(bulk, n, {"greeting": True, "resolved": True}) for n in range(2)]
    items.append(_scored(bulk, 2, {"greeting": True, "resolved": True}, version=bulk["draft"]))
    with pytest.raises(UsageError, match="must name published scorecard versions"):
        evaluations.record_scored(bulk["manager"], items)
    scores, _, batches = _recorded(bulk["manager"])
    assert len(scores) == 2 and batches == 1
