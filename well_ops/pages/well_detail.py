"""One well: metadata, KPIs, time-depth (plan vs actual), cost vs AFE, NPT breakdown, latest reports, plan editor."""

import reflex as rx

from well_ops.components.badges import status_badge
from well_ops.components.charts import cost_chart, npt_bar_chart, time_depth_chart
from well_ops.components.layout import error_callout, page_shell, stat_card
from well_ops.state.auth import AuthState
from well_ops.state.well_detail import MAX_CSV_BYTES
from well_ops.state.well_detail import WellDetailState as S

MUTED = rx.color("gray", 11)
UPLOAD_ID = "plan-upload"


def _label_value(label: str, value: rx.Var) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color=MUTED), rx.text(value, size="2", weight="medium"), spacing="0")


def _header() -> rx.Component:
    w = S.well
    campaign = rx.cond(w["campaign_id"] != "", rx.link(w["campaign"], href="/campaigns/" + w["campaign_id"]),
                       rx.text("—"))
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(w["name"], size="5", id="well-heading"), status_badge(w["status"]),
                  rx.badge(w["type"], variant="outline"), align="center", wrap="wrap", spacing="3"),
        rx.flex(rx.vstack(rx.text("Campaign", size="1", color=MUTED), campaign, spacing="0"),
                _label_value("Rig", w["rig"]), _label_value("Field", w["field"]), _label_value("Country", w["country"]),
                _label_value("Spud", w["spud"]), _label_value("Completion", w["completion"]),
                _label_value("Fluid", w["fluid"]), _label_value("Water depth", w["water_depth"]),
                _label_value("H2S", w["h2s"]), spacing="6", wrap="wrap"),
        spacing="3", width="100%"), width="100%")


def _kpis() -> rx.Component:
    k = S.kpis
    return rx.flex(
        stat_card("MD / target MD", k["depth"], "arrow-down-to-line", "kpi-depth"),
        stat_card("Progress by depth", k["progress_depth"], "gauge", "kpi-progress-depth"),
        stat_card("Days from spud / planned", k["days"] + " / " + k["planned_days"], "calendar-days", "kpi-days"),
        stat_card("Progress by time", k["progress_time"], "calendar-clock", "kpi-progress-time"),
        rx.card(rx.vstack(rx.text("Days ahead (depth-based)", size="2", color=MUTED),
                          rx.heading(k["days_ahead"], size="5", id="kpi-days-ahead",
                                     color=rx.cond(k["behind"] == "1", rx.color("red", 11), "inherit")),
                          rx.text("Depth vs plan today: ", k["depth_ahead"], size="1", color=MUTED), spacing="1"),
                min_width="200px"),
        rx.card(rx.vstack(rx.text("On-bottom ROP", size="2", color=MUTED),
                          rx.heading(k["rop"], size="5", id="kpi-rop"),
                          rx.text(k["rop_detail"], size="1", color=MUTED), spacing="1"), min_width="200px"),
        rx.card(rx.vstack(rx.text("Cost vs well AFE", size="2", color=MUTED),
                          rx.heading(k["budget"], size="5", id="kpi-budget",
                                     color=rx.cond(k["over"] == "1", rx.color("red", 11), "inherit")),
                          rx.text(k["cost"], " of ", k["afe"], size="1", color=MUTED), spacing="1"), min_width="200px"),
        spacing="3", wrap="wrap", width="100%",
    )


def _charts() -> rx.Component:
    return rx.grid(
        rx.card(rx.heading("Time-depth: plan (dashed) vs actual", size="4"),
                time_depth_chart(S.plan_x, S.plan_y, S.actual_x, S.actual_y, chart_id="well-time-depth"),
                width="100%"),
        rx.card(rx.heading("Cumulative cost vs AFE", size="4"),
                cost_chart(S.cost_dates, S.cost_cumulative, S.afe_amount, currency=S.currency,
                           chart_id="well-cost-chart"),
                width="100%"),
        columns=rx.breakpoints(initial="1", lg="2"), spacing="3", width="100%",
    )


def _npt() -> rx.Component:
    n = S.npt
    return rx.card(
        rx.hstack(rx.heading("NPT by activity code", size="4"), rx.spacer(),
                  rx.text(rx.text.strong(n["pct"]), " NPT · ", rx.text.strong(n["days"]), " NPT days (",
                          n["hours"], " h of ", n["reported"], " h reported)", size="2", id="npt-summary"),
                  wrap="wrap", align="center", width="100%"),
        rx.cond(S.npt_codes.length() > 0,
                npt_bar_chart(S.npt_codes, S.npt_hours, chart_id="npt-chart"),
                rx.text("No non-productive time reported.", size="2")),
        width="100%",
    )


def _reports() -> rx.Component:
    heads = ["Date", "No.", "MD (m)", "Drilled (m)", "NPT (h)", "Daily cost", "Summary"]
    row = lambda r: rx.table.row(  # noqa: E731
        rx.table.cell(rx.link(r["date"], href="/reports")), rx.table.cell(r["number"]),
        rx.table.cell(r["depth"]), rx.table.cell(r["drilled"]), rx.table.cell(r["npt"]), rx.table.cell(r["cost"]),
        rx.table.cell(rx.text(r["summary"], size="1")))
    return rx.card(
        rx.hstack(rx.heading("Latest daily reports", size="4"), rx.spacer(),
                  rx.link("All ", S.report_total.to_string(), " reports →", href="/reports", size="2"),
                  width="100%"),
        rx.box(rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                             rx.table.body(rx.foreach(S.reports, row)), size="1", width="100%", id="well-reports"),
               overflow_x="auto", width="100%"),
        rx.cond(S.reports.length() == 0, rx.text("No reports yet.", size="2")),
        width="100%",
    )


def _plan_row(r: rx.Var, i: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.input(value=r["day"], on_change=lambda v: S.set_plan_cell(i, "day", v), type="number",
                               step="any", size="1", width="90px", id="plan-day-" + i.to_string())),
        rx.table.cell(rx.input(value=r["depth"], on_change=lambda v: S.set_plan_cell(i, "depth", v), type="number",
                               step="any", size="1", width="110px", id="plan-depth-" + i.to_string())),
        rx.table.cell(rx.icon_button(rx.icon("x", size=12), size="1", variant="soft", color_scheme="red",
                                     aria_label="Remove row", on_click=S.remove_plan_row(i),
                                     id="plan-remove-" + i.to_string())),
    )


def _plan_editor() -> rx.Component:
    table = rx.table.root(
        rx.table.header(rx.table.row(rx.table.column_header_cell("Day since spud"),
                                     rx.table.column_header_cell("Planned MD (m)"), rx.table.column_header_cell(""))),
        rx.table.body(rx.foreach(S.plan_rows, _plan_row)), size="1", id="plan-table")
    upload = rx.vstack(
        rx.upload(rx.vstack(rx.icon("file-up"), rx.text("Drop a CSV here or click (columns: day, depth_md_m)",
                                                        size="1"), align="center", spacing="1"),
                  id=UPLOAD_ID, max_files=1, max_size=MAX_CSV_BYTES,
                  accept={"text/csv": [".csv"], "text/plain": [".txt"]},
                  border=f"1px dashed {rx.color('gray', 7)}", padding="1em", border_radius="8px", width="100%"),
        rx.foreach(rx.selected_files(UPLOAD_ID), lambda f: rx.text(f, size="1")),
        rx.button(rx.icon("upload"), "Import CSV", size="2", variant="soft", id="plan-import",
                  on_click=S.import_plan(rx.upload_files(upload_id=UPLOAD_ID))),
        spacing="2", width="100%")
    return rx.card(
        rx.heading("Planned time-depth curve", size="4"),
        rx.text("Depth may not go back up; each day once. Saving replaces the whole plan.", size="1", color=MUTED),
        error_callout(S.plan_error),
        rx.grid(
            rx.vstack(table,
                      rx.hstack(rx.button(rx.icon("plus"), "Add row", size="2", variant="soft", on_click=S.add_plan_row,
                                          id="plan-add-row"),
                                rx.button(rx.icon("save"), "Save plan", size="2", on_click=S.save_plan,
                                          id="plan-save"), spacing="2"),
                      spacing="2"),
            upload, columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%", padding_top="0.5em"),
        width="100%", id="plan-editor",
    )


def _body() -> rx.Component:
    return rx.vstack(
        _header(), _kpis(), _charts(), _npt(), _reports(),
        rx.cond(AuthState.permissions.contains("well.write"), _plan_editor()),
        spacing="4", width="100%")


def well_detail_page() -> rx.Component:
    return page_shell(
        "Well",
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("All wells", size="2"), align="center"),
                href="/wells"),
        rx.link(rx.button(rx.icon("shield-check"), "Integrity", size="2", variant="soft", id="well-integrity-link"),
                href="/integrity/wells/" + S.well["id"]),
        rx.cond(S.found, _body(), rx.callout("This well does not exist (or was deleted).", icon="info",
                                             id="well-not-found")),
    )
