"""Architecture page state: casing, cement, tubing, completion, reservoir, annuli A-D and manual critical points,
edited in one form dialog per part; after every save the recomputed MAASP of each annulus is shown."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from well_ops.services import integrity
from well_ops.services.errors import WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, clean_form
from well_ops.state.integrity_arch_spec import PARTS, payload, row, shown
from well_ops.state.integrity_schematic import schematic_figure
from well_ops.state.table import TableMixin

PART_KEYS = ("casing", "cement", "tubing", "completion", "annulus", "point")
TITLES = {"casing": "casing string", "cement": "cement interval", "tubing": "tubing string",
          "completion": "completion element", "annulus": "annulus", "point": "critical point",
          "reservoir": "reservoir"}


def _maasp_toast(before: dict[str, float | None], after: dict[str, float | None]) -> str:
    def text(v: float | None) -> str:
        return "—" if v is None else f"{v:.1f} bar"
    parts = [f"MAASP {n}: {text(v)}" + ("" if before.get(n) == v else f" (was {text(before.get(n))[:-4] or '—'})")
             for n, v in sorted(after.items())]
    return "; ".join(parts) or "No annulus yet."


class ArchitectureState(TableMixin, rx.State):
    """``rows`` holds the casing strings (the mixin's table); the other parts have their own lists."""

    well_id: int = 0
    well_name: str = ""
    oilfield: bool = False
    part: str = "casing"
    cement: list[dict[str, str]] = []
    tubing: list[dict[str, str]] = []
    completion: list[dict[str, str]] = []
    annuli: list[dict[str, str]] = []
    points: list[dict[str, str]] = []
    reservoir: dict[str, str] = {}
    casing_options: list[dict[str, str]] = []
    tubing_options: list[dict[str, str]] = []
    annulus_options: list[dict[str, str]] = []
    figure: go.Figure = go.Figure()
    last_maasp: str = ""
    load_error: str = ""
    _raw: dict[str, object] = {}
    _maasp: dict[str, float | None] = {}

    def _table_columns(self) -> list[tuple[str, str]]:
        return [("name", "Casing"), ("kind", "Kind"), ("od_mm", "OD"), ("id_mm", "ID"), ("bottom_md_m", "Shoe MD")]

    def _export_name(self) -> str:
        return "casing_strings"

    def _show(self) -> None:
        raw, oil = self._raw, self.oilfield
        casing_names = {c.id: c.name for c in raw["casings"]}
        annulus_names = {a.id: str(a.name) for a in raw["annuli"]}
        self.rows = [row(c, oil) for c in raw["casings"]]
        self.cement = [row(c, oil, casing_name=casing_names.get(c.casing_string_id, "")) for c in raw["cement"]]
        self.tubing = [row(t, oil) for t in raw["tubing"]]
        self.completion = [row(e, oil) for e in raw["completion"]]
        self.annuli = [row(a, oil, warnings=" ".join(a.warnings)) for a in raw["annuli"]]
        self.points = [row(p, oil, annulus_name=annulus_names.get(p.annulus_id, "")) for p in raw["points"]]
        self.reservoir = row(raw["reservoir"], oil)
        self.casing_options = [{"id": str(i), "name": n} for i, n in casing_names.items()]
        self.tubing_options = [{"id": str(t.id), "name": t.name} for t in raw["tubing"]]
        self.annulus_options = [{"id": str(i), "name": n} for i, n in annulus_names.items()]

    async def _reload(self) -> None:
        actor = await current_actor(self)
        arch = await call(integrity.get_architecture, actor, self.well_id)
        self.well_name = arch.well_name
        self._raw = {"casings": arch.casings, "cement": arch.cement, "tubing": arch.tubing,
                     "completion": arch.completion, "annuli": arch.annuli, "points": arch.critical_points,
                     "reservoir": arch.reservoir}
        self._maasp = {str(a.name): a.maasp_bar for a in arch.annuli}
        try:
            overview = await call(integrity.barrier_overview, actor, self.well_id)
            barriers = [e for env in overview.envelopes for e in env.elements]
        except WellOpsError:
            barriers = []
        self.figure = schematic_figure(arch, barriers)
        self._show()

    @rx.event
    async def load(self):
        parts = str(self.router.url.path).strip("/").split("/")  # integrity/wells/<id>/architecture
        self.well_id = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        self.load_error, self.last_maasp = "", ""
        try:
            await self._reload()
        except WellOpsError as exc:
            self.load_error = exc.message

    @rx.event
    def set_units(self, value: str | list[str]):
        self.oilfield = str(value) == "oilfield"
        if self._raw:
            self._show()

    @rx.event
    def open_part(self, part: str, row_id: str = ""):
        if part not in PARTS:
            return
        self.part = part
        source = {"casing": self.rows, "cement": self.cement, "tubing": self.tubing, "completion": self.completion,
                  "annulus": self.annuli, "point": self.points}.get(part, [])
        match = self.reservoir if part == "reservoir" else next((r for r in source if r.get("id") == str(row_id)), {})
        self.form_values = dict(match) if row_id or part == "reservoir" else {}
        self.form_error = ""
        self.form_key += 1
        self.form_open = True

    @rx.event
    async def save(self, form: dict):
        spec = PARTS[self.part]
        editing = self.form_values.get("id", "") if self.part != "reservoir" else str(self.well_id)
        fields = clean_form(form, spec.fields)
        if editing:  # only what the user changed: untouched values keep their stored SI precision
            fields = {k: v for k, v in fields.items() if str(v if v is not None else "") != self.form_values.get(k, "")}
        data = payload(self.part, fields, bool(editing), self.oilfield)
        before = dict(self._maasp)
        try:
            actor = await current_actor(self)
            if editing:
                await call(spec.update, actor, int(editing), data)
            elif spec.create is not None:
                await call(spec.create, actor, {**data, spec.parent: data.get(spec.parent, self.well_id)})
            await self._reload()
        except WellOpsError as exc:
            self.form_error = exc.message
            return
        self.form_open = False
        self.last_maasp = _maasp_toast(before, self._maasp)
        yield rx.toast.success(f"Saved {TITLES[self.part]}. {self.last_maasp}")

    @rx.event
    async def delete_part(self, part: str, row_id: str):
        spec = PARTS.get(str(part))
        if spec is None or spec.delete is None:
            return
        before = dict(self._maasp)
        await call(spec.delete, await current_actor(self), int(row_id))
        await self._reload()
        self.last_maasp = _maasp_toast(before, self._maasp)
        return rx.toast.success(f"Deleted {TITLES[str(part)]}. {self.last_maasp}")


__all__ = ["ArchitectureState", "PART_KEYS", "shown"]
