"""A well's history from its daily reports, for the well page charts (time-depth actual, cost vs AFE, NPT
breakdown). Three queries whatever the number of reports: the well, its reports (with their stored daily cost),
their time-log lines."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import col, select

from well_ops.domain import kpis
from well_ops.models.drilling import Well
from well_ops.models.reports import DailyReport, TimeLogLine
from well_ops.services.context import Context, use_case
from well_ops.services.errors import NotFound


@dataclass(frozen=True)
class HistoryPoint:
    """One report date of the well."""

    report_id: int
    report_date: date
    report_number: int
    depth_md_m: float
    distance_drilled_m: float
    days_from_spud: float | None  # at the END of the report period (06:00 next day): the spud-day report is day 1
    daily_cost: float
    cumulative_cost: float
    reported_hours: float
    drilling_hours: float
    npt_hours: float
    npt_by_activity: dict[str, float] = field(default_factory=dict)  # NPT hours per activity code


@dataclass(frozen=True)
class WellHistory:
    well_id: int
    well_name: str
    spud_date: date | None
    target_depth_md_m: float | None
    afe_amount: float
    currency: str
    points: list[HistoryPoint]
    total_cost: float
    reported_hours: float
    drilling_hours: float
    npt_hours: float
    npt_pct: float | None
    npt_days: float
    npt_by_activity: dict[str, float]  # over the whole well, for the NPT breakdown chart
    rop_m_per_h: float | None  # on-bottom ROP over the well: distance drilled / drilling hours


def _load(ctx: Context, well_id: int) -> tuple[list[Any], dict[int, list[kpis.TimeLogEntry]]]:
    """The well's reports (with their stored daily cost) and their time-log lines as KPI entries."""
    reports = list(ctx.session.exec(
        select(DailyReport.id, DailyReport.report_date, DailyReport.report_number,  # type: ignore[call-overload]
               DailyReport.depth_md_m, DailyReport.distance_drilled_m, DailyReport.cost_amount)
        .where(DailyReport.well_id == well_id).order_by(col(DailyReport.report_date))))
    lines: dict[int, list[kpis.TimeLogEntry]] = defaultdict(list)
    for rid, start, end, code, cls, productive, failed in ctx.session.exec(
            select(TimeLogLine.report_id, TimeLogLine.start_at, TimeLogLine.end_at,  # type: ignore[call-overload]
                   TimeLogLine.activity_code, TimeLogLine.activity_class, TimeLogLine.productive, TimeLogLine.failed)
            .join(DailyReport, col(DailyReport.id) == TimeLogLine.report_id)
            .where(DailyReport.well_id == well_id)):
        lines[rid].append(kpis.TimeLogEntry((end - start).total_seconds() / 3600.0, code,
                                            str(getattr(cls, "value", cls)), bool(productive), bool(failed)))
    return reports, lines


@use_case("report.read")
def well_history(ctx: Context, well_id: int) -> WellHistory:
    """Per report date: depth, days from spud, daily and cumulative cost, drilling and NPT hours (by activity)."""
    try:
        well = ctx.session.get(Well, int(well_id))
    except (TypeError, ValueError):
        well = None
    if well is None or well.id is None:
        raise NotFound(f"Well {well_id!r} does not exist.")
    reports, lines = _load(ctx, well.id)
    points: list[HistoryPoint] = []
    cumulative = 0.0
    for rid, day, number, depth, distance, cost in reports:
        entries = lines.get(rid, [])
        npt = kpis.npt_summary(entries)
        cumulative += cost
        points.append(HistoryPoint(
            rid, day, number, depth, distance, kpis.days_from_spud(well.spud_date, day + timedelta(days=1)),
            cost, cumulative, npt.reported_hours, kpis.drilling_hours(entries), npt.npt_hours,
            npt.by_activity))
    everything = [e for rid, *_ in reports for e in lines.get(rid, [])]
    total = kpis.npt_summary(everything)
    drilling = kpis.drilling_hours(everything)
    return WellHistory(
        well.id, well.name, well.spud_date, well.target_depth_md_m, well.afe_amount, well.currency, points,
        cumulative, total.reported_hours, drilling, total.npt_hours, total.npt_pct, total.npt_days,
        total.by_activity, kpis.on_bottom_rop_m_per_h(sum(p.distance_drilled_m for p in points), drilling))
