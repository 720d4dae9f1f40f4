"""People's names: customers (PERSON) and staff (AGENT_NAME).

Three kinds of evidence, strongest first:
1. context: "my name is", "you're through to", "Mr", "Dear", sign-offs, speaker labels;
2. the name dictionaries: a capitalised first name, alone or followed by a surname;
3. propagation: once a name is found, its other mentions in the document.
Names that are everyday words (Bill, Grace, Will) need the first or third kind.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from qa_tui.privacy.namelists import NOT_PERSON_AFTER, PARTICLES, STOP_WORDS, TITLES, load
from qa_tui.privacy.spans import Span

_TOKEN = r"[^\W\d_](?:[^\W\d_]|['’-])*"
TOKEN = re.compile(_TOKEN)
AGENT_CUE = (r"(?:you(?:'re|’re| are)|am i|i was|i've been|i have been) (?:through to|speaking (?:to|with)|talking (?:to|with)"
             r"|chatting (?:to|with))|(?:i )?spoke (?:to|with)|speaking to|chatting with|passed to|transferred to"
             r"|agent|adviser|advisor|colleague|representative|operator")
INTRO_CUE = (r"my name is|my name's|name is|name's|name:|in the name of|(?:sur|first |last |full )name is"
             r"|account holder is|call me")
SOFT_INTRO_CUE = r"this is|it's|it’s|it is|i'm|i’m|i am"
GREETING_CUE = (r"hi|hello|hiya|hey|dear|thanks|thank you|cheers|sorry|bye|goodbye|morning|afternoon|evening"
                r"|regards,?|wishes,?|sincerely,?|faithfully,?|thanks,|is that|husband|wife|partner|son|daughter"
                r"|mum|mother|dad|father|brother|sister|neighbour|friend|executor|customer|caller|shopper|from:")
TITLE_CUE = r"(?:mr|mrs|ms|miss|mx|dr|sir|dame|lady|lord|prof)\.?"
CUE = re.compile(
    rf"\b(?:(?P<agent>{AGENT_CUE})|(?P<intro>{INTRO_CUE})|(?P<soft>{SOFT_INTRO_CUE})|(?P<title>{TITLE_CUE})"
    rf"|(?P<greet>{GREETING_CUE}))(?=[\s,(]+[^\W\d_])", re.IGNORECASE)
SPEAKING = re.compile(rf"\b({_TOKEN})(?: ({_TOKEN}))?,? (?:speaking|here)\b", re.IGNORECASE)
AGENT_TURN = re.compile(r"\s*(?:\[[^\]]*\]\s*)?(?:agent|adviser|advisor|operator|rep\b|representative|colleague)",
                        re.IGNORECASE)
CAPITALISED = re.compile(rf"(?<![\w'’])[A-Z][\w'’-]*(?:[ ](?:(?:{'|'.join(PARTICLES)})[ ])?(?:[A-Z]\.?[ ])?[A-Z][\w'’-]*)*")
SKIP = re.compile(r"[\s,(]*")
ORG_TAIL = re.compile(r"[ \t]+from[ \t]+(?:the[ \t]+)?[A-Za-z]", re.IGNORECASE)


class Found(NamedTuple):
    """A name found in the text, before propagation."""

    start: int
    end: int
    label: str
    score: float


def detect_names(text: str, agent_words: frozenset[str] = frozenset()) -> list[Span]:
    """PERSON and AGENT_NAME spans in `text`; `agent_words` are lower-case tokens of known agents' names."""
    found = _from_cues(text) + _from_speaking(text) + _from_dictionary(text)
    found = [f._replace(label="AGENT_NAME") if _is_agent(text, f, agent_words) else f for f in found]
    return [Span(*f) for f in found] + _propagate(text, found)


def _is_agent(text: str, found: Found, agent_words: frozenset[str]) -> bool:
    words = {w.lower() for w in TOKEN.findall(text[found.start:found.end])}
    return found.label == "AGENT_NAME" or bool(words and words <= agent_words)


def _from_cues(text: str) -> list[Found]:
    out = []
    for cue in CUE.finditer(text):
        kind = cue.lastgroup
        strong = kind in ("agent", "intro", "title")
        tokens = read_name(text, cue.end(), strong, title=kind == "title")
        if not tokens:
            continue
        start, end = tokens[0][0], tokens[-1][1]
        intro = kind in ("intro", "soft")
        label = "AGENT_NAME" if kind == "agent" or (intro and _agent_intro(text, cue.start(), end)) else "PERSON"
        out.append(Found(start, end, label, 0.9 if strong else 0.75))
    return out


def _agent_intro(text: str, cue_start: int, name_end: int) -> bool:
    """An introduction said in an agent's turn, or "this is X from <organisation>"."""
    line_start = text.rfind("\n", 0, cue_start) + 1
    return bool(AGENT_TURN.match(text, line_start, cue_start + 1)) or bool(ORG_TAIL.match(text, name_end))


def read_name(text: str, pos: int, strong: bool, title: bool = False) -> list[tuple[int, int]]:
    """Token spans of the name that starts after `pos` (skipping spaces, commas, brackets), or []."""
    pos = SKIP.match(text, pos).end()
    tokens: list[tuple[int, int]] = []
    for _ in range(4 if title or strong else 3):
        token = TOKEN.match(text, pos)
        if not token:
            break
        start, end = token.start(), _strip_possessive(text, token.start(), token.end())
        word = text[start:end]
        if token.end() < len(text) and text[token.end()].isdigit():
            break  # "NG7", "LS17": a postcode or code, not a name
        if word.lower() in TITLES and not tokens:
            return read_name(text, end, True, title=True)
        if not _accept(word, len(tokens), strong, title):
            break
        tokens.append((start, end))
        pos = _next_token_start(text, end)
        if pos is None:
            break
    while tokens and text[tokens[-1][0]:tokens[-1][1]].lower() in PARTICLES:
        tokens.pop()
    return tokens


def _strip_possessive(text: str, start: int, end: int) -> int:
    word = text[start:end]
    for tail in ("'s", "’s", "'", "-"):
        if word.endswith(tail) and len(word) > len(tail) + 1:
            return end - len(tail)
    return end


def _next_token_start(text: str, end: int) -> int | None:
    """Where the next name token may start: one space after this one (or '. ' after an initial)."""
    if text.startswith(". ", end) and end >= 1 and text[end - 1].isupper() and (end < 2 or not text[end - 2].isalpha()):
        return end + 2
    return end + 1 if text.startswith(" ", end) else None


def _accept(word: str, index: int, strong: bool, title: bool) -> bool:
    lower = word.lower()
    if lower in STOP_WORDS or (index and lower in NOT_PERSON_AFTER):
        return False
    if len(word) == 1:
        return index > 0 and word.isupper()
    if word.isupper() and len(word) <= 3 and not title:
        return False  # "ORD", "CAS", "NG": codes
    if lower in PARTICLES:
        return index > 0
    known = lower in load("first_names") or lower in load("surnames")
    if index == 0 and not strong:
        return known or lower in load("word_names") or word[0].isupper()
    if index == 0:
        return word[0].isupper() or known or lower in load("word_names") or word.isalpha()
    if word[0].isupper() or known:
        return True
    return (strong or title) and index == 1 and word.isalpha() and word.islower() and _lowercase_context(word)


def _lowercase_context(word: str) -> bool:
    """A second lower-case token is a surname only if it is not a common word (speech-to-text)."""
    return word not in load("word_names") and len(word) > 2


def _from_speaking(text: str) -> list[Found]:
    """"Kerry speaking", "Kerry here": the speaker is staff when it is the agent's turn or the first line."""
    out = []
    for m in SPEAKING.finditer(text):
        groups = [(m.start(g), m.end(g)) for g in (1, 2) if m.group(g)]
        groups = [(s, e) for s, e in groups if _name_like(text[s:e])]
        if not groups:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        label = "AGENT_NAME" if AGENT_TURN.match(text, line_start, m.start() + 1) or line_start == 0 else "PERSON"
        out.append(Found(groups[0][0], groups[-1][1], label, 0.8))
    return out


def _name_like(word: str) -> bool:
    lower = word.lower()
    if lower in STOP_WORDS:
        return False
    return lower in load("first_names") or (word[0].isupper() and lower in load("word_names"))


def _from_dictionary(text: str) -> list[Found]:
    """Capitalised first names, alone or with the capitalised words that follow them."""
    firsts, surnames, words = load("first_names"), load("surnames"), load("word_names")
    out = []
    for seq in CAPITALISED.finditer(text):
        parts = [(m.start() + seq.start(), m.end() + seq.start()) for m in TOKEN.finditer(seq.group())]
        for k, (start, end) in enumerate(parts):
            lower = text[start:end].lower()
            following = _following_names(text, parts[k + 1:])
            if lower in firsts:
                tail = following[-1][1] if following else end
                out.append(Found(start, tail, "PERSON", 0.8 if following else 0.7))
                break
            if lower in words and following and text[following[0][0]:following[0][1]].lower() in surnames:
                out.append(Found(start, following[-1][1], "PERSON", 0.7))
                break
    return out


def _following_names(text: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    taken = []
    for start, end in parts[:2]:
        lower = text[start:end].lower()
        if lower in STOP_WORDS or lower in NOT_PERSON_AFTER:
            break
        taken.append((start, end))
    return taken


def _propagate(text: str, found: list[Found]) -> list[Span]:
    """Other mentions of the tokens of names already found, with the same label."""
    words = load("word_names")
    labels: dict[str, str] = {}
    for f in sorted(found, key=lambda f: f.label != "AGENT_NAME"):
        for token in TOKEN.findall(text[f.start:f.end]):
            lower = token.lower()
            if len(token) > 1 and lower not in STOP_WORDS and lower not in PARTICLES:
                labels.setdefault(token if lower in words else lower, f.label)
    if not labels:
        return []
    pattern = re.compile(r"(?<![\w'’])(?:" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
                         + r")(?![\w'’])", re.IGNORECASE)
    spans = []
    for m in pattern.finditer(text):
        word = m.group()
        label = labels.get(word) or labels.get(word.lower())
        if label:
            spans.append(Span(m.start(), m.end(), label, 0.7))
    return spans
