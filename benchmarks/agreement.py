"""Time every agreement statistic on a synthetic calibration session.

A session of 10 items x 12 assessors x 40 criteria (1-5 scales, 5% of ratings
missing): the full summary with bootstrap intervals for each criterion, then
for the session as a whole (each item x criterion a unit). Goal: < 0.5 s.

    python benchmarks/agreement.py [--resamples 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import polars as pl

from qa_tui.analytics.agreement import (
    agreement_by,
    agreement_summary,
    fleiss_kappa,
    gwet_ac1,
    intraclass_correlations,
    pool_units,
    ratings_matrix,
)
from qa_tui.analytics.agreement.estimate import bootstrap_counts
from qa_tui.analytics.agreement.krippendorff import alpha_from_sums, item_pieces
from qa_tui.analytics.agreement.percent import (
    bootstrap_mean_share,
    item_agreement_shares,
    item_tolerance_shares,
)


def synthetic_session(items=10, assessors=12, criteria=40, missing=0.05, seed=1) -> pl.DataFrame:
    """Long ratings: a true score per item and criterion plus each assessor's bias and noise."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 6, size=(items, criteria))
    bias = rng.normal(0, 0.4, size=assessors)
    item, assessor, criterion = np.meshgrid(
        np.arange(items), np.arange(assessors), np.arange(criteria), indexing="ij"
    )
    noisy = truth[item, criterion] + bias[assessor] + rng.normal(0, 0.7, size=item.shape)
    scores = np.clip(np.rint(noisy), 1, 5)
    scores[rng.random(scores.shape) < missing] = np.nan
    frame = pl.DataFrame({
        "item": [f"call-{i:02d}" for i in item.ravel()],
        "rater": [f"assessor-{a:02d}" for a in assessor.ravel()],
        "criterion": [f"c{c:02d}" for c in criterion.ravel()],
        "score": scores.ravel(),
    })  # fmt: skip
    return frame.with_columns(pl.col("score").fill_nan(None))


def timed(function, repeats: int) -> tuple[float, object]:
    """The median wall time of `repeats` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def breakdown(session: pl.DataFrame, resamples: int) -> dict[str, float]:
    """Seconds per statistic over all 40 criteria, each with its bootstrap where it has one."""
    groups = [group for _, group in session.partition_by("criterion", as_dict=True).items()]
    steps = {
        "pivot to items x raters": lambda m: ratings_matrix(m),
        "percent + within-1 (bootstrap)": lambda m: _shares(m, resamples),
        "Fleiss' kappa (analytic)": lambda m: fleiss_kappa(m.category_counts()),
        "Gwet's AC1 (analytic)": lambda m: gwet_ac1(m.category_counts()),
        "Krippendorff x4 (bootstrap)": lambda m: _alphas(m, resamples),
        "six ICCs (complete items)": lambda m: intraclass_correlations(
            m.values[~np.isnan(m.values).any(axis=1)]
        ),
    }
    matrices = [ratings_matrix(group) for group in groups]
    seconds = {}
    for name, step in steps.items():
        inputs = groups if name.startswith("pivot") else matrices
        start = time.perf_counter()
        for data in inputs:
            step(data)
        seconds[name] = time.perf_counter() - start
    return seconds


def _shares(matrix, resamples: int) -> None:
    weights = bootstrap_counts(matrix.values.shape[0], resamples, 0)
    bootstrap_mean_share(*item_agreement_shares(matrix.category_counts()), weights)
    bootstrap_mean_share(*item_tolerance_shares(matrix.values, 1.0), weights)


def _alphas(matrix, resamples: int) -> None:
    weights = bootstrap_counts(matrix.values.shape[0], resamples, 0)
    pairs, margins = item_pieces(matrix.category_counts())
    pair_sums, margin_sums = weights @ pairs, weights @ margins
    for level in ("nominal", "ordinal", "interval", "ratio"):
        alpha_from_sums(pair_sums, margin_sums, matrix.category_values(), level)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    session = synthetic_session()
    options = {"level": "ordinal", "tolerance": 1.0, "bootstrap": args.resamples, "seed": 0}
    agreement_summary(session.filter(pl.col("criterion") == "c00"), **options)  # warm-up
    per_criterion, summaries = timed(lambda: agreement_by(session, "criterion", **options), args.repeats)
    pooled = pool_units(session, "criterion")
    whole, overall = timed(lambda: agreement_summary(pooled, **options), args.repeats)
    print(
        f"session: {session.height} rows (10 items x 12 assessors x 40 criteria), {args.resamples} resamples"
    )
    print(f"per-criterion summaries (40): {per_criterion * 1000:7.1f} ms  ({per_criterion * 25:.2f} ms each)")
    print(f"session-level summary (400 units): {whole * 1000:7.1f} ms")
    print(f"total: {(per_criterion + whole) * 1000:.1f} ms (median of {args.repeats}; goal < 500 ms)")
    alpha = overall.krippendorff_alpha["ordinal"]
    print(
        f"session ordinal alpha {alpha.value:.3f} [{alpha.ci_low:.3f}, {alpha.ci_high:.3f}]; "
        f"ICCs: {overall.notes.get('icc', 'computed')}; criteria summarised: {len(summaries)}"
    )
    print("breakdown over the 40 criteria:")
    for name, seconds in breakdown(session, args.resamples).items():
        print(f"  {name:<32} {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
