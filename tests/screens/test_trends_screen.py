"""The Trends screen on the fixed centre: keys in, filters and tables out; snapshots at 80x24 and 120x40."""

from datetime import timedelta

import pytest

from support import FROZEN, settle, signed_in_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def surveyed(centre, tmp_path):
    """The centre with survey responses over recent weeks, imported as the QA manager would."""
    from qa_tui.analytics.loader import forget
    from qa_tui.services.imports import import_file
    from qa_tui.services.unlock import sign_in
    from support import ADMIN, PASSPHRASE

    admin = sign_in(centre, ADMIN, PASSPHRASE)
    lines = ["Date,Agent,CSAT,NPS,Resolved,Comment"]
    agents = ["Priya Sharma", "Tom Jones", "Grace Okafor"]
    for i in range(60):
        day = (FROZEN - timedelta(days=i)).strftime("%Y-%m-%d %H:%M")
        lines.append(f"{day},{agents[i % 3]},{1 + (i * 7) % 5},{(i * 3) % 11},{'yes' if i % 4 else 'no'},"
                     f"{'Waited too long on hold' if i % 5 == 0 else ''}")
    path = tmp_path / "surveys.csv"
    path.write_text("\n".join(lines) + "\n")
    import_file(admin, "surveys", path)
    admin.db.close()
    forget()
    yield centre
    forget()


async def test_keys_change_kpi_view_and_filters(surveyed, frozen_clock):
    app = signed_in_app(surveyed, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert screen.state.kpi == "qa_score"
        await pilot.press("k", "k", "k", "k")  # to CSAT
        await settle(pilot)
        assert screen.state.kpi == "csat"
        assert "CSAT" in str(screen.query_one("#trends-filters").render())
        table = screen.query_one("#trends-table")
        assert table.row_count > 0
        await pilot.press("v")  # benchmark by site
        await settle(pilot)
        assert screen.state.view == "benchmark" and screen.rows[0]["drill"] == ("site", "Leeds")
        table.focus()
        await pilot.press("enter")  # drill into Leeds: its teams
        await settle(pilot)
        assert screen.state.site == "Leeds"
        assert {row["drill"][0] for row in screen.rows} == {"team"}
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.state.site is None
        await pilot.press("x")
        await settle(pilot)


async def test_an_analyst_sees_trends_and_an_agent_cannot_open_them(surveyed, frozen_clock):
    from qa_tui.services.permissions import Role, may_open_area

    assert not may_open_area(Role.AGENT, "trends")
    app = signed_in_app(surveyed, "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert app.screen.id == "area-trends"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("keys", [(), ("k", "k", "k", "k", "v")], ids=["qa", "benchmark"])
def test_snapshots(snap_compare, surveyed, frozen_clock, size, keys, monkeypatch):
    monkeypatch.setenv("QA_TUI_CONFIG", "/nonexistent/qa-tui/config.toml")

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        for key in keys:  # one key at a time: each view is computed and drawn before the next key
            await pilot.press(key)
            await settle(pilot)
        await settle(pilot)

    assert snap_compare(signed_in_app(surveyed, "maria"), terminal_size=size, run_before=run_before)


CARD = """
name = "Short review"
version = 1
pass_mark = 60.0
methods = ["call_review"]

[[sections]]
key = "main"
title = "Main"
""" + "".join(f"""
[[sections.criteria]]
key = "{key}"
question = "{question}"
type = "yes_no"
""" for key, question in (("greet", "Greeted the caller"), ("verify", "Verified identity"), ("close", "Closed well")))


@pytest.fixture
def scored(surveyed):
    """The surveyed centre with a dozen reviews by the QA manager, failing each criterion a known number of times."""
    import time_machine
    import sqlalchemy as sa

    from qa_tui.domain.scorecard import Method
    from qa_tui.services import evaluations, scorecards
    from qa_tui.services.unlock import sign_in
    from qa_tui.store.models import Interaction
    from support import PASSPHRASE

    with time_machine.travel(FROZEN - timedelta(hours=1), tick=False):
        maria = sign_in(surveyed, "maria", PASSPHRASE)
        version = scorecards.import_scorecard(maria, CARD)
        scorecards.publish(maria, version.id)
        with maria.db.read() as session:
            contacts = session.execute(sa.select(Interaction.id).order_by(Interaction.occurred_at).limit(12)).scalars().all()
        for i, contact in enumerate(contacts):
            view = evaluations.start(maria, contact, version.id, Method.CALL_REVIEW)
            answers = {"greet": i % 2 == 0, "verify": i % 3 != 0, "close": i % 4 != 0}
            view = evaluations.save_answers(maria, view.id, answers, expected_version=view.row_version)
            evaluations.submit(maria, view.id, expected_version=view.row_version)
        maria.db.close()
    return surveyed


async def test_the_pareto_view_draws_once_the_answers_arrive_and_follows_filters(scored, frozen_clock):
    app = signed_in_app(scored, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        await pilot.press("v", "v")  # trend, benchmark, Pareto
        await settle(pilot)
        assert screen.state.view == "pareto" and screen.drawn == screen.state
        fails = {row["cells"][0]: row["cells"][1] for row in screen.rows}
        assert fails == {"Greeted the caller": "6", "Verified identity": "4", "Closed well": "3"}  # of 12, by hand
        assert list(fails) == ["Greeted the caller", "Verified identity", "Closed well"]  # most first
        await pilot.press("a")  # Grace Okafor: reviews 0, 3, 6 and 9 (contacts go to the three agents in turn)
        await settle(pilot)
        assert screen.drawn == screen.state and screen.state.agent == "Grace Okafor"
        assert [row["cells"][:3] for row in screen.rows] == [
            ("Verified identity", "4", "4"), ("Greeted the caller", "2", "4"), ("Closed well", "1", "4")]


async def test_a_second_session_opens_from_the_stored_snapshot(scored, frozen_clock):
    from qa_tui.analytics import loader

    for attempt in range(2):
        loader.forget()  # a new session: nothing in memory
        app = signed_in_app(scored, "maria")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("5")
            await settle(pilot)
            screen = app.screen
            assert screen.drawn == screen.state and screen.query_one("#trends-table").row_count > 0
            rows = [row["cells"] for row in screen.rows]
            if attempt == 0:
                first_rows = rows
            else:
                assert screen.data.stored is not None and not screen.data.replace_all
                assert rows == first_rows
