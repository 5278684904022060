"""Cross-field and cross-row rules of the well architecture; each raises ValidationFailed naming the field.

Rules: top above bottom; ID < OD; TVD never deeper than MD; depths within the well's measured depth (when the well
has one, i.e. > 0); top of cement within its casing; strings nest (where two casings overlap in MD the smaller OD
must be smaller than the larger one's ID; tubing smaller than every casing it overlaps); a liner hangs below the
surface inside a casing covering its top.
"""

from __future__ import annotations

from typing import NoReturn

from sqlmodel import select

from well_ops.models.drilling import Well
from well_ops.models.integrity import (
    CasingKind,
    CasingString,
    CementInterval,
    CompletionElement,
    TubingString,
)
from well_ops.services.context import Context
from well_ops.services.errors import ValidationFailed

TOLERANCE_M = 0.01


def _fail(field: str, message: str) -> NoReturn:
    raise ValidationFailed({field: message})


def _top_bottom(top: float, bottom: float, field: str = "top_md_m") -> None:
    if top > bottom:
        _fail(field, f"must be above (shallower than) the bottom ({bottom:g} m)")


def _tvd_le_md(tvd: float | None, md: float | None, field: str) -> None:
    if tvd is not None and md is not None and tvd > md + TOLERANCE_M:
        _fail(field, f"cannot be deeper than the measured depth ({md:g} m): TVD <= MD")


def _within_well(well: Well, depth: float, field: str) -> None:
    if well.measured_depth_m and depth > well.measured_depth_m + TOLERANCE_M:
        _fail(field, f"is below the well's measured depth ({well.measured_depth_m:g} m)")


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> tuple[float, float] | None:
    top, bottom = max(a_top, b_top), min(a_bottom, b_bottom)
    return (top, bottom) if top < bottom else None


def _siblings(ctx: Context, well_id: int, own_id: int | None) -> list[CasingString]:
    return [c for c in ctx.session.exec(select(CasingString).where(CasingString.well_id == well_id))
            if c.id != own_id]


def _tubings(ctx: Context, well_id: int, own_id: int | None = None) -> list[TubingString]:
    return [t for t in ctx.session.exec(select(TubingString).where(TubingString.well_id == well_id))
            if t.id != own_id]


def _nest_casing(row: CasingString, other: CasingString) -> None:
    span = _overlap(row.top_md_m, row.bottom_md_m, other.top_md_m, other.bottom_md_m)
    if span is None:
        return
    where = f"where they overlap ({span[0]:g}-{span[1]:g} m MD)"
    if row.od_mm == other.od_mm:
        _fail("od_mm", f"same OD as {other.name!r} {where}: two strings cannot share the hole")
    if row.od_mm < other.od_mm and row.od_mm >= other.id_mm:
        _fail("od_mm", f"must be smaller than the ID of {other.name!r} ({other.id_mm:g} mm) {where}")
    if row.od_mm > other.od_mm and other.od_mm >= row.id_mm:
        _fail("id_mm", f"must be larger than the OD of {other.name!r} ({other.od_mm:g} mm) inside it {where}")


def _liner_parent(row: CasingString, others: list[CasingString]) -> None:
    if row.kind != CasingKind.liner:
        return
    if row.top_md_m <= 0:
        _fail("top_md_m", "a liner hangs below the surface: give the depth of its hanger")
    parents = [c for c in others if c.top_md_m <= row.top_md_m < c.bottom_md_m and c.id_mm > row.od_mm]
    if not parents:
        _fail("top_md_m", f"a liner must hang inside another casing: no casing with an ID above {row.od_mm:g} mm "
                          f"covers {row.top_md_m:g} m MD")


def _check_casing(ctx: Context, row: CasingString) -> None:
    well = ctx.session.get(Well, row.well_id)
    if row.id_mm >= row.od_mm:
        _fail("id_mm", f"must be smaller than the OD ({row.od_mm:g} mm)")
    _top_bottom(row.top_md_m, row.bottom_md_m)
    _tvd_le_md(row.top_tvd_m, row.top_md_m, "top_tvd_m")
    _tvd_le_md(row.bottom_tvd_m, row.bottom_md_m, "bottom_tvd_m")
    if well is not None:
        _within_well(well, row.bottom_md_m, "bottom_md_m")
    toc = row.top_of_cement_md_m
    if toc is not None and not row.top_md_m <= toc <= row.bottom_md_m:
        _fail("top_of_cement_md_m", f"must lie on the casing ({row.top_md_m:g}-{row.bottom_md_m:g} m MD)")
    _tvd_le_md(row.top_of_cement_tvd_m, toc, "top_of_cement_tvd_m")
    if row.top_of_cement_tvd_m is not None and row.top_of_cement_tvd_m > row.bottom_tvd_m + TOLERANCE_M:
        _fail("top_of_cement_tvd_m", f"cannot be below the shoe ({row.bottom_tvd_m:g} m TVD)")
    others = _siblings(ctx, row.well_id, row.id)
    for other in others:
        _nest_casing(row, other)
    for tubing in _tubings(ctx, row.well_id):
        span = _overlap(row.top_md_m, row.bottom_md_m, tubing.top_md_m, tubing.bottom_md_m)
        if span is not None and tubing.od_mm >= row.id_mm:
            _fail("id_mm", f"must be larger than the OD of the tubing {tubing.name!r} ({tubing.od_mm:g} mm)")
    _liner_parent(row, others)


def _check_tubing(ctx: Context, row: TubingString) -> None:
    well = ctx.session.get(Well, row.well_id)
    if row.id_mm >= row.od_mm:
        _fail("id_mm", f"must be smaller than the OD ({row.od_mm:g} mm)")
    _top_bottom(row.top_md_m, row.bottom_md_m)
    _tvd_le_md(row.bottom_tvd_m, row.bottom_md_m, "bottom_tvd_m")
    if well is not None:
        _within_well(well, row.bottom_md_m, "bottom_md_m")
    for casing in _siblings(ctx, row.well_id, None):
        span = _overlap(row.top_md_m, row.bottom_md_m, casing.top_md_m, casing.bottom_md_m)
        if span is not None and row.od_mm >= casing.id_mm:
            _fail("od_mm", f"must be smaller than the ID of {casing.name!r} ({casing.id_mm:g} mm) "
                           f"where they overlap ({span[0]:g}-{span[1]:g} m MD)")


def _check_cement(ctx: Context, row: CementInterval) -> None:
    well = ctx.session.get(Well, row.well_id)
    _top_bottom(row.top_md_m, row.bottom_md_m)
    _top_bottom(row.top_tvd_m, row.bottom_tvd_m, "top_tvd_m")
    _tvd_le_md(row.bottom_tvd_m, row.bottom_md_m, "bottom_tvd_m")
    if well is not None:
        _within_well(well, row.bottom_md_m, "bottom_md_m")
    if row.casing_string_id is None:
        return
    casing = ctx.session.get(CasingString, row.casing_string_id)
    if casing is None or casing.well_id != row.well_id:
        _fail("casing_string_id", "Unknown casing string of this well.")
    if not casing.top_md_m <= row.top_md_m < casing.bottom_md_m:
        _fail("top_md_m", f"the top of cement must lie on {casing.name!r} "
                          f"({casing.top_md_m:g}-{casing.bottom_md_m:g} m MD)")


def _check_completion(ctx: Context, row: CompletionElement) -> None:
    well = ctx.session.get(Well, row.well_id)
    _tvd_le_md(row.depth_tvd_m, row.depth_md_m, "depth_tvd_m")
    if well is not None:
        _within_well(well, row.depth_md_m, "depth_md_m")
