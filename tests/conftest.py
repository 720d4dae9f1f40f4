"""Shared fixtures: cheap key slots, a private data directory, and databases on each engine.

Store and service tests take the `location` fixture, which runs them on SQLite and, when QA_TUI_TEST_PG_URL is
set, again on PostgreSQL in a schema of their own.
"""

from __future__ import annotations

import os
import uuid

import pytest
from hypothesis import settings

# CI explores the same examples on every run, so a red build always means a real regression; developers' runs keep
# exploring new ones.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Scrypt at its floor keeps each sign-in fast; inherited by the subprocesses some tests start.
os.environ["QA_TUI_SCRYPT_N"] = "1024"

PG_URL = os.environ.get("QA_TUI_TEST_PG_URL")
PG_REASON = "set QA_TUI_TEST_PG_URL=postgresql+psycopg://USER@HOST:PORT/DB to run these tests on PostgreSQL too"
ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(not PG_URL, reason=PG_REASON))]

from support import ADMIN, PASSPHRASE  # noqa: E402


@pytest.fixture(autouse=True)
def private_environment(tmp_path, monkeypatch):
    """Keep a developer's own database and settings out of every test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for name in ("QA_TUI_DB", "QA_TUI_PASSPHRASE", "QA_TUI_NEW_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=ENGINES)
def location(request, tmp_path):
    """An empty place for a database: a SQLite path, or a fresh PostgreSQL schema."""
    from qa_tui.store.engine import dispose_engines, resolve_location

    if request.param == "sqlite":
        yield resolve_location(str(tmp_path / "qa.db"))
        return
    schema = f"qa_test_{uuid.uuid4().hex[:12]}"
    _pg_execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield resolve_location(f"{PG_URL}{separator}options=-csearch_path%3D{schema}")
    finally:
        dispose_engines()
        _pg_execute(f"DROP SCHEMA {schema} CASCADE")


def _pg_execute(statement: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.exec_driver_sql(statement)
    engine.dispose()


@pytest.fixture
def admin(location):
    """A new database and its admin, signed in."""
    from qa_tui.services.unlock import init_database, sign_in

    init_database(location, ADMIN, PASSPHRASE)
    actor = sign_in(location, ADMIN, PASSPHRASE)
    yield actor
    actor.db.close()


@pytest.fixture
def org(admin):
    """A site, a team and an agent in the admin's database: (site_id, team_id, agent_id)."""
    from qa_tui.services import people

    site = people.create_site(admin, "Leeds")
    team = people.create_team(admin, site, "Billing")
    agent = people.create_agent(admin, team, "Priya Sharma")
    return site, team, agent
