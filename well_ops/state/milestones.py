"""Milestones page state."""

import reflex as rx

from well_ops.services import milestones as milestones_service
from well_ops.services.milestones import MilestoneDue
from well_ops.state.auth import current_actor
from well_ops.state.base import call
from well_ops.state.table import TableMixin

FIELDS = ("name", "kind", "campaign_id", "well_id", "rig_id", "planned_date", "actual_date", "notes")

COLUMNS = [("planned_date", "Planned"), ("name", "Milestone"), ("kind", "Kind"), ("campaign_code", "Campaign"),
           ("well_name", "Well"), ("rig_name", "Rig"), ("due", "Due"), ("actual_date", "Achieved")]


def _due(m: MilestoneDue) -> tuple[str, str]:
    """(state, label): achieved / overdue / upcoming, with the days in words."""
    if m.actual_date is not None:
        return "achieved", "achieved"
    if m.overdue:
        return "overdue", f"{-m.days_until} d overdue"
    return "upcoming", "today" if m.days_until == 0 else f"in {m.days_until} d"


def milestone_row(m: MilestoneDue) -> dict[str, str]:
    state, label = _due(m)
    return {"id": str(m.id), "name": m.name, "kind": m.kind.value, "campaign_id": str(m.campaign_id or ""),
            "campaign_code": m.campaign_code, "well_id": str(m.well_id or ""), "well_name": m.well_name,
            "rig_id": str(m.rig_id or ""), "rig_name": m.rig_name, "planned_date": m.planned_date.isoformat(),
            "actual_date": m.actual_date.isoformat() if m.actual_date else "", "state": state, "due": label,
            "overdue": "yes" if m.overdue else "no", "notes": m.notes}


class MilestonesState(TableMixin, rx.State):
    campaigns: list[dict[str, str]] = []
    wells: list[dict[str, str]] = []
    rigs: list[dict[str, str]] = []

    def _table_columns(self) -> list[tuple[str, str]]:
        return COLUMNS

    def _export_name(self) -> str:
        return "milestones"

    @rx.var
    def campaign_filter_options(self) -> list[str]:
        return ["all", *[c["name"] for c in self.campaigns]]

    @rx.var
    def overdue_count(self) -> int:
        return sum(1 for r in self.rows if r.get("overdue") == "yes")

    @rx.event
    def open_create(self):
        """The form for a new milestone, with its select defaults filled in (an absent key shows blank)."""
        self.form_values = {"kind": "custom", "campaign_id": "", "well_id": "", "rig_id": ""}
        self.form_error = ""
        self.form_key += 1
        self.form_open = True

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        self.rows = [milestone_row(m) for m in await call(milestones_service.list_milestones, actor)]
        links = await call(milestones_service.milestone_links, actor)
        self.campaigns = [{"id": str(o.id), "name": o.label} for o in links.campaigns]
        self.wells = [{"id": str(o.id), "name": o.label} for o in links.wells]
        self.rigs = [{"id": str(o.id), "name": o.label} for o in links.rigs]

    @rx.event
    async def save(self, form: dict):
        if saved := await self._save_form(form, FIELDS, milestones_service.create_milestone,
                                          milestones_service.update_milestone):
            yield rx.toast.success(f"Milestone {saved.name} saved.")

    @rx.event
    async def delete(self, row_id: str):
        await self._delete_row(milestones_service.delete_milestone, row_id)
        return rx.toast.success("Milestone deleted.")
