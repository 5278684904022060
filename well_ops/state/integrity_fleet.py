"""Integrity fleet page state: wells worst first, the risk matrix with wells placed, and the watch lists."""

from __future__ import annotations

import reflex as rx

from well_ops.services import integrity
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_dt
from well_ops.state.integrity_format import CELL_COLOURS, bar_psi

SEVERITY = {"red": 0, "orange": 1, "yellow": 2, "unknown": 3, "green": 4}


class IntegrityFleetState(rx.State):
    wells: list[dict[str, str]] = []
    matrix: list[dict[str, str]] = []
    hot: list[dict[str, str]] = []
    overdue: list[dict[str, str]] = []
    missing: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        f = await call(integrity.fleet, await current_actor(self))
        self.wells = [{"id": str(w.well_id), "name": w.name, "field": w.field, "category": w.category_117,
                       "status": w.status, "risk": w.risk_category or "—",
                       "score": "—" if w.risk_score is None else f"{w.risk_score:.0f}",
                       "util": "—" if w.max_utilisation is None else f"{w.max_utilisation:.0%}",
                       "sap": "SAP" if w.sap_detected else "", "computed": fmt_dt(w.computed_at) or "never"}
                      for w in sorted(f.wells, key=lambda w: SEVERITY.get(w.category_117, 3))]
        # rows: likelihood 5 at the top; columns: consequence 1..5
        cells = sorted(f.matrix, key=lambda c: (-c.likelihood, c.consequence))
        self.matrix = [{"key": f"{c.likelihood}-{c.consequence}", "colour": CELL_COLOURS.get(c.category, "gray"),
                        "score": str(c.score), "wells": ", ".join(c.well_names)} for c in cells]
        self.hot = [{"well_id": str(a.well_id), "well": a.well_name, "annulus": a.annulus_name,
                     "pressure": bar_psi(a.pressure_bar, 2), "maasp": bar_psi(a.maasp_bar), "mop": bar_psi(a.mop_bar),
                     "util": "—" if a.utilisation is None else f"{a.utilisation:.0%}", "reason": a.reason,
                     "at": fmt_dt(a.measured_at)} for a in f.hot_annuli]
        self.overdue = [{"well_id": str(t.well_id), "well": t.well_name, "name": t.name, "kind": t.kind,
                         "envelope": t.envelope, "due": t.next_test_due.isoformat(), "days": str(t.days_overdue)}
                        for t in f.overdue_tests]
        self.missing = [{"well_id": str(m.well_id), "well": m.well_name, "annulus": m.annulus_name,
                         "last": fmt_dt(m.last_reading_at) or "never",
                         "hours": "—" if m.hours_since is None else f"{m.hours_since:.0f} h"}
                        for m in f.missing_readings]
