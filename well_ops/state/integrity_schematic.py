"""The well schematic: a plotly figure drawn from the architecture (plotting geometry only, no engineering maths).

Casing strings are pairs of vertical lines at +-OD/2 from their top to the shoe (a triangle marks the shoe), cement
is shaded between a string and the next larger one, tubing is drawn inside, packers / SSSVs are markers, annuli are
labelled with their MAASP, barrier elements linked to a completion element are coloured by status. Depth axis down.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

STATUS_COLOURS = {"ok": "green", "degraded": "orange", "failed": "red", "unknown": "gray"}
MARKERS = {"packer": ("square", "black"), "sssv": ("diamond", "purple"), "liner_hanger": ("triangle-down", "brown"),
           "wellhead_section": ("star-square", "navy"), "gas_lift_mandrel": ("circle", "teal")}


def _pair(fig: go.Figure, half: float, top: float, bottom: float, colour: str, name: str, width: int = 3) -> None:
    fig.add_trace(go.Scatter(x=[-half, -half, None, half, half], y=[top, bottom, None, top, bottom], mode="lines",
                             line={"color": colour, "width": width}, name=name, hoverinfo="name"))


def _cement(fig: go.Figure, arch: Any) -> None:
    half = {c.id: c.od_mm / 2 for c in arch.casings}
    bigger = {c.id: next((o.id_mm / 2 for o in reversed(arch.casings) if o.id_mm > c.od_mm), c.od_mm / 2 + 40)
              for c in arch.casings}
    for cem in arch.cement:
        inner = half.get(cem.casing_string_id)
        if inner is None:
            continue
        outer, top, bottom = bigger[cem.casing_string_id], cem.top_md_m, cem.bottom_md_m
        for sign in (-1, 1):
            fig.add_trace(go.Scatter(x=[sign * inner, sign * outer, sign * outer, sign * inner, sign * inner],
                                     y=[top, top, bottom, bottom, top], fill="toself", mode="none",
                                     fillcolor="rgba(150,150,150,0.45)", name="cement", hoverinfo="name",
                                     showlegend=False))


def schematic_figure(arch: Any, barriers: list[Any]) -> go.Figure:
    """The schematic of ``arch`` (``WellArchitecture``); ``barriers`` are ``BarrierElementRead``s."""
    fig = go.Figure()
    for c in arch.casings:
        _pair(fig, c.od_mm / 2, c.top_md_m, c.bottom_md_m, "#444", f"{c.name} ({c.od_mm:g} mm)")
        fig.add_trace(go.Scatter(x=[-c.od_mm / 2, c.od_mm / 2], y=[c.bottom_md_m] * 2, mode="markers",
                                 marker={"symbol": ["triangle-left", "triangle-right"], "size": 10, "color": "#444"},
                                 name=f"{c.name} shoe", showlegend=False))
    _cement(fig, arch)
    for t in arch.tubing:
        _pair(fig, t.od_mm / 2, t.top_md_m, t.bottom_md_m, "#1f77b4", f"{t.name} (tubing)", 2)
    status = {b.completion_element_id: b.status for b in barriers if b.completion_element_id}
    for e in arch.completion:
        symbol, colour = MARKERS.get(str(e.kind), ("circle", "black"))
        if e.id in status:
            colour = STATUS_COLOURS.get(str(status[e.id]), colour)
        fig.add_trace(go.Scatter(x=[0], y=[e.depth_md_m], mode="markers+text", text=[e.name],
                                 textposition="middle right", marker={"symbol": symbol, "size": 12, "color": colour},
                                 name=f"{e.name} ({e.kind})", showlegend=False))
    outer = {c.id: c for c in arch.casings}
    for i, a in enumerate(arch.annuli):  # labels stacked down the page so they never overlap
        casing = outer.get(a.outer_casing_id)
        if casing is not None:
            label = f"{a.name}: MAASP {'—' if a.maasp_bar is None else f'{a.maasp_bar:.0f} bar'}"
            fig.add_annotation(x=casing.id_mm / 2, y=casing.top_md_m + 150 * i, text=label, showarrow=False,
                               xanchor="left", yanchor="top", font={"size": 10})
    fig.update_layout(height=560, margin={"l": 50, "r": 20, "t": 20, "b": 40}, showlegend=False,
                      xaxis={"title": "radius (mm)", "zeroline": True}, plot_bgcolor="white")
    fig.update_yaxes(autorange="reversed", title="MD (m)")
    return fig
