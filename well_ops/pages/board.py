"""Tasks: the kanban board (drag cards between and within columns), its filters (in the URL) and the task dialog."""

from __future__ import annotations

from typing import Any

import reflex as rx

from well_ops.components.dnd import drop_target
from well_ops.components.layout import error_callout, page_shell
from well_ops.components.task_card import task_card
from well_ops.components.task_form import PRIORITIES, task_form_dialog
from well_ops.state.auth import AuthState
from well_ops.state.board import BoardState

S = BoardState


def _current(key: str) -> rx.Var:
    return rx.cond(S.filters.contains(key) & (S.filters[key] != ""), S.filters[key], "all")


def _select(key: str, all_label: str, options: rx.Var | list[tuple[str, str]], width: str = "150px") -> rx.Component:
    items = (rx.foreach(options, lambda o: rx.select.item(o["name"], value=o["id"])) if isinstance(options, rx.Var)
             else [rx.select.item(label, value=value) for value, label in options])
    return rx.select.root(
        rx.select.trigger(width=width, aria_label=all_label),
        rx.select.content(rx.select.item(all_label, value="all"), *([items] if isinstance(items, rx.Component)
                                                                     else items)),
        value=_current(key), on_change=lambda v: S.set_filter(key, v), size="2", name=f"filter-{key}",
    )


def _text_filter(key: str, placeholder: str, width: str) -> rx.Component:
    return rx.input(placeholder=placeholder, value=rx.cond(S.filters.contains(key), S.filters[key], ""),
                    on_change=lambda v: S.set_filter(key, v), debounce_timeout=400, width=width,
                    aria_label=placeholder, id=f"filter-{key}")


def filters_bar() -> rx.Component:
    return rx.flex(
        _text_filter("q", "Search tasks…", "200px"),
        _select("rig", "All rigs", S.rig_options),
        _select("campaign", "All campaigns", S.campaign_options, "180px"),
        _select("well", "All wells", S.well_options),
        _select("assignee", "Anyone", S.assignee_options, "170px"),
        _select("priority", "Any priority", [(p, p.capitalize()) for p in PRIORITIES], "130px"),
        _select("due", "Any due date", [("overdue", "Overdue"), ("week", "Due this week"), ("none", "No due date")],
                "140px"),
        _select("auto", "Auto or manual", [("true", "Auto-generated"), ("false", "Manual")], "150px"),
        _text_filter("tag", "Tag", "110px"),
        rx.tooltip(rx.hstack(rx.switch(checked=S.filters["cancelled"] == "1", on_change=S.set_cancelled,
                                       id="show-cancelled"), rx.text("Cancelled", size="2"), align="center",
                             spacing="1"), content="Show the cancelled column"),
        rx.cond(S.filter_count > 0, rx.button(rx.icon("x", size=14), "Clear", variant="ghost", size="2",
                                             on_click=S.clear_filters, id="clear-filters")),
        spacing="2", align="center", wrap="wrap", width="100%", id="board-filters",
    )


def _column(col: rx.Var) -> rx.Component:
    header = rx.hstack(rx.heading(col.label, size="3"), rx.badge(col.count, variant="soft", color_scheme="gray"),
                       align="center", spacing="2", padding_bottom="0.25em")
    more = rx.cond(col.hidden > 0, rx.text(col.hidden.to(str) + " more not shown: narrow the filters.", size="1",
                                           color=rx.color("amber", 11)))
    body = rx.vstack(header, rx.foreach(col.cards, lambda c: task_card(c, S)), more, spacing="2", width="100%")
    return drop_target(body, on_drop=S.drop(col.status, 0), id="column-" + col.status, class_name="board-column",
                       custom_attrs={"data-status": col.status},
                       style={"flex": "1 1 0", "min_width": "250px", "min_height": "65vh", "padding": "0.6em",
                              "border_radius": "10px", "background": rx.color("gray", 2),
                              "border": f"1px solid {rx.color('gray', 4)}"})


def _actions() -> rx.Component:
    new = rx.cond(AuthState.permissions.contains("task.write"),
                  rx.button(rx.icon("plus"), "New task", on_click=S.open_new(""), id="new-task"))
    return rx.hstack(rx.link(rx.button(rx.icon("calendar-days"), "Calendar", variant="soft"), href="/tasks/calendar",
                             id="calendar-link"), new, spacing="2")


def board_page() -> rx.Component:
    hint: Any = rx.text("Drag a card to another column or place, or use its ⋯ menu.", size="1",
                        color=rx.color("gray", 10))
    return page_shell(
        "Tasks",
        filters_bar(),
        error_callout(S.error),
        hint,
        rx.flex(rx.foreach(S.columns, _column), spacing="3", width="100%", overflow_x="auto", align="start",
                id="board"),
        task_form_dialog(S),
        actions=_actions(),
    )
