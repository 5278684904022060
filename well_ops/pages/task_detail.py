"""One task: description, status, checklist, comments, attachments, links, subtasks, dependencies, activity."""

from __future__ import annotations

import reflex as rx

from well_ops.components.layout import page_shell
from well_ops.components.task_card import MOVE_TARGETS, due_label, priority_badge, task_status_badge
from well_ops.components.task_form import task_form_dialog
from well_ops.components.task_thread import attachments_section, comments_section
from well_ops.state.auth import AuthState
from well_ops.state.task_detail import TaskDetailState

D = TaskDetailState
STATUS_OPTIONS = [*MOVE_TARGETS, ("cancelled", "Cancelled")]


def _task_link(ref: rx.Var) -> rx.Component:
    return rx.hstack(rx.link("#", ref["id"], " ", ref["title"], href="/tasks/" + ref["id"].to(str), size="2"),
                     task_status_badge(ref["status"]), align="center", spacing="2")


def _header() -> rx.Component:
    status = rx.select.root(
        rx.select.trigger(aria_label="Status", id="task-status"),
        rx.select.content(*[rx.select.item(label, value=value) for value, label in STATUS_OPTIONS]),
        value=D.task["status"], on_change=D.move_to, disabled=~D.editable,
    )
    return rx.vstack(
        rx.hstack(rx.heading(D.task["title"], size="6", id="task-title"), rx.spacer(),
                  rx.cond(D.editable, rx.button(rx.icon("pencil", size=14), "Edit", variant="soft", id="task-edit",
                                                on_click=D.open_edit(D.task["id"].to(int)))),
                  width="100%", align="center"),
        rx.hstack(status, priority_badge(D.task["priority"]), due_label(D.task["due"], D.task["overdue"] == "1"),
                  rx.text("Assigned to ", rx.text.strong(D.task["assignee"]), size="2"),
                  rx.cond(D.task["auto"] == "1", rx.badge(rx.icon("zap", size=12), "auto: ", D.task["trigger"],
                                                          color_scheme="purple", variant="surface")),
                  spacing="3", align="center", wrap="wrap"),
        rx.cond(D.tags.length() > 0, rx.flex(rx.foreach(D.tags, lambda t: rx.badge(t, variant="outline")),
                                             spacing="1", wrap="wrap")),
        spacing="2", width="100%",
    )


def _item(item: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.checkbox(checked=item.done, on_change=D.toggle_item(item.id), disabled=~D.editable,
                    class_name="checklist-tick", aria_label="Done"),
        rx.input(default_value=item.text, on_blur=lambda v: D.rename_item(item.id, v), read_only=~D.editable,
                 variant="soft", color_scheme="gray", width="100%", size="1", key=item.id.to(str) + item.text,
                 class_name="checklist-text", text_decoration=rx.cond(item.done, "line-through", "none")),
        rx.cond(item.who != "", rx.text(item.who, size="1", color=rx.color("gray", 10), white_space="nowrap")),
        rx.cond(D.editable, rx.hstack(
            rx.icon_button(rx.icon("arrow-up", size=12), size="1", variant="ghost", aria_label="Move up",
                           disabled=item.index == 0, on_click=D.move_item(item.id, item.index - 1)),
            rx.icon_button(rx.icon("arrow-down", size=12), size="1", variant="ghost", aria_label="Move down",
                           disabled=item.last, on_click=D.move_item(item.id, item.index + 1)),
            rx.icon_button(rx.icon("x", size=12), size="1", variant="ghost", color_scheme="red",
                           aria_label="Delete item", on_click=D.delete_item(item.id)),
            spacing="1")),
        align="center", spacing="2", width="100%", class_name="checklist-item",
    )


def _add_form(name: str, placeholder: str, button: str, id_: str, on_submit: rx.EventHandler) -> rx.Component:
    return rx.form(rx.hstack(rx.input(name=name, placeholder=placeholder, width="100%", id=f"{id_}-new"),
                             rx.button(rx.icon("plus", size=14), button, type="submit", size="2", id=f"{id_}-add"),
                             width="100%"),
                   on_submit=on_submit, key=D.item_key, width="100%")


def _checklist() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading("Checklist", size="4"),
                  rx.badge(rx.cond(D.task["checklist"] != "", D.task["checklist"], "0/0"), id="checklist-progress",
                           variant="soft"), align="center", spacing="2"),
        rx.vstack(rx.foreach(D.checklist, _item), spacing="1", width="100%", id="checklist"),
        rx.cond(D.editable, _add_form("text", "Add an item…", "Add", "checklist", D.add_item)),
        spacing="2", width="100%",
    )


def _side_row(label: str, value: rx.Component) -> rx.Component:
    return rx.hstack(rx.text(label, size="2", color=rx.color("gray", 10), min_width="110px"), value, spacing="2",
                     align="center")


def _links() -> rx.Component:
    def opt(key: str, comp: rx.Component) -> rx.Component:
        return rx.cond(D.task[key] != "", comp)
    return rx.vstack(
        rx.heading("Links", size="4"),
        opt("campaign", _side_row("Campaign", rx.link(D.task["campaign"], href="/campaigns/" + D.task["campaign_id"]))),
        opt("well", _side_row("Well", rx.link(D.task["well"], href="/wells/" + D.task["well_id"]))),
        opt("rig", _side_row("Rig", rx.text(D.task["rig"], size="2"))),
        opt("annulus_id", _side_row("Annulus", rx.text("#", D.task["annulus_id"], size="2"))),
        opt("barrier_element_id", _side_row("Barrier element", rx.text("#", D.task["barrier_element_id"], size="2"))),
        rx.cond(D.parent.contains("id"), _side_row("Parent", rx.link("#", D.parent["id"], " ", D.parent["title"],
                                                                     href="/tasks/" + D.parent["id"], size="2"))),
        _side_row("Created", rx.text(D.task["created_at"], " by ", D.task["created_by"], size="2")),
        _side_row("Updated", rx.text(D.task["updated_at"], size="2")),
        rx.cond(D.task["completed_at"] != "", _side_row("Completed", rx.text(D.task["completed_at"], size="2"))),
        spacing="1", width="100%",
    )


def _subtasks() -> rx.Component:
    return rx.vstack(
        rx.heading("Subtasks", size="4"),
        rx.foreach(D.subtasks, lambda s: rx.hstack(
            rx.link("#", s.id, " ", s.title, href="/tasks/" + s.id.to(str), size="2"), task_status_badge(s.status),
            spacing="2", align="center", class_name="subtask")),
        rx.cond(~D.parent.contains("id") & AuthState.permissions.contains("task.write"),
                _add_form("title", "New subtask title…", "Add", "subtask", D.add_subtask)),
        spacing="2", width="100%", id="subtasks",
    )


def _dependencies() -> rx.Component:
    add = rx.select.root(
        rx.select.trigger(placeholder="Add “blocked by”…", width="100%", id="dependency-add"),
        rx.select.content(rx.foreach(D.candidates, lambda c: rx.select.item(c["name"], value=c["id"]))),
        value="", on_change=D.add_dependency,
    )
    return rx.vstack(
        rx.heading("Dependencies", size="4"),
        rx.text("Blocked by", size="2", weight="medium"),
        rx.foreach(D.blockers, lambda b: rx.hstack(
            _task_link(b), rx.cond(D.editable, rx.icon_button(
                rx.icon("x", size=12), size="1", variant="ghost", aria_label="Remove dependency",
                on_click=D.remove_dependency(b["id"]))), align="center", class_name="blocker")),
        rx.cond(D.editable, add),
        rx.cond(D.blocking.length() > 0, rx.text("Blocking", size="2", weight="medium")),
        rx.foreach(D.blocking, _task_link),
        spacing="2", width="100%", id="dependencies",
    )


def _activity() -> rx.Component:
    return rx.vstack(
        rx.heading("Activity", size="4"),
        rx.foreach(D.activity, lambda a: rx.box(
            rx.text(a["who"], weight="medium", size="1", as_="span"), rx.text(" · ", a["when"], size="1", as_="span",
                                                                                color=rx.color("gray", 10)),
            rx.text(a["what"], size="1", color=rx.color("gray", 11)), class_name="activity-entry")),
        spacing="2", width="100%", id="activity", max_height="420px", overflow_y="auto",
    )


def task_detail_page() -> rx.Component:
    main = rx.vstack(
        _header(),
        rx.card(rx.text(rx.cond(D.task["description"] != "", D.task["description"], "No description."), size="2",
                        white_space="pre-wrap"), width="100%", id="task-description-text"),
        rx.card(_checklist(), width="100%"), rx.card(comments_section(), width="100%"),
        spacing="4", flex="2 1 480px", min_width="0",
    )
    side = rx.vstack(rx.card(_links(), width="100%"), rx.card(_subtasks(), width="100%"),
                     rx.card(_dependencies(), width="100%"), rx.card(attachments_section(), width="100%"),
                     rx.card(_activity(), width="100%"), spacing="4", flex="1 1 320px", min_width="0")
    return page_shell(
        "Task",
        rx.cond(D.found,
                rx.flex(main, side, spacing="4", width="100%", wrap="wrap", align="start"),
                rx.callout("This task does not exist (or was deleted).", icon="triangle-alert", color_scheme="red")),
        task_form_dialog(D),
        actions=rx.link(rx.button(rx.icon("arrow-left"), "Board", variant="soft"), href="/tasks", id="back-to-board"),
    )
