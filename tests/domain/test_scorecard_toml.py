"""Scorecard TOML: round trips, and errors that name the line and field at fault."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from scorecard_strategies import any_text, scorecards

from qa_tui.domain.scorecard import CriterionType, Method, Scorecard
from qa_tui.domain.scorecard_toml import dump_scorecard_toml, load_scorecard_toml
from qa_tui.domain.toml_lines import key_lines, line_of
from qa_tui.domain.toml_writer import LINE_LIMIT, toml_value
from qa_tui.errors import UsageError

SAMPLE = '''\
# A small scorecard; line numbers below matter to the tests.
format = 1
name = "Calls"
version = 3
methods = ["call_review", "live_observation"]
pass_mark = 80

[[sections]]
key = "opening"
title = "Opening"

[[sections.criteria]]
key = "greeting"
question = "Greeted?"
type = "yes_no"
weight = 1
guidance = """
Not a table: [[sections]]
weight = "not a key either"
"""

[[sections]]
key = "close"
title = "Close"

[[sections.criteria]]
key = "summary"
question = "Summarised?"
type = "scale"
weight = 2
critical = true
compliance = [
  "own_standards",
  "data_protection",
]
servqual = "reliability"

[[sections.criteria.levels]]
value = 0
label = "No"
anchor = "No summary."

[[sections.criteria.levels]]
value = 1
label = "Yes"
anchor = "Summarises the outcome and next steps."
'''


def replace_line(number: int, text: str) -> str:
    lines = SAMPLE.splitlines()
    lines[number - 1] = text
    return "\n".join(lines) + "\n"


def test_the_sample_loads() -> None:
    card = load_scorecard_toml(SAMPLE)
    assert (card.name, card.version, card.methods) == ("Calls", 3, (Method.CALL_REVIEW, Method.LIVE_OBSERVATION))
    summary = card.criterion("summary")
    assert summary.type is CriterionType.SCALE and summary.critical and summary.weight == 2.0
    assert [level.label for level in summary.levels] == ["No", "Yes"]
    assert card.criterion("greeting").guidance.startswith("Not a table")


@pytest.mark.parametrize(
    ("number", "text", "message"),
    [
        (16, "weight = -1", "line 16: criterion 'greeting' field 'weight' must be a positive number"),
        (30, 'weight = "heavy"', "line 30: criterion 'summary' field 'weight' must be a positive number"),
        (16, "wieght = 1", "line 16: criterion 'greeting' has unknown field 'wieght'"),
        (15, 'type = "stars"', "line 15: criterion 'greeting' field 'type' must be one of yes_no, scale, points"),
        (28, 'question = ""', "line 28: criterion 'summary' field 'question' must not be empty"),
        (31, 'critical = "yes"', "line 31: criterion 'summary' field 'critical' must be true or false"),
        (34, '  "gdpr",', "line 32: criterion 'summary' field 'compliance' entries must be among"),
        (36, 'servqual = "speed"', "line 36: criterion 'summary' field 'servqual' must be one of"),
        (44, "value = 0", "line 44: criterion 'summary' levels must be in strictly ascending order of value"),
        (41, 'anchor = " "', "line 41: criterion 'summary' level 0 field 'anchor' must not be empty"),
        (27, 'key = "greeting"', "line 27: criterion key 'greeting' is used twice"),
        (23, 'key = "opening"', "line 23: section key 'opening' is used twice"),
        (5, 'methods = ["call_review", "phone"]', "line 5: scorecard field 'methods' entries must be among"),
        (6, "pass_mark = 120", "line 6: scorecard field 'pass_mark' must be a number from 0 to 100"),
        (2, "format = 2", "line 2: scorecard field 'format' must be 1"),
        (13, 'id = "greeting"', "line 13: criterion 1 has unknown field 'id'"),
        (14, "", "line 12: criterion 'greeting' is missing field 'question'"),
        (3, "", "line 1: scorecard is missing field 'name'"),
        (30, "weight = 2 # the most important", None),
    ],
)  # fmt: skip
def test_errors_name_the_line_and_field(number: int, text: str, message: str | None) -> None:
    document = replace_line(number, text)
    if message is None:
        assert load_scorecard_toml(document).criterion("summary").weight == 2.0
        return
    with pytest.raises(UsageError) as caught:
        load_scorecard_toml(document)
    assert str(caught.value).startswith(message)


def test_a_list_where_tables_belong_is_rejected() -> None:
    with pytest.raises(UsageError, match=r"^line 2: scorecard field 'sections' must be a list of tables"):
        load_scorecard_toml('name = "C"\nsections = [1, 2]\nversion = 1\n')


@pytest.mark.parametrize(
    ("number", "text", "message"),
    [
        (16, "weight = ", "line 16: TOML syntax error: Invalid value (column 10)"),
        (9, 'key = "opening', "line 9: TOML syntax error: "),
        (8, "[[sections]", "line 8: TOML syntax error: "),
        (10, 'key = "again"', "line 10: TOML syntax error: Cannot overwrite a value"),
    ],
)
def test_syntax_errors_name_the_line(number: int, text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        load_scorecard_toml(replace_line(number, text))
    assert str(caught.value).startswith(message)


@settings(max_examples=60)
@given(scorecards())
def test_dump_then_load_gives_back_an_equal_scorecard(card: Scorecard) -> None:
    text = dump_scorecard_toml(card)
    assert load_scorecard_toml(text) == card
    assert dump_scorecard_toml(load_scorecard_toml(text)) == text


def test_dump_is_readable() -> None:
    text = dump_scorecard_toml(load_scorecard_toml(SAMPLE))
    assert 'name = "Calls"\nversion = 3\n' in text
    assert '[[sections.criteria]]\nkey = "summary"\nquestion = "Summarised?"\ntype = "scale"\nweight = 2\n' in text
    assert "na_allowed" not in text and "critical = true" in text  # defaults are left out


# --- the writer and the line scanner ----------------------------------------------------------


@given(any_text)
def test_every_string_survives_the_writer(text: str) -> None:
    assert tomllib.loads(f"s = {toml_value(text)}")["s"] == text


def test_long_text_is_wrapped_and_still_exact() -> None:
    words = 'The agent  summarises the outcome, "quotes" a\\path and\tagrees next steps ' * 6
    card = load_scorecard_toml(SAMPLE.replace('"Summarised?"', toml_value(words)))
    text = dump_scorecard_toml(card)
    assert max(len(line) for line in text.splitlines()) <= LINE_LIMIT
    assert load_scorecard_toml(text).criterion("summary").question == words


def test_comments_cannot_break_the_document() -> None:
    card = load_scorecard_toml(SAMPLE.replace('name = "Calls"', 'name = "Calls\\nformat = 9\\u001f"'))
    assert load_scorecard_toml(dump_scorecard_toml(card)).name == "Calls\nformat = 9\x1f"


def test_numbers_are_written_plainly() -> None:
    written = [toml_value(v) for v in (2.0, 0.1, 1e-05, 7, True, ["a", 1])]
    assert written == ["2", "0.1", "1e-05", "7", "true", '["a", 1]']


def test_key_lines_follow_tables_arrays_and_multiline_values() -> None:
    lines = key_lines(SAMPLE)
    assert lines[("sections",)] == 8 and lines[("sections", 1)] == 22
    assert lines[("sections", 0, "criteria", 0, "guidance")] == 17
    assert lines[("sections", 1, "criteria", 0, "servqual")] == 36
    assert lines[("sections", 1, "criteria", 0, "levels", 1, "value")] == 44
    assert line_of(lines, ("sections", 1, "criteria", 0, "compliance", 1)) == 32
    assert line_of(lines, ("nowhere",)) == 1


def test_key_lines_understand_quoted_dotted_keys_and_strings_with_symbols() -> None:
    document = "a.\"b.c\" = '[#'\n[t]\n'x y' = [\n  \"]\", # ]\n]\nz = 1\n"
    assert key_lines(document) == {("a", "b.c"): 1, ("t",): 2, ("t", "x y"): 3, ("t", "z"): 6}
