"""`qa-tui stats agreement FILE.csv`, run through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qa_tui.cli import main
from qa_tui.cli.stats_agreement import LEVEL_CHOICES

# Krippendorff (2011): 4 observers x 12 units; units 10-12 and one of unit 1 partly missing.
KRIPPENDORFF = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def krippendorff_csv() -> str:
    lines = ["item,rater,score"]
    for rater, scores in KRIPPENDORFF.items():
        for unit, score in enumerate(scores.split(), start=1):
            lines.append(f"u{unit:02d},{rater},{'' if score == '.' else score}")
    return "\n".join(lines) + "\n"


def run(tmp_path, text: str | bytes, *options: str):
    path = tmp_path / "ratings.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return CliRunner().invoke(main, ["stats", "agreement", str(path), *options])


def test_json_holds_every_statistic_of_the_published_example(tmp_path):
    result = run(tmp_path, krippendorff_csv(), "--json", "--level", "ratio", "--bootstrap", "200")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["n_items"], data["n_raters"]) == (12, 4)
    alphas = {level: round(data["krippendorff_alpha"][level]["value"], 3) for level in LEVEL_CHOICES}
    assert alphas == {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    assert round(data["gwet_ac1"]["value"], 5) == 0.77544 and data["gwet_ac1"]["ci_method"] == "analytic"
    assert round(data["fleiss_kappa"]["value"], 5) == 0.76117
    assert data["cohen_kappa"] is None and data["icc"] == dict.fromkeys(data["icc"])
    assert set(data["icc"]) == {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"}
    assert "missing" in data["notes"]["icc"] and data["percent_agreement"]["ci_method"] == "bootstrap"


def test_two_raters_get_cohen_kappa_and_complete_data_get_iccs(tmp_path):
    rows = ["item,rater,score"] + [
        f"c{i},{r},{(i * (2 if r == 'ann' else 3)) % 5 + 1}" for i in range(8) for r in ("ann", "bo")
    ]
    data = json.loads(run(tmp_path, "\n".join(rows), "--json", "--bootstrap", "0").stdout)
    assert set(data["cohen_kappa"]) == {"unweighted", "linear", "quadratic"}
    assert data["cohen_kappa"]["linear"]["ci_method"] == "analytic"
    assert all(data["icc"][name]["value"] is not None for name in data["icc"])


def test_text_scores_are_categories_with_interval_measures_null_and_explained(tmp_path):
    text = "item,rater,score\n1,a,yes\n1,b,no\n2,a,yes\n2,b,yes\n3,a,no\n3,b,no\n"
    data = json.loads(run(tmp_path, text, "--json", "--tolerance", "1").stdout)
    assert data["numeric"] is False and data["categories"] == ["no", "yes"]
    assert data["krippendorff_alpha"]["interval"] is None and data["icc"]["ICC1"] is None
    assert data["notes"]["krippendorff_alpha.interval"] == "scores are categories, not numbers"
    assert data["krippendorff_alpha"]["nominal"]["value"] is not None


def test_table_fits_80_columns_and_names_each_statistic(tmp_path):
    result = run(tmp_path, krippendorff_csv(), "--tolerance", "1", "--bootstrap", "100")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("Krippendorff's alpha, ordinal") and "0.815" in line for line in lines)
    assert any(line.startswith("Within 1 point") for line in lines)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("item,score\n1,3\n", "row 1 of ratings.csv has no rater column"),
        ("item,rater,score\n1,a,3\n1,b,4\n\n1,a,5\n", "row 5 repeats the rating of item '1' by rater 'a' (first given in row 2)"),
        ("item,rater,score\n1,a,3\n1,b\n", "row 3 of ratings.csv has 2 fields but the header has 3"),
        ("item,rater,score\n1,a,3\n2,a,4\n", "the ratings come from 1 rater(s); agreement needs at least 2"),
        ("item,rater,score\n1,a,3\n,b,4\n", "row 3 has no item"),
        (b"item,rater,score\n1,a,3\n1,b,\xff\xfe\n", "row 3 of ratings.csv is not UTF-8 text"),
        ("", "ratings.csv is empty"),
        ('item,rater,score\n1,a,"3\n', "row 2 of ratings.csv is not valid CSV"),
    ],
)  # fmt: skip
def test_malformed_files_get_one_sentence_with_the_row_and_a_non_zero_exit(tmp_path, text, message):
    result = run(tmp_path, text)
    assert result.exit_code != 0
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_a_missing_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["stats", "agreement", str(tmp_path / "nowhere.csv")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_level_choices_match_the_analytics():
    from qa_tui.analytics.agreement import LEVELS

    assert LEVEL_CHOICES == LEVELS

