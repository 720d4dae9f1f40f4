import pytest
import sqlalchemy as sa

from qa_tui.errors import PermissionDenied
from qa_tui.services import accounts, audit
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in


@pytest.fixture
def trail(admin):
    """An admin whose database has a dozen audit entries."""
    for index in range(5):
        accounts.add_user(admin, name=f"user{index}", role=Role.ASSESSOR, passphrase="a fine passphrase")
        accounts.set_role(admin, f"user{index}", Role.ANALYST)
    return admin


def _sql(actor, statement: str, **params) -> None:
    with actor.db.write() as session:
        session.execute(sa.text(statement), params)


def test_intact_chain_verifies(trail):
    report = audit.verify(trail)
    assert report.intact and report.entries == 13
    assert report.sentence() == "Audit trail intact: 13 entries verified."
    assert audit.verify(trail).entries == 14  # the verification itself was audited


def test_edited_entry_is_named(trail):
    _sql(trail, "UPDATE audit_entry SET actor = 'mallory' WHERE seq = 6")
    report = audit.verify(trail)
    assert (report.broken_at, report.problem) == (6, "its contents were changed after it was written")


def test_deleted_entry_is_named(trail):
    _sql(trail, "DELETE FROM audit_entry WHERE seq = 4")
    report = audit.verify(trail)
    assert report.broken_at == 4 and "missing" in report.problem


def test_deleted_tail_is_detected(trail):
    _sql(trail, "DELETE FROM audit_entry WHERE seq > 10")
    report = audit.verify(trail)
    assert report.broken_at == 11 and "later entries were deleted" in report.problem


def test_inserted_entry_is_detected(trail):
    # Shift entries up to make room, as someone forging history would have to.
    _sql(trail, "UPDATE audit_entry SET seq = seq + 1000 WHERE seq >= 7")
    _sql(trail, "UPDATE audit_entry SET seq = seq - 999 WHERE seq >= 1007")
    _sql(trail, "INSERT INTO audit_entry (seq, at, actor, action, target_type, target_id, reason, detail, prev_hash, hash) "
                "SELECT 7, at, 'mallory', 'user.add', '', '', '', '{}', prev_hash, hash FROM audit_entry WHERE seq = 6")
    report = audit.verify(trail)
    assert report.broken_at == 7 and not report.intact


def test_only_admins_verify_or_read_the_trail(trail, location):
    assert audit.recent(trail, limit=3)[0].action == "user.role"
    accounts.add_user(trail, name="mo", role=Role.QA_MANAGER, passphrase="mo passphrase")
    manager = sign_in(location, "mo", "mo passphrase")
    with pytest.raises(PermissionDenied, match=r"mo \(qa manager\) may not verify the audit trail"):
        audit.verify(manager)
    with pytest.raises(PermissionDenied):
        audit.recent(manager)


def test_recent_entries_filtered_by_any_part_in_any_case(trail):
    from qa_tui.services.privacy.retention import set_retention

    admin = trail
    set_retention(admin, "raw_transcripts", 30, reason="DPO: 100% agreed")
    actions = [e.action for e in audit.recent(admin, matching="USER.A")]
    assert actions and set(actions) == {"user.add"}
    assert [e.action for e in audit.recent(admin, matching="100%")] == ["retention.set"]
    assert [e.action for e in audit.recent(admin, matching="%")] == ["retention.set"]  # a character, not a wildcard
    assert audit.recent(admin, matching="user_add") == []
    assert [e.action for e in audit.recent(admin, matching="raw_trans")] == ["retention.set"]  # the target
    assert len(audit.recent(admin, matching="  ")) == len(audit.recent(admin))
