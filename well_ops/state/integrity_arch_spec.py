"""The architecture page's editable parts: which form fields each part has, which services save it, and how a Read
schema becomes a table row in the chosen unit system (SI or oilfield). Text only: the services compute."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from well_ops.models.schemas_annuli import AnnulusCreate, CriticalPointCreate
from well_ops.models.schemas_integrity import (
    CasingStringCreate,
    CementIntervalCreate,
    CompletionElementCreate,
    TubingStringCreate,
    oilfield_to_si,
)
from well_ops.services import integrity

UNITS = (("_bar_per_m", "bar/m", "psi/ft"), ("_kg_per_m", "kg/m", "lb/ft"), ("_bar", "bar", "psi"),
         ("_mm", "mm", "in"), ("_m", "m", "ft"))


def unit_of(name: str, oilfield: bool) -> str:
    """The unit label of a field by its name's suffix ('' for unitless fields)."""
    for suffix, si, oil in UNITS:
        if name.endswith(suffix):
            return oil if oilfield else si
    return ""


def shown(name: str, value: Any, oilfield: bool) -> str:
    """A stored SI value as text in the chosen system (the inverse of the schemas' linear oilfield conversion)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(getattr(value, "value", value))
    if oilfield and unit_of(name, True):
        value = value / oilfield_to_si(name, 1.0)
    return format(value, ".6g")


@dataclass(frozen=True)
class PartSpec:
    fields: tuple[str, ...]
    create: Callable[..., Any] | None
    update: Callable[..., Any]
    delete: Callable[..., Any] | None
    parent: str  # the key the create payload needs: well_id or annulus_id
    clearable: frozenset[str]  # optional fields a blank clears (other blanks are left unchanged on edit)


def _clearable(schema: Any) -> frozenset[str]:
    return frozenset(n for n, f in schema.model_fields.items() if not f.is_required() and f.default is None)


CASING_FIELDS = ("name", "kind", "od_mm", "id_mm", "grade", "weight_kg_per_m", "top_md_m", "bottom_md_m", "top_tvd_m",
                 "bottom_tvd_m", "burst_rating_bar", "collapse_rating_bar", "shoe_frac_gradient_bar_per_m",
                 "test_pressure_bar", "top_of_cement_md_m", "top_of_cement_tvd_m")
CEMENT_FIELDS = ("casing_string_id", "top_md_m", "bottom_md_m", "top_tvd_m", "bottom_tvd_m",
                 "compressive_strength_bar", "quality")
TUBING_FIELDS = ("name", "od_mm", "id_mm", "grade", "weight_kg_per_m", "top_md_m", "bottom_md_m", "bottom_tvd_m",
                 "burst_rating_bar", "collapse_rating_bar")
COMPLETION_FIELDS = ("kind", "name", "depth_md_m", "depth_tvd_m", "pressure_rating_bar", "notes")
ANNULUS_FIELDS = ("name", "inner_casing_id", "inner_tubing_id", "outer_casing_id", "fluid_type",
                  "fluid_gradient_bar_per_m", "backup_fluid_gradient_bar_per_m", "inside_fluid_gradient_bar_per_m",
                  "safety_factor", "burst_design_factor", "collapse_design_factor", "mop_bar", "lop_bar",
                  "test_pressure_bar")
POINT_FIELDS = ("annulus_id", "name", "tvd_m", "pressure_limit_bar", "notes")
RESERVOIR_FIELDS = ("reservoir_pressure_bar", "reservoir_tvd_m", "reservoir_gradient_bar_per_m",
                    "production_start_date")

PARTS: dict[str, PartSpec] = {
    "casing": PartSpec(CASING_FIELDS, integrity.create_casing, integrity.update_casing, integrity.delete_casing,
                       "well_id", _clearable(CasingStringCreate)),
    "cement": PartSpec(CEMENT_FIELDS, integrity.create_cement, integrity.update_cement, integrity.delete_cement,
                       "well_id", _clearable(CementIntervalCreate)),
    "tubing": PartSpec(TUBING_FIELDS, integrity.create_tubing, integrity.update_tubing, integrity.delete_tubing,
                       "well_id", _clearable(TubingStringCreate)),
    "completion": PartSpec(COMPLETION_FIELDS, integrity.create_completion_element,
                           integrity.update_completion_element, integrity.delete_completion_element, "well_id",
                           _clearable(CompletionElementCreate)),
    "annulus": PartSpec(ANNULUS_FIELDS, integrity.create_annulus, integrity.update_annulus, integrity.delete_annulus,
                        "well_id", _clearable(AnnulusCreate)),
    "point": PartSpec(POINT_FIELDS, integrity.add_critical_point, integrity.update_critical_point,
                      integrity.delete_critical_point, "annulus_id", _clearable(CriticalPointCreate)),
    "reservoir": PartSpec(RESERVOIR_FIELDS, None, integrity.set_reservoir, None, "well_id",
                          frozenset(RESERVOIR_FIELDS)),
}
NUMBER_SUFFIXES = ("_m", "_mm", "_bar", "_bar_per_m", "_kg_per_m", "_factor")
ID_FIELDS = ("casing_string_id", "inner_casing_id", "inner_tubing_id", "outer_casing_id", "annulus_id")


def payload(part: str, data: dict[str, Any], editing: bool, oilfield: bool) -> dict[str, Any]:
    """The form's values as the service's input: numbers parsed (unparseable text is passed on for the service to
    refuse, naming the field), blanks dropped on edit unless the field may be cleared, the unit system added."""
    spec = PARTS[part]
    out: dict[str, Any] = {}
    for name, value in data.items():
        if value is None and (not editing or name not in spec.clearable):
            continue
        if isinstance(value, str) and (name.endswith(NUMBER_SUFFIXES) or name in ID_FIELDS):
            try:
                value = int(value) if name in ID_FIELDS else float(value)
            except ValueError:
                pass
        out[name] = value
    if part in ("annulus", "point") and editing:
        out.pop("name" if part == "annulus" else "annulus_id", None)
    return {**out, "unit_system": "oilfield" if oilfield else "si"}


def row(read: Any, oilfield: bool, **extra: str) -> dict[str, str]:
    """A Read schema as a row of text in the chosen unit system (ids as text)."""
    values = read.model_dump() if hasattr(read, "model_dump") else dict(read)
    out = {k: shown(k, v, oilfield) for k, v in values.items() if not isinstance(v, list)}
    return {**out, **extra}
