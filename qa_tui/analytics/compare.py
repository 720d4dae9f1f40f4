"""Before/after comparison of a metric: did an improvement action change it?

Rates (pass rate, FCR, complaint rate) use the two-proportion z test with
Newcombe's hybrid-score interval for the difference (built from Wilson
intervals); scores use Welch's t test (Hedges' g) or Mann-Whitney U with the
Hodges-Lehmann shift (rank-biserial r). Differences are always after minus
before. Every result carries a plain-words verdict for team leaders.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import polars as pl
from scipy import stats

from qa_tui.analytics.intervals import wilson_interval
from qa_tui.analytics.ranks import hodges_lehmann
from qa_tui.errors import UsageError

KINDS = ("rate", "score")
TESTS = ("two-proportion z", "Welch t", "Mann-Whitney U")
_SMALL_WINDOW = 30


@dataclass(frozen=True)
class Comparison:
    """The outcome of one before/after test, ready for a table or JSON."""

    kind: str
    test: str
    before: float
    after: float
    n_before: int
    n_after: int
    difference: float
    ci_low: float
    ci_high: float
    confidence: float
    statistic: float
    p_value: float
    effect_size: float
    effect_name: str
    effect_magnitude: str
    verdict: str
    df: float | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return {**asdict(self), "notes": list(self.notes)}


def compare_rates(successes_before: int, n_before: int, successes_after: int, n_after: int,
                  confidence: float = 0.95) -> Comparison:
    """Two-proportion z test (pooled) with a Newcombe hybrid-score interval and Cohen's h."""
    _check_confidence(confidence)
    _check_counts("before", successes_before, n_before)
    _check_counts("after", successes_after, n_after)
    p1, p2 = successes_before / n_before, successes_after / n_after
    pooled = (successes_before + successes_after) / (n_before + n_after)
    if pooled in (0.0, 1.0):
        raise UsageError("Both windows are all successes or all failures, so there is "
                         "no variation to test.")
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_before + 1 / n_after))
    z = (p2 - p1) / se
    low, high = newcombe_interval(successes_before, n_before, successes_after, n_after, confidence)
    h = cohens_h(p1, p2)
    return _result("rate", "two-proportion z", (p1, p2), (n_before, n_after), (low, high),
                   confidence, z, 2 * stats.norm.sf(abs(z)), (h, "Cohen's h", _cohen_label(h)),
                   notes=_small_count_notes((successes_before, n_before),
                                            (successes_after, n_after)))


def compare_means(before: Sequence[float], after: Sequence[float],
                  confidence: float = 0.95) -> Comparison:
    """Welch's unequal-variance t test with Hedges' g (bias-corrected Cohen's d)."""
    _check_confidence(confidence)
    x, y = _scores("before", before, 2), _scores("after", after, 2)
    v1, v2 = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    if v1 + v2 == 0:
        raise UsageError("Every score in both windows is the same, so there is no variance "
                         "to test against.")
    # Welch-Satterthwaite degrees of freedom; same as scipy.stats.ttest_ind(equal_var=False).
    df = (v1 + v2) ** 2 / (v1**2 / (len(x) - 1) + v2**2 / (len(y) - 1))
    diff = float(y.mean() - x.mean())
    t = diff / math.sqrt(v1 + v2)
    half = stats.t.ppf(0.5 + confidence / 2, df) * math.sqrt(v1 + v2)
    g = hedges_g(x, y)
    return _result("score", "Welch t", (x.mean(), y.mean()), (len(x), len(y)),
                   (diff - half, diff + half), confidence, t, 2 * stats.t.sf(abs(t), df),
                   (g, "Hedges' g", _cohen_label(g)), df=float(df))


def compare_ranks(before: Sequence[float], after: Sequence[float],
                  confidence: float = 0.95) -> Comparison:
    """Mann-Whitney U (two-sided) with the Hodges-Lehmann shift, its interval, and rank-biserial r.

    `before` and `after` report medians; the difference is the Hodges-Lehmann
    estimate (median of all after-minus-before pairs), not the difference of medians.
    """
    _check_confidence(confidence)
    x, y = _scores("before", before, 1), _scores("after", after, 1)
    if np.ptp(np.concatenate([x, y])) == 0:
        raise UsageError("Every score in both windows is the same, so there is nothing "
                         "to rank.")
    test = stats.mannwhitneyu(y, x, alternative="two-sided")
    r = 2 * float(test.statistic) / (len(x) * len(y)) - 1
    shift, low, high = hodges_lehmann(x, y, confidence)
    return _result("score", "Mann-Whitney U", (np.median(x), np.median(y)), (len(x), len(y)),
                   (low, high), confidence, float(test.statistic), float(test.pvalue),
                   (r, "rank-biserial r", _rank_biserial_label(r)), difference=shift)


def choose_test(kind: str, before: Sequence[float] = (), after: Sequence[float] = ()) -> str:
    """The test for a metric: z for rates; Welch t for scores unless a small window is skewed.

    Mann-Whitney is chosen for scores when a window has fewer than 30 values
    and is markedly skewed (|skewness| > 1), where the t test's normal
    approximation is doubtful.
    """
    if kind not in KINDS:
        raise UsageError(f"The metric kind must be 'rate' or 'score', not {kind!r}.")
    if kind == "rate":
        return "two-proportion z"
    windows = [np.asarray(w, dtype=float) for w in (before, after)]
    small_and_skewed = any(
        2 < len(w) < _SMALL_WINDOW and np.ptp(w) > 0 and abs(stats.skew(w)) > 1 for w in windows
    )
    return "Mann-Whitney U" if small_and_skewed else "Welch t"


def compare(kind: str, before: Sequence[float], after: Sequence[float],
            confidence: float = 0.95, test: str = "auto") -> Comparison:
    """Compare two windows of raw observations (0/1 outcomes for rates, numbers for scores)."""
    chosen = choose_test(kind, before, after) if test == "auto" else test
    if chosen not in TESTS or (kind == "rate") != (chosen == "two-proportion z"):
        raise UsageError(f"The test {chosen!r} does not suit a {kind} metric.")
    if chosen == "two-proportion z":
        x, y = _outcomes("before", before), _outcomes("after", after)
        return compare_rates(int(x.sum()), len(x), int(y.sum()), len(y), confidence)
    runner = compare_means if chosen == "Welch t" else compare_ranks
    return runner(before, after, confidence)


def compare_windows(frame: pl.DataFrame, kind: str, baseline: tuple[dt.date, dt.date],
                    post: tuple[dt.date, dt.date], date: str = "date", value: str = "value",
                    confidence: float = 0.95, test: str = "auto") -> Comparison:
    """Compare `value` over two date windows (inclusive) of a frame with a `date` column."""
    for name, (start, end) in (("baseline", baseline), ("post", post)):
        if start > end:
            raise UsageError(f"The {name} window ends ({end}) before it starts ({start}).")
    if post[0] <= baseline[1]:
        raise UsageError(f"The post window must start after the baseline ends ({baseline[1]}); "
                         f"it starts on {post[0]}.")
    before, after = (_window(frame, date, value, span) for span in (baseline, post))
    return compare(kind, before, after, confidence, test)


def newcombe_interval(successes_before: int, n_before: int, successes_after: int, n_after: int,
                      confidence: float = 0.95) -> tuple[float, float]:
    """Newcombe's (1998, method 10) hybrid-score interval for p_after - p_before."""
    p1, p2 = successes_before / n_before, successes_after / n_after
    l1, u1 = wilson_interval(successes_before, n_before, confidence)
    l2, u2 = wilson_interval(successes_after, n_after, confidence)
    diff = p2 - p1
    low = diff - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = diff + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return max(-1.0, low), min(1.0, high)  # rounding can overshoot by one ulp


def cohens_h(p_before: float, p_after: float) -> float:
    """Cohen's h = 2 asin(sqrt(p_after)) - 2 asin(sqrt(p_before))."""
    return 2 * math.asin(math.sqrt(p_after)) - 2 * math.asin(math.sqrt(p_before))


def cohens_d(before: Sequence[float], after: Sequence[float]) -> float:
    """Cohen's d: difference of means over the pooled standard deviation."""
    x, y = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    pooled = ((len(x) - 1) * x.var(ddof=1) + (len(y) - 1) * y.var(ddof=1)) / (len(x) + len(y) - 2)
    return float((y.mean() - x.mean()) / math.sqrt(pooled)) if pooled > 0 else 0.0


def hedges_g(before: Sequence[float], after: Sequence[float]) -> float:
    """Hedges' g: Cohen's d times the small-sample correction 1 - 3 / (4 (n1 + n2) - 9)."""
    n = len(before) + len(after)
    return cohens_d(before, after) * (1 - 3 / (4 * n - 9))


def _result(kind: str, test: str, levels: tuple[float, float], sizes: tuple[int, int],
            interval: tuple[float, float], confidence: float, statistic: float, p_value: float,
            effect: tuple[float, str, str], df: float | None = None,
            difference: float | None = None, notes: tuple[str, ...] = ()) -> Comparison:
    diff = float(levels[1] - levels[0]) if difference is None else float(difference)
    low, high = float(interval[0]), float(interval[1])
    verdict = _verdict(kind, diff, low, high, confidence, p_value, effect[2])
    return Comparison(kind, test, float(levels[0]), float(levels[1]), sizes[0], sizes[1], diff,
                      low, high, confidence, float(statistic), float(p_value), float(effect[0]),
                      effect[1], effect[2], verdict, df, notes)


def _verdict(kind: str, diff: float, low: float, high: float, confidence: float,
             p_value: float, magnitude: str) -> str:
    """A sentence a team leader can act on."""
    scale, unit = (100.0, " points") if kind == "rate" else (1.0, "")
    span = (f"{diff * scale:+.1f}{unit}, {confidence:.0%} CI {low * scale:+.1f} to "
            f"{high * scale:+.1f}")
    if p_value < 1 - confidence:
        direction = "rose" if diff > 0 else "fell"
        return (f"The metric {direction} ({span}); unlikely to be chance (p = {p_value:.3g}); "
                f"{magnitude} effect.")
    return f"No clear change: the difference ({span}) could be noise (p = {p_value:.3g})."


def _cohen_label(effect: float) -> str:
    size = abs(effect)
    return "negligible" if size < 0.2 else "small" if size < 0.5 else "medium" if size < 0.8 \
        else "large"


def _rank_biserial_label(r: float) -> str:
    size = abs(r)
    return "negligible" if size < 0.1 else "small" if size < 0.3 else "medium" if size < 0.5 \
        else "large"


def _small_count_notes(*windows: tuple[int, int]) -> tuple[str, ...]:
    if all(min(s, n - s) >= 5 for s, n in windows):
        return ()
    return ("A window has fewer than 5 successes or failures: the z test's p-value is "
            "approximate; the Newcombe interval remains reliable.",)


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise UsageError(f"The confidence level must be between 0 and 1, not {confidence}.")


def _check_counts(name: str, successes: int, n: int) -> None:
    if n < 1:
        raise UsageError(f"The {name} window is empty.")
    if not 0 <= successes <= n:
        raise UsageError(f"The {name} window has {successes} successes out of {n}, "
                         "which is impossible.")


def _scores(name: str, values: Sequence[float], minimum: int) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        raise UsageError(f"The {name} window is empty.")
    if len(x) < minimum:
        raise UsageError(f"The {name} window needs at least {minimum} scores; it has {len(x)}.")
    if not np.all(np.isfinite(x)):
        raise UsageError(f"The {name} window has a score that is not a finite number.")
    return x


def _outcomes(name: str, values: Sequence[float]) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        raise UsageError(f"The {name} window is empty.")
    if not np.all((x == 0) | (x == 1)):
        raise UsageError(f"Rate outcomes in the {name} window must be 0 or 1.")
    return x


def _window(frame: pl.DataFrame, date: str, value: str,
            span: tuple[dt.date, dt.date]) -> list[float]:
    inside = frame.filter(pl.col(date).is_between(span[0], span[1], closed="both"))
    return inside.get_column(value).drop_nulls().cast(pl.Float64).to_list()
