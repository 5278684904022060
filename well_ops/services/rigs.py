"""Rigs: register, edit, remove; read by every role."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from well_ops.models.drilling import Rig, Well
from well_ops.models.schemas_drilling import RigCreate, RigRead, RigUpdate
from well_ops.services.context import Context, use_case
from well_ops.services.crud import Resource
from well_ops.services.errors import ValidationFailed


def _read(ctx: Context, rig: Rig) -> RigRead:
    well = ctx.session.get(Well, rig.current_well_id) if rig.current_well_id else None
    return RigRead.model_validate(rig, from_attributes=True, update={"current_well_name": well.name if well else ""})


def _check(ctx: Context, rig: Rig) -> None:
    if (rig.latitude is None) != (rig.longitude is None):
        raise ValidationFailed({"longitude": "Give both latitude and longitude, or neither."})
    if rig.current_well_id is not None and ctx.session.get(Well, rig.current_well_id) is None:
        raise ValidationFailed({"current_well_id": "Unknown well."})


RIGS: Resource[Rig, RigRead] = Resource(Rig, RigCreate, RigUpdate, _read, "Rig", _check, unique_fields=("name",))


@use_case("rig.read")
def list_rigs(ctx: Context) -> list[RigRead]:
    """All rigs by name."""
    return RIGS.list(ctx, select(Rig).order_by(col(Rig.name)))


@use_case("rig.read")
def get_rig(ctx: Context, rig_id: int) -> RigRead:
    """One rig."""
    return RIGS.read(ctx, rig_id)


@use_case("rig.write")
def create_rig(ctx: Context, data: RigCreate | dict[str, Any]) -> RigRead:
    """Register a rig."""
    return RIGS.create(ctx, data)


@use_case("rig.write")
def update_rig(ctx: Context, rig_id: int, data: RigUpdate | dict[str, Any]) -> RigRead:
    """Change a rig's details or status."""
    return RIGS.update(ctx, rig_id, data)


@use_case("rig.delete")
def delete_rig(ctx: Context, rig_id: int) -> None:
    """Remove a rig (its wells and campaigns keep their history, unlinked)."""
    RIGS.delete(ctx, rig_id)
