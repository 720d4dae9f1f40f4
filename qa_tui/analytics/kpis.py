"""Service-quality KPIs as polars expressions: by any grouping, by day, week or month, this period against the last.

Frames come from `qa_tui.analytics.loader` (see its module docstring for their columns):

- evaluations: one row per submitted review (`at`, `score` 0-100, `passed`, `critical_failed`, `method`, ...);
- surveys: one row per response (`at`, `csat` 1-5, `nps` 0-10, `ces` 1-7, `fcr` true/false, ...);
- answers: one row per evaluation and criterion (`failed`, `earned` share of marks 0-1, `servqual`, ...).

Every result has `n` (the observations behind the figure) beside `value`, so nothing is shown without its base.
Percentages are 0-100. Pure functions: frames in, frames out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, UTC

import polars as pl

GRAINS = {"day": "1d", "week": "1w", "month": "1mo"}
"""Period lengths; weeks start on Monday (polars truncates to ISO weeks)."""


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    source: str
    """Which frame it is computed from: evaluations, surveys or answers."""
    unit: str
    """'%' or 'points' (a mean on the KPI's own scale)."""
    higher_is_better: bool = True
    method: str = ""
    """How it is measured, in words (for standards and help)."""


KPIS: dict[str, Kpi] = {k.key: k for k in (
    Kpi("qa_score", "QA score", "evaluations", "points", method="mean score of submitted reviews, 0-100"),
    Kpi("pass_rate", "QA pass rate", "evaluations", "%", method="share of submitted reviews at or above the pass mark"),
    Kpi("critical_fail_rate", "Critical-fail rate", "evaluations", "%", higher_is_better=False,
        method="share of submitted reviews with a critical item failed"),
    Kpi("mystery_shop_score", "Mystery-shop score", "evaluations", "points",
        method="mean score of mystery-shop evaluations, 0-100"),
    Kpi("csat", "CSAT", "surveys", "%", method="share of CSAT answers of 4 or 5 on a 1-5 scale"),
    Kpi("nps", "NPS", "surveys", "points", method="% promoters (9-10) minus % detractors (0-6)"),
    Kpi("ces", "CES", "surveys", "points", higher_is_better=False, method="mean effort, 1 (easy) to 7 (hard)"),
    Kpi("fcr", "FCR rate", "surveys", "%", method="share of respondents saying it was resolved at first contact"),
    Kpi("criterion_fail_rate", "Criterion fail rate", "answers", "%", higher_is_better=False,
        method="share of answered criteria at or below their fail threshold"),
)}


def kpi(key: str) -> Kpi:
    from qa_tui.errors import UsageError

    if key not in KPIS:
        raise UsageError(f"Unknown KPI {key!r} (known: {', '.join(KPIS)}).")
    return KPIS[key]


def _share(condition: pl.Expr, present: pl.Expr) -> pl.Expr:
    return pl.when(present.sum() > 0).then(100.0 * condition.sum() / present.sum()).otherwise(None)


def value_expr(key: str) -> pl.Expr:
    """The KPI as one aggregate expression, named `value`."""
    exprs = {
        "qa_score": pl.col("score").mean(),
        "pass_rate": 100.0 * pl.col("passed").cast(pl.Float64).mean(),
        "critical_fail_rate": 100.0 * pl.col("critical_failed").cast(pl.Float64).mean(),
        "mystery_shop_score": pl.col("score").filter(pl.col("method") == "mystery_shop").mean(),
        "csat": _share(pl.col("csat") >= 4, pl.col("csat").is_not_null()),
        "nps": _share(pl.col("nps") >= 9, pl.col("nps").is_not_null())
        - _share(pl.col("nps") <= 6, pl.col("nps").is_not_null()),
        "ces": pl.col("ces").cast(pl.Float64).mean(),
        "fcr": 100.0 * pl.col("fcr").cast(pl.Float64).mean(),
        "criterion_fail_rate": 100.0 * pl.col("failed").cast(pl.Float64).mean(),
    }
    kpi(key)
    return exprs[key].alias("value")


def count_expr(key: str) -> pl.Expr:
    """How many observations the KPI rests on, named `n`."""
    column = {"qa_score": "score", "pass_rate": "passed", "critical_fail_rate": "critical_failed",
              "csat": "csat", "nps": "nps", "ces": "ces", "fcr": "fcr", "criterion_fail_rate": "failed"}
    if key == "mystery_shop_score":
        return (pl.col("method") == "mystery_shop").sum().cast(pl.Int64).alias("n")
    return pl.col(column[key]).count().cast(pl.Int64).alias("n")


def with_period(frame: pl.DataFrame, grain: str, column: str = "at") -> pl.DataFrame:
    """Add `period`: the day, ISO week (from Monday) or month that `column` falls in, as a date."""
    return frame.with_columns(pl.col(column).dt.truncate(GRAINS[grain]).dt.date().alias("period"))


def summarise(frame: pl.DataFrame, key: str, by: list[str] | tuple[str, ...] = ()) -> pl.DataFrame:
    """The KPI per group (all rows when `by` is empty), with `n`; groups in sorted order."""
    by = list(by)
    if not by:
        return frame.select(count_expr(key), value_expr(key))
    return frame.group_by(by).agg(count_expr(key), value_expr(key)).sort(by, nulls_last=True)


def over_time(frame: pl.DataFrame, key: str, grain: str, by: list[str] | tuple[str, ...] = ()) -> pl.DataFrame:
    """The KPI per period (and group), oldest first."""
    return summarise(with_period(frame, grain), key, [*by, "period"]).sort([*by, "period"])


def period_bounds(today: date, grain: str) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime]]:
    """(this period, the last one) as [start, end) instants in UTC; this period runs to the end of today."""
    if grain == "day":
        start = today
        last = start - timedelta(days=1)
    elif grain == "week":
        start = today - timedelta(days=today.weekday())
        last = start - timedelta(days=7)
    else:
        start = today.replace(day=1)
        last = (start - timedelta(days=1)).replace(day=1)
    end = today + timedelta(days=1)
    return (_instant(start), _instant(end)), (_instant(last), _instant(start))


def this_vs_last(frame: pl.DataFrame, key: str, today: date, grain: str = "month",
                 by: list[str] | tuple[str, ...] = ()) -> pl.DataFrame:
    """The KPI this period (to date) and last period, with the change, per group."""
    (now_start, now_end), (last_start, last_end) = period_bounds(today, grain)
    label = (pl.when(pl.col("at") >= now_start).then(pl.lit("this")).otherwise(pl.lit("last")))
    window = frame.filter((pl.col("at") >= last_start) & (pl.col("at") < now_end)).with_columns(label.alias("window"))
    long = summarise(window, key, [*by, "window"])
    wide = long.pivot(on="window", index=list(by) or None, values=["value", "n"]) if by else _single_row(long)
    for column in ("value_this", "value_last", "n_this", "n_last"):
        if column not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.Float64 if column.startswith("value") else pl.Int64).alias(column))
    return wide.select(*by, "value_this", "n_this", "value_last", "n_last",
                       (pl.col("value_this") - pl.col("value_last")).alias("change"))


def _single_row(long: pl.DataFrame) -> pl.DataFrame:
    values = {f"{field}_{row['window']}": row[field] for row in long.iter_rows(named=True) for field in ("value", "n")}
    return pl.DataFrame([values]) if values else pl.DataFrame()


def _instant(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def complaints_per_thousand(complaints: pl.DataFrame, contacts: pl.DataFrame, by: list[str] | tuple[str, ...] = ()) -> pl.DataFrame:
    """Complaints per 1,000 contacts per group: both frames carry the `by` columns, one row per item."""
    by = list(by)
    if not by:
        n_c, n = complaints.height, contacts.height
        return pl.DataFrame({"n": [n], "complaints": [n_c], "value": [1000.0 * n_c / n if n else None]})
    counted = contacts.group_by(by).agg(pl.len().alias("n")).join(
        complaints.group_by(by).agg(pl.len().alias("complaints")), on=by, how="left")
    return counted.with_columns(pl.col("complaints").fill_null(0)).with_columns(
        (1000.0 * pl.col("complaints") / pl.col("n")).alias("value")).sort(by)


def dimension_scores(answers: pl.DataFrame, by: str = "servqual") -> pl.DataFrame:
    """Per SERVQUAL dimension (or criterion): answers, share of marks earned (0-100) and fail rate (%)."""
    answered = answers.filter(pl.col("earned").is_not_null() & pl.col(by).is_not_null())
    return answered.group_by(by).agg(
        pl.len().alias("n"),
        (100.0 * pl.col("earned").mean()).alias("earned"),
        (100.0 * pl.col("failed").cast(pl.Float64).mean()).alias("fail_rate"),
    ).sort(by)
