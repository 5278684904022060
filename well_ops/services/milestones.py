"""Milestones of campaigns, wells and rigs: plan, record achievement, see what is due or overdue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import col, select

from well_ops.models.base import utcnow
from well_ops.models.drilling import Campaign, Milestone, Rig, Well
from well_ops.models.schemas_drilling import MilestoneCreate, MilestoneRead, MilestoneUpdate
from well_ops.services.context import Context, use_case
from well_ops.services.crud import Resource
from well_ops.services.errors import ValidationFailed
from well_ops.services.webhooks import emit_event

MAX_WINDOW_DAYS = 3660


class MilestoneDue(MilestoneRead):
    """A milestone with its due status on a given day: overdue (planned before, not achieved) and days until."""

    overdue: bool = False
    days_until: int = 0


@dataclass(frozen=True)
class LinkOption:
    id: int
    label: str


@dataclass(frozen=True)
class MilestoneLinks:
    """What a milestone may be linked to, for the form's selects."""

    campaigns: list[LinkOption]
    wells: list[LinkOption]
    rigs: list[LinkOption]


@dataclass(frozen=True)
class _Names:
    campaigns: dict[int, str]
    wells: dict[int, str]
    rigs: dict[int, str]


def _lookup(ctx: Context, id_col: Any, label_col: Any, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {i: n for i, n in ctx.session.exec(select(id_col, label_col).where(col(id_col).in_(wanted))) if i}


def _names(ctx: Context, rows: list[Milestone]) -> _Names:
    """Campaign codes, well and rig names of the rows: one query per linked table, not one per row."""
    return _Names(_lookup(ctx, Campaign.id, Campaign.code, (m.campaign_id for m in rows)),
                  _lookup(ctx, Well.id, Well.name, (m.well_id for m in rows)),
                  _lookup(ctx, Rig.id, Rig.name, (m.rig_id for m in rows)))


def _read_with(m: Milestone, names: _Names, today: date) -> MilestoneDue:
    return MilestoneDue.model_validate(m, from_attributes=True, update={
        "campaign_code": names.campaigns.get(m.campaign_id or 0, ""), "well_name": names.wells.get(m.well_id or 0, ""),
        "rig_name": names.rigs.get(m.rig_id or 0, ""),
        "overdue": m.actual_date is None and m.planned_date < today, "days_until": (m.planned_date - today).days})


def _read(ctx: Context, m: Milestone) -> MilestoneDue:
    return _read_with(m, _names(ctx, [m]), utcnow().date())


def _check(ctx: Context, m: Milestone) -> None:
    if m.campaign_id is None and m.well_id is None and m.rig_id is None:
        raise ValidationFailed({"campaign_id": "Link the milestone to a campaign, a well or a rig."})
    for field, model, value in (("campaign_id", Campaign, m.campaign_id), ("well_id", Well, m.well_id),
                                ("rig_id", Rig, m.rig_id)):
        if value is not None and ctx.session.get(model, value) is None:
            raise ValidationFailed({field: f"Unknown {field.removesuffix('_id')}."})


MILESTONES: Resource[Milestone, MilestoneDue] = Resource(Milestone, MilestoneCreate, MilestoneUpdate, _read,
                                                         "Milestone", _check)


def _opt_id(value: Any, field: str) -> int | None:
    if value in (None, "", "all"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed({field: "must be a number"}) from None


def _day(today: Any) -> date:
    if today is None:
        return utcnow().date()
    if not isinstance(today, date):
        raise ValidationFailed({"today": "must be a date"})
    return today


@use_case("milestone.read")
def list_milestones(ctx: Context, campaign_id: int | None = None, well_id: int | None = None,
                    rig_id: int | None = None, today: date | None = None) -> list[MilestoneDue]:
    """Milestones by planned date, optionally of one campaign, well or rig; each with its due status."""
    query = select(Milestone).order_by(col(Milestone.planned_date), col(Milestone.name), col(Milestone.id))
    for column, value, field in ((Milestone.campaign_id, campaign_id, "campaign_id"),
                                 (Milestone.well_id, well_id, "well_id"), (Milestone.rig_id, rig_id, "rig_id")):
        if (wanted := _opt_id(value, field)) is not None:
            query = query.where(column == wanted)
    rows = list(ctx.session.exec(query))
    names, day = _names(ctx, rows), _day(today)
    return [_read_with(m, names, day) for m in rows]


@use_case("milestone.read")
def get_milestone(ctx: Context, milestone_id: int) -> MilestoneDue:
    """One milestone."""
    return MILESTONES.read(ctx, milestone_id)


@use_case("milestone.write")
def create_milestone(ctx: Context, data: MilestoneCreate | dict[str, Any]) -> MilestoneDue:
    """Plan a milestone linked to a campaign, a well and/or a rig (one created already reached is announced)."""
    result = MILESTONES.create(ctx, data)
    _announce(ctx, result, False)
    return result


@use_case("milestone.write")
def update_milestone(ctx: Context, milestone_id: int, data: MilestoneUpdate | dict[str, Any]) -> MilestoneDue:
    """Change a milestone or record its actual date; recording the date (reaching it) emits
    ``campaign.milestone_reached`` to the subscribed webhooks."""
    before = ctx.session.get(Milestone, milestone_id) if isinstance(milestone_id, int) else None
    was_reached = before is not None and before.actual_date is not None
    result = MILESTONES.update(ctx, milestone_id, data)
    _announce(ctx, result, was_reached)
    return result


def _announce(ctx: Context, m: MilestoneDue, was_reached: bool) -> None:
    if m.actual_date is not None and not was_reached:
        emit_event(ctx, "campaign.milestone_reached", {
            "milestone_id": m.id, "name": m.name, "campaign_id": m.campaign_id, "well_id": m.well_id,
            "rig_id": m.rig_id, "planned_date": m.planned_date, "actual_date": m.actual_date})


@use_case("milestone.delete")
def delete_milestone(ctx: Context, milestone_id: int) -> None:
    """Remove a milestone."""
    MILESTONES.delete(ctx, milestone_id)


@use_case("milestone.read")
def upcoming_milestones(ctx: Context, days: int = 14, today: date | None = None) -> list[MilestoneDue]:
    """Milestones not achieved yet that are overdue or due within ``days`` days: overdue first, then by date."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_WINDOW_DAYS:
        raise ValidationFailed({"days": f"must be a whole number of days from 0 to {MAX_WINDOW_DAYS}"})
    day = _day(today)
    query = (select(Milestone).where(col(Milestone.actual_date).is_(None),
                                     Milestone.planned_date <= day + timedelta(days=days))
             .order_by(col(Milestone.planned_date), col(Milestone.name), col(Milestone.id)))
    rows = list(ctx.session.exec(query))
    names = _names(ctx, rows)
    items = [_read_with(m, names, day) for m in rows]
    return sorted(items, key=lambda m: (not m.overdue, m.planned_date))


@use_case("milestone.read")
def milestone_links(ctx: Context) -> MilestoneLinks:
    """Campaigns (by code), wells and rigs (by name) a milestone may be linked to."""
    for permission in ("campaign.read", "well.read", "rig.read"):
        ctx.require(permission)
    return MilestoneLinks(
        campaigns=[LinkOption(i, c) for i, c in ctx.session.exec(select(Campaign.id, Campaign.code)
                                                                   .order_by(col(Campaign.code))) if i],
        wells=[LinkOption(i, n) for i, n in ctx.session.exec(select(Well.id, Well.name).order_by(col(Well.name))) if i],
        rigs=[LinkOption(i, n) for i, n in ctx.session.exec(select(Rig.id, Rig.name).order_by(col(Rig.name))) if i],
    )
