"""Calendar grids: whole Monday-to-Sunday weeks, month arithmetic clamped to the month's length."""

from __future__ import annotations

from datetime import date

import pytest

from well_ops.domain.calendar_grid import add_months, month_days, step, view_days, week_days


def test_week_runs_monday_to_sunday() -> None:
    days = week_days(date(2026, 3, 5))  # a Thursday
    assert days[0] == date(2026, 3, 2) and days[-1] == date(2026, 3, 8) and len(days) == 7


@pytest.mark.parametrize(("anchor", "first", "last", "count"), [
    (date(2026, 3, 15), date(2026, 2, 23), date(2026, 4, 5), 42),  # March 2026 starts on a Sunday
    (date(2021, 2, 10), date(2021, 2, 1), date(2021, 2, 28), 28),  # February 2021: exactly four weeks
    (date(2026, 12, 31), date(2026, 11, 30), date(2027, 1, 3), 35),
])
def test_month_covers_whole_weeks(anchor: date, first: date, last: date, count: int) -> None:
    days = month_days(anchor)
    assert (days[0], days[-1], len(days)) == (first, last, count)
    assert days[0].weekday() == 0 and days[-1].weekday() == 6
    assert all(b.toordinal() - a.toordinal() == 1 for a, b in zip(days, days[1:], strict=False))


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)), (date(2026, 1, 15), -1, date(2025, 12, 15)),
    (date(2026, 3, 31), -13, date(2025, 2, 28)),
])
def test_add_months_clamps_the_day(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_views_and_steps() -> None:
    anchor = date(2026, 3, 15)
    assert view_days("week", anchor) == week_days(anchor)
    assert view_days("month", anchor) == month_days(anchor)
    assert step("week", anchor, -1) == date(2026, 3, 8)
    assert step("month", anchor, 2) == date(2026, 5, 15)
