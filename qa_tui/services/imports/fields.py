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


def converted(field: Field, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(typed value, reason it failed or null) for one column."""
    if field.type == "int":
        value = raw.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
        bad_type = raw.is_not_null() & value.is_null()
        out_of_range = value.is_not_null() & ((value < field.low) | (value > field.high))
        why = (pl.when(bad_type).then(pl.lit("not a whole number"))
               .when(out_of_range).then(pl.lit(f"outside {field.low}-{field.high}")))
        return value, why
    if field.type == "bool":
        lower = raw.str.to_lowercase()
        value = pl.when(lower.is_in(_TRUE)).then(True).when(lower.is_in(_FALSE)).then(False).otherwise(None)
        return value, pl.when(raw.is_not_null() & value.is_null()).then(pl.lit("not yes or no"))
    if field.type == "datetime":
        text = raw.str.replace(r"Z$", "+00:00")
        value = pl.coalesce(
            *[text.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us") for f in _AWARE],
            *[text.str.to_datetime(f, strict=False, time_unit="us").dt.replace_time_zone("UTC") for f in _NAIVE],
            *[text.str.to_date(f, strict=False).cast(pl.Datetime("us")).dt.replace_time_zone("UTC") for f in _DATES],
        )
        return value, pl.when(raw.is_not_null() & value.is_null()).then(pl.lit("not a date and time (use ISO 8601)"))
    if field.type == "choice":
        value = raw.str.to_lowercase().str.replace_all(r"[\s-]+", "_")
        bad = raw.is_not_null() & ~value.is_in(field.choices)
        return value, pl.when(bad).then(pl.lit(f"not one of {', '.join(field.choices)}"))
    too_long = raw.str.len_chars() > field.max_length
    broken = raw.str.contains("\ufffd", literal=True)
    why = (pl.when(broken).then(pl.lit("not valid text in the file's encoding"))
           .when(too_long).then(pl.lit(f"longer than {field.max_length:,} characters")))
    return raw, why
