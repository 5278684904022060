"""One well's integrity: snapshot, annuli A-D, MAASP table, reading entry with alerts, pressure chart, SAP verdict."""

import reflex as rx

from well_ops.components.integrity_charts import annulus_pressure_chart
from well_ops.components.layout import error_callout, page_shell
from well_ops.pages.integrity_import import import_panel
from well_ops.pages.integrity_what_if import what_if_panel
from well_ops.state.auth import AuthState
from well_ops.state.integrity_well import IntegrityWellState as S

MUTED = rx.color("gray", 11)
GAR = {"green": "green", "amber": "amber", "red": "red"}


def _kv(label: str, value: rx.Var | str, id_: str | rx.Var | None = None) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color=MUTED), rx.text(value, size="2", weight="medium", id=id_),
                     spacing="0")


def _header() -> rx.Component:
    s = S.snapshot
    colour = rx.match(s["status"], ("green", "green"), ("red", "red"), ("amber", "amber"), "gray")
    risk_colour = rx.match(s["risk_colour"], ("green", "green"), ("red", "red"), ("amber", "amber"), "gray")
    status = rx.hstack(
        rx.badge(s["label"], color_scheme=colour, variant="solid", size="3", id="integrity-category"),
        rx.badge("Risk ", s["risk"], " (", s["score"], ")", color_scheme=risk_colour, variant="soft", size="3",
                 id="integrity-risk"),
        spacing="2", id="integrity-status", data_status=s["status"], data_risk=s["risk"], data_category=s["category"],
        align="center")
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(S.well_name, size="5", id="integrity-well-name"), status, rx.spacer(),
                  rx.cond(AuthState.permissions.contains("integrity.write"),
                          rx.button(rx.icon("calculator"), "Recompute MAASP", size="2", variant="soft",
                                    on_click=S.recompute, id="integrity-recompute")),
                  align="center", wrap="wrap", spacing="3", width="100%"),
        rx.flex(_kv("Primary envelope", s["primary"], "integrity-primary"),
                _kv("Secondary envelope", s["secondary"], "integrity-secondary"),
                _kv("Risk cell", s["cell"]), _kv("Highest utilisation", s["util"], "integrity-util"),
                _kv("Snapshot", s["computed"]), spacing="6", wrap="wrap"),
        rx.cond(s["why"] != "", rx.text(s["why"], size="1", color=rx.color("amber", 11), id="integrity-why")),
        spacing="3", width="100%"), width="100%")


def _no_annuli() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("info")),
        rx.vstack(
            rx.text("No annuli are defined for this well yet.", weight="bold"),
            rx.text("Describe its casing, tubing and completion and define annuli A-D in the architecture editor; "
                    "MAASP, MAWOP, pressure readings, the chart and the SAP check then appear here.", size="2"),
            rx.link(rx.button(rx.icon("layers"), "Open the architecture editor", size="2", variant="soft"),
                    href="/integrity/wells/" + S.well_id + "/architecture"),
            spacing="2"),
        color_scheme="blue", id="integrity-no-annuli", width="100%")


def _annulus_card(a: rx.Var) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading("Annulus ", a["name"], size="4"), rx.spacer(),
                  rx.button("Show", size="1", variant=rx.cond(S.annulus_id == a["id"], "solid", "soft"),
                            on_click=S.select_annulus(a["id"]), id="annulus-show-" + a["name"]), width="100%"),
        rx.text(a["strings"], size="1", color=MUTED),
        rx.grid(_kv("Fluid", a["fluid"]), _kv("Gradient", a["gradient"]), _kv("Backup gradient", a["backup"]),
                _kv("Inside gradient", a["inside"]), _kv("MOP", a["mop"]), _kv("MAWOP", a["mawop"]),
                _kv("MAASP", a["maasp"], "maasp-" + a["name"]), _kv("Latest", a["latest"]),
                columns="2", spacing="2", width="100%"),
        rx.text("Utilisation (latest / MAASP): ", rx.text.strong(a["util"]), size="2"),
        rx.box(rx.box(width=a["util_bar"] + "%", height="100%", border_radius="4px",
                      background=rx.cond(a["over"] == "1", rx.color("red", 9), rx.color("teal", 9))),
               width="100%", height="8px", border_radius="4px", background=rx.color("gray", 4),
               id="util-bar-" + a["name"]),
        rx.cond(a["warnings"] != "", rx.text(a["warnings"], size="1", color=rx.color("amber", 11))),
        spacing="2", width="100%"), id="annulus-" + a["name"], width="100%")


def _maasp_table() -> rx.Component:
    m = S.maasp
    heads = ["Point", "Kind", "TVD (m)", "Allowable (bar)", "Allowable (psi)", "Formula"]
    row = lambda p: rx.table.row(  # noqa: E731
        rx.table.cell(rx.cond(p["limiting"] == "1", rx.text.strong(p["name"], " (limiting)"), rx.text(p["name"]))),
        rx.table.cell(p["kind"]), rx.table.cell(p["tvd"]), rx.table.cell(p["bar"]), rx.table.cell(p["psi"]),
        rx.table.cell(rx.code(p["formula"], size="1")),
        background=rx.cond(p["limiting"] == "1", rx.color("red", 3), "transparent"))
    return rx.card(rx.vstack(
        rx.heading("MAASP / MAWOP", size="4"),
        rx.cond(m["error"] != "", rx.callout(m["error"], icon="info", color_scheme="amber", id="maasp-error")),
        rx.flex(_kv("MAASP", m["maasp"], "maasp-value"), _kv("Limiting point", m["limiting"]),
                _kv("MAWOP", m["mawop"]), _kv("MAWOP limited by", m["mawop_limiting"]),
                _kv("Method", m["version"]), _kv("Computed", m["computed"]), _kv("Reason", m["reason"]),
                spacing="5", wrap="wrap"),
        rx.box(rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                             rx.table.body(rx.foreach(S.maasp_points, row)), size="1", width="100%",
                             id="maasp-table"), overflow_x="auto", width="100%"),
        rx.text("What changed", size="2", weight="medium"),
        rx.foreach(S.maasp_changes, lambda c: rx.text("• ", c, size="1")),
        rx.foreach(S.maasp_notes, lambda c: rx.text(c, size="1", color=MUTED)),
        rx.accordion.root(rx.accordion.item(header="Inputs", content=rx.vstack(
            rx.foreach(S.maasp_inputs, lambda c: rx.code(c, size="1")), spacing="1")),
            collapsible=True, type="single", variant="outline", width="100%"),
        spacing="2", width="100%"), width="100%")


def _reading_form() -> rx.Component:
    options = rx.foreach(S.annuli, lambda a: rx.select.item("Annulus " + a["name"], value=a["id"]))
    return rx.card(rx.form(rx.vstack(
        rx.heading("Enter a reading", size="4"),
        error_callout(S.reading_error),
        rx.flex(
            rx.select.root(rx.select.trigger(placeholder="Annulus", id="reading-annulus"),
                           rx.select.content(options), name="annulus_id", value=S.annulus_id,
                           on_change=S.select_annulus),
            rx.input(name="pressure", placeholder="Pressure", type="number", step="any", required=True,
                     id="reading-pressure", width="120px"),
            rx.select(["bar", "psi"], name="unit", default_value="bar", id="reading-unit"),
            rx.input(name="temperature_c", placeholder="Temp (°C)", type="number", step="any",
                     id="reading-temperature", width="110px"),
            rx.input(name="measured_at", type="datetime-local", id="reading-time", title="UTC; empty = now"),
            rx.input(name="source", placeholder="source", default_value="manual", id="reading-source",
                     width="110px"),
            rx.checkbox("Bleed", name="is_bleed", id="reading-bleed"),
            rx.button(rx.icon("save"), "Save reading", type="submit", id="reading-save"),
            spacing="2", wrap="wrap", align="center"),
        rx.text("Time in UTC; leave empty for now.", size="1", color=MUTED),
        rx.cond(S.last_saved != "", rx.text(S.last_saved, size="2", id="reading-saved")),
        spacing="2", width="100%"), on_submit=S.save_reading, reset_on_submit=False), width="100%")


def _alerts() -> rx.Component:
    return rx.cond(S.alert_lines.length() > 0, rx.callout.root(
        rx.callout.icon(rx.icon("siren")),
        rx.vstack(rx.text("Limit exceeded — an integrity task was raised", weight="bold"),
                  rx.foreach(S.alert_lines, lambda t: rx.text(t, size="2")), spacing="1"),
        color_scheme="red", role="alert", id="reading-alert", width="100%"))


def _chart() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading("Annulus pressure", size="4"), rx.spacer(),
                  rx.segmented_control.root(*[rx.segmented_control.item(v, value=v) for v in ("1d", "7d", "30d",
                                                                                            "all")],
                                            value=S.chart_range, on_change=S.set_range, id="chart-range"),
                  width="100%", align="center"),
        annulus_pressure_chart(S.chart, chart_id="annulus-chart"),
        rx.text(S.chart["total"].to(str), size="1", color=MUTED),
        spacing="2", width="100%"), width="100%")


def _sap() -> rx.Component:
    s = S.sap
    return rx.card(rx.vstack(
        rx.hstack(rx.heading("Sustained annulus pressure", size="4"),
                  rx.badge(s["status"], color_scheme=rx.cond(s["detected"] == "1", "red", "gray"), id="sap-status")),
        rx.flex(_kv("Action required", s["action"]), _kv("Rebuild", s["rebuild"]), _kv("Window", s["window"]),
                _kv("Readings", s["count"]), spacing="5", wrap="wrap"),
        rx.foreach(S.sap_evidence, lambda e: rx.text("• ", e, size="1")),
        spacing="2", width="100%", id="sap-panel"), width="100%")


def _body() -> rx.Component:
    return rx.vstack(
        _header(),
        rx.grid(rx.foreach(S.annuli, _annulus_card), columns=rx.breakpoints(initial="1", md="2", xl="4"),
                spacing="3", width="100%"),
        rx.cond(S.annuli.length() > 0, rx.vstack(
            rx.cond(AuthState.permissions.contains("reading.write"), _reading_form()),
            _alerts(), _chart(),
            rx.grid(_maasp_table(), _sap(), columns=rx.breakpoints(initial="1", lg="2"), spacing="3", width="100%"),
            what_if_panel(),
            rx.cond(AuthState.permissions.contains("reading.write"), import_panel()),
            spacing="4", width="100%"), _no_annuli()),
        spacing="4", width="100%")


def integrity_well_page() -> rx.Component:
    return page_shell(
        "Well integrity",
        rx.hstack(rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("Fleet", size="2"), align="center"),
                          href="/integrity"),
                  rx.link("Well page", href="/wells/" + S.well_id, size="2"), spacing="4"),
        rx.cond(S.found, _body(), rx.callout("This well does not exist (or was deleted).", icon="info",
                                             id="integrity-not-found")),
    )
