from datetime import UTC, datetime

import pytest
from sqlmodel import select

from support import ADMIN, PASSPHRASE
from qa_tui.errors import AuthenticationError, DatabaseNotFound, NotAQaTuiDatabase, UsageError
from qa_tui.services import accounts
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import backoff_delay, init_database, sign_in
from qa_tui.store.models import AuditEntry


def _actions(actor) -> list[tuple[str, str]]:
    with actor.db.read() as session:
        return [(e.actor, e.action) for e in session.exec(select(AuditEntry).order_by(AuditEntry.seq)).all()]


def test_init_creates_admin_and_audits_it(admin):
    assert admin.name == ADMIN and admin.role == Role.ADMIN
    assert _actions(admin)[:3] == [(ADMIN, "database.create"), (ADMIN, "user.add"), (ADMIN, "auth.sign_in")]


def test_init_refuses_an_existing_database(admin, location):
    with pytest.raises(UsageError, match="already"):
        init_database(location, "zed", PASSPHRASE)


@pytest.mark.parametrize("name, passphrase, message", [
    ("ann smith", PASSPHRASE, "not a valid user name"),
    ("ann", "short", "at least 10 characters"),
])
def test_init_rejects_bad_input_and_leaves_nothing(tmp_path, name, passphrase, message):
    from qa_tui.store.engine import resolve_location

    where = resolve_location(str(tmp_path / "qa.db"))
    with pytest.raises(UsageError, match=message):
        init_database(where, name, passphrase)
    assert list(tmp_path.iterdir()) == [] or not where.path.exists()


def test_wrong_passphrase_is_refused_and_audited_at_next_sign_in(admin, location):
    with pytest.raises(AuthenticationError, match="Wrong passphrase for ann"):
        sign_in(location, ADMIN, "not the passphrase")
    with pytest.raises(AuthenticationError, match="no active account named 'mallory'"):
        sign_in(location, "mallory", "whatever passphrase")
    again = sign_in(location, ADMIN, PASSPHRASE)
    failures = [a for a in _actions(again) if a[1] == "auth.sign_in_failed"]
    assert failures == [(ADMIN, "auth.sign_in_failed"), ("mallory", "auth.sign_in_failed")]
    assert again.db.keyring.load().failures == ()


def test_repeated_failures_back_off(admin, location):
    now = [1_000_000.0]
    for _ in range(3):
        with pytest.raises(AuthenticationError, match="Wrong passphrase"):
            sign_in(location, ADMIN, "not the passphrase", clock=lambda: now[0])
    with pytest.raises(AuthenticationError, match="try again in 1 seconds"):
        sign_in(location, ADMIN, PASSPHRASE, clock=lambda: now[0])
    now[0] += 1.5
    assert sign_in(location, ADMIN, PASSPHRASE, clock=lambda: now[0]).name == ADMIN
    assert location and admin.db.keyring.load().backoff == {}


def test_backoff_grows_and_is_capped():
    assert [backoff_delay(n) for n in range(6)] == [0, 0, 0, 1, 2, 4]
    assert backoff_delay(50) == 300


def test_disabled_user_cannot_sign_in(admin, location):
    accounts.add_user(admin, name="bob", role=Role.ASSESSOR, passphrase="bob passphrase")
    assert sign_in(location, "bob", "bob passphrase").role == Role.ASSESSOR
    accounts.disable_user(admin, "bob", reason="left the company")
    with pytest.raises(AuthenticationError, match="no active account named 'bob'"):
        sign_in(location, "bob", "bob passphrase")
    assert [u.disabled for u in accounts.list_users(admin) if u.name == "bob"] == [True]


def test_changed_passphrase_replaces_the_old_one(admin, location):
    accounts.change_passphrase(admin, ADMIN, "a brand new passphrase")
    with pytest.raises(AuthenticationError):
        sign_in(location, ADMIN, PASSPHRASE)
    assert sign_in(location, ADMIN, "a brand new passphrase").name == ADMIN


def test_missing_database_is_reported(tmp_path):
    from qa_tui.store.engine import resolve_location

    with pytest.raises(DatabaseNotFound, match="create one with 'qa-tui init"):
        sign_in(resolve_location(str(tmp_path / "none.db")), ADMIN, PASSPHRASE)


def test_foreign_file_is_reported(tmp_path):
    from qa_tui.store.engine import resolve_location

    (tmp_path / "notes.db").write_text("hello")
    with pytest.raises(NotAQaTuiDatabase, match="key file notes.db.keys is missing"):
        sign_in(resolve_location(str(tmp_path / "notes.db")), ADMIN, PASSPHRASE)


def test_database_swapped_under_its_key_file_is_reported(tmp_path):
    from qa_tui.store.engine import resolve_location

    first, second = (resolve_location(str(tmp_path / n)) for n in ("a.db", "b.db"))
    init_database(first, ADMIN, PASSPHRASE)
    init_database(second, ADMIN, PASSPHRASE)
    second.path.write_bytes(first.path.read_bytes())
    with pytest.raises(NotAQaTuiDatabase, match="does not match its key file"):
        sign_in(second, ADMIN, PASSPHRASE)


def test_sign_in_time_is_recorded_in_utc(admin):
    with admin.db.read() as session:
        entry = session.exec(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry.at.tzinfo is not None and abs((datetime.now(UTC) - entry.at).total_seconds()) < 60
