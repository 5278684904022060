"""Create / Update / Read schemas of the well architecture (casing, cement, tubing, completion, reservoir), and the
unit handling shared by every integrity input schema (annuli: ``schemas_annuli``; barriers: ``schemas_barriers``).

Units. Every Create/Update schema takes ``unit_system``:
- ``"si"`` (default): the field names say the unit: m, mm, bar, bar/m, kg/m (m3, degC for barrier tests).
- ``"oilfield"``: the SAME field names carry oilfield values and are converted to SI before validation, by the
  suffix of the field name: ``*_m`` ft, ``*_mm`` in, ``*_bar`` psi, ``*_bar_per_m`` psi/ft (every gradient, fluid
  gradients included: psi/ft, NOT ppg), ``*_kg_per_m`` lb/ft, ``*_m3`` ft3, ``*_c`` degF.
After validation ``unit_system`` reads "si" (the values are SI), so a parsed schema can be re-validated safely.
Read schemas are always SI.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Literal

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from well_ops.domain.units import (
    f_to_c,
    ft3_to_m3,
    ft_to_m,
    in_to_mm,
    lb_per_ft_to_kg_per_m,
    psi_per_ft_to_bar_per_m,
    psi_to_bar,
)
from well_ops.models.integrity import CasingKind, CementQuality, CompletionElementKind

UnitSystem = Literal["si", "oilfield"]
# Physical range of a fluid gradient in an annulus (0.1 SG gas cap .. 2.55 SG heavy mud), bar/m.
GRADIENT_MIN_BAR_PER_M = 0.0098
GRADIENT_MAX_BAR_PER_M = 0.25
MAX_DEPTH_M = 15000.0
MAX_PRESSURE_BAR = 3000.0

_CONVERSIONS: tuple[tuple[str, Any], ...] = (  # longest suffix first
    ("_bar_per_m", psi_per_ft_to_bar_per_m),
    ("_kg_per_m", lb_per_ft_to_kg_per_m),
    ("_bar", psi_to_bar),
    ("_mm", in_to_mm),
    ("_m3", ft3_to_m3),
    ("_m", ft_to_m),
    ("_c", f_to_c),
)


def oilfield_to_si(name: str, value: Any) -> Any:
    """The SI value of field ``name`` given in oilfield units (see the module docstring); non-numbers unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return value
    for suffix, convert in _CONVERSIONS:
        if name.endswith(suffix):
            return convert(float(value))
    return value


class UnitInput(SQLModel):
    """Base of input schemas accepting ``unit_system`` "si" (default) or "oilfield" (converted to SI on input)."""

    unit_system: UnitSystem = "si"

    @model_validator(mode="before")
    @classmethod
    def _to_si(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("unit_system", "si") != "oilfield":
            return data
        converted = {k: oilfield_to_si(k, v) for k, v in data.items()}
        converted["unit_system"] = "si"
        return converted


def depth_field(default: Any = ..., **kw: Any) -> Any:
    return Field(default=default, ge=0, le=MAX_DEPTH_M, **kw)


def rating_field(default: Any = ..., **kw: Any) -> Any:
    return Field(default=default, gt=0, le=MAX_PRESSURE_BAR, **kw)


def gradient_field(default: Any = ...) -> Any:
    return Field(default=default, ge=GRADIENT_MIN_BAR_PER_M, le=GRADIENT_MAX_BAR_PER_M)


# --- casing strings ------------------------------------------------------------------------------------------------


class CasingStringCreate(UnitInput):
    well_id: int
    name: str = Field(min_length=1, max_length=120)
    kind: CasingKind
    od_mm: float = Field(gt=0, le=1500)
    id_mm: float = Field(gt=0, le=1500)
    grade: str = Field(default="", max_length=40)
    weight_kg_per_m: float | None = Field(default=None, gt=0, le=2000)
    top_md_m: float = depth_field(0.0)
    bottom_md_m: float = depth_field()
    top_tvd_m: float = depth_field(0.0)
    bottom_tvd_m: float = depth_field()
    burst_rating_bar: float = rating_field()
    collapse_rating_bar: float = rating_field()
    shoe_frac_gradient_bar_per_m: float | None = Field(default=None, gt=0, le=0.35)
    test_pressure_bar: float | None = rating_field(None)
    top_of_cement_md_m: float | None = depth_field(None)
    top_of_cement_tvd_m: float | None = depth_field(None)


class CasingStringUpdate(UnitInput):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    kind: CasingKind | None = None
    od_mm: float | None = Field(default=None, gt=0, le=1500)
    id_mm: float | None = Field(default=None, gt=0, le=1500)
    grade: str | None = Field(default=None, max_length=40)
    weight_kg_per_m: float | None = Field(default=None, gt=0, le=2000)
    top_md_m: float | None = depth_field(None)
    bottom_md_m: float | None = depth_field(None)
    top_tvd_m: float | None = depth_field(None)
    bottom_tvd_m: float | None = depth_field(None)
    burst_rating_bar: float | None = rating_field(None)
    collapse_rating_bar: float | None = rating_field(None)
    shoe_frac_gradient_bar_per_m: float | None = Field(default=None, gt=0, le=0.35)
    test_pressure_bar: float | None = rating_field(None)
    top_of_cement_md_m: float | None = depth_field(None)
    top_of_cement_tvd_m: float | None = depth_field(None)


class CasingStringRead(SQLModel):
    id: int
    well_id: int
    name: str
    kind: CasingKind
    od_mm: float
    id_mm: float
    grade: str
    weight_kg_per_m: float | None
    top_md_m: float
    bottom_md_m: float
    top_tvd_m: float
    bottom_tvd_m: float
    burst_rating_bar: float
    collapse_rating_bar: float
    shoe_frac_gradient_bar_per_m: float | None
    test_pressure_bar: float | None
    top_of_cement_md_m: float | None
    top_of_cement_tvd_m: float | None


class FormationStrengthUpdate(UnitInput):
    """The formation strength at a casing shoe (LOT / FIT), as a gradient; None clears it."""

    shoe_frac_gradient_bar_per_m: float | None = Field(default=None, gt=0, le=0.35)


# --- cement ----------------------------------------------------------------------------------------------------------


class CementIntervalCreate(UnitInput):
    well_id: int
    casing_string_id: int | None = None
    top_md_m: float = depth_field()
    bottom_md_m: float = depth_field()
    top_tvd_m: float = depth_field()
    bottom_tvd_m: float = depth_field()
    compressive_strength_bar: float | None = rating_field(None)
    quality: CementQuality = CementQuality.unknown


class CementIntervalUpdate(UnitInput):
    casing_string_id: int | None = None
    top_md_m: float | None = depth_field(None)
    bottom_md_m: float | None = depth_field(None)
    top_tvd_m: float | None = depth_field(None)
    bottom_tvd_m: float | None = depth_field(None)
    compressive_strength_bar: float | None = rating_field(None)
    quality: CementQuality | None = None


class CementIntervalRead(SQLModel):
    id: int
    well_id: int
    casing_string_id: int | None
    top_md_m: float
    bottom_md_m: float
    top_tvd_m: float
    bottom_tvd_m: float
    compressive_strength_bar: float | None
    quality: CementQuality


# --- tubing ----------------------------------------------------------------------------------------------------------


class TubingStringCreate(UnitInput):
    well_id: int
    name: str = Field(min_length=1, max_length=120)
    od_mm: float = Field(gt=0, le=1000)
    id_mm: float = Field(gt=0, le=1000)
    grade: str = Field(default="", max_length=40)
    weight_kg_per_m: float = Field(gt=0, le=1000)
    top_md_m: float = depth_field(0.0)
    bottom_md_m: float = depth_field()
    bottom_tvd_m: float = depth_field()
    burst_rating_bar: float = rating_field()
    collapse_rating_bar: float = rating_field()


class TubingStringUpdate(UnitInput):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    od_mm: float | None = Field(default=None, gt=0, le=1000)
    id_mm: float | None = Field(default=None, gt=0, le=1000)
    grade: str | None = Field(default=None, max_length=40)
    weight_kg_per_m: float | None = Field(default=None, gt=0, le=1000)
    top_md_m: float | None = depth_field(None)
    bottom_md_m: float | None = depth_field(None)
    bottom_tvd_m: float | None = depth_field(None)
    burst_rating_bar: float | None = rating_field(None)
    collapse_rating_bar: float | None = rating_field(None)


class TubingStringRead(SQLModel):
    id: int
    well_id: int
    name: str
    od_mm: float
    id_mm: float
    grade: str
    weight_kg_per_m: float
    top_md_m: float
    bottom_md_m: float
    bottom_tvd_m: float
    burst_rating_bar: float
    collapse_rating_bar: float


# --- completion elements ---------------------------------------------------------------------------------------------


class CompletionElementCreate(UnitInput):
    well_id: int
    kind: CompletionElementKind
    name: str = Field(min_length=1, max_length=120)
    depth_md_m: float = depth_field(0.0)
    depth_tvd_m: float = depth_field(0.0)
    pressure_rating_bar: float | None = rating_field(None)
    notes: str = Field(default="", max_length=4000)


class CompletionElementUpdate(UnitInput):
    kind: CompletionElementKind | None = None
    name: str | None = Field(default=None, min_length=1, max_length=120)
    depth_md_m: float | None = depth_field(None)
    depth_tvd_m: float | None = depth_field(None)
    pressure_rating_bar: float | None = rating_field(None)
    notes: str | None = Field(default=None, max_length=4000)


class CompletionElementRead(SQLModel):
    id: int
    well_id: int
    kind: CompletionElementKind
    name: str
    depth_md_m: float
    depth_tvd_m: float
    pressure_rating_bar: float | None
    notes: str


# --- the well's reservoir --------------------------------------------------------------------------------------------


class ReservoirUpdate(UnitInput):
    """The well's reservoir pressure, its depth and the pressure gradient below the packer (MAASP packer point)."""

    reservoir_pressure_bar: float | None = Field(default=None, ge=0, le=MAX_PRESSURE_BAR)
    reservoir_tvd_m: float | None = depth_field(None)
    reservoir_gradient_bar_per_m: float | None = Field(default=None, gt=0, le=0.35)
    production_start_date: date | None = None


class ReservoirRead(SQLModel):
    well_id: int
    reservoir_pressure_bar: float | None
    reservoir_tvd_m: float | None
    reservoir_gradient_bar_per_m: float | None
    production_start_date: date | None
