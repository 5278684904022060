"""Writing a daily report's rows: its stored totals and child lines, then renumber the well's reports, recompute
their distance drilled and keep the well's depth and spud date in step (all inside the caller's unit of work)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.domain import kpis
from well_ops.domain.report_period import at_offset, clock_minutes, period_offset_min
from well_ops.models.base import utcnow
from well_ops.models.drilling import Well
from well_ops.models.reports import CasingSet, CostLine, DailyReport, FormationTop, MudCheck, TimeLogLine
from well_ops.models.schemas_reports import DailyReportIn
from well_ops.services.context import Context
from well_ops.services.errors import ValidationFailed

CHILD_MODELS = (TimeLogLine, CostLine, MudCheck, CasingSet, FormationTop)
_EPS = 1e-9


def _flush(ctx: Context, row: DailyReport, well: Well) -> None:
    """Flush, turning a database refusal into a message (a concurrent duplicate is named as such)."""
    try:
        ctx.session.flush()
    except sa.exc.IntegrityError as exc:
        text = str(exc.orig)
        if "uq_daily_reports_well_id_report_date" in text or "daily_reports.well_id, daily_reports.report_date" in text:
            raise ValidationFailed({"report_date": (
                f"{well.name} already has a daily report for {row.report_date:%Y-%m-%d}.")}) from None
        raise ValidationFailed(f"The report breaks a database rule: {text.splitlines()[0][:200]}") from None


def _drop_children(ctx: Context, row: DailyReport) -> None:
    """Delete every child line of the report through the ORM (so the audit trail records each one)."""
    for model in CHILD_MODELS:
        for child in ctx.session.exec(select(model).where(model.report_id == row.id)):
            ctx.session.delete(child)
    ctx.session.flush()


def _write_children(ctx: Context, row: DailyReport, payload: DailyReportIn,
                    times: list[tuple[datetime, datetime]], well: Well) -> None:
    """Save the report row and its lines; time-log lines are numbered in time order."""
    _set_totals(row, payload, times)
    ctx.session.add(row)
    _flush(ctx, row, well)
    rid = row.id
    assert rid is not None
    ordered = sorted(zip(payload.time_log, times, strict=True), key=lambda pair: pair[1][0])
    for n, (line, (start, end)) in enumerate(ordered, start=1):
        ctx.session.add(TimeLogLine(
            report_id=rid, line_no=n, start_at=start, end_at=end, depth_md_m=line.depth_md_m, phase=line.phase,
            activity_code=line.activity_code, activity_class=line.activity_class, productive=line.productive,
            failed=line.failed, comment=line.comment))
    for c in payload.cost_lines:
        ctx.session.add(CostLine(report_id=rid, category=c.category, description=c.description, amount=c.amount,
                                 currency=c.currency or well.currency))
    for m in payload.mud_checks:
        minutes = clock_minutes(m.check_time) if m.check_time else None
        checked = at_offset(payload.report_date, period_offset_min(minutes, is_end=False)) if minutes is not None \
            else None
        ctx.session.add(MudCheck(report_id=rid, checked_at=checked, depth_md_m=m.depth_md_m, mud_type=m.mud_type,
                                 density_sg=m.density_sg, viscosity_s=m.viscosity_s, notes=m.notes))
    for cs in payload.casing_set:
        ctx.session.add(CasingSet(report_id=rid, size_od_mm=cs.size_od_mm, shoe_md_m=cs.shoe_md_m,
                                  shoe_tvd_m=cs.shoe_tvd_m, description=cs.description))
    for top in payload.formation_tops:
        ctx.session.add(FormationTop(report_id=rid, formation_name=top.formation_name, top_md_m=top.top_md_m,
                                     top_tvd_m=top.top_tvd_m))
    _flush(ctx, row, well)


def _set_totals(row: DailyReport, payload: DailyReportIn, times: list[tuple[datetime, datetime]]) -> None:
    """The report's stored totals (read by the dashboards): reported, drilling and NPT hours, daily cost."""
    entries = [kpis.TimeLogEntry((end - start).total_seconds() / 3600.0, line.activity_code,
                                 line.activity_class.value, line.productive, line.failed)
               for line, (start, end) in zip(payload.time_log, times, strict=True)]
    npt = kpis.npt_summary(entries)
    row.reported_hours = npt.reported_hours
    row.drilling_hours = kpis.drilling_hours(entries)
    row.npt_hours = npt.npt_hours
    row.cost_amount = sum(c.amount for c in payload.cost_lines)


def _resequence(ctx: Context, well: Well, changed: set[date]) -> None:
    """Number the well's reports 1, 2, ... by date (previous + 1); recompute the distance drilled (depth minus the
    previous report's depth; 0 on a sidetrack) of the reports whose previous report changed, i.e. those at or just
    after a ``changed`` date (older reports keep theirs); keep the well's depth and spud date in step."""
    rows = list(ctx.session.exec(select(DailyReport).where(DailyReport.well_id == well.id)
                                 .order_by(col(DailyReport.report_date))))
    prev_depth, prev_date = 0.0, date.min
    for number, r in enumerate(rows, start=1):
        if r.report_number != number:
            r.report_number = number
        if any(prev_date <= d <= r.report_date for d in changed):
            distance = 0.0 if r.sidetrack else round(max(0.0, r.depth_md_m - prev_depth), 3)
            if abs(r.distance_drilled_m - distance) > _EPS:
                r.distance_drilled_m = distance
        prev_depth, prev_date = r.depth_md_m, r.report_date
    _follow_reports(well, rows)
    ctx.session.flush()


def _follow_reports(well: Well, rows: list[DailyReport]) -> None:
    """The well's measured depth / TVD = the latest report's; spud date = the first report with depth, if empty."""
    if not rows:
        return
    latest = rows[-1]
    changed = False
    if abs(well.measured_depth_m - latest.depth_md_m) > _EPS:
        well.measured_depth_m, changed = latest.depth_md_m, True
    if latest.depth_tvd_m is not None and abs(well.tvd_m - latest.depth_tvd_m) > _EPS:
        well.tvd_m, changed = latest.depth_tvd_m, True
    if well.spud_date is None:
        first = next((r for r in rows if r.depth_md_m > 0), None)
        later = [d for d in (well.completion_date, well.production_start_date) if d is not None]
        if first is not None and all(first.report_date <= d for d in later):
            well.spud_date, changed = first.report_date, True
    if changed:
        well.updated_at = utcnow()
