"""Find the line of each table and key in a TOML document.

`tomllib` reports positions only for syntax errors; to say *where* a
well-formed but invalid value sits, we scan the text once and map key paths
such as ``("sections", 1, "criteria", 0, "weight")`` to 1-based line numbers.
The scan assumes the text already parsed with `tomllib`, so it only needs to
follow headers, keys, strings, comments and multi-line values.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]
_HEADER = re.compile(r"\s*(\[\[?)(.*?)\]\]?\s*(?:#.*)?$")
_KEY_PART = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*""")


def key_lines(text: str) -> dict[Path, int]:
    """Map every table, array-of-tables entry and key of ``text`` to the line it starts on."""
    lines: dict[Path, int] = {}
    arrays: dict[Path, int] = {}  # concrete path of each array of tables -> its last index
    table: Path = ()
    open_value = _ValueScanner()
    for number, line in enumerate(text.splitlines(), start=1):
        if open_value.is_open:
            open_value.feed(line)
            continue
        header = _HEADER.fullmatch(line) if line.lstrip().startswith("[") else None
        if header:
            table = _enter_table(header.group(1) == "[[", _key_parts(header.group(2)), arrays)
            lines.setdefault(table[:-1] if header.group(1) == "[[" else table, number)
            lines[table] = number
        elif (key := _leading_key(line)) is not None:
            parts, rest = key
            lines[table + tuple(parts)] = number
            open_value.feed(rest)
    return lines


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of ``path``, or of its nearest recorded ancestor (line 1 for the root)."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _enter_table(is_array: bool, parts: list[str], arrays: dict[Path, int]) -> Path:
    path = _concrete(parts[:-1], arrays) + (parts[-1],)
    if not is_array:
        return _concrete(parts, arrays)
    arrays[path] = arrays.get(path, -1) + 1
    return path + (arrays[path],)


def _concrete(parts: list[str], arrays: dict[Path, int]) -> Path:
    """Resolve a dotted name to a path, stepping into the latest entry of each array of tables."""
    path: Path = ()
    for part in parts:
        path += (part,)
        if path in arrays:
            path += (arrays[path],)
    return path


def _key_parts(dotted: str) -> list[str]:
    parts, position = [], 0
    while True:
        match = _KEY_PART.match(dotted, position)
        if not match:
            return parts
        parts.append(_unquote(match.group(1)))
        position = match.end()
        if position >= len(dotted) or dotted[position] != ".":
            return parts
        position += 1


def _leading_key(line: str) -> tuple[list[str], str] | None:
    """The dotted key of a ``key = value`` line, and the text after the ``=``."""
    position, parts = 0, []
    while match := _KEY_PART.match(line, position):
        parts.append(_unquote(match.group(1)))
        position = match.end()
        if position < len(line) and line[position] == ".":
            position += 1
            continue
        break
    if not parts or position >= len(line) or line[position] != "=":
        return None
    return parts, line[position + 1 :]


def _unquote(part: str) -> str:
    if part[:1] in "\"'" and len(part) >= 2:
        return part[1:-1]
    return part


class _ValueScanner:
    """Follows a value across lines: open brackets and multi-line strings keep it open."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote = ""  # the quote of an open multi-line string, '"""' or "'''"

    @property
    def is_open(self) -> bool:
        return bool(self.depth or self.quote)

    def feed(self, text: str) -> None:
        """Consume one line (or the rest of one) of the value."""
        position = 0
        while position < len(text):
            position = self._step(text, position)

    def _step(self, text: str, position: int) -> int:
        if self.quote:
            return self._in_multiline(text, position)
        char = text[position]
        if text.startswith(('"""', "'''"), position):
            self.quote = text[position : position + 3]
            return position + 3
        if char in "\"'":
            return _end_of_string(text, position)
        if char == "#":
            return len(text)
        self.depth += (char in "[{") - (char in "]}")
        return position + 1

    def _in_multiline(self, text: str, position: int) -> int:
        if self.quote == '"""' and text[position] == "\\":
            return position + 2
        if text.startswith(self.quote, position):
            # Up to two quotes may sit just before the closing ones.
            end = position + 3
            while text.startswith(self.quote[0], end) and end < position + 5:
                end += 1
            self.quote = ""
            return end
        return position + 1


def _end_of_string(text: str, start: int) -> int:
    quote, position = text[start], start + 1
    while position < len(text) and text[position] != quote:
        position += 2 if quote == '"' and text[position] == "\\" else 1
    return position + 1
