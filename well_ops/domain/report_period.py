"""The report period of a daily drilling report and the clock times of its time log. Pure.

A DDR covers one tour day: 06:00 on the report date to 06:00 the next day (IADC tour sheets run 6 am to 6 am;
DRILLING.md). Time-log lines are typed as clock times "HH:MM" within that period:

- a start time at or after 06:00 is on the report date, a start time before 06:00 is on the next morning;
- an end time of "06:00" closes the period (06:00 next day); "24:00" is midnight at the end of the report date;
- so "22:00"-"02:00" is a valid 4 h line, "05:00"-"07:00" runs past the period and is refused.

Times are stored as timezone-aware UTC datetimes: the clock typed is taken as UTC.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

PERIOD_START = time(6, 0)
PERIOD_MINUTES = 24 * 60
_START_MIN = PERIOD_START.hour * 60 + PERIOD_START.minute
_HHMM = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")


def clock_minutes(text: str) -> int | None:
    """Minutes after midnight of an "HH:MM" clock time (0-1440, "24:00" -> 1440); None when not a clock time."""
    match = _HHMM.match(str(text or ""))
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


def period_offset_min(clock_min: int, *, is_end: bool) -> int:
    """Minutes from the period start (06:00) to a clock time; an end at 06:00 is the period's end (1440)."""
    offset = (clock_min - _START_MIN) % PERIOD_MINUTES
    return PERIOD_MINUTES if is_end and offset == 0 else offset


def period_start(report_date: date) -> datetime:
    """The start of the report period (06:00 UTC on the report date)."""
    return datetime.combine(report_date, PERIOD_START, tzinfo=timezone.utc)


def at_offset(report_date: date, offset_min: int) -> datetime:
    """The UTC datetime ``offset_min`` minutes into the report period."""
    return period_start(report_date) + timedelta(minutes=offset_min)


def clock_text(report_date: date, moment: datetime) -> str:
    """The "HH:MM" clock time of ``moment`` as typed in the report (UTC)."""
    offset = int(round((moment - period_start(report_date)).total_seconds() / 60))
    minutes = (_START_MIN + offset) % PERIOD_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def interval_errors(intervals: list[tuple[int, int]]) -> dict[int, str]:
    """Problems of time-log lines given as (start, end) minutes from the period start, by 0-based line index.

    Each line must end after it starts and inside the period (at most 24 h); lines must not overlap. The total
    therefore never exceeds 24 h (checked too, in case the rules above change).
    """
    errors: dict[int, str] = {}
    for i, (start, end) in enumerate(intervals):
        if not 0 <= start < PERIOD_MINUTES or end > PERIOD_MINUTES:
            errors[i] = f"must lie within the report period ({PERIOD_START:%H:%M} to {PERIOD_START:%H:%M} next day)"
        elif end <= start:
            errors[i] = (f"ends before it starts, or runs past the end of the report period "
                         f"({PERIOD_START:%H:%M} next day)")
    reach: tuple[int, int] | None = None  # (end, index) of the line reaching furthest so far
    for start, end, i in sorted((s, e, i) for i, (s, e) in enumerate(intervals) if i not in errors):
        if reach is not None and start < reach[0]:
            first, second = sorted((reach[1], i))
            errors.setdefault(second, f"overlaps line {first + 1}")
        if reach is None or end > reach[0]:
            reach = (end, i)
    if not errors and sum(e - s for s, e in intervals) > PERIOD_MINUTES:
        errors[len(intervals) - 1] = "the time log covers more than 24 h"
    return errors
