"""Review queue: what the sampling plan has assigned to you, overdue first; Enter scores the highlighted contact.

A QA manager can look at another assessor's queue (read only) and make a sampling plan here.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from qa_tui.domain.scorecard import Method
from qa_tui.errors import UsageError
from qa_tui.screens.base import AreaScreen
from qa_tui.services.permissions import Action, allowed

METHODS = {Method.CALL_REVIEW: "call review", Method.CHAT_EMAIL_REVIEW: "chat/email review",
           Method.MYSTERY_SHOP: "mystery shop", Method.LIVE_OBSERVATION: "live observation"}
NO_PLAN = ("There is no sampling plan yet, so nothing is assigned. A QA manager makes one with p here: a period, "
           "how many evaluations per agent for each method, and the assessors who share them.")


def state_label(item) -> str:
    """'! OVERDUE' or '○ due', with '· started' once an evaluation exists: words and symbols, not colour."""
    state = "! OVERDUE" if item.overdue else "○ due"
    return f"{state} · started" if item.evaluation_id else state


class QueueScreen(AreaScreen):
    CSS_PATH = "scoring.tcss"
    HELP = ("Your review queue from the sampling plan, overdue first (marked ! OVERDUE). Enter starts or resumes the "
            "highlighted contact on the scoring screen; l observes an agent live. QA managers: o opens another "
            "assessor's queue, m returns to yours, p makes a sampling plan.")
    BINDINGS = [
        Binding("enter", "start", "Score", id="queue.start"),
        Binding("l", "live", "Observe live", id="queue.live"),
        Binding("o", "other", "Other's queue", id="queue.other"),
        Binding("m", "mine", "My queue", id="queue.mine"),
        Binding("p", "plan", "New plan", id="queue.plan"),
        Binding("r", "reload", "Reload", id="queue.reload"),
    ]

    def __init__(self, area) -> None:
        super().__init__(area)
        self.assessor: str | None = None
        """Whose queue is shown: None for the signed-in user's own."""
        self.items: list = []
        """The queue items shown, in table order."""
        self.agents: dict[uuid.UUID, str] = {}
        """Agent names by id."""

    def compose_body(self) -> ComposeResult:
        with Vertical(id="queue-body"):
            yield Static("", id="queue-heading")
            yield Static("Loading the queue…", id="queue-status")
            yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="queue-note")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("State", "Due", "Agent", "Method", "Reason")
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("other", "plan"):
            return allowed(self.actor.role, Action.MANAGE_SAMPLING)
        if action == "mine":
            return self.assessor is not None
        return True

    @property
    def read_only(self) -> bool:
        return self.assessor is not None and self.assessor != self.actor.name

    def action_reload(self) -> None:
        self.load(self.assessor)

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue")
    def load(self, assessor: str | None) -> None:
        from qa_tui.services import people, sampling

        items = sampling.queue(self.actor, self.app.today(), assessor=assessor)
        agents = {agent.id: agent.name for agent in people.list_agents(self.actor)}
        plans = sampling.plan_count(self.actor) if not items else None
        self.app.call_from_thread(self._show, assessor, items, agents, plans)

    def _show(self, assessor: str | None, items: list, agents: dict, plans: int | None) -> None:
        items = sorted(items, key=lambda i: (not i.overdue, i.due_on, agents.get(i.agent_id, ""), i.method, i.reason))
        self.assessor, self.items, self.agents = assessor, items, agents
        table = self.query_one(DataTable)
        table.clear()
        for item in items:
            table.add_row(state_label(item), item.due_on.isoformat(), agents.get(item.agent_id, "?"),
                          METHODS[item.method], item.reason, key=str(item.assignment_id))
        overdue = sum(item.overdue for item in items)
        whose = "Your queue" if not self.read_only else f"{assessor}'s queue (read only: only {assessor} scores these)"
        self.query_one("#queue-heading", Static).update(f"{whose}: {len(items)} due, {overdue} overdue")
        self.query_one("#queue-status", Static).display = False
        note = NO_PLAN if plans == 0 else "Nothing is due. " if not items else ""
        note += "Enter scores the highlighted contact; l observes an agent live." if not self.read_only else ""
        self.query_one("#queue-note", Static).update(note)
        self.refresh_bindings()
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row < 0:
            return
        if self.read_only:
            self.notify(f"This is {self.assessor}'s queue: only {self.assessor} scores these.", severity="warning")
            return
        self.start_item(self.items[table.cursor_row])

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-start")
    def start_item(self, item, version_id: uuid.UUID | None = None) -> None:
        from qa_tui.services import evaluations, sampling, scorecards

        if item.evaluation_id is not None:
            return self._resume(item)
        if version_id is None:
            versions = scorecards.published_for(self.actor, item.method)
            if not versions:
                raise UsageError(f"No published scorecard suits {METHODS[item.method]} yet; a QA manager publishes one in Scorecards.")
            if len(versions) > 1:
                return self.app.call_from_thread(self._choose_version, item, versions)
            version_id = versions[0].id
        view = evaluations.start(self.actor, item.interaction_id, version_id, item.method)
        sampling.link_evaluation(self.actor, item.assignment_id, view.id)
        self.app.call_from_thread(self._open, item, view.id)

    def _resume(self, item) -> None:
        from qa_tui.services import evaluations, sampling

        view = evaluations.get(self.actor, item.evaluation_id)
        if view.status == "draft":
            return self.app.call_from_thread(self._open, item, view.id)
        sampling.link_evaluation(self.actor, item.assignment_id, view.id, done=True)
        self.app.call_from_thread(self.notify, "That evaluation was already submitted; it is marked done.")
        self.app.call_from_thread(self.action_reload)

    def _choose_version(self, item, versions) -> None:
        from qa_tui.widgets.choice import Choice

        options = [(f"{v.name} (version {v.number})", v.id) for v in versions]
        dialog = Choice(f"Scorecard for this {METHODS[item.method]}", options)
        self.app.push_screen(dialog, lambda version_id: version_id and self.start_item(item, version_id))

    def _open(self, item, evaluation_id: uuid.UUID) -> None:
        from qa_tui.screens.scoring import ScoringScreen

        screen = ScoringScreen(evaluation_id, agent_name=self.agents.get(item.agent_id, "") if item else "")
        self.app.push_screen(screen, lambda view: self._scored(item, view))

    def _scored(self, item, view) -> None:
        if item is not None and view is not None and view.status != "draft":
            self.finish(item.assignment_id, view.id)
        else:
            self.action_reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-finish")
    def finish(self, assignment_id: uuid.UUID, evaluation_id: uuid.UUID) -> None:
        from qa_tui.services import sampling

        sampling.link_evaluation(self.actor, assignment_id, evaluation_id, done=True)
        self.app.call_from_thread(self.action_reload)

    # --- a QA manager's views ------------------------------------------------------------------------------------

    def action_other(self) -> None:
        self.pick_assessor()

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-pick")
    def pick_assessor(self) -> None:
        from qa_tui.services import sampling

        names = sampling.assessors(self.actor)
        self.app.call_from_thread(self._choose_assessor, names)

    def _choose_assessor(self, names: list[str]) -> None:
        from qa_tui.widgets.choice import Choice

        options = [(name + (" (you)" if name == self.actor.name else ""), name) for name in names]
        self.app.push_screen(Choice("Whose queue?", options), lambda name: name and self.load(name))

    def action_mine(self) -> None:
        self.load(None)

    def action_plan(self) -> None:
        self.plan_defaults()

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-pick")
    def plan_defaults(self) -> None:
        from qa_tui.services import sampling

        names = sampling.assessors(self.actor)
        self.app.call_from_thread(self._plan_form, names)

    def _plan_form(self, names: list[str]) -> None:
        from qa_tui.widgets.plan_form import PlanForm

        self.app.push_screen(PlanForm(self.app.today(), names), lambda request: request and self.make_plan(request))

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-plan")
    def make_plan(self, request) -> None:
        from qa_tui.services import sampling

        summary = sampling.create_plan(self.actor, request)
        shares = ", ".join(f"{name} {count}" for name, count in sorted(summary.by_assessor.items())) or "none"
        short = f"; {len(summary.short_agents)} agent(s) had too few contacts" if summary.short_agents else ""
        self.app.call_from_thread(self.notify, f"Plan made: {summary.assignments} reviews ({shares}){short}.", timeout=8)
        self.app.call_from_thread(self.action_reload)

    # --- live observation ---------------------------------------------------------------------------------------

    def action_live(self) -> None:
        self.live_choices()

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-pick")
    def live_choices(self) -> None:
        from qa_tui.services import people, scorecards

        versions = scorecards.published_for(self.actor, Method.LIVE_OBSERVATION)
        if not versions:
            raise UsageError("No published scorecard suits live observation yet; a QA manager publishes one in Scorecards.")
        agents = [agent for agent in people.list_agents(self.actor) if agent.active]
        self.app.call_from_thread(self._choose_live, agents, versions)

    def _choose_live(self, agents, versions) -> None:
        from qa_tui.widgets.choice import Choice

        def agent_chosen(agent_id) -> None:
            if agent_id is None:
                return
            if len(versions) == 1:
                return self.start_live(agent_id, versions[0].id)
            options = [(f"{v.name} (version {v.number})", v.id) for v in versions]
            self.app.push_screen(Choice("Scorecard for the live observation", options),
                                 lambda version_id: version_id and self.start_live(agent_id, version_id))

        options = [(f"{agent.name} · {agent.team}, {agent.site}", agent.id) for agent in agents]
        self.app.push_screen(Choice("Observe which agent live?", options), agent_chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-start")
    def start_live(self, agent_id: uuid.UUID, version_id: uuid.UUID) -> None:
        from qa_tui.services import evaluations, interactions
        from qa_tui.store.models import Channel

        contact = interactions.NewInteraction(Channel.CALL, datetime.now(UTC), agent_id)
        [interaction_id] = interactions.record_interactions(self.actor, [contact], return_ids=True)
        view = evaluations.start(self.actor, interaction_id, version_id, Method.LIVE_OBSERVATION, live=True)
        self.agents.setdefault(agent_id, "")
        self.app.call_from_thread(self._open, None, view.id)
