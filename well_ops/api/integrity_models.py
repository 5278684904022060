"""Request bodies and examples of the integrity routes that exist only in the API (the Create / Update schemas are
those of ``models/schemas_integrity``, ``schemas_annuli`` and ``schemas_barriers``).

Examples are in SI and refer to the demo data's ids.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from well_ops.api.examples import one
from well_ops.models.barriers import RiskCellCategory
from well_ops.models.schemas_integrity import GRADIENT_MAX_BAR_PER_M, GRADIENT_MIN_BAR_PER_M, MAX_PRESSURE_BAR

StringId = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,10}$")]  # JSON object keys are text


class StringRatings(BaseModel):
    """New ratings of one casing or tubing string for a what-if (bar)."""

    model_config = ConfigDict(extra="forbid")

    burst_rating_bar: float | None = Field(None, gt=0, le=MAX_PRESSURE_BAR)
    collapse_rating_bar: float | None = Field(None, gt=0, le=MAX_PRESSURE_BAR)


class WhatIfIn(BaseModel):
    """The inputs to change (SI); anything not sent keeps its stored value. Nothing is saved."""

    model_config = ConfigDict(extra="forbid")

    fluid_gradient_bar_per_m: float | None = Field(None, ge=GRADIENT_MIN_BAR_PER_M, le=GRADIENT_MAX_BAR_PER_M)
    backup_fluid_gradient_bar_per_m: float | None = Field(None, ge=GRADIENT_MIN_BAR_PER_M,
                                                          le=GRADIENT_MAX_BAR_PER_M)
    inside_fluid_gradient_bar_per_m: float | None = Field(None, ge=GRADIENT_MIN_BAR_PER_M,
                                                          le=GRADIENT_MAX_BAR_PER_M)
    wellhead_rating_bar: float | None = Field(None, gt=0, le=MAX_PRESSURE_BAR)
    casing_ratings: dict[StringId, StringRatings] | None = Field(
        None, max_length=50, description="By casing string id (of this well): new burst / collapse ratings.")
    tubing_ratings: dict[StringId, StringRatings] | None = Field(
        None, max_length=50, description="By tubing string id (of this well): new burst / collapse ratings.")


class ComputeIn(BaseModel):
    """Why the MAASP is recomputed (kept with the stored result)."""

    reason: str = Field(min_length=1, max_length=500)


class RefreshIn(BaseModel):
    """Why the snapshot is refreshed (kept in ``details.reason``)."""

    reason: str = Field("manual refresh", min_length=1, max_length=500)


class RiskCellIn(BaseModel):
    """The category and normalised score (0-100) of one likelihood x consequence cell."""

    category: RiskCellCategory
    score: int = Field(ge=0, le=100)


CASING_CREATE = one("A 9-5/8in production casing", {
    "well_id": 1, "name": "9-5/8in production", "kind": "production", "od_mm": 244.5, "id_mm": 220.5,
    "grade": "L80", "weight_kg_per_m": 69.9, "top_md_m": 0, "bottom_md_m": 3600, "top_tvd_m": 0,
    "bottom_tvd_m": 3080, "burst_rating_bar": 650, "collapse_rating_bar": 430,
    "shoe_frac_gradient_bar_per_m": 0.185, "top_of_cement_md_m": 2600, "top_of_cement_tvd_m": 2300})
CASING_UPDATE = one("Derate the burst rating after a caliper log", {"burst_rating_bar": 560})
FORMATION = one("LOT at the shoe: 1.89 SG equivalent", {"shoe_frac_gradient_bar_per_m": 0.185})
CEMENT_CREATE = one("Cement behind the production casing", {
    "well_id": 1, "casing_string_id": 1, "top_md_m": 2600, "bottom_md_m": 3600, "top_tvd_m": 2300,
    "bottom_tvd_m": 3080, "quality": "good"})
CEMENT_UPDATE = one("Bond log says fair", {"quality": "fair"})
TUBING_CREATE = one("5-1/2in tubing", {
    "well_id": 1, "name": "5-1/2in tubing", "od_mm": 139.7, "id_mm": 121.4, "grade": "13Cr80",
    "weight_kg_per_m": 29.8, "top_md_m": 0, "bottom_md_m": 3400, "bottom_tvd_m": 2950, "burst_rating_bar": 620,
    "collapse_rating_bar": 590})
TUBING_UPDATE = one("Corrected collapse rating", {"collapse_rating_bar": 560})
COMPLETION_CREATE = one("Production packer", {
    "well_id": 1, "kind": "packer", "name": "Production packer", "depth_md_m": 3350, "depth_tvd_m": 2910,
    "pressure_rating_bar": 345})
COMPLETION_UPDATE = one("Packer rating from the datasheet", {"pressure_rating_bar": 517})
RESERVOIR = one("Reservoir pressure from the last build-up", {
    "reservoir_pressure_bar": 330, "reservoir_tvd_m": 3050, "reservoir_gradient_bar_per_m": 0.108})
ANNULUS_CREATE = one("Annulus A of a platform producer", {
    "well_id": 1, "name": "A", "inner_tubing_id": 1, "outer_casing_id": 1, "fluid_type": "inhibited brine",
    "fluid_gradient_bar_per_m": 0.1177, "backup_fluid_gradient_bar_per_m": 0.1, "mop_bar": 60,
    "is_fixed_platform": True})
ANNULUS_UPDATE = one("Lower the MOP", {"mop_bar": 50})
POINT_CREATE = one("Surface casing shoe (manual)", {"annulus_id": 1, "name": "Surface casing shoe",
                                                   "tvd_m": 1480, "pressure_limit_bar": 244})
POINT_UPDATE = one("Corrected limit", {"pressure_limit_bar": 230})
WHAT_IF = one("Heavier annulus fluid and a derated casing", {
    "fluid_gradient_bar_per_m": 0.125, "casing_ratings": {"1": {"burst_rating_bar": 560}}})
COMPUTE = one("After a caliper survey", {"reason": "caliper survey 2026-03: wall loss at 1200 m"})
REFRESH = one("Manual refresh", {"reason": "weekly review"})
ELEMENT_CREATE = one("SSSV of the primary envelope", {
    "well_id": 1, "envelope": "primary", "kind": "sssv", "name": "TRSSSV at 300 m", "status": "ok",
    "test_interval_days": 180})
ELEMENT_UPDATE = one("Degraded after a slow closure", {"status": "degraded"})
TEST_CREATE = one("An inflow test of the SSSV (leak rate computed)", {
    "test_type": "inflow", "performed_at": "2026-03-08T10:00:00Z", "direction": "from_below",
    "differential_bar": 70, "duration_min": 30, "delta_p_over_z_bar": 0.5, "volume_m3": 2.0,
    "temperature_c": 40})
RISK_CELL = one("Likelihood 4 x consequence 5 is extreme", {"category": "extreme", "score": 80})
