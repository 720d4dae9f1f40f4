"""Retention: settings per kind of record, a dry run that changes nothing, and a set-based run, on each engine."""

from datetime import UTC, datetime, timedelta

import pytest

from support import PASSPHRASE
from qa_tui.errors import PermissionDenied, UsageError
from qa_tui.services import accounts, audit, interactions
from qa_tui.services.permissions import Role
from qa_tui.services.privacy import retention
from qa_tui.services.privacy.retention import RetentionKind, retention_settings, run_retention, set_retention
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def contacts(admin, org):
    """Contacts 10 days, 100 days and 800 days old; returns their ids by age."""
    ages = (10, 100, 800)
    items = [interactions.NewInteraction(Channel.CALL, NOW - timedelta(days=age), org[2], text=f"Contact from {age} days ago.",
                                         external_ref=f"age-{age}") for age in ages]
    interactions.record_interactions(admin, items)
    from sqlmodel import select

    from qa_tui.store.models import Interaction

    with admin.db.read() as session:
        return {int(ref.split("-")[1]): id_ for id_, ref in session.exec(select(Interaction.id, Interaction.external_ref))}


def _texts(admin, ids):
    return {age: (interactions.get_interaction(admin, i, unredacted=True, reason="test").text,
                  interactions.get_interaction(admin, i).text) for age, i in ids.items()}


def test_defaults_are_registered_and_shown(admin):
    settings = {s.kind: s for s in retention_settings(admin)}
    assert (settings["raw_transcripts"].days, settings["redacted_transcripts"].days) == (90, 730)
    assert all(s.is_default for s in settings.values())


def test_setting_a_period_is_stored_and_audited(admin):
    info = set_retention(admin, "raw-transcripts", "30", reason="DPO decision 4")
    assert (info.days, info.changed_by) == (30, "ann")
    assert set_retention(admin, "raw_transcripts", 45).days == 45
    assert {s.kind: s.days for s in retention_settings(admin)}["raw_transcripts"] == 45
    entries = audit.recent(admin, limit=2)
    assert [e.action for e in entries] == ["retention.set", "retention.set"] and entries[1].reason == "DPO decision 4"


@pytest.mark.parametrize("kind, days, message", [
    ("raw_transcripts", "ninety", "'ninety' is not a number of days"),
    ("raw_transcripts", "0", "from 1 to 36,500 days, not 0"),
    ("raw_transcripts", "-5", "not -5"),
    ("raw_transcripts", "99999", "not 99,999"),
    ("emails", "30", "'emails' is not a kind of record with a retention period; choose one of raw_transcripts"),
])
def test_bad_settings_are_one_sentence(admin, kind, days, message):
    with pytest.raises(UsageError, match=message):
        set_retention(admin, kind, days)


def test_dry_run_counts_and_changes_nothing(admin, contacts):
    before, entries = _texts(admin, contacts), audit.recent(admin, limit=1)[0].seq
    report = run_retention(admin, dry_run=True, now=NOW)
    assert {r.kind: r.count for r in report.results} == {"raw_transcripts": 2, "redacted_transcripts": 1}
    assert report.lines()[0].startswith("raw transcripts: would remove 2 (older than 90 days, before 2025-12-04)")
    assert report.lines()[-1] == "Dry run: nothing was changed."
    assert _texts(admin, contacts) == before
    assert audit.recent(admin, limit=1)[0].seq == entries + 3  # only the three unredacted views just above


def test_run_removes_what_is_past_its_date_and_audits_it(admin, contacts):
    report = run_retention(admin, now=NOW)
    assert {r.kind: r.count for r in report.results} == {"raw_transcripts": 2, "redacted_transcripts": 1}
    texts = _texts(admin, contacts)
    assert texts[10] == ("Contact from 10 days ago.",) * 2
    assert texts[100] == (None, "Contact from 100 days ago.")
    assert texts[800] == (None, None)
    entry = next(e for e in audit.recent(admin, limit=10) if e.action == "retention.run")
    assert entry.actor == "ann"
    assert interactions.count_interactions(admin) == 3  # the contacts themselves stay, for the figures
    assert run_retention(admin, now=NOW).total == 0


def test_a_shorter_period_takes_effect_at_the_next_run(admin, contacts):
    set_retention(admin, "raw_transcripts", 5)
    assert {r.kind: r.count for r in run_retention(admin, dry_run=True, now=NOW).results}["raw_transcripts"] == 3


def test_later_issues_register_their_own_kinds(admin, contacts, monkeypatch):
    calls = []
    kind = RetentionKind("evaluations", "evaluations", 730, "scored evaluations",
                         count=lambda session, cutoff: 7, purge=lambda session, cutoff: calls.append(cutoff) or 7)
    monkeypatch.setitem(retention.KINDS, "evaluations", kind)
    assert "evaluations" in [s.kind for s in retention_settings(admin)]
    assert set_retention(admin, "evaluations", 365).days == 365
    report = run_retention(admin, now=NOW)
    assert {r.kind: r.count for r in report.results}["evaluations"] == 7 and calls == [NOW - timedelta(days=365)]


def test_only_admins_manage_retention(admin, location):
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    manager = sign_in(location, "mo", PASSPHRASE)
    for call in (retention_settings, lambda a: set_retention(a, "raw_transcripts", 30), lambda a: run_retention(a, dry_run=True)):
        with pytest.raises(PermissionDenied, match="mo \\(qa manager\\) may not change or run data retention."):
            call(manager)
