"""Campaign detail page state: plain, formatted data from ``campaign_detail``; AFE supplements; campaign rigs."""

import dataclasses

import reflex as rx

from well_ops.services import campaigns as campaigns_service
from well_ops.services import rigs as rigs_service
from well_ops.services.campaign_detail import CampaignDetail
from well_ops.services.errors import NotFound, WellOpsError
from well_ops.services.well_kpis import WellKpis
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_num
from well_ops.state.campaigns import fmt_date, fmt_money


@dataclasses.dataclass
class WellChart:
    """One well's time-depth chart data (days since spud, MD in m)."""

    well_id: str = ""
    name: str = ""
    plan_x: list[float] = dataclasses.field(default_factory=list)
    plan_y: list[float] = dataclasses.field(default_factory=list)
    actual_x: list[float] = dataclasses.field(default_factory=list)
    actual_y: list[float] = dataclasses.field(default_factory=list)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def bar(value: float | None) -> int:
    """A 0-100 value for a progress bar (the label shows the real figure)."""
    return 0 if value is None else int(min(100.0, max(0.0, value)))


def signed_days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f} d ({'ahead' if value >= 0 else 'behind'})"


@dataclasses.dataclass
class WellRow:
    """One line of the campaign's wells table (text, plus 0-100 values for the progress bars)."""

    id: str = ""
    name: str = ""
    status: str = ""
    depth: str = ""
    progress_depth: int = 0
    progress_depth_label: str = ""
    progress_time: int = 0
    progress_time_label: str = ""
    days: str = ""
    days_ahead: str = ""
    behind: bool = False
    rop: str = ""
    cost: str = ""
    budget: str = ""
    over: bool = False
    npt: str = ""


def well_row(w: WellKpis) -> WellRow:
    return WellRow(
        id=str(w.well_id), name=w.name, status=w.status,
        depth=f"{fmt_num(w.depth_md_m) or '—'} / {fmt_num(w.target_md_m) or '—'} m",
        progress_depth=bar(w.progress_depth_pct), progress_depth_label=pct(w.progress_depth_pct),
        progress_time=bar(w.progress_time_pct), progress_time_label=pct(w.progress_time_pct),
        days=fmt_num(w.days_from_spud) or "—", days_ahead=signed_days(w.days_ahead), behind=(w.days_ahead or 0) < 0,
        rop=f"{w.rop_m_per_h:.1f} m/h" if w.rop_m_per_h is not None else "—",
        cost=f"{fmt_money(w.cost)} / {fmt_money(w.afe_amount)} {w.currency}", budget=pct(w.budget_pct),
        over=(w.budget_pct or 0) > 100, npt=pct(w.npt_pct),
    )


def well_chart(w: WellKpis) -> WellChart:
    return WellChart(str(w.well_id), w.name, [p[0] for p in w.plan], [p[1] for p in w.plan],
                     [p[0] for p in w.actual], [p[1] for p in w.actual])


def header(d: CampaignDetail) -> dict[str, str]:
    c = d.campaign
    return {"id": str(c.id), "code": c.code, "name": c.name, "status": c.status.value, "field": c.field,
            "location": c.location, "rig": c.rig_name, "objectives": c.objectives, "currency": c.currency,
            "planned": f"{fmt_date(c.planned_start) or '—'} → {fmt_date(c.planned_end) or '—'}",
            "actual": f"{fmt_date(c.actual_start) or '—'} → {fmt_date(c.actual_end) or '—'}"}


def figures(d: CampaignDetail) -> dict[str, str]:
    cur = d.campaign.currency
    return {"progress_depth": pct(d.progress_depth_pct), "progress_time": pct(d.progress_time_pct),
            "days": fmt_num(d.days_elapsed) or "—", "wells": str(len(d.wells)), "budget": pct(d.budget_pct),
            "overrun": "1" if d.overrun else "",
            "cost": f"{fmt_money(d.cost)} {cur}", "approved": f"{fmt_money(d.approved_budget)} {cur}",
            "afe": f"{fmt_money(d.campaign.afe_amount)} {cur}",
            "supplements": f"{fmt_money(d.campaign.supplements_amount)} {cur}"}


class CampaignDetailState(rx.State):
    found: bool = True
    campaign: dict[str, str] = {}
    figures: dict[str, str] = {}
    budget_bar: int = 0
    wells: list[WellRow] = []
    charts: list[WellChart] = []
    rigs: list[dict[str, str]] = []
    milestones: list[dict[str, str]] = []
    tasks: list[dict[str, str]] = []
    supplements: list[dict[str, str]] = []
    all_rigs: list[dict[str, str]] = []
    rig_selection: list[str] = []
    rigs_open: bool = False
    supplement_error: str = ""
    supplement_key: int = 0

    def _campaign_id(self) -> str:
        return str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]

    @rx.event
    async def load(self):
        try:
            d = await call(campaigns_service.campaign_detail, await current_actor(self), self._campaign_id())
        except NotFound:
            self.found = False
            return
        self.found = True
        self.campaign, self.figures, self.budget_bar = header(d), figures(d), bar(d.budget_pct)
        self.wells = [well_row(w) for w in d.wells]
        self.charts = [well_chart(w) for w in d.wells]
        self.rigs = [{"id": str(r.id), "name": r.name, "status": r.status, "primary": "1" if r.primary else ""}
                     for r in d.rigs]
        self.milestones = [{"name": m.name, "kind": m.kind.replace("_", " "), "planned": fmt_date(m.planned_date),
                            "actual": fmt_date(m.actual_date), "well": m.well_name, "overdue": "1" if m.overdue else ""}
                           for m in d.milestones]
        self.tasks = [{"id": str(t.id), "title": t.title, "status": t.status, "priority": t.priority,
                       "due": fmt_date(t.due_date), "assignee": t.assignee_name or "—",
                       "overdue": "1" if t.overdue else ""} for t in d.tasks]
        self.supplements = [{"id": str(s.id), "amount": f"{fmt_money(s.amount)} {s.currency}",
                             "description": s.description, "approved": "1" if s.approved else "",
                             "approved_on": fmt_date(s.approved_on)} for s in d.supplements]

    @rx.event
    async def add_supplement(self, form: dict):
        data = form if isinstance(form, dict) else {}
        try:
            await call(campaigns_service.add_supplement, await current_actor(self), self._campaign_id(),
                       str(data.get("amount", "")).strip()[:40], str(data.get("description", ""))[:600])
        except WellOpsError as exc:
            self.supplement_error = exc.message
            return
        self.supplement_error = ""
        self.supplement_key += 1
        await self.load()
        yield rx.toast.success("AFE supplement requested; it counts once approved.")

    @rx.event
    async def approve(self, supplement_id: str):
        await call(campaigns_service.approve_supplement, await current_actor(self), int(supplement_id))
        await self.load()
        return rx.toast.success("AFE supplement approved.")

    @rx.event
    async def open_rigs(self):
        self.all_rigs = [{"id": str(r.id), "name": r.name}
                         for r in await call(rigs_service.list_rigs, await current_actor(self))]
        self.rig_selection = [r["id"] for r in self.rigs]
        self.rigs_open = True

    @rx.event
    def set_rigs_open(self, value: bool):
        self.rigs_open = bool(value)

    @rx.event
    def toggle_rig(self, rig_id: str, checked: bool):
        rig_id = str(rig_id)[:20]
        rest = [r for r in self.rig_selection if r != rig_id]
        self.rig_selection = [*rest, rig_id] if checked and len(rest) < 100 else rest

    @rx.event
    async def save_rigs(self):
        await call(campaigns_service.set_campaign_rigs, await current_actor(self), self._campaign_id(),
                   list(self.rig_selection))
        self.rigs_open = False
        await self.load()
        return rx.toast.success("Campaign rigs saved.")
