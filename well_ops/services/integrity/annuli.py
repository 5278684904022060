"""Annuli A-D (strings, fluids, factors, operator limits) and their manual critical points.

Rules: one inner string (casing or tubing) of the same well, inside the outer casing (OD < ID); LOP <= MOP is an
error; MOP above MAASP (or MAWOP) is allowed but returned in ``AnnulusRead.warnings``. Gradients 0.0098-0.25 bar/m
(schema). Every write recomputes the well's MAASP in the same transaction.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col, func, select

from well_ops.models.drilling import Well
from well_ops.models.integrity import (
    Annulus,
    AnnulusCriticalPoint,
    AnnulusMeasurement,
    CasingString,
    CriticalPointKind,
    TubingString,
)
from well_ops.models.schemas_annuli import (
    AnnulusCreate,
    AnnulusRead,
    AnnulusUpdate,
    CriticalPointCreate,
    CriticalPointRead,
    CriticalPointUpdate,
)
from well_ops.services.context import Context, use_case
from well_ops.services.errors import Conflict, ValidationFailed
from well_ops.services.integrity._common import _annulus, _ref, _well
from well_ops.services.integrity._parts import Part, _create, _delete, _update


def _warnings(a: Annulus) -> list[str]:
    said = []
    if a.maasp_bar is None:
        said.append("MAASP cannot be computed yet: add the strings, ratings or a critical point.")
    elif a.maasp_bar <= 0:
        said.append(f"MAASP is {a.maasp_bar:.1f} bar: this annulus cannot hold any surface pressure.")
    if a.mop_bar is not None and a.maasp_bar is not None and a.mop_bar > a.maasp_bar:
        said.append(f"MOP {a.mop_bar:g} bar is above the MAASP {a.maasp_bar:.1f} bar.")
    if a.mop_bar is not None and a.mawop_bar is not None and a.mop_bar > a.mawop_bar:
        said.append(f"MOP {a.mop_bar:g} bar is above the MAWOP {a.mawop_bar:.1f} bar.")
    return said


def _read_with(a: Annulus, casings: dict[int, str], tubings: dict[int, str]) -> AnnulusRead:
    inner = tubings.get(a.inner_tubing_id or 0) or casings.get(a.inner_casing_id or 0, "")
    return AnnulusRead.model_validate(a, from_attributes=True, update={
        "inner_string_name": inner, "outer_string_name": casings.get(a.outer_casing_id or 0, ""),
        "warnings": _warnings(a)})


def _names(ctx: Context, well_id: int) -> tuple[dict[int, str], dict[int, str]]:
    casings = {i: n for i, n in ctx.session.exec(select(CasingString.id, CasingString.name)
                                                 .where(CasingString.well_id == well_id)) if i}
    tubings = {i: n for i, n in ctx.session.exec(select(TubingString.id, TubingString.name)
                                                 .where(TubingString.well_id == well_id)) if i}
    return casings, tubings


def _read(ctx: Context, a: Annulus) -> AnnulusRead:
    return _read_with(a, *_names(ctx, a.well_id))


def _annulus_reads(ctx: Context, well: Well) -> list[AnnulusRead]:
    names = _names(ctx, well.id or 0)
    rows = ctx.session.exec(select(Annulus).where(Annulus.well_id == well.id).order_by(col(Annulus.name)))
    return [_read_with(a, *names) for a in rows]


def _string(ctx: Context, model: type[Any], row_id: int | None, well_id: int, field: str) -> Any:
    if row_id is None:
        return None
    row = ctx.session.get(model, row_id)
    if row is None or row.well_id != well_id:
        raise ValidationFailed({field: f"Unknown {'tubing' if model is TubingString else 'casing'} string of "
                                       "this well."})
    return row


def _check(ctx: Context, a: Annulus) -> None:
    if a.inner_casing_id is not None and a.inner_tubing_id is not None:
        raise ValidationFailed({"inner_tubing_id": "Give one inner string: a casing or a tubing, not both."})
    if a.inner_casing_id is not None and a.inner_casing_id == a.outer_casing_id:
        raise ValidationFailed({"inner_casing_id": "The inner string must differ from the outer casing."})
    outer = _string(ctx, CasingString, a.outer_casing_id, a.well_id, "outer_casing_id")
    field = "inner_tubing_id" if a.inner_tubing_id is not None else "inner_casing_id"
    model = TubingString if a.inner_tubing_id is not None else CasingString
    inner = _string(ctx, model, a.inner_tubing_id or a.inner_casing_id, a.well_id, field)
    if inner is not None and outer is not None and inner.od_mm >= outer.id_mm:
        raise ValidationFailed({field: f"{inner.name} (OD {inner.od_mm:g} mm) does not fit inside {outer.name} "
                                       f"(ID {outer.id_mm:g} mm)."})
    if a.lop_bar is not None and a.mop_bar is not None and a.lop_bar > a.mop_bar:
        raise ValidationFailed({"lop_bar": f"LOP must be at or below MOP ({a.mop_bar:g} bar)."})
    clash = ctx.session.exec(select(Annulus.id).where(Annulus.well_id == a.well_id, Annulus.name == a.name)).first()
    if clash is not None and clash != a.id:
        raise ValidationFailed({"name": f"Annulus {a.name} already exists for this well."})


def _annulus_values(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    _ref(ctx, Well, values["well_id"], "well_id", "well")
    return values


def _point_values(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    _ref(ctx, Annulus, values["annulus_id"], "annulus_id", "annulus")
    return {**values, "kind": CriticalPointKind.manual, "source": "manual"}


def _check_point(ctx: Context, p: AnnulusCriticalPoint) -> None:
    if p.source != "manual":
        raise Conflict("Derived critical points come from the architecture: change the architecture instead.")
    well = _well(ctx, _annulus(ctx, p.annulus_id).well_id)
    if well.tvd_m and p.tvd_m > well.tvd_m + 0.01:
        raise ValidationFailed({"tvd_m": f"is below the well's TVD ({well.tvd_m:g} m)"})


def _point_well(ctx: Context, p: AnnulusCriticalPoint) -> int:
    return _annulus(ctx, p.annulus_id).well_id


def _point_read(_ctx: Context, p: AnnulusCriticalPoint) -> CriticalPointRead:
    return CriticalPointRead.model_validate(p, from_attributes=True)


ANNULI: Part[Annulus] = Part(Annulus, AnnulusCreate, AnnulusUpdate, _read, "Annulus", _check, _annulus_values,
                             lambda _ctx, a: a.well_id)
POINTS: Part[AnnulusCriticalPoint] = Part(AnnulusCriticalPoint, CriticalPointCreate, CriticalPointUpdate,
                                          _point_read, "Critical point", _check_point, _point_values, _point_well)


@use_case("integrity.read")
def list_annuli(ctx: Context, well_id: int) -> list[AnnulusRead]:
    """The annuli of a well (A, B, C, D) with their cached limits and warnings."""
    return _annulus_reads(ctx, _well(ctx, well_id))


@use_case("integrity.read")
def get_annulus(ctx: Context, annulus_id: int) -> AnnulusRead:
    """One annulus."""
    return _read(ctx, _annulus(ctx, annulus_id))


@use_case("integrity.write")
def create_annulus(ctx: Context, data: AnnulusCreate | dict[str, Any]) -> AnnulusRead:
    """Add an annulus; its MAASP / MAWOP are computed at once."""
    return _create(ctx, ANNULI, data)  # type: ignore[no-any-return]


@use_case("integrity.write")
def update_annulus(ctx: Context, annulus_id: int, data: AnnulusUpdate | dict[str, Any]) -> AnnulusRead:
    """Change an annulus (fluids, factors, limits, strings); MAASP recomputed, a new result stored if it changed."""
    return _update(ctx, ANNULI, annulus_id, data)  # type: ignore[no-any-return]


@use_case("integrity.delete")
def delete_annulus(ctx: Context, annulus_id: int, delete_readings: bool = False) -> None:
    """Delete an annulus; one with pressure readings only with ``delete_readings=True`` (they go with it)."""
    def guard(c: Context, a: Annulus) -> None:
        count = c.session.exec(select(func.count()).select_from(AnnulusMeasurement)
                               .where(AnnulusMeasurement.annulus_id == a.id)).one()
        if count and delete_readings is not True:
            raise Conflict(f"Annulus {a.name} has {count} pressure readings: confirm deleting them with it.")
    _delete(ctx, ANNULI, annulus_id, guard)


@use_case("integrity.write")
def add_critical_point(ctx: Context, data: CriticalPointCreate | dict[str, Any]) -> CriticalPointRead:
    """Add a manual critical point (pressure limit at a TVD) to an annulus; MAASP recomputed."""
    return _create(ctx, POINTS, data)  # type: ignore[no-any-return]


@use_case("integrity.write")
def update_critical_point(ctx: Context, point_id: int,
                          data: CriticalPointUpdate | dict[str, Any]) -> CriticalPointRead:
    """Change a manual critical point; MAASP recomputed."""
    return _update(ctx, POINTS, point_id, data)  # type: ignore[no-any-return]


@use_case("integrity.delete")
def delete_critical_point(ctx: Context, point_id: int) -> None:
    """Delete a manual critical point; MAASP recomputed."""
    _delete(ctx, POINTS, point_id, lambda c, p: _check_point(c, p))
