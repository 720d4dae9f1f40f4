"""SQLCipher's page size: new files use PAGE_SIZE and record it in the key file (SQLCipher encrypts the header that
would say it); files whose key file records none are the older 4 KiB ones, and still open."""

import json

import pytest
import sqlalchemy as sa
from support import ADMIN, PASSPHRASE

from qa_tui.errors import IntegrityError
from qa_tui.services import keys, people, unlock
from qa_tui.services.unlock import init_database, sign_in
from qa_tui.store import keyring
from qa_tui.store.keyring import OLD_PAGE_SIZE, PAGE_SIZE


def _page_size(actor) -> int:
    with actor.db.read() as session:
        return int(session.execute(sa.text("PRAGMA page_size")).scalar())


def _drop_recorded_size(location) -> None:
    """Make the key file look as it did before it recorded a page size."""
    body = json.loads(location.key_file.read_text())
    del body["page_size"], body["checksum"]
    body["checksum"] = keyring._checksum(body)
    location.key_file.write_text(json.dumps(body))


@pytest.fixture
def sqlite_location(location):
    if not location.is_sqlite:
        pytest.skip("the page size is SQLite's")
    return location


def test_a_new_file_uses_and_records_the_larger_page_size(admin, sqlite_location):
    assert PAGE_SIZE != OLD_PAGE_SIZE and admin.db.keyring.load().page_size == PAGE_SIZE
    assert _page_size(admin) == PAGE_SIZE
    keys.rotate(admin)  # re-keying keeps the size, and the rotated file still opens
    assert _page_size(sign_in(sqlite_location, ADMIN, PASSPHRASE)) == PAGE_SIZE


def test_a_file_from_before_the_size_was_recorded_opens_with_4_kib_pages(sqlite_location, monkeypatch):
    monkeypatch.setattr(unlock, "PAGE_SIZE", OLD_PAGE_SIZE)
    init_database(sqlite_location, ADMIN, PASSPHRASE)
    customer = people.create_customer(sign_in(sqlite_location, ADMIN, PASSPHRASE), name="Jane Doe")
    _drop_recorded_size(sqlite_location)
    again = sign_in(sqlite_location, ADMIN, PASSPHRASE)
    assert again.db.keyring.load().page_size == OLD_PAGE_SIZE and _page_size(again) == OLD_PAGE_SIZE
    assert people.get_customer(again, customer, reason="test").name == "Jane Doe"


def test_a_recorded_size_sqlcipher_cannot_use_is_a_damaged_key_file(admin, sqlite_location):
    body = json.loads(sqlite_location.key_file.read_text())
    body["page_size"] = 1000
    del body["checksum"]
    body["checksum"] = keyring._checksum(body)
    sqlite_location.key_file.write_text(json.dumps(body))
    with pytest.raises(IntegrityError, match="damaged"):
        sign_in(sqlite_location, ADMIN, PASSPHRASE)
