"""One evaluation in full: every criterion's answer, comment and evidence, the score, the AID feedback, the
disputes and the revision history side by side. Outcomes are words and symbols, never colour alone."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from qa_tui.domain.scorecard import Criterion, CriterionType, Scorecard
from qa_tui.domain.scoring import NA, Answer, answer_text, format_score

if TYPE_CHECKING:
    from qa_tui.services.evaluations import DisputeView, EvaluationView
    from qa_tui.services.feedback import FeedbackText
    from qa_tui.store.models import EvaluationRevision


@dataclass(frozen=True)
class EvaluationDetailData:
    """Everything the detail shows, loaded together in one worker."""

    view: "EvaluationView"
    agent: str
    feedback: "FeedbackText | None"
    revisions: "list[EvaluationRevision]"
    disputes: "list[DisputeView]"

    @property
    def open_disputes(self) -> "list[DisputeView]":
        return [item for item in self.disputes if item.status == "open"]


def outcome_text(passed: bool | None, critical_failed: bool) -> str:
    """'! critical fail', '✓ passed', '✗ failed' or '… incomplete'."""
    if critical_failed:
        return "! critical fail"
    return {True: "✓ passed", False: "✗ failed"}.get(passed, "… incomplete")


def status_text(status: str) -> str:
    """The status in words, disputes flagged with ⚑."""
    return f"⚑ {status}" if status == "disputed" else status


def method_text(method: str) -> str:
    return str(method).replace("_", " ")




def answer_choices(criterion: Criterion) -> list[tuple[str, Answer]]:
    """Every answer a criterion takes, labelled, for a choice dialog."""
    if criterion.type is CriterionType.YES_NO:
        values: list[Answer] = [True, False]
    elif criterion.type is CriterionType.SCALE:
        values = [level.value for level in criterion.levels]
    else:
        values = list(range(criterion.max_points + 1))
    values += [NA] if criterion.na_allowed else []
    return [(answer_text(criterion, value), value) for value in values]


def stored_answer(value: Any) -> Answer:
    """An answer from a revision's JSON snapshot."""
    return NA if value == "n/a" else value


class EvaluationDetail(VerticalScroll, can_focus=True):
    """The detail view; `show` fills it from an `EvaluationDetailData`."""

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-summary", classes="detail-part")
        yield Static("Criteria", classes="section-title")
        yield Static("", id="detail-criteria", classes="detail-part")
        yield Static("Feedback (Action, Impact, Desired outcome)", classes="section-title")
        yield Static("", id="detail-feedback", classes="detail-part")
        yield Static("Disputes", classes="section-title")
        yield Static("", id="detail-disputes", classes="detail-part")
        yield Static("Revision history", classes="section-title")
        yield Static("", id="detail-revisions", classes="detail-part")

    def clear(self) -> None:
        """Blank the sections while another evaluation loads."""
        for widget in self.query(".section-title"):
            widget.display = False
        for widget in self.query("Static.detail-part"):
            widget.update("")
        self.query_one("#detail-summary", Static).update("Loading the evaluation…")

    def show(self, data: EvaluationDetailData) -> None:
        for widget in self.query(".section-title"):
            widget.display = True
        self.query_one("#detail-summary", Static).update(summary(data))
        self.query_one("#detail-criteria", Static).update(criteria_table(data.view))
        self.query_one("#detail-feedback", Static).update(feedback_text(data.feedback))
        self.query_one("#detail-disputes", Static).update(disputes_text(data.disputes, data.view.scorecard))
        self.query_one("#detail-revisions", Static).update(revisions_table(data.revisions, data.view.scorecard))
        self.scroll_home(animate=False)


def summary(data: EvaluationDetailData) -> Text:
    view, result = data.view, data.view.result
    when = view.submitted_at.strftime("%Y-%m-%d") if view.submitted_at else "not submitted"
    text = Text()
    text.append(f"{data.agent or 'Agent'} · {when} · {method_text(view.method)}{' (live)' if view.live else ''}\n",
                style="bold")
    text.append(f"{view.scorecard.name} v{view.scorecard.version} · scored by {view.assessor} · revision {view.revision}\n")
    text.append(f"Score {format_score(result.reported_percent)} · {outcome_text(result.passed, result.critical_failed)}"
                f" · pass mark {view.scorecard.pass_mark:g}% · status {status_text(view.status)}")
    if result.critical_failed and result.percent is not None:
        text.append(f"\nCritical item failed ({', '.join(result.critical_failures)}); "
                    f"{format_score(result.percent)} before the critical fail.")
    return text


def criteria_table(view: "EvaluationView") -> Table:
    table = Table(expand=True, show_lines=False, box=None, pad_edge=False)
    for name, ratio in (("Criterion", 3), ("Answer", 2), ("Comment", 3)):
        table.add_column(name, ratio=ratio, overflow="fold")
    table.add_column("Evidence", no_wrap=True, min_width=8)
    scores = {item.key: item for item in view.result.criteria}
    for section in view.scorecard.sections:
        table.add_row(Text(section.title, style="bold underline"))
        for criterion in section.criteria:
            item = scores[criterion.key]
            mark = " ! critical fail" if item.critical_failed else " ✗" if item.failed else ""
            evidence = view.evidence.get(criterion.key)
            answer = answer_text(criterion, view.answers.get(criterion.key)) + mark
            table.add_row(Text(f"{criterion.key}: {criterion.question}"), Text(answer),
                          Text(view.comments.get(criterion.key, "")), "" if evidence is None else f"char {evidence}")
    return table


def feedback_text(feedback: "FeedbackText | None") -> Text:
    if feedback is None:
        return Text("No feedback yet.")
    parts = [("Action", feedback.action), ("Impact", feedback.impact), ("Desired outcome", feedback.desired_outcome),
             ("Strengths", feedback.strengths), ("Development", feedback.development),
             ("Criteria", ", ".join(feedback.criteria))]
    text = Text()
    for label, value in parts:
        if value:
            text.append(f"{label}: ", style="bold").append(f"{value}\n")
    return text


def disputes_text(disputes: "list[DisputeView]", card: Scorecard) -> Text:
    if not disputes:
        return Text("None.")
    text = Text()
    for item in disputes:
        text.append(f"⚑ {item.criterion_key} · {item.status}", style="bold")
        text.append(f" · raised by {item.raised_by} {item.raised_at:%Y-%m-%d}: {item.reason}\n")
        if item.status != "open":
            text.append(f"  {item.status} by {item.resolved_by}: {item.resolution}\n")
    return text


def revisions_table(revisions: "list[EvaluationRevision]", card: Scorecard) -> Table:
    """The revisions side by side: one column each, changed answers marked with ≠."""
    table = Table(expand=True, box=None, pad_edge=False, title_justify="left")
    table.add_column("Criterion", ratio=2, overflow="fold")
    snapshots = [json.loads(revision.answers) for revision in revisions]
    for revision in revisions:
        table.add_column(f"Rev {revision.revision}", ratio=2, overflow="fold")
    table.add_row("when, by", *(Text(f"{r.created_at:%Y-%m-%d} {r.created_by}") for r in revisions))
    table.add_row("why", *(Text(r.reason) for r in revisions))
    table.add_row("score", *(f"{format_score(r.score)}{' !' if r.critical_failed else ''}" for r in revisions))
    for criterion in card.criteria:
        values = [answer_text(criterion, stored_answer(s.get(criterion.key))) for s in snapshots]
        changed = len(set(values)) > 1
        table.add_row(f"{'≠ ' if changed else ''}{criterion.key}", *map(Text, values), style="bold" if changed else "")
    return table
