"""Logistics page state: one table state per tab (equipment, deliveries, consumables)."""

from typing import Any

import reflex as rx

from well_ops.models.schemas_logistics import ConsumableUsageRead, DeliveryRead, EquipmentRead
from well_ops.services import logistics as logistics_service
from well_ops.services import rigs as rigs_service
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_dt
from well_ops.state.table import TableMixin

EQUIPMENT_FIELDS = ("tag", "name", "equipment_type", "status", "location", "rig_id", "serial_number", "notes")
DELIVERY_FIELDS = ("item", "quantity", "unit", "from_location", "to_rig_id", "equipment_id", "eta", "delivered_at",
                   "status", "notes")
CONSUMABLE_FIELDS = ("rig_id", "usage_date", "item", "quantity", "unit", "cost_amount", "currency")

EQUIPMENT_COLUMNS = [("tag", "Tag"), ("name", "Name"), ("equipment_type", "Type"), ("status", "Status"),
                     ("rig_name", "Rig"), ("location", "Location"), ("serial_number", "Serial no.")]
DELIVERY_COLUMNS = [("item", "Item"), ("quantity", "Qty"), ("unit", "Unit"), ("from_location", "From"),
                    ("rig_name", "To rig"), ("equipment_tag", "Equipment"), ("eta", "ETA (UTC)"),
                    ("status", "Status"), ("delivered_at", "Delivered (UTC)")]
CONSUMABLE_COLUMNS = [("usage_date", "Date"), ("rig_name", "Rig"), ("item", "Item"), ("quantity", "Qty"),
                      ("unit", "Unit"), ("cost_amount", "Cost"), ("currency", "Currency")]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _local_input(value: Any) -> str:
    """A UTC timestamp as a datetime-local input value."""
    return value.strftime("%Y-%m-%dT%H:%M") if value else ""


def equipment_row(e: EquipmentRead) -> dict[str, str]:
    return {"id": str(e.id), "tag": e.tag, "name": e.name, "equipment_type": e.equipment_type,
            "status": e.status.value, "location": e.location, "rig_id": str(e.rig_id or ""), "rig_name": e.rig_name,
            "serial_number": e.serial_number, "notes": e.notes}


def delivery_row(d: DeliveryRead) -> dict[str, str]:
    return {"id": str(d.id), "item": d.item, "quantity": _num(d.quantity), "unit": d.unit,
            "from_location": d.from_location, "to_rig_id": str(d.to_rig_id), "rig_name": d.rig_name,
            "equipment_id": str(d.equipment_id or ""), "equipment_tag": d.equipment_tag, "eta": fmt_dt(d.eta),
            "eta_input": _local_input(d.eta), "delivered_at": fmt_dt(d.delivered_at),
            "delivered_at_input": _local_input(d.delivered_at), "status": d.status.value,
            "late": "yes" if d.is_late else "no", "notes": d.notes}


def consumable_row(c: ConsumableUsageRead) -> dict[str, str]:
    return {"id": str(c.id), "rig_id": str(c.rig_id), "rig_name": c.rig_name, "usage_date": c.usage_date.isoformat(),
            "item": c.item, "quantity": _num(c.quantity), "unit": c.unit, "cost_amount": _num(c.cost_amount),
            "currency": c.currency}


async def _rig_options(state: rx.State) -> list[dict[str, str]]:
    return [{"id": str(r.id), "name": r.name} for r in await call(rigs_service.list_rigs, await current_actor(state))]


def _open_with(state: Any, defaults: dict[str, str]) -> None:
    """Open the form dialog for a new record with its select defaults filled in (an absent key shows blank)."""
    state.form_values = dict(defaults)
    state.form_error = ""
    state.form_key += 1
    state.form_open = True


class EquipmentState(TableMixin, rx.State):
    rigs: list[dict[str, str]] = []

    def _table_columns(self) -> list[tuple[str, str]]:
        return EQUIPMENT_COLUMNS

    def _export_name(self) -> str:
        return "equipment"

    @rx.event
    def open_create(self):
        _open_with(self, {"status": "available", "rig_id": ""})

    @rx.event
    async def load(self):
        self.rows = [equipment_row(e) for e in await call(logistics_service.list_equipment, await current_actor(self))]
        self.rigs = await _rig_options(self)

    @rx.event
    async def save(self, form: dict):
        if await self._save_form(form, EQUIPMENT_FIELDS, logistics_service.create_equipment,
                                   logistics_service.update_equipment):
            yield rx.toast.success("Equipment saved.")

    @rx.event
    async def delete(self, row_id: str):
        await self._delete_row(logistics_service.delete_equipment, row_id)
        return rx.toast.success("Equipment removed.")


class DeliveriesState(TableMixin, rx.State):
    rigs: list[dict[str, str]] = []
    equipment: list[dict[str, str]] = []

    def _table_columns(self) -> list[tuple[str, str]]:
        return DELIVERY_COLUMNS

    def _export_name(self) -> str:
        return "deliveries"

    @rx.var
    def late_count(self) -> int:
        return sum(1 for r in self.rows if r.get("late") == "yes")

    @rx.event
    def open_create(self):
        _open_with(self, {"status": "planned", "to_rig_id": "", "equipment_id": ""})

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        self.rows = [delivery_row(d) for d in await call(logistics_service.list_deliveries, actor)]
        self.equipment = [{"id": str(e.id), "name": f"{e.tag} · {e.name}"}
                          for e in await call(logistics_service.list_equipment, actor)]
        self.rigs = await _rig_options(self)

    @rx.event
    async def save(self, form: dict):
        if await self._save_form(form, DELIVERY_FIELDS, logistics_service.create_delivery,
                                   logistics_service.update_delivery):
            yield rx.toast.success("Delivery saved.")

    @rx.event
    async def mark_delivered(self, row_id: str):
        await call(logistics_service.update_delivery, await current_actor(self), int(row_id), {"status": "delivered"})
        await self.load()
        return rx.toast.success("Delivery marked as delivered.")

    @rx.event
    async def delete(self, row_id: str):
        await self._delete_row(logistics_service.delete_delivery, row_id)
        return rx.toast.success("Delivery removed.")


class ConsumablesState(TableMixin, rx.State):
    rigs: list[dict[str, str]] = []

    def _table_columns(self) -> list[tuple[str, str]]:
        return CONSUMABLE_COLUMNS

    def _export_name(self) -> str:
        return "consumables"

    @rx.var
    def rig_filter_options(self) -> list[str]:
        return ["all", *sorted({r["rig_name"] for r in self.rows})]

    @rx.event
    def open_create(self):
        _open_with(self, {"rig_id": "", "currency": "USD"})

    @rx.event
    async def load(self):
        self.rows = [consumable_row(c) for c in await call(logistics_service.list_consumables,
                                                           await current_actor(self))]
        self.rigs = await _rig_options(self)

    @rx.event
    async def save(self, form: dict):
        if await self._save_form(form, CONSUMABLE_FIELDS, logistics_service.create_consumable,
                                   logistics_service.update_consumable):
            yield rx.toast.success("Consumable usage saved.")

    @rx.event
    async def delete(self, row_id: str):
        await self._delete_row(logistics_service.delete_consumable, row_id)
        return rx.toast.success("Consumable usage removed.")
