"""`qa-tui stats compare | sample-size | control-chart` end to end through click."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from qa_tui.cli import main

ORANGE_JUICE = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
                8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]


def run(*args: str):
    return CliRunner().invoke(main, ["stats", *args])


@pytest.fixture
def csv_file(tmp_path):
    def write(text: str, name: str = "data.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)
    return write


def test_compare_rates_json(csv_file):
    rows = ["before,pass"] * 40 + ["before,fail"] * 60 + ["after,yes"] * 70 + ["after,no"] * 30
    result = run("compare", csv_file("window,value\n" + "\n".join(rows)), "--kind", "rate",
                 "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["test"] == "two-proportion z"
    assert (payload["before"], payload["after"]) == (0.4, 0.7)
    assert payload["difference"] == pytest.approx(0.3)
    assert payload["verdict"].startswith("The metric rose")


def test_compare_scores_text_fits_80_columns(csv_file):
    before = [70, 72, 68, 75, 71, 69, 74, 73, 70, 72]
    after = [78, 80, 76, 79, 81, 77, 82, 78, 79, 80]
    rows = [f"before,{v}" for v in before] + [f"after,{v}" for v in after]
    result = run("compare", csv_file("Window,Value\n" + "\n".join(rows)), "--kind", "score",
                 "--test", "welch")
    assert result.exit_code == 0, result.output
    assert "Welch t test" in result.output and "+7.6" in result.output  # 79.0 - 71.4
    assert max(len(line) for line in result.output.splitlines()) <= 80


@pytest.mark.parametrize("text, message", [
    ("window,value\nbefore,1\nafter,x\n", "Row 3: value 'x' is not a number."),
    ("window,value\nbefore,1\nduring,2\n", "Row 3: window 'during' is neither"),
    ("window,value\nbefore,1,3\n", "Row 2: expected 2 fields"),
    ("win,value\nbefore,1\n", "needs a header with the column 'window'"),
    ("window,value\n", "no data rows"),
    ("window,value\nbefore,\n", "Row 2: the value is empty."),
])
def test_compare_malformed_input_is_one_line_with_row(csv_file, text, message):
    result = run("compare", csv_file(text), "--kind", "score")
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_compare_rate_refuses_non_outcomes(csv_file):
    result = run("compare", csv_file("window,value\nbefore,maybe\n"), "--kind", "rate")
    assert result.exit_code == 2 and "Row 2: value 'maybe' is not a pass or fail" in result.output


def test_control_chart_p_montgomery(csv_file):
    rows = [f"S{i + 1:02d},{count},50" for i, count in enumerate(ORANGE_JUICE)]
    path = csv_file("period,value,n\n" + "\n".join(rows))
    result = run("control-chart", path, "--kind", "p", "--json")
    assert result.exit_code == 0, result.output
    chart = json.loads(result.output)["charts"][0]
    assert chart["upper"][0] == pytest.approx(0.4102, abs=5e-5)
    assert [v["indices"] for v in chart["violations"] if v["rule"] == 1] == [[14], [22]]
    revised = run("control-chart", path, "--kind", "p", "--exclude", "S15", "--exclude", "S23")
    assert "leaving out 2" in revised.output and "0.3893" in revised.output
    assert max(len(line) for line in revised.output.splitlines()) <= 80


def test_control_chart_individuals_reports_sustained_shift(csv_file):
    values = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 11, 9, 13, 14, 13, 12, 14, 13, 13, 14, 12, 13]
    rows = [f"W{i + 1},{v}" for i, v in enumerate(values)]
    result = run("control-chart", csv_file("period,value\n" + "\n".join(rows)),
                 "--kind", "individuals", "--baseline", "12")
    assert result.exit_code == 0, result.output
    assert "limits from the first 12 of 22 periods" in result.output
    assert "rule 4" in result.output and "shifted up and stayed there" in result.output


def test_control_chart_xbar_r_groups_rows_by_period(csv_file):
    text = "period,value\nA,1\nA,2\nA,3\nB,2\nB,3\nB,4\nC,3\nC,4\nC,5\n"
    result = run("control-chart", csv_file(text), "--kind", "xbar-r", "--json")
    payload = json.loads(result.output)
    assert payload["periods"] == ["A", "B", "C"]
    assert payload["charts"][0]["upper"][0] == pytest.approx(5.046)
    assert payload["charts"][1]["name"] == "Range"


@pytest.mark.parametrize("kind, text, message", [
    ("xbar-r", "period,value\nA,1\nA,2\nB,3\n", "Period 'B' has 1 observations"),
    ("p", "period,value,n\nA,6,5\n", "Row 2: value 6 must be between 0 and n (5)"),
    ("p", "period,value,n\nA,1.5,5\n", "Row 2: value '1.5' is not a whole number"),
    ("p", "period,value\nA,1\n", "column 'n'"),
    ("individuals", "period,value\nA,1\nA,2\n", "Row 3: period 'A' appears twice"),
    ("individuals", "period,value\nA,1\nB,1\nC,1\n", "need some variation"),
])
def test_control_chart_malformed_input(csv_file, kind, text, message):
    result = run("control-chart", csv_file(text), "--kind", kind)
    assert result.exit_code == 2
    assert message in result.output


def test_control_chart_unknown_excluded_period(csv_file):
    result = run("control-chart", csv_file("period,value\nA,1\nB,2\nC,4\n"),
                 "--kind", "individuals", "--exclude", "Z")
    assert result.exit_code == 2 and "Cannot exclude period 'Z'" in result.output


def test_sample_size_needed_for_rate_and_score():
    result = run("sample-size", "--kind", "rate", "--margin", "0.05", "--json")
    assert json.loads(result.output)["evaluations_needed"] == 381
    text = run("sample-size", "--kind", "score", "--margin", "5", "--sd", "15")
    assert text.output.startswith("38 evaluations give a mean-score margin")


def test_sample_size_adequacy():
    result = run("sample-size", "--kind", "rate", "--n", "40", "--rate", "0.75", "--team", "0.8",
                 "--json")
    payload = json.loads(result.output)
    assert payload["distinguishable"] is False
    assert payload["interval"]["low"] == pytest.approx(0.5981, abs=1e-4)
    text = run("sample-size", "--kind", "score", "--n", "30", "--sd", "5", "--mean", "70",
               "--team", "80")
    assert "below the team" in text.output


@pytest.mark.parametrize("args, message", [
    (["--kind", "rate"], "Give either --n"),
    (["--kind", "rate", "--n", "4", "--margin", "0.1"], "Give either --n"),
    (["--kind", "score", "--n", "40"], "need --sd"),
    (["--kind", "score", "--n", "40", "--sd", "3", "--team", "70"], "needs the agent's --mean"),
    (["--kind", "rate", "--n", "40", "--rate", "1.2"], "between 0 and 1"),
    (["--kind", "rate", "--margin", "0.05", "--population", "10", "--n", "20"], "Give either"),
])
def test_sample_size_refuses_bad_options(args, message):
    result = run("sample-size", *args)
    assert result.exit_code == 2 and message in result.output


def test_help_documents_the_formats():
    assert "`window` and `value`" in run("compare", "--help").output
    help_text = run("control-chart", "--help").output
    assert "number of failures" in help_text and "2 to 25" in help_text


def test_importing_the_cli_loads_no_heavy_libraries():
    code = ("import sys, qa_tui.cli; "
            "print(sorted(m for m in ('polars', 'numpy', 'scipy', 'plotext') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
