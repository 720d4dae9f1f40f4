"""Hypothesis strategies for valid scorecards and answers, shared by the scorecard tests."""

from __future__ import annotations

from hypothesis import strategies as st

from qa_tui.domain.scorecard import (
    Compliance,
    Criterion,
    CriterionType,
    Level,
    Method,
    Scorecard,
    Section,
    Servqual,
)
from qa_tui.domain.scoring import NA, Answer

# Any text TOML can hold (no surrogates), and non-blank text for required fields.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=150)
required_text = any_text.filter(lambda text: text.strip() != "")
plain_text = st.sampled_from(["Q", "Did the agent greet the customer?"])  # fast, for tests of the maths
weights = st.one_of(st.integers(1, 10), st.floats(0.01, 100, allow_nan=False, allow_infinity=False))


Text = st.SearchStrategy[str]


@st.composite
def levels(draw: st.DrawFn, text: Text = required_text) -> tuple[Level, ...]:
    values = draw(st.lists(st.integers(-5, 20), min_size=2, max_size=6, unique=True))
    return tuple(Level(value, draw(text), draw(text)) for value in sorted(values))


@st.composite
def criteria(draw: st.DrawFn, key: str, text: Text = required_text, optional_text: Text = any_text) -> Criterion:
    kind = draw(st.sampled_from(CriterionType))
    scale_levels = draw(levels(text)) if kind is CriterionType.SCALE else ()
    max_points = draw(st.integers(1, 10)) if kind is CriterionType.POINTS else None
    bonus = draw(st.booleans()) and draw(st.booleans())  # bonus items are the exception
    threshold = None
    if kind is CriterionType.SCALE and draw(st.booleans()):
        threshold = draw(st.sampled_from([level.value for level in scale_levels[:-1]]))
    elif kind is CriterionType.POINTS and draw(st.booleans()):
        threshold = draw(st.integers(0, max_points - 1))
    return Criterion(
        key=key, question=draw(text), type=kind, guidance=draw(optional_text), levels=scale_levels,
        max_points=max_points, weight=draw(weights), na_allowed=draw(st.booleans()),
        critical=not bonus and draw(st.booleans()), bonus=bonus, fail_at_or_below=threshold,
        servqual=draw(st.none() | st.sampled_from(Servqual)),
        compliance=tuple(draw(st.lists(st.sampled_from(Compliance), unique=True, max_size=3))),
    )  # fmt: skip


@st.composite
def scorecards(draw: st.DrawFn, text: Text = required_text, optional_text: Text = any_text) -> Scorecard:
    """A valid scorecard of 1-3 sections of 1-6 criteria; pass ``plain_text`` where wording does not matter."""
    max_sections, max_criteria = 3, 6
    sizes = draw(st.lists(st.integers(1, max_criteria), min_size=1, max_size=max_sections))
    keys = iter(f"c{index}" for index in range(sum(sizes)))
    sections = []
    for s, size in enumerate(sizes):
        members = [draw(criteria(next(keys), text, optional_text)) for _ in range(size)]
        sections.append(Section(f"s{s}", draw(text), members, draw(optional_text)))
    if all(c.bonus for section in sections for c in section.criteria):  # a scorecard needs a base item
        base = Criterion("base", "Base?", CriterionType.YES_NO)
        sections[0] = Section("s0", sections[0].title, (base, *sections[0].criteria))
    return Scorecard(
        name=draw(text), version=draw(st.integers(1, 50)), sections=sections, description=draw(optional_text),
        methods=tuple(draw(st.lists(st.sampled_from(Method), min_size=1, unique=True))),
        pass_mark=draw(st.integers(0, 100) | st.floats(0, 100)), critical_fail_zeroes_score=draw(st.booleans()),
    )  # fmt: skip


def answer_values(criterion: Criterion) -> list[bool | int]:
    """Every valid non-N/A answer of a criterion, lowest first."""
    if criterion.type is CriterionType.YES_NO:
        return [False, True]
    if criterion.type is CriterionType.SCALE:
        return [level.value for level in criterion.levels]
    return list(range(criterion.max_points + 1))


@st.composite
def answers(draw: st.DrawFn, card: Scorecard, allow_missing: bool = True) -> dict[str, Answer]:
    """A valid answer for each criterion: a value, N/A where allowed, or (optionally) unanswered."""
    result: dict[str, Answer] = {}
    for criterion in card.criteria:
        options: list[Answer] = answer_values(criterion)
        if criterion.na_allowed:
            options.append(NA)
        if allow_missing:
            options.append(None)
        result[criterion.key] = draw(st.sampled_from(options))
    return result
