"""MAASP, critical-point method (well_ops/domain/maasp.py): hand-checked examples in SI and oilfield units."""

from __future__ import annotations

import itertools
import random

import pytest

from well_ops.domain import units as u
from well_ops.domain.maasp import (
    METHOD_VERSION,
    AnnulusSpec,
    CriticalPoint,
    PointKind,
    StringSpec,
    derive_points,
    drilling_maasp_bar,
    drilling_maasp_psi_oilfield,
    maasp,
    point_allowable_bar,
    worst_depth_m,
)

TUBING = StringSpec("5-1/2in tubing", burst_bar=620, collapse_bar=590, shoe_tvd_m=2950, toc_tvd_m=None,
                    frac_gradient_bar_per_m=None)
PROD = StringSpec("9-5/8in production casing", burst_bar=650, collapse_bar=430, shoe_tvd_m=3080, toc_tvd_m=2300,
                  frac_gradient_bar_per_m=0.185)
SURF = StringSpec("13-3/8in surface casing", burst_bar=370, collapse_bar=180, shoe_tvd_m=1480, toc_tvd_m=400,
                  frac_gradient_bar_per_m=0.165)
# The simple well of docs/integrity.md (the demo well's architecture).
ANNULUS_A = AnnulusSpec("A", fluid_gradient_bar_per_m=0.1177, backup_gradient_bar_per_m=0.1,
                        inside_gradient_bar_per_m=0.02, inner=TUBING, outer=PROD, packer=(2910, 345),
                        reservoir_gradient_bar_per_m=0.108, wellhead_rating_bar=345)
ANNULUS_B = AnnulusSpec("B", fluid_gradient_bar_per_m=0.118, backup_gradient_bar_per_m=0.1,
                        inside_gradient_bar_per_m=0.02, inner=PROD, outer=SURF, wellhead_rating_bar=345,
                        manual=(("Surface casing shoe", 1480, 244),))


def allowable(kind: PointKind, tvd_m: float, g_ann: float, **kw: float) -> float:
    return point_allowable_bar(CriticalPoint("p", kind, tvd_m, **kw), g_ann).allowable_bar  # type: ignore[arg-type]


# --- every point kind, SI and oilfield -------------------------------------------------------------------------------


def test_formation_shoe_si_and_oilfield() -> None:
    # 1500 * (0.165 - 0.118) = 1500 * 0.047 = 70.5 bar
    si = allowable(PointKind.formation_shoe, 1500, 0.118, other_gradient_bar_per_m=0.165)
    assert si == pytest.approx(70.5)
    # oilfield: 1500 m = 4921.26 ft; 0.165 bar/m = 0.729424 psi/ft; 0.118 bar/m = 0.521648 psi/ft
    # 4921.26 * (0.729424 - 0.521648) = 4921.26 * 0.207776 = 1022.52 psi = 70.5 / 0.0689476
    d_ft = u.m_to_ft(1500)
    psi = d_ft * (u.bar_per_m_to_psi_per_ft(0.165) - u.bar_per_m_to_psi_per_ft(0.118))
    assert psi == pytest.approx(1022.52, abs=0.01)
    assert u.psi_to_bar(psi) == pytest.approx(si)


def test_outer_burst_si_and_oilfield() -> None:
    # 370 / 1.1 - 1480 * (0.118 - 0.1) = 336.364 - 26.64 = 309.724 bar
    si = allowable(PointKind.outer_burst, 1480, 0.118, rating_bar=370, design_factor=1.1, other_gradient_bar_per_m=0.1)
    assert si == pytest.approx(309.7236, abs=1e-3)
    # oilfield: 370 bar = 5366.39 psi / 1.1 = 4878.54 psi; 1480 m = 4855.64 ft; 0.018 bar/m = 0.0795735 psi/ft
    # 4878.54 - 4855.64 * 0.0795735 = 4878.54 - 386.38 = 4492.16 psi (= 309.724 bar)
    psi = u.bar_to_psi(370) / 1.1 - u.m_to_ft(1480) * u.bar_per_m_to_psi_per_ft(0.118 - 0.1)
    assert psi == pytest.approx(4492.16, abs=0.01)
    assert u.psi_to_bar(psi) == pytest.approx(si)


def test_inner_collapse_si_and_oilfield() -> None:
    # 590 / 1.0 - 2910 * (0.1177 - 0.02) = 590 - 284.307 = 305.693 bar
    si = allowable(PointKind.inner_collapse, 2910, 0.1177, rating_bar=590, other_gradient_bar_per_m=0.02)
    assert si == pytest.approx(305.693)
    # oilfield: 590 bar = 8557.22 psi; 2910 m = 9547.24 ft; 0.0977 bar/m = 0.431907 psi/ft -> 4123.52 psi
    # 8557.22 - 4123.52 = 4433.70 psi (= 305.693 bar)
    psi = u.bar_to_psi(590) - u.m_to_ft(2910) * u.bar_per_m_to_psi_per_ft(0.0977)
    assert psi == pytest.approx(4433.70, abs=0.01)
    assert u.psi_to_bar(psi) == pytest.approx(si)


def test_packer_si_and_oilfield() -> None:
    # 345 + 2910 * (0.108 - 0.1177) = 345 - 28.227 = 316.773 bar
    si = allowable(PointKind.packer, 2910, 0.1177, rating_bar=345, other_gradient_bar_per_m=0.108)
    assert si == pytest.approx(316.773)
    # oilfield: 345 bar = 5003.80 psi; 9547.24 ft * (-0.0097 bar/m = -0.0428813 psi/ft) = -409.40 psi -> 4594.40 psi
    psi = u.bar_to_psi(345) + u.m_to_ft(2910) * u.bar_per_m_to_psi_per_ft(0.108 - 0.1177)
    assert psi == pytest.approx(4594.40, abs=0.01)
    assert u.psi_to_bar(psi) == pytest.approx(si)


@pytest.mark.parametrize("kind", [PointKind.wellhead, PointKind.hanger, PointKind.valve, PointKind.liner_hanger])
def test_surface_rated_points_divide_the_rating_only(kind: PointKind) -> None:
    # 345 / 1.25 = 276 bar whatever the depth and the fluid; 276 bar = 4003.04 psi = 5003.80 psi / 1.25
    assert allowable(kind, 2000, 0.15, rating_bar=345, design_factor=1.25) == pytest.approx(276.0)
    assert u.bar_to_psi(276.0) == pytest.approx(u.bar_to_psi(345) / 1.25)
    assert allowable(kind, 0, 0.1, rating_bar=345) == pytest.approx(345.0)


def test_test_pressure_is_a_plain_cap() -> None:
    # the applied test pressure, 200 bar (2900.75 psi): no design factor, no hydrostatic term
    assert allowable(PointKind.test_pressure, 1800, 0.12, rating_bar=200, design_factor=1.5) == pytest.approx(200.0)


def test_manual_point_uses_the_multiplier_convention() -> None:
    # seed form: 0.9 * 244 - 0.118 * 1480 = 219.6 - 174.64 = 44.96 bar
    si = allowable(PointKind.manual, 1480, 0.118, rating_bar=244, multiplier=0.9)
    assert si == pytest.approx(44.96)
    # oilfield: 0.9 * 3538.92 psi - 4855.64 ft * 0.521648 psi/ft = 3185.03 - 2532.94 = 652.09 psi (= 44.96 bar)
    psi = 0.9 * u.bar_to_psi(244) - u.m_to_ft(1480) * u.bar_per_m_to_psi_per_ft(0.118)
    assert psi == pytest.approx(652.09, abs=0.01)
    assert u.psi_to_bar(psi) == pytest.approx(si)
    # multiplier 1.0: 244 - 174.64 = 69.36 bar
    assert allowable(PointKind.manual, 1480, 0.118, rating_bar=244) == pytest.approx(69.36)


def test_formula_text_has_the_numbers() -> None:
    r = point_allowable_bar(CriticalPoint("shoe", PointKind.formation_shoe, 1500, other_gradient_bar_per_m=0.165),
                            0.118)
    assert r.formula == "1500 * (0.165 - 0.118) = 70.5 bar"


# --- drilling phase --------------------------------------------------------------------------------------------------


def test_drilling_maasp_both_unit_systems_agree() -> None:
    # oilfield: (14 - 12) ppg * 0.052 * 5000 ft = 520 psi
    assert drilling_maasp_psi_oilfield(14.0, 12.0, 5000.0) == pytest.approx(520.0)
    # SI: 5000 ft = 1524 m; 14 ppg = 0.728 psi/ft = 0.164678 bar/m; 12 ppg = 0.624 psi/ft = 0.141153 bar/m
    # (0.164678 - 0.141153) * 1524 = 0.0235248 * 1524 = 35.852 bar = 520.0 psi
    bar = drilling_maasp_bar(u.ft_to_m(5000), u.ppg_to_bar_per_m(14.0), u.ppg_to_bar_per_m(12.0))
    assert bar == pytest.approx(35.852, abs=1e-3)
    assert u.bar_to_psi(bar) == pytest.approx(520.0, rel=1e-9)


def test_drilling_maasp_si_equals_the_shoe_point() -> None:
    # (0.165 - 0.118) * 1500 = 70.5 bar, the same as the production-phase formation point
    assert drilling_maasp_bar(1500, 0.165, 0.118) == pytest.approx(70.5)
    # and back in oilfield units: 0.165 bar/m = 14.0270 ppg EMW, 0.118 bar/m = 10.0317 ppg, 4921.26 ft -> 1022.52 psi
    psi = drilling_maasp_psi_oilfield(u.bar_per_m_to_ppg(0.165), u.bar_per_m_to_ppg(0.118), u.m_to_ft(1500))
    assert psi == pytest.approx(u.bar_to_psi(70.5))


# --- the result ------------------------------------------------------------------------------------------------------


def test_worked_example_annulus_a() -> None:
    # burst 650/1.1 - 2910*0.0177 = 539.402; collapse 305.693; packer 316.773; wellhead 345 -> 305.693 (collapse)
    r = maasp(derive_points(ANNULUS_A), ANNULUS_A.fluid_gradient_bar_per_m)
    assert [round(p.allowable_bar, 3) for p in r.points] == [539.402, 305.693, 316.773, 345.0]
    assert r.maasp_bar == pytest.approx(305.693)
    assert r.maasp_psi == pytest.approx(4433.70, abs=0.01)    # 305.693 / 0.0689476
    assert r.limiting_point == "5-1/2in tubing collapse"
    assert r.method_version == METHOD_VERSION == "wellops-maasp-1"
    assert r.fluid_gradient_bar_per_m == 0.1177


def test_worked_example_annulus_b() -> None:
    # burst 370/1.1 - 1480*0.018 = 309.724; collapse 430 - 2300*0.098 = 204.6; shoe 1480*0.047 = 69.56;
    # wellhead 345; manual 0.9*244 - 0.118*1480 = 44.96 -> MAASP 44.96 bar = 652.09 psi (manual point)
    r = maasp(derive_points(ANNULUS_B), ANNULUS_B.fluid_gradient_bar_per_m)
    assert [round(p.allowable_bar, 3) for p in r.points] == [309.724, 204.6, 69.56, 345.0, 44.96]
    assert (r.maasp_bar, r.limiting_point) == (pytest.approx(44.96), "Surface casing shoe")
    assert r.maasp_psi == pytest.approx(652.09, abs=0.01)
    without_manual = AnnulusSpec(**{**vars(ANNULUS_B), "manual": ()})
    r2 = maasp(derive_points(without_manual), 0.118)
    assert (r2.maasp_bar, r2.limiting_point) == (pytest.approx(69.56), "13-3/8in surface casing shoe formation")


def test_no_points_is_an_error_and_missing_inputs_are_named() -> None:
    with pytest.raises(ValueError, match="at least one"):
        maasp([], 0.1)
    with pytest.raises(ValueError, match="rating_bar"):
        point_allowable_bar(CriticalPoint("B burst", PointKind.outer_burst, 100, other_gradient_bar_per_m=0.1), 0.1)
    with pytest.raises(ValueError, match="G_frac"):
        point_allowable_bar(CriticalPoint("shoe", PointKind.formation_shoe, 100), 0.1)
    with pytest.raises(ValueError, match="tvd_m"):
        point_allowable_bar(CriticalPoint("x", PointKind.wellhead, -1, rating_bar=100), 0.1)


def test_tie_keeps_the_first_point() -> None:
    pts = [CriticalPoint("one", PointKind.wellhead, 0, 100), CriticalPoint("two", PointKind.valve, 0, 100)]
    assert maasp(pts, 0.1).limiting_point == "one"


# --- properties ------------------------------------------------------------------------------------------------------

GRADIENTS = [0.0, 0.02, 0.08, 0.1, 0.1177, 0.12, 0.15, 0.2]


@pytest.mark.parametrize("backup", [0.0, 0.1, 0.12])
@pytest.mark.parametrize("shoe", [0.0, 800.0, 3000.0])
def test_heavier_annulus_fluid_never_raises_a_burst_limited_maasp(backup: float, shoe: float) -> None:
    outer = StringSpec("casing", 400, None, shoe, None, None)
    values = []
    for g in GRADIENTS:
        spec = AnnulusSpec("B", g, backup, 0.02, inner=None, outer=outer)
        values.append(maasp(derive_points(spec), g).maasp_bar)
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(values)), values
    assert values[0] == pytest.approx(400 / 1.1)     # G_ann <= G_backup: evaluated at the surface


def test_heavier_fluid_never_raises_the_whole_annulus_maasp() -> None:
    values = [maasp(derive_points(AnnulusSpec(**{**vars(ANNULUS_B), "fluid_gradient_bar_per_m": g})), g).maasp_bar
              for g in GRADIENTS]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(values)), values


def _random_points(rng: random.Random, n: int) -> list[CriticalPoint]:
    kinds = list(PointKind)
    return [CriticalPoint(f"p{i}", rng.choice(kinds), rng.uniform(0, 4000), rng.uniform(50, 700), rng.uniform(1, 1.3),
                          rng.uniform(0, 0.2), rng.uniform(0.8, 1.0)) for i in range(n)]


def test_maasp_is_the_minimum_of_its_points_and_adding_a_point_never_raises_it() -> None:
    rng = random.Random(16530)
    for _ in range(200):
        points = _random_points(rng, rng.randint(1, 8))
        g = rng.uniform(0, 0.2)
        r = maasp(points, g)
        assert r.maasp_bar == min(p.allowable_bar for p in r.points)
        assert r.limiting_point == min(r.points, key=lambda p: p.allowable_bar).name
        prefix = [maasp(points[: k + 1], g).maasp_bar for k in range(len(points))]
        assert all(b <= a for a, b in itertools.pairwise(prefix))


# --- derive_points depths --------------------------------------------------------------------------------------------


def _by_kind(points: list[CriticalPoint]) -> dict[PointKind, CriticalPoint]:
    return {p.kind: p for p in points}


def test_annulus_a_is_evaluated_at_the_packer_and_the_shoe_is_not_exposed() -> None:
    pts = _by_kind(derive_points(ANNULUS_A))
    assert pts[PointKind.outer_burst].tvd_m == 2910       # min(shoe 3080, packer 2910): fluid ends at the packer
    assert pts[PointKind.outer_burst].design_factor == 1.1
    assert pts[PointKind.inner_collapse].tvd_m == 2910    # tubing bottom 2950, packer 2910
    assert pts[PointKind.inner_collapse].other_gradient_bar_per_m == 0.02
    assert PointKind.formation_shoe not in pts            # production shoe 3080 is below the packer
    assert pts[PointKind.packer].other_gradient_bar_per_m == 0.108
    assert pts[PointKind.wellhead].tvd_m == 0


def test_annulus_b_depths() -> None:
    pts = _by_kind(derive_points(ANNULUS_B))
    assert pts[PointKind.outer_burst].tvd_m == 1480       # surface shoe, above the inner top of cement 2300
    assert pts[PointKind.inner_collapse].tvd_m == 2300    # production casing top of cement
    assert pts[PointKind.formation_shoe].tvd_m == 1480    # exposed: fluid reaches 2300 >= 1480
    assert pts[PointKind.manual].multiplier == 0.9


def test_lighter_annulus_fluid_is_evaluated_at_the_surface() -> None:
    # G_ann 0.1177 < G_backup 0.12: D*(G_ann - G_backup) < 0 grows with depth, so the surface is worst
    spec = AnnulusSpec(**{**vars(ANNULUS_A), "backup_gradient_bar_per_m": 0.12})
    assert _by_kind(derive_points(spec))[PointKind.outer_burst].tvd_m == 0
    # equal gradients: the term is 0 everywhere, the surface is kept
    assert worst_depth_m(3000, 0.1, 0.1, "x") == 0


def test_cement_above_the_outer_shoe_hides_the_shoe() -> None:
    inner = StringSpec("prod", 650, 430, 3080, 1200, None)
    spec = AnnulusSpec(**{**vars(ANNULUS_B), "inner": inner})
    pts = _by_kind(derive_points(spec))
    assert pts[PointKind.outer_burst].tvd_m == 1200       # the fluid column stops at the inner top of cement
    assert pts[PointKind.inner_collapse].tvd_m == 1200
    assert PointKind.formation_shoe not in pts


def test_unknown_bottom_is_an_error_only_when_the_bottom_is_needed() -> None:
    outer = StringSpec("casing", 400, None, None, None, None)
    with pytest.raises(ValueError, match="casing burst"):
        derive_points(AnnulusSpec("C", 0.12, 0.1, 0.02, inner=None, outer=outer))
    pts = derive_points(AnnulusSpec("C", 0.09, 0.1, 0.02, inner=None, outer=outer))
    assert pts[0].tvd_m == 0


def test_packer_without_reservoir_gradient_uses_the_inside_gradient() -> None:
    spec = AnnulusSpec(**{**vars(ANNULUS_A), "reservoir_gradient_bar_per_m": None})
    packer = _by_kind(derive_points(spec))[PointKind.packer]
    # 345 + 2910 * (0.02 - 0.1177) = 345 - 284.307 = 60.693 bar
    assert packer.other_gradient_bar_per_m == 0.02
    assert point_allowable_bar(packer, 0.1177).allowable_bar == pytest.approx(60.693)


def test_test_pressure_point_is_added() -> None:
    spec = AnnulusSpec(**{**vars(ANNULUS_B), "test_pressure_bar": 40.0})
    r = maasp(derive_points(spec), 0.118)
    assert (r.maasp_bar, r.limiting_point) == (40.0, "Annulus test pressure")
