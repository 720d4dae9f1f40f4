"""Scorecard definitions: construction, validation messages and paths, and version comparison."""

from __future__ import annotations

import dataclasses

import pytest

from qa_tui.domain.scorecard import (
    Compliance,
    Criterion,
    CriterionType,
    Level,
    Method,
    Scorecard,
    ScorecardError,
    Section,
    Servqual,
)
from qa_tui.domain.scorecard_compare import ChangeKind, CriterionChange, compare_scorecards
from qa_tui.errors import UsageError

LEVELS = (Level(1, "Poor", "Interrupts."), Level(2, "Good", "Listens."), Level(3, "Great", "Reflects back."))


def scale(key: str = "listening", **fields: object) -> Criterion:
    fields = {"question": "Did the agent listen?", "type": CriterionType.SCALE, "levels": LEVELS} | fields
    return Criterion(key, **fields)


def card(*criteria: Criterion, **fields: object) -> Scorecard:
    sections = [Section("main", "Main", list(criteria or [scale()]))]
    return Scorecard(**({"name": "Calls", "version": 1, "sections": sections} | fields))


def test_a_valid_scorecard_normalises_its_collections_and_numbers() -> None:
    built = card(scale(weight=2), Criterion("id_check", "ID checked?", CriterionType.YES_NO, critical=True))
    assert built.criteria[0].weight == 2.0 and isinstance(built.criteria[0].weight, float)
    assert isinstance(built.sections, tuple) and isinstance(built.sections[0].criteria, tuple)
    assert built.criterion("id_check").critical
    assert built.pass_mark == 80.0 and built.methods == (Method.CALL_REVIEW,)


def test_unknown_criterion_lookup_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"^Scorecard 'Calls' has no criterion 'nope'\.$"):
        card().criterion("nope")


def test_thresholds_and_extremes() -> None:
    points = Criterion("p", "Points?", CriterionType.POINTS, max_points=5, fail_at_or_below=2)
    assert (points.lowest, points.highest, points.fail_threshold) == (0, 5, 2)
    assert (scale().lowest, scale().highest, scale().fail_threshold) == (1, 3, 1)
    assert Criterion("y", "Yes?", CriterionType.YES_NO).highest == 1


@pytest.mark.parametrize(
    ("build", "message", "path"),
    [
        (lambda: scale(key="Greeting"), "criterion 'Greeting' key must be lower-case letters", ("key",)),
        (lambda: scale(weight=0), "criterion 'listening' field 'weight' must be a positive number", ("weight",)),
        (lambda: scale(weight=-1.5), "field 'weight' must be a positive number", ("weight",)),
        (lambda: scale(weight=float("nan")), "field 'weight' must be a positive number", ("weight",)),
        (lambda: scale(weight="2"), "field 'weight' must be a positive number", ("weight",)),
        (lambda: scale(question="  "), "field 'question' must not be empty", ("question",)),
        (lambda: scale(levels=LEVELS[:1]), "must have at least two levels", ("levels",)),
        (lambda: scale(levels=(LEVELS[1], LEVELS[0])), "strictly ascending order", ("levels", 1, "value")),
        (lambda: scale(levels=(LEVELS[0], LEVELS[0])), "strictly ascending order", ("levels", 1, "value")),
        (lambda: scale(levels=(LEVELS[0], Level(2, "Good", ""))), "level 2 field 'anchor' must not be empty",
         ("levels", 1, "anchor")),
        (lambda: scale(critical=True, bonus=True), "cannot be both a bonus item and critical", ("critical",)),
        (lambda: scale(critical="yes"), "field 'critical' must be true or false", ("critical",)),
        (lambda: scale(fail_at_or_below=3), "must be below its highest value", ("fail_at_or_below",)),
        (lambda: scale(fail_at_or_below=0), "must be one of its level values", ("fail_at_or_below",)),
        (lambda: scale(max_points=3), "only allowed on a points criterion", ("max_points",)),
        (lambda: scale(servqual="kindness"), "field 'servqual' must be one of reliability", ("servqual",)),
        (lambda: scale(compliance=[Compliance.DATA_PROTECTION] * 2), "lists a tag twice", ("compliance",)),
        (lambda: Criterion("y", "Y?", CriterionType.YES_NO, levels=LEVELS), "only allowed on a scale", ("levels",)),
        (lambda: Criterion("y", "Y?", CriterionType.YES_NO, fail_at_or_below=0), "does not apply to a yes/no",
         ("fail_at_or_below",)),
        (lambda: Criterion("p", "P?", CriterionType.POINTS), "'max_points' must be a whole number of at least 1",
         ("max_points",)),
        (lambda: Criterion("p", "P?", CriterionType.POINTS, max_points=4, fail_at_or_below=4), "below its highest",
         ("fail_at_or_below",)),
        (lambda: Criterion("p", "P?", "points", max_points=4), "field 'type' must be one of", ("type",)),
    ],
)  # fmt: skip
def test_invalid_criteria_are_rejected_with_message_and_path(build, message: str, path: tuple) -> None:
    with pytest.raises(ScorecardError, match=message) as caught:
        build()
    assert caught.value.path == path
    assert isinstance(caught.value, UsageError) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("build", "message", "path"),
    [
        (lambda: card(scale("a"), scale("a")), "criterion key 'a' is used twice",
         ("sections", 0, "criteria", 1, "key")),
        (lambda: Scorecard("C", 1, [Section("s", "S", [scale("a")]), Section("s", "T", [scale("b")])]),
         "section key 's' is used twice", ("sections", 1, "key")),
        (lambda: Scorecard("C", 1, [Section("s", "S", [scale("a")]), Section("t", "T", [scale("a")])]),
         "criterion key 'a' is used twice", ("sections", 1, "criteria", 0, "key")),
        (lambda: card(scale(bonus=True)), "at least one criterion that is not a bonus item", ("sections",)),
        (lambda: card(pass_mark=101), "'pass_mark' must be a number from 0 to 100", ("pass_mark",)),
        (lambda: card(version=0), "'version' must be a whole number of at least 1", ("version",)),
        (lambda: card(methods=()), "must list at least one method", ("methods",)),
        (lambda: card(methods=("phone",)), "entries must be among call_review", ("methods", 0)),
        (lambda: card(name=""), "scorecard field 'name' must not be empty", ("name",)),
        (lambda: Scorecard("C", 1, []), "must have at least one section", ("sections",)),
        (lambda: Section("s", "S", []), "section 's' must have at least one criterion", ("criteria",)),
    ],
)  # fmt: skip
def test_invalid_scorecards_are_rejected_with_message_and_path(build, message: str, path: tuple) -> None:
    with pytest.raises(ScorecardError, match=message) as caught:
        build()
    assert caught.value.path == path


def test_error_paths_can_be_placed_under_a_prefix() -> None:
    error = ScorecardError("bad", ("weight",)).under(("sections", 2, "criteria", 0))
    assert error.path == ("sections", 2, "criteria", 0, "weight") and str(error) == "bad"


# --- comparing versions -----------------------------------------------------------------------


def test_identical_versions_have_no_changes_and_compare() -> None:
    comparison = compare_scorecards(card(), dataclasses.replace(card(), version=2))
    assert comparison.changes == () and comparison.settings == () and comparison.scores_comparable


def test_each_kind_of_change_is_listed() -> None:
    old = Scorecard("Calls", 1, [
        Section("a", "A", [scale("listening"), scale("tone"), scale("gone"), scale("moving")]),
        Section("b", "B", [scale("flags")]),
    ])  # fmt: skip
    new = Scorecard("Calls", 2, [
        Section("a", "A", [
            scale("listening", guidance="Listen for paraphrasing."),
            scale("tone", weight=2, levels=LEVELS[:2], servqual=Servqual.ASSURANCE),
            scale("added"),
        ]),
        Section("b", "B", [scale("flags", na_allowed=True), scale("moving")]),
    ], pass_mark=85)  # fmt: skip
    comparison = compare_scorecards(old, new)
    assert set(comparison.changes) == {
        CriterionChange("gone", ChangeKind.REMOVED),
        CriterionChange("added", ChangeKind.ADDED),
        CriterionChange("listening", ChangeKind.WORDING),
        CriterionChange("tone", ChangeKind.WEIGHT),
        CriterionChange("tone", ChangeKind.LEVELS),
        CriterionChange("tone", ChangeKind.TAGS),
        CriterionChange("flags", ChangeKind.RULES),
        CriterionChange("moving", ChangeKind.MOVED),
    }
    assert comparison.settings == ("pass_mark",)
    assert not comparison.scores_comparable


def test_wording_tags_and_moves_keep_scores_comparable() -> None:
    old = Scorecard("Calls", 1, [Section("a", "A", [scale("x")]), Section("b", "B", [scale("y")])])
    new = Scorecard("Calls", 2, [Section("a", "A", [scale("x", guidance="New."), scale("y")])], description="New")
    comparison = compare_scorecards(old, new)
    assert comparison.changed_keys() == {"x", "y"}
    assert comparison.settings == ("description",) and comparison.scores_comparable


def test_type_change_is_flagged() -> None:
    new = card(Criterion("listening", "Did the agent listen?", CriterionType.YES_NO))
    comparison = compare_scorecards(card(), new)
    assert {change.kind for change in comparison.changes} == {ChangeKind.TYPE, ChangeKind.LEVELS}
    assert not comparison.scores_comparable
