"""Validation of daily drilling reports: input parsing with messages naming the field or the line, the time log,
and the rules that involve other rows (one report per well and date, depth never going backwards)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import col, select

from well_ops.domain.report_period import at_offset, clock_minutes, interval_errors, period_offset_min
from well_ops.models.drilling import Rig, Well
from well_ops.models.reports import DailyReport
from well_ops.models.schemas_reports import DailyReportIn
from well_ops.services.context import Context
from well_ops.services.errors import ValidationFailed

# How each child list is named in messages: "time log line 3", "cost line 1", ...
LIST_LABELS = {"time_log": "time log line", "cost_lines": "cost line", "mud_checks": "mud check",
               "casing_set": "casing", "formation_tops": "formation top"}
_EPS_M = 1e-6


def _parse_report(data: Any) -> DailyReportIn:
    """Validate a whole report; errors keyed by field name or by line ("time log line 2")."""
    if isinstance(data, DailyReportIn):
        data = data.model_dump()
    if not isinstance(data, dict):
        raise ValidationFailed("expected an object with named fields")
    try:
        return DailyReportIn.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(_field_errors(exc)) from None


def _field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        if len(loc) >= 2 and loc[0] in LIST_LABELS and isinstance(loc[1], int):
            key = f"{LIST_LABELS[str(loc[0])]} {loc[1] + 1}"
            msg = f"{str(loc[2]).replace('_', ' ')}: {msg}" if len(loc) > 2 else msg
        else:
            key = ".".join(str(p) for p in loc) or "__all__"
        errors[key] = f"{errors[key]}; {msg}" if key in errors else msg
    return errors


def _time_log_datetimes(payload: DailyReportIn) -> list[tuple[datetime, datetime]]:
    """The time log's (start_at, end_at) in UTC; refused when a line ends before it starts, leaves the report
    period (at most 24 h) or overlaps another line."""
    intervals: list[tuple[int, int]] = []
    for line in payload.time_log:
        start, end = clock_minutes(line.start_time), clock_minutes(line.end_time)
        assert start is not None and end is not None  # checked by the schema
        intervals.append((period_offset_min(start, is_end=False), period_offset_min(end, is_end=True)))
    problems = interval_errors(intervals)
    if problems:
        raise ValidationFailed({f"time log line {i + 1}": msg for i, msg in sorted(problems.items())})
    return [(at_offset(payload.report_date, s), at_offset(payload.report_date, e)) for s, e in intervals]


def _check_lines(payload: DailyReportIn, currency: str) -> None:
    """Depths of lines not below the report depth (unless sidetracked); cost lines in the well's AFE currency."""
    errors: dict[str, str] = {}
    deep = payload.depth_md_m + _EPS_M
    if not payload.sidetrack:
        for i, line in enumerate(payload.time_log, start=1):
            if line.depth_md_m is not None and line.depth_md_m > deep:
                errors[f"time log line {i}"] = f"depth {line.depth_md_m:g} m is below the report depth " \
                                                f"({payload.depth_md_m:g} m)"
        for i, cs in enumerate(payload.casing_set, start=1):
            if cs.shoe_md_m > deep:
                errors[f"casing {i}"] = f"shoe at {cs.shoe_md_m:g} m is below the report depth " \
                                        f"({payload.depth_md_m:g} m)"
        for i, top in enumerate(payload.formation_tops, start=1):
            if top.top_md_m > deep:
                errors[f"formation top {i}"] = f"top at {top.top_md_m:g} m is below the report depth " \
                                               f"({payload.depth_md_m:g} m)"
    for i, cost in enumerate(payload.cost_lines, start=1):
        if cost.currency not in (None, currency):
            errors[f"cost line {i}"] = f"currency must be the well's AFE currency ({currency})"
    if errors:
        raise ValidationFailed(errors)


def _well_for(ctx: Context, payload: DailyReportIn) -> Well:
    well = ctx.session.get(Well, payload.well_id)
    if well is None:
        raise ValidationFailed({"well_id": "Unknown well."})
    if payload.rig_id is not None and ctx.session.get(Rig, payload.rig_id) is None:
        raise ValidationFailed({"rig_id": "Unknown rig."})
    return well


def _neighbours(ctx: Context, well_id: int, day: date,
                exclude_id: int | None = None) -> tuple[DailyReport | None, DailyReport | None]:
    """The well's reports just before and just after ``day`` (ignoring the report being edited)."""
    base = select(DailyReport).where(DailyReport.well_id == well_id)
    if exclude_id is not None:
        base = base.where(col(DailyReport.id) != exclude_id)
    before = ctx.session.exec(base.where(DailyReport.report_date < day)
                              .order_by(col(DailyReport.report_date).desc()).limit(1)).first()
    after = ctx.session.exec(base.where(DailyReport.report_date > day)
                             .order_by(col(DailyReport.report_date)).limit(1)).first()
    return before, after


def _check_sequence(ctx: Context, payload: DailyReportIn, well: Well, exclude_id: int | None = None) -> None:
    """One report per well and date; depth does not go backwards between reports unless ``sidetrack`` is set."""
    with ctx.session.no_autoflush:
        clash = ctx.session.exec(select(DailyReport).where(DailyReport.well_id == well.id,
                                                           DailyReport.report_date == payload.report_date)).first()
        if clash is not None and clash.id != exclude_id:
            raise ValidationFailed({"report_date": (
                f"{well.name} already has a daily report for {payload.report_date:%Y-%m-%d} (report no. "
                f"{clash.report_number}); open that report to change it.")})
        before, after = _neighbours(ctx, well.id or 0, payload.report_date, exclude_id)
    depth = payload.depth_md_m
    if before is not None and not payload.sidetrack and depth < before.depth_md_m - _EPS_M:
        raise ValidationFailed({"depth_md_m": (
            f"{depth:g} m is shallower than the previous report ({before.report_date:%Y-%m-%d}: "
            f"{before.depth_md_m:g} m). Tick 'sidetrack' if the well was sidetracked.")})
    if after is not None and not after.sidetrack and depth > after.depth_md_m + _EPS_M:
        raise ValidationFailed({"depth_md_m": (
            f"{depth:g} m is deeper than the next report ({after.report_date:%Y-%m-%d}: {after.depth_md_m:g} m).")})
