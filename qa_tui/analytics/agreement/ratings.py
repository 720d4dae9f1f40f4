"""Long rating frames (item, rater, score) turned into an items x raters matrix.

Every agreement statistic starts from a `RatingMatrix`: one row per item, one
column per rater, NaN where a rater did not rate the item. Numeric scores keep
their values; any other scores are categories, stored as codes 0..q-1 into
`categories` so that the same float matrix serves both kinds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from qa_tui.errors import UsageError

REQUIRED_COLUMNS = ("item", "rater", "score")


@dataclass(frozen=True)
class RatingMatrix:
    """Ratings as an items x raters float matrix with NaN for a missing rating."""

    items: tuple
    raters: tuple
    values: np.ndarray
    """Scores (numeric data) or category codes (categorical data); NaN = missing."""
    categories: tuple
    """The possible ratings in order: numbers for numeric data, labels otherwise."""
    numeric: bool

    @property
    def n_ratings(self) -> int:
        """How many ratings the matrix holds (missing ones excluded)."""
        return int(np.count_nonzero(~np.isnan(self.values)))

    def category_values(self) -> np.ndarray:
        """The categories as floats (numeric data) or as their codes 0..q-1."""
        if self.numeric:
            return np.asarray(self.categories, dtype=float)
        return np.arange(len(self.categories), dtype=float)

    def category_counts(self) -> np.ndarray:
        """Items x categories: how many raters put each item in each category."""
        codes = np.searchsorted(self.category_values(), self.values)
        rated = ~np.isnan(self.values)
        counts = np.zeros((self.values.shape[0], len(self.categories)))
        rows = np.broadcast_to(np.arange(self.values.shape[0])[:, None], codes.shape)
        np.add.at(counts, (rows[rated], codes[rated]), 1.0)
        return counts


def ratings_matrix(
    frame: pl.DataFrame,
    categories: Sequence | None = None,
    row_numbers: Sequence[int] | None = None,
) -> RatingMatrix:
    """Pivot a long (item, rater, score) frame into a `RatingMatrix`.

    A missing rating is an absent row or a null score; items and raters with
    no rating at all are left out. `categories` lists the possible ratings
    when the scale has some that nobody used. Errors name the
    offending row: `row_numbers[i]` for the frame's row i (default i + 1), so a
    caller can give line numbers in the file the frame came from.
    """
    rows = np.arange(1, frame.height + 1) if row_numbers is None else np.asarray(row_numbers)
    check_ratings_frame(frame, rows)
    _reject_duplicates(frame, rows)
    scores, numeric = _score_values(frame.get_column("score"))
    present = ~_is_missing(scores, numeric)
    item_codes, items = _codes(frame.get_column("item").filter(present))
    rater_codes, raters = _codes(frame.get_column("rater").filter(present))
    if len(raters) < 2:
        raise UsageError(f"the ratings come from {len(raters)} rater(s); agreement needs at least 2.")
    scale = _scale(scores[present], numeric, categories)
    values = np.full((len(items), len(raters)), np.nan)
    values[item_codes, rater_codes] = _encode(scores[present], scale, numeric)
    return RatingMatrix(tuple(items), tuple(raters), values, scale, numeric)


def check_ratings_frame(frame: pl.DataFrame, rows: np.ndarray) -> None:
    """Raise `UsageError` unless the frame has the columns we need, each row naming item and rater."""
    missing = [name for name in REQUIRED_COLUMNS if name not in frame.columns]
    if missing:
        raise UsageError(f"the ratings have no {', '.join(missing)} column (need item, rater, score).")
    for name in ("item", "rater"):
        nulls = np.flatnonzero(frame.get_column(name).is_null().to_numpy())
        if nulls.size:
            raise UsageError(f"row {rows[nulls[0]]} has no {name}.")


def _codes(column: pl.Series) -> tuple[np.ndarray, list]:
    """Sorted distinct labels, and each entry's index into them."""
    labels, codes = np.unique(column.to_numpy(), return_inverse=True)
    return codes.ravel(), labels.tolist()


def _reject_duplicates(frame: pl.DataFrame, rows: np.ndarray) -> None:
    """Raise `UsageError` naming the first row that rates an item a rater already rated."""
    item_codes, _ = _codes(frame.get_column("item"))
    rater_codes, raters = _codes(frame.get_column("rater"))
    keys = item_codes * len(raters) + rater_codes
    _, first_index, inverse = np.unique(keys, return_index=True, return_inverse=True)
    repeats = np.flatnonzero(first_index[inverse.ravel()] != np.arange(keys.size))
    if repeats.size:
        row = int(repeats[0])
        item, rater = frame.get_column("item")[row], frame.get_column("rater")[row]
        first = int(first_index[inverse.ravel()[row]])
        raise UsageError(
            f"row {rows[row]} repeats the rating of item {item!r} by rater {rater!r} "
            f"(first given in row {rows[first]})."
        )


def _score_values(column: pl.Series) -> tuple[np.ndarray, bool]:
    """Scores as floats when every present score is a number, else as strings."""
    if column.dtype == pl.Boolean:
        column = column.cast(pl.Int8)
    if column.dtype.is_numeric():
        return column.cast(pl.Float64).fill_nan(None).to_numpy(), True
    stripped = column.cast(pl.String).str.strip_chars()
    text = pl.select(pl.when(stripped != "").then(stripped)).to_series()
    as_numbers = text.cast(pl.Float64, strict=False)
    if as_numbers.null_count() == text.null_count():
        return as_numbers.fill_nan(None).to_numpy(), True
    return text.to_numpy(), False


def _is_missing(scores: np.ndarray, numeric: bool) -> np.ndarray:
    if numeric:
        return np.isnan(scores.astype(float))
    return np.array([score is None for score in scores], dtype=bool)


def _scale(observed: np.ndarray, numeric: bool, categories: Sequence | None) -> tuple:
    found = sorted(set(observed.tolist()))
    if categories is None:
        return tuple(found)
    scale = tuple(sorted(float(c) for c in categories)) if numeric else tuple(categories)
    unknown = [value for value in found if value not in scale]
    if unknown:
        raise UsageError(f"score {unknown[0]!r} is not one of the scale's categories {list(scale)}.")
    return scale


def _encode(scores: np.ndarray, scale: tuple, numeric: bool) -> np.ndarray:
    if numeric:
        return scores.astype(float)
    code = {label: index for index, label in enumerate(scale)}
    return np.array([code[score] for score in scores], dtype=float)
