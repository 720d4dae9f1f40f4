"""Retention: settings per kind of record, a dry run that changes nothing, and a set-based run, on each engine."""

from datetime import UTC, date, datetime, timedelta

import pytest

from support import PASSPHRASE
from qa_tui.errors import PermissionDenied, UsageError
from qa_tui.services import accounts, audit, interactions
from qa_tui.services.imports import import_file
from qa_tui.services.permissions import Role
from qa_tui.services.privacy import retention
from qa_tui.services.privacy.retention import RetentionKind, retention_settings, run_retention, set_retention
from qa_tui.services.surveys import list_verbatims
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
NOTHING = {kind: 0 for kind in ("raw_transcripts", "redacted_transcripts", "evaluation_notes", "survey_verbatims",
                                "feedback_notes", "closed_complaints")}


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
    assert list(settings) == list(NOTHING)  # the order the Admin screen and the reports list them in
    assert (settings["raw_transcripts"].days, settings["redacted_transcripts"].days) == (90, 730)
    assert (settings["survey_verbatims"].days, settings["closed_complaints"].days) == (730, 2190)
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
    assert {r.kind: r.count for r in report.results} == {**NOTHING, "raw_transcripts": 2, "redacted_transcripts": 1}
    assert report.lines()[0].startswith("raw transcripts: would remove 2 (older than 90 days, before 2025-12-04)")
    assert report.lines()[-1] == "Dry run: nothing was changed."
    assert _texts(admin, contacts) == before
    assert audit.recent(admin, limit=1)[0].seq == entries + 3  # only the three unredacted views just above


def test_run_removes_what_is_past_its_date_and_audits_it(admin, contacts):
    report = run_retention(admin, now=NOW)
    assert {r.kind: r.count for r in report.results} == {**NOTHING, "raw_transcripts": 2, "redacted_transcripts": 1}
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


# --- what customers wrote outside a contact: survey verbatims, feedback notes, closed complaints ----------


SURVEYS = ("Response ID,Date,Agent,CSAT,NPS,Comment\n"
           "R-new,2026-02-20 10:00,Priya Sharma,5,9,Great help from Priya\n"
           "R-old,2023-05-02 10:00,Priya Sharma,2,3,Waited ages on hold\n")
CARDS = ("Card ID,Date,Type,Site,Notes\n"
         "C-new,2026-02-01,comment card,Leeds,Lovely staff\n"
         "C-old,2023-01-03,focus group,Leeds,Queue too long\n")


@pytest.fixture
def voices(admin, org, tmp_path):
    """Two survey responses and two feedback notes, one of each three years old."""
    for kind, name, rows in (("surveys", "surveys.csv", SURVEYS), ("feedback", "cards.csv", CARDS)):
        (tmp_path / name).write_text(rows)
        assert import_file(admin, kind, tmp_path / name).imported == 2


def _held_words(admin):
    """External reference -> (has its original, has its redacted copy, names a data subject), per table."""
    from sqlmodel import select

    from qa_tui.store.models import FeedbackItem, SurveyResponse

    with admin.db.read() as session:
        surveys = {r.external_ref: (r.verbatim_enc is not None, r.redacted_enc is not None, r.subject_id is not None,
                                    r.csat) for r in session.exec(select(SurveyResponse))}
        notes = {r.external_ref: (r.text_enc is not None, r.redacted_enc is not None)
                 for r in session.exec(select(FeedbackItem))}
    return surveys, notes


def test_survey_verbatims_and_feedback_notes_go_after_their_period_and_scores_stay(admin, voices):
    assert _counts(run_retention(admin, dry_run=True, now=NOW)) == {"survey_verbatims": 1, "feedback_notes": 1}
    assert _counts(run_retention(admin, now=NOW)) == {"survey_verbatims": 1, "feedback_notes": 1}
    surveys, notes = _held_words(admin)
    assert surveys == {"R-new": (True, True, True, 5), "R-old": (False, False, False, 2)}
    assert notes == {"C-new": (True, True), "C-old": (False, False)}
    assert sorted(v.text for v in list_verbatims(admin)) == ["Great help from Priya", "Lovely staff"]
    assert run_retention(admin, now=NOW).total == 0  # nothing is counted twice


def test_the_digest_key_of_an_unreferenced_row_goes_with_its_words_and_a_reference_stays(admin, voices, tmp_path):
    from sqlmodel import select

    from qa_tui.store.models import SurveyResponse

    (tmp_path / "plain.csv").write_text("Date,Agent,CSAT,Comment\n2023-06-01 09:00,Priya Sharma,3,My neighbour Bob\n")
    assert import_file(admin, "surveys", tmp_path / "plain.csv").imported == 1
    run_retention(admin, now=NOW)
    with admin.db.read() as session:
        keys = {r.external_ref: r.natural_key for r in session.exec(select(SurveyResponse))}
    assert keys[None].startswith("retained:") and "R-old" in keys["R-old"] and "R-new" in keys["R-new"]
    again = import_file(admin, "surveys", tmp_path / "plain.csv")  # the old file again: its words stay gone
    assert (again.imported, again.already, again.withdrawn) == (0, 0, 1)
    assert "1 left out (erased at their person's request, or past their retention period)" in again.sentence()
    assert sorted(v.text for v in list_verbatims(admin)) == ["Great help from Priya", "Lovely staff"]


def test_an_unreferenced_feedback_note_past_its_period_is_not_imported_again(admin, voices, tmp_path):
    (tmp_path / "plain.csv").write_text("Date,Site,Notes\n2023-01-04,Leeds,Bob on the desk was rude\n")
    assert import_file(admin, "feedback", tmp_path / "plain.csv").imported == 1
    assert _counts(run_retention(admin, now=NOW)) == {"survey_verbatims": 1, "feedback_notes": 2}
    assert import_file(admin, "feedback", tmp_path / "plain.csv").withdrawn == 1
    (tmp_path / "new.csv").write_text("Date,Site,Notes\n2023-01-04,Leeds,Bob on the desk was kind\n")
    assert import_file(admin, "feedback", tmp_path / "new.csv").imported == 1  # another row is not withdrawn


def test_a_shorter_survey_period_takes_the_newer_verbatim_too(admin, voices):
    set_retention(admin, "survey_verbatims", 5)
    assert _counts(run_retention(admin, now=NOW)) == {"survey_verbatims": 2, "feedback_notes": 1}
    assert list_verbatims(admin)[0].text == "Lovely staff" and len(list_verbatims(admin)) == 1


@pytest.fixture
def handler(admin, location):
    """A QA manager, who handles complaints (an admin does not)."""
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    return sign_in(location, "mo", PASSPHRASE)


def _closed_complaint(admin, org, text: str, customer) -> object:
    from qa_tui.services import complaints

    item = complaints.NewComplaint(date(2026, 1, 5), channel="email", category="Billing", severity="medium", text=text,
                                   customer_id=customer, team_id=org[1])
    complaint = complaints.log_complaint(admin, item)
    complaints.escalate(admin, complaint, "Customer is very upset", on=date(2026, 1, 6))
    complaints.record_heat(admin, complaint, ["hear", "empathise"], notes="She said she had waited a month")
    complaints.acknowledge(admin, complaint, on=date(2026, 1, 6))
    complaints.investigate(admin, complaint, on=date(2026, 1, 6))
    complaints.resolve(admin, complaint, root_cause=complaints.get_policy(admin).root_causes[0],
                       resolution="Refunded the second charge", redress="refund", amount=12.5, on=date(2026, 1, 7))
    complaints.follow_up(admin, complaint, recovered=True, score=4, answer="Happy now", on=date(2026, 1, 8))
    complaints.learn(admin, complaint, "Check duplicate charges daily", on=date(2026, 1, 9))
    return complaint


def test_closed_complaints_lose_their_words_and_customer_after_six_years_and_open_ones_stay(admin, org, handler):
    from qa_tui.services import complaints, people
    from qa_tui.services.complaint_log import get_complaint
    from qa_tui.store.models import Complaint, Customer, DataSubject

    customer = people.create_customer(admin, name="Zebedee Quixote")
    closed = _closed_complaint(handler, org, "I was charged twice, Zebedee Quixote", customer)
    still_open = complaints.log_complaint(handler, complaints.NewComplaint(
        date(2026, 1, 5), channel="email", category="Billing", severity="low", text="Still waiting", customer_id=customer))
    assert run_retention(admin, now=datetime(2031, 12, 1, tzinfo=UTC)).total == 0  # under six years after closing
    later = datetime(2032, 1, 12, tzinfo=UTC)
    assert _counts(run_retention(admin, dry_run=True, now=later)) == {"closed_complaints": 1}
    assert _counts(run_retention(admin, now=later)) == {"closed_complaints": 1}
    detail = get_complaint(handler, closed, date(2026, 1, 12))
    assert detail.text == "[removed at the end of its retention period]"
    assert (detail.heat_notes, detail.resolution, detail.follow_up) == ("",) * 3
    assert [e.reason for e in detail.escalations] == [""]
    assert (detail.redress, detail.redress_amount, detail.recovery_score, detail.lesson) == (
        "refund", 12.5, 4, "Check duplicate charges daily")
    assert get_complaint(handler, still_open, date(2026, 1, 12)).text == "Still waiting"
    with admin.db.read() as session:
        gone, kept = session.get(Complaint, closed), session.get(Complaint, still_open)
        assert gone.customer_id is None and session.get(DataSubject, gone.subject_id).wrapped_key is None
        assert kept.customer_id == customer and kept.subject_id == session.get(Customer, customer).subject_id
        assert session.get(DataSubject, kept.subject_id).wrapped_key is not None
    assert run_retention(admin, now=later).total == 0


def test_an_imported_closed_complaint_loses_its_digest_key_and_keeps_its_reference(admin, org, handler, tmp_path):
    from sqlmodel import select

    from qa_tui.store.models import Complaint

    header = ("Complaint ref,Received,Channel,Category,Severity,Complaint,Acknowledged,Resolved,Root cause,Resolution,"
              "Closed,Lesson learned\n")
    closing = "2026-01-06,2026-01-07,People: knowledge gap,Refunded,2026-01-09,Check"
    (tmp_path / "log.csv").write_text(header + f"OLD-1,2026-01-05,email,Billing,low,Charged twice,{closing}\n"
                                      f",2026-01-05,email,Billing,low,Charged three times,{closing}\n")
    assert import_file(handler, "complaints", tmp_path / "log.csv").imported == 2
    assert run_retention(admin, now=datetime(2032, 1, 12, tzinfo=UTC)).total == 2
    with admin.db.read() as session:
        keys = sorted(str(k) for k in session.exec(select(Complaint.natural_key)))
    assert keys == ["None", "ref:OLD-1"]
    again = import_file(handler, "complaints", tmp_path / "log.csv")  # neither comes back, nor counts twice
    assert (again.imported, again.already, again.withdrawn) == (0, 1, 1)


def test_a_run_that_removes_nothing_keeps_the_trends_snapshot(admin, voices):
    from qa_tui.store import frame_cache

    with admin.db.write() as session:
        frame_cache.write(session.connection(), admin.db.vault, {"evaluations": b"frame"}, marker=1)
    assert run_retention(admin, now=datetime(2024, 1, 1, tzinfo=UTC)).total == 0  # all under two years old then
    with admin.db.read() as session:
        assert list(frame_cache.read(session.connection(), admin.db.vault, ["evaluations"])) == ["evaluations"]
    assert run_retention(admin, now=NOW).total == 2
    with admin.db.read() as session:
        assert frame_cache.read(session.connection(), admin.db.vault, ["evaluations"]) == {}


def _counts(report) -> dict[str, int]:
    """The kinds the report removed (or would remove) something of."""
    return {r.kind: r.count for r in report.results if r.count}
