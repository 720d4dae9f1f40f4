"""Bulk inserts store exactly what SQLAlchemy stores, on each engine; new ids are version 7 UUIDs."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import polars as pl
import pytest
import sqlalchemy as sa
from sqlmodel import select

from qa_tui.store.bulk import existing_values, insert_frame, new_ids
from qa_tui.store.models import SurveyResponse

VALUES = {"external_ref": None, "responded_at": datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=timezone(timedelta(hours=1))),
          "channel": "call", "interaction_id": None, "agent_id": None, "subject_id": None, "csat": 5, "nps": None,
          "ces": 7, "fcr": False, "verbatim_enc": b"\x01\x00cipher", "redacted_enc": None, "source": "file.csv",
          "created_at": datetime(2026, 3, 4, 10, 0, tzinfo=UTC)}
COLUMNS = ", ".join(VALUES)


def _frame(row_id: str, key: str) -> pl.DataFrame:
    return pl.DataFrame([{"id": row_id, "natural_key": key, **VALUES}], schema={
        "id": pl.Utf8, "natural_key": pl.Utf8, "external_ref": pl.Utf8, "responded_at": pl.Datetime("us", "UTC"),
        "channel": pl.Utf8, "interaction_id": pl.Utf8, "agent_id": pl.Utf8, "subject_id": pl.Utf8, "csat": pl.Int64,
        "nps": pl.Int64, "ces": pl.Int64, "fcr": pl.Boolean, "verbatim_enc": pl.Binary, "redacted_enc": pl.Binary,
        "source": pl.Utf8, "created_at": pl.Datetime("us", "UTC")})


def test_a_bulk_row_is_stored_as_sqlalchemy_stores_it(admin):
    core_id, bulk_id = uuid.uuid4(), new_ids(1)[0]
    with admin.db.write() as session:
        session.execute(sa.insert(SurveyResponse.__table__), [{"id": core_id, "natural_key": "core", **VALUES}])
        insert_frame(session, SurveyResponse.__table__, _frame(bulk_id, "bulk"))
    with admin.db.read() as session:
        stored = {key: rest for key, *rest in session.execute(sa.text(
            f"SELECT natural_key, {COLUMNS} FROM survey_response ORDER BY natural_key"))}
        ids = dict(session.execute(sa.text("SELECT natural_key, id FROM survey_response")).all())
        bulk = session.exec(select(SurveyResponse).where(SurveyResponse.natural_key == "bulk")).one()
    assert stored["bulk"] == stored["core"]  # the raw cells, as each driver returns them
    assert type(ids["bulk"]) is type(ids["core"]) and len(str(ids["bulk"])) == len(str(ids["core"]))
    assert bulk.id == uuid.UUID(bulk_id) and bulk.responded_at == VALUES["responded_at"] and bulk.fcr is False


def test_existing_values_finds_what_is_there(admin):
    with admin.db.write() as session:
        assert existing_values(session, "survey_response", "natural_key", ["key-1"]) == set()  # an empty table
        insert_frame(session, SurveyResponse.__table__, pl.concat([_frame(i, f"key-{n}") for n, i in enumerate(new_ids(3))]))
        found = existing_values(session, "survey_response", "natural_key", [f"key-{n}" for n in range(1, 25_000)])
    assert found == {"key-1", "key-2"}


def test_new_ids_are_distinct_version_7_uuids_in_time_order():
    first, second = new_ids(1000), new_ids(1000)
    parsed = [uuid.UUID(i) for i in first.to_list() + second.to_list()]
    assert len(set(parsed)) == 2000 and all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    assert all(str(u) == text for u, text in zip(parsed, first.to_list() + second.to_list()))
    assert max(first.to_list())[:13] <= min(second.to_list())[:13]  # the millisecond prefix never goes back
    assert first.to_list() == sorted(first.to_list()) and parsed[:1000] == sorted(parsed[:1000])


def _indexes(admin) -> list[str]:
    query = ("SELECT sql FROM sqlite_master WHERE tbl_name = 'survey_response' AND type = 'index' AND sql IS NOT NULL"
             if admin.db.is_sqlite else "SELECT indexdef FROM pg_indexes WHERE tablename = 'survey_response'")
    with admin.db.read() as session:
        return sorted(session.execute(sa.text(query)).scalars())


def test_a_large_insert_builds_plain_indexes_after_it_and_a_failure_keeps_them(admin, monkeypatch):
    from qa_tui.store import bulk

    monkeypatch.setattr(bulk, "REBUILD_AT", 2)
    before = _indexes(admin)
    with admin.db.write() as session:
        with bulk.indexes_built_after(session, "survey_response", 3):
            during = session.execute(sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                                             " AND tbl_name = 'survey_response'") if admin.db.is_sqlite else sa.text("SELECT 0")).scalar()
            insert_frame(session, SurveyResponse.__table__, pl.concat([_frame(i, f"k{n}") for n, i in enumerate(new_ids(3))]))
    assert during == 0 and _indexes(admin) == before and len(before) >= 4
    with pytest.raises(RuntimeError), admin.db.write() as session:
        with bulk.indexes_built_after(session, "survey_response", 3):
            raise RuntimeError("the import failed")
    assert _indexes(admin) == before


def test_a_duplicate_key_in_a_large_insert_fails_the_whole_write_when_its_unique_index_is_built(admin, monkeypatch):
    import psycopg

    from qa_tui.errors import UsageError
    from qa_tui.store import bulk

    monkeypatch.setattr(bulk, "REBUILD_AT", 2)
    before = _indexes(admin)
    # On PostgreSQL, whose indexes stay, COPY fails with the driver's error as the rows arrive.
    refused = (UsageError, "repeat a key that must be unique") if admin.db.is_sqlite else (psycopg.errors.IntegrityError, "duplicate key")
    with pytest.raises(refused[0], match=refused[1]), admin.db.write() as session:
        with bulk.indexes_built_after(session, "survey_response", 3):
            insert_frame(session, SurveyResponse.__table__, pl.concat([_frame(i, k) for i, k in zip(new_ids(3), "aab")]))
    with admin.db.read() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(SurveyResponse)).scalar() == 0
    assert _indexes(admin) == before and any("UNIQUE" in i.upper() and "natural_key" in i for i in before)


def _cache_size(session) -> int:
    return session.connection().connection.driver_connection.execute("PRAGMA cache_size").fetchone()[0]


def test_a_bulk_write_has_a_large_page_cache_and_gives_it_back_even_when_it_fails(admin):
    from qa_tui.store import bulk
    from qa_tui.store.engine import CACHE_KIB

    if not admin.db.is_sqlite:
        pytest.skip("a SQLite page cache")
    with admin.db.write() as session:
        with bulk.bulk_cache(session):
            during = _cache_size(session)
        after = _cache_size(session)
    with pytest.raises(RuntimeError), admin.db.write() as session:
        with bulk.bulk_cache(session):
            raise RuntimeError("the import failed")
    with admin.db.write() as session:
        after_failure = _cache_size(session)
    assert (during, after, after_failure) == (-bulk.BULK_CACHE_KIB, -CACHE_KIB, -CACHE_KIB)
