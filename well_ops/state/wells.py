"""Wells list page state."""

import reflex as rx

from well_ops.models.schemas_drilling import WellRead
from well_ops.services import campaigns as campaigns_service
from well_ops.services import rigs as rigs_service
from well_ops.services import wells as wells_service
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_num
from well_ops.state.campaigns import fmt_date, fmt_money
from well_ops.state.table import TableMixin

FIELDS = ("name", "field", "country", "well_type", "status", "campaign_id", "rig_id", "latitude", "longitude",
          "water_depth_m", "spud_date", "completion_date", "production_start_date", "target_depth_md_m",
          "planned_days", "afe_amount", "currency", "fluid_type", "h2s_present", "is_manned")


def well_row(w: WellRead) -> dict[str, str]:
    return {
        "id": str(w.id), "name": w.name, "field": w.field, "country": w.country, "well_type": w.well_type.value,
        "status": w.status.value, "campaign_id": str(w.campaign_id or ""), "campaign_code": w.campaign_code,
        "rig_id": str(w.rig_id or ""), "rig_name": w.rig_name, "latitude": fmt_num(w.latitude, 5),
        "longitude": fmt_num(w.longitude, 5), "water_depth_m": fmt_num(w.water_depth_m, 1),
        "spud_date": fmt_date(w.spud_date), "completion_date": fmt_date(w.completion_date),
        "production_start_date": fmt_date(w.production_start_date),
        "target_depth_md_m": fmt_num(w.target_depth_md_m, 1), "measured_depth_m": fmt_num(w.measured_depth_m, 1),
        "planned_days": fmt_num(w.planned_days, 1), "afe_amount": fmt_num(w.afe_amount, 2),
        "afe_label": fmt_money(w.afe_amount), "currency": w.currency, "fluid_type": w.fluid_type,
        "h2s_present": "true" if w.h2s_present else "false", "is_manned": "true" if w.is_manned else "false",
    }


COLUMNS = [("name", "Well"), ("campaign_code", "Campaign"), ("rig_name", "Rig"), ("status", "Status"),
           ("well_type", "Type"), ("field", "Field"), ("spud_date", "Spud"), ("measured_depth_m", "MD (m)"),
           ("target_depth_md_m", "Target MD (m)"), ("planned_days", "Planned days"), ("afe_label", "AFE"),
           ("currency", "Currency")]


class WellsState(TableMixin, rx.State):
    campaigns: list[dict[str, str]] = []
    rigs: list[dict[str, str]] = []

    def _table_columns(self) -> list[tuple[str, str]]:
        return COLUMNS

    def _export_name(self) -> str:
        return "wells"

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        self.rows = [well_row(w) for w in await call(wells_service.list_wells, actor)]
        self.campaigns = [{"id": str(c.id), "name": c.code}
                          for c in await call(campaigns_service.list_campaigns, actor)]
        self.rigs = [{"id": str(r.id), "name": r.name} for r in await call(rigs_service.list_rigs, actor)]

    @rx.event
    async def save(self, form: dict):
        if saved := await self._save_form(form, FIELDS, wells_service.create_well, wells_service.update_well):
            yield rx.toast.success(f"Well {saved.name} saved.")

    @rx.event
    async def delete(self, row_id: str):
        await self._delete_row(wells_service.delete_well, row_id)
        return rx.toast.success("Well deleted.")
