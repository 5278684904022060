"""Well integrity page state: snapshot, annuli, MAASP table, readings entry, pressure chart, SAP verdict."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import reflex as rx

from well_ops.domain.units import psi_to_bar
from well_ops.services import integrity
from well_ops.services import wells as wells_service
from well_ops.services.errors import NotFound, ValidationFailed
from well_ops.state.auth import current_actor
from well_ops.state.base import call, clean_form
from well_ops.state.integrity_format import (
    annulus_card,
    chart_texts,
    ingest_lines,
    maasp_texts,
    sap_texts,
    snapshot_texts,
    utilisations,
)

RANGES = {"1d": 1, "7d": 7, "30d": 30, "all": 3650}
READING_FIELDS = ("annulus_id", "pressure", "unit", "temperature_c", "measured_at", "source", "is_bleed")


class IntegrityWellState(rx.State):
    found: bool = True
    well_id: str = ""
    well_name: str = ""
    snapshot: dict[str, str] = {}
    annuli: list[dict[str, str]] = []
    annulus_id: str = ""
    chart_range: str = "30d"
    maasp: dict[str, str] = {}
    maasp_points: list[dict[str, str]] = []
    maasp_changes: list[str] = []
    maasp_inputs: list[str] = []
    maasp_notes: list[str] = []
    chart: dict[str, Any] = {}
    sap: dict[str, str] = {}
    sap_evidence: list[str] = []
    reading_error: str = ""
    alert_lines: list[str] = []
    last_saved: str = ""

    @rx.var
    def annulus_name(self) -> str:
        return next((c["name"] for c in self.annuli if c["id"] == self.annulus_id), "")

    def _route_id(self) -> str:
        return str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]

    @rx.event
    async def load(self):
        actor, well_id = await current_actor(self), self._route_id()
        try:
            well = await call(wells_service.get_well, actor, well_id)
        except NotFound:
            self.found = False
            return
        self.found, self.well_id, self.well_name = True, str(well.id), well.name
        self.reading_error, self.alert_lines, self.last_saved = "", [], ""
        await self._refresh(actor)

    async def _refresh(self, actor: Any, maasp: bool = True) -> None:
        history = await call(integrity.snapshot_history, actor, int(self.well_id), 1)
        snap = history[0] if history else None
        self.snapshot = snapshot_texts(snap)
        annuli = await call(integrity.list_annuli, actor, int(self.well_id))
        latest = {r.annulus_id: r for r in await call(integrity.latest_readings, actor, [a.id for a in annuli])}
        util = utilisations(snap)
        self.annuli = [annulus_card(a, latest.get(a.id), util.get(a.id)) for a in annuli]
        ids = [c["id"] for c in self.annuli]
        if self.annulus_id not in ids:
            self.annulus_id = ids[0] if ids else ""
        await self._load_annulus(actor, maasp)

    async def _load_annulus(self, actor: Any, maasp: bool = True) -> None:
        if not self.annulus_id:
            self.maasp, self.maasp_points, self.chart, self.sap = {}, [], {}, {}
            return
        aid = int(self.annulus_id)
        if maasp:
            m = maasp_texts(await call(integrity.maasp_view, actor, aid))
            self.maasp, self.maasp_points = m["summary"], m["points"]
            self.maasp_changes, self.maasp_inputs, self.maasp_notes = m["changes"], m["inputs"], m["notes"]
        await self._load_chart(actor, aid)
        s = await call(integrity.evaluate_sap, actor, aid)
        self.sap, self.sap_evidence = sap_texts(s), [*s.evidence, *s.data_quality]

    async def _load_chart(self, actor: Any, aid: int) -> None:
        # to the next whole minute: everyone opening this chart within the minute asks for the same one (cached)
        end = datetime.now(timezone.utc).replace(second=0, microsecond=0) + timedelta(minutes=1)
        start = end - timedelta(days=RANGES.get(self.chart_range, 30))
        self.chart = chart_texts(await call(integrity.chart_series, actor, aid, start, end, 2000))

    @rx.event
    async def select_annulus(self, annulus_id: str):
        if str(annulus_id) in [c["id"] for c in self.annuli]:
            self.annulus_id = str(annulus_id)
            await self._load_annulus(await current_actor(self))

    @rx.event
    async def set_range(self, value: str | list[str]):
        if str(value) in RANGES:  # only the chart depends on the range (MAASP and the SAP verdict do not)
            self.chart_range = str(value)
            if self.annulus_id:
                await self._load_chart(await current_actor(self), int(self.annulus_id))

    @rx.event
    async def recompute(self):
        actor = await current_actor(self)
        await call(integrity.recompute_well, actor, int(self.well_id), "recomputed from the integrity page")
        await self._refresh(actor)
        return rx.toast.success("MAASP / MAWOP recomputed.")

    @rx.event
    async def save_reading(self, form: dict):
        data = clean_form(form, READING_FIELDS)
        try:
            pressure = float(str(data.get("pressure")))
        except ValueError:
            self.reading_error = "pressure: give a number"
            return
        pressure_bar = psi_to_bar(pressure) if data.get("unit") == "psi" else pressure
        at = str(data.get("measured_at") or "") or datetime.now(timezone.utc).isoformat()
        at = at if len(at) > 16 else at + "+00:00"  # datetime-local has no zone: the form is in UTC
        actor = await current_actor(self)
        try:
            result = await call(integrity.add_reading, actor, int(str(data.get("annulus_id") or 0)), at,
                                pressure_bar, data.get("temperature_c"), data.get("source") or "manual",
                                data.get("is_bleed") == "on")
        except ValidationFailed as exc:
            self.reading_error = exc.message
            return
        self.reading_error, self.alert_lines = "", ingest_lines(result)
        self.last_saved = f"Saved {pressure:g} {data.get('unit') or 'bar'} on annulus " + next(
            (c["name"] for c in self.annuli if c["id"] == str(data.get("annulus_id"))), "")
        # a reading changes the cards, the snapshot, the chart and the SAP verdict, not the MAASP table: kept, unless
        # the reading was for another annulus than the one shown
        maasp = self.annulus_id != str(data.get("annulus_id"))
        self.annulus_id = str(data.get("annulus_id"))
        await self._refresh(actor, maasp)
        if self.alert_lines:
            return rx.toast.error("Limit exceeded: " + self.alert_lines[0], duration=10000)
        return rx.toast.success(self.last_saved)
