"""Numbers and letters read aloud, rewritten as digits so that one set of detectors sees both forms.

"oh seven seven double nine" becomes "0 7 7 99" in a shadow copy of the text;
`Shadow.original` maps a span of the shadow back to the caller's text.
Only runs of two or more spoken tokens are rewritten (or one "twenty seven"),
so "one" in "the one on the back" stays a word.
"""

from __future__ import annotations

import re
from bisect import bisect_right

DIGIT_WORDS = {
    "zero": "0", "oh": "0", "nought": "0", "nil": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
TEENS = {w: str(10 + i) for i, w in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
DECADES = {w: str(20 + 10 * i) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_DIGIT = "(?:" + "|".join(DIGIT_WORDS) + ")"
_TOKEN = (
    rf"(?:(?:double|triple)[ -](?:{_DIGIT}|\d)|(?:{'|'.join(DECADES)})(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"|{'|'.join(TEENS)}|{_DIGIT}|\d+|(?<!['’])[a-hj-z])"
)
SPOKEN_RUN = re.compile(rf"\b{_TOKEN}(?:(?:[ \t]*[,-][ \t]*|[ \t]+){_TOKEN})*\b", re.IGNORECASE)
TOKEN = re.compile(_TOKEN, re.IGNORECASE)
LEAD_SEPARATORS = " \t,-"
# [a-hj-z] under IGNORECASE, which also matches the long s and the Kelvin sign.
LEAD_LETTERS = frozenset("abcdefghjklmnopqrstuvwxyzABCDEFGHJKLMNOPQRSTUVWXYZ\u017f\u212a")
# Letters and digit groups just before a spoken word belong to its run ("s w one a", "07 double 4").
RUN_LEAD = re.compile(r"(?:(?<![\w'’])(?:[a-hj-z]|\d+)(?:[ \t]*[,-][ \t]*|[ \t]+)){1,10}\Z", re.IGNORECASE)


def token_value(token: str) -> str:
    """The digits (or capital letter) one spoken token stands for."""
    lower = token.lower().replace("-", " ")
    if lower.isdigit():
        return lower
    if lower.startswith(("double ", "triple ")):
        times = 2 if lower.startswith("double") else 3
        tail = lower.split(" ", 1)[1]
        return (tail if tail.isdigit() else DIGIT_WORDS[tail]) * times
    if lower in DIGIT_WORDS:
        return DIGIT_WORDS[lower]
    if lower in TEENS:
        return TEENS[lower]
    head, _, unit = lower.partition(" ")
    if head in DECADES:
        return str(int(DECADES[head]) + int(DIGIT_WORDS.get(unit, "0")))
    return token.upper()


class Shadow:
    """A copy of a text with spoken numbers turned into digits, and the map back to the original."""

    def __init__(self, text: str, spoken_starts: list[int] | None = None) -> None:
        """`spoken_starts`: where spoken number words start (all runs are searched when None)."""
        self.source = text
        self.spelled: list[tuple[int, int]] = []
        self._starts: list[int] = [0]
        self._segments: list[tuple[int, int, bool]] = [(0, len(text), True)]
        runs = list(SPOKEN_RUN.finditer(text)) if spoken_starts is None else _runs_at(text, spoken_starts)
        rewritten = self._rewrite(text, runs) if runs else text
        self.text = text if rewritten == text else rewritten

    def verbatim(self) -> list[tuple[int, int, int]]:
        """The stretches copied unchanged, as (original start, original end, shadow start), in order."""
        return [(o_start, o_end, at) for at, (o_start, o_end, kept) in zip(self._starts, self._segments) if kept]

    def rewritten(self) -> list[tuple[int, int]]:
        """The shadow's stretches that stand for spoken runs, as (start, end), in order."""
        stretches: list[tuple[int, int]] = []
        ends = self._starts[1:] + [len(self.text)]
        for at, end, (_, _, kept) in zip(self._starts, ends, self._segments):
            if kept:
                continue
            if stretches and stretches[-1][1] == at:
                stretches[-1] = (stretches[-1][0], end)
            else:
                stretches.append((at, end))
        return stretches

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that produced shadow characters [start, end)."""
        return self._map(start, False), self._map(end - 1, True)

    def _map(self, pos: int, is_end: bool) -> int:
        i = bisect_right(self._starts, pos) - 1
        o_start, o_end, verbatim = self._segments[i]
        if verbatim:
            return o_start + pos - self._starts[i] + (1 if is_end else 0)
        return o_end if is_end else o_start

    def _rewrite(self, text: str, runs: list[re.Match]) -> str:
        pieces: list[str] = []
        self._starts, self._segments, self._length = [], [], 0
        last = 0
        for run in runs:
            tokens = _spoken_tokens(run)
            if tokens is None or tokens[0][0] < last:
                continue
            self._add_verbatim(pieces, text, last, tokens[0][0])
            self._add_tokens(pieces, tokens)
            last = tokens[-1][1]
        self._add_verbatim(pieces, text, last, len(text))
        return "".join(pieces)

    def _add_verbatim(self, pieces: list[str], text: str, start: int, end: int) -> None:
        if end > start:
            self._starts.append(self._length)
            self._segments.append((start, end, True))
            pieces.append(text[start:end])
            self._length += end - start

    def _add_tokens(self, pieces: list[str], tokens: list[tuple[int, int, str]]) -> None:
        shadow_start = pos = self._length
        for k, (start, end, value) in enumerate(tokens):
            if k:
                self._starts.append(pos)
                self._segments.append((tokens[k - 1][1], start, False))
                pieces.append(" ")
                pos += 1
            self._starts.append(pos)
            self._segments.append((start, end, False))
            pieces.append(value)
            pos += len(value)
        self._length = pos
        if any(v.isalpha() for _, _, v in tokens):
            self.spelled.append((shadow_start, pos))


def _runs_at(text: str, starts: list[int]) -> list[re.Match]:
    """The spoken runs through the given word starts, each found once."""
    runs: list[re.Match] = []
    for start in starts:
        if runs and start < runs[-1].end():
            continue
        lead = RUN_LEAD.search(text, max(0, start - 40), start) if _may_lead(text, start) else None
        run = SPOKEN_RUN.match(text, lead.start() if lead else start)
        if run:
            runs.append(run)
    return runs


def _may_lead(text: str, start: int) -> bool:
    """Whether RUN_LEAD could match before `start`: a separator, after a digit or a letter other than "i"."""
    if not start or text[start - 1] not in LEAD_SEPARATORS:
        return False
    before = text[max(0, start - 40):start].rstrip(LEAD_SEPARATORS)
    return bool(before) and (before[-1].isdigit() or before[-1] in LEAD_LETTERS)


def _spoken_tokens(run: re.Match) -> list[tuple[int, int, str]] | None:
    """The run's tokens as (start, end, value), trimmed of stray letters; None when not worth rewriting."""
    if run.group().isalnum():
        return None  # one token without a space or dash: a single word ("one") or a digit group
    tokens = [(run.start() + m.start(), run.start() + m.end(), token_value(m.group()))
              for m in TOKEN.finditer(run.group())]
    letters = sum(v.isalpha() for _, _, v in tokens)
    if letters < 2:
        while tokens and tokens[0][2].isalpha():
            tokens.pop(0)
        while tokens and tokens[-1][2].isalpha():
            tokens.pop()
    spoken = [run.string[s:e] for s, e, v in tokens if not v.isalpha() and not run.string[s:e].isdigit()]
    # One spoken word beside written digits ("138743746 three times") is ordinary speech.
    multi_word = [w for w in spoken if " " in w or "-" in w]
    if len(spoken) < 2 and not multi_word:
        return None
    return tokens
