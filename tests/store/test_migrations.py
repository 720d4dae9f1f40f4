"""The schema is defined by Alembic revisions: they build a database step by step and match the models."""

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import qa_tui.store.models  # noqa: F401
from qa_tui.store import schema


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(schema._config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _engine(location):
    from qa_tui.store.engine import engine_for
    from qa_tui.store.keyring import PAGE_SIZE

    return engine_for(location, b"k" * 32, PAGE_SIZE)


def test_upgrade_from_first_revision_to_head_keeps_data(location):
    engine = _engine(location)
    first, *later = _revisions()
    with engine.begin() as conn:
        schema.upgrade(conn, first)
        site_id = uuid.uuid4()
        conn.execute(sa.text("INSERT INTO site (id, name, created_at, version) VALUES (:id, 'Leeds', CURRENT_TIMESTAMP, 1)"),
                     {"id": site_id.hex if location.is_sqlite else site_id})
    for revision in later:
        with engine.begin() as conn:
            schema.upgrade(conn, revision)
    with engine.begin() as conn:
        assert schema.current_revision(conn) == schema.head_revision()
        assert conn.execute(sa.text("SELECT name FROM site")).scalars().all() == ["Leeds"]
    engine.dispose()


def test_models_and_migrations_agree(location):
    engine = _engine(location)
    with engine.begin() as conn:
        schema.upgrade(conn)
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert differences == [], "a model changed without a migration: python -m qa_tui.store.schema revision '...'"


def test_survey_lookups_by_contact_or_subject_use_their_partial_indexes(location):
    engine = _engine(location)
    with engine.begin() as conn:
        schema.upgrade(conn)
        for column in ("interaction_id", "subject_id"):
            lookup = f"SELECT id FROM survey_response WHERE {column} IN (:a, :b)"
            if location.is_sqlite:
                definition = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = :n"),
                                          {"n": f"ix_survey_response_{column}"}).scalar()
                plan = " ".join(row[-1] for row in conn.execute(sa.text("EXPLAIN QUERY PLAN " + lookup), {"a": "x", "b": "y"}))
            else:
                definition = conn.execute(sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"),
                                          {"n": f"ix_survey_response_{column}"}).scalar()
                conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
                plan = " ".join(conn.execute(sa.text("EXPLAIN " + lookup), {"a": uuid.uuid4(), "b": uuid.uuid4()}).scalars())
            assert f"{column} IS NOT NULL" in definition.replace("(", "").replace(")", "")
            assert f"ix_survey_response_{column}" in plan
    engine.dispose()


def test_the_survey_natural_key_moves_from_a_constraint_to_an_index_and_back_keeping_rows_and_uniqueness(location):
    from alembic import command

    engine = _engine(location)
    insert = sa.text("INSERT INTO survey_response (id, natural_key, responded_at, source, created_at) "
                     "VALUES (:id, 'ref:R-1', CURRENT_TIMESTAMP, 'f.csv', CURRENT_TIMESTAMP)")

    def new_id():
        value = uuid.uuid4()
        return value.hex if location.is_sqlite else value

    def rows_and_a_refused_duplicate(conn) -> list[str]:
        with pytest.raises(sa.exc.IntegrityError), conn.begin_nested():
            conn.execute(insert, {"id": new_id()})
        return conn.execute(sa.text("SELECT natural_key FROM survey_response")).scalars().all()

    with engine.begin() as conn:
        schema.upgrade(conn, "0011_withdrawn_import_keys")
        conn.execute(insert, {"id": new_id()})
    with engine.begin() as conn:
        schema.upgrade(conn)
        assert rows_and_a_refused_duplicate(conn) == ["ref:R-1"]
    with engine.begin() as conn:
        command.downgrade(schema._config(conn), "0011_withdrawn_import_keys")
        assert rows_and_a_refused_duplicate(conn) == ["ref:R-1"]
    engine.dispose()
