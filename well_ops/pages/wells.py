"""Wells: the register, filtered by campaign and status; each well opens its own page."""

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
from well_ops.models.drilling import WELL_FLUID_TYPES, WellStatus, WellType
from well_ops.state.auth import AuthState
from well_ops.state.wells import COLUMNS, WellsState

STATUSES = [s.value for s in WellStatus]
TYPES = [t.value for t in WellType]


def _cell(row: rx.Var, key: str) -> rx.Component:
    if key == "status":
        return status_badge(row["status"])
    if key == "name":
        return rx.link(row["name"], href="/wells/" + row["id"].to(str), weight="medium", white_space="nowrap",
                       id="well-link-" + row["id"].to(str))
    if key == "campaign_code":
        return rx.cond(row["campaign_id"] != "",
                       rx.link(row["campaign_code"], href="/campaigns/" + row["campaign_id"].to(str)), rx.text(""))
    return rx.text(row[key], white_space="nowrap" if key in ("spud_date", "rig_name") else None)


def _actions(row: rx.Var) -> rx.Component:
    return row_actions(WellsState, row, can_write=AuthState.permissions.contains("well.write"),
                       can_delete=AuthState.permissions.contains("well.delete"),
                       title=("Delete well ", row["name"], "?"),
                       description="Its plan, daily reports and integrity records are deleted with it.")


def _campaign_filter() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder="Campaign", id="wells-campaign-filter"),
        rx.select.content(rx.select.item("all", value="all"),
                          rx.foreach(WellsState.campaigns, lambda c: rx.select.item(c["name"], value=c["name"]))),
        on_change=lambda v: WellsState.set_filter("campaign_code", v),
        size="2",
    )


def _form() -> rx.Component:
    s = WellsState
    yes_no = ["false", "true"]
    return form_dialog(
        s, rx.cond(s.form_values.contains("id"), "Edit well", "New well"),
        text_input(s, "name", "Name", required=True),
        id_select(s, "campaign_id", "Campaign", s.campaigns),
        id_select(s, "rig_id", "Rig", s.rigs),
        select_input(s, "status", "Status", STATUSES, "planned"),
        select_input(s, "well_type", "Type", TYPES, "development"),
        select_input(s, "fluid_type", "Fluid", list(WELL_FLUID_TYPES), "oil"),
        text_input(s, "field", "Field"),
        text_input(s, "country", "Country"),
        text_input(s, "spud_date", "Spud date", type_="date"),
        text_input(s, "completion_date", "Completion date", type_="date"),
        text_input(s, "target_depth_md_m", "Target depth MD (m)", type_="number"),
        text_input(s, "planned_days", "Planned days (spud to completion)", type_="number"),
        text_input(s, "afe_amount", "Well AFE", type_="number", step="0.01"),
        text_input(s, "currency", "Currency", hint="3-letter code, e.g. USD"),
        text_input(s, "water_depth_m", "Water depth (m)", type_="number"),
        text_input(s, "production_start_date", "Production start", type_="date"),
        text_input(s, "latitude", "Latitude (°, WGS84)", type_="number"),
        text_input(s, "longitude", "Longitude (°, WGS84)", type_="number"),
        select_input(s, "h2s_present", "H2S present", yes_no, "false"),
        select_input(s, "is_manned", "Manned", yes_no, "false"),
        on_submit=s.save,
        dialog_id="well-form",
    )


def wells_page() -> rx.Component:
    new = rx.cond(AuthState.permissions.contains("well.write"),
                  rx.button(rx.icon("plus"), "New well", on_click=WellsState.open_new, id="new-well"))
    return page_shell(
        "Wells",
        toolbar(WellsState, _campaign_filter(), filter_select(WellsState, "status", STATUSES, "Status"),
                new_button=new),
        data_table(WellsState, COLUMNS, table_id="wells-table", cell=_cell, actions=_actions),
        _form(),
    )
