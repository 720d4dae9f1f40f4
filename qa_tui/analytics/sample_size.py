"""How many evaluations are enough? Margins of error, required N and sample adequacy.

A pass rate's margin is half the width of its Wilson interval; a mean score's
margin is t(n - 1) * sd / sqrt(n). Both shrink by the finite population
correction when the number of contacts is known. "Adequacy" asks whether an
agent's evaluations are enough to tell them apart from their team: if the
team's level lies inside the agent's interval, they are not.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass

from qa_tui.analytics.intervals import t_margin, wilson_interval, z_value
from qa_tui.errors import UsageError

_MAX_SEARCH = 10_000_000


@dataclass(frozen=True)
class Margin:
    """An estimate with its interval and margin (half the interval's width)."""

    estimate: float
    low: float
    high: float
    margin: float
    n: int
    confidence: float

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Adequacy:
    """Whether an agent's evaluations separate them from their team.

    `needed` is roughly how many evaluations make the margin smaller than the
    gap between agent and team (None when there is no gap).
    """

    verdict: str
    distinguishable: bool
    interval: Margin
    team: float
    needed: int | None

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return {**asdict(self), "interval": self.interval.to_dict()}


def rate_margin(successes: float, n: int, confidence: float = 0.95,
                population: int | None = None) -> Margin:
    """Wilson interval and margin for a pass rate of successes out of n evaluations."""
    low, high = wilson_interval(successes, n, confidence, population)
    return Margin(successes / n, low, high, (high - low) / 2, n, confidence)


def mean_margin(mean: float, sd: float, n: int, confidence: float = 0.95,
                population: int | None = None) -> Margin:
    """t interval and margin for a mean score of n evaluations with standard deviation sd."""
    half = t_margin(n, sd, confidence, population)
    return Margin(mean, mean - half, mean + half, half, n, confidence)


def evaluations_for_rate(margin: float, expected_rate: float = 0.5, confidence: float = 0.95,
                         population: int | None = None) -> int:
    """Fewest evaluations whose Wilson margin at `expected_rate` is at most `margin`.

    0.5 is the cautious default (the widest interval) when the rate is unknown.
    """
    _check_target(margin, 0.5, "pass-rate margin")
    if not 0 <= expected_rate <= 1:
        raise UsageError(f"The expected pass rate must be between 0 and 1, not {expected_rate}.")
    return _smallest_n(lambda n: rate_margin(expected_rate * n, n, confidence,
                                             population).margin <= margin, 1, population)


def evaluations_for_mean(margin: float, sd: float, confidence: float = 0.95,
                         population: int | None = None) -> int:
    """Fewest evaluations (at least 2) whose t margin, for standard deviation sd, is <= `margin`."""
    _check_target(margin, math.inf, "score margin")
    if not sd > 0:
        raise UsageError(f"The standard deviation must be positive, not {sd}.")
    return _smallest_n(lambda n: t_margin(n, sd, confidence, population) <= margin,
                       2, population)


def cochran_n(margin: float, expected_rate: float = 0.5, confidence: float = 0.95,
              population: int | None = None) -> int:
    """Cochran's classic (Wald) sample size n0 = z^2 p (1 - p) / E^2.

    With a known population N it becomes n0 / (1 + (n0 - 1) / N), the formula
    behind Krejcie & Morgan's (1970) table.
    """
    _check_target(margin, 0.5, "pass-rate margin")
    n0 = z_value(confidence) ** 2 * expected_rate * (1 - expected_rate) / margin**2
    n = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    return max(1, math.ceil(n - 1e-9))


def rate_adequacy(successes: int, n: int, team_rate: float, confidence: float = 0.95,
                  population: int | None = None) -> Adequacy:
    """Can this agent's pass rate be told apart from the team's? Verdict, interval and N needed."""
    interval = rate_margin(successes, n, confidence, population)
    gap = abs(interval.estimate - team_rate)
    needed = None
    if gap > 0:
        needed = evaluations_for_rate(min(gap, 0.5), interval.estimate, confidence, population)
    return _adequacy(interval, team_rate, needed, "pass rate")


def mean_adequacy(mean: float, sd: float, n: int, team_mean: float, confidence: float = 0.95,
                  population: int | None = None) -> Adequacy:
    """Can this agent's mean score be told apart from the team's? Verdict, interval and N needed."""
    interval = mean_margin(mean, sd, n, confidence, population)
    gap = abs(mean - team_mean)
    needed = evaluations_for_mean(gap, sd, confidence, population) if gap > 0 and sd > 0 else None
    return _adequacy(interval, team_mean, needed, "mean score")


def _adequacy(interval: Margin, team: float, needed: int | None, what: str) -> Adequacy:
    if interval.low <= team <= interval.high:
        more = f"; about {needed} evaluations would be needed" if needed else ""
        verdict = (f"Too few evaluations to tell this agent's {what} from the team's: the "
                   f"team level lies inside the interval{more}.")
        return Adequacy(verdict, False, interval, team, needed)
    side = "above" if interval.estimate > team else "below"
    verdict = f"Enough evaluations: this agent's {what} is {side} the team's."
    return Adequacy(verdict, True, interval, team, needed)


def _smallest_n(good_enough: Callable[[int], bool], start: int, population: int | None) -> int:
    """Binary search for the smallest n >= start that is good enough (margins shrink with n)."""
    ceiling = population if population is not None else _MAX_SEARCH
    if ceiling < start or not good_enough(ceiling):
        raise UsageError("No number of evaluations reaches that margin; ask for a wider one.")
    low, high = start, ceiling
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if good_enough(middle) else (middle + 1, high)
    return low


def _check_target(margin: float, largest: float, what: str) -> None:
    if not 0 < margin <= largest:
        limit = "" if math.isinf(largest) else f" and at most {largest}"
        raise UsageError(f"The {what} must be above 0{limit}, not {margin}.")

