"""One campaign in full: rigs, wells with their KPIs and time-depth points, milestones, open tasks, supplements and
budget, in a FIXED number of queries whatever the number of wells (per-well figures come from ``well_kpis``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, func, select

from well_ops.domain import kpis
from well_ops.models.base import utcnow
from well_ops.models.drilling import AfeSupplement, Campaign, CampaignRig, Milestone, Rig, Well
from well_ops.models.schemas_drilling import CampaignRead
from well_ops.models.tasks import Task, TaskStatus
from well_ops.models.users import User
from well_ops.services.context import Context, use_case
from well_ops.services.errors import NotFound
from well_ops.services.well_kpis import WellKpis, _well_kpis

OPEN_TASKS = (TaskStatus.backlog, TaskStatus.in_progress, TaskStatus.blocked)


@dataclass(frozen=True)
class SupplementRead:
    id: int
    campaign_id: int
    amount: float
    currency: str
    description: str
    approved: bool
    approved_on: date | None


@dataclass(frozen=True)
class RigBrief:
    id: int
    name: str
    status: str
    rig_type: str
    primary: bool


@dataclass(frozen=True)
class MilestoneItem:
    id: int
    name: str
    kind: str
    planned_date: date
    actual_date: date | None
    well_name: str
    overdue: bool


@dataclass(frozen=True)
class TaskItem:
    id: int
    title: str
    status: str
    priority: str
    due_date: date | None
    assignee_name: str
    overdue: bool


@dataclass
class CampaignDetail:
    campaign: CampaignRead
    rigs: list[RigBrief] = field(default_factory=list)
    wells: list[WellKpis] = field(default_factory=list)
    milestones: list[MilestoneItem] = field(default_factory=list)
    tasks: list[TaskItem] = field(default_factory=list)
    supplements: list[SupplementRead] = field(default_factory=list)
    cost: float = 0.0  # cumulative daily cost of all the campaign's wells' reports
    approved_budget: float = 0.0  # AFE + approved supplements
    budget_pct: float | None = None
    overrun: bool = False
    progress_depth_pct: float | None = None  # sum of current MDs / sum of target MDs
    progress_time_pct: float | None = None  # days since start / planned days (campaign dates)
    days_elapsed: float | None = None


def _campaign_query() -> Any:
    """Campaigns with their primary rig's name, well count and approved supplements, in one statement."""
    wells = (select(col(Well.campaign_id).label("cid"), func.count(col(Well.id)).label("n"))
             .group_by(col(Well.campaign_id)).subquery())
    supp = (select(col(AfeSupplement.campaign_id).label("cid"), func.sum(AfeSupplement.amount).label("total"))
            .where(col(AfeSupplement.approved).is_(True)).group_by(col(AfeSupplement.campaign_id)).subquery())
    return (select(Campaign, Rig.name, wells.c.n, supp.c.total)
            .outerjoin(Rig, col(Rig.id) == Campaign.rig_id)
            .outerjoin(wells, wells.c.cid == Campaign.id)
            .outerjoin(supp, supp.c.cid == Campaign.id))


def _campaign_read(c: Campaign, rig_name: str | None, n: int | None, total: float | None) -> CampaignRead:
    return CampaignRead.model_validate(c, from_attributes=True, update={
        "rig_name": rig_name or "", "well_count": int(n or 0), "supplements_amount": float(total or 0.0)})


def _supplement_read(s: AfeSupplement) -> SupplementRead:
    assert s.id is not None
    return SupplementRead(s.id, s.campaign_id, s.amount, s.currency, s.description, s.approved, s.approved_on)


def _rigs(ctx: Context, c: Campaign) -> list[RigBrief]:
    rows = ctx.session.exec(select(Rig).join(CampaignRig, col(CampaignRig.rig_id) == Rig.id)
                            .where(CampaignRig.campaign_id == c.id).order_by(col(Rig.name)))
    return [RigBrief(r.id or 0, r.name, r.status.value, r.rig_type.value, r.id == c.rig_id) for r in rows]


def _milestones(ctx: Context, campaign_id: int, wells: dict[int, str], today: date) -> list[MilestoneItem]:
    """Milestones of the campaign or of its wells, by planned date."""
    rows = ctx.session.exec(select(Milestone).where(or_(col(Milestone.campaign_id) == campaign_id,
                                                        col(Milestone.well_id).in_(list(wells))))
                            .order_by(col(Milestone.planned_date), col(Milestone.id)))
    return [MilestoneItem(m.id or 0, m.name, m.kind.value, m.planned_date, m.actual_date,
                          wells.get(m.well_id or 0, ""), m.actual_date is None and m.planned_date < today)
            for m in rows]


def _tasks(ctx: Context, campaign_id: int, today: date) -> list[TaskItem]:
    """Open tasks of the campaign with the assignee's name (one joined query)."""
    rows = ctx.session.exec(select(Task, User.full_name).outerjoin(User, col(User.id) == Task.assignee_user_id)
                            .where(Task.campaign_id == campaign_id, col(Task.status).in_(OPEN_TASKS))
                            .order_by(col(Task.due_date).is_(None), col(Task.due_date), col(Task.id)))
    return [TaskItem(t.id or 0, t.title, t.status.value, t.priority.value, t.due_date,
                     name or (t.assignee_role.value if t.assignee_role else ""),
                     t.due_date is not None and t.due_date < today) for t, name in rows]


def _supplements(ctx: Context, campaign_id: int) -> list[SupplementRead]:
    rows = ctx.session.exec(select(AfeSupplement).where(AfeSupplement.campaign_id == campaign_id)
                            .order_by(col(AfeSupplement.created_at), col(AfeSupplement.id)))
    return [_supplement_read(s) for s in rows]


def _campaign_progress(detail: CampaignDetail, c: Campaign, today: date) -> None:
    figs = detail.wells
    depths = [f.depth_md_m or 0.0 for f in figs if f.target_md_m]
    targets = [f.target_md_m or 0.0 for f in figs if f.target_md_m]
    detail.progress_depth_pct = kpis.progress_by_depth_pct(sum(depths), sum(targets)) if targets else None
    start = c.actual_start or c.planned_start
    end = c.actual_end if c.actual_end and c.actual_end < today else today
    detail.days_elapsed = kpis.days_from_spud(start, end)
    planned = kpis.days_from_spud(c.planned_start, c.planned_end) if c.planned_end else None
    detail.progress_time_pct = kpis.progress_by_time_pct(detail.days_elapsed, planned)


@use_case("campaign.read")
def campaign_detail(ctx: Context, campaign_id: int, today: date | None = None) -> CampaignDetail:
    """The campaign page: rigs, wells with KPIs and time-depth points, milestones, open tasks, budget."""
    today = today or utcnow().date()
    try:
        key = int(campaign_id)
    except (TypeError, ValueError):
        raise NotFound(f"Campaign {campaign_id!r} does not exist.") from None
    row = ctx.session.exec(_campaign_query().where(col(Campaign.id) == key)).first()
    if row is None:
        raise NotFound(f"Campaign {key} does not exist.")
    c = row[0]
    read = _campaign_read(*row)
    wells = list(ctx.session.exec(select(Well).where(Well.campaign_id == key).order_by(col(Well.name))))
    figures = _well_kpis(ctx, wells, today)
    detail = CampaignDetail(
        campaign=read, rigs=_rigs(ctx, c), wells=[figures[w.id] for w in wells if w.id is not None],
        milestones=_milestones(ctx, key, {w.id: w.name for w in wells if w.id is not None}, today),
        tasks=_tasks(ctx, key, today), supplements=_supplements(ctx, key))
    detail.cost = sum(f.cost for f in detail.wells)
    detail.approved_budget = c.afe_amount + read.supplements_amount
    detail.budget_pct = kpis.budget_consumed_pct(detail.cost, c.afe_amount, read.supplements_amount)
    detail.overrun = kpis.budget_overrun(detail.cost, c.afe_amount, read.supplements_amount)
    _campaign_progress(detail, c, today)
    return detail
