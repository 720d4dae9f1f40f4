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
import threading
from collections.abc import Container
from dataclasses import dataclass
from enum import StrEnum

import holidays as holidays_package

from qa_tui.errors import UsageError


class Region(StrEnum):
    """Whose bank holidays a working day skips; the value is the `holidays` package's code for the UK subdivision."""

    ENGLAND_AND_WALES = "ENG"  # England and Wales share their bank holidays (the package's "WLS" is the same)
    SCOTLAND = "SCT"
    NORTHERN_IRELAND = "NIR"


COVERED_YEARS = range(holidays_package.UK.start_year, holidays_package.UK.end_year + 1)
"""The years the `holidays` package knows UK bank holidays for (1872-2100 in 0.109). Outside them it answers "no
holidays" rather than failing, so the bank holidays below refuse those years instead."""


def _weekday_holidays(region: Region, year: int) -> frozenset[dt.date]:
    """One region's bank holidays in one year that fall Monday to Friday, from the `holidays` package.

    The package lists a holiday that falls at a weekend on its own date as well as on the weekday that replaces it
    (Boxing Day 2026 on Saturday 26 and Monday 28 December); only the weekday removes a working day, so only it is
    kept, and each year then matches the published list.
    """
    if year not in COVERED_YEARS:
        raise UsageError(f"Bank holidays are known for {COVERED_YEARS.start}-{COVERED_YEARS.stop - 1} only; "
                         f"pass your own holidays for dates in {year}.")
    found = holidays_package.country_holidays("GB", subdiv=region.value, years=year)
    return frozenset(day for day in found if day.weekday() < 5)


class BankHolidays:
    """One region's bank holidays as a container of dates, for any covered year: `day in BankHolidays()`.

    Substitute days (Boxing Day 2026 falls on a Saturday, so Monday 28 December is the holiday) and one-off changes
    by proclamation (VE Day in 2020, the Jubilee and the Queen's funeral in 2022, the Coronation in 2023) come from
    the maintained `holidays` package. A date outside `COVERED_YEARS` is refused rather than silently treated as
    holiday-free.

    Deadlines are worked out for whole imports and analytics, so a lookup stays a frozenset membership test: each
    year's set is built once, on first use, under a lock (the package's own object expands years as it is read and
    is never shared), and kept in a dict that is only ever added to, with immutable values, so worker threads may
    read it freely. Every instance for a region shares that region's dict.
    """

    __slots__ = ("region", "_years")
    _lock = threading.Lock()
    _by_region: dict[str, dict[int, frozenset[dt.date]]] = {}

    def __init__(self, region: Region = Region.ENGLAND_AND_WALES) -> None:
        self.region = Region(region)
        self._years = BankHolidays._by_region.setdefault(self.region.value, {})

    def __contains__(self, day: object) -> bool:
        try:
            return day in self._years[day.year]  # type: ignore[attr-defined]
        except KeyError:
            return day in self.in_year(day.year)  # type: ignore[attr-defined]

    def in_year(self, year: int) -> frozenset[dt.date]:
        """The year's bank holidays that fall on a weekday (building and keeping them the first time)."""
        found = self._years.get(year)
        if found is None:
            with self._lock:
                found = self._years.get(year)
                if found is None:
                    found = self._years[year] = _weekday_holidays(self.region, year)
        return found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BankHolidays) and other.region is self.region

    def __hash__(self) -> int:
        return hash((BankHolidays, self.region.value))

    def __repr__(self) -> str:
        return f"BankHolidays(Region.{self.region.name})"


EW_BANK_HOLIDAYS = BankHolidays(Region.ENGLAND_AND_WALES)
"""England & Wales bank holidays: the default everywhere below. Pass `BankHolidays(Region.SCOTLAND)` (or any
container of dates) as `holidays` for another region."""


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


def is_working_day(day: dt.date, holidays: Container[dt.date] = EW_BANK_HOLIDAYS) -> bool:
    """True on Monday to Friday unless the day is a holiday.

    With the bank holidays, a weekday outside `COVERED_YEARS` is refused rather
    than silently treated as holiday-free.
    """
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: dt.date,
                     holidays: Container[dt.date] = EW_BANK_HOLIDAYS) -> dt.date:
    """The day itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def add_working_days(received: dt.date, days: int,
                     holidays: Container[dt.date] = EW_BANK_HOLIDAYS) -> dt.date:
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
              holidays: Container[dt.date] = EW_BANK_HOLIDAYS) -> dt.date:
    """`received` plus 7 * weeks calendar days, optionally moved to the next working day."""
    if weeks < 0:
        raise UsageError(f"A number of weeks cannot be negative ({weeks}).")
    deadline = received + dt.timedelta(weeks=weeks)
    return next_working_day(deadline, holidays) if roll_forward else deadline


def deadline_for(policy: Policy, received: dt.date,
                 holidays: Container[dt.date] = EW_BANK_HOLIDAYS) -> dt.date:
    """The due date a policy sets for a complaint received on `received`."""
    if policy.unit is Unit.WORKING_DAYS:
        return add_working_days(received, policy.amount, holidays)
    return add_weeks(received, policy.amount, policy.roll_forward, holidays)


def working_days_between(start: dt.date, end: dt.date,
                         holidays: Container[dt.date] = EW_BANK_HOLIDAYS) -> int:
    """Working days in (start, end]; negative (those in (end, start]) when end is before start."""
    if end < start:
        return -working_days_between(end, start, holidays)
    # By arithmetic rather than a day at a time: a countdown for an old open complaint spans 1,000+ days, and the log,
    # trends and imports work out tens of thousands of them. The weekdays come from whole weeks (5 in every 7) plus
    # the rest, less the weekday holidays in the range.
    listed = _weekday_holidays_listed(start, end, holidays)
    if listed is None:
        days = (start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1))
        return sum(1 for day in days if is_working_day(day, holidays))
    return _weekdays_in(start.toordinal() + 1, end.toordinal()) - sum(1 for day in listed if start < day <= end)


def _weekday_holidays_listed(start: dt.date, end: dt.date, holidays: Container[dt.date]) -> list[dt.date] | None:
    """Weekday holidays, at least all of those in (start, end]; None when they cannot be listed (walk instead)."""
    if type(start) is not dt.date or type(end) is not dt.date:
        return None  # stepping from a datetime counts whole 24 hours and meets no holiday date: keep that as it was
    if isinstance(holidays, BankHolidays):
        # Only years with a weekday in the range are asked for, so an uncovered year is refused just when walking
        # would have refused it.
        first, last = start.toordinal() + 1, end.toordinal()
        return [day for year in range(start.year, end.year + 1)
                if _weekdays_in(max(first, dt.date(year, 1, 1).toordinal()),
                                min(last, dt.date(year, 12, 31).toordinal()))
                for day in holidays.in_year(year)]
    if isinstance(holidays, (set, frozenset)):  # a datetime, or anything else not a date, never equals a day
        return [day for day in holidays
                if isinstance(day, dt.date) and not isinstance(day, dt.datetime) and day.weekday() < 5]
    return None  # any other container can only be asked about one day at a time


def _weekdays_up_to(ordinal: int) -> int:
    """Days Monday to Friday from ordinal 1 (Monday 1 January of year 1) up to and including `ordinal`."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _weekdays_in(first: int, last: int) -> int:
    """Days Monday to Friday among the ordinals first..last (0 when last is before first)."""
    return max(0, _weekdays_up_to(last) - _weekdays_up_to(first - 1))


def countdown(deadline: dt.date, today: dt.date, done_on: dt.date | None = None,
              holidays: Container[dt.date] = EW_BANK_HOLIDAYS) -> Countdown:
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
