"""One text prepared for the detectors: spoken numbers rewritten, lower-cased once, keywords found once."""

from __future__ import annotations

from dataclasses import dataclass

from qa_tui.privacy.lexicon import Keywords
from qa_tui.privacy.spoken import Shadow


@dataclass(frozen=True)
class Document:
    """The shadow text (spoken numbers as digits), its lower-case copy, keyword hits and spelled-out runs."""

    text: str
    lower: str
    keywords: Keywords
    spelled: tuple[tuple[int, int], ...]
    shadow: Shadow


def prepare(text: str) -> Document:
    """Build the shadow of `text` and scan its keywords (and the rewritten stretches again, if any)."""
    lower = text.lower()
    keywords = Keywords(lower)
    shadow = Shadow(text, [h.start for h in keywords.of_kind("spoken")])
    if shadow.text is not text:
        lower = shadow.text.lower()
        keywords = keywords.rewritten(lower, len(text), shadow.verbatim(), shadow.rewritten())
    return Document(shadow.text, lower, keywords, tuple(shadow.spelled), shadow)
