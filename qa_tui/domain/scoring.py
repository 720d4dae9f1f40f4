"""Score maths: one evaluation's answers on one scorecard -> a `ScoreResult`.

Rules (chosen to match common contact-centre QA practice):

- Each criterion is worth ``weight`` points and earns ``weight x fraction``:
  yes = 1, no = 0; a scale level earns ``(value - lowest) / (highest - lowest)``
  so the lowest level earns nothing and the top level everything; points earn
  ``answer / max_points``.
- N/A removes the criterion from both points achieved and points possible.
  Unanswered criteria are left out too, so a draft shows the score so far; they
  are listed in `ScoreResult.unanswered` (bonus items are never required).
- Bonus items add their earned points on top; the percentage is capped at 100.
- ``percent = 100 x (achieved + bonus) / possible``, in 0..100, or None when no
  base criterion is answered. Sums use `math.fsum`, so the result does not
  depend on the order of criteria and all-top answers give exactly 100.
- A critical criterion answered at or below its fail threshold fails the
  evaluation: `passed` is False and, if the scorecard says so (the default),
  the reported score is 0. `percent` keeps the score it would otherwise have had.
- Pass/fail compares the reported score *rounded for display* (1 decimal,
  half up) with the pass mark, so what the assessor sees is what decides.
  Results keep full precision; round only for display with `round_score`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from qa_tui.domain.scorecard import Criterion, CriterionType, Scorecard
from qa_tui.errors import UsageError


class NotApplicable(Enum):
    """The N/A answer: the criterion does not apply to this contact."""

    NA = "n/a"

    def __repr__(self) -> str:
        return "NA"


NA = NotApplicable.NA
# yes/no takes a bool; scale takes a level value; points takes 0..max_points; None = unanswered.
Answer = bool | int | NotApplicable | None


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """How one criterion scored. ``possible`` is 0 when N/A, unanswered or a bonus item."""

    key: str
    answer: Answer
    achieved: float
    possible: float
    bonus: bool
    failed: bool
    critical_failed: bool


@dataclass(frozen=True, slots=True)
class SectionScore:
    """Points and percentage of one section (None when nothing in it is scored)."""

    key: str
    achieved: float
    possible: float
    percent: float | None


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """The outcome of scoring one evaluation; see the module docstring for the rules."""

    percent: float | None  # weighted score, as if no critical item had failed
    reported_percent: float | None  # the score shown and reported (0 after a critical fail, by default)
    achieved: float  # base points earned (bonus excluded)
    bonus: float  # bonus points earned
    possible: float  # base points possible (N/A and unanswered excluded)
    critical_failed: bool
    critical_failures: tuple[str, ...]  # keys of the critical criteria that failed
    passed: bool | None  # None while incomplete (unless a critical item already failed)
    unanswered: tuple[str, ...]  # required criteria still without an answer
    sections: tuple[SectionScore, ...]
    criteria: tuple[CriterionScore, ...]

    @property
    def complete(self) -> bool:
        """True when every required criterion has an answer (or N/A)."""
        return not self.unanswered


def score_evaluation(scorecard: Scorecard, answers: Mapping[str, Answer]) -> ScoreResult:
    """Score ``answers`` (criterion key -> answer; missing keys are unanswered) on ``scorecard``."""
    for key in answers:
        if key not in scorecard.criteria_by_key:
            raise UsageError(f"Scorecard '{scorecard.name}' has no criterion '{key}' to answer.")
    sections, items = [], []
    for section in scorecard.sections:
        section_items = [score_criterion(c, answers.get(c.key)) for c in section.criteria]
        sections.append(_section_score(section.key, section_items))
        items.extend(section_items)
    return _result(scorecard, tuple(sections), tuple(items))


def score_criterion(criterion: Criterion, answer: Answer) -> CriterionScore:
    """Score one answer on one criterion; raises UsageError for an answer it cannot take."""
    if answer is None or answer is NA:
        if answer is NA and not criterion.na_allowed:
            raise UsageError(f"Criterion '{criterion.key}' does not allow N/A.")
        return CriterionScore(criterion.key, answer, 0.0, 0.0, criterion.bonus, False, False)
    earned = criterion.weight * answer_fraction(criterion, answer)
    possible = 0.0 if criterion.bonus else criterion.weight
    failed = is_failing(criterion, answer)
    critical_failed = failed and criterion.critical
    return CriterionScore(criterion.key, answer, earned, possible, criterion.bonus, failed, critical_failed)


def answer_fraction(criterion: Criterion, answer: bool | int) -> float:
    """The share (0..1) of the criterion's weight that ``answer`` earns."""
    _check_answer(criterion, answer)
    if criterion.type is CriterionType.YES_NO:
        return 1.0 if answer else 0.0
    lowest = criterion.lowest
    return (answer - lowest) / (criterion.highest - lowest)


def is_failing(criterion: Criterion, answer: bool | int) -> bool:
    """True when ``answer`` fails the criterion: "no", or at/below its fail threshold."""
    if criterion.type is CriterionType.YES_NO:
        return answer is False
    return answer <= criterion.fail_threshold


def round_score(percent: float) -> float:
    """Round a percentage to 1 decimal, halves away from zero (82.25 -> 82.3)."""
    return float(Decimal(repr(percent)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def format_score(percent: float | None) -> str:
    """A percentage for display: ``"82.3%"``, or an em dash when there is no score."""
    return "\u2014" if percent is None else f"{round_score(percent):.1f}%"


def _check_answer(criterion: Criterion, answer: object) -> None:
    kind = criterion.type
    if kind is CriterionType.YES_NO:
        if not isinstance(answer, bool):
            raise UsageError(f"Criterion '{criterion.key}' takes yes or no, not {answer!r}.")
    elif isinstance(answer, bool) or not isinstance(answer, int):
        raise UsageError(f"Criterion '{criterion.key}' takes a whole number, not {answer!r}.")
    elif kind is CriterionType.SCALE and not any(level.value == answer for level in criterion.levels):
        values = ", ".join(str(level.value) for level in criterion.levels)
        raise UsageError(f"Criterion '{criterion.key}' takes one of the levels {values}, not {answer}.")
    elif kind is CriterionType.POINTS and not 0 <= answer <= criterion.highest:
        raise UsageError(f"Criterion '{criterion.key}' takes 0 to {criterion.highest} points, not {answer}.")


def _percent(achieved: float, possible: float) -> float | None:
    if possible <= 0:
        return None
    return min(100.0, 100.0 * (achieved / possible))  # all earned -> exactly 100


def _section_score(key: str, items: list[CriterionScore]) -> SectionScore:
    achieved = math.fsum(item.achieved for item in items)
    possible = math.fsum(item.possible for item in items)
    return SectionScore(key, achieved, possible, _percent(achieved, possible))


def _result(card: Scorecard, sections: tuple[SectionScore, ...], items: tuple[CriterionScore, ...]) -> ScoreResult:
    achieved = math.fsum(i.achieved for i in items if not i.bonus)
    bonus = math.fsum(i.achieved for i in items if i.bonus)
    possible = math.fsum(i.possible for i in items)
    percent = _percent(achieved + bonus, possible)
    failures = tuple(i.key for i in items if i.critical_failed)
    # A critical failure implies an answered base item, so percent is not None here.
    reported = 0.0 if failures and card.critical_fail_zeroes_score else percent
    unanswered = tuple(i.key for i in items if i.answer is None and not i.bonus)
    return ScoreResult(
        percent, reported, achieved, bonus, possible, bool(failures), failures,
        _passed(card, reported, bool(failures), bool(unanswered)), unanswered, sections, items,
    )  # fmt: skip


def _passed(card: Scorecard, reported: float | None, critical_failed: bool, incomplete: bool) -> bool | None:
    if critical_failed:
        return False
    if incomplete or reported is None:
        return None
    return round_score(reported) >= card.pass_mark


def answer_text(criterion: Criterion, answer: Answer) -> str:
    """An answer as a person reads it: 'Yes', 'No', 'N/A', '2 Met', '7/10', or '—' when unanswered."""
    if answer is None:
        return "—"
    if answer is NA:
        return "N/A"
    if criterion.type is CriterionType.YES_NO:
        return "Yes" if answer else "No"
    if criterion.type is CriterionType.POINTS:
        return f"{answer}/{criterion.max_points}"
    label = next((level.label for level in criterion.levels if level.value == answer), "")
    return f"{answer} {label}".strip()
