"""The scorecard form: the criteria as a list with a cursor, and the current criterion's question, guidance and
the behavioural anchor of each level.

Data comes down through `show(draft, result)`; the cursor moving goes up as `CriteriaList.Moved`. Each criterion's
state is a symbol and a word, never colour alone: ✓ answered, ✗ failed, ! critical fail, ○ unanswered, – N/A.
Line API: a key press repaints the visible rows only, with no layout pass, and renders afresh only the rows whose
state changed (the rest come from a cache of rendered rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from qa_tui.domain.scorecard import Criterion, CriterionType, Scorecard, Section
from qa_tui.domain.scoring import NA, CriterionScore, ScoreResult, format_score
from qa_tui.domain.scoring import answer_text
from qa_tui.screens.scoring_draft import Draft, answer_keys

ANSWER_WIDTH = 12
STRIP_CACHE = 2_000
"""Rendered rows kept per criteria list (a 40-criterion card needs a few hundred)."""


def mark(score: CriterionScore) -> str:
    """The state symbol of one criterion."""
    if score.answer is None:
        return "○"
    if score.answer is NA:
        return "–"
    if score.critical_failed:
        return "!"
    return "✗" if score.failed else "✓"


@dataclass(frozen=True)
class Row:
    section: Section
    criterion: Criterion | None = None
    index: int = -1
    """The criterion's position in the scorecard (-1 for a section heading)."""


class CriteriaList(ScrollView, can_focus=True):
    """One row per criterion under its section's heading; the cursor row is marked ▸."""

    COMPONENT_CLASSES = {"criteria-list--cursor", "criteria-list--section", "criteria-list--problem"}
    BINDINGS = [
        Binding("down,j", "move(1)", "Next", id="form.next", show=False),
        Binding("up,k", "move(-1)", "Previous", id="form.previous", show=False),
        Binding("pagedown", "move(5)", "Down 5", id="form.page_down", show=False),
        Binding("pageup", "move(-5)", "Up 5", id="form.page_up", show=False),
        Binding("home,g", "jump(0)", "First", id="form.first", show=False),
        Binding("end,G", "jump(-1)", "Last", id="form.last", show=False),
    ]

    class Moved(Message):
        """The cursor is on another criterion."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    cursor: reactive[int] = reactive(0)
    """Index of the current criterion in the scorecard."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self._strips: dict[tuple, Strip] = {}
        self._row_styles: dict[str, object] = {}
        self._look: tuple | None = None
        self.draft: Draft | None = None
        self.scores: dict[str, CriterionScore] = {}
        self._row_of: list[int] = []

    @property
    def current(self) -> Criterion | None:
        return self.draft.card.criteria[self.cursor] if self.draft else None

    def show(self, draft: Draft, result: ScoreResult) -> None:
        if self.draft is None or self.draft.card is not draft.card:
            self._lay_out(draft.card)
        self.draft, self.scores = draft, {score.key: score for score in result.criteria}
        self.refresh()

    def _lay_out(self, card: Scorecard) -> None:
        self.rows, self._row_of, index = [], [], 0
        self._strips.clear()
        for section in card.sections:
            self.rows.append(Row(section))
            for criterion in section.criteria:
                self._row_of.append(len(self.rows))
                self.rows.append(Row(section, criterion, index))
                index += 1
        self.virtual_size = Size(self.size.width, len(self.rows))

    def validate_cursor(self, cursor: int) -> int:
        return min(max(cursor, 0), max(len(self._row_of) - 1, 0))

    def watch_cursor(self, cursor: int) -> None:
        if self._row_of:
            row = self._row_of[cursor]
            top = row - 1 if cursor == 0 or self.rows[row - 1].criterion is None else row
            self.scroll_to_region(Region(0, top, 1, row - top + 1), animate=False, force=True, immediate=True)
            self.post_message(self.Moved(self.rows[row].criterion.key))
        self.refresh()

    def action_move(self, delta: int) -> None:
        self.cursor += delta

    def action_jump(self, where: int) -> None:
        self.cursor = where if where >= 0 else len(self._row_of) - 1

    def render_lines(self, crop: Region) -> list[Strip]:
        self._look = None  # worked out again for this repaint
        self._row_styles.clear()
        return super().render_lines(crop)

    def _current_look(self) -> tuple:
        """What every row's look depends on, worked out once per repaint (the base style walks the DOM)."""
        if self._look is None:
            self._look = (self.scrollable_content_region.width, self.rich_style, self.has_focus, self.app.theme)
        return self._look

    def _component_style(self, name: str):
        style = self._row_styles.get(name)
        if style is None:
            style = self._row_styles[name] = self.get_component_rich_style(name)
        return style

    def render_line(self, y: int) -> Strip:
        look = self._current_look()
        width, base, index = look[0], look[1], self.scroll_offset.y + y
        if index >= len(self.rows) or self.draft is None:
            return Strip.blank(width, base)
        row = self.rows[index]
        # A key press changes two or three rows: the others come from the cache, rendered once per state.
        key = (index, look, self._state(row))
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > STRIP_CACHE:
                self._strips.clear()
            text = self._criterion_text(row) if row.criterion else self._section_text(row.section)
            strip = Strip(list(text.render(self.app.console))).crop_extend(0, width, base).apply_style(base)
            self._strips[key] = strip
        return strip

    def _state(self, row: Row) -> tuple | None:
        """What a criterion row's look depends on, besides its place, width and styles."""
        if row.criterion is None:
            return None
        score, key = self.scores[row.criterion.key], row.criterion.key
        return (score.answer, score.failed, score.critical_failed, row.index == self.cursor,
                key in self.draft.comments, key in self.draft.evidence)

    def _section_text(self, section: Section) -> Text:
        style = self._component_style("criteria-list--section")
        return Text(f"{section.title}", style=style, no_wrap=True, end="")

    def _criterion_text(self, row: Row) -> Text:
        criterion, draft = row.criterion, self.draft
        score = self.scores[criterion.key]
        current = row.index == self.cursor
        flags = ("✎" if criterion.key in draft.comments else " ") + ("◆" if criterion.key in draft.evidence else " ")
        label = answer_text(criterion, score.answer)[:ANSWER_WIDTH - 1]
        text = Text(no_wrap=True, end="")
        text.append(f"{'▸' if current else ' '}{mark(score)} ")
        text.append(f"{label:<{ANSWER_WIDTH}}", self._problem_style(score))
        text.append(f"{flags}{'*' if criterion.critical else ' '}{criterion.question}")
        if current:
            text.stylize(self._component_style("criteria-list--cursor"))
        return text

    def _problem_style(self, score: CriterionScore):
        return self._component_style("criteria-list--problem") if score.failed else ""


class CriterionDetail(Static):
    """The current criterion in full: question, guidance, each level's anchor (the chosen one marked ▸), the
    mystery-shop scenario's expectation, the comment and the evidence."""

    _height: int | None = None
    _shown: Text | None = None

    def show(self, criterion: Criterion, draft: Draft, expected: str = "", evidence_line: int | None = None) -> None:
        text = detail_text(criterion, draft, expected, evidence_line)
        if text == self._shown:
            return  # an answer key shows the next criterion, then the cursor's Moved message asks for it again
        self._shown = text
        # A layout pass (and the full repaint after it) only when the detail's height changes: its minimum height is
        # the pane's, so moving between criteria that fit the pane repaints the detail alone.
        self.update(text, layout=False)
        width = self.content_size.width
        pane = self.parent.scrollable_content_region.height if self.parent is not None else 0
        height = max(self.get_content_height(Size(0, 0), Size(0, 0), width), pane) if width else None
        if height is None or height != self._height:
            self._height = height
            self.refresh(layout=True)


def detail_text(criterion: Criterion, draft: Draft, expected: str, evidence_line: int | None) -> Text:
    answer = draft.answers.get(criterion.key)
    text = Text()
    facts = [criterion.type.value.replace("_", "/"), f"weight {criterion.weight:g}"]
    facts += ["critical: failing it fails the evaluation"] * criterion.critical + ["N/A allowed"] * criterion.na_allowed
    facts += ["bonus"] * criterion.bonus
    text.append(criterion.question, "bold")
    text.append(f"\n{criterion.key} · {' · '.join(facts)}", "dim")
    if criterion.guidance:
        text.append(f"\nGuidance: {criterion.guidance}")
    for level in criterion.levels:
        chosen = answer == level.value and answer is not NA
        text.append(f"\n{'▸' if chosen else ' '} {level.value} {level.label}: ", "bold" if chosen else "")
        text.append(level.anchor)
    if expected:
        text.append(f"\nScenario expects: {expected}")
    if criterion.key in draft.comments:
        text.append(f"\nComment: {draft.comments[criterion.key]}")
    if criterion.key in draft.evidence:
        where = f"line {evidence_line + 1}, " if evidence_line is not None else ""
        text.append(f"\nEvidence: {where}character {draft.evidence[criterion.key]}")
    text.append(f"\nKeys: {answer_keys(criterion)} · c comment · t evidence", "dim")
    if criterion.type is CriterionType.POINTS and criterion.highest >= 10:
        text.append(" · type two digits for 10 or more", "dim")
    return text


class ScorecardForm(Vertical):
    """The criteria list above the current criterion's detail."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.expected: dict[str, str] = {}
        """A mystery-shop scenario's expected behaviour per criterion key."""
        self.evidence_line = lambda offset: None
        """Maps an evidence offset to its transcript line (set by the screen)."""

    def compose(self) -> ComposeResult:
        yield CriteriaList(id="criteria")
        with VerticalScroll(id="criterion-detail-scroll", can_focus=False):
            yield CriterionDetail(id="criterion-detail")

    @property
    def criteria(self) -> CriteriaList:
        return self.query_one(CriteriaList)

    @property
    def current(self) -> Criterion | None:
        return self.criteria.current

    def show(self, draft: Draft, result: ScoreResult) -> None:
        self.criteria.show(draft, result)
        self.show_detail()

    def show_detail(self) -> None:
        criteria = self.criteria
        criterion = criteria.current
        if criterion is None:
            return
        offset = criteria.draft.evidence.get(criterion.key)
        line = self.evidence_line(offset) if offset is not None else None
        self.query_one(CriterionDetail).show(criterion, criteria.draft, self.expected.get(criterion.key, ""), line)

    def on_criteria_list_moved(self, event: CriteriaList.Moved) -> None:
        self.show_detail()
        self.query_one("#criterion-detail-scroll").scroll_home(animate=False)


def summary_text(card: Scorecard, result: ScoreResult) -> Text:
    """Two lines: the live score, pass or fail, the critical-fail state; then what is still unanswered."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"Score {format_score(result.reported_percent)}", "bold")
    if result.critical_failed:
        text.append(f"  ! CRITICAL FAIL: {', '.join(result.critical_failures)}", "bold reverse")
        if result.percent is not None and card.critical_fail_zeroes_score:
            text.append(f" (would be {format_score(result.percent)})")
    elif result.passed is True:
        text.append("  ✓ pass · no critical fail")
    elif result.passed is False:
        text.append("  ✗ below the pass mark · no critical fail")
    else:
        text.append("  no critical fail")
    text.append(f" · pass mark {card.pass_mark:g}%")
    count = len(result.unanswered)
    if count:
        text.append(f"\n○ {count} unanswered: {', '.join(result.unanswered)}")
    else:
        text.append("\n✓ every item answered: s submits")
    return text
