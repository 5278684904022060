"""Plotly figure of an annulus pressure series (presentation only; the numbers are State Vars from ``chart_series``)."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from well_ops.components.charts import _plot

EXCEEDANCE_TRACE = "Exceedance"
_RANGES = [{"count": 1, "label": "1d", "step": "day", "stepmode": "backward"},
           {"count": 7, "label": "7d", "step": "day", "stepmode": "backward"},
           {"count": 30, "label": "30d", "step": "day", "stepmode": "backward"},
           {"step": "all", "label": "all"}]


def _limit(name: str, colour: str, dash: str) -> go.Scatter:
    return go.Scatter(name=name, mode="lines", line={"color": colour, "width": 2, "dash": dash}, hoverinfo="name+y")


def annulus_pressure_chart(chart: rx.Var, *, chart_id: str, height: str = "420px") -> rx.Component:
    """Pressure (bar) over time; MAASP / MAWOP / MOP lines; exceedances as red x; temperature on a second axis;
    bleed and SAP annotations; range selector buttons 1d / 7d / 30d / all."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(name="Pressure", mode="lines+markers", line={"color": "#0d9488", "width": 2},
                             marker={"size": 4}))
    fig.add_trace(go.Scatter(name="Temperature", mode="lines", yaxis="y2",
                             line={"color": "#f59e0b", "width": 1, "dash": "dot"}))
    fig.add_trace(_limit("MAASP", "#e5484d", "solid"))
    fig.add_trace(_limit("MAWOP", "#f76b15", "dash"))
    fig.add_trace(_limit("MOP", "#8b8d98", "dot"))
    fig.add_trace(go.Scatter(name=EXCEEDANCE_TRACE, mode="markers",
                             marker={"color": "#e5484d", "symbol": "x", "size": 12, "line": {"width": 2}}))
    fig.update_layout(margin={"l": 60, "r": 60, "t": 50, "b": 40}, hovermode="x unified",
                      legend={"orientation": "h", "y": 1.18, "x": 0},
                      xaxis={"type": "date", "rangeselector": {"buttons": _RANGES}},
                      yaxis={"title": {"text": "Pressure (bar)"}, "rangemode": "tozero"},
                      yaxis2={"title": {"text": "Temperature (°C)"}, "overlaying": "y", "side": "right",
                              "showgrid": False})
    traces = [{"x": chart["times"], "y": chart["pressures"]}, {"x": chart["times"], "y": chart["temps"]},
              {"x": chart["maasp_x"], "y": chart["maasp_y"]}, {"x": chart["mawop_x"], "y": chart["mawop_y"]},
              {"x": chart["mop_x"], "y": chart["mop_y"]},
              {"x": chart["exc_x"], "y": chart["exc_y"], "text": chart["exc_text"]}]
    return _plot(fig, traces, chart_id, height, {"annotations": chart["annotations"]})
