"""Rigs page state."""

import reflex as rx

from well_ops.models.schemas_drilling import RigRead
from well_ops.services import rigs as rigs_service
from well_ops.services import wells as wells_service
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_num
from well_ops.state.table import TableMixin

FIELDS = ("name", "rig_type", "contractor", "status", "latitude", "longitude", "current_well_id",
          "day_rate_amount", "currency", "notes")


def rig_row(r: RigRead) -> dict[str, str]:
    return {
        "id": str(r.id), "name": r.name, "rig_type": r.rig_type.value, "contractor": r.contractor,
        "status": r.status.value, "latitude": fmt_num(r.latitude, 4), "longitude": fmt_num(r.longitude, 4),
        "current_well_id": str(r.current_well_id or ""), "current_well_name": r.current_well_name,
        "day_rate_amount": fmt_num(r.day_rate_amount), "currency": r.currency, "notes": r.notes,
    }


COLUMNS = [("name", "Rig"), ("rig_type", "Type"), ("contractor", "Contractor"), ("status", "Status"),
           ("current_well_name", "Current well"), ("latitude", "Latitude"), ("longitude", "Longitude"),
           ("day_rate_amount", "Day rate"), ("currency", "Currency")]


class RigsState(TableMixin, rx.State):
    wells: list[dict[str, str]] = []

    def _table_columns(self) -> list[tuple[str, str]]:
        return COLUMNS

    def _export_name(self) -> str:
        return "rigs"

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        self.rows = [rig_row(r) for r in await call(rigs_service.list_rigs, actor)]
        self.wells = [{"id": str(w.id), "name": w.name} for w in await call(wells_service.list_wells, actor)]
        focus = self.router.url.query_parameters.get("q", "")
        if focus:
            self.search = str(focus)[:120]

    @rx.event
    async def save(self, form: dict):
        if saved := await self._save_form(form, FIELDS, rigs_service.create_rig, rigs_service.update_rig):
            yield rx.toast.success(f"Rig {saved.name} saved.")

    @rx.event
    async def delete(self, row_id: str):
        await self._delete_row(rigs_service.delete_rig, row_id)
        return rx.toast.success("Rig deleted.")
