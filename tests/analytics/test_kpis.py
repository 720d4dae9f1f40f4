"""KPIs on small frames computed by hand."""

from datetime import UTC, date, datetime

import polars as pl
import pytest

from qa_tui.analytics import kpis
from qa_tui.errors import UsageError


def _evals():
    return pl.DataFrame({
        "at": [datetime(2026, 3, 2, 9, tzinfo=UTC), datetime(2026, 3, 3, 9, tzinfo=UTC),
               datetime(2026, 2, 20, 9, tzinfo=UTC), datetime(2026, 2, 21, 9, tzinfo=UTC)],
        "team": ["A", "A", "B", "B"],
        "method": ["call_review", "mystery_shop", "call_review", "mystery_shop"],
        "score": [90.0, 70.0, 0.0, 80.0],
        "passed": [True, False, False, True],
        "critical_failed": [False, False, True, False],
    })


def _surveys():
    return pl.DataFrame({
        "at": [datetime(2026, 3, 1, tzinfo=UTC)] * 5,
        "csat": [5, 4, 3, 1, None], "nps": [10, 9, 7, 0, 6], "ces": [1, 2, 3, None, 7],
        "fcr": [True, True, False, None, True],
    })


def test_evaluation_kpis_by_hand():
    frame = _evals()
    assert kpis.summarise(frame, "qa_score").row(0) == (4, 60.0)
    assert kpis.summarise(frame, "pass_rate").row(0) == (4, 50.0)
    assert kpis.summarise(frame, "critical_fail_rate").row(0) == (4, 25.0)
    assert kpis.summarise(frame, "mystery_shop_score").row(0) == (2, 75.0)
    by_team = kpis.summarise(frame, "qa_score", ["team"])
    assert by_team.rows() == [("A", 2, 80.0), ("B", 2, 40.0)]


def test_survey_kpis_by_hand():
    frame = _surveys()
    assert kpis.summarise(frame, "csat").row(0) == (4, 50.0)            # 2 of 4 answered are 4 or 5
    assert kpis.summarise(frame, "nps").row(0) == (5, pytest.approx(0.0))  # 2 promoters, 2 detractors of 5
    assert kpis.summarise(frame, "ces").row(0) == (4, 3.25)
    assert kpis.summarise(frame, "fcr").row(0) == (4, 75.0)


def test_periods_and_this_against_last():
    frame = _evals()
    weekly = kpis.over_time(frame, "qa_score", "week")
    assert weekly["period"].to_list() == [date(2026, 2, 16), date(2026, 3, 2)]
    assert weekly["value"].to_list() == [40.0, 80.0]
    monthly = kpis.this_vs_last(frame, "pass_rate", date(2026, 3, 4), "month")
    assert monthly.row(0, named=True) == {"value_this": 50.0, "n_this": 2, "value_last": 50.0, "n_last": 2, "change": 0.0}
    by_team = kpis.this_vs_last(frame, "qa_score", date(2026, 3, 4), "month", by=["team"]).sort("team")
    assert by_team["value_this"].to_list() == [80.0, None]
    assert by_team["value_last"].to_list() == [None, 40.0]


def test_complaints_per_thousand_and_dimensions():
    contacts = pl.DataFrame({"team": ["A"] * 2000 + ["B"] * 500})
    complaints = pl.DataFrame({"team": ["A", "A", "B"]})
    result = kpis.complaints_per_thousand(complaints, contacts, ["team"])
    assert result["value"].to_list() == [1.0, 2.0]
    answers = pl.DataFrame({"servqual": ["empathy", "empathy", "assurance", None],
                            "earned": [1.0, 0.5, 0.0, 1.0], "failed": [False, False, True, False]})
    dims = kpis.dimension_scores(answers)
    assert dims.rows() == [("assurance", 1, 0.0, 100.0), ("empathy", 2, 75.0, 0.0)]


def test_unknown_kpi_is_one_sentence():
    with pytest.raises(UsageError, match="Unknown KPI"):
        kpis.value_expr("happiness")
