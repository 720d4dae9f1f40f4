"""A statistic with its confidence interval, and the item bootstrap behind some.

The bootstrap resamples items (the units of a calibration session) with
replacement. Each resample is a row of item counts, so a statistic built from
per-item sums is evaluated for every resample at once by one matrix product.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from functools import lru_cache

import numpy as np
from scipy import stats

MIN_DEFINED_SHARE = 0.5
"""Below this share of resamples with a defined statistic, we give no interval."""


@dataclass(frozen=True)
class Estimate:
    """A point estimate and, where computed, its interval and how it was made."""

    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    se: float | None = None
    """Standard error, for analytic intervals."""
    ci_method: str | None = None
    """'analytic', 'bootstrap', or None when there is no interval."""

    def to_dict(self) -> dict:
        """Plain values for JSON."""
        return asdict(self)


def defined(value: float) -> float | None:
    """`value` as a float, or None when it is NaN or infinite (undefined)."""
    value = float(value)
    return value if np.isfinite(value) else None


def bootstrap_counts(n_items: int, resamples: int, seed: int | None) -> np.ndarray:
    """Resamples x items: how often each item is drawn in each resample (read-only; shared between calls)."""
    if seed is None:
        return _draw_counts(n_items, resamples, None)
    return _seeded_counts(n_items, resamples, seed)


@lru_cache(maxsize=32)
def _seeded_counts(n_items: int, resamples: int, seed: int) -> np.ndarray:
    # A calibration session asks for the same seeded draws once per criterion: draw them once.
    counts = _draw_counts(n_items, resamples, seed)
    counts.setflags(write=False)
    return counts


def _draw_counts(n_items: int, resamples: int, seed: int | None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_items, np.full(n_items, 1.0 / n_items), size=resamples).astype(float)


def percentile_interval(draws: np.ndarray, confidence: float) -> tuple[float, float] | None:
    """The percentile interval of bootstrap draws, ignoring undefined draws."""
    finite = draws[np.isfinite(draws)]
    if finite.size < MIN_DEFINED_SHARE * draws.size or finite.size == 0:
        return None
    tail = 50.0 * (1.0 - confidence)
    low, high = np.percentile(finite, [tail, 100.0 - tail])
    return float(low), float(high)


def bootstrap_estimate(value: float, draws: np.ndarray | None, confidence: float) -> Estimate | None:
    """An `Estimate` for `value` with the percentile interval of `draws`, if any."""
    point = defined(value)
    if point is None:
        return None
    interval = None if draws is None else percentile_interval(draws, confidence)
    if interval is None:
        return Estimate(point)
    return Estimate(point, interval[0], interval[1], ci_method="bootstrap")


def t_estimate(value: float, se: float, df: int, confidence: float, bounds=(-np.inf, 1.0)) -> Estimate | None:
    """An `Estimate` with the interval value +/- t(df) * se, clipped to `bounds`."""
    quantile = stats.t.ppf(0.5 + confidence / 2.0, df) if df >= 1 else np.nan
    return _symmetric(value, se, quantile, bounds)


def z_estimate(value: float, se: float, confidence: float, bounds=(-np.inf, 1.0)) -> Estimate | None:
    """An `Estimate` with the normal interval value +/- z * se, clipped to `bounds`."""
    return _symmetric(value, se, stats.norm.ppf(0.5 + confidence / 2.0), bounds)


def _symmetric(value: float, se: float, quantile: float, bounds: tuple) -> Estimate | None:
    point, error = defined(value), defined(se)
    if point is None:
        return None
    if error is None or not np.isfinite(quantile):
        return Estimate(point)
    low = max(bounds[0], point - quantile * error)
    high = min(bounds[1], point + quantile * error)
    return Estimate(point, float(low), float(high), error, "analytic")
