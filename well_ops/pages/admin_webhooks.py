"""Admin: outgoing webhooks (receivers, the events they get, deactivate, delete) and the delivery log."""

import reflex as rx

from well_ops.components.layout import page_shell
from well_ops.components.table import (
    confirm_delete,
    data_table,
    field,
    filter_select,
    form_dialog,
    text_input,
    toolbar,
)
from well_ops.state.auth import AuthState
from well_ops.state.webhooks import COLUMNS, EVENT_FIELD, WebhooksState

DELIVERY_STATUSES = ["pending", "delivered", "failed"]


def _can(permission: str) -> rx.Var:
    return AuthState.permissions.contains(permission)


def _delete_button(row: rx.Var) -> rx.Component:
    return confirm_delete("Delete webhook ", row["url"], "?", on_confirm=WebhooksState.delete(row["id"]),
                          description="Its delivery log goes with it. To pause it, deactivate it instead.")


def _webhook_row(row: rx.Var) -> rx.Component:
    active = row["active"] == "yes"
    return rx.table.row(
        rx.table.cell(rx.text(row["url"], weight="medium", word_break="break-all")),
        rx.table.cell(rx.text(row["events"], size="2")),
        rx.table.cell(rx.badge(row["status"], color_scheme=rx.cond(active, "green", "gray"), variant="soft")),
        rx.table.cell(rx.code(row["secret"])),
        rx.table.cell(row["pending"]),
        rx.table.cell(rx.text(row["failed"], color=rx.cond(row["failed"] != "0", rx.color("red", 11), "inherit"))),
        rx.table.cell(rx.cond(_can("webhook.write"), rx.hstack(
            rx.switch(checked=active, on_change=lambda v: WebhooksState.set_active(row["id"], v),
                      aria_label="Active", id="webhook-active-" + row["id"].to(str)),
            rx.cond(_can("webhook.delete"), _delete_button(row)),
            spacing="3", align="center"))),
    )


def _webhooks_table() -> rx.Component:
    headers = ["Receiver URL", "Events", "Status", "Secret", "Pending", "Failed", ""]
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(rx.foreach(WebhooksState.webhooks, _webhook_row)),
            width="100%", size="2", id="webhooks-table",
        ),
        rx.cond(WebhooksState.webhooks.length() == 0,
                rx.text("No webhook yet: register a receiver to be told of task and integrity events.",
                        color=rx.color("gray", 10), size="2", padding="0.5em")),
        overflow_x="auto", width="100%",
    )


def _secret_callout() -> rx.Component:
    return rx.cond(WebhooksState.new_secret != "", rx.callout.root(
        rx.callout.icon(rx.icon("key-round")),
        rx.hstack(
            rx.callout.text("Generated secret (shown once, store it in the receiver now): ",
                            rx.code(WebhooksState.new_secret, id="webhook-new-secret")),
            rx.spacer(),
            rx.button("Done", size="1", variant="soft", on_click=WebhooksState.dismiss_secret),
            align="center", width="100%"),
        color_scheme="amber", width="100%",
    ))


def _events_field() -> rx.Component:
    return field("Events", rx.vstack(
        rx.foreach(WebhooksState.events,
                   lambda e: rx.checkbox(e, name=EVENT_FIELD + e.to(str), id="webhook-event-" + e.to(str))),
        spacing="1"))


def _delivery_cell(row: rx.Var, key: str) -> rx.Component:
    if key == "status":
        return rx.badge(row["status"], variant="soft", color_scheme=rx.match(
            row["status"], ("delivered", "green"), ("failed", "red"), "amber"))
    if key == "last_error":
        return rx.text(row["last_error"], size="1", color=rx.color("red", 11), max_width="280px")
    if key == "url":
        return rx.text(row["url"], size="2", min_width="200px", max_width="280px", word_break="break-all")
    return rx.text(row[key], size="2", white_space="nowrap")


def webhooks_page() -> rx.Component:
    new = rx.cond(_can("webhook.write"),
                  rx.button(rx.icon("plus"), "New webhook", on_click=WebhooksState.open_new, id="new-webhook"))
    return page_shell(
        "Webhooks",
        rx.hstack(rx.text("Signed POSTs (X-WellOps-Signature, HMAC-SHA256) to your receivers; see docs/api.md.",
                          color=rx.color("gray", 11), size="2"), rx.spacer(), new, width="100%", align="center"),
        _secret_callout(),
        _webhooks_table(),
        rx.heading("Delivery log", size="4", margin_top="0.5em"),
        toolbar(WebhooksState, filter_select(WebhooksState, "status", DELIVERY_STATUSES, "Status"),
                rx.button(rx.icon("refresh-cw"), "Refresh", variant="soft", on_click=WebhooksState.load,
                          id="webhook-refresh")),
        data_table(WebhooksState, COLUMNS, table_id="webhook-deliveries-table", cell=_delivery_cell),
        form_dialog(
            WebhooksState, "New webhook",
            text_input(WebhooksState, "url", "Receiver URL", required=True, hint="http:// or https:// only"),
            text_input(WebhooksState, "secret", "Secret", type_="password",
                       hint="16+ characters; leave empty to generate one (shown once)"),
            _events_field(),
            on_submit=WebhooksState.create, dialog_id="webhook-form", columns="1",
        ),
    )

