"""Levels of measurement and the scorecard item types that imply them.

Krippendorff's alpha takes a difference function per level; the level also
decides which statistics are meaningful (an ICC on yes/no answers is not).
"""

from __future__ import annotations

from qa_tui.errors import UsageError

LEVELS = ("nominal", "ordinal", "interval", "ratio")
"""From weakest to strongest: each level allows the statistics of those before it."""

_ITEM_TYPE_LEVELS = {
    "yes_no": "nominal",
    "yesno": "nominal",
    "binary": "nominal",
    "pass_fail": "nominal",
    "choice": "nominal",
    "scale": "ordinal",
    "labelled_scale": "ordinal",
    "labeled_scale": "ordinal",
    "rating": "ordinal",
    "likert": "ordinal",
    "points": "ratio",
}


def level_for_item_type(kind: str) -> str:
    """The level of measurement a scorecard item type implies.

    Yes/no answers are nominal; labelled scales (1-5, 0-10) are ordinal, with
    interval statistics reported alongside; points are ratio (a true zero).
    """
    key = kind.strip().lower().replace("-", "_").replace("/", "_").replace(" ", "_")
    try:
        return _ITEM_TYPE_LEVELS[key]
    except KeyError:
        known = ", ".join(sorted(_ITEM_TYPE_LEVELS))
        raise UsageError(f"unknown item type {kind!r}; expected one of {known}.") from None


def check_level(level: str) -> str:
    """Return `level` if it is a known level of measurement, else raise `UsageError`."""
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}.")
    return level


def level_allows(level: str, needed: str) -> bool:
    """Whether data at `level` supports a statistic that needs `needed`.

    An ordinal scale also gets interval statistics (scorecard scales are read
    as equally spaced in practice), but ratio statistics need a true zero.
    """
    rank = LEVELS.index(check_level(level))
    if level == "ordinal" and needed == "interval":
        return True
    return LEVELS.index(needed) <= rank
