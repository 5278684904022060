"""Admin: the audit trail (read-only)."""

import reflex as rx

from well_ops.components.layout import page_shell
from well_ops.state.audit import AuditState

ACTIONS = ["all", "create", "update", "delete", "login", "login_failed", "logout", "lockout", "import"]


def _filters() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(name="actor", placeholder="User e-mail", width="200px", id="audit-filter-actor"),
            rx.select.root(
                rx.select.trigger(placeholder="Entity"),
                rx.select.content(rx.select.item("all", value="all"),
                                  rx.foreach(AuditState.entities, lambda e: rx.select.item(e, value=e))),
                name="entity",
            ),
            rx.select(ACTIONS, name="action", placeholder="Action"),
            rx.input(name="date_from", type="date", aria_label="From date"),
            rx.input(name="date_to", type="date", aria_label="To date"),
            rx.button(rx.icon("filter"), "Filter", type="submit", id="audit-filter-submit"),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
        on_submit=AuditState.apply_filters,
        reset_on_submit=False,
        width="100%",
    )


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["at"], white_space="nowrap"),
        rx.table.cell(r["actor"]),
        rx.table.cell(rx.badge(r["action"])),
        rx.table.cell(r["entity"], " #", r["entity_id"]),
        rx.table.cell(rx.text(r["changes"], size="1", font_family="monospace", style={"word-break": "break-all"})),
    )


def audit_page() -> rx.Component:
    return page_shell(
        "Audit trail",
        _filters(),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("When (UTC)", "Who", "Action", "Row", "Change")])),
                rx.table.body(rx.foreach(AuditState.rows, _row)),
                width="100%",
                id="audit-table",
                size="1",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.hstack(
            rx.button("Previous", on_click=AuditState.prev_page, variant="soft"),
            rx.text(AuditState.page_label),
            rx.button("Next", on_click=AuditState.next_page, variant="soft"),
            rx.spacer(),
            rx.text(AuditState.chain_status, size="2"),
            rx.button(rx.icon("shield-check"), "Verify hash chain", on_click=AuditState.verify_chain, variant="soft"),
            align="center",
            width="100%",
        ),
    )
