"""Complaint deadlines: bank holidays from the holidays package, known dates, regions, countdowns and properties."""

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa_tui.domain import working_days
from qa_tui.domain.working_days import (
    ACKNOWLEDGEMENT,
    COVERED_YEARS,
    EW_BANK_HOLIDAYS,
    FINAL_RESPONSE,
    BankHolidays,
    Policy,
    Region,
    Status,
    Unit,
    add_weeks,
    add_working_days,
    countdown,
    deadline_for,
    is_working_day,
    next_working_day,
    working_days_between,
)
from qa_tui.errors import UsageError

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def _weekday_holidays_of(years: range) -> frozenset:
    return frozenset().union(*(EW_BANK_HOLIDAYS.in_year(year) for year in years))


def _easter(year: int) -> dt.date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return D(year, month, day + 1)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=-day.weekday() % 7)


def _rule_based_holidays(year: int) -> set[dt.date]:
    """England & Wales rules: weekend New Year, Christmas and Boxing Day move to weekdays."""
    easter = _easter(year)
    christmas, boxing = D(year, 12, 25), D(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday Christmas: both days move to Mon/Tue 27-28
        christmas, boxing = D(year, 12, 27), D(year, 12, 28)
    elif christmas.weekday() == 6:  # Sunday Christmas: Boxing Day stays Monday 26, Christmas moves to Tuesday 27
        christmas = D(year, 12, 27)
    elif boxing.weekday() == 5:  # Friday Christmas: Boxing Day moves to Monday 28
        boxing = D(year, 12, 28)
    return {
        _monday_on_or_after(D(year, 1, 1)) if D(year, 1, 1).weekday() >= 5 else D(year, 1, 1),
        easter - 2 * ONE_DAY, easter + ONE_DAY,
        _monday_on_or_after(D(year, 5, 1)),
        _monday_on_or_after(D(year, 5, 25)), _monday_on_or_after(D(year, 8, 25)),
        christmas, boxing,
    }


# One-off changes by proclamation: (days removed, days added).
ONE_OFF = {
    2020: ({D(2020, 5, 4)}, {D(2020, 5, 8)}),  # VE Day 75
    2022: ({D(2022, 5, 30)}, {D(2022, 6, 2), D(2022, 6, 3), D(2022, 9, 19)}),  # Jubilee; the Queen's funeral
    2023: (set(), {D(2023, 5, 8)}),  # the Coronation
}


def _published(year: int) -> set[dt.date]:
    removed, added = ONE_OFF.get(year, (set(), set()))
    return (_rule_based_holidays(year) - removed) | added


def test_the_package_agrees_with_the_published_dates_2020_2030():
    # The rules and one-off changes above are the hand-written table this project shipped before the package.
    expected = set().union(*(_published(y) for y in range(2020, 2031)))
    assert _weekday_holidays_of(range(2020, 2031)) == expected
    assert BankHolidays(Region.ENGLAND_AND_WALES) == EW_BANK_HOLIDAYS


@pytest.mark.parametrize("day, holiday", [
    (D(2020, 5, 8), True), (D(2020, 5, 4), False),   # early May moved to Friday for VE Day 75
    (D(2022, 6, 2), True), (D(2022, 6, 3), True), (D(2022, 5, 30), False),  # the Platinum Jubilee
    (D(2022, 9, 19), True),                          # the state funeral of Queen Elizabeth II
    (D(2023, 5, 8), True),                           # the Coronation
    (D(2026, 12, 28), True), (D(2026, 12, 26), False),  # Boxing Day on a Saturday: Monday instead
    (D(2027, 12, 27), True), (D(2027, 12, 28), True),   # Christmas at a weekend
    (D(2028, 1, 3), True), (D(2028, 1, 1), False),
    (D(2031, 1, 1), True), (D(2032, 12, 27), True), (D(2032, 12, 28), True), (D(2045, 8, 28), True),
])
def test_known_bank_holidays(day, holiday):
    assert (day in EW_BANK_HOLIDAYS) is holiday
    assert is_working_day(day) is (not holiday and day.weekday() < 5)


def test_deadlines_run_past_2030():
    assert add_working_days(D(2030, 12, 28), 5) == D(2031, 1, 6)  # 1 January 2031 skipped
    assert add_working_days(D(2045, 12, 22), 1) == D(2045, 12, 27)  # Christmas and Boxing Day 2045
    assert working_days_between(D(2030, 12, 24), D(2031, 1, 2)) == 4  # 27, 30, 31 December and 2 January
    assert countdown(D(2031, 1, 3), D(2030, 12, 30)) == countdown(D(2031, 1, 3), D(2030, 12, 30))
    assert countdown(D(2031, 1, 3), D(2030, 12, 30)).working_days_remaining == 3


def test_other_regions():
    scotland, northern_ireland = BankHolidays(Region.SCOTLAND), BankHolidays(Region.NORTHERN_IRELAND)
    assert {D(2026, 1, 2), D(2026, 8, 3), D(2026, 11, 30)} <= scotland.in_year(2026)  # 2 January, August, St Andrew
    assert D(2026, 4, 6) not in scotland and D(2026, 8, 31) not in scotland  # no Easter Monday nor late August
    assert {D(2026, 3, 17), D(2026, 7, 13), D(2026, 4, 6)} <= northern_ireland.in_year(2026)  # St Patrick, the Boyne
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)
    assert add_working_days(D(2025, 12, 31), 1, holidays=scotland) == D(2026, 1, 5)
    assert add_working_days(D(2026, 3, 16), 1, holidays=northern_ireland) == D(2026, 3, 18)
    assert BankHolidays("SCT") == scotland and repr(scotland) == "BankHolidays(Region.SCOTLAND)"


def test_each_year_is_built_once_however_many_threads_ask(monkeypatch):
    built, real = [], working_days._weekday_holidays

    def slow(region, year):
        built.append((region, year))
        time.sleep(0.01)  # widen the window in which an unguarded cache would build a year twice
        return real(region, year)

    monkeypatch.setattr(working_days, "_weekday_holidays", slow)
    monkeypatch.setattr(BankHolidays, "_by_region", {})
    start, barrier = D(2040, 1, 1), threading.Barrier(8)

    def work(_):
        barrier.wait()
        holidays = BankHolidays(Region.NORTHERN_IRELAND)
        return [add_working_days(start + dt.timedelta(days=i), 10, holidays) for i in range(0, 1500, 7)]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert all(r == results[0] for r in results)
    assert sorted(built) == [(Region.NORTHERN_IRELAND, y) for y in range(2040, 2045)]


def test_custom_holidays_and_uncovered_years():
    assert add_working_days(D(2030, 1, 1), 1, holidays=frozenset()) == D(2030, 1, 2)
    assert add_working_days(D(2025, 3, 3), 1, holidays={D(2025, 3, 4)}) == D(2025, 3, 5)
    assert add_working_days(D(2150, 12, 24), 1, holidays=frozenset()) == D(2150, 12, 25)
    assert COVERED_YEARS.start <= 1950 and COVERED_YEARS.stop > 2099
    last, first = COVERED_YEARS.stop - 1, COVERED_YEARS.start
    with pytest.raises(UsageError, match=f"known for {first}-{last} only; pass your own holidays for dates in {last + 1}"):
        add_working_days(D(last, 12, 29), 5)
    with pytest.raises(UsageError, match=f"dates in {first - 1}"):
        is_working_day(D(first - 1, 6, 1))


@pytest.mark.parametrize("received, days, due", [
    (D(2024, 12, 23), 3, D(2024, 12, 30)),  # Christmas and Boxing Day skipped
    (D(2025, 4, 17), 1, D(2025, 4, 22)),    # Good Friday, weekend, Easter Monday
    (D(2025, 3, 1), 1, D(2025, 3, 3)),      # received Saturday: due Monday
    (D(2025, 3, 3), 3, D(2025, 3, 6)),      # Monday + 3 = Thursday
    (D(2025, 3, 7), 3, D(2025, 3, 12)),     # Friday + 3 = Wednesday
    (D(2025, 3, 1), 0, D(2025, 3, 3)),      # zero days from a Saturday: next working day
])
def test_add_working_days_known_dates(received, days, due):
    assert add_working_days(received, days) == due


def test_policies_acknowledgement_and_eight_weeks():
    assert deadline_for(ACKNOWLEDGEMENT, D(2025, 12, 23)) == D(2025, 12, 30)
    assert deadline_for(FINAL_RESPONSE, D(2025, 3, 1)) == D(2025, 4, 26)  # a Saturday
    rolled = Policy("final response, next working day", 8, Unit.WEEKS, roll_forward=True)
    assert deadline_for(rolled, D(2025, 3, 1)) == D(2025, 4, 28)


def test_countdown_states():
    due = D(2025, 3, 6)  # Thursday
    assert countdown(due, D(2025, 3, 3)) == countdown(due, D(2025, 3, 3))
    assert countdown(due, D(2025, 3, 3)).working_days_remaining == 3
    assert countdown(due, D(2025, 3, 3)).status is Status.ON_TRACK
    assert countdown(due, due).status is Status.DUE_TODAY
    late = countdown(due, D(2025, 3, 10))  # Fri 7 and Mon 10 are overdue working days
    assert (late.working_days_remaining, late.status) == (-2, Status.BREACHED)
    assert countdown(due, D(2025, 3, 10), done_on=D(2025, 3, 5)).status is Status.MET
    assert countdown(due, D(2025, 3, 4), done_on=D(2025, 3, 7)).status is Status.BREACHED


def test_breach_on_a_weekend_deadline_is_at_least_one_day_late():
    late = countdown(D(2025, 4, 26), D(2025, 4, 27))  # Saturday deadline seen on Sunday
    assert (late.working_days_remaining, late.status) == (-1, Status.BREACHED)


@pytest.mark.parametrize("call, message", [
    (lambda: add_working_days(D(2025, 1, 6), -1), "cannot be negative"),
    (lambda: add_weeks(D(2025, 1, 6), -2), "cannot be negative"),
])
def test_bad_input_is_refused_in_one_sentence(call, message):
    with pytest.raises(UsageError, match=message):
        call()


dates = st.dates(D(2024, 1, 1), D(2027, 12, 31))
counts = st.integers(0, 120)


@settings(max_examples=150, deadline=None)
@given(dates, counts)
def test_result_is_a_working_day_after_received(received, days):
    due = add_working_days(received, days)
    assert is_working_day(due) and due >= received
    if days > 0 or is_working_day(received):
        assert working_days_between(received, due) == days
    else:  # zero days from a non-working day lands on the next working day
        assert working_days_between(received, due) == 1


@settings(max_examples=150, deadline=None)
@given(dates, st.integers(1, 120))
def test_matches_numpy_business_day_offset(received, days):
    holidays = sorted(_weekday_holidays_of(range(2024, 2029)))
    expected = np.busday_offset(received, days, roll="backward", holidays=holidays)
    assert add_working_days(received, days) == expected.astype(object)


@settings(max_examples=100, deadline=None)
@given(dates, counts)
def test_monotone_in_days(received, days):
    later = add_working_days(received, days + 1)
    assert later >= add_working_days(received, days)
    if days > 0 or is_working_day(received):  # from a holiday, 0 and 1 days coincide
        assert later > add_working_days(received, days)


@settings(max_examples=100, deadline=None)
@given(dates, dates)
def test_between_is_antisymmetric(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(0, 12), st.booleans())
def test_weeks_are_calendar_time(received, weeks, roll):
    due = add_weeks(received, weeks, roll_forward=roll)
    if roll:
        assert due == next_working_day(received + dt.timedelta(weeks=weeks))
    else:
        assert (due - received).days == 7 * weeks


@settings(max_examples=100, deadline=None)
@given(dates, dates)
def test_countdown_sign_tracks_breach(deadline, today):
    seen = countdown(deadline, today)
    assert (seen.status is Status.BREACHED) == (today > deadline)
    assert (seen.working_days_remaining < 0) == (today > deadline)


# working_days_between counts by arithmetic; these check it against the definition, walked a day at a time.
def _walked(start: dt.date, end: dt.date, holidays) -> int:
    """Working days in (start, end], one day at a time; negative when end is before start."""
    low, high = min(start, end), max(start, end)
    days = (low + i * ONE_DAY for i in range(1, (high - low).days + 1))
    count = sum(1 for day in days if day.weekday() < 5 and day not in holidays)
    return -count if end < start else count


def _outcome(call):
    try:
        return call()
    except UsageError as refused:
        return str(refused)


_tricky_days = sorted(_weekday_holidays_of(range(2019, 2033))
                      | {D(y, 1, 1) for y in range(2019, 2034)} | {D(y, 12, 31) for y in range(2019, 2033)})
near_dates = st.one_of(st.dates(D(2019, 1, 1), D(2032, 12, 31)),  # weekends and bank holidays in both ends below
                       st.builds(lambda day, shift: day + shift * ONE_DAY, st.sampled_from(_tricky_days),
                                 st.integers(-3, 3)))
date_pairs = st.one_of(st.tuples(near_dates, near_dates),  # up to 14 years apart, either way round
                       st.builds(lambda day, gap: (day, day + gap * ONE_DAY), near_dates, st.integers(-20, 20)))


class _OnlyContains:
    """A container that can only answer `in`: the count falls back to walking it."""

    def __init__(self, days):
        self.days = frozenset(days)

    def __contains__(self, day):
        return day in self.days


@settings(max_examples=400, deadline=None)
@given(date_pairs)
def test_between_matches_the_walk_with_bank_holidays(pair):
    start, end = pair
    for region in Region:
        holidays = BankHolidays(region)
        assert working_days_between(start, end, holidays) == _walked(start, end, holidays)
    assert working_days_between(start, end) == _walked(start, end, EW_BANK_HOLIDAYS)


@settings(max_examples=300, deadline=None)
@given(date_pairs, st.frozensets(near_dates, max_size=40), st.sampled_from([frozenset, set, _OnlyContains]))
def test_between_matches_the_walk_with_custom_holidays(pair, days, kind):
    start, end = pair
    holidays = kind(days | {dt.datetime(2026, 12, 25), "2026-12-24"})  # never equal to a date: not holidays
    assert working_days_between(start, end, holidays) == _walked(start, end, days)


edge_dates = st.one_of(st.dates(D(COVERED_YEARS.stop - 2, 11, 1), D(COVERED_YEARS.stop + 1, 2, 1)),
                       st.dates(D(COVERED_YEARS.start - 2, 11, 1), D(COVERED_YEARS.start + 1, 2, 1)))


@settings(max_examples=200, deadline=None)
@given(edge_dates, edge_dates)
def test_between_refuses_uncovered_years_just_as_the_walk(start, end):
    # Only a weekday in an uncovered year is refused: 1 January 2101 is a Saturday, so Friday 31 December 2100 to
    # Sunday 2 January 2101 is 0 working days, and the first weekday after it refuses the count.
    assert _outcome(lambda: working_days_between(start, end)) == _outcome(lambda: _walked(start, end, EW_BANK_HOLIDAYS))


@settings(max_examples=200, deadline=None)
@given(date_pairs, st.one_of(st.none(), near_dates))
def test_countdown_matches_the_walk(pair, done_on):
    deadline, today = pair
    seen_on = today if done_on is None else done_on
    expected = _walked(seen_on, deadline, EW_BANK_HOLIDAYS)
    assert countdown(deadline, today, done_on).working_days_remaining == (min(expected, -1) if seen_on > deadline
                                                                           else expected)


def test_between_known_spans_and_datetimes(monkeypatch):
    import qa_tui.domain.working_days as working_days

    assert countdown(D(2026, 3, 5), D(2031, 1, 6)).working_days_remaining == -1222  # an old open complaint
    # The package's years as 0.109 has them, whatever a later release adds (1 January 2101 is a Saturday).
    monkeypatch.setattr(working_days, "COVERED_YEARS", range(1872, 2101))
    assert working_days_between(D(2100, 12, 31), D(2101, 1, 2)) == 0
    with pytest.raises(UsageError, match="dates in 2101"):
        working_days_between(D(2100, 12, 31), D(2101, 1, 3))
    # Datetimes are still walked in whole days from the start's time, as before (and match no holiday date).
    start, end = dt.datetime(2026, 12, 24, 12), dt.datetime(2026, 12, 29, 11)
    assert working_days_between(start, end) == _walked(start, end, EW_BANK_HOLIDAYS) == 2
