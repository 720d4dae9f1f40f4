"""Before/after comparisons against published worked examples, scipy and hand sums."""

import datetime as dt
import math
import warnings

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from qa_tui.analytics.compare import (
    choose_test,
    cohens_d,
    cohens_h,
    compare,
    compare_means,
    compare_ranks,
    compare_rates,
    compare_windows,
    hedges_g,
    newcombe_interval,
)
from qa_tui.analytics.ranks import _pairs_at_most, hodges_lehmann, kth_difference_by_bisection
from qa_tui.errors import UsageError

# Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score):
# (after successes, n, before successes, n) -> interval for after - before.
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)), ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)), ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)), ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)), ((10, 10, 0, 10), (0.6075, 1.0000)),
]

# Wikipedia, "Welch's t-test", examples 1 and 2 (t and p as printed).
WELCH_EXAMPLES = [
    ([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
     [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
     -2.46, 0.021),
    ([17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8],
     [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6,
      21.5, 22.5, 23.5, 21.5, 21.8], -1.57, 0.149),
]


@pytest.mark.parametrize("counts, published", NEWCOMBE_TABLE_II)
def test_newcombe_interval_matches_table_ii(counts, published):
    after, n_after, before, n_before = counts
    low, high = newcombe_interval(before, n_before, after, n_after)
    assert (round(low, 4), round(high, 4)) == published


def test_two_proportion_z_textbook_example():
    # Worked example: 140/200 vs 255/340, pooled p = 0.7315, SE = 0.039494, z = -1.266015.
    result = compare_rates(255, 340, 140, 200)
    assert result.statistic == pytest.approx(-1.266015, abs=1e-6)
    # The pooled z test is Pearson's chi-square on the 2x2 table without continuity correction.
    chi2, p, _, _ = stats.chi2_contingency([[140, 60], [255, 85]], correction=False)
    assert result.statistic**2 == pytest.approx(chi2)
    assert result.p_value == pytest.approx(p)
    assert result.difference == pytest.approx(140 / 200 - 255 / 340)
    assert result.effect_name == "Cohen's h"
    assert result.verdict.startswith("No clear change")


def test_clear_rise_in_a_rate_reads_as_such():
    result = compare_rates(40, 100, 70, 100)
    assert result.difference == pytest.approx(0.30)
    assert result.ci_low > 0 and result.p_value < 0.001
    assert result.verdict.startswith("The metric rose (+30.0 points")
    assert result.effect_magnitude == "medium"  # h = 0.61


@pytest.mark.parametrize("before, after, t, p", WELCH_EXAMPLES)
def test_welch_matches_published_examples(before, after, t, p):
    # Wikipedia tests A1 - A2; our difference is after - before, so pass A2 as before.
    result = compare_means(after, before)
    assert round(result.statistic, 2) == t
    assert result.p_value == pytest.approx(p, abs=5e-4)
    assert result.df == pytest.approx(stats.ttest_ind(before, after, equal_var=False).df)


def test_welch_interval_matches_hand_formula():
    x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 5.0, 7.0]
    result = compare_means(x, y)
    se2 = (5 / 3) / 4 + 4.0 / 3  # var(x) = 5/3, var(y) = 4
    df = se2**2 / (((5 / 3) / 4) ** 2 / 3 + (4.0 / 3) ** 2 / 2)
    half = stats.t.ppf(0.975, df) * math.sqrt(se2)
    assert (result.ci_low, result.ci_high) == pytest.approx((2.5 - half, 2.5 + half))


def test_mann_whitney_scipy_documentation_example():
    # scipy.stats.mannwhitneyu docs: males vs females, U1 = 17, exact p = 0.1111.
    males, females = [19, 22, 16, 29, 24], [20, 11, 17, 12]
    result = compare_ranks(females, males)
    assert result.statistic == 17
    assert result.p_value == pytest.approx(0.1111, abs=1e-4)
    assert result.effect_size == pytest.approx(2 * 17 / 20 - 1)  # rank-biserial 0.7


def test_hodges_lehmann_hand_computed():
    # Pairwise differences of [4,5,6] - [1,2,3]: 1,2,2,3,3,3,4,4,5 -> median 3.
    shift, low, high = hodges_lehmann(np.array([1.0, 2, 3]), np.array([4.0, 5, 6]))
    assert shift == 3 and low <= 3 <= high
    result = compare_ranks([1, 2, 3], [4, 5, 6])
    assert result.effect_size == 1.0 and result.difference == 3


def test_effect_sizes_hand_computed():
    assert cohens_h(0.5, 0.6) == pytest.approx(2 * math.asin(math.sqrt(0.6)) - math.pi / 2)
    assert cohens_d([1, 2, 3], [3, 4, 5]) == pytest.approx(2.0)
    assert hedges_g([1, 2, 3], [3, 4, 5]) == pytest.approx(2.0 * (1 - 3 / 15))


def test_choose_test_by_kind_and_shape():
    assert choose_test("rate") == "two-proportion z"
    rng = np.random.default_rng(1)
    assert choose_test("score", rng.normal(80, 5, 40), rng.normal(82, 5, 40)) == "Welch t"
    skewed = [50, 51, 50, 52, 50, 51, 99, 50, 51, 50]
    assert choose_test("score", skewed, skewed) == "Mann-Whitney U"
    with pytest.raises(UsageError, match="'rate' or 'score'"):
        choose_test("nps")


def test_compare_dispatches_rates_from_outcomes():
    result = compare("rate", [1, 0, 1, 0], [1, 1, 1, 0])
    assert (result.test, result.before, result.after) == ("two-proportion z", 0.5, 0.75)


def test_compare_windows_on_a_frame():
    days = [dt.date(2025, 1, d) for d in range(1, 21)]
    frame = pl.DataFrame({"date": days, "value": [70.0 + (d % 3) for d in range(10)]
                          + [80.0 + (d % 3) for d in range(10)]})
    result = compare_windows(frame, "score", (days[0], days[9]), (days[10], days[19]),
                             test="Welch t")
    assert result.difference == pytest.approx(10.0)
    with pytest.raises(UsageError, match="must start after the baseline"):
        compare_windows(frame, "score", (days[0], days[9]), (days[5], days[19]))
    with pytest.raises(UsageError, match="after window is empty"):
        compare_windows(frame, "score", (days[0], days[9]),
                        (dt.date(2025, 3, 1), dt.date(2025, 3, 2)))


@pytest.mark.parametrize("call, message", [
    (lambda: compare_rates(0, 0, 1, 2), "before window is empty"),
    (lambda: compare_rates(3, 2, 1, 2), "impossible"),
    (lambda: compare_rates(5, 5, 9, 9), "no variation"),
    (lambda: compare_means([1.0], [2.0, 3.0]), "at least 2"),
    (lambda: compare_means([2.0, 2.0], [2.0, 2.0, 2.0]), "no variance"),
    (lambda: compare_means([], [2.0, 3.0]), "before window is empty"),
    (lambda: compare_ranks([3.0], [3.0]), "nothing to rank"),
    (lambda: compare_rates(1, 2, 1, 2, confidence=95), "between 0 and 1"),
    (lambda: compare("rate", [1, 2], [0, 1]), "0 or 1"),
    (lambda: compare("rate", [1, 0], [0, 1], test="Welch t"), "does not suit"),
])
def test_bad_input_is_refused_in_one_sentence(call, message):
    with pytest.raises(UsageError, match=message):
        call()


counts = st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=80, deadline=None)
@given(counts, counts)
def test_rate_comparison_is_antisymmetric_and_interval_holds_difference(before, after):
    if before[0] + after[0] in (0, before[1] + after[1]):
        return
    forward = compare_rates(*before, *after)
    backward = compare_rates(*after, *before)
    assert forward.difference == pytest.approx(-backward.difference)
    assert forward.ci_low == pytest.approx(-backward.ci_high)
    assert -1 <= forward.ci_low <= forward.difference <= forward.ci_high <= 1
    assert 0 <= forward.p_value <= 1


scores = st.lists(st.integers(0, 100).map(float), min_size=2, max_size=40)


@settings(max_examples=60, deadline=None)
@given(scores, scores)
def test_score_tests_agree_with_scipy(before, after):
    if np.var(before) + np.var(after) == 0:
        return
    welch = compare_means(before, after)
    with warnings.catch_warnings():  # scipy warns when one window is constant
        warnings.simplefilter("ignore", RuntimeWarning)
        reference = stats.ttest_ind(after, before, equal_var=False)
    assert welch.statistic == pytest.approx(reference.statistic)
    assert welch.p_value == pytest.approx(reference.pvalue)
    assert welch.ci_low <= welch.difference <= welch.ci_high
    ranks = compare_ranks(before, after)
    assert ranks.p_value == pytest.approx(stats.mannwhitneyu(after, before).pvalue)
    assert -1 <= ranks.effect_size <= 1 and ranks.ci_low <= ranks.difference <= ranks.ci_high


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=25),
       st.lists(st.floats(-50, 50), min_size=1, max_size=25), st.data())
def test_bisection_picks_the_same_pair_difference_as_sorting(before, after, data):
    x, y = np.sort(np.array(before)), np.array(after)
    diffs = np.sort((y[:, None] - x[None, :]).ravel())
    k = data.draw(st.integers(1, len(diffs)))
    assert kth_difference_by_bisection(x, y, k) == pytest.approx(diffs[k - 1], abs=1e-9)
    assert _pairs_at_most(x, y, float(diffs[-1]) + 1e-9) == len(diffs)
