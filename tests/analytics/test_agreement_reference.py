"""Agreement statistics against established implementations, on random rating matrices.

Each reference library is a test-only dependency and its tests skip without it.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qa_tui.analytics.agreement import (
    RatingMatrix,
    cohen_kappa,
    contingency_table,
    fleiss_kappa,
    gwet_ac1,
    intraclass_correlations,
    krippendorff_alpha,
    ratings_matrix,
)

# The reference libraries warn about their own internals (0/0 in statsmodels' z, pandas copies in irrCAC).
pytestmark = [
    pytest.mark.filterwarnings("ignore::RuntimeWarning:statsmodels.*"),
    pytest.mark.filterwarnings("ignore::Warning:irrCAC.*"),
]

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def rating_matrices(draw, min_raters=2, max_raters=5, complete=False, max_value=5) -> RatingMatrix:
    """A random items x raters matrix of scores 1..max_value, some missing unless complete."""
    n_items = draw(st.integers(2, 12))
    n_raters = draw(st.integers(min_raters, max_raters))
    score = st.integers(1, max_value)
    cell = score if complete else st.one_of(score, score, score, st.none())
    cells = draw(st.lists(cell, min_size=n_items * n_raters, max_size=n_items * n_raters))
    rows = [(f"i{i}", f"r{j}", cells[i * n_raters + j]) for i in range(n_items) for j in range(n_raters)]
    frame = pl.DataFrame(
        rows, schema={"item": pl.String, "rater": pl.String, "score": pl.Int64}, orient="row"
    )
    assume(frame.drop_nulls()["rater"].n_unique() >= 2)
    return ratings_matrix(frame)


@SETTINGS
@given(rating_matrices(), st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_krippendorff_alpha_matches_krippendorff_package(ratings, level):
    krippendorff = pytest.importorskip("krippendorff")
    ours = krippendorff_alpha(ratings.category_counts(), ratings.category_values(), level)
    assume(np.isfinite(ours))
    theirs = krippendorff.alpha(
        reliability_data=ratings.values.T, level_of_measurement=level, value_domain=ratings.category_values()
    )
    assert ours == pytest.approx(theirs, abs=1e-9)


@SETTINGS
@given(rating_matrices(complete=True, max_raters=6))
def test_fleiss_kappa_matches_statsmodels_on_complete_data(ratings):
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    counts = ratings.category_counts()
    ours = fleiss_kappa(counts)
    assume(ours is not None)
    assert ours.value == pytest.approx(inter_rater.fleiss_kappa(counts, method="fleiss"), abs=1e-9)


@SETTINGS
@given(rating_matrices(min_raters=2, max_raters=2), st.sampled_from(["linear", "quadratic"]))
def test_weighted_cohen_kappa_and_its_se_match_statsmodels(ratings, weighting):
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    table = contingency_table(ratings)
    ours = cohen_kappa(ratings, weighting)
    assume(ours is not None and table.sum() > 1)
    theirs = inter_rater.cohens_kappa(table, wt=weighting, weights=ratings.category_values())
    assert ours.value == pytest.approx(theirs.kappa, abs=1e-9)
    assert ours.se**2 == pytest.approx(max(theirs.var_kappa, 0.0), abs=1e-12)


@SETTINGS
@given(rating_matrices(min_raters=2, max_raters=2))
def test_unweighted_cohen_kappa_matches_scikit_learn(ratings):
    metrics = pytest.importorskip("sklearn.metrics")
    ours = cohen_kappa(ratings)
    both = ratings.values[~np.isnan(ratings.values).any(axis=1)]
    assume(ours is not None)
    assert ours.value == pytest.approx(metrics.cohen_kappa_score(both[:, 0], both[:, 1]), abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(rating_matrices(complete=True, max_value=10).filter(lambda r: r.values.shape[0] >= 3))
def test_iccs_and_intervals_match_pingouin(ratings):
    pingouin = pytest.importorskip("pingouin")
    pandas = pytest.importorskip("pandas")
    values = ratings.values
    assume(values.std(axis=1).max() > 0 and values.mean(axis=1).std() > 0)
    # Ratings that are exactly additive (each rater a constant offset) leave no residual: the ICC formulas then divide
    # by a rounding error in both implementations, so such matrices compare nothing.
    residual = values - values.mean(axis=1, keepdims=True) - values.mean(axis=0, keepdims=True) + values.mean()
    assume(np.abs(residual).max() > 1e-6)
    n, k = values.shape
    long = pandas.DataFrame(
        {"t": np.repeat(np.arange(n), k), "r": np.tile(np.arange(k), n), "s": values.ravel()}
    )
    theirs = pingouin.intraclass_corr(long, targets="t", raters="r", ratings="s")
    ours = intraclass_correlations(values)
    for name, row in zip(
        ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"], theirs.itertuples(), strict=True
    ):
        assert ours[name].value == pytest.approx(row.ICC, abs=1e-9)
        if np.isfinite(row.CI95).all():  # pingouin rounds its bounds to 2 decimals
            assert (ours[name].ci_low, ours[name].ci_high) == pytest.approx(tuple(row.CI95), abs=0.0051)


@SETTINGS
@given(rating_matrices(max_raters=5))
def test_fleiss_and_gwet_with_missing_ratings_match_irrcac(ratings):
    raw = pytest.importorskip("irrCAC.raw")
    pandas = pytest.importorskip("pandas")
    counts = ratings.category_counts()
    assume(len(ratings.categories) >= 2 and (counts.sum(axis=1) >= 2).any() and len(ratings.items) >= 2)
    reference = raw.CAC(pandas.DataFrame(ratings.values), digits=12)
    for ours, theirs in ((fleiss_kappa(counts), reference.fleiss()), (gwet_ac1(counts), reference.gwet())):
        assume(ours is not None and ours.se and ours.se > 1e-9)
        assert ours.value == pytest.approx(float(theirs["est"]["coefficient_value"]), abs=1e-9)
        assert ours.se == pytest.approx(float(theirs["est"]["se"]), abs=1e-9)
