"""The interaction's text, wrapped to the width, with a cursor line.

The cursor line's character offset is what the scoring screen stamps as evidence; lines holding evidence carry a
◆ in the gutter (and the cursor a ▸), so neither is shown by colour alone. Line API: only visible lines render.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

GUTTER = 2


def wrap_with_offsets(text: str, width: int) -> list[tuple[int, str]]:
    """Wrap `text` at spaces to `width` columns; each line comes with the offset of its first character."""
    width, lines, offset = max(width, 8), [], 0
    for paragraph in text.split("\n"):
        start = 0
        if not paragraph:
            lines.append((offset, ""))
        while start < len(paragraph):
            end = len(paragraph)
            if end - start > width:
                cut = paragraph.rfind(" ", start, start + width + 1)
                end = cut if cut > start else start + width
            lines.append((offset + start, paragraph[start:end]))
            start = end
            while start < len(paragraph) and paragraph[start] == " ":
                start += 1
        offset += len(paragraph) + 1
    return lines


class Transcript(ScrollView, can_focus=True):
    """A read-only transcript with a cursor line; `cursor_offset` is the cursor line's character offset."""

    COMPONENT_CLASSES = {"transcript--cursor", "transcript--speaker", "transcript--gutter"}
    BINDINGS = [
        Binding("down,j", "move(1)", "Down", id="transcript.down", show=False),
        Binding("up,k", "move(-1)", "Up", id="transcript.up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", id="transcript.page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="transcript.page_up", show=False),
        Binding("home,g", "jump(0)", "Start", id="transcript.start", show=False),
        Binding("end,G", "jump(-1)", "End", id="transcript.end", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the wrapped line under the cursor."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        """The (redacted) text shown."""
        self.lines: list[tuple[int, str]] = []
        """Wrapped lines: (offset of the first character, text)."""
        self._evidence_lines: set[int] = set()
        self._evidence: list[int] = []
        self._wrapped_at = 0

    @property
    def cursor_offset(self) -> int:
        return self.lines[self.cursor][0] if self.lines else 0

    def line_of(self, offset: int) -> int:
        """The wrapped line holding character `offset` (0-based)."""
        starts = [start for start, _ in self.lines]
        return max(0, bisect_right(starts, offset) - 1)

    def set_text(self, text: str) -> None:
        self.text = text
        self._rewrap(force=True)

    def set_evidence(self, offsets: list[int]) -> None:
        """Mark the lines holding these character offsets."""
        self._evidence = list(offsets)
        self._evidence_lines = {self.line_of(offset) for offset in self._evidence} if self.lines else set()
        self.refresh()

    def go_to_offset(self, offset: int) -> None:
        self.cursor = self.line_of(offset)

    def on_resize(self) -> None:
        self._rewrap()

    def _rewrap(self, force: bool = False) -> None:
        width = max(self.scrollable_content_region.width - GUTTER, 8)
        if not force and width == self._wrapped_at:
            return
        offset = self.cursor_offset
        self.lines, self._wrapped_at = wrap_with_offsets(self.text, width), width
        self.virtual_size = Size(width + GUTTER, len(self.lines))
        self.set_evidence(self._evidence)
        self.cursor = self.line_of(offset)

    def validate_cursor(self, cursor: int) -> int:
        return min(max(cursor, 0), max(len(self.lines) - 1, 0))

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)
        self.refresh()

    def action_move(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(self.scrollable_content_region.height - 1, 1)

    def action_jump(self, where: int) -> None:
        self.cursor = where if where >= 0 else len(self.lines) - 1

    def render_line(self, y: int) -> Strip:
        width, index = self.scrollable_content_region.width, self.scroll_offset.y + y
        base = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, base)
        gutter = ("▸" if index == self.cursor else " ") + ("◆" if index in self._evidence_lines else " ")
        start, content = self.lines[index]
        text = Text(content, no_wrap=True, end="")
        if content and (start == 0 or self.text[start - 1] == "\n"):
            colon = content.find(":")
            if 0 < colon < 20:  # "Agent:" / "Customer:" at the start of a paragraph
                text.stylize(self.get_component_rich_style("transcript--speaker"), 0, colon + 1)
        if index == self.cursor:
            text.stylize(self.get_component_rich_style("transcript--cursor"))
        segments = [Segment(gutter, base + self.get_component_rich_style("transcript--gutter")),
                    *text.render(self.app.console)]
        return Strip(segments).crop_extend(0, width, base).apply_style(base)
