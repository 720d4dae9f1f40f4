"""The list of import keys that erasure and retention took away, which imports consult."""

import hashlib

import polars as pl
from sqlmodel import select

from qa_tui.services import withdrawn_keys
from qa_tui.services.withdrawn_keys import Why, withdraw, withdrawn_rows
from qa_tui.store.models import WithdrawnImportKey


def _rows(admin, table, keys, legacy=None):
    legacy = legacy or [None] * len(keys)
    with admin.db.read() as session:
        return withdrawn_rows(session, admin.db.vault, table, pl.Series(keys, dtype=pl.Utf8),
                              pl.Series(legacy, dtype=pl.Utf8)).to_list()


def test_a_withdrawn_key_is_found_in_its_own_table_only(admin):
    with admin.db.write() as session:
        assert withdraw(session, admin.db.vault, "survey_response", ["ref:R-1", None, "", "ref:R-1"], Why.ERASED) == 1
    assert _rows(admin, "survey_response", ["ref:R-1", "ref:R-2"]) == [True, False]
    assert _rows(admin, "complaint", ["ref:R-1"]) == [False]


def test_withdrawing_again_adds_nothing_and_keeps_the_first_reason(admin):
    for why in (Why.RETAINED, Why.ERASED):
        with admin.db.write() as session:
            added = withdraw(session, admin.db.vault, "feedback_item", ["key:ab", "key:cd"], why)
    assert added == 0
    with admin.db.read() as session:
        listed = session.exec(select(WithdrawnImportKey)).all()
    assert [(w.key_table, w.reason) for w in listed] == [("feedback_item", "retained")] * 2
    unkeyed = {hashlib.blake2b(f"feedback_item\x1f{k}".encode(), digest_size=20).hexdigest() for k in ("key:ab", "key:cd")}
    assert len({w.digest for w in listed} | unkeyed) == 4  # keyed digests, not the keys or their plain hashes


def test_a_row_stored_under_an_older_version_s_digest_is_found_by_it(admin):
    with admin.db.write() as session:
        withdraw(session, admin.db.vault, "survey_response", ["sha:0123"], Why.RETAINED)
    assert _rows(admin, "survey_response", ["key:new", "key:other"], ["sha:0123", None]) == [True, False]


def test_while_nothing_is_withdrawn_no_row_is_digested(admin, monkeypatch):
    monkeypatch.setattr(withdrawn_keys, "_digest", lambda *args: (_ for _ in ()).throw(AssertionError("digested")))
    assert _rows(admin, "interaction", ["TEL-1", "TEL-2"]) == [False, False]


def test_a_long_list_is_probed_key_by_key_and_finds_the_same(admin):
    with admin.db.write() as session:
        withdraw(session, admin.db.vault, "complaint", [f"ref:C-{n}" for n in range(5)] + ["sha:77"], Why.ERASED)
    assert _rows(admin, "complaint", ["ref:C-3", "ref:C-9"]) == [True, False]  # 6 listed > 2 incoming: probed
    assert _rows(admin, "complaint", ["key:x"], ["sha:77"]) == [True]
    many = [f"ref:C-{n}" for n in range(8)]  # 8 incoming > 6 listed: the list is read once
    assert _rows(admin, "complaint", many) == [True] * 5 + [False] * 3
