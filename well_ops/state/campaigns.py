"""Campaigns list page state."""

import reflex as rx

from well_ops.models.schemas_drilling import CampaignRead
from well_ops.services import campaigns as campaigns_service
from well_ops.services import rigs as rigs_service
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_num
from well_ops.state.table import TableMixin

FIELDS = ("code", "name", "field", "location", "rig_id", "planned_start", "planned_end", "actual_start",
          "actual_end", "objectives", "status", "afe_amount", "currency")


def fmt_money(value: float | None) -> str:
    """An amount with thousands separators (empty for None)."""
    return "" if value is None else f"{value:,.0f}"


def fmt_date(value: object) -> str:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else ""


def campaign_row(c: CampaignRead) -> dict[str, str]:
    return {
        "id": str(c.id), "code": c.code, "name": c.name, "field": c.field, "location": c.location,
        "rig_id": str(c.rig_id or ""), "rig_name": c.rig_name, "status": c.status.value,
        "planned_start": fmt_date(c.planned_start), "planned_end": fmt_date(c.planned_end),
        "actual_start": fmt_date(c.actual_start), "actual_end": fmt_date(c.actual_end), "objectives": c.objectives,
        "afe_amount": fmt_num(c.afe_amount, 2), "afe_label": fmt_money(c.afe_amount),
        "supplements_label": fmt_money(c.supplements_amount), "currency": c.currency, "well_count": str(c.well_count),
    }


COLUMNS = [("code", "Code"), ("name", "Name"), ("field", "Field"), ("rig_name", "Primary rig"), ("status", "Status"),
           ("planned_start", "Planned start"), ("planned_end", "Planned end"), ("well_count", "Wells"),
           ("afe_label", "AFE"), ("supplements_label", "Approved supplements"), ("currency", "Currency")]


class CampaignsState(TableMixin, rx.State):
    rigs: list[dict[str, str]] = []

    def _table_columns(self) -> list[tuple[str, str]]:
        return COLUMNS

    def _export_name(self) -> str:
        return "campaigns"

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        self.rows = [campaign_row(c) for c in await call(campaigns_service.list_campaigns, actor)]
        self.rigs = [{"id": str(r.id), "name": r.name} for r in await call(rigs_service.list_rigs, actor)]

    @rx.event
    async def save(self, form: dict):
        if saved := await self._save_form(form, FIELDS, campaigns_service.create_campaign,
                                          campaigns_service.update_campaign):
            yield rx.toast.success(f"Campaign {saved.code} saved.")

    @rx.event
    async def delete(self, row_id: str):
        await self._delete_row(campaigns_service.delete_campaign, row_id)
        return rx.toast.success("Campaign deleted.")
