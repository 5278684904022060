"""The dashboard: the landing page for every role."""

import reflex as rx

from well_ops.components.layout import page_shell, stat_card
from well_ops.state.dashboard import DashboardState


def dashboard_page() -> rx.Component:
    return page_shell(
        "Dashboard",
        rx.flex(
            stat_card("Active campaigns", DashboardState.active_campaigns.to_string(), "flag", "kpi-active-campaigns"),
            stat_card("Rigs", DashboardState.rigs.to_string(), "construction", "kpi-rigs"),
            stat_card("Wells", DashboardState.wells.to_string(), "map-pin", "kpi-wells"),
            stat_card("Open tasks", DashboardState.open_tasks.to_string(), "kanban", "kpi-open-tasks"),
            stat_card("Overdue tasks", DashboardState.overdue_tasks.to_string(), "alarm-clock", "kpi-overdue"),
            spacing="4",
            wrap="wrap",
            width="100%",
        ),
        rx.card(
            rx.heading("Rigs by status", size="4"),
            rx.flex(
                rx.foreach(DashboardState.rigs_by_status,
                           lambda r: rx.badge(r["status"], ": ", r["count"], size="2", variant="soft")),
                spacing="2",
                wrap="wrap",
                padding_top="0.5em",
            ),
            width="100%",
        ),
    )
