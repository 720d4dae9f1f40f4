"""Values the interaction's records already hold, found wherever the text repeats them.

Matching is done with `str.find` on prepared views of the text, never by compiling a pattern per value: a large
centre has a hundred thousand customers, each seen a few times, so per-value patterns would thrash any cache and
cost more than every other detector together.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property
from itertools import accumulate, islice

from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.namelists import PARTICLES, STOP_WORDS, load
from qa_tui.privacy.spans import Span

SEPARATORS = frozenset("().-")
"""Besides whitespace, what may stand between the characters of a known value ("AB1 2CD", "0770-090 0123")."""
NAME_EDGES = frozenset("'’")
_SEPARATOR_RUN = re.compile(r"([\s().-]+)")


def detect_known(text: str, known: KnownValues) -> list[Span]:
    """Spans for every mention of a known value: names in full or in part, and exact identifiers."""
    view = _TextView(text)
    if not view.aligned:
        return []  # case-folding changed the text's length: offsets would be wrong, so leave it to the detectors
    spans = _names(view, known.customer_names, "PERSON") + _names(view, known.agent_names, "AGENT_NAME")
    for values, label in ((known.emails, "EMAIL"), (known.postcodes, "POSTCODE"), (known.references, "REFERENCE")):
        spans += [Span(start, end, label, 0.99) for value in values for start, end in view.loose_mentions(value)]
    spans += [Span(start, end, "PHONE", 0.99) for value in known.phones for start, end in view.phone_mentions(value)]
    return spans


def agent_words(known: KnownValues | None) -> frozenset[str]:
    """Lower-case tokens of the known agents' names."""
    if known is None:
        return frozenset()
    return frozenset(t.lower() for name in known.agent_names for t in name.split() if len(t) > 1)


def _names(view: "_TextView", names: tuple[str, ...], label: str) -> list[Span]:
    spans = []
    for name in names:
        tokens = name.split()
        if not any(token.lower() in view.lowered for token in tokens):
            continue  # a cheap test first: most texts mention few of the known names
        spans += [Span(start, end, label, 0.99) for start, end in view.full_name_mentions(tokens)]
        for token in tokens:
            spans += _token_mentions(view, token, label)
    return spans


def _token_mentions(view: "_TextView", token: str, label: str) -> list[Span]:
    lower = token.lower()
    if len(token) < 2 or lower in STOP_WORDS or lower in PARTICLES or lower not in view.lowered:
        return []
    # Names that are everyday words ("Will", "Grace") count only when capitalised.
    exact = token.capitalize() if lower in load("word_names") else None
    return [Span(start, start + len(token), label, 0.9) for start in view.word_starts(lower)
            if exact is None or view.text.startswith(exact, start)]


class _TextView:
    """One text with the views the matchers share: lower case, and lower case with separators squeezed out."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower()
        self.aligned = len(self.lowered) == len(text)
        self._word_starts: dict[str, list[int]] = {}

    @cached_property
    def squeezed(self) -> "_Squeezed":
        """The lowered text without whitespace and separators, mapped back to the text's offsets."""
        return _Squeezed(self.lowered)

    def word_starts(self, word: str) -> list[int]:
        """Where the lower-case `word` stands on its own (no letter, digit or apostrophe either side)."""
        if word not in self._word_starts:  # a name's first token is looked for twice: in full and on its own
            self._word_starts[word] = [start for start in _occurrences(self.lowered, word)
                                       if self._name_edges(start, start + len(word))]
        return self._word_starts[word]

    def full_name_mentions(self, tokens: list[str]) -> list[tuple[int, int]]:
        """A name's tokens in order, separated by whitespace, in any case."""
        found, first = [], tokens[0].lower()
        for start in self.word_starts(first):
            end = self._rest_of_name(start + len(first), tokens[1:])
            if end is not None and self._name_edges(start, end) and not (found and start < found[-1][1]):
                found.append((start, end))
        return found

    def _rest_of_name(self, at: int, tokens: list[str]) -> int | None:
        for token in tokens:
            gap = at
            while gap < len(self.text) and self.text[gap].isspace():
                gap += 1
            if gap == at or not self.lowered.startswith(token.lower(), gap):
                return None
            at = gap + len(token)
        return at

    def _name_edges(self, start: int, end: int) -> bool:
        return not (_wordish(self.text, start - 1, NAME_EDGES) or _wordish(self.text, end, NAME_EDGES))

    def loose_mentions(self, value: str) -> list[tuple[int, int]]:
        """The value with any spacing or separators between its characters, any case, not inside a longer token."""
        wanted = _squeeze(value.lower())
        if not wanted:
            return []
        squeezed = self.squeezed
        spans = [(squeezed.offset(k), squeezed.offset(k + len(wanted) - 1) + 1)
                 for k in _occurrences(squeezed.text, wanted)]
        return _non_overlapping([(s, e) for s, e in spans
                                 if not _wordish(self.text, s - 1, "@.") and not _wordish(self.text, e, "@")])

    def phone_mentions(self, value: str) -> list[tuple[int, int]]:
        """A known phone number in national (0...) or international (+44, 44, +44 (0)) form, with any spacing."""
        digits = "".join(ch for ch in value if ch.isdigit())
        national = digits[2:] if digits.startswith("44") else digits.lstrip("0")
        if not national:
            return []
        squeezed, found = self.squeezed, []
        for k in _occurrences(squeezed.text, national):
            end = squeezed.offset(k + len(national) - 1) + 1
            if end < len(self.text) and self.text[end].isdigit():
                continue
            start = self._phone_start(squeezed, k)
            if start is not None:
                found.append((start, end))
        return _non_overlapping(found)

    def _phone_start(self, squeezed: "_Squeezed", k: int) -> int | None:
        """Where the number's prefix begins, trying the longest prefix first; None without a valid prefix."""
        for prefix in ("+440", "440", "+44", "44", "0"):
            first = k - len(prefix)
            if first >= 0 and squeezed.text.startswith(prefix, first):
                start = squeezed.offset(first)
                if not _wordish(self.text, start - 1, "+"):
                    return start
        return None


class _Squeezed:
    """A text with whitespace and separators removed; `offset` maps a position back to the original text."""

    def __init__(self, lowered: str) -> None:
        # Split, join and running sums all run in C: kept runs and separator runs alternate, kept first.
        pieces = _SEPARATOR_RUN.split(lowered)
        kept = pieces[::2]
        self.text = "".join(kept)
        self._run_starts = list(accumulate(map(len, kept[:-1]), initial=0))
        self._run_offsets = list(islice(accumulate(map(len, pieces), initial=0), 0, None, 2))

    def offset(self, k: int) -> int:
        run = bisect_right(self._run_starts, k) - 1
        return self._run_offsets[run] + k - self._run_starts[run]


def _squeeze(value: str) -> str:
    return "".join(ch for ch in value if not (ch.isspace() or ch in SEPARATORS))


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at >= 0:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _wordish(text: str, index: int, extra: str | frozenset[str]) -> bool:
    """True when text[index] exists and is a letter, digit, underscore or one of `extra`."""
    if index < 0 or index >= len(text):
        return False
    ch = text[index]
    return ch.isalnum() or ch == "_" or ch in extra


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
