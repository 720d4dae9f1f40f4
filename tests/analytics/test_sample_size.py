"""Margins, sample sizes and adequacy against published values, scipy and hand sums."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from qa_tui.analytics.intervals import fpc, t_margin, wilson_interval
from qa_tui.analytics.sample_size import (
    cochran_n,
    evaluations_for_mean,
    evaluations_for_rate,
    mean_adequacy,
    mean_margin,
    rate_adequacy,
    rate_margin,
)
from qa_tui.errors import UsageError


@pytest.mark.parametrize("successes, n, published", [
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", method 3.
    (81, 263, (0.2553, 0.3662)), (15, 148, (0.0624, 0.1605)),
    (0, 20, (0.0, 0.1611)), (1, 29, (0.0061, 0.1718)),
])
def test_wilson_matches_newcombe(successes, n, published):
    low, high = wilson_interval(successes, n)
    assert (round(low, 4), round(high, 4)) == published


def test_cochran_and_krejcie_morgan_sizes():
    # 1.96^2 * 0.25 / 0.05^2 = 384.1 -> 385;
    # Krejcie & Morgan (1970) table: N=1000 -> 278, N=100 -> 80.
    assert cochran_n(0.05) == 385
    assert cochran_n(0.05, population=1000) == 278
    assert cochran_n(0.05, population=100) == 80


def test_wilson_sample_size_hand_computed():
    # Wilson half-width at p = 0.5: n = 380 -> 0.05002, n = 381 -> 0.04996 (worked by hand).
    assert evaluations_for_rate(0.05) == 381
    assert rate_margin(190, 380).margin == pytest.approx(0.050019, abs=2e-6)
    assert rate_margin(190.5, 381).margin == pytest.approx(0.049955, abs=2e-6)


def test_mean_sample_size_hand_computed():
    # sd 15, margin 5: n = 37 gives t(36) 2.0281 * 15 / sqrt 37 = 5.0013; n = 38 gives 4.9302.
    assert evaluations_for_mean(5, 15) == 38
    assert t_margin(16, 8) == pytest.approx(2.131450 * 8 / 4, abs=1e-5)


def test_finite_population_correction():
    assert fpc(10, None) == 1.0
    assert fpc(10, 101) == pytest.approx(math.sqrt(91 / 100))
    assert rate_margin(20, 50, population=50).margin == 0.0
    assert evaluations_for_rate(0.05, population=200) < 200
    assert mean_margin(80, 10, 25, population=100).margin < mean_margin(80, 10, 25).margin


def test_adequacy_too_few_to_tell_apart():
    result = rate_adequacy(30, 40, team_rate=0.80)  # Wilson 0.598 to 0.858 holds 0.80
    assert not result.distinguishable
    assert result.verdict.startswith("Too few evaluations")
    assert result.needed > 40


def test_adequacy_enough_evaluations():
    result = rate_adequacy(38, 40, team_rate=0.70)  # Wilson 0.835 to 0.986
    assert result.distinguishable and "above the team" in result.verdict
    low = mean_adequacy(70, 5, 30, team_mean=80)
    assert low.distinguishable and "below the team" in low.verdict


@pytest.mark.parametrize("call, message", [
    (lambda: wilson_interval(1, 0), "at least one"),
    (lambda: wilson_interval(5, 4), "impossible"),
    (lambda: evaluations_for_rate(0), "above 0"),
    (lambda: evaluations_for_rate(0.05, expected_rate=1.5), "between 0 and 1"),
    (lambda: evaluations_for_mean(5, 0), "positive"),
    (lambda: mean_margin(80, 10, 1), "at least two"),
    (lambda: rate_margin(5, 10, population=8), "smaller than the number"),
    (lambda: rate_margin(5, 10, confidence=1.0), "between 0 and 1"),
])
def test_bad_input_is_refused_in_one_sentence(call, message):
    with pytest.raises(UsageError, match=message):
        call()


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_agrees_with_scipy(counts, confidence):
    successes, n = counts
    ci = stats.binomtest(successes, n).proportion_ci(confidence, method="wilson")
    assert wilson_interval(successes, n, confidence) == pytest.approx((ci.low, ci.high), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 0.3), st.floats(0.05, 0.95), st.none() | st.integers(50, 5000))
def test_rate_sample_size_is_the_smallest_that_works(margin, rate, population):
    n = evaluations_for_rate(margin, rate, population=population)
    assert rate_margin(rate * n, n, population=population).margin <= margin
    if n > 1:
        assert rate_margin(rate * (n - 1), n - 1, population=population).margin > margin


@settings(max_examples=40, deadline=None)
@given(st.floats(0.5, 20), st.floats(1, 30), st.integers(2, 500))
def test_mean_margin_shrinks_with_more_evaluations(margin, sd, n):
    assert t_margin(n + 1, sd) < t_margin(n, sd)
    needed = evaluations_for_mean(margin, sd)
    assert t_margin(needed, sd) <= margin and (needed == 2 or t_margin(needed - 1, sd) > margin)
