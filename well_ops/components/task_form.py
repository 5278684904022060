"""The create / edit task dialog (state: a ``TaskFormMixin`` subclass) with a confirmed delete."""

from __future__ import annotations

from typing import Any

import reflex as rx

from well_ops.components.layout import error_callout
from well_ops.components.table import field, id_select, select_input, text_input
from well_ops.state.auth import AuthState

STATUSES = ["backlog", "in_progress", "blocked", "done", "cancelled"]
PRIORITIES = ["low", "normal", "high", "critical"]


def _value(state: Any, name: str) -> rx.Var:
    value = state.form_values[name].to(str)
    return rx.cond(state.form_values.contains(name), value, "")


def _description(state: Any) -> rx.Component:
    return field("Description", rx.text_area(name="description", default_value=_value(state, "description"),
                                             rows="4", width="100%", id="task-description"))


def _delete(state: Any) -> rx.Component:
    """Delete (confirmed) for roles holding task.delete; the service refuses anyone else."""
    return rx.cond(state.form_values.contains("id") & AuthState.permissions.contains("task.delete"),
                   rx.alert_dialog.root(
                       rx.alert_dialog.trigger(rx.button(rx.icon("trash-2", size=14), "Delete", color_scheme="red",
                                                         variant="soft", type="button", id="task-delete")),
                       rx.alert_dialog.content(
                           rx.alert_dialog.title("Delete this task?"),
                           rx.alert_dialog.description("Its subtasks, checklist, comments and files go too."),
                           rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                                     rx.alert_dialog.action(rx.button(
                                         "Delete", color_scheme="red", id="task-delete-confirm",
                                         on_click=state.delete_task(state.form_values["id"].to(int)))),
                                     justify="end", spacing="2"),
                       ),
                   ))


def _fields(state: Any) -> list[rx.Component]:
    return [
        text_input(state, "title", "Title", required=True),
        select_input(state, "priority", "Priority", PRIORITIES, "normal"),
        select_input(state, "status", "Status", STATUSES, "backlog"),
        text_input(state, "due_date", "Due date", type_="date"),
        id_select(state, "assignee", "Assigned to (user, team or role)", state.assignee_options, "— nobody —"),
        text_input(state, "tags", "Tags", hint="Comma separated, e.g. casing, design"),
        id_select(state, "campaign_id", "Campaign", state.campaign_options),
        id_select(state, "rig_id", "Rig", state.rig_options),
        id_select(state, "well_id", "Well", state.well_options),
        id_select(state, "parent_id", "Parent task (makes this a subtask)", state.parent_options),
        text_input(state, "annulus_id", "Annulus id", type_="number", step="1", hint="Belongs to the well"),
        text_input(state, "barrier_element_id", "Barrier element id", type_="number", step="1"),
    ]


def task_form_dialog(state: Any) -> rx.Component:
    """``state.form_values["version"]`` travels in a hidden field: the server refuses a stale edit (Conflict)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(state.form_values.contains("id"), "Edit task", "New task")),
            rx.form(
                rx.vstack(
                    error_callout(state.form_error),
                    rx.el.input(type="hidden", name="version", default_value=_value(state, "version")),
                    rx.grid(*_fields(state), columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"),
                    _description(state),
                    rx.hstack(_delete(state), rx.spacer(),
                              rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                              rx.button("Save", type="submit", id="task-form-save"), width="100%"),
                    spacing="3",
                ),
                on_submit=state.save_task,
                key=state.form_key,
            ),
            max_width="760px",
            id="task-form",
        ),
        open=state.form_open,
        on_open_change=state.set_form_open,
    )
