"""One cold measurement for benchmarks/trends.py, run in a process of its own: the Trends screen through Pilot, or
the naive SQL GROUP BY per filter change. Prints one line of JSON.

    python benchmarks/trends_pilot.py pilot|naive DB_PATH
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time
from datetime import UTC, date, datetime, time as clock, timedelta

os.environ.setdefault("QA_TUI_SCRYPT_N", "1024")
TODAY = date(2026, 3, 1)
"""The benchmark centre's last day."""
PASSPHRASE = "bench passphrase"
SITES = 5
STEP = 0.002


SHOWN: list[float] = []
"""When the screen last put a result on its widgets (`TrendsScreen._show`)."""
PAINTED: list[float] = []
"""When the app wrote each frame (headless): a result counts as drawn at the first frame after it was shown."""


COMPUTED: list[float] = []
"""How long each view took to compute in its worker (filters, aggregates, chart and table rows; no drawing)."""


def _instrument(app) -> None:
    from qa_tui.screens import trends_views
    from qa_tui.screens.trends import TrendsScreen

    show, display, build = TrendsScreen._show, app._display, trends_views.build_view

    def timed_build(*args, **kwargs):
        start = time.perf_counter()
        result = build(*args, **kwargs)
        COMPUTED.append(time.perf_counter() - start)
        return result

    def timed_show(self, state, result, asked) -> None:
        show(self, state, result, asked)
        if asked == self.shown:
            SHOWN.append(time.perf_counter())

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        PAINTED.append(time.perf_counter())

    TrendsScreen._show, app._display, trends_views.build_view = timed_show, timed_display, timed_build


def _drawn(app, **state) -> bool:
    from qa_tui.screens.trends import TrendsScreen

    screen = app.screen
    if not isinstance(screen, TrendsScreen) or screen.drawn is None or screen.drawn != screen.state:
        return False
    if any(getattr(screen.state, name) != value for name, value in state.items()):
        return False
    return screen.query_one("#trends-table").row_count > 0 and "n=0" not in str(screen.query_one("#trends-filters").render())


async def _until_drawn(app, start: float, timeout: float = 600.0, **state) -> float:
    """Seconds from `start` to the first frame painted after the screen showed `state` with real numbers."""
    while time.perf_counter() - start < timeout:
        if _drawn(app, **state) and SHOWN and PAINTED and PAINTED[-1] > SHOWN[-1]:
            return next(t for t in PAINTED if t > SHOWN[-1]) - start
        await asyncio.sleep(STEP)
    raise TimeoutError("the Trends screen did not draw in time")


async def _press_and_draw(pilot, app, key: str, computed: list | None = None, **state) -> float:
    start = time.perf_counter()
    await pilot.press(key)
    drawn = await _until_drawn(app, start, **state)
    if computed is not None:
        computed.append(COMPUTED[-1])
    return drawn


def _watch(app, since: datetime, marks: dict, start: float) -> asyncio.Task:
    """Note when the year's frames and the answers have arrived, and when the loading worker is done."""
    async def watch() -> None:
        while "loaded" not in marks:
            data = getattr(app.screen, "data", None)
            if data is not None:
                if data.since <= since:
                    marks.setdefault("year", time.perf_counter() - start)
                if data.answers is not None:
                    marks.setdefault("answers", time.perf_counter() - start)
                    marks.setdefault("source", "snapshot" if not data.replace_all and data.stored is not None else "sql")
                if "answers" in marks and not any(w.group == "trends-load" and w.is_running for w in app.workers):
                    marks["loaded"] = time.perf_counter() - start
            await asyncio.sleep(STEP)

    return asyncio.create_task(watch())


async def pilot(path: str) -> dict:
    from qa_tui.app import QaApp
    from qa_tui.services.unlock import sign_in
    from qa_tui.store.engine import resolve_location

    location = resolve_location(path)
    app = QaApp(location, "mgr", actor=sign_in(location, "mgr", PASSPHRASE), today=lambda: TODAY)
    since = datetime.combine(TODAY - timedelta(days=364), clock.min, tzinfo=UTC)
    out, marks = {}, {}
    _instrument(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()  # Home's figures
        await pilot.pause()
        start = time.perf_counter()
        watcher = _watch(app, since, marks, start)
        await pilot.press("5")
        out["first_view"] = await _until_drawn(app, start)
        out["filter_compute"], out["pareto_filter_compute"] = [], []
        out["filter"] = [await _press_and_draw(pilot, app, "s", out["filter_compute"]) for _ in range(SITES)]
        await _press_and_draw(pilot, app, "x", site=None)
        await _press_and_draw(pilot, app, "v", view="benchmark")
        out["pareto_first"] = await _press_and_draw(pilot, app, "v", view="pareto")
        out["pareto_filter"] = [await _press_and_draw(pilot, app, "s", out["pareto_filter_compute"], view="pareto")
                                for _ in range(SITES)]
        await watcher
        out.update(marks)
        out["rows"] = {"evaluations": app.screen.data.evaluations.height, "surveys": app.screen.data.surveys.height,
                       "answers": app.screen.data.answers.height}
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def naive(path: str) -> dict:
    """What a screen without the cache would do on each filter change, on the same encrypted file: the trend's GROUP
    BY by week and the Pareto's GROUP BY by criterion, for the default 90-day window, all sites and each site."""
    from qa_tui.services.unlock import sign_in
    from qa_tui.store.engine import resolve_location

    actor = sign_in(resolve_location(path), "mgr", PASSPHRASE)
    since = datetime.combine(TODAY - timedelta(days=89), clock.min, tzinfo=UTC)
    out = {}
    for name, query in (("trend", _trend_query), ("pareto", _pareto_query)):
        times = []
        for site in (None, "Site 1", "Site 2", "Site 3"):
            start = time.perf_counter()
            with actor.db.read() as session:
                session.execute(query(since, site)).all()
            times.append(time.perf_counter() - start)
        out[name] = times
    return out


def _scoped(query, site):
    from qa_tui.store.models import Agent, Evaluation, Site, Team

    query = (query.join(Agent, Agent.id == Evaluation.agent_id).join(Team, Team.id == Agent.team_id)
             .join(Site, Site.id == Team.site_id))
    return query.where(Site.name == site) if site else query


def _trend_query(since, site):
    import sqlalchemy as sa

    from qa_tui.store.models import Evaluation

    week = sa.func.strftime("%Y-%W", Evaluation.submitted_at)
    query = sa.select(week, sa.func.count(), sa.func.avg(Evaluation.score)).select_from(Evaluation)
    return _scoped(query, site).where(Evaluation.submitted_at >= since).group_by(week)


def _pareto_query(since, site):
    import sqlalchemy as sa

    from qa_tui.store.models import Evaluation, EvaluationAnswer

    failed = sa.func.sum(sa.case((EvaluationAnswer.value == 0, 1), else_=0))
    query = (sa.select(EvaluationAnswer.criterion_key, failed, sa.func.count()).select_from(EvaluationAnswer)
             .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id))
    return (_scoped(query, site).where(Evaluation.submitted_at >= since)
            .group_by(EvaluationAnswer.criterion_key).order_by(failed.desc()))


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    result = asyncio.run(pilot(path)) if kind == "pilot" else naive(path)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
