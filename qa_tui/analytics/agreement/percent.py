"""Pairwise percent agreement, exact and within a tolerance.

For each item rated by two or more raters: the share of rater pairs that agree
(exactly, or within `tolerance` points); then the mean over those items. This
is the "alignment %" of commercial tools, made precise for any number of
raters and for missing ratings.
"""

from __future__ import annotations

import numpy as np


def item_agreement_shares(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per item: the share of agreeing rater pairs, and whether it has 2+ ratings.

    `counts` is items x categories (how many raters chose each category).
    """
    rated = counts.sum(axis=1)
    pairable = rated >= 2
    pairs = np.where(pairable, rated * (rated - 1), 1.0)
    shares = (counts * (counts - 1)).sum(axis=1) / pairs
    return np.where(pairable, shares, 0.0), pairable


def item_tolerance_shares(values: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Per item: the share of rater pairs within `tolerance`, and whether it has 2+ ratings.

    `values` is items x raters with NaN for a missing rating.
    """
    differences = np.abs(values[:, :, None] - values[:, None, :])
    both = ~np.isnan(differences)
    off_diagonal = ~np.eye(values.shape[1], dtype=bool)
    pairs = (both & off_diagonal).sum(axis=(1, 2))
    close = ((differences <= tolerance + 1e-9) & off_diagonal).sum(axis=(1, 2))
    pairable = pairs > 0
    return np.where(pairable, close / np.maximum(pairs, 1), 0.0), pairable


def mean_share(shares: np.ndarray, pairable: np.ndarray) -> float:
    """The mean share over items with 2+ ratings (NaN when there are none)."""
    n = pairable.sum()
    return float(shares.sum() / n) if n else float("nan")


def bootstrap_mean_share(shares: np.ndarray, pairable: np.ndarray, resample_counts: np.ndarray) -> np.ndarray:
    """`mean_share` for every resample (rows of item counts) at once."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (resample_counts @ shares) / (resample_counts @ pairable.astype(float))


def percent_agreement(counts: np.ndarray) -> float:
    """Pairwise percent agreement (0..1) from an items x categories count matrix."""
    return mean_share(*item_agreement_shares(counts))


def tolerance_agreement(values: np.ndarray, tolerance: float) -> float:
    """Pairwise agreement within `tolerance` (0..1) from an items x raters matrix."""
    return mean_share(*item_tolerance_shares(values, tolerance))
