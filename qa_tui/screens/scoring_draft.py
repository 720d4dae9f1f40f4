"""The answers on the scoring screen, as plain data: what a key press changes, and how answers read on screen.

Pure (no Textual, no database): the screen keeps one `Draft`, changes it on each key and rescores it with
`score_evaluation` in the UI thread; the autosave worker takes a `snapshot()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa_tui.domain.scorecard import Criterion, CriterionType, Scorecard
from qa_tui.domain.scoring import NA, Answer, ScoreResult, score_evaluation


@dataclass(frozen=True)
class Snapshot:
    """What one save writes, and the change count it reflects."""

    answers: dict[str, Answer]
    comments: dict[str, str]
    evidence: dict[str, int]
    changes: int


@dataclass
class Draft:
    card: Scorecard
    answers: dict[str, Answer] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, int] = field(default_factory=dict)
    changes: int = 0
    """Bumped by every edit, so a save knows whether the draft moved on while it was writing."""

    def result(self) -> ScoreResult:
        return score_evaluation(self.card, self.answers)

    def snapshot(self) -> Snapshot:
        return Snapshot(dict(self.answers), dict(self.comments), dict(self.evidence), self.changes)

    def answer(self, key: str, value: Answer) -> str | None:
        """Set (or with None, clear) an answer; returns a sentence saying why not, or None when done."""
        criterion = self.card.criterion(key)
        refusal = refusal_for(criterion, value)
        if refusal:
            return refusal
        if value is None:
            self.answers.pop(key, None)
        else:
            self.answers[key] = value
        self.changes += 1
        return None

    def set_comment(self, key: str, comment: str) -> None:
        if comment.strip():
            self.comments[key] = comment.strip()
        else:
            self.comments.pop(key, None)
        self.changes += 1

    def set_evidence(self, key: str, offset: int | None) -> None:
        if offset is None:
            self.evidence.pop(key, None)
        else:
            self.evidence[key] = offset
        self.changes += 1


def refusal_for(criterion: Criterion, value: Answer) -> str | None:
    """Why `value` cannot answer `criterion`, in a sentence naming the keys that can; None if it can."""
    if value is None:
        return None
    if value is NA:
        return None if criterion.na_allowed else f"N/A is not allowed on {criterion.key}; {answer_keys(criterion)}."
    if criterion.type is CriterionType.YES_NO:
        return None if isinstance(value, bool) else f"{criterion.key} is yes or no: press y or n."
    if isinstance(value, bool):
        return f"{criterion.key} takes {'a level' if criterion.type is CriterionType.SCALE else 'points'}; {answer_keys(criterion)}."
    if criterion.type is CriterionType.SCALE and value not in {level.value for level in criterion.levels}:
        return f"{value} is not a level of {criterion.key}; {answer_keys(criterion)}."
    if criterion.type is CriterionType.POINTS and not 0 <= value <= criterion.highest:
        return f"{criterion.key} takes 0 to {criterion.highest} points; {answer_keys(criterion)}."
    return None


def answer_keys(criterion: Criterion) -> str:
    """The keys that answer a criterion, as words: 'press y or n (a for N/A)'."""
    na = " (a for N/A)" if criterion.na_allowed else ""
    if criterion.type is CriterionType.YES_NO:
        return f"press y or n{na}"
    if criterion.type is CriterionType.SCALE:
        return f"press a level: {', '.join(str(level.value) for level in criterion.levels)}{na}"
    return f"press 0 to {criterion.highest} points{na}"


def digit_answer(criterion: Criterion, previous: int | None, digit: int) -> tuple[int, bool]:
    """The value a digit key gives (joined to the digit just typed when that makes a valid larger value), and
    whether the answer is final (no further digit could extend it)."""
    value = digit
    if previous and refusal_for(criterion, previous * 10 + digit) is None:
        value = previous * 10 + digit
    return value, value == 0 or value * 10 > criterion.highest


