"""Every keyword the detectors care about, found in one pass over the lower-case text.

Python's regex engine tries each branch of a flat alternation at every
position, which is slow for a few hundred phrases; a prefix-factored pattern
("trie regex") tries one branch per leading letter instead. A look-behind keeps
it to word starts (measured faster than trying the trie inside words); the end of
a word is checked in Python on the (few) matches, so that a longer phrase that
runs into a word ("call me" in "call meter") is dropped as before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

_SPOKEN = ("zero oh nought nil one two three four five six seven eight nine double triple ten eleven twelve thirteen "
           "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety")
_PHRASES = {
    # Context families for digit runs and references (see context.py).
    "sort": "sort code|sortcode|sort-code",
    "partial": "ending|ends in|ends with|last four|last 4",
    "cvv": "cvv|cvc|csc|security code|security number|security digits|three digits|three digit|3 digits|3 digit"
           "|last three|on the back",
    "expiry": "expiry|expires|expiring|expiration|exp|valid until|valid to|valid thru|valid through|end date",
    "account": "account number|account no|acc no|acct no|a/c|bank account",
    "card": "card|long number|visa|mastercard|amex",
    "ref": "order|reference|ref|case|policy|tracking|customer number|customer id|membership|claim|booking|ticket"
           "|complaint|fault|invoice|account|parcel|consignment",
    "phone": "phone|mobile|call|calling|ring|text|landline|contact|tel|whatsapp|fax",
    "look": "meter|reading|mpan|mprn|kwh|kilowatt|product|sku|batch|model|serial|part number|part no|version"
            "|firmware|imei|router|barcode|£|$|€|pound|pounds|quid|pence|minutes|mins|min|hours|seconds|miles|helpline"
            "|freephone|item|items|boxes|store|score|extension",
    # Name cues (see detectors/names.py).
    "cue_agent": "you're through to|you’re through to|you are through to|you're speaking to|you're speaking with"
                 "|you’re speaking to|you are speaking to|you are speaking with|you're chatting with|you’re chatting with"
                 "|you are chatting with|am i speaking to|am i speaking with|spoke to|spoke with|speaking to"
                 "|chatting with|passed to|transferred to|agent|adviser|advisor|colleague|representative|operator",
    "cue_intro": "my name is|my name's|my name’s|name is|name's|name:|in the name of|surname is|first name is"
                 "|last name is|full name is|account holder is|call me",
    "cue_soft": "this is|it's|it’s|it is|i'm|i’m|i am",
    "cue_title": "mr|mr.|mrs|mrs.|ms|ms.|miss|mx|dr|dr.|sir|dame|lady|lord|prof|prof.",
    "cue_greet": "hi|hello|hiya|hey|dear|thanks|thanks,|thank you|cheers|sorry|bye|goodbye|morning|afternoon|evening"
                 "|regards|regards,|wishes,|sincerely|sincerely,|faithfully|faithfully,|is that|husband|wife|partner"
                 "|son|daughter|mum|mother|dad|father|brother|sister|neighbour|friend|executor|customer|caller|shopper"
                 "|from:",
    # Dates of birth and expiry (see detectors/dates.py).
    "dob": "date of birth|dob|d.o.b|d.o.b.|born|born on|born in|birthday|birth date",
    "spoken": _SPOKEN.replace(" ", "|"),
    "after_name": "speaking|here",
}
KINDS: dict[str, tuple[str, ...]] = {}
for _kind, _words in _PHRASES.items():
    for _phrase in _words.split("|"):
        KINDS[_phrase] = KINDS.get(_phrase, ()) + (_kind,)
FAMILY_KINDS = frozenset({"sort", "partial", "cvv", "expiry", "account", "card", "ref", "phone", "look"})
# A longer phrase hides the shorter one it starts with ("call me" hides "call"): it keeps that one's family.
for _phrase in list(KINDS):
    _head = _phrase.split(" ")[0]
    if _head != _phrase and _head in KINDS:
        KINDS[_phrase] += tuple(k for k in KINDS[_head] if k in FAMILY_KINDS and k not in KINDS[_phrase])
OPEN_ENDED = frozenset({"expir", "£", "$", "€", "name:", "from:", "mr.", "mrs.", "ms.", "dr.", "prof.", "thanks,",
                        "regards,", "wishes,", "sincerely,", "faithfully,"})


class Hit(NamedTuple):
    """One keyword occurrence: where, and the phrase as written in the keyword table."""

    start: int
    end: int
    phrase: str


def trie_pattern(words: list[str], guards: dict[str, str] | None = None) -> str:
    """A regex matching any of `words` (longest first at each position), factored by common prefixes.

    `guards` maps some words to a lookahead that must hold after them.
    """
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = (guards or {}).get(word, "")
    return _node_pattern(root)


def _node_pattern(node: dict) -> str:
    guard = node.get("")
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return guard or ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if guard:
        return f"(?:{body}|{guard})"
    if guard is not None:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


# Alphanumeric-led phrases start a word: the look-behind skips the inside of words (and is cheaper
# than trying the trie there); the few currency signs are found with str.find.
_SIGNS = tuple(p for p in KINDS if not p[0].isalnum())
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# Phrases whose end must not run on into a word ("card" is not in "cardiff").
_CLOSED = frozenset(p for p in KINDS if p[-1].isalnum() and p not in OPEN_ENDED)
# Name cues introduce a name after white space, a comma or a bracket (see detectors/names.py); phrases that are
# only cues are of no use anywhere else.
CUE_KINDS = frozenset({"cue_agent", "cue_intro", "cue_soft", "cue_title", "cue_greet"})
CUE_GAP = frozenset(",(")
_CUE_ONLY = frozenset(p for p, kinds in KINDS.items() if set(kinds) <= CUE_KINDS)
# The end checks of `scan` as lookaheads in the pattern, for one-word phrases that no shorter phrase starts: the
# regex engine drops their failures (the speaker labels "agent:" and "customer:" above all) without a Python step,
# and, with no shorter phrase to fall back on and only the inside of the word after its start, finds nothing else
# there, as the checks in Python would.
_GUARDED = {p: "(?=[\\s,(])" if p in _CUE_ONLY else "(?![a-z0-9])"
            for p in KINDS if p[0].isalnum() and " " not in p and (p in _CUE_ONLY or p in _CLOSED)
            and not any(p[:n] in KINDS for n in range(1, len(p)))}
KEYWORDS = re.compile(r"(?<![a-z0-9])" + trie_pattern([p for p in KINDS if p[0].isalnum()], _GUARDED))
_FAMILIES_OF = {p: tuple(k for k in KINDS[p] if k in FAMILY_KINDS) for p in KINDS}
_FAMILY_PHRASES = frozenset(p for p, families in _FAMILIES_OF.items() if families)
PHRASES_OF_KIND = {kind: frozenset(p for p, kinds in KINDS.items() if kind in kinds) for kind in _PHRASES}


def scan(lower: str, start: int = 0, end: int | None = None) -> list[Hit]:
    """Keyword hits in the lower-case text (or lower[start:end]), whole words only, sorted by position.

    Two kinds of match are dropped: a closed phrase that runs on into a word, and a name cue that nothing a
    name could start with follows (the speaker labels "Agent:" and "Customer:", a third of all matches).
    """
    size, word_chars, closed, cue_only, guarded, new = len(lower), _WORD_CHARS, _CLOSED, _CUE_ONLY, _GUARDED, tuple.__new__
    end = size if end is None else end
    hits = []
    for m in KEYWORDS.finditer(lower, start, end):
        phrase, stop = m[0], m.end()
        if phrase not in guarded:
            after = lower[stop] if stop < size else ""
            if phrase in closed and after in word_chars:
                continue
            if phrase in cue_only and not (after.isspace() or after in CUE_GAP):
                continue
        hits.append(new(Hit, (m.start(), stop, phrase)))
    signs = [Hit(at, at + 1, sign) for sign in _SIGNS if sign in lower for at in _find_all(lower, sign, start, end)]
    return sorted(hits + signs) if signs else hits


def _find_all(text: str, needle: str, start: int, end: int) -> list[int]:
    found, at = [], text.find(needle, start, end)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1, end)
    return found


# Scanning this far either side of a rewritten stretch finds the hits that touch it as a scan of the whole
# text would: a match that started before the window, and one it hid, both end before the stretch.
RESCAN_MARGIN = 3 * max(map(len, KINDS)) + 2


def _overlaps(hits: list[Hit], ends: list[int], hit: Hit) -> bool:
    """Whether `hit` overlaps one of the sorted, non-overlapping `hits` (whose ends are `ends`)."""
    i = bisect_left(ends, hit.start + 1)
    return i < len(hits) and hits[i].start < hit.end


class Keywords:
    """The keyword hits of one text, with quick look-ups by kind and by position.

    The look-ups are built on first use: the detectors ask for a few kinds only,
    and most hits (greetings, look-alike words) belong to kinds nobody asks for by name.
    """

    def __init__(self, lower: str, hits: list[Hit] | None = None) -> None:
        self.hits = scan(lower) if hits is None else hits
        self._by_kind: dict[str, list[Hit]] = {}
        self._family: list[Hit] | None = None
        self._family_ends: list[int] = []

    def rewritten(self, lower: str, source_size: int, verbatim: list[tuple[int, int, int]],
                  stretches: list[tuple[int, int]]) -> Keywords:
        """The keywords of `lower`, a rewrite of the scanned text (of `source_size` characters) that kept the
        `verbatim` stretches (old start, old end, new start) and replaced the others by `stretches` (new start,
        new end).

        The same hits as a scan of `lower`, found faster: hits well inside a kept stretch move with it, and
        only the surroundings of the rewritten stretches are scanned again.
        """
        kept, starts, piece = [], [v[0] for v in verbatim], len(verbatim)
        new = tuple.__new__
        for hit in self.hits:
            i = bisect_left(starts, max(hit.start - 1, 0) + 1) - 1
            if 0 <= i < piece and verbatim[i][1] >= min(hit.end + 1, source_size):
                shift = verbatim[i][2] - verbatim[i][0]
                kept.append(new(Hit, (hit.start + shift, hit.end + shift, hit.phrase)))
        kept_ends = [h.end for h in kept]
        found = set()
        for start, end in stretches:
            for hit in scan(lower, max(0, start - RESCAN_MARGIN), min(len(lower), end + RESCAN_MARGIN)):
                if hit.start <= end and hit.end >= start and not _overlaps(kept, kept_ends, hit):
                    found.add(hit)
        return Keywords(lower, sorted(kept + list(found)) if found else kept)

    def of_kind(self, kind: str) -> list[Hit]:
        """Hits whose phrase belongs to `kind` (e.g. "dob", "cue_title")."""
        found = self._by_kind.get(kind)
        if found is None:
            phrases = PHRASES_OF_KIND[kind]
            found = self._by_kind[kind] = [hit for hit in self.hits if hit.phrase in phrases]
        return found

    def families_before(self, pos: int, window: int) -> dict[str, int]:
        """Context families ending within `window` characters before `pos`, each with its distance."""
        if self._family is None:
            self._family = [hit for hit in self.hits if hit.phrase in _FAMILY_PHRASES]
            self._family_ends = [hit.end for hit in self._family]
        found: dict[str, int] = {}
        ends, family = self._family_ends, self._family
        i = bisect_left(ends, pos + 1) - 1
        while i >= 0 and pos - ends[i] <= window:
            for kind in _FAMILIES_OF[family[i].phrase]:
                found.setdefault(kind, pos - ends[i])
            i -= 1
        return found
