"""Per-well drilling figures (depth, progress, days ahead, on-bottom ROP, cost vs AFE, NPT) and the time-depth
points, for any number of wells in a FIXED number of queries: aggregates are grouped per well in SQL, plan points
and report depths of all the wells are read in one query each. KPI arithmetic is ``domain/kpis.py``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import col, func, select

from well_ops.domain import kpis
from well_ops.models.base import utcnow
from well_ops.models.drilling import Well, WellPlanPoint
from well_ops.models.reports import CostLine, DailyReport, TimeLogLine
from well_ops.services.context import Context, use_case
from well_ops.services.errors import NotFound

Points = list[tuple[float, float]]


@dataclass(frozen=True)
class WellKpis:
    """One well's figures as of ``as_of`` (today, or the completion date of a completed well)."""

    well_id: int
    name: str
    status: str
    spud_date: date | None
    depth_md_m: float | None  # latest report's MD, else the well's recorded MD
    target_md_m: float | None
    planned_days: float | None
    days_from_spud: float | None
    progress_depth_pct: float | None
    progress_time_pct: float | None
    days_ahead: float | None  # positive = ahead of plan
    depth_ahead_m: float | None
    drilled_m: float
    drilling_hours: float
    rop_m_per_h: float | None  # on-bottom ROP over all the well's reports
    cost: float
    afe_amount: float
    budget_pct: float | None
    currency: str
    npt_hours: float
    reported_hours: float
    npt_pct: float | None
    npt_days: float
    report_count: int
    npt_by_activity: dict[str, float] = field(default_factory=dict)
    plan: Points = field(default_factory=list)  # (day since spud, planned MD m)
    actual: Points = field(default_factory=list)  # (day since spud at the report's end, reported MD m)


def _hours_expr(ctx: Context) -> Any:
    """Duration of a time-log line in hours, in the database's own date arithmetic."""
    if ctx.session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", col(TimeLogLine.end_at) - col(TimeLogLine.start_at)) / 3600.0
    return (func.julianday(TimeLogLine.end_at) - func.julianday(TimeLogLine.start_at)) * 24.0


def _costs(ctx: Context, ids: list[int]) -> dict[int, float]:
    rows = ctx.session.exec(select(DailyReport.well_id, func.sum(CostLine.amount))
                            .join(CostLine, col(CostLine.report_id) == DailyReport.id)
                            .where(col(DailyReport.well_id).in_(ids)).group_by(col(DailyReport.well_id)))
    return {w: float(total or 0.0) for w, total in rows}


def _time_log(ctx: Context, ids: list[int]) -> dict[int, list[kpis.TimeLogEntry]]:
    """Time-log hours per well, grouped by activity code, class and flags (one row per group, not per line)."""
    keys = (col(DailyReport.well_id), col(TimeLogLine.activity_code), col(TimeLogLine.activity_class),
            col(TimeLogLine.productive), col(TimeLogLine.failed))
    rows = ctx.session.exec(select(*keys, func.sum(_hours_expr(ctx)))  # type: ignore[call-overload]
                            .join(TimeLogLine, col(TimeLogLine.report_id) == DailyReport.id)
                            .where(col(DailyReport.well_id).in_(ids)).group_by(*keys))
    out: dict[int, list[kpis.TimeLogEntry]] = defaultdict(list)
    for well_id, code, cls, productive, failed, hours in rows:
        out[well_id].append(kpis.TimeLogEntry(float(hours or 0.0), str(code or ""), str(getattr(cls, "value", cls)),
                                              bool(productive), bool(failed)))
    return out


def _drilled(ctx: Context, ids: list[int]) -> dict[int, tuple[float, int]]:
    rows = ctx.session.exec(select(DailyReport.well_id, func.sum(DailyReport.distance_drilled_m),
                                   func.count(col(DailyReport.id)))
                            .where(col(DailyReport.well_id).in_(ids)).group_by(col(DailyReport.well_id)))
    return {w: (float(dist or 0.0), int(n or 0)) for w, dist, n in rows}


def _depths(ctx: Context, ids: list[int]) -> dict[int, list[tuple[date, float]]]:
    """(report date, MD) of every report of the wells, by date (the actual time-depth curve)."""
    rows = ctx.session.exec(select(col(DailyReport.well_id), col(DailyReport.report_date), col(DailyReport.depth_md_m))
                            .where(col(DailyReport.well_id).in_(ids))
                            .order_by(col(DailyReport.well_id), col(DailyReport.report_date)))
    out: dict[int, list[tuple[date, float]]] = defaultdict(list)
    for well_id, day, depth in rows:
        out[well_id].append((day, float(depth)))
    return out


def _plans(ctx: Context, ids: list[int]) -> dict[int, Points]:
    rows = ctx.session.exec(select(WellPlanPoint.well_id, WellPlanPoint.day, WellPlanPoint.depth_md_m)
                            .where(col(WellPlanPoint.well_id).in_(ids))
                            .order_by(col(WellPlanPoint.well_id), col(WellPlanPoint.day)))
    out: dict[int, Points] = defaultdict(list)
    for well_id, day, depth in rows:
        out[well_id].append((float(day), float(depth)))
    return out


def _as_of(well: Well, today: date) -> date:
    """A completed well's clock stops at its completion date."""
    return well.completion_date if well.completion_date and well.completion_date < today else today


def _actual_points(well: Well, reports: list[tuple[date, float]]) -> Points:
    """(days since spud, MD) at the END of each report period (06:00 next day), as in ``well_history``: the
    spud-day report is day 1, and day 0 is the spud itself."""
    points: Points = []
    for day, depth in reports:
        since = kpis.days_from_spud(well.spud_date, day + timedelta(days=1))
        if since is not None:
            points.append((since, depth))
    return points


def _figures(well: Well, today: date, plan: Points, reports: list[tuple[date, float]], cost: float,
             drilled: tuple[float, int], lines: list[kpis.TimeLogEntry]) -> WellKpis:
    assert well.id is not None
    depth = reports[-1][1] if reports else well.measured_depth_m
    since = kpis.days_from_spud(well.spud_date, _as_of(well, today))
    hours = kpis.drilling_hours(lines)
    npt = kpis.npt_summary(lines)
    return WellKpis(
        well_id=well.id, name=well.name, status=well.status.value, spud_date=well.spud_date, depth_md_m=depth,
        target_md_m=well.target_depth_md_m, planned_days=well.planned_days, days_from_spud=since,
        progress_depth_pct=kpis.progress_by_depth_pct(depth, well.target_depth_md_m),
        progress_time_pct=kpis.progress_by_time_pct(since, well.planned_days),
        days_ahead=kpis.days_ahead(plan, depth, since), depth_ahead_m=kpis.depth_ahead_m(plan, depth, since),
        drilled_m=drilled[0], drilling_hours=hours, rop_m_per_h=kpis.on_bottom_rop_m_per_h(drilled[0], hours),
        cost=cost, afe_amount=well.afe_amount, budget_pct=kpis.budget_consumed_pct(cost, well.afe_amount),
        currency=well.currency, npt_hours=npt.npt_hours, reported_hours=npt.reported_hours, npt_pct=npt.npt_pct,
        npt_days=npt.npt_days, report_count=drilled[1], npt_by_activity=dict(npt.by_activity), plan=plan,
        actual=_actual_points(well, reports),
    )


def _well_kpis(ctx: Context, wells: list[Well], today: date) -> dict[int, WellKpis]:
    """Figures of ``wells`` keyed by id: five queries whatever the number of wells."""
    ids = [w.id for w in wells if w.id is not None]
    costs, lines, drilled = _costs(ctx, ids), _time_log(ctx, ids), _drilled(ctx, ids)
    depths, plans = _depths(ctx, ids), _plans(ctx, ids)
    return {w.id: _figures(w, today, plans.get(w.id, []), depths.get(w.id, []), costs.get(w.id, 0.0),
                           drilled.get(w.id, (0.0, 0)), lines.get(w.id, []))
            for w in wells if w.id is not None}


@use_case("well.read")
def well_kpis(ctx: Context, well_id: int, today: date | None = None) -> WellKpis:
    """One well's drilling figures, plan and actual time-depth points."""
    try:
        well = ctx.session.get(Well, int(well_id))
    except (TypeError, ValueError):
        well = None
    if well is None:
        raise NotFound(f"Well {well_id!r} does not exist.")
    return _well_kpis(ctx, [well], today or utcnow().date())[well.id or 0]
