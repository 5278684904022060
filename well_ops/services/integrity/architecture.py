"""Well architecture: casing strings, cement, tubing, completion elements, shoe strength, reservoir pressure.

Input in SI or oilfield units (``unit_system``, see ``models/schemas_integrity``); stored SI. Every write
recomputes the well's MAASP in the same transaction (``maasp._recompute_well``) and refreshes its snapshot.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from well_ops.models.base import utcnow
from well_ops.models.drilling import Well
from well_ops.models.integrity import (
    Annulus,
    AnnulusCriticalPoint,
    CasingString,
    CementInterval,
    CompletionElement,
    TubingString,
)
from well_ops.models.schemas_annuli import CriticalPointRead
from well_ops.models.schemas_integrity import (
    CasingStringCreate,
    CasingStringRead,
    CasingStringUpdate,
    CementIntervalCreate,
    CementIntervalRead,
    CementIntervalUpdate,
    CompletionElementCreate,
    CompletionElementRead,
    CompletionElementUpdate,
    FormationStrengthUpdate,
    ReservoirRead,
    ReservoirUpdate,
    TubingStringCreate,
    TubingStringRead,
    TubingStringUpdate,
)
from well_ops.services.context import Context, use_case
from well_ops.services.errors import Conflict, ValidationFailed
from well_ops.services.integrity._arch_checks import _check_casing, _check_cement, _check_completion, _check_tubing
from well_ops.services.integrity._common import _get, _parse, _ref, _well
from well_ops.services.integrity._parts import Part, _create, _delete, _update
from well_ops.services.integrity.annuli import _annulus_reads
from well_ops.services.integrity.maasp import _recompute_well
from well_ops.services.integrity.views import WellArchitecture


def _well_values(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    _ref(ctx, Well, values["well_id"], "well_id", "well")
    return values


def _own_well(_ctx: Context, row: Any) -> int:
    return int(row.well_id)


def _reader(schema: Any) -> Any:
    return lambda _ctx, row: schema.model_validate(row, from_attributes=True)


CASINGS: Part[CasingString] = Part(CasingString, CasingStringCreate, CasingStringUpdate, _reader(CasingStringRead),
                                   "Casing string", _check_casing, _well_values, _own_well)
CEMENT: Part[CementInterval] = Part(CementInterval, CementIntervalCreate, CementIntervalUpdate,
                                    _reader(CementIntervalRead), "Cement interval", _check_cement, _well_values,
                                    _own_well)
TUBING: Part[TubingString] = Part(TubingString, TubingStringCreate, TubingStringUpdate, _reader(TubingStringRead),
                                  "Tubing string", _check_tubing, _well_values, _own_well)
COMPLETION: Part[CompletionElement] = Part(CompletionElement, CompletionElementCreate, CompletionElementUpdate,
                                           _reader(CompletionElementRead), "Completion element", _check_completion,
                                           _well_values, _own_well)


def _reservoir(well: Well) -> ReservoirRead:
    return ReservoirRead(well_id=well.id or 0, reservoir_pressure_bar=well.reservoir_pressure_bar,
                         reservoir_tvd_m=well.reservoir_tvd_m,
                         reservoir_gradient_bar_per_m=well.reservoir_gradient_bar_per_m,
                         production_start_date=well.production_start_date)


@use_case("integrity.read")
def get_architecture(ctx: Context, well_id: int) -> WellArchitecture:
    """A well's casing (largest OD first), cement, tubing, completion, annuli and manual critical points."""
    well = _well(ctx, well_id)
    s, wid = ctx.session, well.id
    annuli = _annulus_reads(ctx, well)
    points = s.exec(select(AnnulusCriticalPoint).where(col(AnnulusCriticalPoint.annulus_id).in_(
        [a.id for a in annuli])).order_by(col(AnnulusCriticalPoint.annulus_id), col(AnnulusCriticalPoint.tvd_m)))
    return WellArchitecture(
        wid or 0, well.name, well.measured_depth_m or None, _reservoir(well),
        [CasingStringRead.model_validate(c, from_attributes=True) for c in s.exec(
            select(CasingString).where(CasingString.well_id == wid).order_by(col(CasingString.od_mm).desc()))],
        [CementIntervalRead.model_validate(c, from_attributes=True) for c in s.exec(
            select(CementInterval).where(CementInterval.well_id == wid).order_by(col(CementInterval.top_md_m)))],
        [TubingStringRead.model_validate(t, from_attributes=True) for t in s.exec(
            select(TubingString).where(TubingString.well_id == wid).order_by(col(TubingString.id)))],
        [CompletionElementRead.model_validate(e, from_attributes=True) for e in s.exec(
            select(CompletionElement).where(CompletionElement.well_id == wid)
            .order_by(col(CompletionElement.depth_md_m)))],
        annuli, [CriticalPointRead.model_validate(p, from_attributes=True) for p in points])


@use_case("integrity.write")
def create_casing(ctx: Context, data: CasingStringCreate | dict[str, Any]) -> CasingStringRead:
    """Add a casing string (or liner); validated for depths and nesting; the well's MAASP is recomputed."""
    return _create(ctx, CASINGS, data)  # type: ignore[no-any-return]


@use_case("integrity.write")
def update_casing(ctx: Context, casing_id: int, data: CasingStringUpdate | dict[str, Any]) -> CasingStringRead:
    """Change a casing string; the well's MAASP is recomputed."""
    return _update(ctx, CASINGS, casing_id, data)  # type: ignore[no-any-return]


def _casing_unused(ctx: Context, row: CasingString) -> None:
    annuli = ctx.session.exec(select(Annulus.name).where((col(Annulus.inner_casing_id) == row.id)
                                                         | (col(Annulus.outer_casing_id) == row.id))).all()
    if annuli:
        raise Conflict(f"{row.name} bounds annulus {', '.join(sorted(str(a) for a in annuli))}: change or delete "
                       "the annulus first.")
    cement = ctx.session.exec(select(CementInterval.id).where(CementInterval.casing_string_id == row.id)).first()
    if cement is not None:
        raise Conflict(f"{row.name} has cement intervals: delete them first.")


@use_case("integrity.delete")
def delete_casing(ctx: Context, casing_id: int) -> None:
    """Delete a casing string that bounds no annulus and carries no cement interval."""
    _delete(ctx, CASINGS, casing_id, _casing_unused)


@use_case("integrity.write")
def set_formation_strength(ctx: Context, casing_id: int, data: FormationStrengthUpdate | dict[str, Any]) -> \
        CasingStringRead:
    """Record the formation strength at a casing shoe (LOT / FIT gradient); the well's MAASP is recomputed."""
    payload = _parse(FormationStrengthUpdate, data)
    return update_casing(ctx, casing_id, {"shoe_frac_gradient_bar_per_m": payload.shoe_frac_gradient_bar_per_m})


@use_case("integrity.write")
def create_cement(ctx: Context, data: CementIntervalCreate | dict[str, Any]) -> CementIntervalRead:
    """Add a cement interval (behind a casing of the same well)."""
    return _create(ctx, CEMENT, data)  # type: ignore[no-any-return]


@use_case("integrity.write")
def update_cement(ctx: Context, cement_id: int, data: CementIntervalUpdate | dict[str, Any]) -> CementIntervalRead:
    """Change a cement interval."""
    return _update(ctx, CEMENT, cement_id, data)  # type: ignore[no-any-return]


@use_case("integrity.delete")
def delete_cement(ctx: Context, cement_id: int) -> None:
    """Delete a cement interval."""
    _delete(ctx, CEMENT, cement_id)


@use_case("integrity.write")
def create_tubing(ctx: Context, data: TubingStringCreate | dict[str, Any]) -> TubingStringRead:
    """Add a tubing string (must fit inside every casing it overlaps)."""
    return _create(ctx, TUBING, data)  # type: ignore[no-any-return]


@use_case("integrity.write")
def update_tubing(ctx: Context, tubing_id: int, data: TubingStringUpdate | dict[str, Any]) -> TubingStringRead:
    """Change a tubing string; the well's MAASP is recomputed."""
    return _update(ctx, TUBING, tubing_id, data)  # type: ignore[no-any-return]


def _tubing_unused(ctx: Context, row: TubingString) -> None:
    annuli = ctx.session.exec(select(Annulus.name).where(Annulus.inner_tubing_id == row.id)).all()
    if annuli:
        raise Conflict(f"{row.name} bounds annulus {', '.join(sorted(str(a) for a in annuli))}: change or delete "
                       "the annulus first.")


@use_case("integrity.delete")
def delete_tubing(ctx: Context, tubing_id: int) -> None:
    """Delete a tubing string that bounds no annulus."""
    _delete(ctx, TUBING, tubing_id, _tubing_unused)


@use_case("integrity.write")
def create_completion_element(ctx: Context, data: CompletionElementCreate | dict[str, Any]) -> CompletionElementRead:
    """Add a completion element (packer, SSSV, wellhead section, hanger...); ratings feed MAASP points."""
    return _create(ctx, COMPLETION, data)  # type: ignore[no-any-return]


@use_case("integrity.write")
def update_completion_element(ctx: Context, element_id: int,
                              data: CompletionElementUpdate | dict[str, Any]) -> CompletionElementRead:
    """Change a completion element; the well's MAASP is recomputed."""
    return _update(ctx, COMPLETION, element_id, data)  # type: ignore[no-any-return]


@use_case("integrity.delete")
def delete_completion_element(ctx: Context, element_id: int) -> None:
    """Delete a completion element (barrier elements linked to it are unlinked)."""
    _delete(ctx, COMPLETION, element_id)


@use_case("integrity.write")
def set_reservoir(ctx: Context, well_id: int, data: ReservoirUpdate | dict[str, Any]) -> ReservoirRead:
    """Set the well's reservoir pressure / TVD / gradient and production start (fields sent only); recomputes."""
    well = _get(ctx, Well, well_id, "Well")
    changes = _parse(ReservoirUpdate, data).model_dump(exclude_unset=True, exclude={"unit_system"})
    start = changes.get("production_start_date")
    if start is not None and well.spud_date is not None and start < well.spud_date:
        raise ValidationFailed({"production_start_date": f"cannot be before the spud date ({well.spud_date})"})
    for key, value in changes.items():
        setattr(well, key, value)
    well.updated_at = utcnow()
    ctx.session.flush()
    _recompute_well(ctx, well.id or 0, f"reservoir changed: {', '.join(sorted(changes)) or 'nothing'}")
    return _reservoir(well)
