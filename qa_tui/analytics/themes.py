"""Qualitative themes: tag verbatims and feedback notes with service themes from a configurable lexicon.

A lexicon maps a theme to words or phrases (matched case-insensitively at word starts, so "wait" finds "waiting"
and "waited"). Texts are the redacted copies: the quotes shown are never the originals. Pure polars.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import polars as pl

DEFAULT_LEXICON: dict[str, tuple[str, ...]] = {
    "waiting time": ("wait", "queue", "on hold", "took ages", "too long", "slow", "hours to", "days to"),
    "attitude": ("rude", "polite", "friendly", "unhelpful", "helpful", "patient", "dismissive", "kind", "attitude"),
    "knowledge": ("knew", "knowledge", "didn't know", "did not know", "clueless", "expert", "explained", "confus"),
    "resolution": ("resolved", "sorted", "fixed", "not fixed", "still not", "unresolved", "solution", "call back",
                   "called back", "chase", "chasing"),
    "billing": ("bill", "charge", "refund", "payment", "overcharg", "direct debit", "invoice", "price"),
    "transfer": ("transferred", "passed around", "passed from", "another department", "put through"),
    "communication": ("listen", "understand", "clear", "jargon", "explain", "kept me informed", "no update"),
}


def load_lexicon(path: Path) -> dict[str, tuple[str, ...]]:
    """A lexicon from TOML: `[themes]` then `theme = ["word", "phrase", ...]`."""
    from qa_tui.errors import UsageError

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"The theme lexicon {path.name} could not be read: {error}.") from None
    themes = data.get("themes")
    if not isinstance(themes, dict) or not all(isinstance(v, list) and v for v in themes.values()):
        raise UsageError(f"The theme lexicon {path.name} needs a [themes] table of non-empty word lists.")
    return {name: tuple(str(word) for word in words) for name, words in themes.items()}


def _pattern(words: tuple[str, ...]) -> str:
    return r"(?i)\b(?:" + "|".join(re.escape(word.lower()) for word in words) + ")"


def tag(texts: pl.DataFrame, lexicon: dict[str, tuple[str, ...]] | None = None, column: str = "text") -> pl.DataFrame:
    """One row per (text, theme) it mentions: the input's columns plus `theme` and `hits` (matches in the text)."""
    lexicon = lexicon or DEFAULT_LEXICON
    names = list(lexicon)
    counted = texts.with_columns(
        pl.col(column).fill_null("").str.count_matches(_pattern(lexicon[name])).alias(f"__{i}")
        for i, name in enumerate(names)
    )
    long = counted.unpivot(index=texts.columns, on=[f"__{i}" for i in range(len(names))],
                           variable_name="theme", value_name="hits")
    mapping = {f"__{i}": name for i, name in enumerate(names)}
    return long.filter(pl.col("hits") > 0).with_columns(pl.col("theme").replace_strict(mapping))


def theme_counts(tagged: pl.DataFrame, total: int) -> pl.DataFrame:
    """Texts mentioning each theme and their share of all `total` texts, most mentioned first."""
    return tagged.group_by("theme").agg(pl.len().alias("texts")).with_columns(
        (100.0 * pl.col("texts") / max(total, 1)).alias("share")).sort(["texts", "theme"], descending=[True, False])


def theme_trend(tagged: pl.DataFrame, texts: pl.DataFrame, grain: str) -> pl.DataFrame:
    """Per period and theme: texts mentioning it and their share of that period's texts."""
    from qa_tui.analytics.kpis import with_period

    totals = with_period(texts, grain).group_by("period").agg(pl.len().alias("total"))
    counts = with_period(tagged, grain).group_by(["period", "theme"]).agg(pl.len().alias("texts"))
    return counts.join(totals, on="period").with_columns(
        (100.0 * pl.col("texts") / pl.col("total")).alias("share")).sort(["period", "theme"])


def quotes(tagged: pl.DataFrame, per_theme: int = 3, column: str = "text", longest: int = 240) -> pl.DataFrame:
    """Representative quotes per theme: the texts with the most hits, then the most recent, short enough to read."""
    readable = tagged.filter(pl.col(column).str.len_chars().is_between(12, longest))
    order = ["theme", "hits", "at"] if "at" in tagged.columns else ["theme", "hits"]
    ranked = readable.sort(order, descending=[False] + [True] * (len(order) - 1))
    return ranked.group_by("theme", maintain_order=True).head(per_theme).select("theme", column, "hits")
