"""Krippendorff's alpha for nominal, ordinal, interval and ratio data with missing ratings.

Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
alpha = 1 - (n - 1) * sum_ck o_ck d_ck / sum_ck n_c n_k d_ck, where o is the
coincidence matrix of pairable values (items with 2+ ratings), n_c its margins
and d the level's difference function. Item u adds n_uc n_uk / (m_u - 1) to
o_ck off the diagonal, so alpha for any reweighting of items (a bootstrap
resample) is a matrix product away from the per-item pieces.
"""

from __future__ import annotations

import numpy as np

from qa_tui.analytics.agreement.levels import check_level


def krippendorff_alpha(counts: np.ndarray, category_values: np.ndarray, level: str = "nominal") -> float:
    """Alpha from items x categories counts whose categories have these values (NaN if undefined)."""
    return float(
        krippendorff_alpha_resampled(counts, category_values, level, np.ones((1, counts.shape[0])))[0]
    )


def krippendorff_alpha_resampled(
    counts: np.ndarray,
    category_values: np.ndarray,
    level: str,
    item_weights: np.ndarray,
) -> np.ndarray:
    """Alpha for each row of `item_weights` (resamples x items: how often each item counts)."""
    pairs, margins = item_pieces(counts)
    return alpha_from_sums(item_weights @ pairs, item_weights @ margins, category_values, level)


def item_pieces(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per item: flattened n_uc n_uk / (m_u - 1), and its pairable counts n_uc (zero if m_u < 2)."""
    counts = np.asarray(counts, dtype=float)
    rated = counts.sum(axis=1)
    pairable = counts * (rated >= 2)[:, None]
    scale = 1.0 / np.maximum(rated - 1.0, 1.0)
    pairs = pairable[:, :, None] * pairable[:, None, :] * scale[:, None, None]
    return pairs.reshape(counts.shape[0], -1), pairable


def alpha_from_sums(
    pair_sums: np.ndarray, margins: np.ndarray, category_values: np.ndarray, level: str
) -> np.ndarray:
    """Alpha per row from summed item pieces (rows x q*q) and margins n_c (rows x q)."""
    q = margins.shape[1]
    distances = differences(margins, np.asarray(category_values, dtype=float), level)
    observed = (pair_sums.reshape(-1, q, q) * distances).sum(axis=(1, 2))
    expected = np.einsum("rc,rck,rk->r", margins, distances, margins)
    total = margins.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = 1.0 - (total - 1.0) * observed / expected
    return np.where(expected > 1e-12 * np.maximum(total, 1.0) ** 2, alpha, np.nan)


def differences(margins: np.ndarray, values: np.ndarray, level: str) -> np.ndarray:
    """The squared difference function of `level`, one q x q matrix per row of margins."""
    rows, q = margins.shape
    if check_level(level) == "ordinal":
        return _ordinal_differences(margins)
    if level == "nominal":
        distance = 1.0 - np.eye(q)
    elif level == "interval":
        distance = (values[:, None] - values[None, :]) ** 2
    else:
        distance = _ratio_differences(values)
    return np.broadcast_to(distance, (rows, q, q))


def _ordinal_differences(margins: np.ndarray) -> np.ndarray:
    # (sum of n_g from c to k minus half the end points)^2, via cumulative sums:
    # cum_k - cum_c + (n_c - n_k) / 2 holds for c <= k and c > k alike.
    cumulative = np.cumsum(margins, axis=1)
    inner = cumulative[:, None, :] - cumulative[:, :, None]
    inner = inner + (margins[:, :, None] - margins[:, None, :]) / 2.0
    return inner**2


def _ratio_differences(values: np.ndarray) -> np.ndarray:
    total = values[:, None] + values[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = ((values[:, None] - values[None, :]) / total) ** 2
    return np.where(total == 0, 0.0, ratio)
