"""A small, fixed contact centre for screen tests, built once and copied for each test, with the clock pinned."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
import time_machine

from support import ADMIN, FROZEN, PASSPHRASE, TODAY

USERS = {  # name: (role, extra)
    "maria": ("qa_manager", {}),
    "adam": ("assessor", {}),
    "tom": ("team_leader", {"teams": ["Billing"]}),
    "ana": ("analyst", {}),
}


def _build(folder) -> None:
    from qa_tui.services import accounts, interactions, people
    from qa_tui.services.permissions import Role
    from qa_tui.services.unlock import init_database, sign_in
    from qa_tui.store.engine import resolve_location
    from qa_tui.store.models import Channel

    where = resolve_location(str(folder / "centre.db"))
    init_database(where, ADMIN, PASSPHRASE)
    admin = sign_in(where, ADMIN, PASSPHRASE)
    site = people.create_site(admin, "Leeds")
    billing, retentions = people.create_team(admin, site, "Billing"), people.create_team(admin, site, "Retentions")
    agents = [people.create_agent(admin, billing, "Priya Sharma"), people.create_agent(admin, billing, "Tom Jones"),
              people.create_agent(admin, retentions, "Grace Okafor")]
    channels = [Channel.CALL, Channel.CHAT, Channel.EMAIL, Channel.BRANCH_VISIT]
    items = [
        interactions.NewInteraction(channels[i % 4], FROZEN - timedelta(days=i, hours=1), agents[i % 3], text=f"contact {i}")
        for i in range(24)
    ]
    interactions.record_interactions(admin, items)
    for name, (role, extra) in USERS.items():
        accounts.add_user(admin, name=name, role=Role(role), passphrase=PASSPHRASE, **extra)
    accounts.add_user(admin, name="priya", role=Role.AGENT, passphrase=PASSPHRASE, agent_id=agents[0])
    admin.db.close()


@pytest.fixture(scope="session")
def centre_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("centre")
    with time_machine.travel(FROZEN - timedelta(minutes=5), tick=False):
        _build(folder)
    return folder


@pytest.fixture
def centre(centre_template, tmp_path, monkeypatch):
    """A private copy of the centre; returns its location."""
    from qa_tui.store.engine import resolve_location

    for item in centre_template.iterdir():
        if not item.name.endswith(".lock"):
            shutil.copy(item, tmp_path / item.name)
    monkeypatch.setenv("QA_TUI_CONFIG", str(tmp_path / "config" / "config.toml"))
    return resolve_location(str(tmp_path / "centre.db"))


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    """A text cursor blinks on a half-second timer, so a snapshot taken on a slow machine caught it shown or hidden
    (the sign-in and import dialogs failed that way, retries and all). Here it stays shown while its input has focus."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def frozen_clock():
    # time_machine patches the process's clock functions unguarded against other threads (time-machine#540), so
    # the redaction pool's threads, left from earlier tests, are stopped first; the pool starts again when needed.
    from qa_tui.privacy import pool

    pool.shutdown()
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture(scope="session")
def demo_centre(tmp_path_factory):
    from qa_tui.demo import create_demo
    from qa_tui.store.location import resolve_location

    location = resolve_location(str(tmp_path_factory.mktemp("demo-screens") / "demo-small.db"))
    create_demo(location, scale="small", seed=7, today=TODAY)
    return location


@pytest.fixture
def demo_app(demo_centre, monkeypatch):
    from qa_tui.app import QaApp
    from qa_tui.demo import sign_in_demo

    monkeypatch.setenv("QA_TUI_CONFIG", "/nonexistent/qa-tui/config.toml")

    def make(user: str) -> QaApp:
        return QaApp(demo_centre, user, actor=sign_in_demo(demo_centre, user), today=lambda: TODAY)

    return make


def pytest_collection_modifyitems(items):
    """Snapshots get one retry: now and then Textual's last repaint lands after the capture with the same text but
    different style classes (seen about once in a few hundred snapshots); a real change fails both tries."""
    for item in items:
        if "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.flaky(reruns=1))
