"""Fleiss' kappa and Gwet's AC1/AC2 for any number of raters, missing ratings allowed.

Both follow Gwet, Handbook of Inter-Rater Reliability (4th ed., 2014), ch. 2-5:
from the items x categories count matrix r_ik (r_i ratings of item i),

    p_a  = mean over items with r_i >= 2 of  sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1))
    pi_k = mean over items with r_i >= 1 of  r_ik / r_i

with r*_ik = sum_l w_kl r_il (r* = r unweighted). Fleiss' chance agreement is
p_e = sum_kl w_kl pi_k pi_l; Gwet's is p_e = T_w sum_k pi_k (1 - pi_k) / (q (q - 1)),
T_w the sum of the weights. Both coefficients are (p_a - p_e) / (1 - p_e), and
their variance is Gwet's linearised per-item variance with t(n - 1) intervals.
Gwet's q is the number of categories on the scale, not just those used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa_tui.analytics.agreement.estimate import Estimate, t_estimate


@dataclass(frozen=True)
class _Parts:
    """The pieces both coefficients share, computed once from the counts."""

    counts: np.ndarray
    weights: np.ndarray
    rated: np.ndarray
    item_pa: np.ndarray
    pi: np.ndarray
    pa: float
    n2more: int


def fleiss_kappa(
    counts: np.ndarray, weights: np.ndarray | None = None, confidence: float = 0.95
) -> Estimate | None:
    """Fleiss' kappa (Gwet's generalisation to missing ratings and weights), or None if undefined."""
    parts = _parts(counts, weights)
    if parts is None:
        return None
    pe = float(parts.pi @ parts.weights @ parts.pi)
    symmetric_pi = (parts.weights @ parts.pi + parts.weights.T @ parts.pi) / 2.0
    item_pe = (parts.counts @ symmetric_pi) / parts.rated
    return _coefficient(parts, pe, item_pe, confidence)


def gwet_ac1(
    counts: np.ndarray, weights: np.ndarray | None = None, confidence: float = 0.95
) -> Estimate | None:
    """Gwet's AC1 (AC2 when weighted), or None if undefined (fewer than 2 categories)."""
    parts = _parts(counts, weights)
    q = parts.counts.shape[1] if parts else 0
    if parts is None or q < 2:
        return None
    scale = parts.weights.sum() / (q * (q - 1))
    pe = float(scale * (parts.pi * (1.0 - parts.pi)).sum())
    item_pe = scale * (parts.counts @ (1.0 - parts.pi)) / parts.rated
    return _coefficient(parts, pe, item_pe, confidence)


def _parts(counts: np.ndarray, weights: np.ndarray | None) -> _Parts | None:
    counts = np.asarray(counts, dtype=float)
    counts = counts[counts.sum(axis=1) > 0]
    weights = np.eye(counts.shape[1]) if weights is None else np.asarray(weights, dtype=float)
    rated = counts.sum(axis=1)
    n2more = int((rated >= 2).sum())
    if n2more == 0:
        return None
    pairs = np.where(rated >= 2, rated * (rated - 1), 1.0)
    item_pa = np.where(rated >= 2, (counts * (counts @ weights.T - 1.0)).sum(axis=1) / pairs, 0.0)
    pi = (counts / rated[:, None]).mean(axis=0)
    return _Parts(counts, weights, rated, item_pa, pi, float(item_pa.sum() / n2more), n2more)


def _coefficient(parts: _Parts, pe: float, item_pe: np.ndarray, confidence: float) -> Estimate | None:
    if np.isclose(pe, 1.0):
        return None  # every rating in one category: chance explains all agreement
    value = (parts.pa - pe) / (1.0 - pe)
    n = parts.counts.shape[0]
    pairable = parts.rated >= 2
    item_values = (n / parts.n2more) * (parts.item_pa - pe * pairable) / (1.0 - pe)
    linearised = item_values - 2.0 * (1.0 - value) * (item_pe - pe) / (1.0 - pe)
    variance = ((linearised - value) ** 2).sum() / (n * (n - 1)) if n > 1 else np.nan
    return t_estimate(value, np.sqrt(variance), n - 1, confidence)
