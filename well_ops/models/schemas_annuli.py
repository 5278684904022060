"""Create / Update / Read schemas of annuli, manual critical points and pressure readings.

Units as in ``schemas_integrity``: ``unit_system="oilfield"`` converts psi, psi/ft and ft to bar, bar/m and m.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from well_ops.models.integrity import AnnulusName
from well_ops.models.schemas_integrity import (
    MAX_PRESSURE_BAR,
    UnitInput,
    depth_field,
    gradient_field,
    rating_field,
)

# --- annuli and manual critical points -------------------------------------------------------------------------------


class AnnulusCreate(UnitInput):
    """An annulus. ``safety_factor`` multiplies the manual critical points' limits (0.9 = 1/1.11); the burst and
    collapse design factors divide the derived points' ratings. Gradients 0.0098-0.25 bar/m (psi/ft in oilfield)."""

    well_id: int
    name: AnnulusName
    inner_casing_id: int | None = None
    inner_tubing_id: int | None = None
    outer_casing_id: int | None = None
    fluid_type: str = Field(default="", max_length=60)
    fluid_gradient_bar_per_m: float = gradient_field()
    backup_fluid_gradient_bar_per_m: float = gradient_field()
    inside_fluid_gradient_bar_per_m: float = gradient_field(0.02)
    safety_factor: float = Field(default=0.9, gt=0, le=1)
    burst_design_factor: float = Field(default=1.1, ge=1, le=3)
    collapse_design_factor: float = Field(default=1.0, ge=1, le=3)
    mop_bar: float | None = Field(default=None, ge=0, le=MAX_PRESSURE_BAR)
    lop_bar: float | None = Field(default=None, ge=0, le=MAX_PRESSURE_BAR)
    test_pressure_bar: float | None = rating_field(None)
    is_fixed_platform: bool = False


class AnnulusUpdate(UnitInput):
    inner_casing_id: int | None = None
    inner_tubing_id: int | None = None
    outer_casing_id: int | None = None
    fluid_type: str | None = Field(default=None, max_length=60)
    fluid_gradient_bar_per_m: float | None = gradient_field(None)
    backup_fluid_gradient_bar_per_m: float | None = gradient_field(None)
    inside_fluid_gradient_bar_per_m: float | None = gradient_field(None)
    safety_factor: float | None = Field(default=None, gt=0, le=1)
    burst_design_factor: float | None = Field(default=None, ge=1, le=3)
    collapse_design_factor: float | None = Field(default=None, ge=1, le=3)
    mop_bar: float | None = Field(default=None, ge=0, le=MAX_PRESSURE_BAR)
    lop_bar: float | None = Field(default=None, ge=0, le=MAX_PRESSURE_BAR)
    test_pressure_bar: float | None = rating_field(None)
    is_fixed_platform: bool | None = None


class AnnulusRead(SQLModel):
    """An annulus with its cached limits (``maasp_bar``/``mawop_bar`` = the latest stored MAASP result) and
    ``warnings`` (e.g. MOP above MAASP: allowed, but shown)."""

    id: int
    well_id: int
    name: AnnulusName
    inner_casing_id: int | None
    inner_tubing_id: int | None
    outer_casing_id: int | None
    inner_string_name: str = ""
    outer_string_name: str = ""
    fluid_type: str
    fluid_gradient_bar_per_m: float
    backup_fluid_gradient_bar_per_m: float
    inside_fluid_gradient_bar_per_m: float
    safety_factor: float
    burst_design_factor: float
    collapse_design_factor: float
    mop_bar: float | None
    lop_bar: float | None
    mawop_bar: float | None
    maasp_bar: float | None
    test_pressure_bar: float | None
    is_fixed_platform: bool
    warnings: list[str] = Field(default_factory=list)


class CriticalPointCreate(UnitInput):
    """A manual critical point: the pressure the element tolerates at its depth (MAASP_i = SF x limit - G x D)."""

    annulus_id: int
    name: str = Field(min_length=1, max_length=120)
    tvd_m: float = depth_field()
    pressure_limit_bar: float = rating_field()
    notes: str = Field(default="", max_length=4000)


class CriticalPointUpdate(UnitInput):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    tvd_m: float | None = depth_field(None)
    pressure_limit_bar: float | None = rating_field(None)
    notes: str | None = Field(default=None, max_length=4000)


class CriticalPointRead(SQLModel):
    id: int
    annulus_id: int
    name: str
    kind: str
    tvd_m: float
    pressure_limit_bar: float
    source: str
    notes: str


class MeasurementRead(SQLModel):
    id: int
    annulus_id: int
    measured_at: datetime
    pressure_bar: float
    temperature_c: float | None
    source: str
    is_bleed: bool
