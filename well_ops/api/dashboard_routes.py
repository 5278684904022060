"""The dashboard in three views: overview (campaign cards, rig map, milestones), fleet KPIs, and alerts."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from well_ops.api.deps import current_actor
from well_ops.api.errors import READ, query_error
from well_ops.api.resource_routes import describe
from well_ops.services import dashboard
from well_ops.services.context import Actor
from well_ops.services.dashboard import Alert, CampaignCard, MilestoneItem, RigPin

router = APIRouter(prefix="/dashboard", tags=["dashboard"])



def as_of(today: date | None = Query(None, description="Compute as of this day (default: today, UTC).")) -> date | None:
    """The ``today`` query parameter, within the years the calculations can handle."""
    if today is not None and not date(1900, 1, 1) <= today <= date(2200, 12, 31):
        raise query_error("today", "use a date between 1900-01-01 and 2200-12-31")
    return today



class DashboardOverview(BaseModel):
    """Every active campaign's card, the rigs with a position, and milestones due or overdue."""

    active_campaigns: int
    cards: list[CampaignCard]
    rigs: list[RigPin]
    milestones: list[MilestoneItem]


class DashboardKpis(BaseModel):
    """Fleet figures over the active campaigns (percentages 0-100; days; the campaigns' currency)."""

    active_campaigns: int
    progress_pct: float | None
    days_elapsed: float | None
    days_ahead: float | None
    budget_pct: float | None
    cost: float
    approved_budget: float
    npt_pct: float | None
    npt_days: float


class DashboardAlerts(BaseModel):
    """Schedule, budget, delivery, equipment, task and approval alerts, critical first."""

    items: list[Alert]
    total: int


@router.get("/overview", response_model=DashboardOverview, name="dashboard_overview",
            summary="Dashboard overview", responses=READ,
            description=describe(dashboard.get_dashboard, "dashboard.read", "Cards, rig map and milestones."))
def overview(actor: Actor = Depends(current_actor), today: date | None = Depends(as_of)) -> Any:
    board = dashboard.get_dashboard(actor, today=today)
    return DashboardOverview(active_campaigns=board.active_campaigns, cards=board.cards, rigs=board.rigs,
                             milestones=board.milestones)


@router.get("/kpis", response_model=DashboardKpis, name="dashboard_kpis", summary="Fleet KPIs", responses=READ,
            description=describe(dashboard.get_dashboard, "dashboard.read", "The fleet-level figures only."))
def kpis(actor: Actor = Depends(current_actor), today: date | None = Depends(as_of)) -> Any:
    board = dashboard.get_dashboard(actor, today=today)
    return DashboardKpis(active_campaigns=board.active_campaigns, progress_pct=board.progress_pct,
                         days_elapsed=board.days_elapsed, days_ahead=board.days_ahead, budget_pct=board.budget_pct,
                         cost=board.cost, approved_budget=board.approved_budget, npt_pct=board.npt_pct,
                         npt_days=board.npt_days)


@router.get("/alerts", response_model=DashboardAlerts, name="dashboard_alerts", summary="Dashboard alerts",
            responses=READ, description=describe(dashboard.get_dashboard, "dashboard.read", "The alerts only."))
def alerts(actor: Actor = Depends(current_actor), today: date | None = Depends(as_of)) -> Any:
    board = dashboard.get_dashboard(actor, today=today)
    return DashboardAlerts(items=board.alerts, total=len(board.alerts))
