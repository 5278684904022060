"""The what-if panel's parsing and formatting (state/integrity_what_if.py) against the real services, on SQLite and
PostgreSQL: units converted, blank fields kept, errors keyed by the form field, nothing written."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tests.builders import make_actor
from tests.integration.integrity_helpers import count, make_platform
from well_ops.domain.units import psi_per_ft_to_bar_per_m, psi_to_bar, sg_to_bar_per_m
from well_ops.models.audit import AuditLog
from well_ops.models.integrity import MaaspResult
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.errors import ValidationFailed
from well_ops.state.integrity_what_if import (
    compare_rows,
    current_values,
    field_errors,
    parse_overrides,
    rating_fields,
    summary,
)


def test_rating_fields_are_the_strings_bounding_the_annulus(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    arch = integrity.get_architecture(engineer, p.well.id)
    b = rating_fields(arch, p.ann_b.id)
    assert [f["key"] for f in b] == [f"casing_ratings.{p.surface.id}.burst_rating_bar",
                                     f"casing_ratings.{p.surface.id}.collapse_rating_bar",
                                     f"casing_ratings.{p.production.id}.burst_rating_bar",
                                     f"casing_ratings.{p.production.id}.collapse_rating_bar"]
    assert b[0]["label"] == "13-3/8in surface (outer) burst rating" and b[0]["current"].startswith("370 bar")
    a = rating_fields(arch, p.ann_a.id)
    assert a[-1]["key"] == f"tubing_ratings.{p.tubing.id}.collapse_rating_bar"
    current = current_values(arch, integrity.what_if(engineer, p.ann_b.id, {}))
    assert current["fluid_gradient_bar_per_m"].startswith("0.1180 bar/m")
    assert current["wellhead_rating_bar"].startswith("345 bar")


@pytest.mark.parametrize(("value", "unit", "expected"), [
    ("0.118", "bar/m", 0.118), ("1,6", "sg", sg_to_bar_per_m(1.6)), ("0.7", "psi/ft", psi_per_ft_to_bar_per_m(0.7)),
])
def test_gradients_are_converted_to_bar_per_m(value: str, unit: str, expected: float) -> None:
    overrides, errors = parse_overrides({"fluid_gradient_bar_per_m": value, "gradient_unit": unit,
                                         "backup_fluid_gradient_bar_per_m": ""}, [])
    assert errors == {}
    assert overrides == {"fluid_gradient_bar_per_m": pytest.approx(expected)}


def test_form_errors_are_keyed_by_field() -> None:
    key = "casing_ratings.7.burst_rating_bar"
    assert parse_overrides({"fluid_gradient_bar_per_m": "heavy", key: "1e3x"}, [key])[1] == {
        "fluid_gradient_bar_per_m": "give a number", key: "give a number"}
    assert "Change at least one value" in parse_overrides({"fluid_gradient_bar_per_m": " "}, [])[1]["form"]
    assert parse_overrides({"fluid_gradient_bar_per_m": "1", "gradient_unit": "ppg"}, [])[1] == {
        "form": "unknown unit"}
    exc = ValidationFailed({"overrides.fluid_gradient_bar_per_m": "too high", "annulus": "gone"})
    assert field_errors(exc, ["fluid_gradient_bar_per_m"]) == {"fluid_gradient_bar_per_m": "too high",
                                                               "form": "annulus: gone"}


def test_what_if_from_the_form_compares_with_the_stored_result_and_writes_nothing(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.compute_annulus(engineer, p.ann_b.id, "baseline")
    arch = integrity.get_architecture(engineer, p.well.id)
    keys = [f["key"] for f in rating_fields(arch, p.ann_b.id)]
    burst = f"casing_ratings.{p.surface.id}.burst_rating_bar"
    overrides, errors = parse_overrides({"fluid_gradient_bar_per_m": "1.6", "gradient_unit": "sg",
                                         burst: "3000", "pressure_unit": "psi"}, keys)
    assert errors == {}
    assert overrides[burst.split(".")[0]] == {str(p.surface.id): {"burst_rating_bar": pytest.approx(psi_to_bar(3000))}}
    before = (count(session, MaaspResult), count(session, AuditLog))
    what = integrity.what_if(engineer, p.ann_b.id, overrides)
    stored = integrity.maasp_view(engineer, p.ann_b.id)
    assert (count(session, MaaspResult), count(session, AuditLog)) == before
    assert what.maasp_bar is not None and stored.maasp_bar is not None and what.maasp_bar < stored.maasp_bar
    text = summary(stored, what)
    assert text["delta"].startswith("-") and text["what_if_limiting"] == what.limiting_point
    rows = compare_rows(stored, what)
    assert {r["name"] for r in rows} == {pt.name for pt in stored.points} | {pt.name for pt in what.points}
    assert [r["name"] for r in rows if r["limiting"]] == [what.limiting_point]
    burst_row = next(r for r in rows if r["name"] == "13-3/8in surface burst")
    assert burst_row["changed"] == "1" and burst_row["delta"].startswith("-")
    with pytest.raises(ValidationFailed) as info:
        integrity.what_if(engineer, p.ann_b.id, parse_overrides({"fluid_gradient_bar_per_m": "3"}, keys)[0])
    assert list(field_errors(info.value, keys + ["fluid_gradient_bar_per_m"])) == ["fluid_gradient_bar_per_m"]
