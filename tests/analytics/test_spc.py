"""Control charts and run rules against published tables, worked examples and hand sums."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from qa_tui.analytics.run_rules import western_electric
from qa_tui.analytics.spc import individuals_chart, p_chart, sustained_shift, xbar_r_chart
from qa_tui.analytics.spc_constants import chart_constants
from qa_tui.errors import UsageError

# Factors for constructing control charts, transcribed from a second printing of the
# published table (Table A.22, "Factors for Constructing Control Charts"): n: A2, d2, d3, D3, D4.
PUBLISHED = {
    2: (1.880, 1.128, 0.853, 0, 3.267), 3: (1.023, 1.693, 0.888, 0, 2.574),
    4: (0.729, 2.059, 0.880, 0, 2.282), 5: (0.577, 2.326, 0.864, 0, 2.114),
    6: (0.483, 2.534, 0.848, 0, 2.004), 7: (0.419, 2.704, 0.833, 0.076, 1.924),
    8: (0.373, 2.847, 0.820, 0.136, 1.864), 9: (0.337, 2.970, 0.808, 0.184, 1.816),
    10: (0.308, 3.078, 0.797, 0.223, 1.777), 11: (0.285, 3.173, 0.787, 0.256, 1.744),
    12: (0.266, 3.258, 0.778, 0.283, 1.717), 13: (0.249, 3.336, 0.770, 0.307, 1.693),
    14: (0.235, 3.407, 0.763, 0.328, 1.672), 15: (0.223, 3.472, 0.756, 0.347, 1.653),
    16: (0.212, 3.532, 0.750, 0.363, 1.637), 17: (0.203, 3.588, 0.744, 0.378, 1.622),
    18: (0.194, 3.640, 0.739, 0.391, 1.608), 19: (0.187, 3.689, 0.734, 0.403, 1.597),
    20: (0.180, 3.735, 0.729, 0.415, 1.585), 21: (0.173, 3.778, 0.724, 0.425, 1.575),
    22: (0.167, 3.819, 0.720, 0.434, 1.566), 23: (0.162, 3.858, 0.716, 0.443, 1.557),
    24: (0.157, 3.895, 0.712, 0.451, 1.548), 25: (0.153, 3.931, 0.708, 0.459, 1.541),
}

# Montgomery, Introduction to SQC, orange-juice cans: 30 samples of 50, nonconforming counts.
ORANGE_JUICE = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
                8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]


@pytest.mark.parametrize("n", sorted(PUBLISHED))
def test_constants_match_published_table(n):
    k = chart_constants(n)
    assert (k.A2, k.d2, k.d3, k.D3, k.D4) == PUBLISHED[n]


def _expected_range(n: int) -> float:
    """d2: mean range of n standard normals, E[R] = integral of 1 - F^n - (1 - F)^n."""
    def integrand(x):
        return 1 - stats.norm.cdf(x) ** n - stats.norm.sf(x) ** n
    return integrate.quad(integrand, -np.inf, np.inf)[0]


@pytest.mark.parametrize("n", sorted(PUBLISHED))
def test_constants_agree_with_theory(n):
    """The table is d2 from the range distribution, A2 = 3/(d2 sqrt n), D4 = 1 + 3 d3/d2."""
    k = chart_constants(n)
    d2 = _expected_range(n)
    assert k.d2 == pytest.approx(d2, abs=6e-4)
    assert k.A2 == pytest.approx(3 / (d2 * math.sqrt(n)), abs=6e-4)
    assert k.D4 == pytest.approx(1 + 3 * k.d3 / k.d2, abs=2e-3)
    assert k.D3 == pytest.approx(max(0.0, 1 - 3 * k.d3 / k.d2), abs=2e-3)


def test_pairs_range_is_half_normal():
    # For n = 2 the range is sqrt(2)|Z|: d2 = 2/sqrt(pi), d3 = sqrt(2 (1 - 2/pi)); E2 = 2.66.
    k = chart_constants(2)
    assert k.d2 == pytest.approx(2 / math.sqrt(math.pi), abs=5e-4)
    assert k.d3 == pytest.approx(math.sqrt(2 * (1 - 2 / math.pi)), abs=5e-4)
    assert k.E2 == pytest.approx(2.66, abs=5e-4)


@pytest.mark.parametrize("n", [1, 26])
def test_constants_refuse_unsupported_sizes(n):
    with pytest.raises(UsageError, match="2 to 25"):
        chart_constants(n)


def test_p_chart_montgomery_orange_juice():
    chart = p_chart(ORANGE_JUICE, [50] * 30)
    assert chart.centre[0] == pytest.approx(0.2313, abs=5e-5)
    assert chart.upper[0] == pytest.approx(0.4102, abs=5e-5)
    assert chart.lower[0] == pytest.approx(0.0524, abs=5e-5)
    assert [v.indices for v in chart.violations if v.rule == 1] == [(14,), (22,)]


def test_p_chart_montgomery_revised_limits_exclude_assignable_causes():
    chart = p_chart(ORANGE_JUICE, [50] * 30, exclude=[14, 22])
    assert chart.centre[0] == pytest.approx(0.2150, abs=5e-5)
    assert chart.upper[0] == pytest.approx(0.3893, abs=5e-5)
    assert chart.lower[0] == pytest.approx(0.0407, abs=5e-5)
    assert [v.indices for v in chart.violations if v.rule == 1] == [(14,), (20,), (22,)]


def test_p_chart_variable_sizes_pyzdek_peaches():
    # Pyzdek, Handbook for Quality Management, Table 9.6: bruised peaches, 250 per crate.
    crates = [1] * 10 + [2, 2, 2] + [1] * 8 + [2] * 4
    bruised = [47, 42, 55, 51, 46, 61, 39, 44, 41, 51, 88, 101, 101, 40, 48, 47, 50, 48, 57,
               45, 43, 105, 98, 100, 96]
    chart = p_chart(bruised, [250 * c for c in crates])
    assert chart.centre[0] == pytest.approx(1544 / 8000)
    # Hand: 0.193 +/- 3 sqrt(0.193 * 0.807 / n) = +/- 0.07488 (n=250), +/- 0.05295 (n=500).
    assert (chart.lower[0], chart.upper[0]) == pytest.approx((0.11812, 0.26788), abs=1e-5)
    assert (chart.lower[10], chart.upper[10]) == pytest.approx((0.14005, 0.24595), abs=1e-5)
    assert not [v for v in chart.violations if v.rule == 1]


def test_individuals_chart_hand_computed():
    pair = individuals_chart([10, 12, 11, 13, 12])
    # Mean 11.6, moving ranges 2, 1, 2, 1 so MR-bar 1.5; limits 11.6 +/- (3 / 1.128) * 1.5.
    assert pair.location.centre[0] == pytest.approx(11.6)
    assert pair.location.upper[0] == pytest.approx(11.6 + 3 / 1.128 * 1.5)
    assert pair.location.lower[0] == pytest.approx(11.6 - 3 / 1.128 * 1.5)
    assert math.isnan(pair.dispersion.values[0])
    assert pair.dispersion.values[1:] == (2, 1, 2, 1)
    assert pair.dispersion.upper[0] == pytest.approx(3.267 * 1.5)
    assert pair.to_dict()["dispersion"]["values"][0] is None


def test_xbar_r_chart_hand_computed():
    pair = xbar_r_chart([[1, 2, 3], [2, 3, 4], [3, 4, 5]])
    # X-double-bar 3, R-bar 2, A2(3) = 1.023, D4(3) = 2.574.
    assert pair.location.values == (2, 3, 4)
    assert (pair.location.lower[0], pair.location.upper[0]) == pytest.approx((0.954, 5.046))
    assert (pair.dispersion.lower[0], pair.dispersion.upper[0]) == pytest.approx((0, 5.148))


def test_baseline_limits_reveal_a_sustained_shift():
    before = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 11, 9]
    after = [13, 14, 13, 12, 14, 13, 13, 14, 12, 13]
    pair = individuals_chart(before + after, baseline=len(before))
    assert pair.location.centre[0] == pytest.approx(10.0)
    runs = [v for v in pair.location.violations if v.rule == 4]
    assert [v.indices for v in runs] == [tuple(range(12, 22))]
    assert sustained_shift(pair.location) == "up"
    assert sustained_shift(individuals_chart(before).location) is None


def test_rule_one_beyond_three_sigma():
    found = western_electric([3.1, 0, -3.5, 3.0])
    assert [(v.rule, v.side, v.indices) for v in found] == [(1, "above", (0,)), (1, "below", (2,))]


def test_rule_two_merges_overlapping_windows():
    found = western_electric([0, 2.5, 0, 2.5, 2.1, -1])
    assert [(v.rule, v.side, v.indices) for v in found] == [(2, "above", (1, 3, 4))]


def test_rule_two_needs_same_side():
    assert western_electric([2.5, -2.5, 0.0]) == []


def test_rule_three_four_of_five():
    found = western_electric([1.5, 1.5, -0.5, 1.5, 1.5])
    assert [(v.rule, v.indices) for v in found] == [(3, (0, 1, 3, 4))]


def test_rule_four_eight_in_a_row_and_centre_breaks_a_run():
    assert [v.indices for v in western_electric([-0.5] * 8)] == [tuple(range(8))]
    assert western_electric([0.5] * 7) == []
    assert western_electric([0.5] * 4 + [0.0] + [0.5] * 4) == []


def test_describe_numbers_points_from_one():
    (violation,) = western_electric([4.0])
    assert violation.describe() == "Rule 1 (a point beyond 3 sigma), above: points 1"


@pytest.mark.parametrize("call, message", [
    (lambda: xbar_r_chart([[1, 2], [1, 2, 3]]), "equal size"),
    (lambda: xbar_r_chart([[1], [2]]), "2 to 25"),
    (lambda: individuals_chart([5, 5, 5]), "variation"),
    (lambda: individuals_chart([1]), "at least 2"),
    (lambda: individuals_chart([1, 2, 3], baseline=5), "baseline"),
    (lambda: individuals_chart([1, 2, float("nan")]), "finite"),
    (lambda: p_chart([3], [2]), "between 0"),
    (lambda: p_chart([0, 0], [5, 5]), "variation"),
    (lambda: p_chart([1, 2], [5]), "one subgroup size"),
    (lambda: p_chart([1, 2], [5, 5], exclude=[7]), "exclude"),
])
def test_bad_input_is_refused_in_one_sentence(call, message):
    with pytest.raises(UsageError, match=message):
        call()


series = st.lists(st.floats(-1e3, 1e3, allow_nan=False).map(lambda v: round(v, 3)),
                  min_size=3, max_size=40).filter(lambda xs: len(set(xs)) > 2)


@settings(max_examples=60, deadline=None)
@given(series, st.floats(-100, 100), st.floats(0.5, 20))
def test_xmr_is_equivariant_under_shift_and_scale(values, shift, scale):
    base = individuals_chart(values).location
    moved = individuals_chart([v * scale + shift for v in values]).location
    assert moved.centre[0] == pytest.approx(base.centre[0] * scale + shift, abs=1e-6)
    assert moved.upper[0] - moved.lower[0] == pytest.approx(
        (base.upper[0] - base.lower[0]) * scale, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(series)
def test_rule_one_flags_exactly_the_points_outside_the_limits(values):
    chart = individuals_chart(values, baseline=3 if len(set(values[:3])) > 1 else None).location
    flagged = {v.indices[0] for v in chart.violations if v.rule == 1}
    points = enumerate(zip(chart.values, chart.lower, chart.upper, strict=True))
    outside = {i for i, (x, lo, hi) in points if x > hi + 1e-9 or x < lo - 1e-9}
    assert flagged == outside


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 200), st.floats(0, 1)), min_size=2, max_size=30))
def test_p_chart_limits_stay_in_unit_interval_and_narrow_with_size(rows):
    sizes = [n for n, _ in rows]
    counts = [round(n * share) for n, share in rows]
    if sum(counts) in (0, sum(sizes)):
        return
    chart = p_chart(counts, sizes)
    limits = zip(chart.lower, chart.centre, chart.upper, strict=True)
    assert all(0 <= lo <= c <= hi <= 1 for lo, c, hi in limits)
    widest = max(range(len(sizes)), key=lambda i: chart.upper[i] - chart.lower[i])
    assert sizes[widest] == min(sizes) or chart.upper[widest] == 1 or chart.lower[widest] == 0


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-5, 5, allow_nan=False), max_size=40))
def test_violations_are_sorted_valid_and_on_their_side(z):
    found = western_electric(z)
    assert [v.indices[0] for v in found] == sorted(v.indices[0] for v in found)
    for v in found:
        sign = 1 if v.side == "above" else -1
        assert all(0 <= i < len(z) and sign * z[i] > 0 for i in v.indices)
