"""Plotly charts of drilling figures. Presentation only: the traces' styling and axes are a
``plotly.graph_objects.Figure`` built here; the numbers are plain lists held in State (from the services) and are
put into the figure as Vars, so one figure definition serves every well (also inside ``rx.foreach``)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import reflex as rx

_MARGIN = {"l": 60, "r": 20, "t": 40, "b": 50}
_CONFIG = {"displaylogo": False, "responsive": True}


def _plot(fig: go.Figure, traces: list[dict[str, Any]], chart_id: str | rx.Var, height: str,
          layout: dict[str, Any] | None = None) -> rx.Component:
    """``fig`` with each trace's data (Vars) filled in, as an ``rx.plotly`` component."""
    spec = fig.to_plotly_json()
    spec["layout"].pop("template", None)  # the app's light/dark template applies
    for trace, values in zip(spec["data"], traces, strict=True):
        trace.update(values)
    if layout:
        spec["layout"].update(layout)
    return rx.box(rx.plotly(data=rx.Var.create(spec).to(go.Figure), config=_CONFIG, width="100%", height=height),
                  id=chart_id, width="100%")


def time_depth_chart(plan_days: rx.Var, plan_depths_m: rx.Var, actual_days: rx.Var, actual_depths_m: rx.Var,
                     *, chart_id: str | rx.Var, title: str | rx.Var = "", height: str = "360px") -> rx.Component:
    """Days since spud (x) against measured depth increasing downward (y): plan dashed, actual solid."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(name="Plan", mode="lines", line={"dash": "dash", "color": "#8b8d98", "width": 2}))
    fig.add_trace(go.Scatter(name="Actual", mode="lines+markers", line={"color": "#0d9488", "width": 3},
                             marker={"size": 5}))
    fig.update_layout(margin=_MARGIN, legend={"orientation": "h", "y": 1.0, "x": 1.0, "xanchor": "right",
                                              "yanchor": "bottom"},
                      xaxis={"title": {"text": "Days since spud"}, "rangemode": "tozero"},
                      yaxis={"title": {"text": "Measured depth (m)"}, "autorange": "reversed"},
                      hovermode="x unified")
    title_spec = {"title": {"text": title, "font": {"size": 14}, "x": 0.01, "xanchor": "left"}}
    return _plot(fig, [{"x": plan_days, "y": plan_depths_m}, {"x": actual_days, "y": actual_depths_m}],
                 chart_id, height, title_spec)


def cost_chart(report_dates: rx.Var, cumulative_cost: rx.Var, afe_amount: rx.Var, *, currency: rx.Var | str,
               chart_id: str, height: str = "320px") -> rx.Component:
    """Cumulative daily cost by report date, with the AFE as a horizontal line."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(name="Cumulative cost", mode="lines+markers", line={"color": "#0d9488", "width": 3},
                             fill="tozeroy"))
    fig.update_layout(margin=_MARGIN, legend={"orientation": "h", "y": 1.12, "x": 0},
                      xaxis={"title": {"text": "Report date"}}, hovermode="x unified")
    afe_line = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": afe_amount, "y1": afe_amount,
                "line": {"color": "#e5484d", "width": 2, "dash": "dot"}}
    afe_label = {"xref": "paper", "x": 1, "y": afe_amount, "text": "AFE", "showarrow": False, "yanchor": "bottom",
                 "xanchor": "right", "font": {"color": "#e5484d"}}
    return _plot(fig, [{"x": report_dates, "y": cumulative_cost}], chart_id, height,
                 {"shapes": [afe_line], "annotations": [afe_label],
                  "yaxis": {"title": {"text": rx.Var.create("Cost (") + currency.to(str) + ")"
                                      if isinstance(currency, rx.Var) else f"Cost ({currency})"},
                            "rangemode": "tozero"}})


def npt_bar_chart(codes: rx.Var, hours: rx.Var, *, chart_id: str, height: str = "260px") -> rx.Component:
    """Non-productive hours by activity code (horizontal bars)."""
    fig = go.Figure()
    fig.add_trace(go.Bar(name="NPT hours", orientation="h", marker={"color": "#e5484d"}, textposition="auto"))
    fig.update_layout(margin={**_MARGIN, "l": 180}, showlegend=False, bargap=0.35,
                      xaxis={"title": {"text": "NPT hours"}, "rangemode": "tozero"},
                      yaxis={"type": "category", "autorange": "reversed"})
    return _plot(fig, [{"y": codes, "x": hours, "text": hours}], chart_id, height)
