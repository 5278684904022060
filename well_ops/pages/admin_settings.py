"""Admin: configuration (alert thresholds)."""

import reflex as rx

from well_ops.components.layout import error_callout, page_shell
from well_ops.services.settings import AlertThresholds
from well_ops.state.settings import SettingsState

LABELS = {
    "schedule_delay_days": "Schedule alert: days behind plan",
    "budget_warning_pct": "Budget warning: % of approved budget consumed",
    "budget_overrun_pct": "Budget overrun: % of approved budget consumed",
    "delivery_grace_hours": "Late delivery: hours past ETA",
    "milestone_window_days": "Upcoming milestones: days ahead",
}


def settings_page() -> rx.Component:
    fields = [
        rx.vstack(
            rx.text(LABELS.get(name, name), size="2", weight="medium"),
            rx.input(name=name, type="number", step="any", default_value=SettingsState.values[name].to(str),
                     width="200px"),
            rx.text(info.description or "", size="1", color=rx.color("gray", 10)),
            spacing="1",
        )
        for name, info in AlertThresholds.model_fields.items()
    ]
    return page_shell(
        "Settings",
        rx.card(
            rx.heading("Dashboard alert thresholds", size="4"),
            rx.form(
                rx.vstack(error_callout(SettingsState.error), rx.grid(*fields, columns="2", spacing="4"),
                          rx.button("Save", type="submit", id="settings-save"), spacing="3"),
                on_submit=SettingsState.save, key=SettingsState.form_key,
            ),
            width="100%", max_width="800px",
        ),
    )
