"""Choosing between the keyword families found before a candidate ("sort code", "expiry", "meter reading")."""

from __future__ import annotations

WINDOW = 80


def nearest(found: dict[str, int], *families: str) -> str | None:
    """Of the given families present in `found` (family -> distance), the one closest to the candidate."""
    present = [(found[f], f) for f in families if f in found]
    return min(present)[1] if present else None
