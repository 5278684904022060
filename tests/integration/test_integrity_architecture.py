"""Architecture service: each validation rule names its field; oilfield input is stored in SI; deletes are guarded."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from tests.builders import make_actor, make_well
from tests.integration.integrity_helpers import make_platform
from well_ops.models.integrity import Annulus, CasingString, MaaspResult, TubingString
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.errors import Conflict, ValidationFailed

CASING = {"name": "7in liner", "kind": "liner", "od_mm": 177.8, "id_mm": 157.1, "top_md_m": 3400,
          "bottom_md_m": 3640, "top_tvd_m": 2950, "bottom_tvd_m": 3110, "burst_rating_bar": 700,
          "collapse_rating_bar": 500}


@pytest.mark.parametrize(("change", "field"), [
    ({"top_md_m": 3650, "bottom_md_m": 3600}, "top_md_m"),                  # top above bottom
    ({"id_mm": 180.0}, "id_mm"),                                            # ID < OD
    ({"bottom_md_m": 3700, "bottom_tvd_m": 3110}, "bottom_md_m"),           # within the well's MD (3650 m)
    ({"bottom_tvd_m": 3645}, "bottom_tvd_m"),                               # TVD <= MD
    ({"od_mm": 230.0, "id_mm": 200.0}, "od_mm"),                            # must fit inside the 220.5 mm casing
    ({"top_md_m": 3610, "top_tvd_m": 3090}, "top_md_m"),                    # a liner hangs inside a casing
    ({"top_md_m": 0, "top_tvd_m": 0}, "top_md_m"),                          # a liner does not start at surface
    ({"burst_rating_bar": 0}, "burst_rating_bar"),                          # ratings positive
    ({"collapse_rating_bar": -5}, "collapse_rating_bar"),
    ({"top_of_cement_md_m": 100}, "top_of_cement_md_m"),                    # TOC on the casing
])
def test_casing_rules_name_the_field(session: Session, change: dict[str, Any], field: str) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    before = len(session.exec(select(CasingString)).all())
    with pytest.raises(ValidationFailed) as err:
        integrity.create_casing(engineer, {"well_id": p.well.id, **CASING, **change})
    assert field in err.value.errors, err.value.errors
    assert len(session.exec(select(CasingString)).all()) == before


def test_a_valid_liner_is_stored_and_recomputes(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    results = len(session.exec(select(MaaspResult)).all())
    liner = integrity.create_casing(engineer, {"well_id": p.well.id, **CASING})
    assert liner.kind == "liner" and liner.top_md_m == 3400
    assert len(session.exec(select(MaaspResult)).all()) > results   # recompute_well ran in the same transaction


def test_nesting_is_checked_both_ways(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    with pytest.raises(ValidationFailed) as err:   # shrink the surface casing's ID onto the production casing
        integrity.update_casing(engineer, p.surface.id, {"id_mm": 240})
    assert "id_mm" in err.value.errors and "9-5/8in production" in err.value.errors["id_mm"]
    with pytest.raises(ValidationFailed) as err:   # production casing ID smaller than the tubing OD
        integrity.update_casing(engineer, p.production.id, {"id_mm": 130})
    assert "tubing" in err.value.errors["id_mm"]
    with pytest.raises(ValidationFailed) as err:
        integrity.update_tubing(engineer, p.tubing.id, {"od_mm": 230, "id_mm": 200})
    assert "od_mm" in err.value.errors
    session.expire_all()
    assert session.get(CasingString, p.surface.id).id_mm == 315.3   # nothing changed


def test_oilfield_input_is_stored_as_si(session: Session) -> None:
    well = make_well(session, measured_depth_m=5000)
    engineer = make_actor(session, Role.engineer)
    read = integrity.create_casing(engineer, {
        "unit_system": "oilfield", "well_id": well.id, "name": "9-5/8in", "kind": "production", "od_mm": 9.625,
        "id_mm": 8.681, "weight_kg_per_m": 47, "top_md_m": 0, "bottom_md_m": 10000, "top_tvd_m": 0,
        "bottom_tvd_m": 9000, "burst_rating_bar": 9440, "collapse_rating_bar": 5300,
        "shoe_frac_gradient_bar_per_m": 0.8})
    assert read.od_mm == pytest.approx(244.475) and read.id_mm == pytest.approx(220.4974)       # in x 25.4
    assert read.bottom_md_m == pytest.approx(3048.0) and read.bottom_tvd_m == pytest.approx(2743.2)  # ft x 0.3048
    assert read.burst_rating_bar == pytest.approx(9440 * 0.0689476)                            # 650.87 bar
    assert read.shoe_frac_gradient_bar_per_m == pytest.approx(0.8 * 0.0689476 / 0.3048)        # 0.18097 bar/m
    assert read.weight_kg_per_m == pytest.approx(47 * 1.488164, rel=1e-6)                     # lb/ft
    row = session.get(CasingString, read.id)
    assert row is not None and row.bottom_md_m == pytest.approx(3048.0)
    res = integrity.set_reservoir(engineer, well.id, {"unit_system": "oilfield", "reservoir_pressure_bar": 4786,
                                                      "reservoir_tvd_m": 10000, "reservoir_gradient_bar_per_m": 0.47})
    assert res.reservoir_pressure_bar == pytest.approx(4786 * 0.0689476)
    assert res.reservoir_tvd_m == pytest.approx(3048.0)
    assert res.reservoir_gradient_bar_per_m == pytest.approx(0.47 * 0.0689476 / 0.3048)


def test_annulus_gradients_in_oilfield_units(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    read = integrity.update_annulus(engineer, p.ann_a.id, {"unit_system": "oilfield",
                                                           "fluid_gradient_bar_per_m": 0.52, "mop_bar": 870})
    assert read.fluid_gradient_bar_per_m == pytest.approx(0.52 * 0.0689476 / 0.3048)   # 0.11763 bar/m
    assert read.mop_bar == pytest.approx(870 * 0.0689476)


def test_cement_and_completion_rules(session: Session) -> None:
    p = make_platform(session)
    other = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    cement = {"well_id": p.well.id, "casing_string_id": p.production.id, "top_md_m": 2600, "bottom_md_m": 3600,
              "top_tvd_m": 2300, "bottom_tvd_m": 3080, "quality": "fair"}
    assert integrity.create_cement(engineer, cement).quality == "fair"
    with pytest.raises(ValidationFailed) as err:
        integrity.create_cement(engineer, {**cement, "casing_string_id": other.production.id})
    assert "casing_string_id" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        integrity.create_cement(engineer, {**cement, "top_tvd_m": 3100})
    assert "top_tvd_m" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        integrity.create_completion_element(engineer, {"well_id": p.well.id, "kind": "sssv", "name": "SSSV",
                                                       "depth_md_m": 400, "depth_tvd_m": 450})
    assert "depth_tvd_m" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        integrity.create_completion_element(engineer, {"well_id": p.well.id, "kind": "sssv", "name": "SSSV",
                                                       "depth_md_m": 400, "depth_tvd_m": 400,
                                                       "pressure_rating_bar": 0})
    assert "pressure_rating_bar" in err.value.errors


def test_wellhead_rating_feeds_the_maasp(session: Session) -> None:
    p = make_platform(session, manual_b=False)
    engineer = make_actor(session, Role.engineer)
    integrity.create_completion_element(engineer, {"well_id": p.well.id, "kind": "wellhead_section",
                                                   "name": "Casing head", "pressure_rating_bar": 50})
    session.expire_all()
    b = session.get(Annulus, p.ann_b.id)
    assert b is not None and b.maasp_bar == pytest.approx(50.0)   # 50 < shoe formation 69.56


def test_deletes_refuse_dangling_references(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    with pytest.raises(Conflict):
        integrity.delete_casing(engineer, p.surface.id)          # outer string of annulus B
    with pytest.raises(Conflict):
        integrity.delete_tubing(engineer, p.tubing.id)           # inner string of annulus A
    conductor_id, tubing_id = p.conductor.id, p.tubing.id
    integrity.delete_casing(engineer, conductor_id)
    assert session.exec(select(CasingString.id).where(CasingString.id == conductor_id)).first() is None
    integrity.delete_annulus(engineer, p.ann_a.id)
    integrity.delete_tubing(engineer, tubing_id)
    assert session.exec(select(TubingString.id).where(TubingString.id == tubing_id)).first() is None


def test_architecture_read(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    arch = integrity.get_architecture(make_actor(session, Role.executive), p.well.id)
    assert [c.name for c in arch.casings] == ["30in conductor", "13-3/8in surface", "9-5/8in production"]
    assert [a.name for a in arch.annuli] == ["A", "B"] and arch.annuli[0].inner_string_name == "5-1/2in tubing"
    assert len(arch.critical_points) == 1 and arch.reservoir.reservoir_gradient_bar_per_m == 0.108
    assert engineer.role == Role.engineer
