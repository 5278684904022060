"""Rigs, campaigns, wells (with their planned time-depth curve) and milestones."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, Field

from well_ops.api import examples as ex
from well_ops.api.deps import MAX_ID, current_actor, item_id
from well_ops.api.errors import ITEM, READ, WRITE
from well_ops.api.listing import Page, PageParams, page_params, paginate, sort_doc
from well_ops.api.resource_routes import ItemRoutes, add_item_routes, describe
from well_ops.models.drilling import CampaignStatus, MilestoneKind, RigStatus, RigType, WellStatus, WellType
from well_ops.models.schemas_drilling import (
    CampaignCreate,
    CampaignRead,
    CampaignUpdate,
    MilestoneCreate,
    MilestoneUpdate,
    RigCreate,
    RigRead,
    RigUpdate,
    WellCreate,
    WellRead,
    WellUpdate,
)
from well_ops.services import campaigns, milestones, rigs, wells
from well_ops.services.context import Actor
from well_ops.services.milestones import MilestoneDue

rigs_router = APIRouter(prefix="/rigs", tags=["rigs"])
campaigns_router = APIRouter(prefix="/campaigns", tags=["campaigns"])
wells_router = APIRouter(prefix="/wells", tags=["wells"])
milestones_router = APIRouter(prefix="/milestones", tags=["milestones"])


def _id_query(description: str) -> Any:
    return Query(None, ge=1, le=MAX_ID, description=description)


# -------------------------------------------------------------------------------------------------------- rigs

RIG_SORT = ("id", "name", "rig_type", "status", "contractor", "day_rate_amount")


@rigs_router.get("", response_model=Page[RigRead], name="list_rigs", summary="List rigs", responses=READ,
                 description=describe(rigs.list_rigs, "rig.read", sort_doc(RIG_SORT)))
def list_rigs(status: RigStatus | None = None, rig_type: RigType | None = None,
              page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    return paginate(rigs.list_rigs(actor), page, RIG_SORT, {"status": status, "rig_type": rig_type})


add_item_routes(rigs_router, ItemRoutes(
    "rig", "a rig", "rig", RigRead, RigCreate, RigUpdate, rigs.get_rig, rigs.create_rig, rigs.update_rig,
    rigs.delete_rig, ex.RIG_CREATE, ex.RIG_UPDATE))

# --------------------------------------------------------------------------------------------------- campaigns

CAMPAIGN_SORT = ("id", "code", "name", "status", "planned_start", "planned_end", "afe_amount", "well_count")


@campaigns_router.get("", response_model=Page[CampaignRead], name="list_campaigns", summary="List campaigns",
                      responses=READ,
                      description=describe(campaigns.list_campaigns, "campaign.read", sort_doc(CAMPAIGN_SORT)))
def list_campaigns(status: CampaignStatus | None = None, rig_id: int | None = _id_query("Primary rig."),
                   page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    return paginate(campaigns.list_campaigns(actor, status=status), page, CAMPAIGN_SORT, {"rig_id": rig_id})


add_item_routes(campaigns_router, ItemRoutes(
    "campaign", "a campaign", "campaign", CampaignRead, CampaignCreate, CampaignUpdate, campaigns.get_campaign,
    campaigns.create_campaign, campaigns.update_campaign, campaigns.delete_campaign, ex.CAMPAIGN_CREATE,
    ex.CAMPAIGN_UPDATE))

# ------------------------------------------------------------------------------------------------------- wells

WELL_SORT = ("id", "name", "field", "status", "well_type", "spud_date", "measured_depth_m", "target_depth_md_m",
             "afe_amount")


@wells_router.get("", response_model=Page[WellRead], name="list_wells", summary="List wells", responses=READ,
                  description=describe(wells.list_wells, "well.read", sort_doc(WELL_SORT)))
def list_wells(campaign_id: int | None = _id_query("Wells of this campaign."),
               rig_id: int | None = _id_query("Wells drilled by this rig."),
               status: WellStatus | None = None, well_type: WellType | None = None,
               page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    rows = wells.list_wells(actor, campaign_id=campaign_id, rig_id=rig_id)
    return paginate(rows, page, WELL_SORT, {"status": status, "well_type": well_type})


class PlanPoint(BaseModel):
    day: float = Field(allow_inf_nan=False, description="Days from spud.")
    depth_md_m: float = Field(allow_inf_nan=False, description="Planned measured depth, m.")


class WellPlan(BaseModel):
    """A well's planned time-depth curve, by day."""

    well_id: int = 0
    points: list[PlanPoint] = Field(max_length=2000)


def _plan(well_id: int, points: list[tuple[float, float]]) -> WellPlan:
    return WellPlan(well_id=well_id, points=[PlanPoint(day=d, depth_md_m=z) for d, z in points])


@wells_router.get("/{item_id}/plan", response_model=WellPlan, name="get_well_plan",
                  summary="Get a well's planned time-depth curve", responses=ITEM,
                  description=describe(wells.get_plan, "well.read"))
def get_plan(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return _plan(key, wells.get_plan(actor, key))


@wells_router.put("/{item_id}/plan", response_model=WellPlan, name="set_well_plan",
                  summary="Replace a well's planned time-depth curve", responses=WRITE,
                  description=describe(wells.set_plan, "well.write", "`well_id` in the body is ignored."))
def set_plan(key: int = Depends(item_id), body: WellPlan = Body(openapi_examples=ex.WELL_PLAN),
             actor: Actor = Depends(current_actor)) -> Any:
    return _plan(key, wells.set_plan(actor, key, [(p.day, p.depth_md_m) for p in body.points]))


add_item_routes(wells_router, ItemRoutes(
    "well", "a well", "well", WellRead, WellCreate, WellUpdate, wells.get_well, wells.create_well, wells.update_well,
    wells.delete_well, ex.WELL_CREATE, ex.WELL_UPDATE))

# -------------------------------------------------------------------------------------------------- milestones

MILESTONE_SORT = ("id", "name", "kind", "planned_date", "actual_date", "days_until")


@milestones_router.get("", response_model=Page[MilestoneDue], name="list_milestones", summary="List milestones",
                       responses=READ,
                       description=describe(milestones.list_milestones, "milestone.read", sort_doc(MILESTONE_SORT)))
def list_milestones(campaign_id: int | None = _id_query("Milestones of this campaign."),
                    well_id: int | None = _id_query("Milestones of this well."),
                    rig_id: int | None = _id_query("Milestones of this rig."),
                    kind: MilestoneKind | None = None, overdue: bool | None = None,
                    page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    rows = milestones.list_milestones(actor, campaign_id=campaign_id, well_id=well_id, rig_id=rig_id)
    return paginate(rows, page, MILESTONE_SORT, {"kind": kind, "overdue": overdue})


add_item_routes(milestones_router, ItemRoutes(
    "milestone", "a milestone", "milestone", MilestoneDue, MilestoneCreate, MilestoneUpdate,
    milestones.get_milestone, milestones.create_milestone, milestones.update_milestone, milestones.delete_milestone,
    ex.MILESTONE_CREATE, ex.MILESTONE_UPDATE))
