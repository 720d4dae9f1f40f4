"""Words around a candidate that say what it is ("sort code", "expiry", "meter reading")."""

from __future__ import annotations

import re

FAMILIES = re.compile(
    r"(?P<sort>sort ?-?code)"
    r"|(?P<partial>ending|ends (?:in|with)|last (?:four|4)\b)"
    r"|(?P<cvv>cvv|cvc|csc|security (?:code|number|digits)|(?:three|3)[ -]digit|last three|on the back)"
    r"|(?P<expiry>expir|\bexp\b|valid (?:until|to|thru|through)|end date)"
    r"|(?P<account>account (?:number|no)|\bacc(?:t|ount)? no|\ba/c\b|bank account)"
    r"|(?P<card>\bcard\b|long number|visa|mastercard|amex)"
    r"|(?P<ref>\border|reference|\bref\b|\bcase\b|policy|tracking|customer (?:number|id)|membership|claim\b"
    r"|booking|ticket|complaint|fault\b|invoice|account|parcel|consignment)"
    r"|(?P<phone>phone|mobile|\bcall|\bring\b|\btext|landline|contact|\btel\b|whatsapp|\bfax\b)"
    r"|(?P<look>meter|reading|mpan|mprn|kwh|kilowatt|product|\bsku\b|batch|model|serial|part (?:number|no)|version"
    r"|firmware|imei|router|barcode|£|\$|€|pounds?|quid|\bpence|\bminutes|\bmins?\b|hours|seconds|miles|helpline"
    r"|freephone|\bitems?\b|boxes|\bstore\b|score|\bextension)"
)
WINDOW = 80


def families_before(lower: str, pos: int, window: int = WINDOW) -> dict[str, int]:
    """Keyword families in the `window` characters before `pos`, each with its distance to `pos`."""
    start = max(0, pos - window)
    found: dict[str, int] = {}
    for match in FAMILIES.finditer(lower, start, pos):
        found[match.lastgroup] = pos - match.end()
    return found


def nearest(found: dict[str, int], *families: str) -> str | None:
    """Of the given families present, the one closest to the candidate."""
    present = [(found[f], f) for f in families if f in found]
    return min(present)[1] if present else None
