"""Create / Update / Read schemas of rigs, campaigns, wells, milestones (validated input and plain output)."""

from __future__ import annotations

from datetime import date

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from well_ops.models.drilling import CampaignStatus, MilestoneKind, RigStatus, RigType, WellStatus, WellType


def _currency(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise ValueError("use a 3-letter currency code such as USD")
    return value


class RigCreate(SQLModel):
    name: str = Field(min_length=1, max_length=120)
    rig_type: RigType
    contractor: str = Field(default="", max_length=120)
    status: RigStatus = RigStatus.idle
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    current_well_id: int | None = None
    day_rate_amount: float = Field(default=0.0, ge=0)
    currency: str = "USD"
    notes: str = Field(default="", max_length=4000)

    _cur = field_validator("currency")(_currency)


class RigUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    rig_type: RigType | None = None
    contractor: str | None = Field(default=None, max_length=120)
    status: RigStatus | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    current_well_id: int | None = None
    day_rate_amount: float | None = Field(default=None, ge=0)
    currency: str | None = None
    notes: str | None = Field(default=None, max_length=4000)

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str | None) -> str | None:
        return None if v is None else _currency(v)


class RigRead(SQLModel):
    id: int
    name: str
    rig_type: RigType
    contractor: str
    status: RigStatus
    latitude: float | None
    longitude: float | None
    current_well_id: int | None
    current_well_name: str = ""
    day_rate_amount: float
    currency: str
    notes: str = ""


class CampaignCreate(SQLModel):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    field: str = Field(default="", max_length=120)
    location: str = Field(default="", max_length=200)
    rig_id: int | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    objectives: str = Field(default="", max_length=4000)
    status: CampaignStatus = CampaignStatus.planned
    afe_amount: float = Field(default=0.0, ge=0)
    currency: str = "USD"

    _cur = field_validator("currency")(_currency)


class CampaignUpdate(SQLModel):
    code: str | None = Field(default=None, min_length=1, max_length=40)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    field: str | None = Field(default=None, max_length=120)
    location: str | None = Field(default=None, max_length=200)
    rig_id: int | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    objectives: str | None = Field(default=None, max_length=4000)
    status: CampaignStatus | None = None
    afe_amount: float | None = Field(default=None, ge=0)
    currency: str | None = None

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str | None) -> str | None:
        return None if v is None else _currency(v)


class WellCreate(SQLModel):
    name: str = Field(min_length=1, max_length=120)
    field: str = Field(default="", max_length=120)
    country: str = Field(default="", max_length=80)
    well_type: WellType = WellType.development
    status: WellStatus = WellStatus.planned
    campaign_id: int | None = None
    rig_id: int | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    water_depth_m: float | None = Field(default=None, ge=0)
    spud_date: date | None = None
    completion_date: date | None = None
    production_start_date: date | None = None
    target_depth_md_m: float | None = Field(default=None, ge=0, le=15000)
    measured_depth_m: float | None = Field(default=None, ge=0, le=15000)
    tvd_m: float | None = Field(default=None, ge=0, le=15000)
    planned_days: float | None = Field(default=None, ge=0, le=2000)
    afe_amount: float = Field(default=0.0, ge=0)
    currency: str = "USD"
    reservoir_pressure_bar: float | None = Field(default=None, ge=0)
    reservoir_tvd_m: float | None = Field(default=None, ge=0)
    reservoir_gradient_bar_per_m: float | None = Field(default=None, ge=0)
    h2s_present: bool = False
    is_manned: bool = False
    fluid_type: str = "oil"

    _cur = field_validator("currency")(_currency)


class WellUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    field: str | None = Field(default=None, max_length=120)
    country: str | None = Field(default=None, max_length=80)
    well_type: WellType | None = None
    status: WellStatus | None = None
    campaign_id: int | None = None
    rig_id: int | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    water_depth_m: float | None = Field(default=None, ge=0)
    spud_date: date | None = None
    completion_date: date | None = None
    production_start_date: date | None = None
    target_depth_md_m: float | None = Field(default=None, ge=0, le=15000)
    measured_depth_m: float | None = Field(default=None, ge=0, le=15000)
    tvd_m: float | None = Field(default=None, ge=0, le=15000)
    planned_days: float | None = Field(default=None, ge=0, le=2000)
    afe_amount: float | None = Field(default=None, ge=0)
    currency: str | None = None
    reservoir_pressure_bar: float | None = Field(default=None, ge=0)
    reservoir_tvd_m: float | None = Field(default=None, ge=0)
    reservoir_gradient_bar_per_m: float | None = Field(default=None, ge=0)
    h2s_present: bool | None = None
    is_manned: bool | None = None
    fluid_type: str | None = None

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str | None) -> str | None:
        return None if v is None else _currency(v)


class MilestoneCreate(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    kind: MilestoneKind = MilestoneKind.custom
    campaign_id: int | None = None
    well_id: int | None = None
    rig_id: int | None = None
    planned_date: date
    actual_date: date | None = None
    notes: str = Field(default="", max_length=4000)


class MilestoneUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: MilestoneKind | None = None
    campaign_id: int | None = None
    well_id: int | None = None
    rig_id: int | None = None
    planned_date: date | None = None
    actual_date: date | None = None
    notes: str | None = Field(default=None, max_length=4000)


class WellRead(SQLModel):
    id: int
    name: str
    field: str
    country: str
    well_type: WellType
    status: WellStatus
    campaign_id: int | None
    campaign_code: str = ""
    rig_id: int | None
    rig_name: str = ""
    latitude: float | None
    longitude: float | None
    water_depth_m: float | None
    spud_date: date | None
    completion_date: date | None
    production_start_date: date | None
    target_depth_md_m: float | None
    measured_depth_m: float | None
    tvd_m: float | None
    planned_days: float | None
    afe_amount: float
    currency: str
    reservoir_pressure_bar: float | None
    reservoir_tvd_m: float | None
    reservoir_gradient_bar_per_m: float | None
    h2s_present: bool
    is_manned: bool
    fluid_type: str


class CampaignRead(SQLModel):
    id: int
    code: str
    name: str
    field: str
    location: str
    rig_id: int | None
    rig_name: str = ""
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    objectives: str
    status: CampaignStatus
    afe_amount: float
    supplements_amount: float = 0.0
    currency: str
    well_count: int = 0


class MilestoneRead(SQLModel):
    id: int
    name: str
    kind: MilestoneKind
    campaign_id: int | None
    campaign_code: str = ""
    well_id: int | None
    well_name: str = ""
    rig_id: int | None
    rig_name: str = ""
    planned_date: date
    actual_date: date | None
    notes: str = ""
