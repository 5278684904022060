"""Campaigns: the register, with status, dates, primary rig, wells and AFE budget."""

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
from well_ops.models.drilling import CampaignStatus
from well_ops.state.auth import AuthState
from well_ops.state.campaigns import COLUMNS, CampaignsState

STATUSES = [s.value for s in CampaignStatus]


def _cell(row: rx.Var, key: str) -> rx.Component:
    if key == "status":
        return status_badge(row["status"])
    if key == "code":
        return rx.link(row["code"], href="/campaigns/" + row["id"].to(str), weight="medium", white_space="nowrap",
                       id="campaign-link-" + row["id"].to(str))
    if key in ("afe_label", "supplements_label", "well_count"):
        return rx.text(row[key], text_align="right")
    return rx.text(row[key])


def _actions(row: rx.Var) -> rx.Component:
    return row_actions(CampaignsState, row, can_write=AuthState.permissions.contains("campaign.write"),
                       can_delete=AuthState.permissions.contains("campaign.delete"),
                       title=("Delete campaign ", row["code"], "?"),
                       description="Its AFE supplements go with it; its wells, milestones and tasks stay, unlinked.")


def _form() -> rx.Component:
    s = CampaignsState
    return form_dialog(
        s, rx.cond(s.form_values.contains("id"), "Edit campaign", "New campaign"),
        text_input(s, "code", "Code", required=True, hint="Unique, e.g. NS-26-03"),
        text_input(s, "name", "Name", required=True),
        text_input(s, "field", "Field"),
        text_input(s, "location", "Location"),
        id_select(s, "rig_id", "Primary rig", s.rigs),
        select_input(s, "status", "Status", STATUSES, "planned"),
        text_input(s, "planned_start", "Planned start", type_="date"),
        text_input(s, "planned_end", "Planned end", type_="date"),
        text_input(s, "actual_start", "Actual start", type_="date"),
        text_input(s, "actual_end", "Actual end", type_="date"),
        text_input(s, "afe_amount", "AFE (approved budget)", type_="number", step="0.01"),
        text_input(s, "currency", "Currency", hint="3-letter code, e.g. USD"),
        text_input(s, "objectives", "Objectives"),
        on_submit=s.save,
        dialog_id="campaign-form",
    )


def campaigns_page() -> rx.Component:
    new = rx.cond(AuthState.permissions.contains("campaign.write"),
                  rx.button(rx.icon("plus"), "New campaign", on_click=CampaignsState.open_new, id="new-campaign"))
    return page_shell(
        "Campaigns",
        toolbar(CampaignsState, filter_select(CampaignsState, "status", STATUSES, "Status"), new_button=new),
        data_table(CampaignsState, COLUMNS, table_id="campaigns-table", cell=_cell, actions=_actions),
        _form(),
    )
