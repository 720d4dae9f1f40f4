"""The ratings matrix, levels of measurement and the summary's choices and notes."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

from qa_tui.analytics.agreement import (
    agreement_by,
    agreement_summary,
    level_for_item_type,
    pool_units,
    ratings_matrix,
)
from qa_tui.analytics.agreement.levels import level_allows
from qa_tui.errors import UsageError


def frame(rows, score_type=pl.Int64) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"item": pl.String, "rater": pl.String, "score": score_type}, orient="row"
    )


TWO_RATERS = frame([("a", "x", 1), ("a", "y", 2), ("b", "x", 3), ("b", "y", 3), ("c", "x", 2)])


def test_matrix_has_nan_for_missing_ratings_and_sorted_labels():
    ratings = ratings_matrix(TWO_RATERS)
    assert ratings.items == ("a", "b", "c") and ratings.raters == ("x", "y")
    np.testing.assert_array_equal(ratings.values, [[1, 2], [3, 3], [2, np.nan]])
    assert ratings.categories == (1.0, 2.0, 3.0) and ratings.numeric
    np.testing.assert_array_equal(ratings.category_counts(), [[1, 1, 0], [0, 0, 2], [0, 1, 0]])


def test_null_scores_and_empty_strings_are_missing_and_empty_items_dropped():
    rows = [
        ("a", "x", "4"),
        ("a", "y", " 5 "),
        ("b", "x", ""),
        ("b", "y", None),
        ("c", "x", "4"),
        ("c", "y", "4"),
    ]
    ratings = ratings_matrix(frame(rows, pl.String))
    assert ratings.numeric and ratings.items == ("a", "c")
    np.testing.assert_array_equal(ratings.values, [[4, 5], [4, 4]])


def test_text_scores_are_categories_coded_in_label_order():
    rows = [("a", "x", "yes"), ("a", "y", "no"), ("b", "x", "n/a"), ("b", "y", "yes")]
    ratings = ratings_matrix(frame(rows, pl.String))
    assert not ratings.numeric and ratings.categories == ("n/a", "no", "yes")
    np.testing.assert_array_equal(ratings.values, [[2, 1], [0, 2]])


def test_declared_categories_add_unused_ones_and_reject_unknown_scores():
    ratings = ratings_matrix(TWO_RATERS, categories=[1, 2, 3, 4, 5])
    assert ratings.categories == (1.0, 2.0, 3.0, 4.0, 5.0)
    assert ratings.category_counts().shape == (3, 5)
    with pytest.raises(UsageError, match="score 3.0 is not one of"):
        ratings_matrix(TWO_RATERS, categories=[1, 2])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pl.DataFrame({"item": ["a"], "score": [1]}), "no rater column"),
        (frame([("a", "x", 1), ("a", "y", 2), ("a", "x", 3)]), "row 3 repeats the rating of item 'a' by rater 'x' .first given in row 1"),
        (frame([("a", "x", 1), (None, "y", 2)]), "row 2 has no item"),
        (frame([("a", "x", 1), ("b", "x", 2), ("b", "y", None)]), "1 rater.s.; agreement needs at least 2"),
    ],
)  # fmt: skip
def test_malformed_ratings_get_one_clear_sentence(data, message):
    with pytest.raises(UsageError, match=message):
        ratings_matrix(data)


def test_row_numbers_can_name_lines_of_a_file():
    with pytest.raises(UsageError, match=r"row 7 repeats .*\(first given in row 2\)"):
        ratings_matrix(frame([("a", "x", 1), ("a", "y", 2), ("a", "x", 3)]), row_numbers=[2, 3, 7])


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        ("yes/no", "nominal"),
        ("Yes-No", "nominal"),
        ("scale", "ordinal"),
        ("labelled scale", "ordinal"),
        ("points", "ratio"),
    ],
)
def test_level_for_item_type(kind, level):
    assert level_for_item_type(kind) == level


def test_unknown_item_type_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown item type 'free text'"):
        level_for_item_type("free text")


def test_ordinal_data_gets_interval_but_not_ratio_statistics():
    assert level_allows("ordinal", "interval") and not level_allows("ordinal", "ratio")
    assert not level_allows("nominal", "ordinal") and level_allows("ratio", "ratio")


def test_two_rater_summary_reports_three_cohen_kappas_and_is_json_ready():
    summary = agreement_summary(TWO_RATERS, level="interval", tolerance=1, bootstrap=100)
    assert set(summary.cohen_kappa) == {"unweighted", "linear", "quadratic"}
    # Items a and b are shared: table [[0,1,0],[0,0,0],[0,0,1]] -> p_o = 0.5, p_e = 0.5 * 0.5 = 0.25.
    assert summary.cohen_kappa["unweighted"].value == pytest.approx(1 / 3)
    assert summary.within_tolerance.value == 1.0 and summary.percent_agreement.value == 0.5
    assert summary.icc["ICC1"] is None and "missing" in summary.notes["icc"]
    assert json.loads(json.dumps(summary.to_dict()))["n_ratings"] == 5


def test_nominal_level_reports_only_nominal_statistics_with_reasons():
    summary = agreement_summary(TWO_RATERS, level="nominal", bootstrap=0)
    assert summary.krippendorff_alpha["nominal"] is not None
    assert summary.krippendorff_alpha["interval"] is None and summary.cohen_kappa["linear"] is None
    assert summary.notes["krippendorff_alpha.interval"] == "needs interval data; the ratings are nominal"


def test_categorical_scores_leave_interval_measures_null_with_the_reason():
    rows = [
        ("a", "x", "yes"),
        ("a", "y", "no"),
        ("b", "x", "yes"),
        ("b", "y", "yes"),
        ("c", "x", "no"),
        ("c", "y", "no"),
    ]
    summary = agreement_summary(frame(rows, pl.String), level="ratio", tolerance=1, bootstrap=0)
    assert summary.percent_agreement.value == pytest.approx(2 / 3)
    assert summary.krippendorff_alpha["ordinal"] is None and summary.icc["ICC2"] is None
    assert summary.within_tolerance is None
    assert summary.notes["icc"] == "scores are categories, not numbers"


def test_complete_numeric_data_gets_iccs_with_intervals():
    rows = [(f"i{i}", f"r{j}", i + (j == 2) * (i % 2)) for i in range(6) for j in range(3)]
    summary = agreement_summary(frame(rows), bootstrap=0)
    assert all(summary.icc[name].ci_method == "analytic" for name in summary.icc)
    assert summary.krippendorff_alpha["interval"].ci_low is None  # no bootstrap asked for


def test_per_criterion_and_pooled_session_summaries():
    rows = [
        (f"i{i}", f"r{j}", c, (i + j * (c == "tone")) % 3)
        for i in range(4)
        for j in range(3)
        for c in ("tone", "hold")
    ]
    session = pl.DataFrame(rows, schema=["item", "rater", "criterion", "score"], orient="row")
    by_criterion = agreement_by(session, "criterion", bootstrap=0)
    assert by_criterion["hold"].percent_agreement.value == 1.0
    assert by_criterion["tone"].percent_agreement.value < 1.0
    assert agreement_summary(pool_units(session, "criterion"), bootstrap=0).n_items == 8


@pytest.mark.parametrize(
    ("options", "message"),
    [({"level": "metric"}, "unknown level 'metric'"), ({"tolerance": -1}, "tolerance must be zero or more")],
)
def test_bad_options_are_usage_errors(options, message):
    with pytest.raises(UsageError, match=message):
        agreement_summary(TWO_RATERS, **options)


def test_every_scorecard_criterion_type_has_a_level():
    from qa_tui.domain.scorecard import CriterionType

    levels = {kind.value: level_for_item_type(kind) for kind in CriterionType}
    assert levels == {"yes_no": "nominal", "scale": "ordinal", "points": "ratio"}
