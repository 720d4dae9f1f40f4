import pytest

from support import ADMIN, PASSPHRASE
from qa_tui.errors import ConflictError, NotFound, UsageError
from qa_tui.services import accounts
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in


def test_add_and_list_users_with_team_scope(admin, org, location):
    _, team, _ = org
    accounts.add_user(admin, name="tess", role=Role.TEAM_LEADER, passphrase="tess passphrase", teams=["Billing"])
    users = {u.name: u for u in accounts.list_users(admin)}
    assert users["tess"].role == Role.TEAM_LEADER and users["tess"].teams == ("Billing",)
    assert sign_in(location, "tess", "tess passphrase").team_ids == frozenset({team})


def test_agent_account_needs_its_agent_record(admin, org, location):
    with pytest.raises(UsageError, match="linked to an agent record"):
        accounts.add_user(admin, name="priya", role=Role.AGENT, passphrase="priya passphrase")
    accounts.add_user(admin, name="priya", role=Role.AGENT, passphrase="priya passphrase", agent_id=org[2])
    assert sign_in(location, "priya", "priya passphrase").agent_id == org[2]


def test_duplicate_and_unknown_names_are_refused(admin):
    with pytest.raises(UsageError, match="already exists"):
        accounts.add_user(admin, name=ADMIN, role=Role.ASSESSOR, passphrase="some passphrase")
    with pytest.raises(NotFound, match="no user named 'ghost'"):
        accounts.set_role(admin, "ghost", Role.ANALYST)
    with pytest.raises(NotFound, match="no team named 'Nowhere'"):
        accounts.add_user(admin, name="tess", role=Role.TEAM_LEADER, passphrase="tess passphrase", teams=["Nowhere"])
    assert [u.name for u in accounts.list_users(admin)] == [ADMIN]


def test_admins_cannot_lock_themselves_out(admin):
    with pytest.raises(UsageError, match="your own account"):
        accounts.disable_user(admin, ADMIN)
    with pytest.raises(UsageError, match="admin role from yourself"):
        accounts.set_role(admin, ADMIN, Role.ANALYST)


def test_role_change_takes_effect_at_next_sign_in(admin, location):
    accounts.add_user(admin, name="bob", role=Role.ASSESSOR, passphrase="bob passphrase")
    accounts.set_role(admin, "bob", Role.QA_MANAGER)
    assert sign_in(location, "bob", "bob passphrase").role == Role.QA_MANAGER


def test_second_writer_gets_a_conflict_not_a_lost_update(admin, location):
    accounts.add_user(admin, name="bob", role=Role.ASSESSOR, passphrase="bob passphrase")
    other_admin = sign_in(location, ADMIN, PASSPHRASE)  # a second session, as from another terminal
    seen = {u.name: u.version for u in accounts.list_users(admin)}["bob"]
    accounts.set_role(admin, "bob", Role.QA_MANAGER, expected_version=seen)
    with pytest.raises(ConflictError, match="changed by someone else"):
        accounts.set_role(other_admin, "bob", Role.ANALYST, expected_version=seen)
    assert {u.name: u.role for u in accounts.list_users(admin)}["bob"] == Role.QA_MANAGER
