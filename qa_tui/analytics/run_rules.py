"""Western Electric run rules on a control chart's standardised points.

Each point is expressed as z = (value - centre) / sigma, with sigma the
standard deviation of the plotted statistic at that point, so the same rules
serve charts with constant limits (XmR, X-bar) and per-point limits (p).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

RULE_TEXT = {
    1: "a point beyond 3 sigma",
    2: "2 of 3 points beyond 2 sigma on one side",
    3: "4 of 5 points beyond 1 sigma on one side",
    4: "8 points in a row on one side of the centre line",
}
RUN_LENGTH = 8


@dataclass(frozen=True)
class Violation:
    """One breach of a run rule: the rule, the side and the points that make it."""

    rule: int
    side: str
    indices: tuple[int, ...]

    def describe(self) -> str:
        """One line for people, with 1-based point numbers."""
        points = ", ".join(str(i + 1) for i in self.indices)
        return f"Rule {self.rule} ({RULE_TEXT[self.rule]}), {self.side}: points {points}"

    def to_dict(self) -> dict:
        """A JSON-ready dict (indices stay 0-based)."""
        return {"rule": self.rule, "side": self.side, "indices": list(self.indices),
                "description": RULE_TEXT[self.rule]}


def western_electric(z: Sequence[float]) -> list[Violation]:
    """All violations of rules 1-4 in standardised points z, ordered by first point.

    Overlapping windows of the same rule and side are merged into one
    violation; rules 2 and 3 list the points beyond their zone, rule 4 the
    whole run. NaN points (undefined) never count.
    """
    scores = np.asarray(z, dtype=float)
    found = [*beyond_limits(scores), *_runs_in_zone(scores, 2, 3, 2.0, rule=2),
             *_runs_in_zone(scores, 4, 5, 1.0, rule=3), *_same_side_runs(scores)]
    return sorted(found, key=lambda v: (v.indices[0], v.rule))


def beyond_limits(z: np.ndarray, limit: float = 3.0) -> list[Violation]:
    """Rule 1: each point further than `limit` sigma from the centre."""
    above = [Violation(1, "above", (int(i),)) for i in np.flatnonzero(z > limit)]
    below = [Violation(1, "below", (int(i),)) for i in np.flatnonzero(z < -limit)]
    return above + below


def _runs_in_zone(z: np.ndarray, k: int, m: int, zone: float, rule: int) -> list[Violation]:
    """Windows of m consecutive points with at least k beyond `zone` on one side."""
    found: list[Violation] = []
    for side, sign in (("above", 1.0), ("below", -1.0)):
        beyond = sign * z > zone
        windows = [_window_hits(beyond, start, m) for start in range(max(1, len(z) - m + 1))]
        hits = [(span, idx) for span, idx in windows if len(idx) >= k]
        found += [Violation(rule, side, idx) for idx in _merge_overlapping(hits)]
    return found


def _window_hits(beyond: np.ndarray, start: int, m: int) -> tuple[range, tuple[int, ...]]:
    span = range(start, min(start + m, len(beyond)))
    return span, tuple(i for i in span if beyond[i])


def _merge_overlapping(hits: Iterable[tuple[range, tuple[int, ...]]]) -> list[tuple[int, ...]]:
    """Union the hit points of windows whose spans overlap."""
    merged: list[tuple[int, set[int]]] = []  # (end of merged span, points)
    for span, idx in hits:
        if merged and span.start < merged[-1][0]:
            merged[-1] = (max(merged[-1][0], span.stop), merged[-1][1] | set(idx))
        else:
            merged.append((span.stop, set(idx)))
    return [tuple(sorted(points)) for _, points in merged]


def _same_side_runs(z: np.ndarray) -> list[Violation]:
    """Rule 4: maximal runs of at least 8 points strictly on one side of the centre."""
    found: list[Violation] = []
    for side, sign in (("above", 1.0), ("below", -1.0)):
        on_side = np.concatenate([[False], sign * z > 0, [False]]).astype(int)
        edges = np.flatnonzero(np.diff(on_side))
        for start, stop in zip(edges[::2], edges[1::2], strict=True):
            if stop - start >= RUN_LENGTH:
                found.append(Violation(4, side, tuple(range(int(start), int(stop)))))
    return found
