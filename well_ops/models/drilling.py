"""Rigs, campaigns (with AFE budget), wells, well plans and milestones."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from well_ops.models.base import ck, enum_field, non_negative, text_field, utc_field


def lat_lon_checks(table: str) -> list[sa.CheckConstraint]:
    """Latitude in [-90, 90] and longitude in [-180, 180] (or NULL)."""
    return [
        ck("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", f"ck_{table}_latitude_range"),
        ck("longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", f"ck_{table}_longitude_range"),
    ]


def date_order(start: str, end: str, table: str, what: str) -> sa.CheckConstraint:
    """``end`` is not before ``start`` when both are set."""
    return ck(f"{start} IS NULL OR {end} IS NULL OR {end} >= {start}", f"ck_{table}_{what}_order")


class RigType(enum.StrEnum):
    land = "land"
    jack_up = "jack_up"
    semi_submersible = "semi_submersible"
    drillship = "drillship"
    platform = "platform"


class RigStatus(enum.StrEnum):
    drilling = "drilling"
    tripping = "tripping"
    casing_cementing = "casing_cementing"
    completion = "completion"
    moving = "moving"
    waiting = "waiting"
    maintenance = "maintenance"
    npt = "npt"
    standby = "standby"
    idle = "idle"


class Rig(SQLModel, table=True):
    __tablename__ = "rigs"
    __table_args__ = (*lat_lon_checks("rigs"), *non_negative("day_rate_amount", table="rigs"))
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    rig_type: RigType = enum_field(RigType)
    contractor: str = Field(default="", max_length=120)
    status: RigStatus = enum_field(RigStatus, RigStatus.idle)
    latitude: float | None = None
    longitude: float | None = None
    # wells.rig_id points back here: the cycle is broken with use_alter (ALTER TABLE after both exist).
    current_well_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("wells.id", use_alter=True, name="fk_rigs_current_well_id_wells", ondelete="SET NULL"),
            nullable=True,
            index=True,
        ),
    )
    day_rate_amount: float = 0.0
    currency: str = Field(default="USD", max_length=3)
    notes: str = text_field()
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class CampaignStatus(enum.StrEnum):
    planned = "planned"
    active = "active"
    on_hold = "on_hold"
    completed = "completed"
    cancelled = "cancelled"


class Campaign(SQLModel, table=True):
    __tablename__ = "campaigns"
    __table_args__ = (
        date_order("planned_start", "planned_end", "campaigns", "planned"),
        date_order("actual_start", "actual_end", "campaigns", "actual"),
        *non_negative("afe_amount", table="campaigns"),
    )
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    field: str = Field(default="", max_length=120)
    location: str = Field(default="", max_length=200)
    rig_id: int | None = Field(default=None, foreign_key="rigs.id", ondelete="SET NULL", index=True)  # primary rig
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    objectives: str = text_field()
    status: CampaignStatus = enum_field(CampaignStatus, CampaignStatus.planned)
    afe_amount: float = 0.0  # approved budget (AFE); supplements in afe_supplements
    currency: str = Field(default="USD", max_length=3)
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class CampaignRig(SQLModel, table=True):
    """All rigs a campaign uses (the primary one is also campaigns.rig_id)."""

    __tablename__ = "campaign_rigs"
    campaign_id: int = Field(foreign_key="campaigns.id", primary_key=True, ondelete="CASCADE")
    rig_id: int = Field(foreign_key="rigs.id", primary_key=True, ondelete="CASCADE", index=True)
    created_at: datetime = utc_field()


class AfeSupplement(SQLModel, table=True):
    __tablename__ = "afe_supplements"
    __table_args__ = tuple(non_negative("amount", table="afe_supplements"))
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaigns.id", ondelete="CASCADE", index=True)
    amount: float
    currency: str = Field(default="USD", max_length=3)
    description: str = Field(default="", max_length=500)
    approved: bool = False
    approved_on: date | None = None
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class WellType(enum.StrEnum):
    exploration = "exploration"
    appraisal = "appraisal"
    development = "development"
    producer = "producer"
    injector = "injector"
    observation = "observation"


class WellStatus(enum.StrEnum):
    planned = "planned"
    drilling = "drilling"
    completing = "completing"
    completed = "completed"
    producing = "producing"
    suspended = "suspended"
    abandoned = "abandoned"


WELL_FLUID_TYPES = ("oil", "gas", "water", "condensate")


class Well(SQLModel, table=True):
    __tablename__ = "wells"
    __table_args__ = (
        *lat_lon_checks("wells"),
        date_order("spud_date", "completion_date", "wells", "completion"),
        date_order("spud_date", "production_start_date", "wells", "production_start"),
        ck("fluid_type IN ('oil', 'gas', 'water', 'condensate')", "ck_wells_fluid_type_allowed"),
        *non_negative(
            "water_depth_m",
            "target_depth_md_m",
            "measured_depth_m",
            "tvd_m",
            "planned_days",
            "afe_amount",
            "reservoir_pressure_bar",
            "reservoir_tvd_m",
            "reservoir_gradient_bar_per_m",
            table="wells",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    field: str = Field(default="", max_length=120)
    country: str = Field(default="", max_length=80)
    well_type: WellType = enum_field(WellType, WellType.development)
    status: WellStatus = enum_field(WellStatus, WellStatus.planned)
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id", ondelete="SET NULL", index=True)
    rig_id: int | None = Field(default=None, foreign_key="rigs.id", ondelete="SET NULL", index=True)
    latitude: float | None = None
    longitude: float | None = None
    water_depth_m: float | None = None
    spud_date: date | None = None
    completion_date: date | None = None
    production_start_date: date | None = None  # SAP rule: readings in the first 30 days are judged differently
    target_depth_md_m: float | None = None
    measured_depth_m: float = 0.0
    tvd_m: float = 0.0
    planned_days: float | None = None
    afe_amount: float = 0.0
    currency: str = Field(default="USD", max_length=3)
    reservoir_pressure_bar: float | None = None
    reservoir_tvd_m: float | None = None
    reservoir_gradient_bar_per_m: float | None = None
    h2s_present: bool = False
    is_manned: bool = False
    fluid_type: str = Field(default="oil", max_length=16)  # one of WELL_FLUID_TYPES
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class WellPlanPoint(SQLModel, table=True):
    """One point of the planned depth-versus-days curve."""

    __tablename__ = "well_plan_points"
    __table_args__ = (
        sa.UniqueConstraint("well_id", "day", name="uq_well_plan_points_well_id_day"),
        *non_negative("day", "depth_md_m", table="well_plan_points"),
    )
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE", index=True)
    day: float
    depth_md_m: float
    created_at: datetime = utc_field()


class MilestoneKind(enum.StrEnum):
    spud = "spud"
    casing_run = "casing_run"
    bop_test = "bop_test"
    rig_move = "rig_move"
    td = "td"
    completion = "completion"
    custom = "custom"


class Milestone(SQLModel, table=True):
    __tablename__ = "milestones"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: MilestoneKind = enum_field(MilestoneKind, MilestoneKind.custom)
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id", ondelete="SET NULL", index=True)
    well_id: int | None = Field(default=None, foreign_key="wells.id", ondelete="SET NULL", index=True)
    rig_id: int | None = Field(default=None, foreign_key="rigs.id", ondelete="SET NULL", index=True)
    planned_date: date
    actual_date: date | None = None
    notes: str = text_field()
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()
