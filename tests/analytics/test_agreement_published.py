"""Agreement statistics against published worked examples."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from qa_tui.analytics.agreement import (
    agreement_summary,
    cohen_kappa_table,
    fleiss_kappa,
    gwet_ac1,
    intraclass_correlations,
    krippendorff_alpha,
    ratings_matrix,
)
from qa_tui.analytics.agreement.weights import agreement_weights

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units, "." = missing. Gwet ships the same data as irrCAC's cac.raw4raters.
KRIPPENDORFF_2011 = """
1 2 3 3 2 1 4 1 2 . . .
1 2 3 3 2 2 4 1 2 5 . 3
. 3 3 3 2 3 4 2 2 5 1 .
1 2 3 3 2 4 4 1 2 5 1 .
"""

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges.
SHROUT_FLEISS_1979 = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], dtype=float
)

# The classic Fleiss' kappa example (Wikipedia, "Fleiss' kappa"):
# 10 subjects, 14 raters each, counts per category 1..5.
FLEISS_14_RATERS = np.array(
    [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ],
    dtype=float,
)  # fmt: skip

# Gwet's irrCAC vignette, cont3x3abstractors: 2 abstractors, 100 pregnancies, 3 categories.
ABSTRACTORS = np.array([[13, 0, 0], [0, 20, 7], [0, 4, 56]], dtype=float)


def krippendorff_frame() -> pl.DataFrame:
    rows = []
    for rater, line in zip("ABCD", KRIPPENDORFF_2011.split("\n")[1:5], strict=True):
        for unit, value in enumerate(line.split(), start=1):
            rows.append((f"u{unit:02d}", rater, None if value == "." else int(value)))
    return pl.DataFrame(rows, schema=["item", "rater", "score"], orient="row")


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_alpha_at_every_level(level, expected):
    ratings = ratings_matrix(krippendorff_frame())
    alpha = krippendorff_alpha(ratings.category_counts(), ratings.category_values(), level)
    assert alpha == pytest.approx(expected, abs=0.0005)


def test_krippendorff_2011_nominal_alpha_exact_fraction():
    # The paper's coincidences: n = 40 pairable values, margins 9, 13, 10, 5, 3 and
    # 8 off the diagonal, so alpha = 1 - 39 * 8 / (40**2 - 384) = 113/152.
    ratings = ratings_matrix(krippendorff_frame())
    alpha = krippendorff_alpha(ratings.category_counts(), ratings.category_values(), "nominal")
    assert alpha == pytest.approx(113 / 152, abs=1e-12)


def test_gwet_ac1_and_fleiss_on_raw4raters_match_gwet_published_values():
    # Gwet's irrCAC benchmarking vignette: AC1 = 0.77544, se = 0.14295;
    # fleiss.kappa.raw: 0.76117, se = 0.15302, 95% CI (0.424, 1).
    counts = ratings_matrix(krippendorff_frame()).category_counts()
    ac1, kappa = gwet_ac1(counts), fleiss_kappa(counts)
    assert (ac1.value, ac1.se) == pytest.approx((0.77544, 0.14295), abs=5e-6)
    assert (kappa.value, kappa.se) == pytest.approx((0.76117, 0.15302), abs=5e-6)
    assert (kappa.ci_low, kappa.ci_high) == pytest.approx((0.424, 1.0), abs=5e-4)


def test_shrout_fleiss_1979_six_iccs():
    iccs = intraclass_correlations(SHROUT_FLEISS_1979)
    values = {name: round(estimate.value, 2) for name, estimate in iccs.items()}
    assert values == {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62, "ICC3k": 0.91}


def test_shrout_fleiss_1979_intervals_match_mcgraw_wong():
    # Bounds as computed by McGraw & Wong's formulas (and R psych::ICC) for Table 2.
    iccs = intraclass_correlations(SHROUT_FLEISS_1979)
    bounds = {name: (round(e.ci_low, 2), round(e.ci_high, 2)) for name, e in iccs.items()}
    assert bounds == {
        "ICC1": (-0.13, 0.72), "ICC2": (0.02, 0.76), "ICC3": (0.34, 0.95),
        "ICC1k": (-0.88, 0.91), "ICC2k": (0.07, 0.93), "ICC3k": (0.68, 0.99),
    }  # fmt: skip


def test_fleiss_kappa_classic_14_rater_example():
    # P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
    assert fleiss_kappa(FLEISS_14_RATERS).value == pytest.approx(0.20993, abs=5e-6)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ([[20, 5], [10, 15]], 0.4),  # 50 grant proposals: p_o = 0.7, p_e = 0.5
        ([[45, 15], [25, 15]], 0.1304),  # same p_o = 0.6, different margins ...
        ([[25, 35], [5, 35]], 0.2593),  # ... different kappa
    ],
)
def test_cohen_kappa_wikipedia_examples(table, expected):
    assert cohen_kappa_table(np.array(table)).value == pytest.approx(expected, abs=5e-5)


def test_cohen_kappa_and_gwet_ac1_on_gwet_abstractors_table():
    # irrCAC vignette: kappa2.table 0.7964094 (se 0.05891072), gwet.ac1.table 0.8493305.
    kappa = cohen_kappa_table(ABSTRACTORS)
    assert (kappa.value, kappa.se) == pytest.approx((0.7964094, 0.05891072), abs=5e-8)
    ac1 = gwet_ac1(table_as_counts(ABSTRACTORS))
    assert ac1.value == pytest.approx(0.8493305, abs=5e-8)


def test_weighted_kappa_hand_computed():
    # Table [[2, 1, 0], [0, 2, 1], [0, 0, 2]] on values 1, 2, 3 with linear weights:
    # p_o = (6 + 0.5 * 2) / 8 = 0.875; margins rows (3, 3, 2)/8, cols (2, 3, 3)/8,
    # p_e = sum w_kl r_k c_l = (3 * 3.5 + 3 * 5.5 + 2 * 4.5) / 64 = 36/64;
    # kappa = (56/64 - 36/64) / (1 - 36/64) = 20/28 = 5/7.
    table = np.array([[2, 1, 0], [0, 2, 1], [0, 0, 2]], dtype=float)
    linear = agreement_weights(np.array([1.0, 2.0, 3.0]), "linear")
    assert cohen_kappa_table(table, linear).value == pytest.approx(5 / 7, abs=1e-12)


def test_summary_on_krippendorff_data_reports_everything_it_can():
    summary = agreement_summary(krippendorff_frame(), level="ratio", tolerance=1, bootstrap=200, seed=1)
    assert summary.n_items == 12 and summary.n_raters == 4 and summary.n_ratings == 41
    assert summary.percent_agreement.value == pytest.approx(0.81818, abs=5e-6)
    assert summary.krippendorff_alpha["ratio"].value == pytest.approx(0.797, abs=0.0005)
    assert summary.cohen_kappa is None and all(v is None for v in summary.icc.values())
    assert "missing" in summary.notes["icc"]


def table_as_counts(table: np.ndarray) -> np.ndarray:
    """Expand a two-rater contingency table into items x categories counts."""
    rows = []
    for (first, second), count in np.ndenumerate(table):
        item = np.zeros(table.shape[0])
        item[first] += 1
        item[second] += 1
        rows.extend([item] * int(count))
    return np.array(rows)
