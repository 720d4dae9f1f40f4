"""Rolling averages, Pareto, benchmarking, correlation, control charts and sample adequacy, by hand."""

import math
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from qa_tui.analytics import trends


def test_rolling_mean_uses_fewer_points_at_the_start():
    series = pl.DataFrame({"value": [10.0, 20.0, 30.0, 40.0]})
    assert trends.rolling(series, 3)["rolling"].to_list() == [10.0, 15.0, 20.0, 30.0]


def test_pareto_orders_by_failures_with_cumulative_share():
    answers = pl.DataFrame({"criterion": ["greet"] * 4 + ["verify"] * 4 + ["close"] * 2,
                            "failed": [True, True, True, False, True, False, False, None, False, False]})
    result = trends.pareto(answers)
    assert result["criterion"].to_list() == ["greet", "verify"]
    assert result["failures"].to_list() == [3, 1]
    assert result["fail_rate"].to_list() == [75.0, pytest.approx(100 / 3)]
    assert result["cumulative"].to_list() == [75.0, 100.0]


def test_benchmark_ranks_best_first_and_gaps_from_centre():
    frame = pl.DataFrame({"team": ["A", "A", "B", "C"], "score": [90.0, 70.0, 60.0, 100.0]})
    result = trends.benchmark(frame, "qa_score")
    assert result.select("team", "value", "gap", "rank").rows() == [("C", 100.0, 20.0, 1), ("A", 80.0, 0.0, 2), ("B", 60.0, -20.0, 3)]


def test_correlation_with_fisher_interval():
    x = pl.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    y = pl.Series([2.0, 1.0, 4.0, 3.0, 6.0, 5.0])
    result = trends.correlation(x, y, "agent")
    r = 0.8285714285714286
    assert result.r == pytest.approx(r)
    assert result.low == pytest.approx(math.tanh(math.atanh(r) - 1.959964 / math.sqrt(3)))
    assert result.high == pytest.approx(math.tanh(math.atanh(r) + 1.959964 / math.sqrt(3)))
    assert "6 agents" in result.sentence()
    assert trends.correlation(pl.Series([1.0, 2.0]), pl.Series([1.0, 2.0]), "agent").r is None


def test_qa_vs_csat_by_contact_when_surveys_name_the_contacts():
    ids = [f"i{n}" for n in range(12)]
    evaluations = pl.DataFrame({"interaction_id": ids, "agent_id": ["a"] * 12, "score": [float(50 + 4 * n) for n in range(12)]})
    surveys = pl.DataFrame({"interaction_id": ids, "agent_id": ["a"] * 12, "csat": [1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5]})
    result, pairs = trends.qa_vs_csat(evaluations, surveys)
    assert result.level == "contact" and result.n == 12 and result.r > 0.9
    assert pairs.height == 12


def test_control_chart_of_pass_rate_per_week():
    start = datetime(2026, 1, 5, tzinfo=UTC)
    rows = [{"at": start + timedelta(weeks=w, hours=i), "passed": i < 8 + (w % 2), "score": 80.0}
            for w in range(6) for i in range(10)]
    series, chart = trends.control_chart(pl.DataFrame(rows), "week")
    assert series["n"].to_list() == [10] * 6
    assert chart.values[:2] == (pytest.approx(0.2), pytest.approx(0.1))  # the p chart plots the failing share
    assert chart.centre[0] == pytest.approx(0.15)


def test_adequacy_says_when_an_agents_evaluations_are_too_few():
    rows = [{"agent_id": "few", "team_id": "t", "passed": p} for p in (True, False, True)]
    rows += [{"agent_id": "many", "team_id": "t", "passed": n % 10 != 0} for n in range(200)]
    result = trends.adequacy(pl.DataFrame(rows)).sort("agent_id")
    few = result.row(0, named=True)
    assert few["agent_id"] == "few" and few["n"] == 3 and few["enough"] is False
    assert few["low"] < few["team_rate"] < few["high"]
