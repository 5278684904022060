"""Rigs: the register, with status, position and current well."""

import reflex as rx

from well_ops.components.badges import status_badge
from well_ops.components.layout import page_shell
from well_ops.components.table import (
    data_table,
    filter_select,
    form_dialog,
    id_select,
    row_actions,
    select_input,
    text_input,
    toolbar,
)
from well_ops.models.drilling import RigStatus, RigType
from well_ops.state.auth import AuthState
from well_ops.state.rigs import COLUMNS, RigsState

TYPES = [t.value for t in RigType]
STATUSES = [s.value for s in RigStatus]


def _cell(row: rx.Var, key: str) -> rx.Component:
    if key == "status":
        return status_badge(row["status"])
    if key == "name":
        return rx.text(row["name"], weight="medium")
    return rx.text(row[key])


def _actions(row: rx.Var) -> rx.Component:
    return row_actions(RigsState, row, can_write=AuthState.permissions.contains("rig.write"),
                       can_delete=AuthState.permissions.contains("rig.delete"),
                       title=("Delete rig ", row["name"], "?"),
                       description="Its wells and campaigns stay, unlinked from it.")


def rigs_page() -> rx.Component:
    new = rx.cond(AuthState.permissions.contains("rig.write"),
                  rx.button(rx.icon("plus"), "New rig", on_click=RigsState.open_new, id="new-rig"))
    return page_shell(
        "Rigs",
        toolbar(RigsState, filter_select(RigsState, "status", STATUSES, "Status"),
                filter_select(RigsState, "rig_type", TYPES, "Type"), new_button=new),
        data_table(RigsState, COLUMNS, table_id="rigs-table", cell=_cell, actions=_actions),
        form_dialog(
            RigsState, rx.cond(RigsState.form_values.contains("id"), "Edit rig", "New rig"),
            text_input(RigsState, "name", "Name", required=True),
            select_input(RigsState, "rig_type", "Type", TYPES, "land"),
            text_input(RigsState, "contractor", "Contractor"),
            select_input(RigsState, "status", "Status", STATUSES, "idle"),
            text_input(RigsState, "latitude", "Latitude (°, WGS84)", type_="number"),
            text_input(RigsState, "longitude", "Longitude (°, WGS84)", type_="number"),
            id_select(RigsState, "current_well_id", "Current well", RigsState.wells),
            text_input(RigsState, "day_rate_amount", "Day rate", type_="number"),
            text_input(RigsState, "currency", "Currency", hint="3-letter code, e.g. USD"),
            text_input(RigsState, "notes", "Notes"),
            on_submit=RigsState.save,
            dialog_id="rig-form",
        ),
    )
