"""Contacts across phone, chat, email, branch visits and a few mystery shops, with transcripts full of PII.

Volume follows the working week and the hours of the day; an agent only takes contacts once they have started.
Everything streams into the bulk service, so 600,000 contacts never sit in memory as texts.
"""

from __future__ import annotations

import bisect
import random
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Iterator
from zoneinfo import ZoneInfo

from qa_tui.demo.context import DemoContext, interaction_ref
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.scenarios import SCENARIOS, Scenario
from qa_tui.demo.people_data import CITIES
from qa_tui.demo.texts import Person, compose, random_person
from qa_tui.services.interactions import NewInteraction, record_interactions
from qa_tui.store.models import Channel

LONDON = ZoneInfo("Europe/London")
CHANNEL_WEIGHTS = {Channel.CALL: 52, Channel.CHAT: 22, Channel.EMAIL: 14, Channel.BRANCH_VISIT: 9, Channel.MYSTERY_SHOP: 3}
WEEKDAY_WEIGHTS = (1.1, 1.0, 1.0, 1.0, 0.95, 0.45, 0.2)
HOUR_WEIGHTS = {8: 5, 9: 10, 10: 11, 11: 10, 12: 8, 13: 8, 14: 9, 15: 9, 16: 8, 17: 6, 18: 4, 19: 2}
DURATIONS = {Channel.CALL: (150, 1200), Channel.CHAT: (300, 2400), Channel.BRANCH_VISIT: (300, 1800),
             Channel.MYSTERY_SHOP: (180, 1140)}
KNOWN_CUSTOMER_SHARE = 0.8
SPEECH_TO_TEXT_SHARE = 0.35
"""Calls handed over by speech-to-text: lower case, unpunctuated, numbers said as words."""
PROGRESS_EVERY = 1000
FITTING = {channel: [s for s in SCENARIOS if channel in s.channels] for channel in CHANNEL_WEIGHTS}
# Running sums for rng.choices, worked out once: it draws exactly as it does from the weights, without summing them
# again at each of a large centre's millions of calls.
CHANNELS, CHANNEL_SUMS = list(CHANNEL_WEIGHTS), list(accumulate(CHANNEL_WEIGHTS.values()))
HOURS, HOUR_SUMS = list(HOUR_WEIGHTS), list(accumulate(HOUR_WEIGHTS.values()))
FITTING_SUMS = {channel: list(accumulate(s.weight for s in fitting)) for channel, fitting in FITTING.items()}
CITY_OF_DISTRICT = {district: city for city in CITIES for district in city.outward_codes}


@demo_stage("interactions", after=("agents", "customers"))
def create_interactions(ctx: DemoContext) -> None:
    record_interactions(ctx.actor, _contacts(ctx, ctx.rng("interactions")))


def _contacts(ctx: DemoContext, rng: random.Random) -> Iterator[NewInteraction]:
    picker, total = AgentPicker(ctx), ctx.scale.interactions
    for day, count in daily_counts(ctx.start, ctx.today, total):
        for _ in range(count):
            yield _contact(ctx, rng, moment(rng, day), picker)
            done = len(ctx.interactions)
            if done % PROGRESS_EVERY == 0 or done == total:
                ctx.progress("interactions", done, total)


def daily_counts(start: date, end: date, total: int) -> Iterator[tuple[date, int]]:
    """Split `total` over the days from `start` to the day before `end`, by weekday, summing exactly."""
    days = [start + timedelta(days=n) for n in range((end - start).days)]
    weights = [WEEKDAY_WEIGHTS[day.weekday()] for day in days]
    scale, running, given = total / sum(weights), 0.0, 0
    for day, weight in zip(days, weights):
        running += weight * scale
        count = round(running) - given
        given += count
        yield day, count


def moment(rng: random.Random, day: date) -> datetime:
    hour = rng.choices(HOURS, cum_weights=HOUR_SUMS)[0]
    local = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=LONDON)
    return local.astimezone(UTC)


class AgentPicker:
    """Picks an agent who had started by a given day."""

    def __init__(self, ctx: DemoContext) -> None:
        self.order = sorted(range(len(ctx.agents)), key=lambda i: ctx.agents[i].started_on)
        self.starts = [ctx.agents[i].started_on for i in self.order]

    def pick(self, rng: random.Random, day: date) -> int:
        started = bisect.bisect_right(self.starts, day)
        return self.order[rng.randrange(max(started, 1))]


def _contact(ctx: DemoContext, rng: random.Random, when: datetime, picker: AgentPicker) -> NewInteraction:
    channel = rng.choices(CHANNELS, cum_weights=CHANNEL_SUMS)[0]
    scenario = _scenario(rng, channel)
    agent = picker.pick(rng, when.date())
    customer = None if channel == Channel.MYSTERY_SHOP or rng.random() > KNOWN_CUSTOMER_SHARE else rng.randrange(len(ctx.customers))
    person = random_person(rng) if customer is None else _person(ctx, customer)
    spoken = channel == Channel.CALL and rng.random() < SPEECH_TO_TEXT_SHARE
    text = compose(rng, channel, scenario, person, ctx.agents[agent].name, ctx.scale.exchanges, speech_to_text=spoken)
    index = ctx.interactions.append(channel, when, agent, customer, scenario.key if channel != Channel.MYSTERY_SHOP else "mystery_shop")
    ctx.note("interaction", index, channel, when.isoformat(), agent, customer, text)
    return NewInteraction(channel, when, ctx.agents[agent].id, text=text,
                          customer_id=None if customer is None else ctx.customers[customer].id,
                          duration_seconds=_duration(rng, channel), external_ref=interaction_ref(index))


def _scenario(rng: random.Random, channel: Channel) -> Scenario:
    if channel == Channel.MYSTERY_SHOP:
        return SCENARIOS[0]  # mystery shops follow their own brief; the scenario is not used
    return rng.choices(FITTING[channel], cum_weights=FITTING_SUMS[channel])[0]


def _person(ctx: DemoContext, index: int) -> Person:
    customer = ctx.customers[index]
    city = CITY_OF_DISTRICT[customer.postcode.split()[0]]
    return Person(customer.name, customer.email, customer.phone, customer.postcode, city)


def _duration(rng: random.Random, channel: Channel) -> int | None:
    if channel not in DURATIONS:
        return None
    low, high = DURATIONS[channel]
    return int(min(high, low + rng.expovariate(3 / (high - low))))
