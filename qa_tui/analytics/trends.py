"""Trends on top of the KPIs: rolling averages, the Pareto of failing criteria, team benchmarking, QA score against
CSAT, control charts (through `spc.py`) and whether each agent's evaluations are enough (through `sample_size.py`).

Pure functions over the loader's frames; results are frames or small dataclasses with exact numbers, so every
chart can also be read as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from qa_tui.analytics.kpis import over_time, summarise


def rolling(series: pl.DataFrame, window: int = 4) -> pl.DataFrame:
    """Add `rolling`: the mean of `value` over the last `window` periods (fewer at the start), per series order."""
    return series.with_columns(pl.col("value").rolling_mean(window_size=window, min_samples=1).alias("rolling"))


def trend(frame: pl.DataFrame, key: str, grain: str, window: int = 4) -> pl.DataFrame:
    """The KPI per period with its rolling average: period, n, value, rolling."""
    return rolling(over_time(frame, key, grain), window)


def pareto(answers: pl.DataFrame, top: int | None = None) -> pl.DataFrame:
    """The criteria that fail most, most first: failures, answered, fail rate, share of all failures, cumulative share.

    `answers` needs `criterion`, `failed` (null when N/A or unanswered).
    """
    answered = answers.filter(pl.col("failed").is_not_null())
    counts = answered.group_by("criterion").agg(
        pl.col("failed").sum().cast(pl.Int64).alias("failures"), pl.len().alias("answered"))
    return pareto_of_counts(counts, top)


def pareto_of_counts(counts: pl.DataFrame, top: int | None = None) -> pl.DataFrame:
    """`pareto` from counts already made: criterion, failures and answered per criterion."""
    total = counts["failures"].sum() if counts.height else 0
    result = counts.filter(pl.col("failures") > 0).sort(["failures", "criterion"], descending=[True, False]).with_columns(
        (100.0 * pl.col("failures") / pl.col("answered")).alias("fail_rate"),
        (100.0 * pl.col("failures") / (total or 1)).alias("share"),
    ).with_columns(pl.col("share").cum_sum().alias("cumulative"))
    return result.head(top) if top else result


def benchmark(frame: pl.DataFrame, key: str, group: str = "team") -> pl.DataFrame:
    """Each group's KPI beside the whole frame's: group, n, value, centre, gap (value - centre), rank (1 = best)."""
    from qa_tui.analytics.kpis import kpi

    centre = summarise(frame, key)["value"][0]
    groups = summarise(frame, key, [group]).with_columns(pl.lit(centre, pl.Float64).alias("centre"))
    better = kpi(key).higher_is_better
    return groups.with_columns((pl.col("value") - pl.col("centre")).alias("gap"),
                               pl.col("value").rank("min", descending=better).cast(pl.Int64).alias("rank")).sort("rank")


@dataclass(frozen=True)
class Correlation:
    """Pearson's r between two measures over `n` pairs, with its Fisher-z interval (None when n < 4)."""

    r: float | None
    low: float | None
    high: float | None
    n: int
    level: str
    """'contact' (the same interactions) or 'agent' (means per agent)."""

    def sentence(self) -> str:
        if self.r is None:
            return f"Too few pairs ({self.n}) by {self.level} to estimate a correlation."
        interval = "" if self.low is None else f" (95% interval {self.low:+.2f} to {self.high:+.2f})"
        return f"r = {self.r:+.2f}{interval} over {self.n:,} {self.level}s."


def correlation(x: pl.Series, y: pl.Series, level: str, z: float = 1.959964) -> Correlation:
    pairs = pl.DataFrame({"x": x.cast(pl.Float64), "y": y.cast(pl.Float64)}).drop_nulls()
    n = pairs.height
    if n < 3 or pairs["x"].std() in (0, None) or pairs["y"].std() in (0, None):
        return Correlation(None, None, None, n, level)
    r = float(pairs.select(pl.corr("x", "y"))[0, 0])
    if n < 4 or abs(r) >= 1:
        return Correlation(r, None, None, n, level)
    centre, spread = math.atanh(r), z / math.sqrt(n - 3)
    return Correlation(r, math.tanh(centre - spread), math.tanh(centre + spread), n, level)


def qa_vs_csat(evaluations: pl.DataFrame, surveys: pl.DataFrame) -> tuple[Correlation, pl.DataFrame]:
    """QA score against CSAT: by contact where surveys name the evaluated interaction, else by agent.

    Returns the correlation and its pairs (contact or agent, qa_score, csat) for the scatter and the table.
    """
    rated = surveys.filter(pl.col("csat").is_not_null())
    by_contact = evaluations.filter(pl.col("score").is_not_null()).join(
        rated.filter(pl.col("interaction_id").is_not_null()), on="interaction_id", how="inner")
    if by_contact.height >= 10:
        pairs = by_contact.select(pl.col("interaction_id").alias("key"), pl.col("score").alias("qa_score"),
                                  pl.col("csat").cast(pl.Float64))
        return correlation(pairs["qa_score"], pairs["csat"], "contact"), pairs
    qa = evaluations.group_by("agent_id").agg(pl.col("score").mean().alias("qa_score"), pl.len().alias("evaluations"))
    cs = rated.filter(pl.col("agent_id").is_not_null()).group_by("agent_id").agg(
        (100.0 * (pl.col("csat") >= 4).mean()).alias("csat"), pl.len().alias("responses"))
    pairs = qa.join(cs, on="agent_id").select(pl.col("agent_id").alias("key"), "qa_score", "csat").sort("key")
    return correlation(pairs["qa_score"], pairs["csat"], "agent"), pairs


def control_chart(evaluations: pl.DataFrame, grain: str, kind: str = "pass_rate"):
    """A p chart of the pass rate per period, or an individuals (XmR) chart of the mean score per period.

    Returns (periods frame, spc Chart); the frame has period, n and value in chart order.
    """
    from qa_tui.analytics import spc

    key = "pass_rate" if kind == "pass_rate" else "qa_score"
    series = over_time(evaluations, key, grain).filter(pl.col("n") > 0)
    if kind == "pass_rate":
        failed = (series["n"] - (series["value"] * series["n"] / 100.0).round(0)).cast(pl.Int64)
        chart = spc.p_chart(failed.to_list(), series["n"].to_list())
        return series, chart
    return series, spc.individuals_chart(series["value"].to_list()).location


def adequacy(evaluations: pl.DataFrame, group: str = "agent_id", parent: str = "team_id",
             confidence: float = 0.95) -> pl.DataFrame:
    """For each agent: evaluations, pass rate, its Wilson interval, the team's rate and whether they are enough.

    `enough` is False where the team's rate lies inside the agent's interval (too few to tell them apart);
    `needed` estimates the evaluations that would separate them.
    """
    from qa_tui.analytics.sample_size import rate_adequacy

    scored = evaluations.filter(pl.col("passed").is_not_null())
    teams = scored.group_by(parent).agg(pl.col("passed").cast(pl.Float64).mean().alias("team_rate"))
    agents = scored.group_by([group, parent]).agg(pl.len().alias("n"), pl.col("passed").sum().cast(pl.Int64).alias("passes"))
    rows = []
    for row in agents.join(teams, on=parent).sort(group).iter_rows(named=True):
        result = rate_adequacy(row["passes"], row["n"], row["team_rate"], confidence)
        rows.append({group: row[group], "n": row["n"], "pass_rate": 100.0 * row["passes"] / row["n"],
                     "low": 100.0 * result.interval.low, "high": 100.0 * result.interval.high,
                     "team_rate": 100.0 * row["team_rate"], "enough": result.distinguishable,
                     "needed": result.needed})
    schema = {group: pl.Utf8, "n": pl.Int64, "pass_rate": pl.Float64, "low": pl.Float64, "high": pl.Float64,
              "team_rate": pl.Float64, "enough": pl.Boolean, "needed": pl.Int64}
    return pl.DataFrame(rows, schema=schema)
