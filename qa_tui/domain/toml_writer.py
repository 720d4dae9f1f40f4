"""A small TOML writer for flat tables and arrays of tables, with long strings wrapped.

Only what scorecards need: strings, booleans, integers, floats and lists of
them. Long strings are written as multi-line basic strings whose lines end in a
backslash, which TOML joins back without the line break, so files stay readable
and diffs stay small while the text round-trips exactly.
"""

from __future__ import annotations

import json
import re

LINE_LIMIT = 120  # a string assignment longer than this is wrapped...
WIDTH = 96  # ...into lines of about this many characters
_BREAK = re.compile(r"(?<=\S) (?=\S)")  # a single space between two words


class TomlWriter:
    """Accumulates TOML lines: top-level values, then ``[[array]]`` tables."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def comment(self, text: str) -> None:
        """Add a ``#`` comment line; characters a comment cannot hold become ``?``."""
        self._lines.append("# " + "".join(char if char.isprintable() else "?" for char in text))

    def values(self, **fields: object) -> None:
        """Add ``name = value`` lines in argument order, skipping values that are None."""
        for name, value in fields.items():
            if value is not None:
                self._lines.append(_assignment(name, value))

    def table(self, array: str, **fields: object) -> None:
        """Start a new ``[[array]]`` entry after a blank line, then add its values."""
        self._lines += ["", f"[[{array}]]"]
        self.values(**fields)

    def text(self) -> str:
        """The document, ending with a newline."""
        return "\n".join(self._lines) + "\n"


def toml_value(value: object) -> str:
    """One value as inline TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, str):
        return f'"{_escaped(value)}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _assignment(name: str, value: object) -> str:
    line = f"{name} = {toml_value(value)}"
    if not isinstance(value, str) or len(line) <= LINE_LIMIT or value[:1].isspace():
        return line
    return f'{name} = """\\\n' + "\\\n".join(_wrapped(_escaped(value))) + '"""'


def _escaped(text: str) -> str:
    """Escape for a TOML basic string (JSON's escapes are valid TOML; DEL is not allowed raw)."""
    return json.dumps(text, ensure_ascii=False)[1:-1].replace("\x7f", "\\u007F")


def _wrapped(escaped: str) -> list[str]:
    """Split at single spaces between words into lines of about WIDTH characters.

    Each line but the last keeps its trailing space (before the backslash); the
    next starts with a non-space, so TOML's trimming after the backslash loses nothing.
    """
    lines, start, previous = [], 0, 0
    for end in [match.end() for match in _BREAK.finditer(escaped)] + [len(escaped)]:
        if end - start > WIDTH and previous > start:
            lines.append(escaped[start:previous])
            start = previous
        previous = end
    lines.append(escaped[start:])
    return lines
