"""Drilling KPIs (well_ops/domain/kpis.py) against hand-computed examples from DRILLING.md's definitions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from well_ops.domain.kpis import (
    NptSummary,
    TimeLogEntry,
    budget_consumed_pct,
    budget_overrun,
    daily_progress_m_per_day,
    days_ahead,
    days_from_spud,
    depth_ahead_m,
    drilling_hours,
    is_drilling_code,
    npt_summary,
    on_bottom_rop_m_per_h,
    planned_days_to_depth,
    planned_depth_at_day,
    progress_by_depth_pct,
    progress_by_time_pct,
    schedule_status,
)

# Plan: drill to 1000 m in 10 days, flat 10 -> 15 (casing), then 1000 -> 2000 m in 10 days.
PLAN = [(0.0, 0.0), (10.0, 1000.0), (15.0, 1000.0), (25.0, 2000.0)]


# --- time-depth plan ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "expected"), [
    (5.0, 500.0),     # 0 + (1000 - 0) * (5 - 0) / (10 - 0) = 500
    (10.0, 1000.0),   # on a plan point
    (12.0, 1000.0),   # flat segment 10..15 at 1000 m
    (20.0, 1500.0),   # 1000 + (2000 - 1000) * (20 - 15) / (25 - 15) = 1500
    (22.5, 1750.0),   # 1000 + 1000 * 7.5 / 10 = 1750
    (-1.0, 0.0),      # before the first point -> first depth
    (30.0, 2000.0),   # after the last point -> last depth
])
def test_planned_depth_at_day_interpolates(day: float, expected: float) -> None:
    assert planned_depth_at_day(PLAN, day) == pytest.approx(expected)


def test_planned_depth_without_plan_is_none() -> None:
    assert planned_depth_at_day([], 5.0) is None


def test_plan_is_sorted_and_a_repeated_day_keeps_its_first_point() -> None:
    messy = [(25.0, 2000.0), (0.0, 0.0), (10.0, 1000.0), (10.0, 5000.0), (15.0, 1000.0)]
    assert planned_depth_at_day(messy, 10.0) == pytest.approx(1000.0)  # (10, 5000) ignored: (10, 1000) came first
    assert planned_depth_at_day(messy, 20.0) == pytest.approx(1500.0)  # same as PLAN
    assert planned_days_to_depth(messy, 1500.0) == pytest.approx(20.0)


@pytest.mark.parametrize(("depth", "expected"), [
    (500.0, 5.0),      # 0 + (10 - 0) * (500 - 0) / (1000 - 0) = 5
    (1000.0, 10.0),    # flat at 1000 m from day 10 to 15: the EARLIEST day, 10 (not 15)
    (1500.0, 20.0),    # 15 + (25 - 15) * (1500 - 1000) / (2000 - 1000) = 20
    (2000.0, 25.0),    # the deepest point itself
    (0.0, 0.0),        # the first point
    (-10.0, 0.0),      # shallower than the first point -> first day
])
def test_planned_days_to_depth_inverts_the_plan(depth: float, expected: float) -> None:
    assert planned_days_to_depth(PLAN, depth) == pytest.approx(expected)


def test_planned_days_to_depth_beyond_plan_or_without_plan_is_none() -> None:
    assert planned_days_to_depth(PLAN, 2000.5) is None   # deeper than the deepest planned point (2000 m)
    assert planned_days_to_depth([], 100.0) is None


def test_days_ahead_and_depth_ahead() -> None:
    # at 1500 m on day 18: t_plan(1500) = 20 -> 20 - 18 = +2 days (ahead)
    assert days_ahead(PLAN, 1500.0, 18.0) == pytest.approx(2.0)
    # at 1000 m on day 14: t_plan(1000) = 10 (earliest day of the flat) -> 10 - 14 = -4 days (behind)
    assert days_ahead(PLAN, 1000.0, 14.0) == pytest.approx(-4.0)
    # planned depth on day 18 = 1000 + 1000 * (18 - 15) / 10 = 1300 -> 1500 - 1300 = +200 m
    assert depth_ahead_m(PLAN, 1500.0, 18.0) == pytest.approx(200.0)
    # planned depth on day 14 = 1000 (flat) -> 1000 - 1000 = 0 m
    assert depth_ahead_m(PLAN, 1000.0, 14.0) == pytest.approx(0.0)
    # planned depth on day 40 = 2000 (after the last point) -> 2100 - 2000 = +100 m
    assert depth_ahead_m(PLAN, 2100.0, 40.0) == pytest.approx(100.0)


def test_days_ahead_is_none_beyond_plan_without_plan_or_without_data() -> None:
    assert days_ahead(PLAN, 2100.0, 30.0) is None
    assert days_ahead([], 100.0, 3.0) is None
    assert days_ahead(PLAN, 100.0, None) is None
    assert depth_ahead_m([], 100.0, 3.0) is None
    assert depth_ahead_m(PLAN, None, 3.0) is None


# --- time log: drilling hours, ROP, NPT -------------------------------------------------------------------------

DAY = [
    TimeLogEntry(10.0, "2", "planned"),                                # drilling
    TimeLogEntry(4.0, "6", "planned"),                                 # trips, productive
    TimeLogEntry(3.0, "8", "downtime"),                                # NPT by class (flag still productive)
    TimeLogEntry(2.0, "wait -- weather", "unplanned"),                 # NPT by class
    TimeLogEntry(1.5, "5", "planned", productive=False),               # NPT: not productive
    TimeLogEntry(2.5, "drilling -- new hole", "planned", failed=True),  # NPT: failed (still on-bottom time)
    TimeLogEntry(1.0, " DRILLING --  drill ", "unknown"),              # drilling; class unknown is not NPT
]


def test_drilling_codes() -> None:
    for code in ("2", " 2 ", "drilling -- new hole", "DRILLING -- NEW HOLE", "drilling --  drill"):
        assert is_drilling_code(code), code
    for code in ("3", "4", "20", "12", "drilling -- drill out", "drilling -- ream", "wait -- weather", ""):
        assert not is_drilling_code(code), code


def test_drilling_hours_and_rop() -> None:
    # on-bottom hours = 10 ("2") + 2.5 ("drilling -- new hole", productive) + 1 ("drilling -- drill") = 13.5 h
    assert drilling_hours(DAY) == pytest.approx(13.5)
    # 270 m drilled / 13.5 h = 20 m/h
    assert on_bottom_rop_m_per_h(270.0, drilling_hours(DAY)) == pytest.approx(20.0)
    # daily progress is a different number: 270 m / 24 h * 24 = 270 m/day
    assert daily_progress_m_per_day(270.0) == pytest.approx(270.0)
    # a 12 h report: 90 m / 12 h * 24 = 180 m/day
    assert daily_progress_m_per_day(90.0, 12.0) == pytest.approx(180.0)


def test_unproductive_drilling_line_is_not_on_bottom_time() -> None:
    assert drilling_hours([TimeLogEntry(5.0, "2", "unplanned", productive=False)]) == 0.0


def test_no_reports_or_no_drilling_hours_give_no_rop() -> None:
    assert drilling_hours([]) == 0.0
    assert on_bottom_rop_m_per_h(100.0, 0.0) is None
    assert on_bottom_rop_m_per_h(100.0, -1.0) is None
    assert daily_progress_m_per_day(100.0, 0.0) is None


def test_npt_by_class_productive_and_failed() -> None:
    s = npt_summary(DAY)
    assert isinstance(s, NptSummary)
    # reported = 10 + 4 + 3 + 2 + 1.5 + 2.5 + 1 = 24 h
    assert s.reported_hours == pytest.approx(24.0)
    # NPT = 3 (downtime) + 2 (unplanned) + 1.5 (not productive) + 2.5 (failed) = 9 h
    assert s.npt_hours == pytest.approx(9.0)
    assert s.npt_pct == pytest.approx(37.5)    # 9 / 24 * 100 = 37.5 %
    assert s.npt_days == pytest.approx(0.375)  # 9 / 24 = 0.375 days
    assert s.by_activity == pytest.approx({"8": 3.0, "wait -- weather": 2.0, "5": 1.5, "drilling -- new hole": 2.5})


def test_npt_over_several_days_and_code_keys() -> None:
    lines = [TimeLogEntry(24.0, "2", "planned"), TimeLogEntry(30.0, "8", "Downtime"),
             TimeLogEntry(6.0, "a", "unplanned"), TimeLogEntry(12.0, "8", "unplanned")]
    s = npt_summary(lines)
    assert s.npt_hours == pytest.approx(48.0)  # 30 + 6 + 12 = 48 h (class is case-insensitive)
    assert s.npt_days == pytest.approx(2.0)    # 48 / 24 = 2 days
    assert s.npt_pct == pytest.approx(66.6667, rel=1e-5)  # 48 / (24 + 30 + 6 + 12 = 72) * 100 = 66.67 %
    assert s.by_activity == pytest.approx({"8": 42.0, "A": 6.0})  # 30 + 12 = 42 on "8"; "a" canonicalised to "A"


def test_npt_without_reports() -> None:
    s = npt_summary([])
    assert (s.npt_hours, s.reported_hours, s.npt_pct, s.npt_days, s.by_activity) == (0.0, 0.0, None, 0.0, {})


# --- spud, progress, budget, schedule -----------------------------------------------------------------------------

def test_days_from_spud() -> None:
    assert days_from_spud(date(2026, 3, 1), date(2026, 3, 11)) == pytest.approx(10.0)  # 11 - 1 = 10 days
    assert days_from_spud(date(2026, 3, 1), date(2026, 3, 1)) == pytest.approx(0.0)    # spud day = day 0
    assert days_from_spud(date(2026, 2, 20), date(2026, 3, 2)) == pytest.approx(10.0)  # 8 (to 28 Feb) + 2 = 10
    assert days_from_spud(date(2026, 3, 1), date(2026, 2, 28)) is None                 # before spud
    assert days_from_spud(None, date(2026, 3, 1)) is None                              # no spud yet
    # datetimes: 1 Mar 06:00 -> 2 Mar 18:00 = 36 h = 1.5 days
    assert days_from_spud(datetime(2026, 3, 1, 6, tzinfo=UTC),
                          datetime(2026, 3, 2, 18, tzinfo=UTC)) == pytest.approx(1.5)


def test_progress_by_depth_is_clamped() -> None:
    assert progress_by_depth_pct(1500.0, 2000.0) == pytest.approx(75.0)   # 1500 / 2000 * 100 = 75 %
    assert progress_by_depth_pct(2500.0, 2000.0) == pytest.approx(100.0)  # 125 % clamped to 100
    assert progress_by_depth_pct(-5.0, 2000.0) == pytest.approx(0.0)      # negative clamped to 0
    assert progress_by_depth_pct(1500.0, None) is None
    assert progress_by_depth_pct(1500.0, 0.0) is None
    assert progress_by_depth_pct(None, 2000.0) is None


def test_progress_by_time_may_exceed_100_but_not_go_negative() -> None:
    assert progress_by_time_pct(10.0, 25.0) == pytest.approx(40.0)   # 10 / 25 * 100 = 40 %
    assert progress_by_time_pct(30.0, 25.0) == pytest.approx(120.0)  # 30 / 25 * 100 = 120 % (late)
    assert progress_by_time_pct(-2.0, 25.0) == pytest.approx(0.0)
    assert progress_by_time_pct(5.0, 0.0) is None
    assert progress_by_time_pct(None, 25.0) is None
    assert progress_by_time_pct(5.0, None) is None


def test_budget_with_supplements() -> None:
    # 1.1 M spent / (1.0 M AFE + 0.2 M supplement) = 1.1 / 1.2 * 100 = 91.667 %: no overrun
    assert budget_consumed_pct(1_100_000, 1_000_000, 200_000) == pytest.approx(91.6667, rel=1e-5)
    assert budget_overrun(1_100_000, 1_000_000, 200_000) is False
    # without the supplement: 1.1 / 1.0 * 100 = 110 %: overrun
    assert budget_consumed_pct(1_100_000, 1_000_000) == pytest.approx(110.0)
    assert budget_overrun(1_100_000, 1_000_000) is True
    # spending exactly the budget is not an overrun: 1.2 / 1.2 = 100 %
    assert budget_consumed_pct(1_200_000, 1_000_000, 200_000) == pytest.approx(100.0)
    assert budget_overrun(1_200_000, 1_000_000, 200_000) is False


def test_budget_with_zero_afe() -> None:
    assert budget_consumed_pct(500.0, 0.0) is None
    assert budget_consumed_pct(0.0, 0.0, 0.0) is None
    assert budget_consumed_pct(250.0, 0.0, 500.0) == pytest.approx(50.0)  # 250 / (0 + 500) * 100 = 50 %
    assert budget_overrun(500.0, 0.0) is True    # spending with nothing approved
    assert budget_overrun(0.0, 0.0) is False


@pytest.mark.parametrize(("value", "expected"), [
    (-2.5, "behind"),   # -2.5 < -2
    (-2.0, "on_plan"),  # -2 is not < -2
    (0.0, "on_plan"),
    (2.0, "on_plan"),   # 2 is not > 2
    (2.1, "ahead"),     # 2.1 > 2
    (None, "unknown"),
])
def test_schedule_status_thresholds(value: float | None, expected: str) -> None:
    assert schedule_status(value, 2.0) == expected


def test_schedule_status_zero_threshold() -> None:
    assert schedule_status(-0.1, 0.0) == "behind"
    assert schedule_status(0.0, 0.0) == "on_plan"
    assert schedule_status(0.1, 0.0) == "ahead"
