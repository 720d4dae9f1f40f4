"""Statistical process control: individuals (XmR), X-bar/R and p charts.

Every chart computes its centre line and limits on a baseline (the first
`baseline` points; all points when None, less any points in `exclude` whose
assignable cause was found) and applies them to every point, so a team leader
can see whether a process shifted after an improvement action and stayed
shifted. Points are judged by the Western Electric run rules
(`qa_tui.analytics.run_rules`); range charts use rule 1 only, because their
distribution is skewed and the zone rules assume symmetry.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

import numpy as np

from qa_tui.analytics.run_rules import Violation, western_electric
from qa_tui.analytics.spc_constants import chart_constants
from qa_tui.errors import UsageError

__all__ = ["Chart", "ChartPair", "Violation", "individuals_chart", "xbar_r_chart", "p_chart",
           "sustained_shift"]


@dataclass(frozen=True)
class Chart:
    """One control chart: plotted values, per-point centre and limits, rule breaches."""

    name: str
    values: tuple[float, ...]
    centre: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    baseline: int
    violations: tuple[Violation, ...]
    excluded: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        """A JSON-ready dict; undefined values (the first moving range) become None."""
        def clean(xs: tuple[float, ...]) -> list[float | None]:
            return [None if math.isnan(x) else x for x in xs]
        return {"name": self.name, "baseline": self.baseline, "excluded": list(self.excluded),
                "values": clean(self.values),
                "centre": clean(self.centre), "lower": clean(self.lower),
                "upper": clean(self.upper),
                "violations": [v.to_dict() for v in self.violations]}


@dataclass(frozen=True)
class ChartPair:
    """A location chart (individuals or X-bar) with its dispersion chart (MR or R)."""

    location: Chart
    dispersion: Chart

    def to_dict(self) -> dict:
        """A JSON-ready dict of both charts."""
        return {"location": self.location.to_dict(), "dispersion": self.dispersion.to_dict()}


def individuals_chart(values: Sequence[float], baseline: int | None = None,
                      exclude: Collection[int] = ()) -> ChartPair:
    """Individuals and moving-range (XmR) charts.

    Centre = baseline mean; limits = centre +/- E2 * mean moving range (E2 = 2.66);
    the moving-range chart has UCL = D4 * mean moving range (D4 = 3.267).
    """
    x = _as_finite_array(values, "value")
    size = _baseline_size(baseline, len(x), minimum=2)
    used = _baseline_mask(size, len(x), exclude, minimum=2)
    moving = np.concatenate([[np.nan], np.abs(np.diff(x))])
    pairs = used & np.concatenate([[False], used[:-1]])  # both ends of the range in use
    if not pairs.any():
        raise UsageError("The baseline needs two consecutive points that are not excluded.")
    mr_bar = float(np.mean(moving[pairs]))
    _require_variation(mr_bar, "the baseline values never change")
    k = chart_constants(2)
    centre = float(np.mean(x[used]))
    location = _symmetric_chart("Individuals", x, centre, mr_bar / k.d2, size)
    dispersion = _range_chart("Moving range", moving, mr_bar, 0.0, k.D4 * mr_bar, size)
    return _noting_exclusions(ChartPair(location, dispersion), exclude)


def xbar_r_chart(subgroups: Sequence[Sequence[float]], baseline: int | None = None,
                 exclude: Collection[int] = ()) -> ChartPair:
    """X-bar and R charts for equal-size subgroups of 2 to 25 observations.

    Centre = mean of baseline subgroup means; limits = centre +/- A2 * R-bar;
    the R chart runs from D3 * R-bar to D4 * R-bar.
    """
    data = _equal_subgroups(subgroups)
    size = _baseline_size(baseline, len(data), minimum=1)
    used = _baseline_mask(size, len(data), exclude, minimum=1)
    k = chart_constants(data.shape[1])
    means, ranges = data.mean(axis=1), np.ptp(data, axis=1)
    r_bar = float(np.mean(ranges[used]))
    _require_variation(r_bar, "every baseline subgroup has a range of zero")
    centre = float(np.mean(means[used]))
    location = _symmetric_chart("X-bar", means, centre, k.A2 * r_bar / 3.0, size)
    dispersion = _range_chart("Range", ranges, r_bar, k.D3 * r_bar, k.D4 * r_bar, size)
    return _noting_exclusions(ChartPair(location, dispersion), exclude)


def p_chart(nonconforming: Sequence[int], sizes: Sequence[int],
            baseline: int | None = None, exclude: Collection[int] = ()) -> Chart:
    """p chart of proportions nonconforming with per-point limits for varying sizes.

    Centre p-bar = baseline nonconforming / baseline inspected; limits at each
    point are p-bar +/- 3 sqrt(p-bar (1 - p-bar) / n_i), clipped to [0, 1].
    """
    counts, n = _counts_and_sizes(nonconforming, sizes)
    size = _baseline_size(baseline, len(n), minimum=1)
    used = _baseline_mask(size, len(n), exclude, minimum=1)
    p_bar = float(counts[used].sum() / n[used].sum())
    _require_variation(p_bar * (1 - p_bar), "the baseline proportion is 0 or 1")
    sigma = np.sqrt(p_bar * (1 - p_bar) / n)
    p = counts / n
    z = (p - p_bar) / sigma
    return Chart("p", _floats(p), _floats(np.full(len(n), p_bar)),
                 _floats(np.clip(p_bar - 3 * sigma, 0.0, 1.0)),
                 _floats(np.clip(p_bar + 3 * sigma, 0.0, 1.0)), size,
                 tuple(western_electric(z)), tuple(sorted(set(exclude))))


def sustained_shift(chart: Chart) -> str | None:
    """'up' or 'down' if, after the baseline, a run of 8+ points on one side reaches the last point.

    That is the signature of a process that shifted and stayed shifted;
    None when there is no baseline split or no such run.
    """
    last = len(chart.values) - 1
    for v in chart.violations:
        if v.rule == 4 and v.indices[0] >= chart.baseline and v.indices[-1] == last:
            return "up" if v.side == "above" else "down"
    return None


def _noting_exclusions(pair: ChartPair, exclude: Collection[int]) -> ChartPair:
    excluded = tuple(sorted(set(exclude)))
    return ChartPair(replace(pair.location, excluded=excluded),
                     replace(pair.dispersion, excluded=excluded))


def _symmetric_chart(name: str, values: np.ndarray, centre: float, sigma: float,
                     size: int) -> Chart:
    count = len(values)
    z = (values - centre) / sigma
    return Chart(name, _floats(values), _floats(np.full(count, centre)),
                 _floats(np.full(count, centre - 3 * sigma)),
                 _floats(np.full(count, centre + 3 * sigma)), size,
                 tuple(western_electric(z)))


def _range_chart(name: str, values: np.ndarray, centre: float, lcl: float, ucl: float,
                 size: int) -> Chart:
    """A dispersion chart judged by rule 1 only (a point above UCL, or below a positive LCL)."""
    count = len(values)
    above = [Violation(1, "above", (int(i),)) for i in np.flatnonzero(values > ucl)]
    below = [Violation(1, "below", (int(i),)) for i in np.flatnonzero(values < lcl)]
    ordered = sorted(above + below, key=lambda v: v.indices[0])
    return Chart(name, _floats(values), _floats(np.full(count, centre)),
                 _floats(np.full(count, lcl)), _floats(np.full(count, ucl)), size,
                 tuple(ordered))


def _baseline_size(baseline: int | None, count: int, minimum: int) -> int:
    if count < minimum:
        raise UsageError(f"A control chart needs at least {minimum} points; got {count}.")
    if baseline is None:
        return count
    if not minimum <= baseline <= count:
        raise UsageError(
            f"The baseline must cover {minimum} to {count} points (the number plotted); "
            f"got {baseline}."
        )
    return baseline


def _baseline_mask(size: int, count: int, exclude: Collection[int], minimum: int) -> np.ndarray:
    """True for baseline points that feed the limits."""
    bad = [i for i in exclude if not 0 <= i < count]
    if bad:
        raise UsageError(f"Cannot exclude point {bad[0]}: points are numbered 0 to {count - 1}.")
    used = np.arange(count) < size
    used[list(exclude)] = False
    if used.sum() < minimum:
        raise UsageError(f"After exclusions the baseline has fewer than {minimum} points.")
    return used


def _require_variation(spread: float, reason: str) -> None:
    if not spread > 0:
        raise UsageError(f"Control limits need some variation, but {reason}.")


def _as_finite_array(values: Sequence[float], what: str) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise UsageError(f"Every {what} must be a finite number.")
    return x


def _equal_subgroups(subgroups: Sequence[Sequence[float]]) -> np.ndarray:
    lengths = {len(group) for group in subgroups}
    if len(lengths) > 1:
        raise UsageError(
            f"X-bar/R charts need subgroups of equal size; found sizes {sorted(lengths)}."
        )
    data = np.asarray([list(group) for group in subgroups], dtype=float)
    if data.size == 0 or not np.all(np.isfinite(data)):
        raise UsageError("Every subgroup observation must be a finite number.")
    return data


def _counts_and_sizes(nonconforming: Sequence[int],
                      sizes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    counts = np.asarray(nonconforming, dtype=float)
    n = np.asarray(sizes, dtype=float)
    if counts.shape != n.shape:
        raise UsageError("A p chart needs one subgroup size per count.")
    if np.any(n < 1) or np.any(n != np.round(n)):
        raise UsageError("Every subgroup size must be a whole number of at least 1.")
    if np.any(counts < 0) or np.any(counts > n) or np.any(counts != np.round(counts)):
        raise UsageError("Every count must be a whole number between 0 and its subgroup size.")
    return counts, n


def _floats(values: np.ndarray) -> tuple[float, ...]:
    return tuple(float(v) for v in values)
