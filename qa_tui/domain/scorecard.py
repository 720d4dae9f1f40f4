"""Scorecard definitions: a versioned scorecard holds sections, which hold criteria.

Versions are compared in `qa_tui.domain.scorecard_compare`.

Everything here is a frozen dataclass validated on construction, so an invalid
scorecard cannot exist. A validation failure raises `ScorecardError`, a
`UsageError` whose one-sentence message names the criterion and field at fault
and whose `path` locates it (e.g. ``("sections", 0, "criteria", 2, "weight")``)
so that importers can point at the line of a file.

Scoring rules in brief (the maths lives in `qa_tui.domain.scoring`):

- Each criterion is worth ``weight`` points; an answer earns a fraction of them
  (yes = 1, no = 0; a scale level is normalised so the lowest level is 0 and the
  highest 1; points are ``answer / max_points``).
- "Failing" a criterion means: "no" for yes/no; for scales and points, an
  answer at or below ``fail_at_or_below`` (default: the lowest level, or 0
  points). Failing a critical criterion fails the whole evaluation.
- Bonus items add points above the base and never enter the denominator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from qa_tui.errors import UsageError

Path = tuple[str | int, ...]
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")


class ScorecardError(UsageError):
    """A scorecard definition is invalid; `path` locates the field at fault."""

    def __init__(self, message: str, path: Path = ()) -> None:
        super().__init__(message)
        self.path = path

    def under(self, prefix: Path) -> ScorecardError:
        """The same error with its path placed under ``prefix``."""
        return ScorecardError(str(self), prefix + self.path)


class Method(StrEnum):
    """How the contact was assessed; a scorecard lists the methods it suits."""

    CALL_REVIEW = "call_review"
    CHAT_EMAIL_REVIEW = "chat_email_review"
    MYSTERY_SHOP = "mystery_shop"
    LIVE_OBSERVATION = "live_observation"


class CriterionType(StrEnum):
    """The kind of answer a criterion takes."""

    YES_NO = "yes_no"
    SCALE = "scale"
    POINTS = "points"


class Servqual(StrEnum):
    """SERVQUAL service-quality dimension (Parasuraman, Zeithaml and Berry)."""

    RELIABILITY = "reliability"
    ASSURANCE = "assurance"
    TANGIBLES = "tangibles"
    EMPATHY = "empathy"
    RESPONSIVENESS = "responsiveness"


class Compliance(StrEnum):
    """The rule or standard a criterion evidences."""

    CONSUMER_RIGHTS_ACT_2015 = "consumer_rights_act_2015"
    EQUALITY_ACT_2010 = "equality_act_2010"
    DATA_PROTECTION = "data_protection"
    OWN_STANDARDS = "own_standards"


@dataclass(frozen=True, slots=True)
class Level:
    """One labelled level of a scale, with the behaviour that earns it."""

    value: int
    label: str
    anchor: str


@dataclass(frozen=True)
class Criterion:
    """One question on a scorecard; see the module docstring for scoring rules."""

    key: str
    question: str
    type: CriterionType
    guidance: str = ""
    levels: tuple[Level, ...] = ()
    max_points: int | None = None
    weight: float = 1.0
    na_allowed: bool = False
    critical: bool = False
    bonus: bool = False
    fail_at_or_below: int | None = None
    servqual: Servqual | None = None
    compliance: tuple[Compliance, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", tuple(self.levels))
        object.__setattr__(self, "compliance", tuple(self.compliance))
        _validate_criterion(self)
        object.__setattr__(self, "weight", float(self.weight))

    @property
    def lowest(self) -> int:
        """The lowest possible answer value (scale level or points)."""
        return self.levels[0].value if self.type is CriterionType.SCALE else 0

    @property
    def highest(self) -> int:
        """The highest possible answer value (scale level, points, or 1 for yes)."""
        if self.type is CriterionType.SCALE:
            return self.levels[-1].value
        return self.max_points if self.type is CriterionType.POINTS else 1

    @property
    def fail_threshold(self) -> int:
        """Answers at or below this value fail the criterion (scales and points)."""
        return self.lowest if self.fail_at_or_below is None else self.fail_at_or_below


@dataclass(frozen=True)
class Section:
    """A titled group of criteria."""

    key: str
    title: str
    criteria: tuple[Criterion, ...]
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "criteria", tuple(self.criteria))
        _require_key(self.key, f"section '{self.key}'", ("key",))
        _require_text(self.title, f"section '{self.key}' field 'title'", ("title",))
        _require_str(self.description, f"section '{self.key}' field 'description'", ("description",))
        if not self.criteria:
            raise ScorecardError(f"section '{self.key}' must have at least one criterion", ("criteria",))


@dataclass(frozen=True)
class Scorecard:
    """A versioned scorecard: what assessors score contacts against."""

    name: str
    version: int
    sections: tuple[Section, ...]
    description: str = ""
    methods: tuple[Method, ...] = (Method.CALL_REVIEW,)
    pass_mark: float = 80.0
    critical_fail_zeroes_score: bool = True
    criteria_by_key: dict[str, Criterion] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "methods", tuple(self.methods))
        _validate_scorecard(self)
        object.__setattr__(self, "pass_mark", float(self.pass_mark))
        by_key = {c.key: c for s in self.sections for c in s.criteria}
        object.__setattr__(self, "criteria_by_key", by_key)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """All criteria in display order."""
        return tuple(self.criteria_by_key.values())

    def criterion(self, key: str) -> Criterion:
        """The criterion with this key; raises UsageError if there is none."""
        try:
            return self.criteria_by_key[key]
        except KeyError:
            raise UsageError(f"Scorecard '{self.name}' has no criterion '{key}'.") from None


# --- validation -----------------------------------------------------------------------------


def _require_key(key: object, what: str, path: Path) -> None:
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise ScorecardError(
            f"{what} key must be lower-case letters, digits and underscores, starting with a letter",
            path,
        )


def _require_text(text: object, what: str, path: Path) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ScorecardError(f"{what} must not be empty", path)


def _require_str(text: object, what: str, path: Path) -> None:
    if not isinstance(text, str):
        raise ScorecardError(f"{what} must be text", path)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _validate_criterion(c: Criterion) -> None:
    name = f"criterion '{c.key}'"
    _require_key(c.key, name, ("key",))
    _require_text(c.question, f"{name} field 'question'", ("question",))
    _require_str(c.guidance, f"{name} field 'guidance'", ("guidance",))
    if not isinstance(c.type, CriterionType):
        raise ScorecardError(f"{name} field 'type' must be one of yes_no, scale, points", ("type",))
    if not _is_number(c.weight) or not c.weight > 0 or c.weight == float("inf"):
        raise ScorecardError(f"{name} field 'weight' must be a positive number", ("weight",))
    _validate_answers_shape(c, name)
    _validate_flags(c, name)
    _validate_tags(c, name)


def _validate_answers_shape(c: Criterion, name: str) -> None:
    if c.type is CriterionType.SCALE:
        _validate_levels(c.levels, name)
    elif c.levels:
        raise ScorecardError(f"{name} field 'levels' is only allowed on a scale", ("levels",))
    if c.type is CriterionType.POINTS:
        if not isinstance(c.max_points, int) or isinstance(c.max_points, bool) or c.max_points < 1:
            raise ScorecardError(f"{name} field 'max_points' must be a whole number of at least 1", ("max_points",))
    elif c.max_points is not None:
        raise ScorecardError(f"{name} field 'max_points' is only allowed on a points criterion", ("max_points",))


def _validate_levels(levels: tuple[Level, ...], name: str) -> None:
    if len(levels) < 2:
        raise ScorecardError(f"{name} must have at least two levels", ("levels",))
    for index, level in enumerate(levels):
        where = ("levels", index)
        if not isinstance(level.value, int) or isinstance(level.value, bool):
            raise ScorecardError(f"{name} level {index + 1} field 'value' must be a whole number", where + ("value",))
        if index and level.value <= levels[index - 1].value:
            raise ScorecardError(f"{name} levels must be in strictly ascending order of value", where + ("value",))
        _require_text(level.label, f"{name} level {level.value} field 'label'", where + ("label",))
        _require_text(level.anchor, f"{name} level {level.value} field 'anchor'", where + ("anchor",))


def _validate_flags(c: Criterion, name: str) -> None:
    for flag in ("na_allowed", "critical", "bonus"):
        if not isinstance(getattr(c, flag), bool):
            raise ScorecardError(f"{name} field '{flag}' must be true or false", (flag,))
    if c.bonus and c.critical:
        raise ScorecardError(f"{name} cannot be both a bonus item and critical", ("critical",))
    if c.fail_at_or_below is None:
        return
    path = ("fail_at_or_below",)
    if c.type is CriterionType.YES_NO:
        raise ScorecardError(f"{name} field 'fail_at_or_below' does not apply to a yes/no criterion", path)
    threshold = c.fail_at_or_below
    if not isinstance(threshold, int) or isinstance(threshold, bool):
        raise ScorecardError(f"{name} field 'fail_at_or_below' must be a whole number", path)
    if c.type is CriterionType.SCALE and threshold not in {level.value for level in c.levels}:
        raise ScorecardError(f"{name} field 'fail_at_or_below' must be one of its level values", path)
    if not c.lowest <= threshold < c.highest:
        raise ScorecardError(f"{name} field 'fail_at_or_below' must be below its highest value", path)


def _validate_tags(c: Criterion, name: str) -> None:
    if c.servqual is not None and not isinstance(c.servqual, Servqual):
        allowed = ", ".join(Servqual)
        raise ScorecardError(f"{name} field 'servqual' must be one of {allowed}", ("servqual",))
    for index, tag in enumerate(c.compliance):
        if not isinstance(tag, Compliance):
            allowed = ", ".join(Compliance)
            raise ScorecardError(f"{name} field 'compliance' entries must be among {allowed}", ("compliance", index))
    if len(set(c.compliance)) != len(c.compliance):
        raise ScorecardError(f"{name} field 'compliance' lists a tag twice", ("compliance",))


def _validate_scorecard(card: Scorecard) -> None:
    _require_text(card.name, "scorecard field 'name'", ("name",))
    _require_str(card.description, "scorecard field 'description'", ("description",))
    if not isinstance(card.version, int) or isinstance(card.version, bool) or card.version < 1:
        raise ScorecardError("scorecard field 'version' must be a whole number of at least 1", ("version",))
    if not isinstance(card.critical_fail_zeroes_score, bool):
        path = ("critical_fail_zeroes_score",)
        raise ScorecardError("scorecard field 'critical_fail_zeroes_score' must be true or false", path)
    if not _is_number(card.pass_mark) or not 0 <= card.pass_mark <= 100:
        raise ScorecardError("scorecard field 'pass_mark' must be a number from 0 to 100", ("pass_mark",))
    _validate_methods(card.methods)
    if not card.sections:
        raise ScorecardError("scorecard must have at least one section", ("sections",))
    _validate_unique_keys(card.sections)
    if all(c.bonus for s in card.sections for c in s.criteria):
        raise ScorecardError("scorecard must have at least one criterion that is not a bonus item", ("sections",))


def _validate_methods(methods: tuple[Method, ...]) -> None:
    if not methods:
        raise ScorecardError("scorecard field 'methods' must list at least one method", ("methods",))
    for index, method in enumerate(methods):
        if not isinstance(method, Method):
            allowed = ", ".join(Method)
            raise ScorecardError(f"scorecard field 'methods' entries must be among {allowed}", ("methods", index))
    if len(set(methods)) != len(methods):
        raise ScorecardError("scorecard field 'methods' lists a method twice", ("methods",))


def _validate_unique_keys(sections: tuple[Section, ...]) -> None:
    section_keys: set[str] = set()
    criterion_keys: set[str] = set()
    for s_index, section in enumerate(sections):
        if section.key in section_keys:
            raise ScorecardError(f"section key '{section.key}' is used twice", ("sections", s_index, "key"))
        section_keys.add(section.key)
        for c_index, criterion in enumerate(section.criteria):
            if criterion.key in criterion_keys:
                path = ("sections", s_index, "criteria", c_index, "key")
                raise ScorecardError(f"criterion key '{criterion.key}' is used twice", path)
            criterion_keys.add(criterion.key)
