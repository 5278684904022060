"""Milestones: planned and achieved dates of campaigns, wells and rigs; overdue ones in red."""

import reflex as rx

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
from well_ops.models.drilling import MilestoneKind
from well_ops.state.auth import AuthState
from well_ops.state.milestones import COLUMNS, MilestonesState

KINDS = [k.value for k in MilestoneKind]
DUE_STATES = ["overdue", "upcoming", "achieved"]
DUE_COLORS = {"overdue": "red", "upcoming": "blue", "achieved": "green"}


def _cell(row: rx.Var, key: str) -> rx.Component:
    overdue = row["overdue"] == "yes"
    if key == "due":
        return rx.match(row["state"], *[(s, rx.badge(row["due"], color_scheme=c, variant=rx.cond(
            overdue, "solid", "soft"), class_name=f"due-{s}")) for s, c in DUE_COLORS.items()],
                        rx.badge(row["due"]))
    if key == "kind":
        return rx.badge(row["kind"].to(str).replace("_", " "), variant="outline", color_scheme="gray")
    return rx.text(row[key], color=rx.cond(overdue, rx.color("red", 11), "inherit"),
                   weight="medium" if key == "name" else "regular", white_space="nowrap")


def _actions(row: rx.Var) -> rx.Component:
    return row_actions(MilestonesState, row, can_write=AuthState.permissions.contains("milestone.write"),
                       can_delete=AuthState.permissions.contains("milestone.delete"),
                       title=("Delete milestone ", row["name"], "?"), id_prefix="milestone")


def milestones_page() -> rx.Component:
    s = MilestonesState
    new = rx.cond(AuthState.permissions.contains("milestone.write"),
                  rx.button(rx.icon("plus"), "New milestone", on_click=s.open_create, id="new-milestone"))
    return page_shell(
        "Milestones",
        toolbar(s, filter_select(s, "kind", KINDS, "Kind"),
                rx.select(s.campaign_filter_options, placeholder="Campaign", size="2", id="milestone-campaign-filter",
                          on_change=lambda v: s.set_filter("campaign_code", v)),
                filter_select(s, "state", DUE_STATES, "Due"),
                rx.cond(s.overdue_count > 0, rx.badge(rx.icon("calendar-x", size=14), s.overdue_count, " overdue",
                                                      color_scheme="red", id="overdue-count")),
                new_button=new),
        data_table(s, COLUMNS, table_id="milestones-table", cell=_cell, actions=_actions),
        form_dialog(
            s, rx.cond(s.form_values.contains("id"), "Edit milestone", "New milestone"),
            text_input(s, "name", "Name", required=True),
            select_input(s, "kind", "Kind", KINDS, "custom"),
            id_select(s, "campaign_id", "Campaign", s.campaigns),
            id_select(s, "well_id", "Well", s.wells),
            id_select(s, "rig_id", "Rig", s.rigs),
            text_input(s, "planned_date", "Planned date", type_="date", required=True),
            text_input(s, "actual_date", "Actual date", type_="date", hint="Leave empty until achieved"),
            text_input(s, "notes", "Notes"),
            on_submit=s.save, dialog_id="milestone-form",
        ),
    )
