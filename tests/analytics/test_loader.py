"""The Trends loader and its stored snapshot on each engine: frames equal to a fresh load after every kind of change,
patched from the audit trail, dropped by erasure and retention, and scoped for team leaders."""

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
import sqlalchemy as sa

from qa_tui.analytics import loader, loader_snapshot
from qa_tui.domain.scorecard import Method
from qa_tui.domain.scoring import NA
from qa_tui.services import accounts, evaluations, interactions, people, scorecards
from qa_tui.services.imports import import_file
from qa_tui.services.permissions import Role
from qa_tui.services.privacy.erasure import erase_subject
from qa_tui.services.privacy.retention import run_retention
from qa_tui.services.unlock import sign_in, sign_out
from qa_tui.store import frame_cache
from qa_tui.store.models import Channel, FrameCache

CARD = '''
name = "Loader review"
version = 1
pass_mark = 60.0
methods = ["call_review"]

[[sections]]
key = "main"
title = "Main"

[[sections.criteria]]
key = "greeting"
question = "Greeted the caller?"
type = "yes_no"
servqual = "assurance"

[[sections.criteria]]
key = "empathy"
question = "Showed empathy?"
type = "scale"
na_allowed = true
servqual = "empathy"
fail_at_or_below = 1

[[sections.criteria.levels]]
value = 0
label = "No"
anchor = "No."

[[sections.criteria.levels]]
value = 1
label = "Some"
anchor = "Some."

[[sections.criteria.levels]]
value = 2
label = "Yes"
anchor = "Yes."

[[sections.criteria]]
key = "extra"
question = "Went the extra mile?"
type = "yes_no"
bonus = true
'''
NOW = datetime.now(UTC)
SINCE = NOW - timedelta(days=30)


@pytest.fixture
def centre(admin, org, location):
    """Two teams (Billing with Priya, Sales with Sam), a QA manager and a published scorecard."""
    site, billing, priya = org
    sales = people.create_team(admin, site, "Sales")
    sam = people.create_agent(admin, sales, "Sam Sales")
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase="role passphrase")
    manager = sign_in(location, "mo", "role passphrase")
    version = scorecards.import_scorecard(manager, CARD)
    scorecards.publish(manager, version.id)
    loader.forget()
    yield {"admin": admin, "manager": manager, "version": version.id, "priya": priya, "sam": sam, "location": location}
    loader.forget()


def _evaluate(c, agent, answers, hours_ago=1):
    [interaction] = interactions.record_interactions(
        c["admin"], [interactions.NewInteraction(Channel.CALL, NOW - timedelta(hours=hours_ago), agent, text="hello")],
        return_ids=True)
    view = evaluations.start(c["manager"], interaction, c["version"], Method.CALL_REVIEW)
    view = evaluations.save_answers(c["manager"], view.id, answers, expected_version=view.row_version)
    return evaluations.submit(c["manager"], view.id, expected_version=view.row_version).id


def _surveys(c, tmp_path, *scores):
    path = tmp_path / f"s{len(scores)}-{scores[0]}.csv"
    lines = ["Date,Agent,CSAT"] + [f"{(NOW - timedelta(hours=i + 1)):%Y-%m-%d %H:%M},Priya Sharma,{s}" for i, s in enumerate(scores)]
    path.write_text("\n".join(lines) + "\n")
    import_file(c["admin"], "surveys", path)


def _load(actor):
    data = None
    for data in loader.stream(actor, SINCE):
        pass
    return data


def _fresh(actor):
    """What a first load from SQL gives, with no snapshot and nothing in memory."""
    with actor.db.write() as session:
        frame_cache.drop_all(session.connection())
    loader.forget()
    return _load(actor)


def _figures(data):
    """Everything the views read, independent of keys and row order."""
    ids = data.evaluations.select("eval_key", "evaluation_id")
    answers = data.answers.join(ids, on="eval_key").select(
        "evaluation_id", pl.col("criterion_key").cast(pl.Utf8), "value", "na", pl.col("criterion").cast(pl.Utf8),
        "earned", "failed").sort("evaluation_id", "criterion_key")
    evaluations_ = data.evaluations.drop("eval_key").with_columns(pl.col(pl.Categorical).cast(pl.Utf8)).sort("evaluation_id")
    surveys = data.surveys.with_columns(pl.col(pl.Categorical).cast(pl.Utf8)).sort("at", "csat")
    return evaluations_.rows(), surveys.rows(), answers.rows()


def test_signing_out_drops_the_frames_held_for_that_session_only(centre, location):
    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 1, "extra": False})
    again = sign_in(location, "mo", "role passphrase")  # the same manager in a second session
    assert _load(centre["manager"]).evaluations.height == _load(again).evaluations.height == 1
    sign_out(again)
    assert loader._cache_key(again) not in loader._CACHE  # decrypted frames do not outlive the session
    assert loader._cache_key(centre["manager"]) in loader._CACHE


def test_answers_are_derived_by_hand(centre):
    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 1, "extra": False})
    _evaluate(centre, centre["priya"], {"greeting": False, "empathy": NA, "extra": True})
    answers = _load(centre["manager"]).answers.sort("criterion_key", "value")
    rows = answers.select(pl.col("criterion_key").cast(pl.Utf8), "value", "na", "earned", "failed").rows()
    assert rows == [("empathy", None, True, None, None),   # N/A: neither earned nor failed
                    ("empathy", 1, False, 0.5, True),      # level 1 of 0-2 earns half, and fails at or below 1
                    ("extra", 0, False, 0.0, None),        # a bonus item never fails
                    ("extra", 1, False, 1.0, None),
                    ("greeting", 0, False, 0.0, True),
                    ("greeting", 1, False, 1.0, False)]
    assert set(answers["criterion"].cast(pl.Utf8)) == {"Greeted the caller?", "Showed empathy?", "Went the extra mile?"}


def test_a_cold_open_reads_the_snapshot_and_matches_a_fresh_load(centre, tmp_path):
    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 2})
    _evaluate(centre, centre["sam"], {"greeting": False, "empathy": 0})
    _surveys(centre, tmp_path, 5, 2)
    first = _load(centre["manager"])
    assert first.stored == first.marker  # written back at the end of the stream
    loader.forget()
    again = _load(centre["manager"])
    assert again.parts is None and again.stored is not None and not again.replace_all
    assert _figures(again) == _figures(first) == _figures(_fresh(centre["manager"]))


def test_changes_since_the_snapshot_are_patched_in(centre, tmp_path):
    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 2})
    _load(centre["manager"])
    loader.forget()
    with centre["manager"].db.read() as session:
        before = loader_snapshot.stored_marker(session.connection())
    _evaluate(centre, centre["sam"], {"greeting": False, "empathy": 1})      # a new evaluation
    _surveys(centre, tmp_path, 4)                                          # a new survey
    _import(centre, centre["priya"], hours_ago=24 * 10)                     # a bulk import, submitted in the past
    patched = _load(centre["manager"])
    assert patched.stored > before  # read from the snapshot, patched, and written back
    assert patched.evaluations.height == 3 and patched.surveys.height == 1 and patched.answers.height == 6
    assert _figures(patched) == _figures(_fresh(centre["manager"]))


def _import(c, agent, hours_ago):
    [interaction] = interactions.record_interactions(
        c["admin"], [interactions.NewInteraction(Channel.CALL, NOW - timedelta(hours=hours_ago), agent, text="hi")],
        return_ids=True)
    with c["admin"].db.read() as session:
        from qa_tui.store.models import User
        assessor = session.execute(sa.select(User.id).where(User.name == "mo")).scalar()
    evaluations.record_scored(c["manager"], [evaluations.ScoredEvaluation(
        interaction, c["version"], assessor, agent, Method.CALL_REVIEW, {"greeting": True, "empathy": 2},
        NOW - timedelta(hours=hours_ago))])


def test_an_overturned_dispute_rescores_the_frames_in_memory(centre, location):
    evaluation = _evaluate(centre, centre["priya"], {"greeting": False, "empathy": 2})
    accounts.add_user(centre["admin"], name="priya", role=Role.AGENT, passphrase="agent passphrase",
                      agent_id=centre["priya"])
    data = _load(centre["manager"])
    assert data.evaluations["passed"].to_list() == [False]
    agent = sign_in(location, "priya", "agent passphrase")
    [dispute] = evaluations.dispute(agent, evaluation, ["greeting"], "I did greet them")
    evaluations.resolve_dispute(centre["manager"], dispute, overturn=True, reason="heard it", new_answer=True)
    again = _load(centre["manager"])
    assert again is data and again.evaluations["passed"].to_list() == [True]
    assert again.evaluations["score"].to_list() == [100.0]
    failed = dict(zip(again.answers["criterion_key"].cast(pl.Utf8), again.answers["failed"]))
    assert failed["greeting"] is False
    assert _figures(again) == _figures(_fresh(centre["manager"]))


def _parts(actor) -> int:
    with actor.db.read() as session:
        return session.execute(sa.select(sa.func.count()).select_from(FrameCache)).scalar()


def test_erasure_drops_the_snapshot_and_the_next_load_rebuilds(centre):
    customer = people.create_customer(centre["admin"], name="Zebedee Quixote")
    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 2})
    data = _load(centre["manager"])
    assert _parts(centre["admin"]) > 0
    erase_subject(centre["admin"], customer, reason="request")
    assert _parts(centre["admin"]) == 0  # in the erasure's own transaction
    again = _load(centre["manager"])
    assert again is data and again.evaluations.height == 1
    assert _parts(centre["admin"]) > 0  # rebuilt from what is kept, then stored afresh


def test_a_retention_run_that_removes_something_drops_the_snapshot(centre):
    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 2})
    _load(centre["manager"])
    assert _parts(centre["admin"]) > 0
    assert run_retention(centre["admin"], now=NOW + timedelta(days=1)).total == 0
    assert _parts(centre["admin"]) > 0  # nothing removed: the next cold open still finds the snapshot
    assert run_retention(centre["admin"], now=NOW + timedelta(days=100)).total == 1  # the contact's original text
    assert _parts(centre["admin"]) == 0
    loader.forget()
    assert _load(centre["manager"]).replace_all is False  # rebuilt and stored again


def test_frames_read_before_an_erasure_are_never_stored_after_it(centre):
    customer = people.create_customer(centre["admin"], name="Zebedee Quixote")
    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 2})
    data = next(loader.stream(centre["manager"], SINCE))  # read, not yet written back
    loader.load_answers(centre["manager"], data)
    erase_subject(centre["admin"], customer, reason="request")
    assert loader.save(centre["manager"], data) is False
    assert _parts(centre["admin"]) == 0


def test_a_team_leader_sees_their_teams_and_nothing_is_stored_for_them(centre, location):
    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 2})
    _evaluate(centre, centre["sam"], {"greeting": False, "empathy": 0})
    _load(centre["manager"])  # a centre-wide snapshot exists
    stored = _parts(centre["admin"])
    accounts.add_user(centre["admin"], name="tess", role=Role.TEAM_LEADER, passphrase="tess passphrase", teams=["Sales"])
    leader = sign_in(location, "tess", "tess passphrase")
    data = _load(leader)
    assert data.team_ids is not None and data.parts is None  # cut in SQL, never read from the centre-wide snapshot
    assert data.evaluations["agent_id"].cast(pl.Utf8).to_list() == [centre["sam"].hex]
    assert data.agents["agent"].to_list() == ["Sam Sales"]
    assert data.answers.height == 2 and _parts(centre["admin"]) == stored


def test_the_delta_names_what_to_fetch_and_rebuilds_for_what_it_does_not_know(centre):
    from qa_tui.analytics import loader_delta
    from qa_tui.services import audit

    manager = centre["manager"]
    with manager.db.read() as session:
        start = loader_delta.head(session.connection())
    evaluation = _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 2})
    with manager.db.read() as session:
        delta = loader_delta.since(session.connection(), start)
    assert delta.evaluation_ids == {evaluation.hex} and delta.rebuild is None and delta.surveys_from is None
    with manager.db.write() as session:
        audit.record(session, manager.db.vault, manager.name, "evaluation.purge_everything")
    with manager.db.read() as session:
        assert "evaluation.purge_everything" in loader_delta.since(session.connection(), start).rebuild
    assert loader_delta.id_floor(datetime(2026, 1, 1, tzinfo=UTC)).hex[:12] == f"{1767225600000:012x}"


def test_an_unknown_change_rebuilds_the_frames_and_they_still_match(centre):
    from qa_tui.services import audit

    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 2})
    data = _load(centre["manager"])
    with centre["manager"].db.write() as session:
        audit.record(session, centre["manager"].db.vault, "mo", "something.new")
    _evaluate(centre, centre["sam"], {"greeting": False, "empathy": 0})
    again = _load(centre["manager"])
    assert again is data and again.evaluations.height == 2 and again.answers.height == 4
    assert _figures(again) == _figures(_fresh(centre["manager"]))


def test_a_first_load_from_sql_comes_in_stages_and_views_wait_for_their_rows(centre, tmp_path):
    from qa_tui.screens.trends import ViewState
    from qa_tui.screens.trends_views import build_view

    _evaluate(centre, centre["priya"], {"greeting": True, "empathy": 2}, hours_ago=1)
    _import(centre, centre["sam"], hours_ago=24 * 20)  # submitted twenty days ago
    _surveys(centre, tmp_path, 5)
    from concurrent.futures import ThreadPoolExecutor

    today, stages, worker = NOW.date(), [], ThreadPoolExecutor(1)  # views compute in a thread of their own, as on screen
    for data in loader.stream(centre["manager"], SINCE, first=NOW - timedelta(days=7)):
        csat = worker.submit(build_view, centre["manager"], data, ViewState(kpi="csat", days=30), today).result()
        pareto = worker.submit(build_view, centre["manager"], data, ViewState(view="pareto", days=7), today).result()
        answers = 0 if data.answers is None else data.answers.height
        stages.append((data.evaluations.height, data.surveys.height, answers, csat.note, pareto.note))
    assert stages[0][:3] == (1, 0, 0) and "Loading the surveys" in stages[0][3]  # the view's week of reviews
    assert stages[1][:3] == (1, 1, 0) and "Loading the surveys" in stages[1][3]  # its surveys; 30 days asked
    assert stages[2][:3] == (2, 1, 0) and "Loading" not in stages[2][3]         # the rest of the year
    assert "Loading the answers" in stages[2][4]
    assert stages[3][:3] == (2, 1, 2) and "Loading" not in stages[3][4]         # the week's answers: its Pareto
    assert stages[4][:3] == (2, 1, 4) and len(stages) == 5                     # the year's answers
