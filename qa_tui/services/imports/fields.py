"""What an import file may hold: one `Field` per value a kind takes, how its header is recognised, and how a text
cell becomes a typed value (vectorised in polars, with a reason for every cell that cannot)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

MAX_TEXT = 20_000
"""Longest free text accepted, in characters (a verbatim or a note longer than this is almost surely an error)."""

_TRUE = ("1", "y", "yes", "true", "t", "resolved")
_FALSE = ("0", "n", "no", "false", "f", "unresolved", "not resolved")
_NAIVE = ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M:%S",
          "%d/%m/%Y %H:%M")
_DATES = ("%Y-%m-%d", "%d/%m/%Y")
_AWARE = ("%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    """text, ref, int, bool, datetime, choice, or a name resolved against the store (agent, site, team, contact)."""
    aliases: tuple[str, ...] = ()
    required: bool = False
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    max_length: int = MAX_TEXT
    hashed: bool = True
    """Part of the row's hash when the file has no external reference."""


def normalise_header(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def cleaned(column: str) -> pl.Expr:
    """The cell as text, trimmed, with empty cells as null."""
    text = pl.col(column).cast(pl.Utf8).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def typed_value(field: Field, raw: pl.Expr) -> pl.Expr:
    """The cell as its field's type (null where it cannot be read)."""
    if field.type == "int":
        return raw.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
    if field.type == "bool":
        lower = raw.str.to_lowercase()
        return pl.when(lower.is_in(_TRUE)).then(True).when(lower.is_in(_FALSE)).then(False).otherwise(None)
    if field.type == "datetime":
        return raw.str.replace(r"Z$", "+00:00").map_batches(_datetimes, return_dtype=_DATETIME)
    if field.type == "choice":
        return raw.str.to_lowercase().str.replace_all(r"[\s-]+", "_")
    return raw


def failure(field: Field, raw: pl.Expr, value: pl.Expr) -> pl.Expr:
    """Why a cell could not be read, or null; `value` is its `typed_value` (best a column computed once)."""
    unread = raw.is_not_null() & value.is_null()
    if field.type == "int":
        out_of_range = value.is_not_null() & ((value < field.low) | (value > field.high))
        return (pl.when(unread).then(pl.lit("not a whole number"))
                .when(out_of_range).then(pl.lit(f"outside {field.low}-{field.high}")))
    if field.type == "bool":
        return pl.when(unread).then(pl.lit("not yes or no"))
    if field.type == "datetime":
        return pl.when(unread).then(pl.lit("not a date and time (use ISO 8601)"))
    if field.type == "choice":
        return pl.when(raw.is_not_null() & ~value.is_in(field.choices)).then(pl.lit(f"not one of {', '.join(field.choices)}"))
    too_long = raw.str.len_chars() > field.max_length
    broken = raw.str.contains("\ufffd", literal=True)
    return (pl.when(broken).then(pl.lit("not valid text in the file's encoding"))
            .when(too_long).then(pl.lit(f"longer than {field.max_length:,} characters")))


_DATETIME = pl.Datetime("us", "UTC")
_PARSERS = (
    *[lambda text, f=f: text.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us") for f in _AWARE],
    *[lambda text, f=f: text.str.to_datetime(f, strict=False, time_unit="us").dt.replace_time_zone("UTC") for f in _NAIVE],
    *[lambda text, f=f: text.str.to_date(f, strict=False).cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
      for f in _DATES],
)
"""Each accepted format, in order of preference: the first that reads a cell gives its value."""


def _datetimes(text: pl.Series) -> pl.Series:
    """Try each format on the cells that no earlier one could read (a file mostly keeps to one format, so the
    others see few cells or none)."""
    value = pl.Series(text.name, [None] * len(text), dtype=_DATETIME)
    for parse in _PARSERS:
        todo = (value.is_null() & text.is_not_null()).arg_true()
        if todo.len() == 0:
            break
        value = value.scatter(todo, parse(text.gather(todo)).cast(_DATETIME))
    return value
