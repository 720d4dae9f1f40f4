"""Agreement and divergence for one calibration session (pure: numpy in, plain results out).

A session's answers arrive as one items x raters matrix per criterion (the answer's value; NaN where a rater
gave N/A or no answer), plus an items x raters matrix of total scores. The statistics come from
`qa_tui.analytics.agreement`, fed matrices directly so that forty criteria cost forty small calls, not forty
polars pivots.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa_tui.analytics.agreement import AgreementSummary, RatingMatrix, summarize_ratings


@dataclass(frozen=True)
class CriterionSpec:
    """What the statistics need to know of a criterion."""

    key: str
    level: str
    """nominal (yes/no), ordinal (scales) or ratio (points): see `level_for_item_type`."""
    categories: tuple[float, ...]
    """Every answer the criterion can take, used or not (so Gwet's AC1 counts unused levels)."""
    tolerance: float
    """How far from the reference an answer may be before it is a divergence (0 = exact)."""


def criterion_agreement(values: np.ndarray, items: tuple, raters: tuple, spec: CriterionSpec,
                        bootstrap: int = 1000, seed: int | None = 0) -> AgreementSummary | None:
    """Every agreement statistic for one criterion; None when fewer than two raters answered it."""
    kept = _rated(values)
    if kept is None:
        return None
    rows, cols = kept
    matrix = RatingMatrix(tuple(np.asarray(items)[rows]), tuple(np.asarray(raters)[cols]),
                          values[np.ix_(rows, cols)], tuple(float(c) for c in spec.categories), True)
    tolerance = spec.tolerance if spec.level != "nominal" else None
    return summarize_ratings(matrix, spec.level, tolerance, bootstrap, seed)


def total_agreement(totals: np.ndarray, items: tuple, raters: tuple, tolerance: float,
                    bootstrap: int = 1000, seed: int | None = 0) -> AgreementSummary | None:
    """Agreement on total scores (interval data; ICCs are the statistics to read here)."""
    kept = _rated(totals)
    if kept is None:
        return None
    rows, cols = kept
    values = totals[np.ix_(rows, cols)]
    categories = tuple(sorted(set(values[~np.isnan(values)].tolist())))
    matrix = RatingMatrix(tuple(np.asarray(items)[rows]), tuple(np.asarray(raters)[cols]), values, categories, True)
    return summarize_ratings(matrix, "interval", tolerance, bootstrap, seed)


def pass_fail_agreement(failed: np.ndarray, units: tuple, raters: tuple,
                        bootstrap: int = 1000, seed: int | None = 0) -> AgreementSummary | None:
    """Agreement on whether each criterion of each item passed, pooled over the whole scorecard."""
    kept = _rated(failed)
    if kept is None:
        return None
    rows, cols = kept
    matrix = RatingMatrix(tuple(np.asarray(units)[rows]), tuple(np.asarray(raters)[cols]),
                          failed[np.ix_(rows, cols)], (0.0, 1.0), True)
    return summarize_ratings(matrix, "nominal", None, bootstrap, seed)


def _rated(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    present = ~np.isnan(values)
    rows, cols = np.flatnonzero(present.any(axis=1)), np.flatnonzero(present.any(axis=0))
    if len(cols) < 2 or len(rows) < 1:
        return None
    return rows, cols


def modal_reference(values: np.ndarray, na: np.ndarray) -> np.ndarray:
    """Per item, the most common answer (N/A counts as an answer, coded NaN; ties go to the lower value)."""
    reference = np.full(values.shape[0], np.nan)
    for row in range(values.shape[0]):
        answered = values[row][~np.isnan(values[row])]
        n_na = int(na[row].sum())
        if answered.size == 0:
            continue
        found, counts = np.unique(answered, return_counts=True)
        if counts.max() >= n_na:
            reference[row] = found[np.argmax(counts)]
    return reference


def divergence(values: np.ndarray, na: np.ndarray, reference: np.ndarray, reference_na: np.ndarray,
               tolerance: float) -> np.ndarray:
    """Items x raters: 0 agrees, 1 differs within tolerance, 2 diverges (beyond tolerance or N/A mismatch);
    -1 where the rater gave no answer or there is no reference."""
    result = np.full(values.shape, -1, dtype=int)
    answered = ~np.isnan(values) | na
    has_reference = (~np.isnan(reference) | reference_na)[:, None] & np.ones_like(answered)
    gap = np.abs(values - reference[:, None])
    both_values = ~np.isnan(values) & ~np.isnan(reference)[:, None]
    na_mismatch = answered & has_reference & (na != reference_na[:, None])
    result[answered & has_reference] = 0
    result[both_values & (gap > 1e-9)] = 1
    result[both_values & (gap > tolerance + 1e-9)] = 2
    result[na_mismatch] = 2
    return result


def spread(fractions: np.ndarray) -> float:
    """The widest gap between two raters' answers on one item, as a share of the criterion (0..1)."""
    rows = fractions[(~np.isnan(fractions)).any(axis=1)]
    if rows.size == 0:
        return 0.0
    return float(np.max(np.nanmax(rows, axis=1) - np.nanmin(rows, axis=1)))


# --- the reveal -------------------------------------------------------------------------------------------

MARKS = {-1: " ", 0: "✓", 1: "~", 2: "✗"}
"""Divergence symbols, so nothing is told by colour alone: agrees, differs within tolerance, diverges."""


@dataclass(frozen=True)
class Tolerances:
    total: float = 5.0
    """Points either side on the total score."""
    levels: int = 0
    """Scale steps or points either side on a non-critical item."""
    critical_exact: bool = True


@dataclass(frozen=True)
class CriterionResult:
    key: str
    question: str
    kind: str
    critical: bool
    answers: tuple[tuple, ...]
    """Items x raters: True/False, a level or points, NA, or None (not answered)."""
    marks: tuple[tuple[int, ...], ...]
    """Items x raters divergence codes (see `divergence`); symbols in `MARKS`."""
    reference: tuple
    """Per item: the consensus, else the expert's answer, else the most common one."""
    spread: float
    diverging: int
    stats: AgreementSummary | None


@dataclass(frozen=True)
class RevealView:
    items: tuple
    item_labels: tuple[str, ...]
    raters: tuple[str, ...]
    benchmark: str
    criteria: tuple[CriterionResult, ...]
    """Most divergent first."""
    totals: tuple[tuple[float | None, ...], ...]
    """Items x raters: total score in points out of 100 (before any critical-fail zeroing)."""
    reference_totals: tuple[float | None, ...]
    deviation: dict[str, float | None]
    """Per rater: mean signed deviation from the reference total (positive = lenient)."""
    outside_tolerance: dict[str, bool]
    total_stats: AgreementSummary | None
    pass_fail_stats: AgreementSummary | None
    tolerances: Tolerances


def build_reveal(data, tolerances: Tolerances, bootstrap: int = 1000, seed: int | None = 0) -> RevealView:
    """The reveal of a loaded session (`calibration_loader.SessionAnswers`)."""
    from qa_tui.domain.scoring import NA, is_failing, score_evaluation

    card, items, raters = data.card, data.items, data.raters
    references = {item: _reference_answers(data, item) for item in items}
    criteria = tuple(sorted((_criterion_result(data, c, references, tolerances, bootstrap, seed) for c in card.criteria),
                            key=lambda r: (-r.diverging, -r.spread, r.key)))
    totals = np.full((len(items), len(raters)), np.nan)
    failed = np.full((len(items) * len(card.criteria), len(raters)), np.nan)
    for i, item in enumerate(items):
        for j, rater in enumerate(raters):
            answers = data.answers.get((item, rater))
            if not answers:
                continue
            totals[i, j] = _percent(score_evaluation(card, answers).percent)
            for k, criterion in enumerate(card.criteria):
                answer = answers.get(criterion.key)
                if answer is not None and answer is not NA:
                    failed[i * len(card.criteria) + k, j] = float(is_failing(criterion, answer))
    reference_totals = np.array([_percent(score_evaluation(card, references[item]).percent) for item in items])
    gaps = totals - reference_totals[:, None]
    deviation, outside = {}, {}
    for j, name in enumerate(data.rater_names):
        column = gaps[:, j][~np.isnan(gaps[:, j])]
        deviation[name] = float(column.mean()) if column.size else None
        outside[name] = bool(column.size and np.abs(column).mean() > tolerances.total + 1e-9)
    units = tuple(f"{i}/{c.key}" for i in range(len(items)) for c in card.criteria)
    return RevealView(items, data.item_labels, data.rater_names, _benchmark(data), criteria, _rows(totals),
                      tuple(None if np.isnan(t) else float(t) for t in reference_totals), deviation, outside,
                      total_agreement(totals, items, data.rater_names, tolerances.total, bootstrap, seed),
                      pass_fail_agreement(failed, units, data.rater_names, bootstrap, seed), tolerances)


def criterion_spec(criterion, tolerances: Tolerances) -> CriterionSpec:
    """Level, categories and tolerance (in answer units) of a scorecard criterion."""
    from qa_tui.analytics.agreement import level_for_item_type

    kind = str(criterion.type)
    if kind == "yes_no":
        categories = (0.0, 1.0)
    elif kind == "scale":
        categories = tuple(float(level.value) for level in criterion.levels)
    else:
        categories = tuple(float(v) for v in range(0, criterion.max_points + 1))
    step = min(np.diff(categories)) if len(categories) > 1 else 1.0
    steps = 0 if (criterion.critical and tolerances.critical_exact) else tolerances.levels
    return CriterionSpec(criterion.key, level_for_item_type(kind), categories, float(steps * step))


def _criterion_result(data, criterion, references, tolerances, bootstrap, seed) -> CriterionResult:
    from qa_tui.domain.scoring import NA

    spec = criterion_spec(criterion, tolerances)
    shape = (len(data.items), len(data.raters))
    values, na = np.full(shape, np.nan), np.zeros(shape, dtype=bool)
    grid = []
    for i, item in enumerate(data.items):
        row = []
        for j, rater in enumerate(data.raters):
            answer = data.answers.get((item, rater), {}).get(criterion.key)
            row.append(answer)
            if answer is NA:
                na[i, j] = True
            elif answer is not None:
                values[i, j] = float(answer)
        grid.append(tuple(row))
    low, high = spec.categories[0], spec.categories[-1]
    fractions = (values - low) / ((high - low) or 1.0)
    reference = tuple(references[item].get(criterion.key) for item in data.items)
    ref_values = np.array([np.nan if a is None or a is NA else float(a) for a in reference])
    ref_na = np.array([a is NA for a in reference])
    marks = divergence(values, na, ref_values, ref_na, spec.tolerance)
    stats = criterion_agreement(values, data.items, data.rater_names, spec, bootstrap, seed)
    return CriterionResult(criterion.key, criterion.question, str(criterion.type), criterion.critical, tuple(grid),
                           tuple(tuple(int(m) for m in row) for row in marks), reference, spread(fractions),
                           int((marks == 2).sum()), stats)


def _reference_answers(data, item) -> dict:
    """Consensus where agreed, else the expert's answer, else the most common one, per criterion."""
    from qa_tui.analytics.calibration_loader import _expert_or_common

    result = {}
    for criterion in data.card.criteria:
        agreed = data.consensus.get((item, criterion.key))
        answer = agreed if agreed is not None else _expert_or_common(data, item, criterion.key)
        if answer is not None:
            result[criterion.key] = answer
    return result


def _benchmark(data) -> str:
    if data.consensus:
        return "consensus"
    return "expert" if data.expert_id is not None else "most common answer"


def _percent(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def _rows(matrix: np.ndarray) -> tuple[tuple[float | None, ...], ...]:
    return tuple(tuple(None if np.isnan(v) else float(v) for v in row) for row in matrix)
