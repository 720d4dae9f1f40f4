"""What the demo stages share: the signed-in actor, the seed and clock, the scale, and everything made so far.

Each stage draws from its own random stream (`ctx.rng("stage")`), so adding a stage never changes what the
stages before it generate. Stages add what later ones need to the lists here, or to `extras` under their name.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from array import array
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Callable, Iterator

from qa_tui.services.session import Actor
from qa_tui.store.models import Channel

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while a stage works."""


def no_progress(stage: str, done: int, total: int) -> None:
    """The default: report nothing."""


@dataclass(frozen=True)
class Scale:
    """How big a centre to generate."""

    name: str
    sites: int
    teams: int
    agents: int
    assessors: int
    customers: int
    interactions: int
    days: int
    exchanges: tuple[int, int]
    """How many back-and-forths the middle of a transcript has (fewer at large scale: shorter texts)."""
    survey_responses: int = 0
    """Survey responses in all. Those beyond the recorded contacts' come from the contacts the centre handled but
    did not record (they name the agent and channel, not a contact)."""
    checklist: bool = False
    """Whether every scorecard gets the compliance checklist (`demo/compliance_checklist.toml`): about 30 criteria
    in all instead of the templates' 13-17."""


SCALES: dict[str, Scale] = {
    "small": Scale("small", sites=2, teams=4, agents=20, assessors=3, customers=600, interactions=2_000,
                   days=120, exchanges=(2, 5)),
    "large": Scale("large", sites=5, teams=100, agents=2_000, assessors=40, customers=120_000,
                   interactions=600_000, days=3 * 365, exchanges=(0, 1), survey_responses=2_000_000,
                   checklist=True),
}


@dataclass(frozen=True)
class SiteRecord:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class TeamRecord:
    id: uuid.UUID
    name: str
    site: SiteRecord


@dataclass(frozen=True)
class AgentRecord:
    """An agent and the traits later stages score them by."""

    id: uuid.UUID
    name: str
    team: TeamRecord
    started_on: date
    skill: float
    """Typical share of marks earned, 0-1."""
    trend: str
    """'improving', 'steady' or 'declining' over the period."""

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


@dataclass(frozen=True)
class StaffRecord:
    """A demo user account: assessors carry a scoring bias, team leaders their team."""

    user_id: uuid.UUID
    name: str
    display_name: str
    role: str
    team: TeamRecord | None = None
    agent: AgentRecord | None = None
    bias: float = 0.0
    """An assessor's lean in share of marks: positive is lenient, negative harsh."""


@dataclass(frozen=True)
class CustomerRecord:
    """A customer as generated (the database holds these fields encrypted)."""

    id: uuid.UUID
    name: str
    email: str
    phone: str
    postcode: str


@dataclass(frozen=True)
class InteractionRecord:
    index: int
    external_ref: str
    channel: Channel
    occurred_at: datetime
    agent: int
    """Index into `ctx.agents`."""
    customer: int | None
    """Index into `ctx.customers`, None for an anonymous contact."""
    scenario: str


CHANNELS = list(Channel)


def interaction_ref(index: int) -> str:
    """The external reference of the demo's interaction number `index` (unique in the database)."""
    return f"DEMO-{index + 1:07d}"


@dataclass
class InteractionLog:
    """The interactions generated, kept column by column so that 600,000 of them stay small in memory."""

    agents: array = field(default_factory=lambda: array("I"))
    customers: array = field(default_factory=lambda: array("i"))
    channels: array = field(default_factory=lambda: array("B"))
    times: array = field(default_factory=lambda: array("d"))
    scenarios: list[str] = field(default_factory=list)

    def append(self, channel: Channel, occurred_at: datetime, agent: int, customer: int | None, scenario: str) -> int:
        self.agents.append(agent)
        self.customers.append(-1 if customer is None else customer)
        self.channels.append(CHANNELS.index(channel))
        self.times.append(occurred_at.timestamp())
        self.scenarios.append(scenario)
        return len(self.scenarios) - 1

    def __len__(self) -> int:
        return len(self.scenarios)

    def __getitem__(self, index: int) -> InteractionRecord:
        customer = self.customers[index]
        return InteractionRecord(index, interaction_ref(index), CHANNELS[self.channels[index]],
                                 datetime.fromtimestamp(self.times[index], UTC), self.agents[index],
                                 None if customer < 0 else customer, self.scenarios[index])

    def __iter__(self) -> Iterator[InteractionRecord]:
        return (self[i] for i in range(len(self)))


@dataclass
class DemoContext:
    """Everything a stage needs; stages append to the lists as they create records."""

    actor: Actor
    seed: int
    scale: Scale
    today: date
    progress: Progress = no_progress
    sites: list[SiteRecord] = field(default_factory=list)
    teams: list[TeamRecord] = field(default_factory=list)
    agents: list[AgentRecord] = field(default_factory=list)
    staff: dict[str, StaffRecord] = field(default_factory=dict)
    """Demo user accounts by user name."""
    customers: list[CustomerRecord] = field(default_factory=list)
    interactions: InteractionLog = field(default_factory=InteractionLog)
    extras: dict[str, Any] = field(default_factory=dict)
    """What later stages make (scorecards, evaluations...), under their stage's name."""
    _digest: Any = field(default_factory=hashlib.sha256, repr=False)

    @property
    def start(self) -> date:
        """The first day of the generated period."""
        return self.today - timedelta(days=self.scale.days)

    def rng(self, stage: str) -> random.Random:
        """A random stream of the stage's own, fixed by the seed."""
        return random.Random(f"qa-tui demo/{self.seed}/{stage}")

    def staff_with_role(self, role: str) -> list[StaffRecord]:
        return [person for person in self.staff.values() if person.role == role]

    def note(self, *parts: object) -> None:
        """Add generated content to the fingerprint (two runs with the same seed and day must agree)."""
        self._digest.update("\x1f".join(map(str, parts)).encode())
        self._digest.update(b"\x1e")

    @property
    def fingerprint(self) -> str:
        """A digest of everything the stages generated, independent of the database's random ids."""
        return self._digest.hexdigest()
