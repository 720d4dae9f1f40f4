"""Criterion answers in bulk: their criterion's label, dimension, earned share and failed flag, and which answers
belong to a set of evaluations.

Millions of rows go through here, so the work is lookups in small tables (numpy arrays indexed by integer codes)
and one gather per column, never a join of the big frame: a year of a large centre is 5 million answers.
"""

from __future__ import annotations

import numpy as np
import polars as pl


SCHEMA = {"eval_key": pl.UInt32, "criterion_key": pl.Categorical, "value": pl.Int16, "na": pl.Boolean,
          "criterion": pl.Categorical, "servqual": pl.Categorical, "earned": pl.Float32, "failed": pl.Boolean}
"""The answers frame: raw columns as stored, then what `derived` adds."""


def derived(raw: pl.DataFrame, evaluations: pl.DataFrame, criteria: pl.DataFrame) -> pl.DataFrame:
    """`raw` (eval_key, criterion_key, value, na) with criterion, servqual, earned (0-1) and failed; `earned` and
    `failed` are null for N/A or unanswered, and for answers whose criterion the scorecard does not define."""
    index = _criterion_index(raw, evaluations, criteria)
    known = index >= 0
    row = pl.Series(np.where(known, index, 0), dtype=pl.UInt32)
    value = raw["value"].fill_null(0).to_numpy().astype(np.float32)
    answered = known & raw["value"].is_not_null().to_numpy() & ~raw["na"].to_numpy()
    lowest, highest, fail_at, bonus = (_column(criteria, name, np.float32)[row.to_numpy()] for name in
                                       ("lowest", "highest", "fail_at", "bonus"))
    span = highest - lowest
    scored = answered & (span > 0)
    counted = answered & (bonus == 0)
    label = criteria["criterion"].gather(row)
    return raw.select("eval_key", "criterion_key", "value", "na").with_columns(
        pl.when(pl.Series(known)).then(label).otherwise(pl.col("criterion_key")).alias("criterion"),
        pl.when(pl.Series(known)).then(criteria["servqual"].gather(row)).alias("servqual"),
        pl.Series("earned", np.divide(value - lowest, span, out=np.zeros_like(value), where=scored)).set(
            pl.Series(~scored), None),
        pl.Series("failed", value <= fail_at).set(pl.Series(~counted), None),
    )


def _column(frame: pl.DataFrame, name: str, dtype) -> np.ndarray:
    return frame[name].cast(pl.Float64).fill_null(np.nan).to_numpy().astype(dtype)


def _criterion_index(raw: pl.DataFrame, evaluations: pl.DataFrame, criteria: pl.DataFrame) -> np.ndarray:
    """For each answer, the row in `criteria` of its (scorecard version, criterion key); -1 when there is none."""
    versions = _dense(criteria["scorecard_version_id"])
    keys = _dense(criteria["criterion_key"])
    table = np.full((len(versions.codes) + 1, len(keys.codes) + 1), -1, dtype=np.int64)
    table[versions.of(criteria["scorecard_version_id"]), keys.of(criteria["criterion_key"])] = np.arange(criteria.height)
    by_key = np.full(_size(evaluations["eval_key"], raw["eval_key"]), len(versions.codes), dtype=np.int64)
    by_key[evaluations["eval_key"].to_numpy()] = versions.of(evaluations["scorecard_version_id"])
    return table[by_key[raw["eval_key"].to_numpy()], keys.of(raw["criterion_key"])]


class _dense:
    """Categorical codes (which are global, so large) mapped to 0..n-1; anything else maps to n."""

    def __init__(self, series: pl.Series) -> None:
        self.codes = np.unique(series.drop_nulls().to_physical().to_numpy())

    def of(self, series: pl.Series) -> np.ndarray:
        physical = series.to_physical()
        missing = physical.is_null().to_numpy()
        codes = physical.fill_null(0).to_numpy().astype(np.int64)
        lookup = np.full(max(int(codes.max(initial=0)), int(self.codes.max(initial=0))) + 1, len(self.codes),
                         dtype=np.int64)
        lookup[self.codes] = np.arange(len(self.codes))
        dense = lookup[codes]
        dense[missing] = len(self.codes)
        return dense


def _size(*keys: pl.Series) -> int:
    return max(int(k.max() or 0) for k in keys if k.len()) + 1 if any(k.len() for k in keys) else 1


def belonging(keys: pl.Series, chosen: pl.Series) -> np.ndarray:
    """Which answers (by their `keys`) belong to the `chosen` evaluations: a lookup table indexed by key, then one
    gather, so that filtering millions of answers takes milliseconds."""
    table = np.zeros(_size(keys, chosen), dtype=bool)
    table[chosen.to_numpy()] = True
    return table[keys.to_numpy()]


class Failures:
    """The answers' arrays that every Pareto needs, made once per answers frame: a filter change then only picks
    the chosen evaluations' answers and counts them per label, with numpy over the labels' categorical codes."""

    def __init__(self, answers: pl.DataFrame) -> None:
        self.answers = answers
        failed = answers["failed"]
        self.keys = answers["eval_key"]
        self.codes = answers["criterion"].to_physical().to_numpy()
        self.counted = failed.is_not_null().to_numpy()
        self.lost = failed.fill_null(False).to_numpy()
        self.labels = answers["criterion"].unique()
        self.size = int(self.codes.max(initial=0)) + 1

    def of(self, chosen: pl.Series) -> pl.DataFrame:
        """criterion, failures and answered among the answers of the `chosen` evaluations."""
        counted = belonging(self.keys, chosen) & self.counted
        at = self.labels.to_physical().to_numpy()
        frame = pl.DataFrame({
            "criterion": self.labels.cast(pl.Utf8),
            "failures": np.bincount(self.codes[counted & self.lost], minlength=self.size)[at].astype(np.int64),
            "answered": np.bincount(self.codes[counted], minlength=self.size)[at].astype(np.int64)})
        return frame.filter(pl.col("answered") > 0)
