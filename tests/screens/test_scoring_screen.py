"""Scoring by keys alone: from the queue to a submitted evaluation, checked through the services."""

import pytest

from scoring_fixtures import queue_item, scoring_centre, scoring_template, sign_in_as, started  # noqa: F401
from support import TODAY, settle, signed_in_app
from qa_tui.domain.scoring import NA
from qa_tui.screens.error import ErrorDialog
from qa_tui.screens.scoring import ScoringScreen
from qa_tui.services import evaluations, feedback, sampling
from qa_tui.widgets.choice import Choice
from qa_tui.widgets.confirm import Confirm


@pytest.fixture(autouse=True)
def quick_autosave(monkeypatch):
    monkeypatch.setattr(ScoringScreen, "AUTOSAVE_DELAY", 0.05)


async def open_from_queue(pilot, method: str, reason: str | None = None) -> ScoringScreen:
    await pilot.press("2")
    await settle(pilot)
    items = pilot.app.screen.items
    index = next(i for i, item in enumerate(items) if item.method.value == method and reason in (None, item.reason))
    await pilot.press(*["down"] * index, "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ScoringScreen)
    return pilot.app.screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_assessor_scores_a_call_comments_stamps_evidence_gives_feedback_and_submits(scoring_centre):
    app = signed_in_app(scoring_centre, "adam")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_queue(pilot, "call_review", "long handling time")
        assert "Northway Energy" in screen.transcript.text and "Priya Sharma" in text_of(screen, "#scoring-title")
        await pilot.press("2", "y", "3", "3", "2", "3", "y", "y")  # greeting .. fair_treatment; now on case_notes
        await pilot.press("c", *"Notes missed the payment plan", "enter")
        await pilot.press("tab", "j", "j", "j", "tab", "t")  # evidence: the transcript's fourth line
        stamped = screen.transcript.cursor_offset
        await pilot.press("n", "3", "a", "3", "y")  # case_notes .. extra_mile
        await settle(pilot)
        assert "Score" in text_of(screen, "#score-summary") and "every item answered" in text_of(screen, "#score-summary")
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"Case notes left out the plan", "enter", *"Next agent cannot see it", "enter",
                          *"Note every agreement", "enter", *"Clear explanation", "enter", "enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert app.current_mode == "queue" and not isinstance(app.screen, ScoringScreen)
    adam = sign_in_as(scoring_centre, "adam")
    [done] = [e for e in evaluations.list_evaluations(adam) if e.status == "submitted"]
    view = evaluations.get(adam, done.id)
    assert view.answers == {"greeting": 2, "identity_verification": True, "active_listening": 3, "questioning": 3,
                            "empathy": 2, "resolution": 3, "accurate_information": True, "fair_treatment": True,
                            "case_notes": False, "tone_and_language": 3, "holds_and_transfers": NA, "closing": 3,
                            "extra_mile": True}
    assert view.comments == {"case_notes": "Notes missed the payment plan"}
    assert view.evidence == {"case_notes": stamped} and stamped > 0
    assert view.result.passed is True and not view.live
    assert feedback.get_feedback(adam, done.id).criteria == ("case_notes",)
    assert all(item.evaluation_id != done.id for item in sampling.queue(adam, TODAY))  # marked done


async def test_assessor_scores_a_mystery_shop_with_its_scenario_on_screen(scoring_centre):
    app = signed_in_app(scoring_centre, "adam")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_from_queue(pilot, "mystery_shop")
        head = text_of(screen, "#interaction-head")
        assert "Sam Secret" in head and "Fixed tariff enquiry" in head and "Objectives:" in head
        await pilot.press("2", "a", "1", "2", "3", "3", "y")  # answer_speed .. accurate_information; on key_terms
        assert "Scenario expects: Explains the exit fee" in text_of(screen, "#criterion-detail")
        await pilot.press("y", "a", "y", "2", "3", "4", "n", "s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ScoringScreen)
    adam = sign_in_as(scoring_centre, "adam")
    [done] = [e for e in evaluations.list_evaluations(adam) if e.status == "submitted"]
    view = evaluations.get(adam, done.id)
    assert view.method == "mystery_shop" and view.answers["identity_verification"] is NA
    assert view.answers["overall_impression"] == 4 and view.result.complete


async def test_keys_that_cannot_answer_say_why_and_submit_names_what_is_missing(scoring_centre):
    *_, view = started(scoring_centre)
    app = signed_in_app(scoring_centre, "adam")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ScoringScreen(view.id))
        await settle(pilot)
        screen = app.screen
        await pilot.press("a", "7", "y")  # greeting: no N/A, no level 7, not yes/no
        assert screen.draft.answers == {} and screen.form.current.key == "greeting"
        assert any("N/A is not allowed on greeting" in str(n.message) for n in app._notifications)
        await pilot.press("2", "n")  # identity_verification fails: critical
        assert "! CRITICAL FAIL: identity_verification" in text_of(screen, "#score-summary")
        assert "Score 0.0%" in text_of(screen, "#score-summary")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "still unanswered: active_listening" in text_of(app.screen, "#error-message")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.form.current.key == "active_listening"
        assert evaluations.get(sign_in_as(scoring_centre, "adam"), view.id).status == "draft"


async def test_drafts_save_themselves_after_a_pause(scoring_centre, monkeypatch):
    # Long enough that a busy machine's gap between two key presses cannot pass for the pause.
    monkeypatch.setattr(ScoringScreen, "AUTOSAVE_DELAY", 2.0)
    adam, _, view = started(scoring_centre)
    app = signed_in_app(scoring_centre, "adam")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ScoringScreen(view.id))
        await settle(pilot)
        await pilot.press("3", "y")
        assert "unsaved" in text_of(app.screen, "#scoring-title")
        assert evaluations.get(adam, view.id).answers == {}
        await pilot.pause(2.5)
        await settle(pilot)
        assert "✓ saved" in text_of(app.screen, "#scoring-title")
        assert evaluations.get(adam, view.id).answers == {"greeting": 3, "identity_verification": True}
        await pilot.press("escape")
        await settle(pilot)
    assert evaluations.get(adam, view.id).status == "draft"


async def test_a_save_by_someone_else_first_is_a_plain_conflict_and_nothing_is_lost(scoring_centre):
    _, _, view = started(scoring_centre)
    first, second = signed_in_app(scoring_centre, "adam"), signed_in_app(scoring_centre, "maria")
    async with first.run_test(size=(80, 24)) as adam, second.run_test(size=(80, 24)) as maria:
        for pilot, app in ((adam, first), (maria, second)):
            await settle(pilot)
            app.push_screen(ScoringScreen(view.id))
            await settle(pilot)
        await maria.press("0")  # maria saves first
        await maria.pause(0.2)
        await settle(maria)
        await adam.press("3")
        await adam.pause(0.2)
        await settle(adam)
        assert isinstance(first.screen, Choice)
        assert "Your answers are still on screen and nothing is lost" in str(first.screen.query_one("#choice-message").render())
        scoring = first.screen_stack[-2]
        assert scoring.draft.answers == {"greeting": 3}
        assert "NOT SAVED" in text_of(scoring, "#scoring-title")
        await adam.press("enter")  # reload theirs
        await settle(adam)
        assert scoring.draft.answers == {"greeting": 0} and "✓ saved" in text_of(scoring, "#scoring-title")


async def test_live_observation_is_marked_observed_live(scoring_centre):
    app = signed_in_app(scoring_centre, "adam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.press("enter")  # the first agent
        await settle(pilot)
        assert isinstance(app.screen, ScoringScreen)
        assert "● observed live" in text_of(app.screen, "#scoring-title") and app.screen.view.live
        assert app.screen.form.current.key == "readiness"


def row_texts(criteria) -> list[str]:
    return ["".join(segment.text for segment in criteria.render_line(y)) for y in range(criteria.size.height)]


async def test_an_answer_key_shows_the_next_criterion_once(scoring_centre):
    app = signed_in_app(scoring_centre, "adam")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_from_queue(pilot, "call_review", "long handling time")
        detail = screen.query_one("#criterion-detail")
        shown, update = [], detail.update
        detail.update = lambda text, **options: (shown.append(text.plain), update(text, **options))
        await pilot.press("2")  # answers the first criterion and moves on; the cursor's Moved message follows
        await settle(pilot)
        assert len(shown) == 1 and shown[0].startswith(screen.form.current.question)


async def test_the_criteria_list_repaints_what_changed_and_follows_focus_and_theme(scoring_centre):
    app = signed_in_app(scoring_centre, "adam")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_from_queue(pilot, "call_review", "long handling time")
        criteria = screen.form.criteria
        before = row_texts(criteria)
        assert before[1].startswith("▸○")  # the first criterion, under its section heading: cursor, unanswered
        await pilot.press("2")
        await settle(pilot)
        after = row_texts(criteria)
        assert after[1].startswith(" ✓") and after[2].startswith("▸○")  # answered; the cursor moved on
        assert after[3:] == before[3:]
        focused = criteria.render_line(2)
        await pilot.press("tab")  # the transcript takes the focus: the cursor row loses its focused look
        await settle(pilot)
        assert criteria.render_line(2) != focused
        themed = criteria.render_line(0)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        assert criteria.render_line(0) != themed
