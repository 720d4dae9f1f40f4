"""The bulk people services the demo writes through: encrypted, blind-indexed, audited per batch, permission-checked."""

import pytest
import sqlalchemy as sa

from qa_tui.errors import NotFound, PermissionDenied
from qa_tui.services import accounts, people
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import AuditEntry


def _audit_count(actor, action):
    with actor.db.read() as session:
        return session.execute(sa.select(sa.func.count()).where(AuditEntry.action == action)).scalar_one()


def test_record_customers_in_batches_with_one_audit_entry_each(admin, monkeypatch):
    monkeypatch.setattr(people, "BATCH", 2)
    items = [people.NewCustomer(f"Ann {n}", f"ann{n}@example.com", f"07700 900{n:03d}", "LS1 4AP") for n in range(5)]
    ids = people.record_customers(admin, items)
    assert len(ids) == 5 and _audit_count(admin, "customer.record") == 3
    assert people.find_customers(admin, email="ANN3@example.com") == [ids[3]]
    assert people.find_customers(admin, phone="+44 7700 900004") == [ids[4]]
    info = people.get_customer(admin, ids[1], reason="test")
    assert (info.name, info.postcode) == ("Ann 1", "LS1 4AP")


def test_record_agents_encrypts_names_and_keeps_order(admin, org):
    _, team, _ = org
    ids = people.record_agents(admin, [people.NewAgent(team, name) for name in ("Bo Li", "Cy Ng", "Di Wu")])
    names = {agent.id: agent.name for agent in people.list_agents(admin)}
    assert [names[i] for i in ids] == ["Bo Li", "Cy Ng", "Di Wu"]
    assert _audit_count(admin, "agent.record") == 1


def test_record_agents_refuses_an_unknown_team(admin):
    import uuid

    with pytest.raises(NotFound):
        people.record_agents(admin, [people.NewAgent(uuid.uuid4(), "Bo Li")])


def test_bulk_paths_check_permissions(admin, location, org):
    accounts.add_user(admin, name="ana", role=Role.ANALYST, passphrase="analyst passphrase")
    analyst = sign_in(location, "ana", "analyst passphrase")
    with pytest.raises(PermissionDenied):
        people.record_customers(analyst, [people.NewCustomer(name="X")])
    with pytest.raises(PermissionDenied):
        people.record_agents(analyst, [people.NewAgent(org[1], "X")])
    analyst.db.close()
