"""Well barriers: primary / secondary envelopes, their elements (overdue tests in red), barrier tests and history."""

from __future__ import annotations

import reflex as rx

from well_ops.components.badges import status_badge
from well_ops.components.layout import error_callout, page_shell
from well_ops.components.table import data_table, form_dialog, id_select, select_input, text_input
from well_ops.models.barriers import BarrierElementKind, BarrierStatus, EnvelopeKind, TestType
from well_ops.state.auth import AuthState
from well_ops.state.integrity_barriers import BarriersState as S

CAN_WRITE = AuthState.permissions.contains("barrier.write")
COLUMNS = [("envelope", "Envelope"), ("name", "Element"), ("kind", "Kind"), ("status", "Status"),
           ("annulus_name", "Annulus"), ("test_interval_days", "Interval (d)"), ("last_tested_at", "Last test"),
           ("next_test_due", "Next due")]
HISTORY = [("performed_at", "When (UTC)"), ("test_type", "Type"), ("direction", "Direction"),
           ("differential_bar", "Differential (bar)"), ("duration_min", "Duration (min)"),
           ("leak_rate", "Leak rate (scf/min)"), ("criterion", "Acceptance"), ("result", "Result")]


def _cell(row: rx.Var, key: str) -> rx.Component:
    if key == "status":
        return status_badge(row["status"])
    if key == "next_test_due":
        return rx.text(row["next_test_due"], color=rx.cond(row["overdue"] == "yes", "red", "inherit"),
                       weight=rx.cond(row["overdue"] == "yes", "bold", "regular"))
    return rx.text(row[key])


def _actions(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon_button(rx.icon("history", size=14), size="1", variant="soft", aria_label="Test history",
                       on_click=S.show_history(row["id"])),
        rx.cond(CAN_WRITE, rx.fragment(
            rx.icon_button(rx.icon("pencil", size=14), size="1", variant="soft", aria_label="Edit",
                           on_click=S.open_edit(row["id"])),
            rx.button("Test", size="1", variant="soft", id="test-" + row["id"].to(str),
                      on_click=S.open_test(row["id"])))),
        spacing="1")


def _num(name: str, label: str) -> rx.Component:
    return text_input(S, name, label, type_="number")


def _test_dialog() -> rx.Component:
    fields = [
        select_input(S, "test_type", "Type", [t.value for t in TestType], "pressure"),
        rx.vstack(rx.text("Performed at (UTC)", size="2", weight="medium"),
                  rx.input(name="performed_at", type="datetime-local", default_value=S.test_now, width="100%"),
                  width="100%", spacing="1"),
        select_input(S, "direction", "Direction", ["from_below", "from_above"], "from_below"),
        _num("differential_bar", "Differential (bar)"), _num("duration_min", "Duration (min)"),
        text_input(S, "acceptance_criterion", "Acceptance criterion"),
        select_input(S, "fluid", "Fluid", ["gas", "liquid"], "gas"),
        _num("acceptance_leak_rate_scf_per_min", "Acceptance leak rate (scf/min)"),
        _num("leak_rate_scf_per_min", "Measured leak rate (scf/min)"),
        _num("delta_p_over_z_bar", "Inflow: Δ(p/Z) (bar)"), _num("volume_m3", "Inflow: volume (m³)"),
        _num("temperature_c", "Inflow: temperature (°C)"),
        select_input(S, "result", "Result (blank: computed)", ["pass", "fail"]),
        text_input(S, "notes", "Notes"),
    ]
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("Record a test of ", S.test_element["name"]),
        rx.form(rx.vstack(
            error_callout(S.test_error),
            rx.grid(*fields, columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"),
            rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                      rx.button("Record", type="submit", id="test-form-save"), justify="end", width="100%"),
            spacing="3"), on_submit=S.record, key=S.test_key),
        max_width="720px", id="test-form"), open=S.test_open, on_open_change=S.set_test_open)


def _history() -> rx.Component:
    def render(t: rx.Var) -> rx.Component:
        return rx.table.row(*[rx.table.cell(status_badge(t[k]) if k == "result" else rx.text(t[k]))
                              for k, _ in HISTORY])
    return rx.cond(S.history_name != "", rx.vstack(
        rx.heading("Test history: ", S.history_name, size="4"),
        rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for _, h in HISTORY])),
                      rx.table.body(rx.foreach(S.history, render)), size="1", width="100%", id="test-history"),
        width="100%"))


def barriers_page() -> rx.Component:
    envelopes = rx.hstack(
        rx.foreach(S.envelopes, lambda e: rx.card(rx.hstack(rx.text(e["kind"], " envelope", weight="bold"),
                                                            status_badge(e["status"])))),
        rx.card(rx.hstack(rx.text("Guideline 117 category ", S.category, weight="bold"), status_badge(S.gar))),
        spacing="3", wrap="wrap")
    new = rx.cond(CAN_WRITE, rx.button(rx.icon("plus"), "New element", on_click=S.open_new, id="new-element"))
    return page_shell(
        "Barriers",
        rx.cond(S.load_error != "", rx.callout(S.load_error, color_scheme="red", icon="triangle-alert")),
        rx.hstack(rx.link(rx.button(rx.icon("arrow-left"), "Well integrity", variant="soft", size="1"),
                          href="/integrity/wells/" + S.well_id.to(str)),
                  rx.link(rx.button(rx.icon("layers"), "Architecture", variant="soft", size="1"),
                          href="/integrity/wells/" + S.well_id.to(str) + "/architecture"), rx.spacer(), new),
        envelopes,
        data_table(S, COLUMNS, table_id="barrier-elements", cell=_cell, actions=_actions),
        _history(),
        form_dialog(S, rx.cond(S.form_values.contains("id"), "Edit barrier element", "New barrier element"),
                    select_input(S, "envelope", "Envelope", [e.value for e in EnvelopeKind], "primary"),
                    select_input(S, "kind", "Kind", [k.value for k in BarrierElementKind], "sssv"),
                    text_input(S, "name", "Name", required=True),
                    select_input(S, "status", "Status", [s.value for s in BarrierStatus], "unknown"),
                    id_select(S, "annulus_id", "Annulus", S.annulus_options),
                    _num("test_interval_days", "Test interval (days, blank: default)"),
                    on_submit=S.save, dialog_id="element-form"),
        _test_dialog(),
    )
