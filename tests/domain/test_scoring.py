"""Score maths: hand-computed cases, then properties over random scorecards and answers."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scorecard_strategies import answer_values, answers, plain_text, scorecards

from qa_tui.domain.scorecard import Criterion, CriterionType, Level, Scorecard, Section
from qa_tui.domain.scoring import NA, answer_fraction, format_score, round_score, score_evaluation
from qa_tui.errors import UsageError

plain_cards = scorecards(plain_text, st.just(""))
FIVE_LEVELS = [Level(value, f"L{value}", f"Behaviour {value}") for value in range(1, 6)]


def make_card(**options: object) -> Scorecard:
    """Weights 2 + 3 + 1 + 1 = 7 base points; a 0.5-point bonus item."""
    first = Section("a", "A", [
        Criterion("yn1", "Yes or no?", CriterionType.YES_NO, weight=2),
        Criterion("sc1", "Scale?", CriterionType.SCALE, levels=FIVE_LEVELS, weight=3),
        Criterion("pt1", "Points?", CriterionType.POINTS, max_points=4, na_allowed=True),
    ])  # fmt: skip
    second = Section("b", "B", [
        Criterion("crit", "Critical?", CriterionType.YES_NO, critical=True),
        Criterion("bon", "Bonus?", CriterionType.YES_NO, weight=0.5, bonus=True),
    ])  # fmt: skip
    return Scorecard("Card", 1, [first, second], **options)


GOOD = {"yn1": True, "sc1": 4, "pt1": 3, "crit": True, "bon": False}


def test_weighted_score_by_hand() -> None:
    result = score_evaluation(make_card(), GOOD)
    # 2 + 3 x (4-1)/(5-1) + 1 x 3/4 + 1 = 6 of 7 points.
    assert (result.achieved, result.possible, result.bonus) == (6.0, 7.0, 0.0)
    assert result.percent == pytest.approx(600 / 7)
    assert result.reported_percent == result.percent
    assert format_score(result.percent) == "85.7%"
    assert result.passed is True and result.complete
    assert [(s.key, s.achieved, s.possible) for s in result.sections] == [("a", 5.0, 6.0), ("b", 1.0, 1.0)]
    assert result.sections[1].percent == 100.0


def test_na_leaves_numerator_and_denominator() -> None:
    result = score_evaluation(make_card(), GOOD | {"pt1": NA})
    assert (result.achieved, result.possible) == (5.25, 6.0)
    assert result.percent == 87.5
    assert result.criteria[2].possible == 0.0


def test_bonus_adds_points_above_the_base() -> None:
    result = score_evaluation(make_card(), GOOD | {"bon": True})
    assert (result.achieved, result.bonus, result.possible) == (6.0, 0.5, 7.0)
    assert result.percent == pytest.approx(650 / 7)


def test_bonus_is_capped_at_one_hundred() -> None:
    result = score_evaluation(make_card(), GOOD | {"sc1": 5, "pt1": 4, "bon": True})
    assert result.percent == 100.0 and result.bonus == 0.5


def test_critical_failure_zeroes_the_reported_score_but_keeps_the_score() -> None:
    result = score_evaluation(make_card(), GOOD | {"crit": False})
    assert result.critical_failed and result.critical_failures == ("crit",)
    assert result.percent == pytest.approx(500 / 7)
    assert result.reported_percent == 0.0
    assert result.passed is False


def test_critical_failure_can_keep_the_computed_score_as_an_option() -> None:
    result = score_evaluation(make_card(critical_fail_zeroes_score=False), GOOD | {"crit": False, "sc1": 5})
    assert result.reported_percent == pytest.approx(575 / 7)  # 82.1%, above the pass mark...
    assert result.passed is False  # ...but a critical failure fails the evaluation all the same


def test_critical_failure_fails_even_while_incomplete() -> None:
    result = score_evaluation(make_card(), {"crit": False})
    assert result.passed is False and result.unanswered == ("yn1", "sc1", "pt1")


def test_unanswered_items_are_listed_and_left_out_of_the_score_so_far() -> None:
    result = score_evaluation(make_card(), {"yn1": True, "pt1": 3, "crit": True})
    assert result.unanswered == ("sc1",)  # the unanswered bonus item is not required
    assert result.percent == 3.75 / 4 * 100
    assert result.passed is None and not result.complete


def test_nothing_answered_has_no_score() -> None:
    result = score_evaluation(make_card(), {})
    assert (result.percent, result.reported_percent, result.passed) == (None, None, None)
    assert format_score(result.percent) == "\u2014"
    assert result.sections[0].percent is None


def test_pass_mark_is_compared_with_the_displayed_score() -> None:
    card = Scorecard("Card", 1, [Section("a", "A", [Criterion("p", "P?", CriterionType.POINTS, max_points=2500)])])
    assert score_evaluation(card, {"p": 1999}).passed is True  # 79.96 shows as 80.0
    assert score_evaluation(card, {"p": 1998}).passed is False  # 79.92 shows as 79.9


@pytest.mark.parametrize(
    ("threshold", "answer", "fails"), [(None, 1, True), (None, 2, False), (3, 3, True), (3, 4, False)]
)
def test_scale_fails_at_or_below_its_threshold(threshold: int | None, answer: int, fails: bool) -> None:
    crit = Criterion("s", "S?", CriterionType.SCALE, levels=FIVE_LEVELS, critical=True, fail_at_or_below=threshold)
    card = Scorecard("Card", 1, [Section("a", "A", [crit])])
    assert score_evaluation(card, {"s": answer}).critical_failed is fails


def test_points_fail_at_zero_by_default_and_non_critical_failures_only_show() -> None:
    points = Criterion("p", "P?", CriterionType.POINTS, max_points=3, critical=True)
    soft = Criterion("y", "Y?", CriterionType.YES_NO)
    card = Scorecard("Card", 1, [Section("a", "A", [points, soft])])
    assert score_evaluation(card, {"p": 0, "y": True}).critical_failures == ("p",)
    result = score_evaluation(card, {"p": 1, "y": False})
    assert not result.critical_failed and result.criteria[1].failed and not result.criteria[1].critical_failed


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nope": True}, "has no criterion 'nope'"),
        ({"yn1": NA}, "'yn1' does not allow N/A"),
        ({"yn1": 1}, "'yn1' takes yes or no"),
        ({"sc1": 6}, "takes one of the levels 1, 2, 3, 4, 5, not 6"),
        ({"sc1": True}, "'sc1' takes a whole number"),
        ({"sc1": 2.0}, "'sc1' takes a whole number"),
        ({"pt1": 5}, "takes 0 to 4 points, not 5"),
        ({"pt1": -1}, "takes 0 to 4 points, not -1"),
    ],
)
def test_bad_answers_are_rejected_in_one_sentence(answers: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        score_evaluation(make_card(), answers)


@pytest.mark.parametrize(
    ("value", "shown"), [(82.25, 82.3), (82.35, 82.4), (82.349, 82.3), (99.95, 100.0), (0.05, 0.1), (100.0, 100.0)]
)
def test_rounding_is_half_up_to_one_decimal(value: float, shown: float) -> None:
    assert round_score(value) == shown


def test_scale_fraction_runs_from_lowest_to_highest_level() -> None:
    levels = [Level(0, "a", "a"), Level(4, "b", "b"), Level(10, "c", "c")]
    crit = Criterion("s", "S?", CriterionType.SCALE, levels=levels)
    assert [answer_fraction(crit, value) for value in (0, 4, 10)] == [0.0, 0.4, 1.0]


# --- properties -------------------------------------------------------------------------------


def _exact_fraction(c: Criterion, answer: bool | int) -> Fraction:
    if c.type is CriterionType.YES_NO:
        return Fraction(1 if answer else 0)
    if c.type is CriterionType.POINTS:
        return Fraction(answer, c.max_points)
    return Fraction(answer - c.levels[0].value, c.levels[-1].value - c.levels[0].value)


def _exact_percent(card: Scorecard, given_answers: dict) -> Fraction | None:
    """An independent oracle in exact arithmetic."""
    achieved = possible = Fraction(0)
    for c in card.criteria:
        answer = given_answers.get(c.key)
        if answer is not None and answer is not NA:
            achieved += Fraction(c.weight) * _exact_fraction(c, answer)
            possible += 0 if c.bonus else Fraction(c.weight)
    return None if possible == 0 else min(Fraction(100), 100 * achieved / possible)


@given(st.data())
def test_score_matches_exact_arithmetic_and_stays_in_bounds(data: st.DataObject) -> None:
    card = data.draw(plain_cards)
    given_answers = data.draw(answers(card))
    result = score_evaluation(card, given_answers)
    expected = _exact_percent(card, given_answers)
    if expected is None:
        assert result.percent is None and result.reported_percent is None
        return
    assert result.percent == pytest.approx(float(expected), rel=1e-12, abs=1e-12)
    assert 0.0 <= result.percent <= 100.0 and 0.0 <= result.reported_percent <= 100.0
    assert all(s.percent is None or 0.0 <= s.percent <= 100.0 for s in result.sections)


@given(st.data())
def test_na_is_the_same_as_removing_the_criterion(data: st.DataObject) -> None:
    card = data.draw(plain_cards)
    given_answers = data.draw(answers(card))
    candidates = [c.key for c in card.criteria if c.na_allowed and given_answers[c.key] is not NA]
    assume(candidates)
    key = data.draw(st.sampled_from(candidates))
    assume(any(not c.bonus for c in card.criteria if c.key != key))
    with_na = score_evaluation(card, given_answers | {key: NA})
    kept = {k: v for k, v in given_answers.items() if k != key}
    without = score_evaluation(_without(card, key), kept)
    totals = (with_na.percent, with_na.achieved, with_na.bonus, with_na.possible)
    assert totals == (without.percent, without.achieved, without.bonus, without.possible)
    others = [(i.key, i.achieved, i.possible) for i in with_na.criteria if i.key != key]
    assert others == [(i.key, i.achieved, i.possible) for i in without.criteria]


def _without(card: Scorecard, key: str) -> Scorecard:
    sections = [
        dataclasses.replace(s, criteria=[c for c in s.criteria if c.key != key])
        for s in card.sections
        if any(c.key != key for c in s.criteria)
    ]
    return dataclasses.replace(card, sections=sections)


@given(st.data())
def test_raising_one_answer_never_lowers_the_score(data: st.DataObject) -> None:
    card = data.draw(plain_cards)
    given_answers = data.draw(answers(card))
    raisable = [c for c in card.criteria if given_answers[c.key] not in (None, NA)
                and given_answers[c.key] != answer_values(c)[-1]]  # fmt: skip
    assume(raisable)
    criterion = data.draw(st.sampled_from(raisable))
    values = answer_values(criterion)
    higher = data.draw(st.sampled_from(values[values.index(given_answers[criterion.key]) + 1 :]))
    before = score_evaluation(card, given_answers)
    after = score_evaluation(card, given_answers | {criterion.key: higher})
    if before.percent is None:  # only bonus items answered: still no base to score against
        assert after.percent is None
        return
    assert after.percent >= before.percent and after.reported_percent >= before.reported_percent
    assert set(after.critical_failures) <= set(before.critical_failures)


@given(plain_cards)
def test_all_top_answers_give_exactly_one_hundred(card: Scorecard) -> None:
    result = score_evaluation(card, {c.key: answer_values(c)[-1] for c in card.criteria})
    assert result.percent == 100.0 and result.reported_percent == 100.0
    assert result.passed is True and not result.critical_failed


@given(st.data())
def test_reordering_sections_and_criteria_changes_nothing(data: st.DataObject) -> None:
    card = data.draw(plain_cards)
    given_answers = data.draw(answers(card))
    shuffled = [dataclasses.replace(s, criteria=data.draw(st.permutations(s.criteria))) for s in card.sections]
    reordered = dataclasses.replace(card, sections=data.draw(st.permutations(shuffled)))
    a, b = score_evaluation(card, given_answers), score_evaluation(reordered, given_answers)
    assert (a.percent, a.reported_percent, a.achieved, a.bonus, a.possible, a.passed) == (
        b.percent, b.reported_percent, b.achieved, b.bonus, b.possible, b.passed)  # fmt: skip
    assert set(a.critical_failures) == set(b.critical_failures) and set(a.unanswered) == set(b.unanswered)


@given(st.data())
def test_a_critical_failure_always_fails_and_zeroes_when_configured(data: st.DataObject) -> None:
    card = data.draw(plain_cards)
    result = score_evaluation(card, data.draw(answers(card)))
    if result.critical_failed:
        assert result.passed is False
        assert result.reported_percent == (0.0 if card.critical_fail_zeroes_score else result.percent)
    else:
        assert result.reported_percent == result.percent
