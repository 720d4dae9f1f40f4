"""Complaint deadlines: shipped holidays, known dates, countdowns and properties."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa_tui.domain.working_days import (
    ACKNOWLEDGEMENT,
    COVERED_YEARS,
    EW_BANK_HOLIDAYS,
    FINAL_RESPONSE,
    Policy,
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


def test_shipped_holidays_follow_the_rules():
    expected = set().union(*(_published(y) for y in COVERED_YEARS))
    assert EW_BANK_HOLIDAYS == expected
    assert list(COVERED_YEARS) == list(range(2020, 2031))


def test_substitute_days_as_announced():
    assert D(2026, 12, 28) in EW_BANK_HOLIDAYS  # Boxing Day on a Saturday
    assert {D(2027, 12, 27), D(2027, 12, 28)} <= EW_BANK_HOLIDAYS  # Christmas at a weekend
    assert D(2028, 1, 3) in EW_BANK_HOLIDAYS and D(2028, 1, 1) not in EW_BANK_HOLIDAYS


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


def test_custom_holidays_and_uncovered_years():
    assert add_working_days(D(2030, 1, 1), 1, holidays=frozenset()) == D(2030, 1, 2)
    assert add_working_days(D(2025, 3, 3), 1, holidays={D(2025, 3, 4)}) == D(2025, 3, 5)
    with pytest.raises(UsageError, match="2020-2030 only"):
        add_working_days(D(2030, 12, 28), 5)


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
    holidays = sorted(EW_BANK_HOLIDAYS)
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
