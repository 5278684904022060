"""The rig status map (plotly scattermap), built from plain rig data."""

from __future__ import annotations

import os
from typing import Any

import plotly.graph_objects as go

from well_ops.figures.colors import status_color


def rig_map(rigs: list[dict[str, Any]]) -> go.Figure:
    """Rigs as markers coloured by status, one legend entry per status.

    Offline (the default) the map style is ``white-bg``: markers on a plain background, no tiles fetched.
    ``WELLOPS_MAP_STYLE`` (e.g. ``open-street-map`` or a MapLibre style URL) adds a basemap where there is internet.
    """
    fig = go.Figure()
    for status in sorted({r["status"] for r in rigs}):
        group = [r for r in rigs if r["status"] == status]
        fig.add_trace(go.Scattermap(
            lat=[r["latitude"] for r in group], lon=[r["longitude"] for r in group], mode="markers",
            marker={"size": 16, "color": status_color(status)}, name=status.replace("_", " "),
            text=[f"<b>{r['name']}</b><br>{r['rig_type'].replace('_', ' ')} · {status.replace('_', ' ')}"
                  f"<br>{r['current_well'] or 'no current well'}<br>{r['activity']}" for r in group],
            hovertemplate="%{text}<extra></extra>",
        ))
    style = os.environ.get("WELLOPS_MAP_STYLE", "white-bg")
    lats = [r["latitude"] for r in rigs] or [40.0]
    lons = [r["longitude"] for r in rigs] or [-40.0]
    fig.update_layout(
        map={"style": style, "center": {"lat": (max(lats) + min(lats)) / 2, "lon": (max(lons) + min(lons)) / 2},
             "zoom": 1.2},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=380,
        legend={"title": {"text": "Rig status"}, "orientation": "h", "y": -0.02},
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig
