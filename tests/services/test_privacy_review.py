"""Reviewing redactions: manual marks re-render the redacted copy from the original; doubtful detections queue."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from support import PASSPHRASE
from qa_tui.errors import ConflictError, PermissionDenied, UsageError
from qa_tui.privacy.redact import KnownValues, detect, redact
from qa_tui.services import accounts, audit, interactions, people
from qa_tui.services.permissions import Role
from qa_tui.services.privacy import review
from qa_tui.services.privacy.retention import run_retention
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel, Interaction

TEXT = "Hi, this is Priya Sharma. Our dog, marmaduke, chewed the number 123456789012 on the letter, Mr Quixote."


@pytest.fixture
def contact(admin, org):
    customer = people.create_customer(admin, name="Zebedee Quixote")
    interactions.record_interactions(admin, [
        interactions.NewInteraction(Channel.CALL, datetime.now(UTC) - timedelta(days=1), org[2], text=TEXT, customer_id=customer)
    ])
    with admin.db.read() as session:
        return session.exec(select(Interaction.id)).one()


@pytest.mark.parametrize("text", [
    TEXT, "Hello Mei Mensah, is Mei there? Call 07700 900123 or email a.b@example.com.", "nothing personal here",
])
def test_rendering_without_marks_matches_the_redactor(text):
    known = KnownValues(agent_names=("Priya Sharma",))
    assert review.render(text, detect(text, known), []) == redact(text, known=known).text


def test_marking_missed_personal_data_re_renders_the_copy(admin, contact):
    assert "marmaduke" in interactions.get_interaction(admin, contact).text  # a lower-case name the detectors miss
    assert review.mark_personal_data(admin, contact, "person", find="Marmaduke", reason="missed") == 1
    redacted = interactions.get_interaction(admin, contact).text
    assert "marmaduke" not in redacted and "dog, [PERSON 1], chewed" in redacted
    assert interactions.get_interaction(admin, contact, unredacted=True, reason="check").text == TEXT  # original intact
    entry = next(e for e in audit.recent(admin, limit=5) if e.action == "redaction.redact")
    assert entry.reason == "missed" and entry.target == f"interaction {contact}"
    with admin.db.read() as session:
        detail = session.exec(select(audit.AuditEntry.detail).where(audit.AuditEntry.seq == entry.seq)).one()
    assert "marmaduke" not in detail.lower() and '"PERSON"' in detail


def test_clearing_a_false_detection_shows_the_words_again(admin, contact):
    start = TEXT.index("Priya Sharma")
    review.mark_personal_data(admin, contact, "AGENT_NAME", spans=[(start, start + 12)])
    assert "Priya Sharma" not in interactions.get_interaction(admin, contact).text
    review.clear_detection(admin, contact, find="Quixote")
    redacted = interactions.get_interaction(admin, contact).text
    assert "Mr Quixote" in redacted and "[AGENT_NAME 1]" in redacted


@pytest.mark.parametrize("kwargs, message", [
    ({"label": "PERSON", "spans": [(5, 500)]}, "outside the text"),
    ({"label": "PERSON", "spans": [(9, 3)]}, "outside the text"),
    ({"label": "PERSON"}, "Give the span to mark"),
    ({"label": "PERSON", "find": "Rumpelstiltskin"}, "do not occur"),
    ({"label": "PET_NAME", "spans": [(0, 2)]}, "'PET_NAME' is not a redaction label"),
])
def test_bad_marks_are_one_sentence(admin, contact, kwargs, message):
    kwargs = dict(kwargs)  # the same parameters run on each engine
    label = kwargs.pop("label")
    with pytest.raises(UsageError, match=message):
        review.mark_personal_data(admin, contact, label, **kwargs)


def test_doubtful_detections_wait_for_a_human(admin, contact):
    assert "123456789012" in interactions.get_interaction(admin, contact).text  # scored below the threshold: kept
    assert review.scan_for_review(admin) == 1
    assert review.scan_for_review(admin) == 0  # each interaction is scanned once
    (item,) = review.review_queue(admin)
    assert (item.label, item.score < 0.5) == ("REFERENCE", True) and "«123456789012»" in item.excerpt
    review.decide(admin, item.id, accept=True, reason="it is his account")
    assert "123456789012" not in interactions.get_interaction(admin, contact).text
    assert review.review_queue(admin) == []
    with pytest.raises(ConflictError, match="already accepted"):
        review.decide(admin, item.id, accept=False)
    actions = [e.action for e in audit.recent(admin, limit=6)]
    assert {"redaction.scan", "redaction.queue_view", "redaction.accept"} <= set(actions)


def test_rejecting_leaves_the_words(admin, contact):
    review.scan_for_review(admin)
    (item,) = review.review_queue(admin)
    review.decide(admin, item.id, accept=False)
    assert "123456789012" in interactions.get_interaction(admin, contact).text
    assert audit.recent(admin, limit=1)[0].action == "redaction.reject"


def test_marks_need_the_original(admin, contact):
    run_retention(admin, now=datetime.now(UTC) + timedelta(days=365))
    with pytest.raises(UsageError, match="no longer held"):
        review.mark_personal_data(admin, contact, "PERSON", find="Marmaduke")


def test_only_reviewers_who_may_see_originals_review(admin, contact, location):
    review.scan_for_review(admin)
    (item,) = review.review_queue(admin)
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    review.mark_personal_data(sign_in(location, "mo", PASSPHRASE), contact, "PERSON", find="Marmaduke")
    accounts.add_user(admin, name="ada", role=Role.ASSESSOR, passphrase=PASSPHRASE)
    assessor = sign_in(location, "ada", PASSPHRASE)
    calls = [
        lambda a: review.review_queue(a), lambda a: review.scan_for_review(a),
        lambda a: review.decide(a, item.id, accept=True), lambda a: review.clear_detection(a, contact, find="Mr"),
        lambda a: review.mark_personal_data(a, contact, "PERSON", find="Marmaduke"),
        lambda a: interactions.get_interaction(a, contact, unredacted=True, reason="curious"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied, match="ada \\(assessor\\) may not"):
            call(assessor)
