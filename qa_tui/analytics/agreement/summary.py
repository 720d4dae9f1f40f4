"""Every agreement statistic for one set of ratings, in one call, as plain data.

`agreement_summary` is what calibration reports, the CLI and the TUI use: a
frozen dataclass whose `to_dict()` is ready for JSON. A statistic that does
not apply is None, and `notes` says why, keyed by the field's dotted path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from qa_tui.analytics.agreement.chance import fleiss_kappa, gwet_ac1
from qa_tui.analytics.agreement.cohen import cohen_kappa
from qa_tui.analytics.agreement.estimate import Estimate, bootstrap_counts, bootstrap_estimate
from qa_tui.analytics.agreement.icc import ICC_NAMES, intraclass_correlations
from qa_tui.analytics.agreement.krippendorff import alpha_from_sums, item_pieces
from qa_tui.analytics.agreement.levels import LEVELS, check_level, level_allows
from qa_tui.analytics.agreement.percent import (
    bootstrap_mean_share,
    item_agreement_shares,
    item_tolerance_shares,
    mean_share,
)
from qa_tui.analytics.agreement.ratings import RatingMatrix, ratings_matrix
from qa_tui.analytics.agreement.weights import WEIGHTINGS
from qa_tui.errors import UsageError


@dataclass(frozen=True)
class AgreementSummary:
    """All agreement statistics of one rating set; None where one does not apply."""

    n_items: int
    n_raters: int
    n_ratings: int
    level: str
    numeric: bool
    categories: list
    tolerance: float | None
    confidence: float
    bootstrap: int
    percent_agreement: Estimate | None
    within_tolerance: Estimate | None
    cohen_kappa: dict[str, Estimate | None] | None
    """By weighting (unweighted, linear, quadratic); None unless exactly two raters."""
    fleiss_kappa: Estimate | None
    gwet_ac1: Estimate | None
    krippendorff_alpha: dict[str, Estimate | None]
    icc: dict[str, Estimate | None]
    notes: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain values (numbers, strings, lists, dicts, None) for JSON."""
        return {name: _plain(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class _Options:
    level: str
    tolerance: float | None
    resamples: int
    seed: int | None
    confidence: float


def agreement_summary(
    frame: pl.DataFrame,
    level: str = "ordinal",
    tolerance: float | None = None,
    bootstrap: int = 1000,
    seed: int | None = 0,
    confidence: float = 0.95,
    categories: Sequence | None = None,
) -> AgreementSummary:
    """Every agreement statistic of a long (item, rater, score) frame.

    `level` is the data's level of measurement (see `level_for_item_type`);
    `tolerance` adds agreement within that many points; `bootstrap` resamples
    of items (0 for none) give the intervals that have no analytic form.
    `categories` lists the scale's possible ratings when some went unused.
    """
    return summarize_ratings(ratings_matrix(frame, categories), level, tolerance, bootstrap, seed, confidence)


def summarize_ratings(
    ratings: RatingMatrix,
    level: str = "ordinal",
    tolerance: float | None = None,
    bootstrap: int = 1000,
    seed: int | None = 0,
    confidence: float = 0.95,
) -> AgreementSummary:
    """`agreement_summary` for a matrix that is already pivoted."""
    options = _check_options(level, tolerance, bootstrap, seed, confidence)
    notes: dict[str, str] = {}
    resamples = bootstrap_counts(ratings.values.shape[0], bootstrap, seed) if bootstrap else None
    counts = ratings.category_counts()
    return AgreementSummary(
        n_items=ratings.values.shape[0],
        n_raters=ratings.values.shape[1],
        n_ratings=ratings.n_ratings,
        level=level,
        numeric=ratings.numeric,
        categories=list(ratings.categories),
        tolerance=tolerance,
        confidence=confidence,
        bootstrap=bootstrap,
        percent_agreement=_percent(counts, resamples, options, notes),
        within_tolerance=_within_tolerance(ratings, resamples, options, notes),
        cohen_kappa=_cohen(ratings, options, notes),
        fleiss_kappa=_noted(fleiss_kappa(counts, confidence=confidence), "fleiss_kappa", notes),
        gwet_ac1=_noted(gwet_ac1(counts, confidence=confidence), "gwet_ac1", notes),
        krippendorff_alpha=_alphas(ratings, counts, resamples, options, notes),
        icc=_iccs(ratings, options, notes),
        notes=notes,
    )


def agreement_by(frame: pl.DataFrame, by: str, **options) -> dict:
    """`agreement_summary` for each value of column `by` (for example each criterion)."""
    if by not in frame.columns:
        raise UsageError(f"the ratings have no {by} column to group by.")
    groups = frame.partition_by(by, as_dict=True, maintain_order=True)
    return {key[0]: agreement_summary(group, **options) for key, group in groups.items()}


def pool_units(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    """Make each (item, `by`) pair one unit, for session-level statistics over all criteria."""
    unit = pl.concat_str(pl.col("item").cast(pl.String), pl.col(by).cast(pl.String), separator=" / ")
    return frame.with_columns(unit.alias("item"))


def _check_options(level, tolerance, bootstrap, seed, confidence) -> _Options:
    check_level(level)
    if tolerance is not None and not tolerance >= 0:
        raise UsageError(f"the tolerance must be zero or more, not {tolerance}.")
    if bootstrap < 0:
        raise UsageError(f"the number of bootstrap resamples must be zero or more, not {bootstrap}.")
    if not 0 < confidence < 1:
        raise UsageError(f"the confidence level must be between 0 and 1, not {confidence}.")
    return _Options(level, tolerance, bootstrap, seed, confidence)


def _percent(counts, resamples, options: _Options, notes: dict) -> Estimate | None:
    shares, pairable = item_agreement_shares(counts)
    return _bootstrapped_share(shares, pairable, resamples, options, "percent_agreement", notes)


def _within_tolerance(ratings: RatingMatrix, resamples, options: _Options, notes: dict) -> Estimate | None:
    if options.tolerance is None:
        return None
    if not ratings.numeric:
        notes["within_tolerance"] = "scores are categories, not numbers"
        return None
    shares, pairable = item_tolerance_shares(ratings.values, options.tolerance)
    return _bootstrapped_share(shares, pairable, resamples, options, "within_tolerance", notes)


def _bootstrapped_share(shares, pairable, resamples, options: _Options, name: str, notes: dict):
    draws = None if resamples is None else bootstrap_mean_share(shares, pairable, resamples)
    estimate = bootstrap_estimate(mean_share(shares, pairable), draws, options.confidence)
    return _noted(estimate, name, notes, "no item was rated by two or more raters")


def _cohen(ratings: RatingMatrix, options: _Options, notes: dict) -> dict | None:
    if ratings.values.shape[1] != 2:
        notes["cohen_kappa"] = f"needs exactly two raters; there are {ratings.values.shape[1]}"
        return None
    result = {}
    for weighting in WEIGHTINGS:
        reason = None if weighting == "unweighted" else _unavailable(ratings, options.level, "interval")
        if reason:
            notes[f"cohen_kappa.{weighting}"] = reason
            result[weighting] = None
            continue
        estimate = cohen_kappa(ratings, weighting, options.confidence)
        result[weighting] = _noted(estimate, f"cohen_kappa.{weighting}", notes)
    return result


def _alphas(ratings: RatingMatrix, counts, resamples, options: _Options, notes: dict) -> dict:
    pairs, margins = item_pieces(counts)
    weights = np.vstack([np.ones(counts.shape[0]), *([] if resamples is None else [resamples])])
    pair_sums, margin_sums = weights @ pairs, weights @ margins
    result = {}
    for level in LEVELS:
        reason = None if level == "nominal" else _unavailable(ratings, options.level, level)
        if reason is None and level == "ratio" and np.nanmin(ratings.values) < 0:
            reason = "ratio data cannot be negative"
        if reason:
            notes[f"krippendorff_alpha.{level}"] = reason
            result[level] = None
            continue
        alphas = alpha_from_sums(pair_sums, margin_sums, ratings.category_values(), level)
        draws = alphas[1:] if resamples is not None else None
        estimate = bootstrap_estimate(alphas[0], draws, options.confidence)
        result[level] = _noted(estimate, f"krippendorff_alpha.{level}", notes)
    return result


def _iccs(ratings: RatingMatrix, options: _Options, notes: dict) -> dict:
    reason = _unavailable(ratings, options.level, "interval")
    missing = int(np.isnan(ratings.values).sum())
    if reason is None and missing:
        reason = f"undefined with missing ratings ({missing} of {ratings.values.size} missing)"
    if reason:
        notes["icc"] = reason
        return dict.fromkeys(ICC_NAMES)
    result = intraclass_correlations(ratings.values, options.confidence)
    if all(value is None for value in result.values()):
        notes["icc"] = "undefined: the scores do not vary"
    return result


def _unavailable(ratings: RatingMatrix, level: str, needed: str) -> str | None:
    """Why a statistic needing `needed`-level data does not apply, or None if it does."""
    if not ratings.numeric:
        return "scores are categories, not numbers"
    if not level_allows(level, needed):
        return f"needs {needed} data; the ratings are {level}"
    return None


def _noted(estimate: Estimate | None, name: str, notes: dict, reason: str | None = None) -> Estimate | None:
    if estimate is None:
        notes[name] = reason or "undefined: every rating falls in one category or too few items are shared"
    return estimate


def _plain(value):
    if isinstance(value, Estimate):
        return value.to_dict()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value
