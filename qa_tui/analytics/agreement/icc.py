"""The six intraclass correlations of Shrout & Fleiss (1979), with F-based intervals.

From the two-way ANOVA of a complete items x raters matrix (n items, k raters):
BMS (between items), WMS (within items), JMS (between raters), EMS (residual).
ICC(1,*) is the one-way random model, ICC(2,*) two-way random (absolute
agreement), ICC(3,*) two-way mixed (consistency); *k the mean of k raters.
Intervals follow McGraw & Wong (1996), with Satterthwaite's degrees of freedom
for ICC(2,*). Missing ratings leave them undefined: every value is then None.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from qa_tui.analytics.agreement.estimate import Estimate, defined

ICC_NAMES = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")


@dataclass(frozen=True)
class MeanSquares:
    """The ANOVA mean squares the ICCs are built from."""

    between_items: float
    within_items: float
    between_raters: float
    residual: float
    n: int
    k: int


def mean_squares(values: np.ndarray) -> MeanSquares:
    """The two-way ANOVA mean squares of a complete items x raters matrix."""
    n, k = values.shape
    grand = values.mean()
    items_ss = k * ((values.mean(axis=1) - grand) ** 2).sum()
    raters_ss = n * ((values.mean(axis=0) - grand) ** 2).sum()
    total_ss = ((values - grand) ** 2).sum()
    return MeanSquares(
        between_items=items_ss / (n - 1),
        within_items=(total_ss - items_ss) / (n * (k - 1)),
        between_raters=raters_ss / (k - 1),
        residual=(total_ss - items_ss - raters_ss) / ((n - 1) * (k - 1)),
        n=n,
        k=k,
    )


def intraclass_correlations(values: np.ndarray, confidence: float = 0.95) -> dict[str, Estimate | None]:
    """All six ICCs with intervals; all None if ratings are missing or there are < 2 items or raters."""
    values = np.asarray(values, dtype=float)
    if np.isnan(values).any() or min(values.shape) < 2:
        return dict.fromkeys(ICC_NAMES)
    with np.errstate(invalid="ignore", divide="ignore"):
        ms = mean_squares(values)
        tail = (1.0 - confidence) / 2.0
        one = _consistency(ms, ms.within_items, ms.n * (ms.k - 1), tail)
        three = _consistency(ms, ms.residual, (ms.n - 1) * (ms.k - 1), tail)
        two = _absolute(ms, tail)
    return {
        "ICC1": one[0], "ICC2": two[0], "ICC3": three[0],
        "ICC1k": one[1], "ICC2k": two[1], "ICC3k": three[1],
    }  # fmt: skip


def _consistency(ms: MeanSquares, error: float, error_df: int, tail: float) -> tuple:
    """ICC(1,*) or ICC(3,*): single and average, from F = BMS / error mean square."""
    k, f_value = ms.k, ms.between_items / error
    single = (ms.between_items - error) / (ms.between_items + (k - 1) * error)
    average = (ms.between_items - error) / ms.between_items
    f_low = f_value / stats.f.ppf(1 - tail, ms.n - 1, error_df)
    f_high = f_value * stats.f.ppf(1 - tail, error_df, ms.n - 1)
    return (
        _estimate(single, (f_low - 1) / (f_low + k - 1), (f_high - 1) / (f_high + k - 1)),
        _estimate(average, 1 - 1 / f_low, 1 - 1 / f_high),
    )


def _absolute(ms: MeanSquares, tail: float) -> tuple:
    """ICC(2,1) and ICC(2,k) with McGraw & Wong's Satterthwaite interval."""
    n, k = ms.n, ms.k
    bms, jms, ems = ms.between_items, ms.between_raters, ms.residual
    single = (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n)
    average = (bms - ems) / (bms + (jms - ems) / n)
    df = _satterthwaite_df(ms, single)
    f_high, f_low = stats.f.ppf(1 - tail, n - 1, df), stats.f.ppf(1 - tail, df, n - 1)
    low = n * (bms - f_high * ems) / (f_high * (k * jms + (k * n - k - n) * ems) + n * bms)
    high = n * (f_low * bms - ems) / (k * jms + (k * n - k - n) * ems + n * f_low * bms)
    return (
        _estimate(single, low, high),
        _estimate(average, _step_up(low, k), _step_up(high, k)),
    )


def _satterthwaite_df(ms: MeanSquares, icc2: float) -> float:
    n, k = ms.n, ms.k
    fj = ms.between_raters / ms.residual
    numerator = (n - 1) * (k - 1) * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    denominator = (n - 1) * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    return numerator / denominator


def _step_up(single: float, k: int) -> float:
    """Spearman-Brown: the reliability of the mean of k raters."""
    return single * k / (1 + single * (k - 1))


def _estimate(value: float, low: float, high: float) -> Estimate | None:
    point = defined(value)
    if point is None:
        return None
    low, high = defined(low), defined(high)
    if low is None or high is None:
        return Estimate(point)
    return Estimate(point, low, high, ci_method="analytic")
