"""Dashboard page state: plain data from the dashboard service; the rig map figure is formatted from it."""

from typing import Any

import plotly.graph_objects as go
import reflex as rx

from well_ops.figures.maps import rig_map
from well_ops.services import dashboard as dashboard_service
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_num


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _signed_days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f} d ({'ahead' if value >= 0 else 'behind'})"


def _money(value: float, currency: str = "") -> str:
    return f"{value / 1e6:,.1f} M {currency}".strip()


class DashboardState(rx.State):
    active_campaigns: int = 0
    cards: list[dict[str, str]] = []
    rigs: list[dict[str, str]] = []
    rig_pins: list[dict] = []
    milestones: list[dict[str, str]] = []
    alerts: list[dict[str, str]] = []
    kpis: dict[str, str] = {}

    @rx.var
    def map_figure(self) -> go.Figure:
        return rig_map(self.rig_pins)

    def __getstate__(self) -> dict[str, Any]:
        """The state as pickled into Redis after every event, minus the cached map figure: unpickling a plotly
        Figure re-validates it (about 25 ms a time); it is rebuilt from ``rig_pins`` when next needed."""
        return {k: v for k, v in super().__getstate__().items() if not isinstance(v, go.Figure)}

    @rx.event
    async def load(self):
        d = await call(dashboard_service.get_dashboard, await current_actor(self))
        self.active_campaigns = d.active_campaigns
        self.kpis = {"progress": _pct(d.progress_pct), "days_elapsed": fmt_num(d.days_elapsed) or "—",
                     "days_ahead": _signed_days(d.days_ahead), "budget": _pct(d.budget_pct),
                     "budget_detail": f"{_money(d.cost)} of {_money(d.approved_budget)}",
                     "npt": _pct(d.npt_pct), "npt_days": f"{d.npt_days:.1f} NPT days"}
        self.cards = [{
            "id": str(c.id), "code": c.code, "name": c.name, "rig": c.rig_name, "well": c.current_well or "—",
            "progress": f"{c.progress_depth_pct or 0:.0f}", "progress_label": _pct(c.progress_depth_pct),
            "time_label": _pct(c.progress_time_pct),
            "depth": f"{fmt_num(c.depth_md_m) or '—'} / {fmt_num(c.target_md_m) or '—'} m MD",
            "rop": f"{c.rop_m_per_h:.1f} m/h" if c.rop_m_per_h is not None else "—",
            "days": fmt_num(c.days_from_spud) or "—", "ahead": _signed_days(c.days_ahead),
            "behind": "1" if (c.days_ahead or 0) < 0 else "",
            "budget": f"{c.budget_pct or 0:.0f}", "budget_label": f"{_pct(c.budget_pct)} · {_money(c.cost, c.currency)}"
                      f" of {_money(c.approved_budget, c.currency)}",
            "over": "1" if (c.budget_pct or 0) > 100 else "", "npt": _pct(c.npt_pct),
        } for c in d.cards]
        pins = [{"id": r.id, "name": r.name, "status": r.status, "latitude": r.latitude, "longitude": r.longitude,
                 "rig_type": r.rig_type, "current_well": r.current_well, "activity": r.activity} for r in d.rigs]
        if pins != self.rig_pins:  # an assignment rebuilds the map figure (~10 ms) and resends it (13 kB)
            self.rig_pins = pins
        self.rigs = [{"name": r.name, "status": r.status, "well": r.current_well or "—", "activity": r.activity or "—"}
                     for r in d.rigs if r.current_well]
        self.milestones = [{"name": m.name, "kind": m.kind.replace("_", " "), "date": m.planned_date.isoformat(),
                            "overdue": "1" if m.overdue else "",
                            "when": f"{-m.days_until} d overdue" if m.overdue else
                            ("today" if m.days_until == 0 else f"in {m.days_until} d")} for m in d.milestones]
        self.alerts = [{"level": a.level, "kind": a.kind, "message": a.message, "link": a.link} for a in d.alerts]

    @rx.event
    def open_rig(self, points: list[dict]):
        """A click on the map opens the rigs page on that rig."""
        point = points[0] if isinstance(points, list) and points and isinstance(points[0], dict) else {}
        lat, lon = point.get("lat"), point.get("lon")
        match = next((r for r in self.rig_pins if r["latitude"] == lat and r["longitude"] == lon), None)
        if match is not None:
            return rx.redirect(f"/rigs?q={match['name']}")
        return None
