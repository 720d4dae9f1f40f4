"""Agreement weights for weighted kappa and AC2 (Cohen 1968; Gwet 2014, ch. 3).

Weights measure how much two ratings agree: 1 on the diagonal, less the
further apart the category values are. They use the values themselves, so a
0-10 scale with unused points keeps its spacing.
"""

from __future__ import annotations

import numpy as np

from qa_tui.errors import UsageError

WEIGHTINGS = ("unweighted", "linear", "quadratic")


def agreement_weights(category_values: np.ndarray, weighting: str = "unweighted") -> np.ndarray:
    """The q x q agreement weight matrix for categories with these values."""
    values = np.asarray(category_values, dtype=float)
    if weighting == "unweighted":
        return np.eye(values.size)
    if weighting not in WEIGHTINGS:
        raise UsageError(f"unknown weighting {weighting!r}; expected one of {', '.join(WEIGHTINGS)}.")
    span = values.max() - values.min() if values.size else 0.0
    if span == 0:
        return np.ones((values.size, values.size))
    distance = np.abs(values[:, None] - values[None, :]) / span
    return 1.0 - (distance if weighting == "linear" else distance**2)
