"""Properties every agreement statistic must have, on random rating frames."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qa_tui.analytics.agreement import (
    agreement_summary,
    intraclass_correlations,
    percent_agreement,
    ratings_matrix,
    tolerance_agreement,
)
from qa_tui.analytics.agreement.cohen import cohen_kappa

SETTINGS = settings(max_examples=40, deadline=None)


@st.composite
def rating_frames(draw, max_raters=5, complete=False) -> pl.DataFrame:
    """A long (item, rater, score) frame of scores 1..5 from 2+ raters, maybe with gaps."""
    n_items, n_raters = draw(st.integers(2, 10)), draw(st.integers(2, max_raters))
    score = st.integers(1, 5)
    cell = score if complete else st.one_of(score, score, score, st.none())
    rows = [(f"i{i}", f"r{j}", draw(cell)) for i in range(n_items) for j in range(n_raters)]
    frame = pl.DataFrame(
        rows, schema={"item": pl.String, "rater": pl.String, "score": pl.Int64}, orient="row"
    )
    frame = frame.drop_nulls()
    assume(frame["rater"].n_unique() >= 2)
    return frame


def values_of(summary) -> dict:
    """The point estimates of a summary, without intervals (which depend on item order)."""
    plain = summary.to_dict()

    def strip(value):
        if isinstance(value, dict) and "value" in value:
            return round(value["value"], 10)
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items()}
        return value

    return {key: strip(value) for key, value in plain.items()}


@SETTINGS
@given(rating_frames(), st.randoms(use_true_random=False))
def test_statistics_do_not_depend_on_row_order_or_labels(frame, random):
    order = list(range(frame.height))
    random.shuffle(order)
    # Reversed labels put the raters' columns in the opposite order.
    reverse = {f"r{j}": f"assessor-{9 - j}" for j in range(10)}
    relabelled = frame[order].with_columns(pl.col("rater").replace(reverse))
    first = agreement_summary(frame, tolerance=1, bootstrap=0)
    second = agreement_summary(relabelled, tolerance=1, bootstrap=0)
    assert values_of(first) == values_of(second)


@SETTINGS
@given(st.lists(st.integers(1, 5), min_size=2, max_size=10), st.integers(2, 5))
def test_perfect_agreement_scores_one_everywhere(item_scores, n_raters):
    assume(len(set(item_scores)) >= 2)
    rows = [(f"i{i}", f"r{j}", s) for i, s in enumerate(item_scores) for j in range(n_raters)]
    frame = pl.DataFrame(rows, schema=["item", "rater", "score"], orient="row")
    summary = agreement_summary(frame, level="ratio", bootstrap=0)
    assert summary.percent_agreement.value == 1.0
    assert summary.fleiss_kappa.value == pytest.approx(1.0)
    assert summary.gwet_ac1.value == pytest.approx(1.0)
    assert all(alpha.value == pytest.approx(1.0) for alpha in summary.krippendorff_alpha.values())
    assert all(icc.value == pytest.approx(1.0) for icc in summary.icc.values())


@SETTINGS
@given(rating_frames())
def test_tolerance_agreement_grows_with_tolerance_and_starts_at_percent_agreement(frame):
    ratings = ratings_matrix(frame)
    exact = percent_agreement(ratings.category_counts())
    assume(np.isfinite(exact))
    shares = [tolerance_agreement(ratings.values, tolerance) for tolerance in (0, 0.5, 1, 2, 4)]
    assert shares[0] == pytest.approx(exact)
    assert shares == sorted(shares) and shares[-1] == 1.0


@SETTINGS
@given(rating_frames())
def test_coefficients_stay_in_their_ranges(frame):
    summary = agreement_summary(frame, level="ratio", bootstrap=50, seed=3)
    if summary.percent_agreement is not None:
        assert 0.0 <= summary.percent_agreement.value <= 1.0
    for kappa in filter(None, [summary.fleiss_kappa, summary.gwet_ac1]):
        assert kappa.ci_low is None or kappa.ci_low <= kappa.value <= kappa.ci_high <= 1.0
    for alpha in filter(None, summary.krippendorff_alpha.values()):
        assert alpha.value <= 1.0 + 1e-9
        assert alpha.ci_low is None or alpha.ci_low <= alpha.ci_high <= 1.0 + 1e-9


@SETTINGS
@given(rating_frames(complete=True))
def test_fleiss_kappa_is_at_least_minus_one_on_complete_data(frame):
    kappa = agreement_summary(frame, bootstrap=0).fleiss_kappa
    assume(kappa is not None)
    assert -1.0 - 1e-9 <= kappa.value <= 1.0 + 1e-9


@SETTINGS
@given(rating_frames(complete=True))
def test_icc3k_equals_cronbachs_alpha(frame):
    values = ratings_matrix(frame).values
    k = values.shape[1]
    total_variance = values.sum(axis=1).var(ddof=1)
    assume(total_variance > 0)
    cronbach = k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / total_variance)
    assert intraclass_correlations(values)["ICC3k"].value == pytest.approx(cronbach, abs=1e-9)


@SETTINGS
@given(rating_frames(max_raters=2))
def test_weightings_coincide_for_two_categories(frame):
    frame = frame.with_columns((pl.col("score") > 3).cast(pl.Int64).alias("score"))
    ratings = ratings_matrix(frame)
    kappas = [cohen_kappa(ratings, weighting) for weighting in ("unweighted", "linear", "quadratic")]
    assume(all(kappas))
    assert kappas[0].value == pytest.approx(kappas[1].value) == pytest.approx(kappas[2].value)


def test_bootstrap_intervals_are_reproducible_with_a_seed():
    rows = [(f"i{i}", f"r{j}", (i * j) % 4) for i in range(8) for j in range(3)]
    frame = pl.DataFrame(rows, schema=["item", "rater", "score"], orient="row")
    first, second = (agreement_summary(frame, bootstrap=300, seed=7) for _ in range(2))
    other = agreement_summary(frame, bootstrap=300, seed=8)
    assert first.to_dict() == second.to_dict()
    assert first.krippendorff_alpha["ordinal"] != other.krippendorff_alpha["ordinal"]
