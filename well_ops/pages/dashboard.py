"""The dashboard: the landing page for every role (read-only for all)."""

import reflex as rx

from well_ops.components.badges import status_badge
from well_ops.components.layout import page_shell
from well_ops.state.dashboard import DashboardState


def _kpi(label: str, value: rx.Var, detail: rx.Var | str, icon: str, id_: str, help_text: str) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon(icon, size=26, color=rx.color("accent", 10)),
            rx.vstack(
                rx.tooltip(rx.text(label, size="2", color=rx.color("gray", 11)), content=help_text),
                rx.heading(value, size="6", id=id_),
                rx.text(detail, size="1", color=rx.color("gray", 10)),
                spacing="0",
            ),
            align="center", spacing="3",
        ),
        min_width="190px", flex="1",
    )


def kpi_row() -> rx.Component:
    k = DashboardState.kpis
    return rx.flex(
        _kpi("Active campaigns", DashboardState.active_campaigns.to_string(), "", "flag", "kpi-active-campaigns",
             "Campaigns with status active"),
        _kpi("Progress (depth)", k["progress"], "drilled MD / target MD, active wells", "gauge", "kpi-progress",
             "Sum of current measured depth over sum of target depth of the active campaigns' wells"),
        _kpi("Days elapsed", k["days_elapsed"], "since the earliest active spud", "calendar-days", "kpi-days",
             "Days from spud of the longest-running active well"),
        _kpi("Days ahead / behind", k["days_ahead"], "depth-based, vs plan", "timer", "kpi-ahead",
             "t_plan(current depth) - actual days from spud; positive = ahead (mean of active wells)"),
        _kpi("Budget consumed", k["budget"], k["budget_detail"], "wallet", "kpi-budget",
             "Cumulative daily cost / (approved AFE + approved supplements)"),
        _kpi("NPT", k["npt"], k["npt_days"], "octagon-alert", "kpi-npt",
             "Non-productive time: unplanned/downtime/non-productive/failed hours over reported hours"),
        spacing="3", wrap="wrap", width="100%",
    )


def _bar(value: rx.Var, over: rx.Var | str) -> rx.Component:
    """A progress bar; ``value`` is a percentage as text (capped at 100 % wide), red when ``over`` is "1"."""
    return rx.box(
        rx.box(height="100%", width=value.to(str) + "%", max_width="100%", border_radius="4px",
               background=rx.cond(over == "1", rx.color("red", 9), rx.color("accent", 9))),
        height="8px", width="100%", border_radius="4px", background=rx.color("gray", 4), role="progressbar",
    )


def campaign_card(c: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.link(rx.heading(c["code"], size="4"), href="/campaigns/" + c["id"].to(str)),
                rx.text(c["name"], color=rx.color("gray", 11), size="2", trim="both"),
                rx.spacer(), rx.badge(c["rig"], variant="outline"), align="center", width="100%",
            ),
            rx.text("Progress by depth ", c["progress_label"], " · by time ", c["time_label"], size="1"),
            _bar(c["progress"], ""),
            rx.grid(
                rx.text("Current well"), rx.text(c["well"], weight="medium"),
                rx.text("Depth vs target"), rx.text(c["depth"], weight="medium"),
                rx.text("On-bottom ROP"), rx.text(c["rop"], weight="medium"),
                rx.text("Days from spud"), rx.text(c["days"], weight="medium"),
                rx.text("Schedule"), rx.text(c["ahead"], weight="medium",
                                             color=rx.cond(c["behind"] == "1", rx.color("red", 11), "inherit")),
                rx.text("NPT"), rx.text(c["npt"], weight="medium"),
                columns="2", spacing_x="3", spacing_y="1", width="100%", font_size="13px",
            ),
            rx.text("Budget ", c["budget_label"], size="1"),
            _bar(c["budget"], c["over"]),
            spacing="2", width="100%",
        ),
        class_name="campaign-card", width="100%",
    )


def _alert(a: rx.Var) -> rx.Component:
    return rx.callout(
        rx.link(a["message"], href=a["link"], color="inherit"),
        icon=rx.cond(a["level"] == "critical", "octagon-alert", "triangle-alert"),
        color_scheme=rx.cond(a["level"] == "critical", "red", "amber"), size="1", width="100%",
    )


def side_panels() -> rx.Component:
    return rx.vstack(
        rx.card(rx.heading("Alerts", size="4"),
                rx.vstack(rx.foreach(DashboardState.alerts, _alert),
                          rx.cond(DashboardState.alerts.length() == 0, rx.text("No alerts.", size="2")),
                          spacing="2", padding_top="0.5em", id="alerts"), width="100%"),
        rx.card(rx.heading("Milestones (next 14 days, overdue first)", size="4"),
                rx.vstack(rx.foreach(DashboardState.milestones, lambda m: rx.hstack(
                    rx.badge(m["kind"], variant="soft"), rx.text(m["name"], size="2"), rx.spacer(),
                    rx.text(m["date"], " · ", m["when"], size="1",
                            color=rx.cond(m["overdue"] == "1", rx.color("red", 11), rx.color("gray", 11))),
                    width="100%")), spacing="2", padding_top="0.5em", id="milestones"), width="100%"),
        width="100%", spacing="3",
    )


def rig_panel() -> rx.Component:
    return rx.card(
        rx.heading("Rig status map", size="4"),
        rx.text("Hover a rig for details, click it to open it.", size="1", color=rx.color("gray", 10)),
        rx.box(rx.plotly(data=DashboardState.map_figure, on_click=DashboardState.open_rig,
                         config={"scrollZoom": True, "displaylogo": False}), id="rig-map", width="100%"),
        rx.heading("Active rigs", size="3", padding_top="0.5em"),
        rx.vstack(rx.foreach(DashboardState.rigs, lambda r: rx.hstack(
            rx.text(r["name"], weight="medium", size="2", min_width="130px"), status_badge(r["status"]),
            rx.text(r["well"], size="2"), rx.text(r["activity"], size="1", color=rx.color("gray", 11)),
            wrap="wrap", align="center", width="100%")), spacing="1", id="active-rigs"),
        width="100%",
    )


def dashboard_page() -> rx.Component:
    return page_shell(
        "Dashboard",
        kpi_row(),
        rx.grid(
            rx.vstack(rx.grid(rx.foreach(DashboardState.cards, campaign_card),
                              columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%",
                              id="campaign-cards"),
                      rig_panel(), spacing="3", width="100%"),
            side_panels(),
            columns=rx.breakpoints(initial="1", lg="3fr 1.2fr"), spacing="3", width="100%",
        ),
    )
