"""Recording interactions in bulk: batches share what they know of customers, and a bad batch writes nothing."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from qa_tui.errors import NotFound
from qa_tui.services import interactions, people
from qa_tui.store.models import Channel, Customer, Interaction

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(interactions, "BATCH", 2)


def test_a_customer_met_again_in_later_batches_keeps_one_subject_and_is_redacted_each_time(admin, org, small_batches):
    customer = people.create_customer(admin, name="Zebedee Quixote", phone="07700 900123")
    items = [interactions.NewInteraction(Channel.CALL, START + timedelta(minutes=n), org[2], customer_id=customer,
                                         text=f"Call {n}: this is Zebedee Quixote on 07700 900123.") for n in range(5)]
    ids = interactions.record_interactions(admin, items, return_ids=True)
    with admin.db.read() as session:
        subject = session.exec(select(Customer.subject_id).where(Customer.id == customer)).one()
        rows = session.exec(select(Interaction.id, Interaction.subject_id)).all()
    assert {s for _, s in rows} == {subject}
    for n, row_id in enumerate(ids):
        view = interactions.get_interaction(admin, row_id)
        assert view.text.startswith(f"Call {n}:") and "Zebedee" not in view.text and "900123" not in view.text
        assert "Quixote" in interactions.get_interaction(admin, row_id, unredacted=True, reason="check").text


def test_a_batch_naming_a_missing_customer_is_refused_and_writes_nothing_of_itself(admin, org, small_batches):
    customer = people.create_customer(admin, name="Zebedee Quixote")
    good = [interactions.NewInteraction(Channel.CALL, START, org[2], text="hello", customer_id=customer)] * 2
    bad = [interactions.NewInteraction(Channel.CALL, START, org[2], text="hello", customer_id=uuid.uuid4()),
           interactions.NewInteraction(Channel.CALL, START, org[2], text="hello", customer_id=customer)]
    with pytest.raises(NotFound, match="customer that does not exist"):
        interactions.record_interactions(admin, good + bad)
    assert interactions.count_interactions(admin) == 2  # the first batch, whole; none of the second
