"""Shewhart control-chart constants for subgroups of 2 to 25 (ASTM / Montgomery table).

The values are the published three-decimal table (ASTM STP 15D; Montgomery,
*Introduction to Statistical Quality Control*, Appendix VI), so limits match
what assessors see in textbooks. E2 (individuals chart) is 3/d2.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa_tui.errors import UsageError

MIN_SUBGROUP = 2
MAX_SUBGROUP = 25

# n: (A2, d2, d3, D3, D4)
_TABLE: dict[int, tuple[float, float, float, float, float]] = {
    2: (1.880, 1.128, 0.853, 0.000, 3.267),
    3: (1.023, 1.693, 0.888, 0.000, 2.574),
    4: (0.729, 2.059, 0.880, 0.000, 2.282),
    5: (0.577, 2.326, 0.864, 0.000, 2.114),
    6: (0.483, 2.534, 0.848, 0.000, 2.004),
    7: (0.419, 2.704, 0.833, 0.076, 1.924),
    8: (0.373, 2.847, 0.820, 0.136, 1.864),
    9: (0.337, 2.970, 0.808, 0.184, 1.816),
    10: (0.308, 3.078, 0.797, 0.223, 1.777),
    11: (0.285, 3.173, 0.787, 0.256, 1.744),
    12: (0.266, 3.258, 0.778, 0.283, 1.717),
    13: (0.249, 3.336, 0.770, 0.307, 1.693),
    14: (0.235, 3.407, 0.763, 0.328, 1.672),
    15: (0.223, 3.472, 0.756, 0.347, 1.653),
    16: (0.212, 3.532, 0.750, 0.363, 1.637),
    17: (0.203, 3.588, 0.744, 0.378, 1.622),
    18: (0.194, 3.640, 0.739, 0.391, 1.608),
    19: (0.187, 3.689, 0.734, 0.403, 1.597),
    20: (0.180, 3.735, 0.729, 0.415, 1.585),
    21: (0.173, 3.778, 0.724, 0.425, 1.575),
    22: (0.167, 3.819, 0.720, 0.434, 1.566),
    23: (0.162, 3.858, 0.716, 0.443, 1.557),
    24: (0.157, 3.895, 0.712, 0.451, 1.548),
    25: (0.153, 3.931, 0.708, 0.459, 1.541),
}


@dataclass(frozen=True)
class ChartConstants:
    """The factors for one subgroup size n."""

    n: int
    A2: float
    d2: float
    d3: float
    D3: float
    D4: float

    @property
    def E2(self) -> float:
        """Individuals-chart factor: limits are the mean +/- E2 times the mean moving range."""
        return 3.0 / self.d2


def chart_constants(n: int) -> ChartConstants:
    """Return the control-chart constants for subgroups of size n (2..25)."""
    if n not in _TABLE:
        raise UsageError(
            f"Subgroups must have {MIN_SUBGROUP} to {MAX_SUBGROUP} observations, not {n}."
        )
    return ChartConstants(n, *_TABLE[n])
