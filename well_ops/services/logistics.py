"""Logistics: equipment register, deliveries to rigs (late detection) and consumable usage."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from sqlmodel import col, select

from well_ops.models.base import utcnow
from well_ops.models.drilling import Rig, RigStatus
from well_ops.models.logistics import (
    ConsumableUsage,
    Delivery,
    DeliveryStatus,
    Equipment,
    EquipmentStatus,
)
from well_ops.models.schemas_logistics import (
    ConsumableUsageCreate,
    ConsumableUsageRead,
    ConsumableUsageUpdate,
    DeliveryCreate,
    DeliveryRead,
    DeliveryUpdate,
    EquipmentCreate,
    EquipmentRead,
    EquipmentUpdate,
)
from well_ops.services.context import Context, use_case
from well_ops.services.crud import Resource
from well_ops.services.errors import ValidationFailed

ACTIVE_RIG_STATUSES = (RigStatus.drilling, RigStatus.tripping, RigStatus.casing_cementing, RigStatus.completion)
OPEN_DELIVERY = (DeliveryStatus.planned, DeliveryStatus.in_transit)  # neither delivered nor cancelled

E = TypeVar("E", bound=enum.Enum)


# ------------------------------------------------------------------------------------------------------- helpers


def _rig_names(ctx: Context, ids: Iterable[int | None]) -> dict[int, str]:
    """Names of the given rigs, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {i: n for i, n in ctx.session.exec(select(Rig.id, Rig.name).where(col(Rig.id).in_(wanted))) if i}


def _equipment_tags(ctx: Context, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(Equipment.id, Equipment.tag).where(col(Equipment.id).in_(wanted))
    return {i: t for i, t in ctx.session.exec(query) if i}


def _choice(enum_cls: type[E], value: Any, field: str) -> E | None:
    """An optional filter value as its enum, or ValidationFailed naming the filter."""
    if value in (None, "", "all"):
        return None
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationFailed({field: f"Unknown {field} {value!r}."}) from None


def _opt_id(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed({field: "must be a number"}) from None


def _now(now: Any) -> datetime:
    if now is None:
        return utcnow()
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise ValidationFailed({"now": "must be a timezone-aware datetime"})
    return now


def _require_rig(ctx: Context, rig_id: int | None, field: str) -> None:
    if rig_id is not None and ctx.session.get(Rig, rig_id) is None:
        raise ValidationFailed({field: "Unknown rig."})


# ----------------------------------------------------------------------------------------------------- equipment


def _equipment_read(row: Equipment, rigs: dict[int, str]) -> EquipmentRead:
    return EquipmentRead.model_validate(row, from_attributes=True, update={"rig_name": rigs.get(row.rig_id or 0, "")})


def _equipment_check(ctx: Context, row: Equipment) -> None:
    _require_rig(ctx, row.rig_id, "rig_id")


EQUIPMENT: Resource[Equipment, EquipmentRead] = Resource(
    Equipment, EquipmentCreate, EquipmentUpdate, lambda ctx, e: _equipment_read(e, _rig_names(ctx, [e.rig_id])),
    "Equipment", _equipment_check, unique_fields=("tag",))


@use_case("equipment.read")
def list_equipment(ctx: Context, status: str | None = None, rig_id: int | None = None) -> list[EquipmentRead]:
    """Equipment by tag, optionally of one status or rig (rig names in one extra query)."""
    query = select(Equipment).order_by(col(Equipment.tag))
    if (wanted := _choice(EquipmentStatus, status, "status")) is not None:
        query = query.where(Equipment.status == wanted)
    if (rig := _opt_id(rig_id, "rig_id")) is not None:
        query = query.where(Equipment.rig_id == rig)
    rows = list(ctx.session.exec(query))
    rigs = _rig_names(ctx, (r.rig_id for r in rows))
    return [_equipment_read(r, rigs) for r in rows]


@use_case("equipment.read")
def get_equipment(ctx: Context, equipment_id: int) -> EquipmentRead:
    """One piece of equipment."""
    return EQUIPMENT.read(ctx, equipment_id)


@use_case("equipment.write")
def create_equipment(ctx: Context, data: EquipmentCreate | dict[str, Any]) -> EquipmentRead:
    """Register a piece of equipment (tag unique)."""
    return EQUIPMENT.create(ctx, data)


@use_case("equipment.write")
def update_equipment(ctx: Context, equipment_id: int, data: EquipmentUpdate | dict[str, Any]) -> EquipmentRead:
    """Change equipment details, status, location or rig."""
    return EQUIPMENT.update(ctx, equipment_id, data)


@use_case("equipment.delete")
def delete_equipment(ctx: Context, equipment_id: int) -> None:
    """Remove equipment from the register (its deliveries stay, unlinked)."""
    EQUIPMENT.delete(ctx, equipment_id)


@use_case("equipment.read")
def equipment_in_maintenance_on_active_rigs(ctx: Context) -> list[EquipmentRead]:
    """Equipment in maintenance whose rig is drilling, tripping, casing/cementing or completing."""
    query = (select(Equipment, Rig.name).join(Rig, col(Rig.id) == Equipment.rig_id)
             .where(Equipment.status == EquipmentStatus.maintenance, col(Rig.status).in_(ACTIVE_RIG_STATUSES))
             .order_by(col(Rig.name), col(Equipment.tag)))
    return [_equipment_read(e, {e.rig_id or 0: name}) for e, name in ctx.session.exec(query)]


# ---------------------------------------------------------------------------------------------------- deliveries


def _is_late(row: Delivery, now: datetime) -> bool:
    return row.status in OPEN_DELIVERY and row.eta < now


def _delivery_read(row: Delivery, rigs: dict[int, str], tags: dict[int, str], now: datetime) -> DeliveryRead:
    return DeliveryRead.model_validate(row, from_attributes=True, update={
        "rig_name": rigs.get(row.to_rig_id, ""), "equipment_tag": tags.get(row.equipment_id or 0, ""),
        "is_late": _is_late(row, now)})


def _deliveries_read(ctx: Context, rows: list[Delivery], now: datetime) -> list[DeliveryRead]:
    rigs = _rig_names(ctx, (r.to_rig_id for r in rows))
    tags = _equipment_tags(ctx, (r.equipment_id for r in rows))
    return [_delivery_read(r, rigs, tags, now) for r in rows]


def _delivery_check(ctx: Context, row: Delivery) -> None:
    _require_rig(ctx, row.to_rig_id, "to_rig_id")
    if row.equipment_id is not None and ctx.session.get(Equipment, row.equipment_id) is None:
        raise ValidationFailed({"equipment_id": "Unknown equipment."})
    if row.status == DeliveryStatus.delivered and row.delivered_at is None:
        row.delivered_at = utcnow()  # marking it delivered records when


DELIVERIES: Resource[Delivery, DeliveryRead] = Resource(
    Delivery, DeliveryCreate, DeliveryUpdate, lambda ctx, d: _deliveries_read(ctx, [d], utcnow())[0],
    "Delivery", _delivery_check)


@use_case("delivery.read")
def list_deliveries(ctx: Context, status: str | None = None, rig_id: int | None = None,
                    now: datetime | None = None) -> list[DeliveryRead]:
    """Deliveries by ETA, optionally of one status or destination rig; each flagged late or not at ``now``."""
    query = select(Delivery).order_by(col(Delivery.eta), col(Delivery.id))
    if (wanted := _choice(DeliveryStatus, status, "status")) is not None:
        query = query.where(Delivery.status == wanted)
    if (rig := _opt_id(rig_id, "rig_id")) is not None:
        query = query.where(Delivery.to_rig_id == rig)
    return _deliveries_read(ctx, list(ctx.session.exec(query)), _now(now))


@use_case("delivery.read")
def get_delivery(ctx: Context, delivery_id: int) -> DeliveryRead:
    """One delivery."""
    return DELIVERIES.read(ctx, delivery_id)


@use_case("delivery.write")
def create_delivery(ctx: Context, data: DeliveryCreate | dict[str, Any]) -> DeliveryRead:
    """Plan a delivery to a rig."""
    return DELIVERIES.create(ctx, data)


@use_case("delivery.write")
def update_delivery(ctx: Context, delivery_id: int, data: DeliveryUpdate | dict[str, Any]) -> DeliveryRead:
    """Change a delivery; marking it delivered records the time when none is given."""
    return DELIVERIES.update(ctx, delivery_id, data)


@use_case("delivery.delete")
def delete_delivery(ctx: Context, delivery_id: int) -> None:
    """Remove a delivery."""
    DELIVERIES.delete(ctx, delivery_id)


@use_case("delivery.read")
def late_deliveries(ctx: Context, now: datetime | None = None) -> list[DeliveryRead]:
    """Deliveries past their ETA that are neither delivered nor cancelled, most overdue first."""
    at = _now(now)
    query = (select(Delivery).where(col(Delivery.status).in_(OPEN_DELIVERY), Delivery.eta < at)
             .order_by(col(Delivery.eta), col(Delivery.id)))
    return _deliveries_read(ctx, list(ctx.session.exec(query)), at)


# --------------------------------------------------------------------------------------------------- consumables


def _consumable_read(row: ConsumableUsage, rigs: dict[int, str]) -> ConsumableUsageRead:
    return ConsumableUsageRead.model_validate(row, from_attributes=True, update={"rig_name": rigs.get(row.rig_id, "")})


def _consumable_check(ctx: Context, row: ConsumableUsage) -> None:
    _require_rig(ctx, row.rig_id, "rig_id")


CONSUMABLES: Resource[ConsumableUsage, ConsumableUsageRead] = Resource(
    ConsumableUsage, ConsumableUsageCreate, ConsumableUsageUpdate,
    lambda ctx, c: _consumable_read(c, _rig_names(ctx, [c.rig_id])), "Consumable usage", _consumable_check)


@use_case("consumable.read")
def list_consumables(ctx: Context, rig_id: int | None = None) -> list[ConsumableUsageRead]:
    """Consumable usage, newest day first, optionally of one rig (rig names in one extra query)."""
    query = select(ConsumableUsage).order_by(col(ConsumableUsage.usage_date).desc(), col(ConsumableUsage.id))
    if (rig := _opt_id(rig_id, "rig_id")) is not None:
        query = query.where(ConsumableUsage.rig_id == rig)
    rows = list(ctx.session.exec(query))
    rigs = _rig_names(ctx, (r.rig_id for r in rows))
    return [_consumable_read(r, rigs) for r in rows]


@use_case("consumable.read")
def get_consumable(ctx: Context, usage_id: int) -> ConsumableUsageRead:
    """One consumable usage record."""
    return CONSUMABLES.read(ctx, usage_id)


@use_case("consumable.write")
def create_consumable(ctx: Context, data: ConsumableUsageCreate | dict[str, Any]) -> ConsumableUsageRead:
    """Record consumable usage on a rig."""
    return CONSUMABLES.create(ctx, data)


@use_case("consumable.write")
def update_consumable(ctx: Context, usage_id: int,
                      data: ConsumableUsageUpdate | dict[str, Any]) -> ConsumableUsageRead:
    """Correct a consumable usage record."""
    return CONSUMABLES.update(ctx, usage_id, data)


@use_case("consumable.delete")
def delete_consumable(ctx: Context, usage_id: int) -> None:
    """Remove a consumable usage record."""
    CONSUMABLES.delete(ctx, usage_id)
