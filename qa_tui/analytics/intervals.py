"""Confidence intervals shared by comparisons and sample sizes.

The finite population correction sqrt((N - n) / (N - 1)) shrinks a margin when
the evaluations are a large share of the contacts (N); for the Wilson score
interval it is applied to z, which is the same as inflating n, so a census
(n = N) has zero width.
"""

from __future__ import annotations

import math

from scipy import stats

from qa_tui.errors import UsageError


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 0.95."""
    _check_confidence(confidence)
    return float(stats.norm.ppf(0.5 + confidence / 2))


def t_value(confidence: float, df: float) -> float:
    """Two-sided Student t quantile with df degrees of freedom."""
    _check_confidence(confidence)
    return float(stats.t.ppf(0.5 + confidence / 2, df))


def fpc(n: int, population: int | None) -> float:
    """Finite population correction factor (1 when the population is unknown)."""
    if population is None:
        return 1.0
    if population < n:
        raise UsageError(f"The number of contacts ({population}) is smaller than the number "
                         f"of evaluations ({n}).")
    return math.sqrt((population - n) / (population - 1)) if population > 1 else 0.0


def wilson_interval(successes: float, n: int, confidence: float = 0.95,
                    population: int | None = None) -> tuple[float, float]:
    """Wilson score interval for a proportion successes / n (Wilson 1927; Newcombe 1998)."""
    if n < 1:
        raise UsageError("A proportion needs at least one evaluation.")
    if not 0 <= successes <= n:
        raise UsageError(f"{successes} successes out of {n} is impossible.")
    z = z_value(confidence) * fpc(n, population)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def t_margin(n: int, sd: float, confidence: float = 0.95, population: int | None = None) -> float:
    """Half-width of the t interval for a mean of n scores with standard deviation sd."""
    if n < 2:
        raise UsageError("A mean score's margin needs at least two evaluations.")
    if sd < 0 or not math.isfinite(sd):
        raise UsageError(f"The standard deviation must be a non-negative number, not {sd}.")
    return t_value(confidence, n - 1) * sd / math.sqrt(n) * fpc(n, population)


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise UsageError(f"The confidence level must be between 0 and 1, not {confidence}.")
