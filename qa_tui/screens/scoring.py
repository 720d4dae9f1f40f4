"""Scoring: the interaction on one side, the scorecard form on the other, every answer one key away.

The score is recomputed in the UI thread on each key (it is pure and takes well under a millisecond); drafts save
themselves about a second after the last change, one save at a time, with the row version last seen, so another
assessor's save is reported as a conflict and never overwritten unasked.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from qa_tui.domain.scorecard import Method
from qa_tui.domain.scoring import NA, format_score
from qa_tui.errors import ConflictError, UsageError
from qa_tui.screens.scoring_draft import Draft, Snapshot, digit_answer
from qa_tui.widgets.scorecard_form import CriteriaList, ScorecardForm, summary_text
from qa_tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from qa_tui.services.evaluations import EvaluationView
    from qa_tui.services.interactions import InteractionView
    from qa_tui.services.mystery import VisitView

NO_TEXT = "There is no transcript: this contact was observed live. Note what you see with c (comment) on each item."
METHOD_LABELS = {Method.CALL_REVIEW: "Call review", Method.CHAT_EMAIL_REVIEW: "Chat/email review",
                 Method.MYSTERY_SHOP: "Mystery shop", Method.LIVE_OBSERVATION: "Live observation"}
SAVE_STATES = {"loading": "… loading", "saved": "✓ saved", "unsaved": "○ unsaved changes", "saving": "… saving",
               "conflict": "! NOT SAVED: someone else saved first (w to choose)", "error": "✗ not saved (w retries)",
               "read-only": "✓ submitted (read only)"}


def _digit_bindings() -> list[Binding]:
    return [Binding(str(d), f"digit({d})", f"Level/points {d}", id=f"scoring.digit_{d}", show=False) for d in range(10)]


class ScoringScreen(Screen["EvaluationView | None"]):
    """Score one evaluation; dismisses with the submitted evaluation, or None when left unsubmitted."""

    CSS_PATH = "scoring.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    AUTOSAVE_DELAY = 1.0
    """Seconds after the last change before the draft saves itself."""
    HELP = (
        "Score by keys: j/k or arrows move between items; y, n and a answer yes, no and N/A; digits pick a level or "
        "points (and move on); c comments; t stamps the transcript line under its cursor as evidence; Tab moves "
        "between transcript and form; s submits; f gives AID feedback. Marks: ✓ answered, ✗ failed, ! critical "
        "fail, ○ unanswered, – N/A, ✎ comment, ◆ evidence, * critical item. Drafts save themselves."
    )
    BINDINGS = [
        Binding("y", "answer('yes')", "Yes", id="scoring.yes"),
        Binding("n", "answer('no')", "No", id="scoring.no"),
        Binding("a", "answer('na')", "N/A", id="scoring.na"),
        *_digit_bindings(),
        Binding("backspace,delete", "answer('clear')", "Clear answer", id="scoring.clear", show=False),
        Binding("c", "comment", "Comment", id="scoring.comment"),
        Binding("t", "stamp", "Evidence", id="scoring.stamp"),
        Binding("T", "unstamp", "Remove evidence", id="scoring.unstamp", show=False),
        Binding("u", "next_unanswered", "Next unanswered", id="scoring.next_unanswered", show=False),
        Binding("s", "submit", "Submit", id="scoring.submit"),
        Binding("f", "feedback", "Feedback", id="scoring.feedback"),
        Binding("tab", "switch_focus", "Switch pane", id="scoring.switch"),
        Binding("escape", "back", "Back", id="scoring.back"),
        Binding("w", "save_now", "Save now", id="scoring.save", show=False),
    ]

    def __init__(self, evaluation_id: uuid.UUID, *, agent_name: str = "") -> None:
        super().__init__()
        self.evaluation_id = evaluation_id
        """The evaluation being scored."""
        self.agent_name = agent_name
        """The agent's name when the caller knows it (saves a look-up)."""
        self.view: EvaluationView | None = None
        """The evaluation as last loaded or saved."""
        self.draft: Draft | None = None
        """The answers on screen (the source of truth until saved)."""
        self.row_version = 0
        """The evaluation's row version last seen; saves expect it."""
        self.save_state = "loading"
        self._saved_changes = 0
        self._saving = False
        self._timer: Timer | None = None
        self._after_save: Callable[[], None] | None = None
        self._digits: tuple[str, int] | None = None
        self._interaction = Text()

    # --- building ----------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="scoring-title")
        yield Static("", id="score-summary")
        with Container(id="scoring-body"):
            with Vertical(id="interaction-pane"):
                yield Static("Loading…", id="interaction-head")
                yield Transcript(id="transcript")
            yield ScorecardForm(id="scorecard-form")
        yield Footer()

    def on_mount(self) -> None:
        self.form = self.query_one(ScorecardForm)
        self.transcript = self.query_one(Transcript)
        self.summary = self.query_one("#score-summary", Static)
        self.form.evidence_line = self.transcript.line_of
        self.form.criteria.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.app.title = "qa-tui · Scoring"

    @property
    def actor(self):
        return self.app.actor

    @property
    def editable(self) -> bool:
        return self.draft is not None and self.save_state != "read-only"

    @property
    def dirty(self) -> bool:
        return self.draft is not None and self.draft.changes != self._saved_changes

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring-load")
    def load(self) -> None:
        from qa_tui.services import evaluations, interactions, mystery, people

        view = evaluations.get(self.actor, self.evaluation_id)
        interaction = interactions.get_interaction(self.actor, view.interaction_id)
        visit = mystery.get_visit(self.actor, view.interaction_id)
        agent = self.agent_name or people.agent_label(self.actor, view.agent_id)
        self.app.call_from_thread(self._loaded, view, interaction, visit, agent)

    def _loaded(self, view: "EvaluationView", interaction: "InteractionView", visit: "VisitView | None", agent: str) -> None:
        self.agent_name = agent
        self.query_one("#interaction-head", Static).update(_interaction_head(view, interaction, visit))
        self.transcript.set_text(interaction.text or NO_TEXT)
        self.form.expected = dict(visit.scenario.expected or {}) if visit else {}
        self._show_evaluation(view)

    def _show_evaluation(self, view: "EvaluationView") -> None:
        self.view, self.row_version = view, view.row_version
        self.draft = Draft(view.scorecard, dict(view.answers), dict(view.comments), dict(view.evidence))
        self._saved_changes = 0
        self.save_state = "saved" if view.status == "draft" else "read-only"
        self.transcript.set_evidence(list(self.draft.evidence.values()))
        self._repaint()
        self._show_title()

    def _show_title(self) -> None:
        view = self.view
        if view is None:
            return
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(SAVE_STATES[self.save_state], "bold" if self.save_state in ("conflict", "error") else "")
        text.append(f"  {METHOD_LABELS[view.method]} of {self.agent_name}")
        if view.live:
            text.append(" · ● observed live", "bold")
        text.append(f" · {view.scorecard.name} v{view.scorecard.version}")
        self.query_one("#scoring-title", Static).update(text, layout=False)

    def _repaint(self) -> None:
        result = self.draft.result()
        self.form.show(self.draft, result)
        self.summary.update(summary_text(self.draft.card, result), layout=False)

    # --- answering -----------------------------------------------------------------------------------------------

    def action_answer(self, what: str) -> None:
        value = {"yes": True, "no": False, "na": NA, "clear": None}[what]
        self._answer(value, advance=what != "clear")

    def action_digit(self, digit: int) -> None:
        criterion = self.form.current
        if not self.editable or criterion is None:
            return
        previous = self._digits[1] if self._digits and self._digits[0] == criterion.key else None
        value, final = digit_answer(criterion, previous, digit)
        if criterion.type.value == "yes_no":
            value, final = bool(digit), True  # 1 is yes, 0 is no
        if self._answer(value, advance=final):
            self._digits = None if final else (criterion.key, value)

    def _answer(self, value, *, advance: bool) -> bool:
        criterion = self.form.current
        if not self.editable or criterion is None:
            self._refuse_read_only()
            return False
        self._digits = None
        refusal = self.draft.answer(criterion.key, value)
        if refusal:
            self.notify(refusal, severity="warning", timeout=4)
            return False
        if advance:
            self.form.criteria.cursor += 1
        self._changed()
        return True

    def action_comment(self) -> None:
        from qa_tui.widgets.text_prompt import TextPrompt

        criterion = self.form.current
        if not self.editable or criterion is None:
            return self._refuse_read_only()

        def keep(comment: str | None) -> None:
            if comment is not None:
                self.draft.set_comment(criterion.key, comment)
                self._changed()

        prompt = TextPrompt(f"Comment on {criterion.key}", self.draft.comments.get(criterion.key, ""),
                            "Enter keeps it (empty removes it) · Esc cancels")
        self.app.push_screen(prompt, keep)

    def action_stamp(self) -> None:
        self._evidence(self.transcript.cursor_offset)

    def action_unstamp(self) -> None:
        self._evidence(None)

    def _evidence(self, offset: int | None) -> None:
        criterion = self.form.current
        if not self.editable or criterion is None:
            return self._refuse_read_only()
        self.draft.set_evidence(criterion.key, offset)
        self.transcript.set_evidence(list(self.draft.evidence.values()))
        self._changed()

    def action_next_unanswered(self) -> None:
        if self.draft is not None:
            self._go_to_first(self.draft.result().unanswered)

    def _go_to_first(self, keys: tuple[str, ...]) -> None:
        if keys:
            self.form.criteria.cursor = [c.key for c in self.draft.card.criteria].index(keys[0])

    def action_switch_focus(self) -> None:
        target = self.form.criteria if self.focused is self.transcript else self.transcript
        target.focus()

    def on_criteria_list_moved(self, event: CriteriaList.Moved) -> None:
        if self.draft is not None and event.key in self.draft.evidence and self.focused is not self.transcript:
            self.transcript.go_to_offset(self.draft.evidence[event.key])

    def _refuse_read_only(self) -> None:
        if self.save_state == "read-only":
            self.notify("This evaluation is submitted: it changes only through a dispute.", severity="warning")

    # --- saving --------------------------------------------------------------------------------------------------

    def _changed(self) -> None:
        self._repaint()
        if self.save_state != "conflict":
            self._set_save_state("unsaved")
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(self.AUTOSAVE_DELAY, self._autosave)

    def _set_save_state(self, state: str) -> None:
        if state != self.save_state:
            self.save_state = state
            self._show_title()

    def _autosave(self) -> None:
        if self.save_state == "conflict" or not self.dirty:
            return
        if self._saving:
            self._after_save = self._after_save or self._autosave
            return
        self._saving = True
        self._set_save_state("saving")
        self.save(self.draft.snapshot(), self.row_version)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring-save")
    def save(self, snapshot: Snapshot, expected_version: int) -> None:
        from qa_tui.services import evaluations

        try:
            view = evaluations.save_answers(self.actor, self.evaluation_id, snapshot.answers, expected_version=expected_version,
                                            comments=snapshot.comments, evidence=snapshot.evidence)
        except ConflictError as error:
            self.app.call_from_thread(self._conflict, str(error))
            return
        self.app.call_from_thread(self._saved, view, snapshot.changes)

    def _record_save(self, view: "EvaluationView", changes: int) -> None:
        self.view, self.row_version, self._saved_changes = view, view.row_version, changes
        self._set_save_state("unsaved" if self.dirty else "saved")

    def _saved(self, view: "EvaluationView", changes: int) -> None:
        self._saving = False
        self._record_save(view, changes)
        then, self._after_save = self._after_save, None
        if then is not None:
            then()
        elif self.dirty:
            self._changed()

    def action_save_now(self) -> None:
        if self.save_state == "conflict":
            return self._ask_about_conflict()
        if self._timer is not None:
            self._timer.stop()
        self._autosave()

    def _conflict(self, message: str) -> None:
        self._saving, self._after_save = False, None
        self._set_save_state("conflict")
        self._ask_about_conflict()

    def _ask_about_conflict(self) -> None:
        from qa_tui.widgets.choice import Choice

        message = ("Another assessor saved this evaluation after you opened it. Your answers are still on screen "
                   "and nothing is lost, but they are not saved. Choose what to keep:")
        options = [("Reload theirs (their answers replace yours on screen)", "reload"),
                   ("Save mine over theirs", "overwrite"),
                   ("Keep mine on screen and decide later (w asks again)", "keep")]
        self.app.push_screen(Choice("! Not saved: someone else saved first", options, message), self._resolve_conflict)

    def _resolve_conflict(self, choice: str | None) -> None:
        if choice in ("reload", "overwrite"):
            self._saving = True
            self.resolve_conflict(choice, self.draft.snapshot())

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring-save")
    def resolve_conflict(self, choice: str, mine: Snapshot) -> None:
        from qa_tui.services import evaluations

        latest = evaluations.get(self.actor, self.evaluation_id)
        if choice == "reload":
            self.app.call_from_thread(self._reloaded, latest)
            return
        view = evaluations.save_answers(self.actor, self.evaluation_id, mine.answers, expected_version=latest.row_version,
                                        comments=mine.comments, evidence=mine.evidence)
        self.app.call_from_thread(self._overwrote, view, mine.changes)

    def _reloaded(self, view: "EvaluationView") -> None:
        self._saving = False
        self._show_evaluation(view)
        self.notify("Their answers are on screen now.", timeout=4)

    def _overwrote(self, view: "EvaluationView", changes: int) -> None:
        self.save_state = "saving"
        self._saved(view, changes)
        self.notify("Your answers are saved over theirs.", timeout=4)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == "scoring-save":
            self._saving, self._after_save = False, None
            self._set_save_state("error")
        self.app.show_error(event.worker.error)

    # --- submitting, feedback, leaving --------------------------------------------------------------------------

    def action_submit(self) -> None:
        from qa_tui.widgets.confirm import Confirm

        if not self.editable:
            return self._refuse_read_only()
        result = self.draft.result()
        if not result.complete:
            return self._submit()  # the service names what is missing
        verdict = "! critical fail" if result.critical_failed else "✓ pass" if result.passed else "✗ below the pass mark"
        question = f"Submit this evaluation at {format_score(result.reported_percent)} ({verdict})?"
        detail = "Once submitted it is frozen: it changes only through a dispute. The agent sees it with your feedback."
        self.app.push_screen(Confirm(question, detail), lambda yes: self._submit() if yes else None)

    def _submit(self) -> None:
        if self.save_state == "conflict":
            return self._ask_about_conflict()
        if self._timer is not None:
            self._timer.stop()
        if self._saving:
            self._after_save = self._submit
            return
        self._saving = True
        self.submit(self.draft.snapshot() if self.dirty else None, self.row_version)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring-save")
    def submit(self, snapshot: Snapshot | None, expected_version: int) -> None:
        from qa_tui.services import evaluations

        try:
            if snapshot is not None:
                view = evaluations.save_answers(self.actor, self.evaluation_id, snapshot.answers,
                                                expected_version=expected_version, comments=snapshot.comments,
                                                evidence=snapshot.evidence)
                expected_version = view.row_version
                self.app.call_from_thread(self._record_save, view, snapshot.changes)
            done = evaluations.submit(self.actor, self.evaluation_id, expected_version=expected_version)
        except ConflictError as error:
            self.app.call_from_thread(self._conflict, str(error))
            return
        except UsageError as error:
            self.app.call_from_thread(self._refused, error)
            return
        self.app.call_from_thread(self._submitted, done)

    def _refused(self, error: UsageError) -> None:
        self._saving = False
        self._go_to_first(self.draft.result().unanswered)
        self.app.show_error(error)

    def _submitted(self, view: "EvaluationView") -> None:
        self._saving = False
        verdict = "! critical fail" if view.result.critical_failed else "✓ pass" if view.result.passed else "✗ fail"
        self.app.notify(f"Submitted at {format_score(view.result.reported_percent)} ({verdict}).", timeout=5)
        self.dismiss(view)

    def action_feedback(self) -> None:
        if self.view is not None:
            self.load_feedback()

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring-feedback")
    def load_feedback(self) -> None:
        from qa_tui.services import feedback

        current = feedback.get_feedback(self.actor, self.evaluation_id)
        self.app.call_from_thread(self._edit_feedback, current)

    def _edit_feedback(self, current) -> None:
        from qa_tui.widgets.feedback_form import FeedbackForm

        failed = tuple(score.key for score in self.draft.result().criteria if score.failed)
        criteria = current.criteria if current and current.criteria else failed
        self.app.push_screen(FeedbackForm(current, criteria), lambda text: text and self.keep_feedback(text))

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring-feedback")
    def keep_feedback(self, text) -> None:
        from qa_tui.services import feedback

        feedback.set_feedback(self.actor, self.evaluation_id, text)
        self.app.call_from_thread(self.notify, "Feedback kept.", timeout=3)

    def action_back(self) -> None:
        from qa_tui.widgets.confirm import Confirm

        if self.save_state == "conflict":
            question = "Leave without saving? Someone else saved first, so your answers here are not saved."
            self.app.push_screen(Confirm(question), lambda yes: self.dismiss(None) if yes else None)
        elif self.dirty and self.editable:
            self._after_save = lambda: self.dismiss(None)
            self.action_save_now()
        else:
            self.dismiss(None)


def _interaction_head(view: "EvaluationView", interaction: "InteractionView", visit: "VisitView | None") -> Text:
    text = Text()
    when = interaction.occurred_at.strftime("%Y-%m-%d %H:%M")
    minutes = f" · {interaction.duration_seconds // 60} min {interaction.duration_seconds % 60} s" if interaction.duration_seconds else ""
    if visit is None:
        text.append(f"{interaction.channel.value.replace('_', ' ').capitalize()} · {when}{minutes}", "bold")
        text.append(" · redacted" if interaction.redacted else " · ORIGINAL TEXT")
        return text
    scenario = visit.scenario
    text.append(f"Mystery shop ({visit.channel.replace('_', ' ')}) by {visit.shopper} · "
                f"{visit.visited_at.strftime('%Y-%m-%d %H:%M')}{minutes}", "bold")
    if visit.place:
        text.append(f" · {visit.place}")
    text.append(f"\nScenario: {scenario.name}")
    for label, value in (("Persona", scenario.persona), ("Script", scenario.script), ("Objectives", scenario.objectives)):
        if value:
            text.append(f"\n{label}: {value}")
    text.append("\nShopper's notes (redacted) below.", "dim")
    return text
