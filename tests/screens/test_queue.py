"""The review queue: overdue marked in words, a QA manager's look at another queue, and an empty centre's hint."""

from textual.widgets import DataTable

from scoring_fixtures import scoring_centre, scoring_template  # noqa: F401
from support import settle, signed_in_app
from qa_tui.widgets.choice import Choice
from qa_tui.screens.scoring import ScoringScreen


def rows(screen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_assessor_sees_overdue_first_in_words(scoring_centre):
    app = signed_in_app(scoring_centre, "adam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = rows(app.screen)
        assert [row[0] for row in table] == ["! OVERDUE"] * 2 + ["○ due"] * 4
        assert {row[3] for row in table} == {"call review", "mystery shop"}
        assert "Your queue: 6 due, 2 overdue" in str(app.screen.query_one("#queue-heading").render())


async def test_manager_opens_another_assessors_queue_read_only(scoring_centre):
    app = signed_in_app(scoring_centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert rows(app.screen) == [] and "Nothing is due" in str(app.screen.query_one("#queue-note").render())
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.press("enter")  # adam comes first
        await settle(pilot)
        assert len(rows(app.screen)) == 6
        assert "adam's queue (read only" in str(app.screen.query_one("#queue-heading").render())
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ScoringScreen)
        await pilot.press("m")
        await settle(pilot)
        assert rows(app.screen) == []


async def test_assessors_cannot_open_other_queues(scoring_centre):
    app = signed_in_app(scoring_centre, "adam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert not isinstance(app.screen, Choice)


async def test_without_a_plan_the_queue_says_how_to_make_one(centre):
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert "There is no sampling plan yet" in str(app.screen.query_one("#queue-note").render())


async def test_manager_makes_a_plan_from_the_queue(centre):
    app = signed_in_app(centre, "maria")
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert "±" in str(app.screen.query_one("#plan-hint").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("Plan made" in str(n.message) for n in app._notifications)
        assert "There is no sampling plan yet" not in str(app.screen.query_one("#queue-note").render())
