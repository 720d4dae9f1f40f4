"""Complaint deadlines by policy: working days, calendar weeks, countdowns and breaches.

Conventions (say them to users the same way):
- "N working days" from a received date is the N-th working day strictly
  after it; a complaint received on a Saturday and acknowledged within 1
  working day is due on Monday. Zero working days means the received date,
  moved forward to a working day if it is not one.
- "N weeks" is calendar time: received + 7N days, on whatever day that is
  (as in the FCA's eight-week final response rule), unless the policy says
  to roll forward to the next working day.
- Working days remaining counts working days after today up to and including
  the deadline: 0 on the deadline day, negative once breached (at least -1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from qa_tui.errors import UsageError

_BANK_HOLIDAYS = {
    2020: ("01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"),  # early May moved for VE Day
    2021: ("01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"),
    2022: ("01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"),  # Jubilee, funeral
    2023: ("01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"),  # the Coronation
    2024: ("01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"),
    2025: ("01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"),
    2026: ("01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"),
    2027: ("01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"),
    2028: ("01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"),
    2029: ("01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"),
    2030: ("01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"),
}

EW_BANK_HOLIDAYS: frozenset[dt.date] = frozenset(
    dt.date.fromisoformat(f"{year}-{day}") for year, days in _BANK_HOLIDAYS.items() for day in days
)
"""England & Wales bank holidays 2020-2030 as published on gov.uk (2029-2030 by the standing rules), with
substitute days (e.g. Boxing Day 2026 falls on a Saturday, so Monday 28 December is the holiday) and the one-off
changes (2020, 2022, 2023)."""

COVERED_YEARS = range(min(_BANK_HOLIDAYS), max(_BANK_HOLIDAYS) + 1)


class Unit(StrEnum):
    """How a policy counts time."""

    WORKING_DAYS = "working_days"
    WEEKS = "weeks"


@dataclass(frozen=True)
class Policy:
    """A deadline rule such as 'acknowledge within 3 working days'."""

    name: str
    amount: int
    unit: Unit
    roll_forward: bool = False


ACKNOWLEDGEMENT = Policy("acknowledgement", 3, Unit.WORKING_DAYS)
FINAL_RESPONSE = Policy("final response", 8, Unit.WEEKS)


class Status(StrEnum):
    """Where a deadline stands on a given day."""

    ON_TRACK = "on track"
    DUE_TODAY = "due today"
    BREACHED = "breached"
    MET = "met"


@dataclass(frozen=True)
class Countdown:
    """A deadline seen from one day."""

    deadline: dt.date
    working_days_remaining: int
    status: Status


def is_working_day(day: dt.date, holidays: Collection[dt.date] = EW_BANK_HOLIDAYS) -> bool:
    """True on Monday to Friday unless the day is a holiday.

    With the shipped holidays, a day outside 2024-2028 is refused rather than
    silently treated as holiday-free.
    """
    _check_covered(day, holidays)
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: dt.date,
                     holidays: Collection[dt.date] = EW_BANK_HOLIDAYS) -> dt.date:
    """The day itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def add_working_days(received: dt.date, days: int,
                     holidays: Collection[dt.date] = EW_BANK_HOLIDAYS) -> dt.date:
    """The `days`-th working day after `received` (the received date itself does not count)."""
    if days < 0:
        raise UsageError(f"A number of working days cannot be negative ({days}).")
    if days == 0:
        return next_working_day(received, holidays)
    day = received
    for _ in range(days):
        day = next_working_day(day + dt.timedelta(days=1), holidays)
    return day


def add_weeks(received: dt.date, weeks: int, roll_forward: bool = False,
              holidays: Collection[dt.date] = EW_BANK_HOLIDAYS) -> dt.date:
    """`received` plus 7 * weeks calendar days, optionally moved to the next working day."""
    if weeks < 0:
        raise UsageError(f"A number of weeks cannot be negative ({weeks}).")
    deadline = received + dt.timedelta(weeks=weeks)
    return next_working_day(deadline, holidays) if roll_forward else deadline


def deadline_for(policy: Policy, received: dt.date,
                 holidays: Collection[dt.date] = EW_BANK_HOLIDAYS) -> dt.date:
    """The due date a policy sets for a complaint received on `received`."""
    if policy.unit is Unit.WORKING_DAYS:
        return add_working_days(received, policy.amount, holidays)
    return add_weeks(received, policy.amount, policy.roll_forward, holidays)


def working_days_between(start: dt.date, end: dt.date,
                         holidays: Collection[dt.date] = EW_BANK_HOLIDAYS) -> int:
    """Working days in (start, end]; negative (those in (end, start]) when end is before start."""
    if end < start:
        return -working_days_between(end, start, holidays)
    days = (start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sum(1 for day in days if is_working_day(day, holidays))


def countdown(deadline: dt.date, today: dt.date, done_on: dt.date | None = None,
              holidays: Collection[dt.date] = EW_BANK_HOLIDAYS) -> Countdown:
    """Working days left before `deadline` as seen on `today`, and the breach status.

    When the step was done (`done_on`), the status is MET or BREACHED by that
    date and the remaining count is frozen at that date.
    """
    seen_on = today if done_on is None else done_on
    remaining = working_days_between(seen_on, deadline, holidays)
    if seen_on > deadline:
        return Countdown(deadline, min(remaining, -1), Status.BREACHED)
    if done_on is not None:
        return Countdown(deadline, remaining, Status.MET)
    status = Status.DUE_TODAY if today == deadline else Status.ON_TRACK
    return Countdown(deadline, remaining, status)


def _check_covered(day: dt.date, holidays: Collection[dt.date]) -> None:
    if holidays is EW_BANK_HOLIDAYS and day.year not in COVERED_YEARS:
        raise UsageError(f"Bank holidays are known for {COVERED_YEARS.start}-"
                         f"{COVERED_YEARS.stop - 1} only; pass your own holidays for {day}.")
