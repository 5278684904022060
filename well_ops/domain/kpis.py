"""Drilling KPIs: ROP, NPT, days ahead/behind, progress, budget. Pure functions (stdlib only).

Source of every definition: /work/shared/domain/DRILLING.md ("KPI definitions"), which follows the IADC daily
drilling report (tour sheet) and WITSML 1.4.1.1 ``drillReport`` activity fields. Explained with worked examples in
docs/drilling.md. Units: depths in m (MD), durations in h, time since spud in days, percentages 0-100.

A plan is a sequence of ``(day, depth_md_m)`` points: days since spud and planned measured depth.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from well_ops.domain.iadc import normalize_code

Plan = Sequence[tuple[float, float]]

# Activity codes that mean "bit on bottom making new hole" (compared trimmed and case-insensitively).
# IADC "2" Drill actual; WITSML 1.4.1.1 "drilling -- new hole" and "drilling -- drill" (the latter is what
# operators' drillReports such as Volve use). Not included: "drilling -- drill out" (cement / shoe track),
# reaming (IADC 3, "drilling -- ream"), coring (IADC 4): they are not new-hole drilling time.
DRILLING_CODES: frozenset[str] = frozenset({"2", "drilling -- new hole", "drilling -- drill"})

# WITSML typeActivityClass values that are non-productive time.
NPT_CLASSES: frozenset[str] = frozenset({"unplanned", "downtime"})


@dataclass(frozen=True)
class TimeLogEntry:
    """One time-log line of a daily drilling report."""

    hours: float            # duration of the line
    activity_code: str      # IADC code "1".."23", "A".."E", or WITSML "parent -- child"
    activity_class: str     # planned / unplanned / downtime / unknown
    productive: bool = True
    failed: bool = False


@dataclass(frozen=True)
class NptSummary:
    """Non-productive time over a set of time-log lines."""

    npt_hours: float
    reported_hours: float
    npt_pct: float | None    # None when no hours reported
    npt_days: float          # npt_hours / 24
    by_activity: dict[str, float]   # NPT hours per activity code (for the NPT breakdown chart)


def _squash(text: str | None) -> str:
    """Trimmed, single-spaced, case-folded text ("" for None)."""
    return " ".join(str(text or "").split()).casefold()


def is_drilling_code(code: str) -> bool:
    """True when ``code`` is on-bottom drilling: IADC "2" (Drill actual), WITSML "drilling -- new hole" or
    "drilling -- drill" (trimmed, case-insensitive; see ``DRILLING_CODES``). Source: DRILLING.md / IADC."""
    return _squash(code) in DRILLING_CODES


def drilling_hours(lines: Iterable[TimeLogEntry]) -> float:
    """On-bottom hours [h] = sum of ``hours`` of productive lines with a drilling code (``is_drilling_code``).

    The class and the ``failed`` flag do not matter here: the bit was on bottom making the distance drilled.
    Source: DRILLING.md (on-bottom ROP denominator), IADC code 2 "Drill actual"."""
    return sum(line.hours for line in lines if line.productive and is_drilling_code(line.activity_code))


def on_bottom_rop_m_per_h(distance_m: float, drilling_hours: float) -> float | None:
    """On-bottom ROP [m/h] = distance drilled [m] / drilling (on-bottom) hours [h]; None when hours <= 0.

    Source: DRILLING.md. Not the same number as daily progress (see ``daily_progress_m_per_day``)."""
    if not drilling_hours > 0:
        return None
    return distance_m / drilling_hours


def daily_progress_m_per_day(distance_m: float, reported_hours: float = 24.0) -> float | None:
    """Daily progress [m/day] = distance drilled [m] / reported hours [h] * 24; None when hours <= 0.

    Source: DRILLING.md ("distance / 24 h ... never labelled ROP"). This is NOT ROP."""
    if not reported_hours > 0:
        return None
    return distance_m / reported_hours * 24.0


def _is_npt(line: TimeLogEntry) -> bool:
    return _squash(line.activity_class) in NPT_CLASSES or not line.productive or line.failed


def npt_summary(lines: Iterable[TimeLogEntry]) -> NptSummary:
    """NPT [h] = sum of ``hours`` of lines whose class is unplanned or downtime, or not productive, or failed.

    reported [h] = sum of all ``hours``; %NPT = NPT / reported * 100 (None when reported <= 0);
    NPT days = NPT [h] / 24. ``by_activity`` keys are the activity codes (IADC codes canonicalised, "a" -> "A").
    Source: DRILLING.md (KPI definitions), WITSML typeActivityClass."""
    npt = reported = 0.0
    by_activity: dict[str, float] = {}
    for line in lines:
        reported += line.hours
        if _is_npt(line):
            npt += line.hours
            code = normalize_code(line.activity_code) or " ".join(str(line.activity_code or "").split())
            by_activity[code] = by_activity.get(code, 0.0) + line.hours
    pct = npt / reported * 100.0 if reported > 0 else None
    return NptSummary(npt_hours=npt, reported_hours=reported, npt_pct=pct, npt_days=npt / 24.0,
                      by_activity=by_activity)


def _clean_plan(plan: Plan) -> list[tuple[float, float]]:
    """Plan points sorted by day; a repeated day keeps its first point (in the given order)."""
    out: list[tuple[float, float]] = []
    seen: set[float] = set()
    for day, depth in sorted(((float(d), float(m)) for d, m in plan), key=lambda p: p[0]):
        if day not in seen:
            seen.add(day)
            out.append((day, depth))
    return out


def _lerp(x: float, x0: float, y0: float, x1: float, y1: float) -> float:
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def planned_depth_at_day(plan: Plan, day: float) -> float | None:
    """Planned MD [m] at ``day`` [days since spud]: linear interpolation between plan points.

    Before the first point -> the first depth; after the last -> the last depth; empty plan -> None.
    Source: DRILLING.md (planned time-depth curve)."""
    pts = _clean_plan(plan)
    if not pts or day is None or math.isnan(day):
        return None
    days = [p[0] for p in pts]
    i = bisect.bisect_right(days, day)
    if i == 0:
        return pts[0][1]
    if i == len(pts):
        return pts[-1][1]
    (d0, m0), (d1, m1) = pts[i - 1], pts[i]
    return _lerp(day, d0, m0, d1, m1)


def planned_days_to_depth(plan: Plan, depth_m: float) -> float | None:
    """t_plan(D) [days since spud]: the EARLIEST day the planned curve reaches MD ``depth_m`` [m].

    Linear interpolation of the inverse curve; where the plan is flat at D the earliest day of the flat segment is
    taken. D shallower than or equal to the first point's depth -> the first point's day. D deeper than the plan's
    deepest point -> None (the plan never reaches it). Empty plan -> None. Source: DRILLING.md (days ahead/behind)."""
    pts = _clean_plan(plan)
    if not pts or depth_m is None or math.isnan(depth_m):
        return None
    if depth_m <= pts[0][1]:
        return pts[0][0]
    for (d0, m0), (d1, m1) in pairwise(pts):
        if m0 < depth_m <= m1:
            return _lerp(depth_m, m0, d0, m1, d1)
    return None


def days_ahead(plan: Plan, depth_m: float | None, days_since_spud: float | None) -> float | None:
    """Days ahead [days] = t_plan(D) - actual days from spud; positive = ahead, negative = behind.

    None when the plan is empty, D is deeper than the plan or either input is missing. Source: DRILLING.md."""
    if depth_m is None or days_since_spud is None:
        return None
    t_plan = planned_days_to_depth(plan, depth_m)
    return None if t_plan is None else t_plan - days_since_spud


def depth_ahead_m(plan: Plan, depth_m: float | None, days_since_spud: float | None) -> float | None:
    """Depth ahead [m] = actual MD - planned MD for today (``planned_depth_at_day``); positive = ahead.

    None when the plan is empty or either input is missing. Source: DRILLING.md."""
    if depth_m is None or days_since_spud is None:
        return None
    planned = planned_depth_at_day(plan, days_since_spud)
    return None if planned is None else depth_m - planned


def days_from_spud(spud: date | None, today: date) -> float | None:
    """Days from spud [days] = today - spud date (spud day = 0); None without a spud date or before spud.

    Two datetimes give fractional days; a datetime mixed with a date is compared by its date.
    Source: DRILLING.md (days since the bit broke ground; not days on location)."""
    if spud is None or today is None:
        return None
    if isinstance(spud, datetime) and isinstance(today, datetime):
        days = (today - spud).total_seconds() / 86400.0
    else:
        s = spud.date() if isinstance(spud, datetime) else spud
        t = today.date() if isinstance(today, datetime) else today
        days = float((t - s).days)
    return None if days < 0 else days


def progress_by_depth_pct(current_md_m: float | None, target_md_m: float | None) -> float | None:
    """Progress by depth [%] = current MD / target MD * 100, clamped to 0..100; None if target missing or <= 0
    or current MD missing. Source: DRILLING.md (progress, spud to completion)."""
    if current_md_m is None or target_md_m is None or not target_md_m > 0:
        return None
    return min(100.0, max(0.0, current_md_m / target_md_m * 100.0))


def progress_by_time_pct(days_elapsed: float | None, planned_days: float | None) -> float | None:
    """Progress by time [%] = days elapsed / planned days * 100; never negative, MAY exceed 100 (well is late).

    None if either is missing or planned days <= 0. Source: DRILLING.md (progress, spud to completion)."""
    if days_elapsed is None or planned_days is None or not planned_days > 0:
        return None
    return max(0.0, days_elapsed / planned_days * 100.0)


def budget_consumed_pct(cost: float, afe: float, supplements: float = 0.0) -> float | None:
    """Budget consumed [%] = cumulative daily cost / (approved AFE + approved supplements) * 100 (same currency).

    None when the denominator is <= 0 (nothing approved). Source: DRILLING.md (budget)."""
    budget = afe + supplements
    if not budget > 0:
        return None
    return cost / budget * 100.0


def budget_overrun(cost: float, afe: float, supplements: float = 0.0) -> bool:
    """Overrun alert: cumulative cost > approved AFE + approved supplements (so any spend with nothing approved
    is an overrun; spending exactly the budget is not). Source: DRILLING.md ("alert on overrun")."""
    return cost > afe + supplements


def schedule_status(days_ahead_value: float | None, threshold_days: float) -> str:
    """"behind" when days ahead < -threshold, "ahead" when > +threshold, else "on_plan" [days];
    "unknown" when days ahead is missing. The threshold is used as |threshold|. Source: DRILLING.md."""
    if days_ahead_value is None or math.isnan(days_ahead_value):
        return "unknown"
    limit = abs(threshold_days)
    if days_ahead_value < -limit:
        return "behind"
    if days_ahead_value > limit:
        return "ahead"
    return "on_plan"
