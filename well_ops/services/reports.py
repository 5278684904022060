"""Daily drilling reports: list (paginated), read, create, update, delete, copy the previous day; the well's
history for its charts lives in ``report_history`` (re-exported here).

A report is saved whole: header and every child list are replaced in one transaction. The service computes
``report_number`` and ``distance_drilled_m`` from the well's previous report and keeps the well's depth (and spud
date, when empty) in step with its reports.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import col, func, select

from well_ops.domain import kpis
from well_ops.domain.iadc import activity_label
from well_ops.domain.report_period import clock_text
from well_ops.models.base import utcnow
from well_ops.models.drilling import Rig, Well
from well_ops.models.reports import CasingSet, CostLine, DailyReport, FormationTop, MudCheck, TimeLogLine
from well_ops.models.schemas_reports import (
    CostLineIn,
    DailyReportIn,
    DailyReportRead,
    DailyReportSummary,
    ReportPage,
    TimeLogLineRead,
)
from well_ops.services.context import Context, use_case
from well_ops.services.errors import NotFound, ValidationFailed
from well_ops.services.report_history import HistoryPoint, WellHistory, well_history  # noqa: F401 (the API)
from well_ops.services.report_rules import _check_lines, _check_sequence, _parse_report, _time_log_datetimes, _well_for
from well_ops.services.report_writes import _drop_children, _resequence, _write_children

MAX_PAGE = 1000
_HEADER = ("report_date", "depth_md_m", "depth_tvd_m", "sidetrack", "mud_type", "mud_density_sg", "summary_24h",
           "forecast_24h", "safety_notes", "incidents", "personnel_on_board")


def _int(value: Any, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed({field: f"expected a whole number, got {value!r}"}) from None


def _get_row(ctx: Context, report_id: Any) -> DailyReport:
    try:
        key = int(report_id)
    except (TypeError, ValueError):
        raise NotFound(f"Daily report {report_id!r} does not exist.") from None
    row = ctx.session.get(DailyReport, key)
    if row is None:
        raise NotFound(f"Daily report {key} does not exist.")
    return row


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600.0


def _summary(row: DailyReport, well_name: str, currency: str, rig_name: str | None) -> DailyReportSummary:
    """Header and totals; the totals are stored on the report when it is saved (see ``report_writes``)."""
    return DailyReportSummary.model_validate(row, from_attributes=True, update={
        "well_name": well_name, "currency": currency, "rig_name": rig_name or "", "daily_cost": row.cost_amount,
        "rop_m_per_h": kpis.on_bottom_rop_m_per_h(row.distance_drilled_m, row.drilling_hours)})


@use_case("report.read")
def list_reports(ctx: Context, well_id: int | None = None, limit: int = 200, offset: int = 0) -> ReportPage:
    """One page of reports (newest first), optionally of one well, with their totals; never every row."""
    limit = min(max(_int(limit, "limit"), 1), MAX_PAGE)
    offset = max(_int(offset, "offset"), 0)
    where = [] if well_id in (None, "") else [DailyReport.well_id == _int(well_id, "well_id")]
    total = ctx.session.exec(select(func.count()).select_from(DailyReport).where(*where)).one()
    rows = ctx.session.exec(
        select(DailyReport, Well.name, Well.currency, Rig.name)
        .join(Well, col(Well.id) == DailyReport.well_id).outerjoin(Rig, col(Rig.id) == DailyReport.rig_id)
        .where(*where).order_by(col(DailyReport.report_date).desc(), col(DailyReport.id).desc())
        .limit(limit).offset(offset)).all()
    items = [_summary(r, name, cur, rig) for r, name, cur, rig in rows]
    return ReportPage(items=items, total=int(total), limit=limit, offset=offset)


def _line_read(row: DailyReport, line: TimeLogLine) -> TimeLogLineRead:
    return TimeLogLineRead.model_validate(line, from_attributes=True, update={
        "start_time": clock_text(row.report_date, line.start_at), "end_time": clock_text(row.report_date, line.end_at),
        "duration_h": _hours(line.start_at, line.end_at), "activity_label": activity_label(line.activity_code)})


def _children(ctx: Context, model: Any, report_id: int) -> list[Any]:
    return list(ctx.session.exec(select(model).where(model.report_id == report_id).order_by(col(model.id))))


def _read(ctx: Context, row: DailyReport) -> DailyReportRead:
    assert row.id is not None
    well = ctx.session.get(Well, row.well_id)
    rig = ctx.session.get(Rig, row.rig_id) if row.rig_id else None
    lines = sorted(_children(ctx, TimeLogLine, row.id), key=lambda ln: (ln.start_at, ln.line_no))
    summary = _summary(row, well.name if well else "", well.currency if well else "USD", rig.name if rig else "")
    muds = [m.model_dump() | {"check_time": clock_text(row.report_date, m.checked_at) if m.checked_at else None}
            for m in _children(ctx, MudCheck, row.id)]
    return DailyReportRead.model_validate(summary.model_dump() | {
        "time_log": [_line_read(row, ln) for ln in lines],
        "cost_lines": [c.model_dump() for c in _children(ctx, CostLine, row.id)],
        "mud_checks": muds, "casing_set": [c.model_dump() for c in _children(ctx, CasingSet, row.id)],
        "formation_tops": [t.model_dump() for t in _children(ctx, FormationTop, row.id)]})


@use_case("report.read")
def get_report(ctx: Context, report_id: int) -> DailyReportRead:
    """One report with its lines and totals."""
    return _read(ctx, _get_row(ctx, report_id))


def _save(ctx: Context, data: Any, row: DailyReport | None) -> DailyReportRead:
    payload = _parse_report(data)
    well = _well_for(ctx, payload)
    if row is not None and row.well_id != payload.well_id:
        raise ValidationFailed({"well_id": "A report cannot move to another well: delete it and create it there."})
    _check_sequence(ctx, payload, well, row.id if row is not None else None)
    times = _time_log_datetimes(payload)
    _check_lines(payload, well.currency)
    changed = {payload.report_date}
    if row is None:
        row = DailyReport(well_id=payload.well_id, report_date=payload.report_date, created_by_id=ctx.actor.user_id)
    else:
        changed.add(row.report_date)
        _drop_children(ctx, row)
        row.updated_at = utcnow()
    for name in _HEADER:
        setattr(row, name, getattr(payload, name))
    row.rig_id = payload.rig_id if payload.rig_id is not None else well.rig_id
    _write_children(ctx, row, payload, times, well)
    _resequence(ctx, well, changed)
    return _read(ctx, row)


@use_case("report.write")
def create_report(ctx: Context, data: DailyReportIn | dict[str, Any]) -> DailyReportRead:
    """Create a report with its lines (all-or-nothing); numbers, distance and the well's depth follow."""
    return _save(ctx, data, None)


@use_case("report.write")
def update_report(ctx: Context, report_id: int, data: DailyReportIn | dict[str, Any]) -> DailyReportRead:
    """Replace a report and all its lines (all-or-nothing)."""
    return _save(ctx, data, _get_row(ctx, report_id))


@use_case("report.delete")
def delete_report(ctx: Context, report_id: int) -> None:
    """Delete a report with its lines; the later reports of the well are renumbered."""
    row = _get_row(ctx, report_id)
    well = ctx.session.get(Well, row.well_id)
    day = row.report_date
    _drop_children(ctx, row)
    ctx.session.delete(row)
    ctx.session.flush()
    if well is not None:
        _resequence(ctx, well, {day})


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationFailed({"report_date": "use a date YYYY-MM-DD"}) from None


@use_case("report.write")
def copy_previous_day(ctx: Context, well_id: int, report_date: date | str) -> DailyReportIn:
    """A new report (not saved) pre-filled from the well's latest earlier report: depth, mud, rig, people on
    board and cost lines; the previous forecast becomes the starting text of the new 24 h summary (the plan)."""
    well = ctx.session.get(Well, _int(well_id, "well_id"))
    if well is None:
        raise NotFound(f"Well {well_id!r} does not exist.")
    day = _as_date(report_date)
    prev = ctx.session.exec(select(DailyReport).where(DailyReport.well_id == well.id, DailyReport.report_date < day)
                            .order_by(col(DailyReport.report_date).desc()).limit(1)).first()
    if prev is None or prev.id is None:
        raise NotFound(f"{well.name} has no report before {day:%Y-%m-%d} to copy from.")
    costs = [CostLineIn(category=c.category, description=c.description, amount=c.amount, currency=c.currency)
             for c in _children(ctx, CostLine, prev.id)]
    return DailyReportIn(
        well_id=well.id or 0, rig_id=prev.rig_id, report_date=day, depth_md_m=prev.depth_md_m,
        depth_tvd_m=prev.depth_tvd_m, mud_type=prev.mud_type, mud_density_sg=prev.mud_density_sg,
        summary_24h=prev.forecast_24h, personnel_on_board=prev.personnel_on_board, cost_lines=costs)
