"""Well page state: metadata, KPIs, chart series, latest reports, and the planned time-depth curve editor."""

import reflex as rx

from well_ops.domain.iadc import activity_label, activity_option
from well_ops.models.schemas_drilling import WellRead
from well_ops.services import reports as reports_service
from well_ops.services import wells as wells_service
from well_ops.services.errors import NotFound, ValidationFailed, WellOpsError
from well_ops.services.report_history import WellHistory
from well_ops.services.well_kpis import WellKpis, well_kpis
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_num, uploaded
from well_ops.state.campaign_detail import bar, pct, signed_days
from well_ops.state.campaigns import fmt_date, fmt_money

MAX_CSV_BYTES = 1_000_000  # the plan CSV is a few hundred bytes; refuse anything over 1 MB
MAX_PLAN_ROWS = 500
LATEST_REPORTS = 10


def metadata(w: WellRead) -> dict[str, str]:
    return {"id": str(w.id), "name": w.name, "status": w.status.value, "type": w.well_type.value.replace("_", " "),
            "field": w.field or "—", "country": w.country or "—", "campaign": w.campaign_code or "—",
            "campaign_id": str(w.campaign_id or ""), "rig": w.rig_name or "—", "spud": fmt_date(w.spud_date) or "—",
            "completion": fmt_date(w.completion_date) or "—", "fluid": w.fluid_type,
            "water_depth": f"{fmt_num(w.water_depth_m)} m" if w.water_depth_m is not None else "—",
            "h2s": "yes" if w.h2s_present else "no"}


def kpi_texts(k: WellKpis) -> dict[str, str]:
    return {"depth": f"{fmt_num(k.depth_md_m) or '—'} / {fmt_num(k.target_md_m) or '—'} m",
            "progress_depth": pct(k.progress_depth_pct), "progress_depth_bar": str(bar(k.progress_depth_pct)),
            "progress_time": pct(k.progress_time_pct), "progress_time_bar": str(bar(k.progress_time_pct)),
            "days": fmt_num(k.days_from_spud, 0) or "—", "planned_days": fmt_num(k.planned_days, 0) or "—",
            "days_ahead": signed_days(k.days_ahead), "behind": "1" if (k.days_ahead or 0) < 0 else "",
            "depth_ahead": f"{k.depth_ahead_m:+.0f} m" if k.depth_ahead_m is not None else "—",
            "rop": f"{k.rop_m_per_h:.1f} m/h" if k.rop_m_per_h is not None else "—",
            "rop_detail": f"{fmt_num(k.drilled_m)} m in {fmt_num(k.drilling_hours, 1)} on-bottom h",
            "cost": f"{fmt_money(k.cost)} {k.currency}", "afe": f"{fmt_money(k.afe_amount)} {k.currency}",
            "budget": pct(k.budget_pct), "over": "1" if (k.budget_pct or 0) > 100 else ""}


class WellDetailState(rx.State):
    found: bool = True
    well: dict[str, str] = {}
    kpis: dict[str, str] = {}
    plan_x: list[float] = []
    plan_y: list[float] = []
    actual_x: list[float] = []
    actual_y: list[float] = []
    cost_dates: list[str] = []
    cost_cumulative: list[float] = []
    afe_amount: float = 0.0
    currency: str = "USD"
    npt_codes: list[str] = []
    npt_hours: list[float] = []
    npt: dict[str, str] = {}
    reports: list[dict[str, str]] = []
    report_total: int = 0
    plan_rows: list[dict[str, str]] = []
    plan_error: str = ""

    def _well_id(self) -> str:
        return str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]

    def _apply_history(self, h: WellHistory) -> None:
        self.cost_dates = [p.report_date.isoformat() for p in h.points]
        self.cost_cumulative = [p.cumulative_cost for p in h.points]
        self.afe_amount, self.currency = h.afe_amount, h.currency
        codes = sorted(h.npt_by_activity.items(), key=lambda kv: -kv[1])
        self.npt_codes = [activity_option(c, activity_label(c)) for c, _ in codes]
        self.npt_hours = [round(v, 2) for _, v in codes]
        self.npt = {"hours": fmt_num(h.npt_hours, 1), "reported": fmt_num(h.reported_hours, 1),
                    "pct": pct(h.npt_pct), "days": fmt_num(h.npt_days, 2)}

    def _apply_kpis(self, k: WellKpis) -> None:
        self.kpis = kpi_texts(k)
        self.plan_x, self.plan_y = [p[0] for p in k.plan], [p[1] for p in k.plan]
        self.actual_x, self.actual_y = [p[0] for p in k.actual], [p[1] for p in k.actual]
        self.plan_rows = [{"day": fmt_num(d, 1), "depth": fmt_num(z, 1)} for d, z in k.plan]

    @rx.event
    async def load(self):
        actor, well_id = await current_actor(self), self._well_id()
        try:
            self.well = metadata(await call(wells_service.get_well, actor, well_id))
        except NotFound:
            self.found = False
            return
        self.found, self.plan_error = True, ""
        self._apply_kpis(await call(well_kpis, actor, well_id))
        self._apply_history(await call(reports_service.well_history, actor, well_id))
        page = await call(reports_service.list_reports, actor, well_id=well_id, limit=LATEST_REPORTS)
        self.report_total = page.total
        self.reports = [{"id": str(r.id), "date": r.report_date.isoformat(), "number": str(r.report_number),
                         "depth": fmt_num(r.depth_md_m), "drilled": fmt_num(r.distance_drilled_m),
                         "npt": fmt_num(r.npt_hours, 1), "cost": fmt_money(r.daily_cost),
                         "summary": r.summary_24h[:160]} for r in page.items]

    @rx.event
    def add_plan_row(self):
        if len(self.plan_rows) < MAX_PLAN_ROWS:
            self.plan_rows = [*self.plan_rows, {"day": "", "depth": ""}]

    @rx.event
    def remove_plan_row(self, index: int):
        i = int(index)
        self.plan_rows = [r for n, r in enumerate(self.plan_rows) if n != i]

    @rx.event
    def set_plan_cell(self, index: int, key: str, value: str):
        i, key = int(index), str(key)
        if key in ("day", "depth") and 0 <= i < len(self.plan_rows):
            rows = list(self.plan_rows)
            rows[i] = {**rows[i], key: str(value)[:20]}
            self.plan_rows = rows

    @rx.event
    async def save_plan(self):
        points = [(r["day"], r["depth"]) for r in self.plan_rows if r["day"].strip() or r["depth"].strip()]
        try:
            await call(wells_service.set_plan, await current_actor(self), self._well_id(), points)
        except ValidationFailed as exc:
            self.plan_error = exc.message
            return
        await self.load()
        yield rx.toast.success(f"Plan saved ({len(points)} points).")

    @rx.event
    async def import_plan(self, files: list[rx.UploadFile]):
        files = uploaded(files)
        if not files:
            self.plan_error = "Choose a CSV file first."
            return
        data = await files[0].read(MAX_CSV_BYTES + 1)
        if len(data) > MAX_CSV_BYTES:
            self.plan_error = "The file is larger than 1 MB; a plan CSV has one line per point (day, depth_md_m)."
            return
        try:
            text = data.decode("utf-8-sig")
            points = await call(wells_service.import_plan_csv, await current_actor(self), self._well_id(), text)
        except UnicodeDecodeError:
            self.plan_error = "The file is not UTF-8 text; save it as CSV (UTF-8)."
            return
        except WellOpsError as exc:
            self.plan_error = exc.message
            return
        await self.load()
        yield rx.toast.success(f"Plan imported ({len(points)} points).")
