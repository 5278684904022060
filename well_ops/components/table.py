"""Reusable table page parts: toolbar (search, filters, export), sortable table, form dialog and fields."""

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx

from well_ops.components.layout import error_callout


def _header(state: Any, key: str, label: str) -> rx.Component:
    arrow = rx.cond(state.sort_key == key, rx.cond(state.sort_desc, " ▼", " ▲"), "")
    return rx.table.column_header_cell(
        rx.text(label, arrow, cursor="pointer", white_space="nowrap", on_click=state.sort_by(key)),
    )


def data_table(state: Any, columns: Sequence[tuple[str, str]], *, table_id: str,
               cell: Callable[[rx.Var, str], rx.Component] | None = None,
               actions: Callable[[rx.Var], rx.Component] | None = None) -> rx.Component:
    """A sortable table of ``state.visible_rows``; ``cell`` may render special columns, ``actions`` a last column."""

    def render_cell(row: rx.Var, key: str) -> rx.Component:
        return cell(row, key) if cell is not None else rx.text(row[key])

    def render_row(row: rx.Var) -> rx.Component:
        cells = [rx.table.cell(render_cell(row, key)) for key, _ in columns]
        if actions is not None:
            cells.append(rx.table.cell(actions(row)))
        return rx.table.row(*cells)

    headers = [_header(state, key, label) for key, label in columns]
    if actions is not None:
        headers.append(rx.table.column_header_cell(""))
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*headers)),
            rx.table.body(rx.foreach(state.visible_rows, render_row)),
            width="100%",
            size="2",
            id=table_id,
        ),
        overflow_x="auto",
        width="100%",
    )


def toolbar(state: Any, *extra: rx.Component, new_button: rx.Component | None = None) -> rx.Component:
    """Search box, page-specific filters, row count, CSV/Excel export and an optional 'new' button."""
    return rx.flex(
        rx.input(placeholder="Search…", value=state.search, on_change=state.set_search, debounce_timeout=250,
                 width=["100%", "240px"], aria_label="Search"),
        *extra,
        rx.badge(state.row_count_label, " rows", variant="soft", color_scheme="gray"),
        rx.spacer(),
        rx.button(rx.icon("file-down"), "CSV", variant="soft", on_click=state.export_csv, size="2"),
        rx.button(rx.icon("file-spreadsheet"), "Excel", variant="soft", on_click=state.export_xlsx, size="2"),
        *([new_button] if new_button is not None else []),
        spacing="2",
        align="center",
        wrap="wrap",
        width="100%",
    )


def filter_select(state: Any, key: str, options: Sequence[str], placeholder: str) -> rx.Component:
    return rx.select(["all", *options], placeholder=placeholder, on_change=lambda v: state.set_filter(key, v),
                     size="2")


def field(label: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        control,
        *([rx.text(hint, size="1", color=rx.color("gray", 10))] if hint else []),
        spacing="1",
        width="100%",
    )


def text_input(state: Any, name: str, label: str, *, type_: str = "text", required: bool = False,
               hint: str = "", step: str = "any") -> rx.Component:
    extra: dict[str, Any] = {"step": step} if type_ == "number" else {}
    return field(label, rx.input(name=name, type=type_, default_value=_current(state, name, ""),
                                 required=required, width="100%", **extra), hint)


def _current(state: Any, name: str, default: str) -> rx.Var:
    """The form's value for ``name``, or ``default`` when the record has none (e.g. a new record)."""
    value = state.form_values[name].to(str)
    return rx.cond(state.form_values.contains(name) & (value != ""), value, default)


def select_input(state: Any, name: str, label: str, options: Sequence[str] | rx.Var,
                 default: str = "") -> rx.Component:
    value = _current(state, name, default)
    return field(label, rx.select(options, name=name, default_value=value, width="100%"))


def id_select(state: Any, name: str, label: str, options: rx.Var, none_label: str = "— none —") -> rx.Component:
    """A select over ``options`` (list of {"id", "name"}) whose value is the id; empty means none."""
    current = _current(state, name, "none")
    return field(label, rx.select.root(
        rx.select.trigger(width="100%"),
        rx.select.content(rx.select.item(none_label, value="none"),
                          rx.foreach(options, lambda o: rx.select.item(o["name"], value=o["id"]))),
        name=name, default_value=current,
    ))


def form_dialog(state: Any, title: rx.Var | str, *fields: rx.Component, on_submit: Any, dialog_id: str,
                columns: str = "2") -> rx.Component:
    """A dialog with a form; ``state.form_open`` opens it, ``state.form_error`` shows refusals."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.form(
                rx.vstack(
                    error_callout(state.form_error),
                    rx.grid(*fields, columns=rx.breakpoints(initial="1", sm=columns), spacing="3", width="100%"),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Save", type="submit", id=f"{dialog_id}-save"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=on_submit,
                key=state.form_key,
            ),
            max_width="720px",
            id=dialog_id,
        ),
        open=state.form_open,
        on_open_change=state.set_form_open,
    )


def confirm_delete(*title: Any, on_confirm: Any, description: str = "", button_id: Any = None) -> rx.Component:
    """A red trash button that asks "Delete ...?" (``title`` parts, vars allowed) before running ``on_confirm``."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="soft",
                                               color_scheme="red", aria_label="Delete", id=button_id)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(*title),
            *([rx.alert_dialog.description(description)] if description else []),
            rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                      rx.alert_dialog.action(rx.button("Delete", color_scheme="red", on_click=on_confirm)),
                      justify="end", spacing="2"),
        ),
    )


def edit_button(on_click: Any, button_id: Any = None) -> rx.Component:
    """The pencil button of a table row."""
    return rx.icon_button(rx.icon("pencil", size=14), size="1", variant="soft", aria_label="Edit", id=button_id,
                          on_click=on_click)


def row_actions(state: Any, row: rx.Var, *, can_write: rx.Var, can_delete: rx.Var, title: Sequence[Any],
                description: str = "", id_prefix: str | None = None) -> rx.Component:
    """Edit (opens the form dialog) and delete (after a confirmation) of a TableMixin page's row, each shown only
    to the roles that may use it (the service refuses the others anyway)."""
    ident = row["id"].to(str)
    return rx.hstack(
        rx.cond(can_write, edit_button(state.open_edit(row["id"]),
                                       f"edit-{id_prefix}-" + ident if id_prefix else None)),
        rx.cond(can_delete, confirm_delete(*title, on_confirm=state.delete(row["id"]), description=description,
                                           button_id=f"delete-{id_prefix}-" + ident if id_prefix else None)),
        spacing="1",
    )
