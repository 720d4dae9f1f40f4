"""What each Trends view shows: the filtered frames turned into a chart (a drawing function for plotext) and the
same numbers as table rows. Runs in the screen's worker; imports polars, so only the Trends screen loads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import polars as pl

from qa_tui.analytics import kpis, loader_answers, trends
from qa_tui.analytics.loader import TrendsData

LEVELS = (("site", "site_id"), ("team", "team_id"), ("agent", "agent_id"))
FILTER_COLUMNS = {"site": "site", "team": "team", "agent": "agent", "channel": "channel", "method": "method",
                  "scorecard": "scorecard"}


@dataclass
class ViewResult:
    caption: str
    columns: tuple[str, ...]
    rows: list[dict] = field(default_factory=list)
    note: str = ""
    draw: Callable = lambda plt: None


def named(data: TrendsData, frame: pl.DataFrame) -> pl.DataFrame:
    """Add site, team and agent names to a frame carrying their ids."""
    out = frame.join(data.sites, on="site_id", how="left").join(data.teams.select("team_id", "team"), on="team_id", how="left")
    return out.join(data.agents.select("agent_id", "agent"), on="agent_id", how="left")


def _named(data: TrendsData, source: str) -> pl.DataFrame:
    """The evaluations or surveys with names joined on, kept until the frame or the people change (a view needs
    one source: the first view never pays for the other)."""
    frame, cache = getattr(data, source), data.__dict__.setdefault("_named", {})
    held = cache.get(source)
    if held is None or held[0] is not frame or held[1] is not data.agents:
        held = cache[source] = (frame, data.agents, named(data, frame))
    return held[2]


def _failures(data: TrendsData, answers: pl.DataFrame) -> loader_answers.Failures:
    held = data.__dict__.get("_failures")
    if held is None or held.answers is not answers:
        held = data.__dict__["_failures"] = loader_answers.Failures(answers)
    return held


def window_start(state, today):
    from datetime import datetime, time, timedelta, UTC

    return datetime.combine(today - timedelta(days=state.days - 1), time.min, tzinfo=UTC)


def filtered(frame: pl.DataFrame, state, today) -> pl.DataFrame:
    out = frame.filter(pl.col("at") >= window_start(state, today))
    for name, column in FILTER_COLUMNS.items():
        value = getattr(state, name)
        if value is not None and column in out.columns:
            out = out.filter(pl.col(column) == value)
    return out


def filter_choices(data: TrendsData, state, name: str) -> list[str]:
    frame = _named(data, "evaluations")
    if name in ("team", "agent") and state.site:
        frame = frame.filter(pl.col("site") == state.site)
    if name == "agent" and state.team:
        frame = frame.filter(pl.col("team") == state.team)
    column = FILTER_COLUMNS[name]
    return sorted(v for v in frame[column].unique().to_list() if v is not None)


def _standard(actor, data: TrendsData, kpi_key: str):
    standards = getattr(data, "_standards", None)
    if standards is None or getattr(data, "_standards_marker", None) != data.marker:
        from qa_tui.services.standards import list_standards

        standards = {s.kpi: s for s in list_standards(actor)}
        data._standards, data._standards_marker = standards, data.marker
    return standards.get(kpi_key)


def _caption(state, n: int | None = None) -> str:
    info = kpis.kpi(state.kpi)
    filters = [f"{name}={getattr(state, name)}" for name in FILTER_COLUMNS if getattr(state, name)]
    count = "" if n is None else f" · n={n:,}"
    return (f"{info.label} · {state.view} · last {state.days} days by {state.grain} · "
            f"{' '.join(filters) or 'all in scope'}{count}")


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def build_view(actor, data: TrendsData, state, today) -> ViewResult:
    info = kpis.kpi(state.kpi)
    sources = {"pareto": ("evaluations", "answers"), "control": ("evaluations",)}.get(state.view, (info.source,))
    waiting = [source for source in sources if not data.holds(source, window_start(state, today))]
    if waiting:  # the loader is still fetching these rows; it asks again when they arrive
        return ViewResult(_caption(state), (), note=f"Loading the {waiting[0]}…")
    frame = filtered(_named(data, info.source), state, today)
    standard = _standard(actor, data, state.kpi)
    builder = {"trend": _trend, "benchmark": _benchmark, "pareto": _pareto, "control": _control}[state.view]
    result = builder(actor, data, state, frame, standard, today)
    result.caption = _caption(state, frame.height)
    if standard is not None and not result.note:
        result.note = f"Target: {standard.sentence()} (dotted line marked T)."
    return result


def _target_line(plt, standard, count: int) -> None:
    if standard is not None and count:
        plt.plot(list(range(1, count + 1)), [standard.target] * count, marker="T", label="target")


def _trend(actor, data, state, frame, standard, today) -> ViewResult:
    if state.agent and kpis.kpi(state.kpi).source == "evaluations":
        return _evaluations_of_agent(frame)
    series = trends.trend(frame, state.kpi, state.grain) if frame.height else pl.DataFrame(
        schema={"period": pl.Date, "n": pl.Int64, "value": pl.Float64, "rolling": pl.Float64})
    rows = [{"cells": (str(r["period"]), f"{r['n']:,}", _fmt(r["value"]), _fmt(r["rolling"]))}
            for r in series.iter_rows(named=True)]
    labels = [str(p) for p in series["period"]]

    def draw(plt) -> None:
        if not labels:
            plt.title("No data for these filters")
            return
        xs = list(range(1, len(labels) + 1))
        plt.plot(xs, [v if v is not None else float("nan") for v in series["value"]], marker="●", label="value")
        plt.plot(xs, series["rolling"].to_list(), marker="·", label="4-period mean")
        _target_line(plt, standard, len(xs))
        plt.xticks(xs[:: max(1, len(xs) // 6)], labels[:: max(1, len(xs) // 6)])
        plt.title(kpis.kpi(state.kpi).label)

    return ViewResult("", ("Period", "n", "Value", "4-period mean"), rows, draw=draw)


def _evaluations_of_agent(frame: pl.DataFrame) -> ViewResult:
    ordered = frame.sort("at", descending=True)
    rows = [{"cells": (r["at"].strftime("%Y-%m-%d"), r["scorecard"] or "", _fmt(r["score"]),
                       "pass" if r["passed"] else "FAIL" if r["passed"] is not None else "—",
                       "critical" if r["critical_failed"] else ""),
             "evaluation_id": r["evaluation_id"],
             "detail": f"Evaluation {r['evaluation_id'][:8]}… on {r['at']:%Y-%m-%d}: {r['scorecard']}, score "
                       f"{_fmt(r['score'])}, {'passed' if r['passed'] else 'failed'}, {r['method']} via {r['channel']}."}
            for r in ordered.head(500).iter_rows(named=True)]
    scores = ordered.sort("at")["score"].to_list()

    def draw(plt) -> None:
        if scores:
            plt.plot(list(range(1, len(scores) + 1)), scores, marker="●", label="score")
            plt.title("This agent's evaluations, oldest first")

    return ViewResult("", ("Submitted", "Scorecard", "Score", "Result", "Critical"), rows, draw=draw)


def _level(state) -> tuple[str, str]:
    if state.team:
        return "agent", "agent_id"
    if state.site:
        return "team", "team_id"
    return "site", "site_id"


def _benchmark(actor, data, state, frame, standard, today) -> ViewResult:
    name, _ = _level(state)
    table = trends.benchmark(frame, state.kpi, name) if frame.height else pl.DataFrame(
        schema={name: pl.Utf8, "n": pl.Int64, "value": pl.Float64, "gap": pl.Float64, "rank": pl.Int64})
    rows = [{"cells": (str(r["rank"]), r[name] or "(none)", f"{r['n']:,}", _fmt(r["value"]), f"{r['gap']:+.1f}" if r["gap"] is not None else "—"),
             "drill": (name, r[name])} for r in table.iter_rows(named=True) if r[name] is not None]
    labels = [r["cells"][1][:12] for r in rows]
    values = [r["value"] or 0.0 for r in table.iter_rows(named=True) if r[name] is not None]

    def draw(plt) -> None:
        if labels:
            plt.bar(labels, values, orientation="horizontal" if len(labels) > 6 else "vertical")
            plt.title(f"{kpis.kpi(state.kpi).label} by {name} (Enter drills down)")

    return ViewResult("", ("Rank", name.title(), "n", "Value", "Gap to all"), rows, draw=draw)


PARETO_COLUMNS = ("Criterion", "Fails", "Answered", "Fail %", "Cum. %")


def _pareto(actor, data, state, frame, standard, today) -> ViewResult:
    answers = data.answers
    chosen = filtered(_named(data, "evaluations"), state, today)["eval_key"]
    counts = _failures(data, answers).of(chosen)
    table = trends.pareto_of_counts(counts, top=10) if counts.height else pl.DataFrame(
        schema={"criterion": pl.Utf8, "failures": pl.Int64, "answered": pl.Int64, "fail_rate": pl.Float64,
                "share": pl.Float64, "cumulative": pl.Float64})
    rows = [{"cells": (str(r["criterion"])[:48], f"{r['failures']:,}", f"{r['answered']:,}", _fmt(r["fail_rate"]),
                       _fmt(r["cumulative"]))} for r in table.iter_rows(named=True)]
    labels = [str(i + 1) for i in range(table.height)]

    def draw(plt) -> None:
        if labels:
            plt.bar(labels, table["failures"].to_list(), label="failures")
            plt.title("Criteria that fail most (numbered as in the table)")

    return ViewResult("", PARETO_COLUMNS, rows, draw=draw,
                      note="Pareto of failed criteria in the filtered evaluations (answers load on first use).")


def _control(actor, data, state, frame, standard, today) -> ViewResult:
    from qa_tui.errors import QaTuiError

    kind = "pass_rate" if state.kpi != "qa_score" else "qa_score"
    evaluations = filtered(_named(data, "evaluations"), state, today)
    try:
        series, chart = trends.control_chart(evaluations, state.grain, kind)
    except QaTuiError as error:
        return ViewResult("", ("Period", "n", "Value"), [], note=f"No control chart: {error}")
    flagged = {i for v in chart.violations for i in v.indices}
    scale = 100.0 if kind == "pass_rate" else 1.0
    rows = [{"cells": (str(p), f"{n:,}", _fmt(v * scale), _fmt(c * scale), _fmt(lo * scale), _fmt(hi * scale),
                       "OUT" if i in flagged else "")}
            for i, (p, n, v, c, lo, hi) in enumerate(zip(series["period"], series["n"], chart.values, chart.centre,
                                                         chart.lower, chart.upper))]
    label = "failing share (p chart)" if kind == "pass_rate" else "mean score (XmR)"

    def draw(plt) -> None:
        xs = list(range(1, len(chart.values) + 1))
        if not xs:
            return
        plt.plot(xs, [v * scale for v in chart.values], marker="●", label=label)
        plt.plot(xs, [c * scale for c in chart.centre], marker="-", label="centre")
        plt.plot(xs, [c * scale for c in chart.upper], marker="^", label="upper limit")
        plt.plot(xs, [c * scale for c in chart.lower], marker="v", label="lower limit")
        if standard is not None and kind == "qa_score":
            _target_line(plt, standard, len(xs))
        plt.title(f"Control chart: {label}; OUT marks a run-rule breach")

    return ViewResult("", ("Period", "n", "Value", "Centre", "Lower", "Upper", "Rule"), rows, draw=draw)
