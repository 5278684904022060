"""Unit conversions (well_ops/domain/units.py): the known constants and round trips."""

from __future__ import annotations

import pytest

from well_ops.domain import units as u


def test_known_constants() -> None:
    assert u.ft_to_m(1.0) == pytest.approx(0.3048)               # 1 ft = 0.3048 m
    assert u.m_to_ft(3048.0) == pytest.approx(10_000.0)          # 3048 / 0.3048 = 10 000 ft
    assert u.psi_to_bar(1000.0) == pytest.approx(68.9476)        # 1000 * 0.0689476
    assert u.bar_to_psi(68.9476) == pytest.approx(1000.0)
    assert u.sg_to_bar_per_m(1.2) == pytest.approx(0.1176798)    # 1.2 * 0.0980665
    assert u.bar_per_m_to_sg(0.0980665) == pytest.approx(1.0)
    assert u.sg_to_ppg(1.0) == pytest.approx(8.336538, rel=1e-6)  # 0.4335 / 0.052
    assert u.ppg_to_sg(10.0) == pytest.approx(1.199539, rel=1e-6)  # 10 * 0.052 / 0.4335 = 0.52 / 0.4335
    assert u.psi_per_ft_to_bar_per_m(1.0) == pytest.approx(0.226206, rel=1e-6)  # 0.0689476 / 0.3048
    assert u.bar_per_m_to_psi_per_ft(1.0) == pytest.approx(4.420749, rel=1e-6)  # 0.3048 / 0.0689476
    assert u.m_per_h_to_ft_per_h(30.48) == pytest.approx(100.0)  # 30.48 / 0.3048


def test_gradients_agree_between_sg_ppg_and_psi_per_ft() -> None:
    # 1 SG: 0.0980665 bar/m -> * 0.3048 / 0.0689476 = 0.43353 psi/ft, vs the 0.4335 rule: within 0.01 %
    assert u.bar_per_m_to_psi_per_ft(u.sg_to_bar_per_m(1.0)) == pytest.approx(0.4335, rel=1e-4)
    # 12 ppg: 0.052 * 12 = 0.624 psi/ft; via SG: 12 / 8.3365 = 1.43945 SG * 0.0980665 = 0.141162 bar/m
    assert u.psi_per_ft_to_bar_per_m(0.624) == pytest.approx(u.sg_to_bar_per_m(u.ppg_to_sg(12.0)), rel=1e-4)


@pytest.mark.parametrize("value", [0.0, 1.0, 2.5, 1234.5678, -3.0])
def test_round_trips(value: float) -> None:
    assert u.m_to_ft(u.ft_to_m(value)) == pytest.approx(value)
    assert u.ft_to_m(u.m_to_ft(value)) == pytest.approx(value)
    assert u.psi_to_bar(u.bar_to_psi(value)) == pytest.approx(value)
    assert u.bar_to_psi(u.psi_to_bar(value)) == pytest.approx(value)
    assert u.bar_per_m_to_sg(u.sg_to_bar_per_m(value)) == pytest.approx(value)
    assert u.ppg_to_sg(u.sg_to_ppg(value)) == pytest.approx(value)
    assert u.bar_per_m_to_psi_per_ft(u.psi_per_ft_to_bar_per_m(value)) == pytest.approx(value)
    assert u.m_per_h_to_ft_per_h(value) == pytest.approx(u.m_to_ft(value))


def test_architecture_and_import_units_by_hand() -> None:
    assert u.in_to_mm(9.625) == pytest.approx(244.475)               # 9-5/8 in casing: 9.625 * 25.4
    assert u.mm_to_in(339.725) == pytest.approx(13.375)              # 13-3/8 in
    assert u.lb_per_ft_to_kg_per_m(47.0) == pytest.approx(69.94, abs=0.01)  # 47 * 0.45359237 / 0.3048 = 69.944
    assert u.kg_per_m_to_lb_per_ft(u.lb_per_ft_to_kg_per_m(17.0)) == pytest.approx(17.0)
    assert u.kpa_to_bar(6894.76) == pytest.approx(68.9476)            # 1000 psi in kPa -> bar
    assert u.f_to_c(212.0) == pytest.approx(100.0) and u.f_to_c(-40.0) == pytest.approx(-40.0)
    assert u.c_to_f(u.f_to_c(150.0)) == pytest.approx(150.0)
    assert u.ft3_to_m3(35.3147) == pytest.approx(1.0, rel=1e-5)       # 1 m3 = 35.3147 ft3
