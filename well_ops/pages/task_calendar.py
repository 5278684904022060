"""Task calendar: tasks on their due dates (month or week), coloured by priority, overdue in red; drag to re-date."""

from __future__ import annotations

import reflex as rx

from well_ops.components.dnd import draggable, drop_target
from well_ops.components.layout import page_shell
from well_ops.components.task_card import PRIORITY_COLORS
from well_ops.state.task_calendar import WEEKDAYS, CalendarState

C = CalendarState


def _chip_style(card: rx.Var) -> dict:
    """Soft priority colour; overdue tasks solid red whatever their priority."""
    color = rx.match(card.priority, *PRIORITY_COLORS.items(), "gray").to(str)
    return {
        "background": rx.cond(card.overdue, "var(--red-9)", "var(--" + color + "-3)"),
        "color": rx.cond(card.overdue, "white", "var(--" + color + "-11)"),
        "border_left": "3px solid " + rx.cond(card.overdue, "var(--red-11)", "var(--" + color + "-9)"),
        "border_radius": "4px", "padding": "1px 5px", "font_size": "12px", "white_space": "nowrap",
        "overflow": "hidden", "text_overflow": "ellipsis", "cursor": rx.cond(card.editable, "grab", "pointer"),
        "opacity": rx.cond(C.dragging == card.id, "0.4", "1"),
    }


def _chip(card: rx.Var) -> rx.Component:
    link = rx.link(rx.cond(card.overdue, "⚠ ", ""), card.title, href="/tasks/" + card.id.to(str),
                   color="inherit", underline="none", title=card.title + " · " + card.priority +
                   rx.cond(card.overdue, " · overdue", ""))
    props = {"id": "cal-task-" + card.id.to(str), "class_name": "calendar-task", "style": _chip_style(card),
             "custom_attrs": {"data-overdue": rx.cond(card.overdue, "true", "false"), "data-priority": card.priority}}
    return rx.cond(card.editable, draggable(link, on_drag_start=C.drag_start(card.id), **props),
                   rx.box(link, **props))


def _day(day: rx.Var) -> rx.Component:
    body = rx.vstack(
        rx.text(day.label, size="1", weight=rx.cond(day.today, "bold", "regular"),
                color=rx.cond(day.today, rx.color("accent", 11), rx.cond(day.in_month, rx.color("gray", 12),
                                                                        rx.color("gray", 9)))),
        rx.foreach(day.tasks, _chip),
        spacing="1", width="100%", align="stretch",
    )
    return drop_target(body, on_drop=C.drop(day.day), id="cal-day-" + day.day, class_name="calendar-day",
                       custom_attrs={"data-day": day.day},
                       style={"min_height": rx.cond(C.view == "week", "300px", "110px"), "padding": "4px",
                              "min_width": "0", "border": f"1px solid {rx.color('gray', 4)}",
                              "background": rx.cond(day.today, rx.color("accent", 2),
                                                    rx.cond(day.in_month, rx.color("gray", 1), rx.color("gray", 2)))})


def _toolbar() -> rx.Component:
    return rx.hstack(
        rx.icon_button(rx.icon("chevron-left"), variant="soft", on_click=C.shift(-1), aria_label="Previous",
                       id="cal-prev"),
        rx.button("Today", variant="soft", on_click=C.go_today, id="cal-today"),
        rx.icon_button(rx.icon("chevron-right"), variant="soft", on_click=C.shift(1), aria_label="Next",
                       id="cal-next"),
        rx.heading(C.title, size="4", id="cal-title"),
        rx.spacer(),
        rx.segmented_control.root(rx.segmented_control.item("Month", value="month"),
                                  rx.segmented_control.item("Week", value="week"),
                                  value=C.view, on_change=C.set_view, id="cal-view"),
        align="center", spacing="2", width="100%", wrap="wrap",
    )


def _legend() -> rx.Component:
    return rx.hstack(*[rx.badge(p, color_scheme=c, variant="soft") for p, c in PRIORITY_COLORS.items()],
                     rx.badge("overdue", color_scheme="red", variant="solid"),
                     rx.text("Drag a task to another day to change its due date.", size="1",
                             color=rx.color("gray", 10)), spacing="2", align="center", wrap="wrap")


def calendar_page() -> rx.Component:
    head = [rx.text(d, size="1", weight="bold", text_align="center", color=rx.color("gray", 10)) for d in WEEKDAYS]
    return page_shell(
        "Task calendar",
        _toolbar(),
        _legend(),
        rx.grid(*head, rx.foreach(C.days, _day), columns="7", width="100%", spacing="0", id="calendar",
                style={"grid_template_columns": "repeat(7, minmax(0, 1fr))"}),
        actions=rx.link(rx.button(rx.icon("kanban"), "Board", variant="soft"), href="/tasks", id="board-link"),
    )
