"""Calendar grids: the days a month or week view shows (weeks start on Monday, ISO 8601)."""

from __future__ import annotations

from datetime import date, timedelta


def week_days(anchor: date) -> list[date]:
    """The seven days, Monday to Sunday, of the week holding ``anchor``."""
    start = anchor - timedelta(days=anchor.weekday())
    return [start + timedelta(days=i) for i in range(7)]


def month_days(anchor: date) -> list[date]:
    """Whole weeks (Monday to Sunday) covering the month of ``anchor``: 28 to 42 days."""
    first = anchor.replace(day=1)
    last = add_months(first, 1) - timedelta(days=1)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day of month clamped to the target month's length (Jan 31 + 1 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def view_days(view: str, anchor: date) -> list[date]:
    """The days of a ``"month"`` or ``"week"`` view."""
    return week_days(anchor) if view == "week" else month_days(anchor)


def step(view: str, anchor: date, steps: int) -> date:
    """The anchor of the previous (``steps`` < 0) or next view."""
    return anchor + timedelta(weeks=steps) if view == "week" else add_months(anchor, steps)
