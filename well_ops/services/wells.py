"""Wells: metadata, target depth, planned time-depth curve."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from sqlmodel import col, delete, select

from well_ops.models.drilling import Campaign, Rig, Well, WellPlanPoint
from well_ops.models.schemas_drilling import WellCreate, WellRead, WellUpdate
from well_ops.services.context import Context, use_case
from well_ops.services.crud import Resource
from well_ops.services.errors import ValidationFailed

MAX_PLAN_CSV_CHARS = 1_000_000  # a plan is a few hundred bytes; the page refuses files over 1 MB too


def _names(ctx: Context) -> tuple[dict[int, str], dict[int, str]]:
    camps = {c.id: c.code for c in ctx.session.exec(select(Campaign)) if c.id is not None}
    rigs = {r.id: r.name for r in ctx.session.exec(select(Rig)) if r.id is not None}
    return camps, rigs


def _read_with(well: Well, camps: dict[int, str], rigs: dict[int, str]) -> WellRead:
    return WellRead.model_validate(well, from_attributes=True, update={
        "campaign_code": camps.get(well.campaign_id or 0, ""), "rig_name": rigs.get(well.rig_id or 0, "")})


def _read(ctx: Context, well: Well) -> WellRead:
    return _read_with(well, *_names(ctx))


def _check(ctx: Context, well: Well) -> None:
    if (well.latitude is None) != (well.longitude is None):
        raise ValidationFailed({"longitude": "Give both latitude and longitude, or neither."})
    if well.spud_date and well.completion_date and well.completion_date < well.spud_date:
        raise ValidationFailed({"completion_date": "Completion cannot be before spud."})
    if well.campaign_id is not None and ctx.session.get(Campaign, well.campaign_id) is None:
        raise ValidationFailed({"campaign_id": "Unknown campaign."})
    if well.rig_id is not None and ctx.session.get(Rig, well.rig_id) is None:
        raise ValidationFailed({"rig_id": "Unknown rig."})


WELLS: Resource[Well, WellRead] = Resource(Well, WellCreate, WellUpdate, _read, "Well", _check, unique_fields=("name",))


@use_case("well.read")
def list_wells(ctx: Context, campaign_id: int | None = None, rig_id: int | None = None) -> list[WellRead]:
    """Wells by name, optionally of one campaign or rig (names resolved in two queries, not per row)."""
    query = select(Well).order_by(col(Well.name))
    if campaign_id is not None:
        query = query.where(Well.campaign_id == int(campaign_id))
    if rig_id is not None:
        query = query.where(Well.rig_id == int(rig_id))
    camps, rigs = _names(ctx)
    return [_read_with(w, camps, rigs) for w in ctx.session.exec(query)]


@use_case("well.read")
def get_well(ctx: Context, well_id: int) -> WellRead:
    """One well."""
    return WELLS.read(ctx, well_id)


@use_case("well.write")
def create_well(ctx: Context, data: WellCreate | dict[str, Any]) -> WellRead:
    """Create a well."""
    return WELLS.create(ctx, data)


@use_case("well.write")
def update_well(ctx: Context, well_id: int, data: WellUpdate | dict[str, Any]) -> WellRead:
    """Edit a well."""
    return WELLS.update(ctx, well_id, data)


@use_case("well.delete")
def delete_well(ctx: Context, well_id: int) -> None:
    """Delete a well with its plan, reports and integrity data."""
    WELLS.delete(ctx, well_id)


@use_case("well.read")
def get_plan(ctx: Context, well_id: int) -> list[tuple[float, float]]:
    """The planned time-depth curve: (day, depth_md_m) points by day."""
    WELLS.get_row(ctx, well_id)
    rows = ctx.session.exec(select(WellPlanPoint).where(WellPlanPoint.well_id == int(well_id))
                            .order_by(col(WellPlanPoint.day)))
    return [(p.day, p.depth_md_m) for p in rows]


def _validate_plan(points: list[tuple[Any, Any]], lines: list[int] | None = None) -> list[tuple[float, float]]:
    """Numbers in range, unique days, depth never decreasing; errors name ``lines[i]`` (default: 1, 2, ...)."""
    clean: list[tuple[float, float]] = []
    for n, (day, depth) in enumerate(points):
        i = lines[n] if lines else n + 1
        try:
            d, z = float(day), float(depth)
        except (TypeError, ValueError):
            raise ValidationFailed({f"line {i}": f"day and depth must be numbers (got {day!r}, {depth!r})"}) from None
        if not (math.isfinite(d) and math.isfinite(z)) or d < 0 or z < 0 or z > 15000 or d > 2000:
            raise ValidationFailed({f"line {i}": "day must be 0-2000 and depth 0-15000 m"})
        clean.append((d, z))
    days = [d for d, _ in clean]
    if len(set(days)) != len(days):
        raise ValidationFailed({"plan": "each day may appear only once"})
    clean.sort()
    for (d0, z0), (d1, z1) in zip(clean, clean[1:], strict=False):
        if z1 < z0:
            raise ValidationFailed({"plan": f"planned depth goes back up between day {d0:g} and day {d1:g}"})
    return clean


@use_case("well.write")
def set_plan(ctx: Context, well_id: int, points: list[tuple[Any, Any]]) -> list[tuple[float, float]]:
    """Replace the planned time-depth curve (validated: numbers, unique days, depth never decreasing)."""
    WELLS.get_row(ctx, well_id)
    clean = _validate_plan(list(points))
    ctx.session.exec(delete(WellPlanPoint).where(col(WellPlanPoint.well_id) == int(well_id)))  # type: ignore[call-overload]
    for day, depth in clean:
        ctx.session.add(WellPlanPoint(well_id=int(well_id), day=day, depth_md_m=depth))
    ctx.session.flush()
    return clean


@use_case("well.write")
def import_plan_csv(ctx: Context, well_id: int, text: str) -> list[tuple[float, float]]:
    """Replace the plan from CSV text with columns day, depth_md_m (header required); all-or-nothing."""
    if not isinstance(text, str) or len(text) > MAX_PLAN_CSV_CHARS:
        raise ValidationFailed({"file": f"the plan CSV is larger than {MAX_PLAN_CSV_CHARS // 1000} kB"
                                if isinstance(text, str) else "give the CSV text"})
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        rows = [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        too_long = "field larger than field limit" in str(exc)
        raise ValidationFailed({f"line {reader.line_num}": "a cell is too long: not a plan CSV?" if too_long
                                else f"unreadable CSV ({exc})"}) from None
    header = [h.strip().lower() for h in rows[0][1]] if rows else []
    if "day" not in header or not ({"depth_md_m", "depth_m", "depth"} & set(header)):
        raise ValidationFailed({"file": "the first line must name the columns: day, depth_md_m"})
    di = header.index("day")
    zi = next(header.index(h) for h in ("depth_md_m", "depth_m", "depth") if h in header)
    points = [(row[di] if len(row) > di else None, row[zi] if len(row) > zi else None) for _, row in rows[1:]]
    if not points:
        raise ValidationFailed({"file": "no plan points found"})
    _validate_plan(points, lines=[line for line, _ in rows[1:]])  # line numbers as in the file
    return set_plan(ctx, well_id, points)
