"""A task card on the board: badges, due date (red when overdue), assignee, tags, counts, and its menu."""

from __future__ import annotations

from typing import Any

import reflex as rx

from well_ops.components.dnd import draggable, drop_target

PRIORITY_COLORS = {"low": "gray", "normal": "blue", "high": "orange", "critical": "red"}
STATUS_COLORS = {"backlog": "gray", "in_progress": "blue", "blocked": "amber", "done": "green", "cancelled": "red"}
MOVE_TARGETS = (("backlog", "Backlog"), ("in_progress", "In progress"), ("blocked", "Blocked"), ("done", "Done"))


def priority_badge(priority: rx.Var) -> rx.Component:
    return rx.match(priority, *[(p, rx.badge(p, color_scheme=c, variant="soft")) for p, c in PRIORITY_COLORS.items()],
                    rx.badge(priority, variant="soft"))


def task_status_badge(status: rx.Var) -> rx.Component:
    return rx.match(status, *[(s, rx.badge(s.replace("_", " "), color_scheme=c, variant="soft"))
                              for s, c in STATUS_COLORS.items()], rx.badge(status, variant="soft"))


def due_label(due: rx.Var, overdue: rx.Var, id_: Any = None) -> rx.Component:
    return rx.cond(due != "", rx.hstack(
        rx.icon("calendar", size=13), rx.text(due, size="1", weight=rx.cond(overdue, "bold", "regular")),
        rx.cond(overdue, rx.text("overdue", size="1", weight="bold")),
        spacing="1", align="center", color=rx.cond(overdue, rx.color("red", 11), rx.color("gray", 11)),
        white_space="nowrap",
        class_name=rx.cond(overdue, "due overdue", "due"), id=id_,
    ))


def _count(icon: str, value: rx.Var, label: str, color: Any = None) -> rx.Component:
    return rx.tooltip(rx.hstack(rx.icon(icon, size=13), rx.text(value, size="1"), spacing="1", align="center",
                                color=rx.color("gray", 11) if color is None else color), content=label)


def _counts(card: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(card.checklist != "", _count("list-checks", card.checklist, "Checklist done / items",
                                             rx.cond(card.checklist_complete, rx.color("green", 11),
                                                     rx.color("gray", 11)))),
        rx.cond(card.subtasks != "", _count("list-tree", card.subtasks, "Subtasks done / all")),
        rx.cond(card.attachments > 0, _count("paperclip", card.attachments, "Attachments")),
        rx.cond(card.comments > 0, _count("message-square", card.comments, "Comments")),
        spacing="3", align="center",
    )


def card_menu(card: rx.Var, state: Any) -> rx.Component:
    """Keyboard / menu alternative to dragging: move to a column, up or down; edit; open."""
    move = [rx.dropdown_menu.item(label, on_click=state.move_to(card.id, status), disabled=card.status == status,
                                  id=f"move-{status}")
            for status, label in MOVE_TARGETS]
    return rx.dropdown_menu.root(
        rx.dropdown_menu.trigger(rx.icon_button(rx.icon("ellipsis", size=14), size="1", variant="ghost",
                                                aria_label="Task actions", id="card-menu-" + card.id.to(str),
                                                class_name="card-menu")),
        rx.dropdown_menu.content(
            rx.cond(card.editable, rx.fragment(
                rx.dropdown_menu.sub(rx.dropdown_menu.sub_trigger("Move to"), rx.dropdown_menu.sub_content(*move)),
                rx.dropdown_menu.item("Move up", on_click=state.move_up(card.id), disabled=card.first, id="move-up"),
                rx.dropdown_menu.item("Move down", on_click=state.move_down(card.id), disabled=card.last,
                                      id="move-down"),
                rx.dropdown_menu.separator(),
                rx.dropdown_menu.item("Edit…", on_click=state.open_edit(card.id), id="edit-task"),
            )),
            rx.dropdown_menu.item("Open", on_click=rx.redirect("/tasks/" + card.id.to(str)), id="open-task"),
        ),
    )


def _body(card: rx.Var, state: Any) -> rx.Component:
    return rx.vstack(
        rx.hstack(priority_badge(card.priority),
                  rx.cond(card.auto, rx.tooltip(rx.badge(rx.icon("zap", size=12), "auto", color_scheme="purple",
                                                         variant="surface"), content=card.trigger)),
                  rx.cond(card.auto, rx.text(card.trigger, size="1", color=rx.color("purple", 11))),
                  rx.spacer(), card_menu(card, state), width="100%", align="center", spacing="2"),
        rx.link(card.title, href="/tasks/" + card.id.to(str), weight="medium", size="2", class_name="card-title",
                color=rx.color("gray", 12), underline="hover"),
        rx.cond(card.context != "", rx.text(card.context, size="1", color=rx.color("gray", 10))),
        rx.flex(due_label(card.due, card.overdue),
                rx.cond(card.assignee != "", rx.hstack(rx.icon("user", size=13),
                                                       rx.text(card.assignee, size="1", class_name="assignee"),
                                                       spacing="1", align="center", color=rx.color("gray", 11))),
                width="100%", align="center", justify="between", wrap="wrap", spacing="2"),
        rx.cond(card.tags.length() > 0, rx.flex(rx.foreach(card.tags, lambda t: rx.badge(t, variant="outline",
                                                                                          size="1")),
                                                wrap="wrap", spacing="1")),
        _counts(card),
        spacing="2", width="100%",
    )


def task_card(card: rx.Var, state: Any) -> rx.Component:
    """A card: drag it (when the user may edit it) or drop another card on it to insert that one before it."""
    box = rx.card(_body(card, state), width="100%", size="1",
                  style={"opacity": rx.cond(state.dragging == card.id, "0.4", "1"),
                         "cursor": rx.cond(card.editable, "grab", "default")})
    inner = rx.cond(card.editable,
                    draggable(box, on_drag_start=state.drag_start(card.id), on_drag_end=state.drag_end),
                    box)
    return drop_target(inner, on_drop=state.drop(card.status, card.id), stop=True,
                       id="task-card-" + card.id.to(str), class_name="task-card",
                       custom_attrs={"data-task-id": card.id, "data-status": card.status}, width="100%")
