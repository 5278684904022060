"""Campaigns: register with AFE budget, rigs used, AFE supplements (approved by ops managers); the detail view
lives in ``campaign_detail`` (re-exported here)."""

from __future__ import annotations

import math
from typing import Any

from sqlmodel import col, delete, select

from well_ops.models.base import utcnow
from well_ops.models.drilling import AfeSupplement, Campaign, CampaignRig, CampaignStatus, Rig
from well_ops.models.schemas_drilling import CampaignCreate, CampaignRead, CampaignUpdate
from well_ops.services.campaign_detail import (  # noqa: F401 (CampaignDetail, campaign_detail: the campaign API)
    CampaignDetail,
    SupplementRead,
    _campaign_query,
    _campaign_read,
    _supplement_read,
    campaign_detail,
)
from well_ops.services.context import Context, use_case
from well_ops.services.crud import Resource
from well_ops.services.errors import Conflict, NotFound, ValidationFailed

MAX_AMOUNT = 1e12  # a sanity bound on money amounts


def _read(ctx: Context, campaign: Campaign) -> CampaignRead:
    row = ctx.session.exec(_campaign_query().where(col(Campaign.id) == campaign.id)).one()
    return _campaign_read(*row)


def _check(ctx: Context, c: Campaign) -> None:
    c.code = (c.code or "").strip()
    if not c.code:
        raise ValidationFailed({"code": "The campaign code is required."})
    if not (c.name or "").strip():
        raise ValidationFailed({"name": "The campaign name is required."})
    if c.planned_start and c.planned_end and c.planned_end < c.planned_start:
        raise ValidationFailed({"planned_end": "The planned end cannot be before the planned start."})
    if c.actual_start and c.actual_end and c.actual_end < c.actual_start:
        raise ValidationFailed({"actual_end": "The actual end cannot be before the actual start."})
    if c.rig_id is not None and ctx.session.get(Rig, c.rig_id) is None:
        raise ValidationFailed({"rig_id": "Unknown rig."})


CAMPAIGNS: Resource[Campaign, CampaignRead] = Resource(
    Campaign, CampaignCreate, CampaignUpdate, _read, "Campaign", _check, unique_fields=("code",))


def _link_primary_rig(ctx: Context, campaign_id: int, rig_id: int | None) -> None:
    """The primary rig is always among the campaign's rigs."""
    if rig_id is not None and ctx.session.get(CampaignRig, (campaign_id, rig_id)) is None:
        ctx.session.add(CampaignRig(campaign_id=campaign_id, rig_id=rig_id))
        ctx.session.flush()


@use_case("campaign.read")
def list_campaigns(ctx: Context, status: str | None = None) -> list[CampaignRead]:
    """Campaigns by code, optionally of one status (one statement, no per-row queries)."""
    query = _campaign_query().order_by(col(Campaign.code))
    if status not in (None, "", "all"):
        try:
            query = query.where(col(Campaign.status) == CampaignStatus(str(status)))
        except ValueError:
            raise ValidationFailed({"status": f"Unknown status {status!r}."}) from None
    return [_campaign_read(*row) for row in ctx.session.exec(query)]


@use_case("campaign.read")
def get_campaign(ctx: Context, campaign_id: int) -> CampaignRead:
    """One campaign."""
    return CAMPAIGNS.read(ctx, campaign_id)


@use_case("campaign.write")
def create_campaign(ctx: Context, data: CampaignCreate | dict[str, Any]) -> CampaignRead:
    """Create a campaign (its primary rig is linked as one of its rigs)."""
    created = CAMPAIGNS.create(ctx, data)
    _link_primary_rig(ctx, created.id, created.rig_id)
    return created


@use_case("campaign.write")
def update_campaign(ctx: Context, campaign_id: int, data: CampaignUpdate | dict[str, Any]) -> CampaignRead:
    """Edit a campaign."""
    updated = CAMPAIGNS.update(ctx, campaign_id, data)
    _link_primary_rig(ctx, updated.id, updated.rig_id)
    return updated


@use_case("campaign.delete")
def delete_campaign(ctx: Context, campaign_id: int) -> None:
    """Delete a campaign with its supplements and rig links (its wells, milestones and tasks stay, unlinked)."""
    CAMPAIGNS.delete(ctx, campaign_id)


@use_case("campaign.read")
def list_campaign_rigs(ctx: Context, campaign_id: int) -> list[int]:
    """Ids of the rigs the campaign uses."""
    CAMPAIGNS.get_row(ctx, campaign_id)
    return list(ctx.session.exec(select(CampaignRig.rig_id).where(CampaignRig.campaign_id == int(campaign_id))
                                 .order_by(col(CampaignRig.rig_id))))


def _rig_ids(rig_ids: Any) -> list[int]:
    if not isinstance(rig_ids, list | tuple) or len(rig_ids) > 100:
        raise ValidationFailed({"rig_ids": "Give a list of rig ids (at most 100)."})
    clean: list[int] = []
    for value in rig_ids:
        if isinstance(value, bool) or not str(value).strip().isdigit():
            raise ValidationFailed({"rig_ids": f"{value!r} is not a rig id."})
        if int(value) not in clean:
            clean.append(int(value))
    return clean


@use_case("campaign.write")
def set_campaign_rigs(ctx: Context, campaign_id: int, rig_ids: list[int]) -> list[int]:
    """Replace the rigs the campaign uses; if the primary rig is dropped, the first listed rig becomes primary."""
    campaign = CAMPAIGNS.get_row(ctx, campaign_id)
    clean = _rig_ids(rig_ids)
    known = set(ctx.session.exec(select(Rig.id).where(col(Rig.id).in_(clean)))) if clean else set()
    missing = [r for r in clean if r not in known]
    if missing:
        raise ValidationFailed({"rig_ids": f"Unknown rig {missing[0]}."})
    ctx.session.exec(delete(CampaignRig).where(col(CampaignRig.campaign_id) == campaign.id))  # type: ignore[call-overload]
    for rig_id in clean:
        ctx.session.add(CampaignRig(campaign_id=int(campaign_id), rig_id=rig_id))
    if campaign.rig_id not in clean:
        campaign.rig_id = clean[0] if clean else None
        campaign.updated_at = utcnow()
        ctx.session.add(campaign)
    ctx.session.flush()
    return sorted(clean)


def _amount(value: Any) -> float:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        raise ValidationFailed({"amount": "The amount must be a number."}) from None
    if isinstance(value, bool) or not math.isfinite(amount) or amount <= 0 or amount > MAX_AMOUNT:
        raise ValidationFailed({"amount": "The amount must be greater than 0 (and below 10^12)."})
    return amount


@use_case("afe.read")
def list_supplements(ctx: Context, campaign_id: int) -> list[SupplementRead]:
    """The campaign's AFE supplements, oldest first."""
    CAMPAIGNS.get_row(ctx, campaign_id)
    rows = ctx.session.exec(select(AfeSupplement).where(AfeSupplement.campaign_id == int(campaign_id))
                            .order_by(col(AfeSupplement.created_at), col(AfeSupplement.id)))
    return [_supplement_read(s) for s in rows]


@use_case("afe.write")
def add_supplement(ctx: Context, campaign_id: int, amount: Any, description: Any = "") -> SupplementRead:
    """Request an AFE supplement (in the campaign's currency); it counts once approved."""
    campaign = CAMPAIGNS.get_row(ctx, campaign_id)
    text = str(description if description is not None else "").strip()
    if len(text) > 500:
        raise ValidationFailed({"description": "At most 500 characters."})
    row = AfeSupplement(campaign_id=campaign.id or 0, amount=_amount(amount), currency=campaign.currency,
                        description=text)
    ctx.session.add(row)
    ctx.session.flush()
    return _supplement_read(row)


@use_case("afe.approve")
def approve_supplement(ctx: Context, supplement_id: int) -> SupplementRead:
    """Approve an AFE supplement: it is added to the campaign's approved budget."""
    try:
        row = ctx.session.get(AfeSupplement, int(supplement_id))
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise NotFound(f"AFE supplement {supplement_id!r} does not exist.")
    if row.approved:
        raise Conflict(f"AFE supplement {row.id} is already approved.")
    row.approved = True
    row.approved_on = utcnow().date()
    row.updated_at = utcnow()
    ctx.session.add(row)
    ctx.session.flush()
    return _supplement_read(row)
