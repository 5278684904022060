"""MAASP service: the hand-computed well, recompute on every change, what-if without writing, drilling MAASP."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from tests.builders import make_actor
from tests.integration.integrity_helpers import count, make_platform
from well_ops.models.integrity import Annulus, MaaspResult
from well_ops.models.reports import DailyReport
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.errors import ValidationFailed


def _results(session: Session, annulus_id: int | None) -> list[MaaspResult]:
    session.expire_all()
    return list(session.exec(select(MaaspResult).where(MaaspResult.annulus_id == annulus_id)
                             .order_by(col(MaaspResult.id))))


def test_maasp_table_and_limiting_point_of_the_worked_example(session: Session) -> None:
    """docs/integrity.md examples 1 and 2, computed by hand:

    Annulus A (brine 0.1177 bar/m, packer 2910 m TVD, gas 0.02 inside the tubing, backup 0.1):
      production burst   650/1.1 - 2910 x (0.1177 - 0.1)  = 590.909 - 51.507  = 539.402
      tubing collapse    590/1.0 - 2910 x (0.1177 - 0.02) = 590 - 284.307     = 305.693  <- limiting
      packer             345 + 2910 x (0.108 - 0.1177)    = 345 - 28.227      = 316.773
      wellhead           345
      MAWOP = min(0.5 x 650, 0.8 x 370 (surface), 0.75 x 590) = min(325, 296, 442.5) = 296
    Annulus B (degraded mud 0.118 bar/m, production TOC 2300 m TVD below the surface shoe 1480 m):
      surface burst      370/1.1 - 1480 x (0.118 - 0.1)   = 336.364 - 26.64   = 309.724
      production collapse 430 - 2300 x (0.118 - 0.02)     = 430 - 225.4       = 204.6
      shoe formation     1480 x (0.165 - 0.118)           = 69.56
      wellhead           345
      manual             0.9 x 244 - 0.118 x 1480         = 219.6 - 174.64    = 44.96    <- limiting
      MAWOP (surface casing outermost, conductor excluded) = min(0.3 x 370, 0.75 x 430) = 111
    """
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    views = {v.annulus_name: v for v in integrity.recompute_well(engineer, p.well.id, "setup")}
    a = views["A"]
    table = {row.kind: round(row.allowable_bar, 3) for row in a.points}
    assert table == {"outer_burst": 539.402, "inner_collapse": 305.693, "packer": 316.773, "wellhead": 345.0}
    assert a.maasp_bar == pytest.approx(305.693) and a.maasp_psi == pytest.approx(4433.70, abs=0.01)
    assert a.limiting_point == "5-1/2in tubing collapse"
    assert [r.limiting for r in a.points] == [r.kind == "inner_collapse" for r in a.points]
    assert a.mawop_bar == pytest.approx(296.0) and a.mawop_limiting == "next_outer"
    b = views["B"]
    assert {r.kind: round(r.allowable_bar, 3) for r in b.points} == {
        "outer_burst": 309.724, "inner_collapse": 204.6, "formation_shoe": 69.56, "wellhead": 345.0, "manual": 44.96}
    assert b.maasp_bar == pytest.approx(44.96) and b.limiting_point == "Surface casing shoe"
    assert b.mawop_bar == pytest.approx(111.0) and b.mawop_limiting == "outermost"
    session.expire_all()
    assert session.get(Annulus, p.ann_a.id).maasp_bar == pytest.approx(305.693)  # cached on the annulus
    stored = integrity.maasp_view(engineer, p.ann_b.id)
    assert stored.saved and stored.maasp_bar == pytest.approx(44.96) and len(stored.points) == 5
    assert stored.mawop_limiting == "outermost" and stored.points[-1].limiting
    assert stored.inputs["spec"]["manual_multiplier"] == 0.9 and stored.method_version == "wellops-maasp-1"


def test_changing_a_fluid_gradient_recomputes_and_stores_a_new_result(session: Session) -> None:
    p = make_platform(session, manual_b=False)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")
    before = _results(session, p.ann_b.id)
    assert len(before) == 1 and before[0].maasp_bar == pytest.approx(69.56)   # shoe formation limits B

    integrity.update_annulus(engineer, p.ann_b.id, {"fluid_gradient_bar_per_m": 0.12})
    after = _results(session, p.ann_b.id)
    assert len(after) == 2
    assert after[1].maasp_bar == pytest.approx(1480 * (0.165 - 0.12))         # 66.6 bar
    assert "fluid_gradient_bar_per_m" in after[1].reason and after[1].changed_by_id == engineer.user_id
    assert session.get(Annulus, p.ann_b.id).maasp_bar == pytest.approx(66.6)
    view = integrity.maasp_view(engineer, p.ann_b.id)
    assert view.previous_maasp_bar == pytest.approx(69.56) and view.delta_bar == pytest.approx(-2.96)
    assert [c.key for c in view.changed_inputs] == ["spec.fluid_gradient_bar_per_m"]
    assert _results(session, p.ann_a.id)[-1].id == _results(session, p.ann_a.id)[0].id  # A unchanged: no new row

    integrity.update_casing(engineer, p.surface.id, {"shoe_frac_gradient_bar_per_m": 0.17})   # architecture change
    assert _results(session, p.ann_b.id)[-1].maasp_bar == pytest.approx(1480 * (0.17 - 0.12))


def test_what_if_computes_without_writing(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")
    results = count(session, MaaspResult)
    view = integrity.what_if(engineer, p.ann_a.id, {"tubing_ratings": {str(p.tubing.id): {"collapse_rating_bar": 700}},
                                                     "fluid_gradient_bar_per_m": 0.1177})
    # tubing collapse 700 - 284.307 = 415.693 > packer 316.773: the packer now limits
    assert not view.saved and view.limiting_point == "Packer" and view.maasp_bar == pytest.approx(316.773)
    assert view.delta_bar == pytest.approx(316.773 - 305.693)
    assert count(session, MaaspResult) == results
    session.expire_all()
    assert session.get(Annulus, p.ann_a.id).maasp_bar == pytest.approx(305.693)
    with pytest.raises(ValidationFailed) as err:
        integrity.what_if(engineer, p.ann_a.id, {"mop_bar": 10})
    assert "overrides.mop_bar" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        integrity.what_if(engineer, p.ann_a.id, {"casing_ratings": {"999999": {"burst_rating_bar": 1}}})
    assert "overrides.casing_ratings.999999" in err.value.errors
    for odd in ("²", "9" * 40, "-1"):  # digits int() refuses, ids beyond any column: a clear refusal, never a crash
        with pytest.raises(ValidationFailed) as err:
            integrity.what_if(engineer, p.ann_a.id, {"casing_ratings": {odd: {"burst_rating_bar": 1}}})
        assert f"overrides.casing_ratings.{odd}" in err.value.errors


def test_compute_annulus_always_stores_with_its_reason(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")
    view = integrity.compute_annulus(engineer, p.ann_a.id, "annual review")
    rows = _results(session, p.ann_a.id)
    assert len(rows) == 2 and rows[-1].reason == "annual review" and view.result_id == rows[-1].id
    assert view.delta_bar == pytest.approx(0.0) and view.changed_inputs == []
    with pytest.raises(ValidationFailed):
        integrity.compute_annulus(engineer, p.ann_a.id, "  ")


def test_annulus_limits_rules(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    with pytest.raises(ValidationFailed) as err:
        integrity.update_annulus(engineer, p.ann_a.id, {"mop_bar": 50, "lop_bar": 55})
    assert "lop_bar" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        integrity.update_annulus(engineer, p.ann_a.id, {"fluid_gradient_bar_per_m": 0.3})
    assert "fluid_gradient_bar_per_m" in err.value.errors
    read = integrity.update_annulus(engineer, p.ann_b.id, {"mop_bar": 50})   # MAASP(B) = 44.96: a warning only
    assert read.mop_bar == 50 and any("above the MAASP" in w for w in read.warnings)
    with pytest.raises(ValidationFailed) as err:
        integrity.create_annulus(engineer, {"well_id": p.well.id, "name": "A", "fluid_gradient_bar_per_m": 0.1,
                                            "backup_fluid_gradient_bar_per_m": 0.1})
    assert "name" in err.value.errors
    with pytest.raises(ValidationFailed) as err:   # the surface casing does not fit inside the production casing
        integrity.create_annulus(engineer, {"well_id": p.well.id, "name": "C", "inner_casing_id": p.surface.id,
                                            "outer_casing_id": p.production.id, "fluid_gradient_bar_per_m": 0.1,
                                            "backup_fluid_gradient_bar_per_m": 0.1})
    assert "inner_casing_id" in err.value.errors


def test_manual_critical_points_recompute(session: Session) -> None:
    p = make_platform(session, manual_b=False)
    engineer = make_actor(session, Role.engineer)
    point = integrity.add_critical_point(engineer, {"annulus_id": p.ann_a.id, "name": "Valve", "tvd_m": 0,
                                                    "pressure_limit_bar": 200})
    session.expire_all()
    assert session.get(Annulus, p.ann_a.id).maasp_bar == pytest.approx(0.9 * 200)   # 180 < 305.693
    integrity.update_critical_point(engineer, point.id, {"pressure_limit_bar": 400})
    session.expire_all()
    assert session.get(Annulus, p.ann_a.id).maasp_bar == pytest.approx(305.693)
    integrity.delete_critical_point(engineer, point.id)
    assert integrity.maasp_view(engineer, p.ann_a.id).limiting_point == "5-1/2in tubing collapse"


def test_drilling_maasp_uses_the_deepest_shoe_and_the_latest_mud_weight(session: Session) -> None:
    """(0.185 - 0.0980665 x 1.2) x 3080 = (0.185 - 0.1176798) x 3080 = 207.35 bar."""
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    assert integrity.drilling_maasp(engineer, p.well.id).error.startswith("No daily report")
    session.add_all([DailyReport(well_id=p.well.id, report_date=date(2026, 1, 1), mud_density_sg=1.1),
                     DailyReport(well_id=p.well.id, report_date=date(2026, 1, 2), mud_density_sg=1.2)])
    session.commit()
    view = integrity.drilling_maasp(engineer, p.well.id)
    assert view.shoe_name == "9-5/8in production" and view.mud_density_sg == 1.2
    assert view.maasp_bar == pytest.approx((0.185 - 0.0980665 * 1.2) * 3080)
