"""The dashboard: every active campaign's progress, the rig map, KPIs, milestones and alerts, in a fixed number
of queries whatever the number of campaigns (aggregates are computed by the database, grouped per well)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import col, func, select

from well_ops.domain import kpis
from well_ops.domain.iadc import activity_label
from well_ops.models.base import utcnow
from well_ops.models.drilling import (
    AfeSupplement,
    Campaign,
    CampaignStatus,
    Milestone,
    Rig,
    Well,
    WellPlanPoint,
)
from well_ops.models.reports import DailyReport, TimeLogLine
from well_ops.models.tasks import Task, TaskStatus
from well_ops.services import integrity, logistics
from well_ops.services.context import Context, use_case
from well_ops.services.settings import AlertThresholds
from well_ops.services.settings import _load as load_thresholds

OPEN_TASKS = (TaskStatus.backlog, TaskStatus.in_progress, TaskStatus.blocked)


@dataclass(frozen=True)
class WellFigures:
    well_id: int
    name: str
    depth_md_m: float | None
    target_md_m: float | None
    days_from_spud: float | None
    days_ahead: float | None
    rop_m_per_h: float | None
    cost: float
    npt_hours: float
    reported_hours: float


@dataclass(frozen=True)
class CampaignCard:
    id: int
    code: str
    name: str
    rig_name: str
    progress_depth_pct: float | None
    progress_time_pct: float | None
    current_well: str
    depth_md_m: float | None
    target_md_m: float | None
    rop_m_per_h: float | None
    days_from_spud: float | None
    days_ahead: float | None
    cost: float
    approved_budget: float
    budget_pct: float | None
    currency: str
    npt_pct: float | None


@dataclass(frozen=True)
class RigPin:
    id: int
    name: str
    status: str
    latitude: float
    longitude: float
    rig_type: str
    current_well: str
    activity: str


@dataclass(frozen=True)
class Alert:
    level: str  # warning / critical
    kind: str  # schedule / budget / delivery / equipment / task / approval / integrity
    message: str
    link: str = ""


@dataclass(frozen=True)
class MilestoneItem:
    name: str
    kind: str
    planned_date: date
    overdue: bool
    days_until: int


@dataclass
class Dashboard:
    active_campaigns: int
    cards: list[CampaignCard] = field(default_factory=list)
    rigs: list[RigPin] = field(default_factory=list)
    milestones: list[MilestoneItem] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    progress_pct: float | None = None
    days_elapsed: float | None = None
    days_ahead: float | None = None
    budget_pct: float | None = None
    cost: float = 0.0
    approved_budget: float = 0.0
    npt_pct: float | None = None
    npt_days: float = 0.0


@use_case("dashboard.read")
def get_dashboard(ctx: Context, today: date | None = None) -> Dashboard:
    """Assemble the dashboard for the active campaigns."""
    today = today or utcnow().date()
    thresholds = load_thresholds(ctx)
    campaigns = list(ctx.session.exec(select(Campaign).where(Campaign.status == CampaignStatus.active)
                                      .order_by(col(Campaign.code))))
    camp_ids = [c.id for c in campaigns]
    wells = _wells(ctx, camp_ids)
    figures = _well_figures(ctx, wells, today)
    rigs = list(ctx.session.exec(select(Rig).order_by(col(Rig.name))))
    rig_names = {r.id: r.name for r in rigs}
    supplements = _approved_supplements(ctx, camp_ids)
    cards = [_card(c, [w for w in wells if w.campaign_id == c.id], figures, supplements.get(c.id or 0, 0.0),
                   rig_names, today) for c in campaigns]
    board = Dashboard(active_campaigns=len(campaigns), cards=cards, rigs=_rig_pins(ctx, rigs),
                      milestones=_milestones(ctx, today, thresholds.milestone_window_days))
    _totals(board, cards, figures)
    board.alerts = _alerts(ctx, cards, thresholds, today)
    return board


@dataclass(frozen=True)
class _WellRow:
    id: int
    name: str
    campaign_id: int
    spud_date: date | None
    measured_depth_m: float | None
    target_depth_md_m: float | None
    completion_date: date | None


def _wells(ctx: Context, camp_ids: list[int | None]) -> list[_WellRow]:
    if not camp_ids:
        return []
    rows = ctx.session.exec(select(Well.id, Well.name, Well.campaign_id, Well.spud_date, Well.measured_depth_m,
                                   Well.target_depth_md_m, Well.completion_date)
                           .where(col(Well.campaign_id).in_(camp_ids)))
    return [_WellRow(*r) for r in rows]


def _well_figures(ctx: Context, wells: list[_WellRow], today: date) -> dict[int, WellFigures]:
    """Per-well figures from one GROUP BY over the report totals (maintained by the report service)."""
    ids = [w.id for w in wells if w.id is not None]
    if not ids:
        return {}
    totals = {row[0]: row[1:] for row in ctx.session.exec(
        select(DailyReport.well_id, func.sum(DailyReport.distance_drilled_m), func.sum(DailyReport.drilling_hours),
               func.sum(DailyReport.npt_hours), func.sum(DailyReport.reported_hours),
               func.sum(DailyReport.cost_amount))
        .where(col(DailyReport.well_id).in_(ids)).group_by(col(DailyReport.well_id)))}
    plans = _plans(ctx, ids)
    out: dict[int, WellFigures] = {}
    for w in wells:
        assert w.id is not None
        drilled, drill_h, npt_h, reported_h, cost = (float(v or 0.0) for v in totals.get(w.id, (0, 0, 0, 0, 0)))
        depth = w.measured_depth_m
        # a completed well no longer counts days from spud (nor days ahead): it is not being drilled
        since = kpis.days_from_spud(w.spud_date, today) if w.completion_date is None else None
        out[w.id] = WellFigures(
            w.id, w.name, depth, w.target_depth_md_m, since,
            kpis.days_ahead(plans.get(w.id, []), depth, since) if since is not None else None,
            kpis.on_bottom_rop_m_per_h(drilled, drill_h), cost, npt_h, reported_h)
    return out


def _plans(ctx: Context, well_ids: list[int]) -> dict[int, list[tuple[float, float]]]:
    plans: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for well_id, day, depth in ctx.session.exec(
            select(WellPlanPoint.well_id, WellPlanPoint.day, WellPlanPoint.depth_md_m)
            .where(col(WellPlanPoint.well_id).in_(well_ids))
            .order_by(col(WellPlanPoint.well_id), col(WellPlanPoint.day))):
        plans[well_id].append((day, depth))
    return plans


def _approved_supplements(ctx: Context, camp_ids: list[int | None]) -> dict[int, float]:
    if not camp_ids:
        return {}
    rows = ctx.session.exec(select(AfeSupplement.campaign_id, func.sum(AfeSupplement.amount))
                            .where(col(AfeSupplement.campaign_id).in_(camp_ids), col(AfeSupplement.approved).is_(True))
                            .group_by(col(AfeSupplement.campaign_id)))
    return {cid: float(total or 0) for cid, total in rows}


def _card(c: Campaign, wells: list[_WellRow], figures: dict[int, WellFigures], supplements: float,
          rig_names: dict[int | None, str], today: date) -> CampaignCard:
    figs = [figures[w.id] for w in wells if w.id in figures]
    drilling = [f for f in figs if f.days_from_spud is not None]
    current = min(drilling, key=lambda f: f.days_from_spud or 0) if drilling else None  # most recently spudded
    total_depth = sum(f.depth_md_m or 0 for f in figs)
    total_target = sum(f.target_md_m or 0 for f in figs)
    start = c.actual_start or c.planned_start
    elapsed = (today - start).days if start and start <= today else None
    planned = (c.planned_end - c.planned_start).days if c.planned_end and c.planned_start else None
    cost = sum(f.cost for f in figs)
    approved = c.afe_amount + supplements
    reported = sum(f.reported_hours for f in figs)
    return CampaignCard(
        id=c.id or 0, code=c.code, name=c.name, rig_name=rig_names.get(c.rig_id, ""),
        progress_depth_pct=kpis.progress_by_depth_pct(total_depth, total_target),
        progress_time_pct=kpis.progress_by_time_pct(elapsed, planned),
        current_well=current.name if current else "", depth_md_m=current.depth_md_m if current else None,
        target_md_m=current.target_md_m if current else None, rop_m_per_h=current.rop_m_per_h if current else None,
        days_from_spud=current.days_from_spud if current else None,
        days_ahead=current.days_ahead if current else None, cost=cost, approved_budget=approved,
        budget_pct=kpis.budget_consumed_pct(cost, c.afe_amount, supplements), currency=c.currency,
        npt_pct=(sum(f.npt_hours for f in figs) / reported * 100.0) if reported else None,
    )


def _totals(board: Dashboard, cards: list[CampaignCard], figures: dict[int, WellFigures]) -> None:
    depth = sum(f.depth_md_m or 0 for f in figures.values())
    target = sum(f.target_md_m or 0 for f in figures.values())
    board.progress_pct = kpis.progress_by_depth_pct(depth, target)
    spuds = [f.days_from_spud for f in figures.values() if f.days_from_spud is not None]
    board.days_elapsed = max(spuds) if spuds else None
    aheads = [c.days_ahead for c in cards if c.days_ahead is not None]
    board.days_ahead = sum(aheads) / len(aheads) if aheads else None
    board.cost = sum(c.cost for c in cards)
    board.approved_budget = sum(c.approved_budget for c in cards)
    board.budget_pct = kpis.budget_consumed_pct(board.cost, board.approved_budget)
    npt_hours = sum(f.npt_hours for f in figures.values())
    reported = sum(f.reported_hours for f in figures.values())
    board.npt_pct = npt_hours / reported * 100.0 if reported else None
    board.npt_days = npt_hours / 24.0


def _rig_pins(ctx: Context, rigs: list[Rig]) -> list[RigPin]:
    well_ids: list[int | None] = [r.current_well_id for r in rigs if r.current_well_id]
    names = {i: n for i, n in ctx.session.exec(select(Well.id, Well.name).where(col(Well.id).in_(well_ids)))} \
        if well_ids else {}
    activity = _latest_activity(ctx, well_ids)
    return [RigPin(r.id or 0, r.name, r.status.value, r.latitude, r.longitude, r.rig_type.value,
                   names.get(r.current_well_id, ""), activity.get(r.current_well_id or 0, ""))
            for r in rigs if r.latitude is not None and r.longitude is not None]


def _latest_activity(ctx: Context, well_ids: list[int | None]) -> dict[int, str]:
    """The last time-log line of each well's latest report: its activity code and comment."""
    if not well_ids:
        return {}
    last = (select(DailyReport.well_id, func.max(DailyReport.report_date).label("day"))
            .where(col(DailyReport.well_id).in_(well_ids)).group_by(col(DailyReport.well_id)).subquery())
    rows = ctx.session.exec(
        select(DailyReport.well_id, TimeLogLine.activity_code, TimeLogLine.comment, DailyReport.summary_24h,
               TimeLogLine.end_at)
        .join(last, (col(DailyReport.well_id) == last.c.well_id) & (col(DailyReport.report_date) == last.c.day))
        .outerjoin(TimeLogLine, col(TimeLogLine.report_id) == DailyReport.id)
        .order_by(col(TimeLogLine.end_at)))
    out: dict[int, str] = {}
    for well_id, code, comment, summary, _end in rows:
        out[well_id] = _activity_text(code, comment or summary or "")
    return out


def _activity_text(code: str | None, comment: str) -> str:
    text = activity_label(code) if code else ""
    return f"{text}: {comment}" if text and comment else text or comment


def _milestones(ctx: Context, today: date, window_days: int) -> list[MilestoneItem]:
    rows = ctx.session.exec(select(Milestone).where(col(Milestone.actual_date).is_(None),
                                                    Milestone.planned_date <= today + timedelta(days=window_days))
                            .order_by(col(Milestone.planned_date)).limit(50))
    items = [MilestoneItem(m.name, m.kind.value, m.planned_date, m.planned_date < today,
                           (m.planned_date - today).days) for m in rows]
    return sorted(items, key=lambda m: (not m.overdue, m.planned_date))


def _alerts(ctx: Context, cards: list[CampaignCard], t: AlertThresholds, today: date) -> list[Alert]:
    alerts: list[Alert] = []
    for c in cards:
        if c.days_ahead is not None and c.days_ahead < -t.schedule_delay_days:
            alerts.append(Alert("warning", "schedule", f"{c.code} {c.current_well}: {-c.days_ahead:.1f} days behind "
                                f"plan (threshold {t.schedule_delay_days:g} d)", f"/campaigns/{c.id}"))
        if c.budget_pct is not None and c.budget_pct > t.budget_overrun_pct:
            alerts.append(Alert("critical", "budget", f"{c.code}: budget overrun, {c.budget_pct:.0f}% of approved "
                                "AFE + supplements", f"/campaigns/{c.id}"))
        elif c.budget_pct is not None and c.budget_pct > t.budget_warning_pct:
            alerts.append(Alert("warning", "budget", f"{c.code}: {c.budget_pct:.0f}% of the approved budget used",
                                f"/campaigns/{c.id}"))
    now: datetime = utcnow()
    for d in logistics.late_deliveries(ctx, now=now - timedelta(hours=t.delivery_grace_hours)):
        hours = (now - d.eta).total_seconds() / 3600
        alerts.append(Alert("warning", "delivery", f"Delivery late: {d.item} to {d.rig_name}, {hours:.0f} h past ETA",
                            "/logistics"))
    for e in logistics.equipment_in_maintenance_on_active_rigs(ctx):
        alerts.append(Alert("warning", "equipment", f"{e.name} ({e.tag}) in maintenance on active rig {e.rig_name}",
                            "/logistics"))
    overdue, pending = ctx.session.exec(select(  # both counts in one round trip
        select(func.count()).select_from(Task).where(col(Task.status).in_(OPEN_TASKS), col(Task.due_date) < today)
        .scalar_subquery(),
        select(func.count()).select_from(AfeSupplement).where(col(AfeSupplement.approved).is_(False))
        .scalar_subquery())).one()
    if overdue:
        alerts.append(Alert("warning", "task", f"{overdue} overdue task(s)", "/tasks"))
    if pending:
        alerts.append(Alert("warning", "approval", f"{pending} AFE supplement(s) awaiting approval", "/campaigns"))
    if ctx.can("integrity.read"):
        alerts.extend(Alert(a.level, "integrity", a.message, a.link) for a in integrity.integrity_alerts(ctx))
    return sorted(alerts, key=lambda a: a.level != "critical")
