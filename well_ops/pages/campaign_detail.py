"""One campaign: header, KPIs, budget, wells with progress, time-depth charts, milestones, tasks, AFE supplements."""

import reflex as rx

from well_ops.components.badges import status_badge
from well_ops.components.charts import time_depth_chart
from well_ops.components.layout import error_callout, page_shell, stat_card
from well_ops.state.auth import AuthState
from well_ops.state.campaign_detail import CampaignDetailState as S

MUTED = rx.color("gray", 11)


def _label_value(label: str, value: rx.Var) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color=MUTED), rx.text(value, size="2", weight="medium"), spacing="0")


def _header() -> rx.Component:
    c = S.campaign
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(c["code"], " · ", c["name"], size="5", id="campaign-heading"),
                      status_badge(c["status"]), align="center", wrap="wrap", spacing="3"),
            rx.flex(_label_value("Planned", c["planned"]), _label_value("Actual", c["actual"]),
                    _label_value("Primary rig", c["rig"]), _label_value("Field", c["field"]),
                    _label_value("Location", c["location"]), spacing="6", wrap="wrap"),
            rx.cond(c["objectives"] != "", rx.text(c["objectives"], size="2", color=MUTED)),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _kpis() -> rx.Component:
    f = S.figures
    return rx.flex(
        stat_card("Progress by depth (MD / target)", f["progress_depth"], "arrow-down-to-line", "kpi-progress-depth"),
        stat_card("Progress by time (days / planned)", f["progress_time"], "calendar-clock", "kpi-progress-time"),
        stat_card("Days since campaign start", f["days"], "calendar-days", "kpi-days"),
        stat_card("Wells", f["wells"], "map-pin", "kpi-wells"),
        stat_card("Budget consumed", f["budget"], "wallet", "kpi-budget"),
        spacing="3", wrap="wrap", width="100%",
    )


def _budget() -> rx.Component:
    f = S.figures
    over = f["overrun"] == "1"
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading("Budget: consumed vs approved", size="4"), rx.spacer(),
                      rx.cond(over, rx.badge("Overrun", color_scheme="red", variant="solid"))),
            rx.progress(value=S.budget_bar, max=100, color_scheme=rx.cond(over, "red", "teal"),
                        size="3", id="budget-bar"),
            rx.text("Cost to date ", rx.text.strong(f["cost"]), " of approved ", rx.text.strong(f["approved"]),
                    " (AFE ", f["afe"], " + approved supplements ", f["supplements"], ") · ", f["budget"],
                    size="2", id="budget-text"),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _bar_cell(value: rx.Var, label: rx.Var, color: str | rx.Var = "teal") -> rx.Component:
    return rx.hstack(rx.progress(value=value, max=100, width="90px", color_scheme=color),
                     rx.text(label, size="1"), align="center", spacing="2")


def _well_row(w: rx.Var) -> rx.Component:
    red = rx.color("red", 11)
    return rx.table.row(
        rx.table.cell(rx.link(w.name, href="/wells/" + w.id, weight="medium", white_space="nowrap",
                              id="campaign-well-" + w.id)),
        rx.table.cell(status_badge(w.status)),
        rx.table.cell(rx.text(w.depth, white_space="nowrap")),
        rx.table.cell(_bar_cell(w.progress_depth, w.progress_depth_label)),
        rx.table.cell(_bar_cell(w.progress_time, w.progress_time_label, "blue")),
        rx.table.cell(w.days),
        rx.table.cell(rx.text(w.days_ahead, color=rx.cond(w.behind, red, "inherit"), white_space="nowrap")),
        rx.table.cell(rx.text(w.rop, white_space="nowrap")),
        rx.table.cell(rx.text(w.cost, " (", w.budget, ")", color=rx.cond(w.over, red, "inherit"))),
        rx.table.cell(w.npt),
    )


def _wells() -> rx.Component:
    heads = ["Well", "Status", "MD / target", "Progress by depth", "Progress by time", "Days from spud",
             "Days ahead (plan)", "On-bottom ROP", "Cost / well AFE", "NPT"]
    return rx.card(
        rx.heading("Wells", size="4"),
        rx.box(rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h, white_space="nowrap") for h in heads])),
            rx.table.body(rx.foreach(S.wells, _well_row)),
            size="1", width="100%", id="campaign-wells"), overflow_x="auto", width="100%", padding_top="0.5em"),
        rx.cond(S.wells.length() == 0, rx.text("No wells in this campaign yet.", size="2")),
        width="100%",
    )


def _charts() -> rx.Component:
    return rx.card(
        rx.heading("Time-depth: plan (dashed) vs actual", size="4"),
        rx.grid(
            rx.foreach(S.charts, lambda c: rx.box(rx.cond(
                (c.plan_x.length() > 0) | (c.actual_x.length() > 0),
                time_depth_chart(c.plan_x, c.plan_y, c.actual_x, c.actual_y, title=c.name,
                                 chart_id="time-depth-" + c.well_id),
                rx.callout(c.name + ": no plan and no reports yet.", icon="info", size="1")),
                width="100%")),
            columns=rx.breakpoints(initial="1", lg="2"), spacing="3", width="100%", id="campaign-charts",
        ),
        width="100%",
    )


def _milestones() -> rx.Component:
    return rx.card(
        rx.heading("Milestones", size="4"),
        rx.vstack(rx.foreach(S.milestones, lambda m: rx.hstack(
            rx.badge(m["kind"], variant="soft"), rx.text(m["name"], size="2"),
            rx.cond(m["well"] != "", rx.text("· ", m["well"], size="1", color=MUTED)), rx.spacer(),
            rx.cond(m["actual"] != "", rx.text("done ", m["actual"], size="1", color=rx.color("green", 11)),
                    rx.text("planned ", m["planned"], size="1",
                            color=rx.cond(m["overdue"] == "1", rx.color("red", 11), MUTED))),
            width="100%", align="center")),
            rx.cond(S.milestones.length() == 0, rx.text("No milestones.", size="2")),
            spacing="2", padding_top="0.5em", id="campaign-milestones", width="100%"),
        width="100%",
    )


def _task_row(t: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(t["title"], weight="medium")),
        rx.table.cell(status_badge(t["status"])),
        rx.table.cell(rx.badge(t["priority"], variant="outline",
                               color_scheme=rx.match(t["priority"], ("critical", "red"), ("high", "orange"), "gray"))),
        rx.table.cell(t["assignee"]),
        rx.table.cell(rx.text(t["due"], white_space="nowrap",
                              color=rx.cond(t["overdue"] == "1", rx.color("red", 11), "inherit"))),
    )


def _tasks() -> rx.Component:
    heads = ["Task", "Status", "Priority", "Assignee", "Due"]
    return rx.card(
        rx.heading("Open tasks", size="4"),
        rx.box(rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                             rx.table.body(rx.foreach(S.tasks, _task_row)), size="1", width="100%",
                             id="campaign-tasks"), overflow_x="auto", width="100%", padding_top="0.5em"),
        rx.cond(S.tasks.length() == 0, rx.text("No open tasks.", size="2")),
        width="100%",
    )


def _supplement(s: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(s["amount"], weight="medium", size="2"), rx.text(s["description"], size="2", color=MUTED),
        rx.spacer(),
        rx.cond(s["approved"] == "1",
                rx.badge("approved ", s["approved_on"], color_scheme="green", variant="soft"),
                rx.hstack(rx.badge("pending", color_scheme="amber", variant="soft"),
                          rx.cond(AuthState.permissions.contains("afe.approve"),
                                  rx.button("Approve", size="1", on_click=S.approve(s["id"]),
                                            id="approve-supplement-" + s["id"].to(str))),
                          spacing="2", align="center")),
        width="100%", align="center",
    )


def _supplements() -> rx.Component:
    form = rx.form(
        rx.hstack(rx.input(name="amount", type="number", step="0.01", min="0", placeholder="Amount",
                           required=True, width="140px", id="supplement-amount"),
                  rx.input(name="description", placeholder="Reason", max_length=500, width="100%",
                           id="supplement-description"),
                  rx.button("Request", type="submit", id="supplement-submit"), spacing="2", width="100%"),
        on_submit=S.add_supplement, reset_on_submit=False, key=S.supplement_key, width="100%",
    )
    return rx.card(
        rx.heading("AFE supplements", size="4"),
        rx.vstack(rx.foreach(S.supplements, _supplement),
                  rx.cond(S.supplements.length() == 0, rx.text("No supplements.", size="2")),
                  error_callout(S.supplement_error),
                  rx.cond(AuthState.permissions.contains("afe.write"), form),
                  spacing="2", padding_top="0.5em", id="campaign-supplements", width="100%"),
        width="100%",
    )


def _rigs() -> rx.Component:
    edit = rx.cond(AuthState.permissions.contains("campaign.write"),
                   rx.button(rx.icon("pencil", size=14), "Edit rigs", size="1", variant="soft", on_click=S.open_rigs,
                             id="edit-campaign-rigs"))
    dialog = rx.dialog.root(rx.dialog.content(
        rx.dialog.title("Rigs used by the campaign"),
        rx.vstack(rx.foreach(S.all_rigs, lambda r: rx.checkbox(
            r["name"], checked=S.rig_selection.contains(r["id"]), on_change=lambda v: S.toggle_rig(r["id"], v))),
            spacing="2"),
        rx.text("If the primary rig is unticked, the first ticked rig becomes primary.", size="1", color=MUTED),
        rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                  rx.button("Save", on_click=S.save_rigs, id="save-campaign-rigs"), justify="end", width="100%"),
        id="campaign-rigs-dialog"), open=S.rigs_open, on_open_change=S.set_rigs_open)
    return rx.card(
        rx.hstack(rx.heading("Rigs", size="4"), rx.spacer(), edit),
        rx.vstack(rx.foreach(S.rigs, lambda r: rx.hstack(
            rx.text(r["name"], size="2", weight="medium"), status_badge(r["status"]),
            rx.cond(r["primary"] == "1", rx.badge("primary", variant="outline")), align="center")),
            rx.cond(S.rigs.length() == 0, rx.text("No rigs linked.", size="2")),
            spacing="2", padding_top="0.5em", id="campaign-rigs"),
        dialog, width="100%",
    )


def _body() -> rx.Component:
    return rx.vstack(
        _header(), _kpis(), _budget(), _wells(), _charts(),
        rx.grid(_milestones(), _tasks(), _supplements(), _rigs(), columns=rx.breakpoints(initial="1", md="2"),
                spacing="3", width="100%"),
        spacing="4", width="100%",
    )


def campaign_detail_page() -> rx.Component:
    return page_shell(
        "Campaign",
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("All campaigns", size="2"), align="center"),
                href="/campaigns"),
        rx.cond(S.found, _body(), rx.callout("This campaign does not exist (or was deleted).", icon="info",
                                             id="campaign-not-found")),
    )
