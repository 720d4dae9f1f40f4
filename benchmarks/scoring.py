"""Micro-benchmark: time to score one 40-criterion evaluation (it runs on every key press).

Run from the repository root:  python benchmarks/scoring.py [--runs N]
Prints p50, p95 and p99 in microseconds; the target is well under 1 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from qa_tui.domain.scorecard import Criterion, CriterionType, Level, Scorecard, Section
from qa_tui.domain.scoring import NA, Answer, score_evaluation

LEVELS = tuple(Level(value, f"Level {value}", f"Behaviour at level {value}.") for value in range(5))


def forty_criteria_card() -> Scorecard:
    """8 sections of 5 criteria: scales, yes/no (some critical), points, N/A-able and one bonus item."""
    sections = []
    for s in range(8):
        criteria = [
            Criterion(f"s{s}_scale_a", "Scale?", CriterionType.SCALE, levels=LEVELS, weight=2, na_allowed=True),
            Criterion(f"s{s}_scale_b", "Scale?", CriterionType.SCALE, levels=LEVELS, fail_at_or_below=1),
            Criterion(f"s{s}_yes_no", "Yes?", CriterionType.YES_NO, critical=s % 3 == 0),
            Criterion(f"s{s}_points", "Points?", CriterionType.POINTS, max_points=10, weight=1.5),
            Criterion(f"s{s}_extra", "Extra?", CriterionType.YES_NO, bonus=s == 7, na_allowed=True),
        ]
        sections.append(Section(f"section_{s}", f"Section {s}", criteria))
    return Scorecard("Benchmark", 1, sections)


def typical_answers(card: Scorecard) -> dict[str, Answer]:
    """Mostly answered, a few N/A and a couple left blank, as mid-way through scoring."""
    answers: dict[str, Answer] = {}
    for index, criterion in enumerate(card.criteria):
        if index % 17 == 16:
            continue
        if criterion.na_allowed and index % 11 == 0:
            answers[criterion.key] = NA
        elif criterion.type is CriterionType.YES_NO:
            answers[criterion.key] = index % 4 != 0
        else:
            answers[criterion.key] = min(criterion.highest, index % 6)
    return answers


def time_runs(runs: int) -> list[float]:
    """Seconds taken by each of ``runs`` scorings."""
    card = forty_criteria_card()
    answers = typical_answers(card)
    for _ in range(200):  # warm up
        score_evaluation(card, answers)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        score_evaluation(card, answers)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    """Parse arguments, run, print percentiles."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20_000)
    runs = parser.parse_args().runs
    cuts = statistics.quantiles(time_runs(runs), n=100)
    p50, p95, p99 = (cuts[i - 1] * 1e6 for i in (50, 95, 99))
    print(f"score_evaluation, 40 criteria, {runs} runs: p50 {p50:.1f} us, p95 {p95:.1f} us, p99 {p99:.1f} us")


if __name__ == "__main__":
    main()
