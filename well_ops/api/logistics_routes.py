"""Logistics: the equipment register, deliveries to rigs and consumable usage."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query

from well_ops.api import examples as ex
from well_ops.api.deps import MAX_ID, current_actor
from well_ops.api.errors import READ
from well_ops.api.listing import Page, PageParams, page_params, paginate, sort_doc
from well_ops.api.resource_routes import ItemRoutes, add_item_routes, describe
from well_ops.models.logistics import DeliveryStatus, EquipmentStatus
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
from well_ops.services import logistics
from well_ops.services.context import Actor

equipment_router = APIRouter(prefix="/equipment", tags=["logistics"])
deliveries_router = APIRouter(prefix="/deliveries", tags=["logistics"])
consumables_router = APIRouter(prefix="/consumables", tags=["logistics"])


def _rig_query(description: str) -> Any:
    return Query(None, ge=1, le=MAX_ID, description=description)


EQUIPMENT_SORT = ("id", "tag", "name", "equipment_type", "status", "location", "rig_name")


@equipment_router.get("", response_model=Page[EquipmentRead], name="list_equipment", summary="List equipment",
                      responses=READ,
                      description=describe(logistics.list_equipment, "equipment.read", sort_doc(EQUIPMENT_SORT)))
def list_equipment(status: EquipmentStatus | None = None, rig_id: int | None = _rig_query("Equipment on this rig."),
                   equipment_type: str | None = Query(None, max_length=80),
                   page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    rows = logistics.list_equipment(actor, status=status, rig_id=rig_id)
    return paginate(rows, page, EQUIPMENT_SORT, {"equipment_type": equipment_type})


add_item_routes(equipment_router, ItemRoutes(
    "equipment", "equipment", "equipment", EquipmentRead, EquipmentCreate, EquipmentUpdate,
    logistics.get_equipment, logistics.create_equipment, logistics.update_equipment, logistics.delete_equipment,
    ex.EQUIPMENT_CREATE, ex.EQUIPMENT_UPDATE))


DELIVERY_SORT = ("id", "eta", "delivered_at", "item", "status", "rig_name", "quantity")


@deliveries_router.get("", response_model=Page[DeliveryRead], name="list_deliveries", summary="List deliveries",
                       responses=READ,
                       description=describe(logistics.list_deliveries, "delivery.read", sort_doc(DELIVERY_SORT)))
def list_deliveries(status: DeliveryStatus | None = None,
                    rig_id: int | None = _rig_query("Deliveries to this rig."),
                    is_late: bool | None = Query(None, description="Only late (true) or on-time (false) ones."),
                    page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    rows = logistics.list_deliveries(actor, status=status, rig_id=rig_id)
    return paginate(rows, page, DELIVERY_SORT, {"is_late": is_late})


add_item_routes(deliveries_router, ItemRoutes(
    "delivery", "a delivery", "delivery", DeliveryRead, DeliveryCreate, DeliveryUpdate, logistics.get_delivery,
    logistics.create_delivery, logistics.update_delivery, logistics.delete_delivery, ex.DELIVERY_CREATE,
    ex.DELIVERY_UPDATE, notes={"create": "Datetimes are ISO 8601; without an offset they are taken as UTC."}))


CONSUMABLE_SORT = ("id", "usage_date", "item", "rig_name", "quantity", "cost_amount")


@consumables_router.get("", response_model=Page[ConsumableUsageRead], name="list_consumables",
                        summary="List consumable usage", responses=READ,
                        description=describe(logistics.list_consumables, "consumable.read",
                                             sort_doc(CONSUMABLE_SORT)))
def list_consumables(rig_id: int | None = _rig_query("Usage on this rig."),
                     usage_date: date | None = Query(None, description="Usage of this day."),
                     item: str | None = Query(None, max_length=200, description="Exact item name."),
                     page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    rows = logistics.list_consumables(actor, rig_id=rig_id)
    return paginate(rows, page, CONSUMABLE_SORT, {"usage_date": usage_date, "item": item})


add_item_routes(consumables_router, ItemRoutes(
    "consumable", "a consumable usage record", "consumable", ConsumableUsageRead, ConsumableUsageCreate,
    ConsumableUsageUpdate, logistics.get_consumable, logistics.create_consumable, logistics.update_consumable,
    logistics.delete_consumable, ex.CONSUMABLE_CREATE, ex.CONSUMABLE_UPDATE))
