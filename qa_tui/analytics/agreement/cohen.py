"""Cohen's kappa for exactly two raters, unweighted or weighted (Cohen 1960, 1968).

kappa = (p_o - p_e) / (1 - p_e) with agreement weights w: p_o = sum w_kl p_kl,
p_e = sum w_kl p_k. p_.l. Its large-sample variance is that of Fleiss, Cohen &
Everitt (1969), which covers both the unweighted and the weighted case. Only
items rated by both raters count.
"""

from __future__ import annotations

import numpy as np

from qa_tui.analytics.agreement.estimate import Estimate, z_estimate
from qa_tui.analytics.agreement.ratings import RatingMatrix
from qa_tui.analytics.agreement.weights import agreement_weights


def cohen_kappa(
    ratings: RatingMatrix, weighting: str = "unweighted", confidence: float = 0.95
) -> Estimate | None:
    """Cohen's kappa of a two-rater matrix, or None when undefined."""
    return cohen_kappa_table(
        contingency_table(ratings),
        agreement_weights(ratings.category_values(), weighting),
        confidence,
    )


def contingency_table(ratings: RatingMatrix) -> np.ndarray:
    """q x q counts of (first rater's category, second rater's category) over items both rated."""
    if ratings.values.shape[1] != 2:
        raise ValueError("Cohen's kappa needs exactly two raters.")
    both = ratings.values[~np.isnan(ratings.values).any(axis=1)]
    codes = np.searchsorted(ratings.category_values(), both).astype(int)
    q = len(ratings.categories)
    table = np.zeros((q, q))
    np.add.at(table, (codes[:, 0], codes[:, 1]), 1.0)
    return table


def cohen_kappa_table(
    table: np.ndarray, weights: np.ndarray | None = None, confidence: float = 0.95
) -> Estimate | None:
    """Cohen's kappa from a q x q contingency table and agreement weights (identity by default)."""
    table = np.asarray(table, dtype=float)
    n = table.sum()
    weights = np.eye(table.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    if n == 0:
        return None
    p = table / n
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    observed, expected = (weights * p).sum(), rows @ weights @ cols
    if np.isclose(expected, 1.0):
        return None  # both raters always used one category: kappa is 0/0
    kappa = (observed - expected) / (1.0 - expected)
    row_mean, col_mean = weights @ cols, weights.T @ rows
    spread = (p * (weights - (row_mean[:, None] + col_mean[None, :]) * (1 - kappa)) ** 2).sum()
    variance = (spread - (kappa - expected * (1 - kappa)) ** 2) / (n * (1 - expected) ** 2)
    return z_estimate(kappa, np.sqrt(max(variance, 0.0)), confidence)
