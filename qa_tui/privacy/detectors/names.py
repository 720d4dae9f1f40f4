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

from qa_tui.privacy.document import Document
from qa_tui.privacy import lexicon
from qa_tui.privacy.lexicon import KINDS, Hit
from qa_tui.privacy.namelists import NOT_PERSON_AFTER, PARTICLES, STOP_WORDS, TITLES, load
from qa_tui.privacy.spans import Span

_TOKEN = r"[^\W\d_](?:[^\W\d_]|['’-])*"
TOKEN = re.compile(_TOKEN)
CUE_KINDS = {kind: kind.removeprefix("cue_") for kind in lexicon.CUE_KINDS}  # "cue_agent" -> "agent"
# What follows a cue: white space or the gap characters lexicon.scan keeps cues for, then the word a name would
# start with.
CUE_NEXT = re.compile(rf"[\s{re.escape(''.join(sorted(lexicon.CUE_GAP)))}]+({_TOKEN})")
# "Kerry, speaking": one or two name tokens, an optional comma and a space just before the cue. Matched on the
# reversed text before the cue, which finds the same tokens as a search for `(T)(?: (T))?,? \Z` without
# trying every start position.
_REVERSED_TOKEN = r"(?:[^\W\d_]|['’-])*[^\W\d_]"
SPEAKER_BEFORE_REVERSED = re.compile(rf" ,?({_REVERSED_TOKEN})(?: ({_REVERSED_TOKEN}))?")
SPEAKER_REACH = 40
AGENT_TURN = re.compile(r"\s*(?:\[[^\]]*\]\s*)?(?:agent|adviser|advisor|operator|rep\b|representative|colleague)",
                        re.IGNORECASE)
RELATION_CUES = frozenset("husband wife partner son daughter mum mother dad father brother sister neighbour friend "
                          "executor".split())
NAME_QUESTION = re.compile(r"name(?: (?:is it|please|on the (?:account|card|order)|of the \w+))?\??[ \t]*\n")
ANSWER_START = re.compile(r"[ \t]*(?:\[[^\]\n]*\][ \t]*)?[A-Za-z]+(?: \([^)\n]*\))?:[ \t]*")
CAPITALISED_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž'’-]+")
SKIP = re.compile(r"[\s,(]*")
# The first cue kind of each keyword phrase that has one.
CUE_OF = {phrase: CUE_KINDS[k] for phrase, kinds in reversed(KINDS.items()) for k in reversed(kinds) if k in CUE_KINDS}
ORG_TAIL = re.compile(r"[ \t]+from[ \t]+(?:the[ \t]+)?[A-Za-z]", re.IGNORECASE)


class Found(NamedTuple):
    """A name found in the text, before propagation."""

    start: int
    end: int
    label: str
    score: float


def detect_names(doc: Document, agent_words: frozenset[str] = frozenset()) -> list[Span]:
    """PERSON and AGENT_NAME spans; `agent_words` are lower-case tokens of known agents' names."""
    text = doc.text
    found = _from_cues(doc) + _from_speaking(doc) + _from_answers(text) + _from_dictionary(text)
    staff = agent_words | {w.lower() for f in found if f.label == "AGENT_NAME" for w in TOKEN.findall(text[f.start:f.end])}
    found = [f._replace(label="AGENT_NAME") if f.label != "AGENT_NAME" and _is_staff(text, f, staff) else f
             for f in found]
    return [Span(*f) for f in found] + _propagate(text, doc.lower, found)


def _is_staff(text: str, found: Found, agent_words: frozenset[str]) -> bool:
    """Every word of the name is a staff member's word (none is, when no staff are known)."""
    if not agent_words:
        return False
    words = {w.lower() for w in TOKEN.findall(text[found.start:found.end])}
    return bool(words and words <= agent_words)


def _cues(doc: Document) -> list[tuple[Hit, str]]:
    """Cue hits followed by a word that may start a name, with their kind ("agent", "intro"...)."""
    text, cue_of, next_word = doc.text, CUE_OF, CUE_NEXT.match
    return [(hit, kind) for hit in doc.keywords.hits
            if (kind := cue_of.get(hit.phrase)) and (word := next_word(text, hit.end)) and _may_start_name(word[1])]


def _from_cues(doc: Document) -> list[Found]:
    out, text = [], doc.text
    for cue, kind in _cues(doc):
        strong = kind in ("agent", "intro", "title")
        tokens = read_name(text, cue.end, strong, title=kind == "title")
        if not tokens or (kind == "greet" and not _vocative(text, cue, tokens)):
            continue
        start, end = tokens[0][0], tokens[-1][1]
        intro = kind in ("intro", "soft")
        label = "AGENT_NAME" if kind == "agent" or (intro and _agent_intro(text, cue.start, end)) else "PERSON"
        out.append(Found(start, end, label, 0.9 if strong else 0.75))
    return out


def _may_start_name(word: str) -> bool:
    """False for most words after a cue ("thank you for", "hi and"), where read_name would find nothing."""
    lower = word.lower()
    return (not word.isalpha() or lower not in STOP_WORDS or lower in TITLES
            or (word[0].isupper() and lower in load("word_names")))


def _vocative(text: str, cue: Hit, tokens: list[tuple[int, int]]) -> bool:
    """After "hi", "thanks", "dear"...: a known name, or a capitalised word that ends the phrase ("Hi Mei,")."""
    words = [text[s:e].lower() for s, e in tokens]
    if any(w in load("first_names") or w in load("word_names") for w in words) or cue.phrase in RELATION_CUES:
        return True
    end = tokens[-1][1]
    return end == len(text) or text[end] in ",.!?;\n"


def _from_answers(text: str) -> list[Found]:
    """A turn that answers "what's your name?" starts with the name ("Customer: Thanh Mason.")."""
    out = []
    for question in NAME_QUESTION.finditer(text):
        answer = ANSWER_START.match(text, question.end())
        if not answer:
            continue
        tokens = read_name(text, answer.end(), strong=True)
        end = tokens[-1][1] if tokens else 0
        if tokens and (end == len(text) or text[end] in ",.!?\n"):
            out.append(Found(tokens[0][0], end, "PERSON", 0.85))
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
        if tokens and word.islower() and not text[tokens[0][0]].islower():
            break  # "Agent Sunita offered": a lower-case surname only follows a lower-case first name
        tokens.append((start, end))
        pos = _next_token_start(text, end)
        if pos is None:
            break
    while tokens and text[tokens[-1][0]:tokens[-1][1]].lower() in PARTICLES:
        tokens.pop()
    return tokens


def _strip_possessive(text: str, start: int, end: int) -> int:
    if text[end - 1] not in "s'-":
        return end
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
    if word[0].isupper() and lower in load("word_names") and not _contraction(lower):
        return True  # "through to Will", "this is Bill": capitalised after a cue
    if lower in STOP_WORDS or (index and lower in NOT_PERSON_AFTER) or _contraction(lower):
        return False
    if len(word) == 1:
        return index > 0 and word.isupper()
    if word.isupper() and len(word) <= 3 and not title:
        return False  # "ORD", "CAS", "NG": codes
    if lower in PARTICLES:
        return index > 0
    known = lower in load("first_names") or lower in load("surnames")
    if index == 0 and not strong:
        return known or word[0].isupper()
    if index == 0:
        return word[0].isupper() or known or lower in load("word_names") or word.isalpha()
    if word[0].isupper() or known:
        return True
    return (strong or title) and index == 1 and word.isalpha() and word.islower() and _lowercase_context(word)


def _contraction(lower: str) -> bool:
    """ "I've", "we're", "you'll": a pronoun with a verb, not a name."""
    if "'" not in lower and "’" not in lower:
        return False
    head, apostrophe, _ = lower.replace("’", "'").partition("'")
    return bool(apostrophe) and head in STOP_WORDS


def _lowercase_context(word: str) -> bool:
    """A second lower-case token is a surname only if it is not a common word (speech-to-text)."""
    return word not in load("word_names") and len(word) > 2


def _from_speaking(doc: Document) -> list[Found]:
    """"Kerry speaking", "Kerry here": the speaker is staff when it is the agent's turn or the first line."""
    out, text = [], doc.text
    for hit in doc.keywords.of_kind("after_name"):
        tokens = _speaker_tokens(text, hit.start)
        groups = [(s, e) for s, e in tokens if _name_like(text[s:e])]
        if not groups:
            continue
        first = tokens[0][0]
        line_start = text.rfind("\n", 0, first) + 1
        label = "AGENT_NAME" if AGENT_TURN.match(text, line_start, first + 1) or line_start == 0 else "PERSON"
        out.append(Found(groups[0][0], groups[-1][1], label, 0.8))
    return out


def _speaker_tokens(text: str, end: int) -> list[tuple[int, int]]:
    """The one or two tokens (start, end) just before `end`, followed by an optional comma and a space."""
    if not end or text[end - 1] != " ":
        return []
    m = SPEAKER_BEFORE_REVERSED.match(text[max(0, end - SPEAKER_REACH):end][::-1])
    if not m:
        return []
    groups = [(end - m.end(g), end - m.start(g)) for g in (2, 1) if m.group(g)]
    return groups


def _name_like(word: str) -> bool:
    lower = word.lower()
    if lower in STOP_WORDS:
        return False
    return lower in load("first_names") or (word[0].isupper() and lower in load("word_names"))


def _from_dictionary(text: str) -> list[Found]:
    """Capitalised first names, alone or with the capitalised words that follow them."""
    firsts, surnames, words = load("first_names"), load("surnames"), load("word_names")
    candidates = {w for w in set(CAPITALISED_WORD.findall(text)) if w.lower() in firsts or w.lower() in words}
    out = []
    for word in candidates:
        plain = word.lower() in firsts
        for start in find_word(text, word):
            following = _following_names(text, start + len(word))
            if plain:
                tail = following[-1][1] if following else start + len(word)
                out.append(Found(start, tail, "PERSON", 0.8 if following else 0.7))
            elif following and text[following[0][0]:following[0][1]].lower() in surnames:
                out.append(Found(start, following[-1][1], "PERSON", 0.7))
    return out


def find_word(haystack: str, needle: str) -> list[int]:
    """Start offsets of `needle` as a whole word in `haystack` (str.find, faster than compiling a regex per word)."""
    starts, at = [], haystack.find(needle)
    while at != -1:
        end = at + len(needle)
        if (not at or not _word_char(haystack[at - 1])) and _word_ends(haystack, end):
            starts.append(at)
        at = haystack.find(needle, at + 1)
    return starts


def _word_ends(text: str, end: int) -> bool:
    """True when a word ends at `end`, a possessive ("Priya's") included."""
    if end == len(text) or not _word_char(text[end]):
        return True
    return text[end] in "'’" and text.startswith("s", end + 1) and not _word_char(text[end + 2:end + 3] or " ")


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "'’_"


def _following_names(text: str, pos: int) -> list[tuple[int, int]]:
    """Up to two capitalised name-like words right after `pos` (one space apart)."""
    taken = []
    while len(taken) < 2 and text.startswith(" ", pos):
        m = CAPITALISED_WORD.match(text, pos + 1)
        if not m or (m.end() < len(text) and _word_char(text[m.end()])):
            break
        lower = m.group().lower()
        if lower in STOP_WORDS or lower in NOT_PERSON_AFTER:
            break
        taken.append((m.start(), m.end()))
        pos = m.end()
    return taken


def _propagate(text: str, lower_text: str, found: list[Found]) -> list[Span]:
    """Other mentions of the tokens of names found with good evidence, with the same label."""
    words = load("word_names")
    labels: dict[str, str] = {}
    for f in sorted(found, key=lambda f: f.label != "AGENT_NAME"):
        if f.score < 0.75:
            continue
        for token in TOKEN.findall(text[f.start:f.end]):
            lower = token.lower()
            if len(token) > 1 and lower not in STOP_WORDS and lower not in PARTICLES:
                labels.setdefault(token if lower in words else lower, f.label)
    spans = []
    for token, label in labels.items():
        # Names that are everyday words ("Will") spread only in their capitalised form.
        exact = token != token.lower()
        haystack = text if exact else lower_text
        spans += [Span(s, s + len(token), label, 0.7) for s in find_word(haystack, token)]
    return spans
