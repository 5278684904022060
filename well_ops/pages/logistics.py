"""Logistics: equipment register, deliveries to rigs (late ones in red) and consumable usage, one tab each."""

from typing import Any

import reflex as rx

from well_ops.components.badges import status_badge
from well_ops.components.layout import page_shell
from well_ops.components.table import (
    confirm_delete,
    data_table,
    edit_button,
    field,
    filter_select,
    form_dialog,
    id_select,
    select_input,
    text_input,
    toolbar,
)
from well_ops.models.logistics import DeliveryStatus, EquipmentStatus
from well_ops.state.auth import AuthState
from well_ops.state.logistics import (
    CONSUMABLE_COLUMNS,
    DELIVERY_COLUMNS,
    EQUIPMENT_COLUMNS,
    ConsumablesState,
    DeliveriesState,
    EquipmentState,
)

EQUIPMENT_STATUSES = [s.value for s in EquipmentStatus]
DELIVERY_STATUSES = [s.value for s in DeliveryStatus]
RED = rx.color("red", 11)


def _can(permission: str) -> rx.Var:
    return AuthState.permissions.contains(permission)


def _delete_button(state: Any, row: rx.Var, what: str, permission: str, button_id: str) -> rx.Component:
    return rx.cond(_can(permission), confirm_delete(f"Delete this {what}?", on_confirm=state.delete(row["id"]),
                                                    button_id=f"{button_id}-" + row["id"].to(str)))


def _edit_button(state: Any, row: rx.Var, permission: str, button_id: str) -> rx.Component:
    return rx.cond(_can(permission), edit_button(state.open_edit(row["id"]), f"{button_id}-" + row["id"].to(str)))


def _new_button(state: Any, label: str, permission: str, button_id: str) -> rx.Component:
    return rx.cond(_can(permission), rx.button(rx.icon("plus"), label, on_click=state.open_create, id=button_id))


def _title(state: Any, what: str) -> rx.Var:
    return rx.cond(state.form_values.contains("id"), f"Edit {what}", f"New {what}")


# ----------------------------------------------------------------------------------------------------- equipment


def _equipment_cell(row: rx.Var, key: str) -> rx.Component:
    if key == "status":
        return status_badge(row["status"])
    if key == "tag":
        return rx.text(row["tag"], weight="medium", white_space="nowrap")
    return rx.text(row[key])


def _equipment_tab() -> rx.Component:
    s = EquipmentState
    return rx.vstack(
        toolbar(s, filter_select(s, "status", EQUIPMENT_STATUSES, "Status"),
                new_button=_new_button(s, "New equipment", "equipment.write", "new-equipment")),
        data_table(s, EQUIPMENT_COLUMNS, table_id="equipment-table", cell=_equipment_cell,
                   actions=lambda row: rx.hstack(_edit_button(s, row, "equipment.write", "edit-equipment"),
                                                 _delete_button(s, row, "equipment", "equipment.delete",
                                                                "delete-equipment"), spacing="1")),
        form_dialog(
            s, _title(s, "equipment"),
            text_input(s, "tag", "Tag", required=True, hint="Unique, e.g. BOP-18-22"),
            text_input(s, "name", "Name", required=True),
            text_input(s, "equipment_type", "Type"),
            select_input(s, "status", "Status", EQUIPMENT_STATUSES, "available"),
            id_select(s, "rig_id", "Rig", s.rigs),
            text_input(s, "location", "Location"),
            text_input(s, "serial_number", "Serial number"),
            text_input(s, "notes", "Notes"),
            on_submit=s.save, dialog_id="equipment-form",
        ),
        spacing="3", width="100%",
    )


# ---------------------------------------------------------------------------------------------------- deliveries


def _delivery_cell(row: rx.Var, key: str) -> rx.Component:
    late = row["late"] == "yes"
    if key == "status":
        return rx.hstack(status_badge(row["status"]),
                         rx.cond(late, rx.badge("late", color_scheme="red", variant="solid", class_name="late-badge")),
                         spacing="1")
    return rx.text(row[key], color=rx.cond(late, RED, "inherit"), weight=rx.cond(late, "medium", "regular"))


def _delivery_actions(row: rx.Var) -> rx.Component:
    s = DeliveriesState
    open_ = (row["status"] == "planned") | (row["status"] == "in_transit")
    return rx.hstack(
        rx.cond(_can("delivery.write") & open_,
                rx.tooltip(rx.icon_button(rx.icon("package-check", size=14), size="1", variant="soft",
                                          color_scheme="green", aria_label="Mark delivered",
                                          id="deliver-" + row["id"].to(str), on_click=s.mark_delivered(row["id"])),
                           content="Mark delivered")),
        _edit_button(s, row, "delivery.write", "edit-delivery"),
        _delete_button(s, row, "delivery", "delivery.delete", "delete-delivery"),
        spacing="1",
    )


def _datetime_input(state: Any, name: str, label: str, hint: str = "") -> rx.Component:
    return field(label, rx.input(name=name, type="datetime-local", width="100%",
                                 default_value=state.form_values[f"{name}_input"].to(str)), hint)


def _deliveries_tab() -> rx.Component:
    s = DeliveriesState
    return rx.vstack(
        toolbar(s, filter_select(s, "status", DELIVERY_STATUSES, "Status"),
                filter_select(s, "late", ["yes", "no"], "Late"),
                rx.cond(s.late_count > 0, rx.badge(rx.icon("clock-alert", size=14), s.late_count, " late",
                                                   color_scheme="red", id="late-count")),
                new_button=_new_button(s, "New delivery", "delivery.write", "new-delivery")),
        data_table(s, DELIVERY_COLUMNS, table_id="deliveries-table", cell=_delivery_cell, actions=_delivery_actions),
        form_dialog(
            s, _title(s, "delivery"),
            text_input(s, "item", "Item", required=True),
            text_input(s, "quantity", "Quantity", type_="number", hint="0 or more"),
            text_input(s, "unit", "Unit", hint="e.g. t, joints, m3"),
            text_input(s, "from_location", "From"),
            id_select(s, "to_rig_id", "To rig", s.rigs, none_label="— choose a rig —"),
            id_select(s, "equipment_id", "Equipment", s.equipment),
            _datetime_input(s, "eta", "ETA (UTC)"),
            select_input(s, "status", "Status", DELIVERY_STATUSES, "planned"),
            _datetime_input(s, "delivered_at", "Delivered at (UTC)", "Set to now when marked delivered"),
            text_input(s, "notes", "Notes"),
            on_submit=s.save, dialog_id="delivery-form",
        ),
        spacing="3", width="100%",
    )


# --------------------------------------------------------------------------------------------------- consumables


def _consumables_tab() -> rx.Component:
    s = ConsumablesState
    return rx.vstack(
        toolbar(s, rx.select(s.rig_filter_options, placeholder="Rig", size="2",
                             on_change=lambda v: s.set_filter("rig_name", v)),
                new_button=_new_button(s, "Record usage", "consumable.write", "new-consumable")),
        data_table(s, CONSUMABLE_COLUMNS, table_id="consumables-table",
                   actions=lambda row: rx.hstack(_edit_button(s, row, "consumable.write", "edit-consumable"),
                                                 _delete_button(s, row, "consumable usage record", "consumable.delete",
                                                                "delete-consumable"), spacing="1")),
        form_dialog(
            s, _title(s, "consumable usage"),
            id_select(s, "rig_id", "Rig", s.rigs, none_label="— choose a rig —"),
            text_input(s, "usage_date", "Date", type_="date", required=True),
            text_input(s, "item", "Item", required=True),
            text_input(s, "quantity", "Quantity", type_="number"),
            text_input(s, "unit", "Unit"),
            text_input(s, "cost_amount", "Cost", type_="number"),
            text_input(s, "currency", "Currency", hint="3-letter code, e.g. USD"),
            on_submit=s.save, dialog_id="consumable-form",
        ),
        spacing="3", width="100%",
    )


def _tab(value: str, label: str, icon: str) -> rx.Component:
    return rx.tabs.trigger(rx.hstack(rx.icon(icon, size=16), label, spacing="2", align="center"), value=value,
                           id=f"logistics-tab-{value}")


def logistics_page() -> rx.Component:
    return page_shell(
        "Logistics",
        rx.tabs.root(
            rx.tabs.list(_tab("equipment", "Equipment", "wrench"), _tab("deliveries", "Deliveries", "truck"),
                         _tab("consumables", "Consumables", "fuel")),
            rx.tabs.content(_equipment_tab(), value="equipment", padding_top="1em"),
            rx.tabs.content(_deliveries_tab(), value="deliveries", padding_top="1em"),
            rx.tabs.content(_consumables_tab(), value="consumables", padding_top="1em"),
            default_value="equipment",
            width="100%",
        ),
    )
