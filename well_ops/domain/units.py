"""Unit conversions. The only place that converts: the database stores SI-style units (m, bar, bar/m, SG).

Constants from /work/shared/domain/DRILLING.md and INTEGRITY.md: 1 ft = 0.3048 m (exact); 1 psi = 0.0689476 bar;
pressure gradient bar/m = 0.0980665 * SG (g = 9.80665 m/s2, water = 1000 kg/m3); psi/ft = 0.4335 * SG
= 0.052 * ppg (oilfield convention, so 1 SG = 0.4335 / 0.052 = 8.3365 ppg, as used by the MAASP formulas).
"""

from __future__ import annotations

M_PER_FT = 0.3048                 # m per ft (exact, international foot)
BAR_PER_PSI = 0.0689476           # bar per psi
BAR_PER_M_PER_SG = 0.0980665      # bar/m of a fluid column per unit of specific gravity
PSI_PER_FT_PER_SG = 0.4335        # psi/ft of a fluid column per unit of specific gravity
PSI_PER_FT_PER_PPG = 0.052        # psi/ft of a fluid column per ppg (oilfield constant)
PPG_PER_SG = PSI_PER_FT_PER_SG / PSI_PER_FT_PER_PPG   # 8.3365 ppg per SG (consistent with the two above)
# psi/ft -> bar/m: (bar per psi) / (m per ft) = 0.0689476 / 0.3048 = 0.226206 bar/m per psi/ft
BAR_PER_M_PER_PSI_PER_FT = BAR_PER_PSI / M_PER_FT


def m_to_ft(m: float) -> float:
    """ft = m / 0.3048."""
    return m / M_PER_FT


def ft_to_m(ft: float) -> float:
    """m = ft * 0.3048."""
    return ft * M_PER_FT


def bar_to_psi(bar: float) -> float:
    """psi = bar / 0.0689476."""
    return bar / BAR_PER_PSI


def psi_to_bar(psi: float) -> float:
    """bar = psi * 0.0689476."""
    return psi * BAR_PER_PSI


def sg_to_bar_per_m(sg: float) -> float:
    """Hydrostatic gradient bar/m = 0.0980665 * SG."""
    return sg * BAR_PER_M_PER_SG


def bar_per_m_to_sg(bar_per_m: float) -> float:
    """Equivalent specific gravity SG = (bar/m) / 0.0980665."""
    return bar_per_m / BAR_PER_M_PER_SG


def ppg_to_sg(ppg: float) -> float:
    """SG = ppg * 0.052 / 0.4335 (= ppg / 8.3365)."""
    return ppg / PPG_PER_SG


def sg_to_ppg(sg: float) -> float:
    """ppg = SG * 0.4335 / 0.052 (= SG * 8.3365)."""
    return sg * PPG_PER_SG


def psi_per_ft_to_bar_per_m(psi_per_ft: float) -> float:
    """bar/m = psi/ft * 0.0689476 / 0.3048 (= psi/ft * 0.226206)."""
    return psi_per_ft * BAR_PER_M_PER_PSI_PER_FT


def bar_per_m_to_psi_per_ft(bar_per_m: float) -> float:
    """psi/ft = bar/m * 0.3048 / 0.0689476 (= bar/m * 4.42075)."""
    return bar_per_m / BAR_PER_M_PER_PSI_PER_FT


def m_per_h_to_ft_per_h(m_per_h: float) -> float:
    """ft/h = m/h / 0.3048 (rate of penetration)."""
    return m_per_h / M_PER_FT


# Added for the integrity core (well_ops/domain/maasp.py, barriers.py). Constants from INTEGRITY.md / API RP 14B.
FT3_PER_M3 = 1.0 / (M_PER_FT ** 3)   # 35.3147 ft3 per m3 (exact from the foot)
RANKINE_PER_KELVIN = 1.8             # degR = K * 1.8


def ppg_to_psi_per_ft(ppg: float) -> float:
    """Mud / equivalent-mud-weight gradient psi/ft = 0.052 * ppg (oilfield constant)."""
    return ppg * PSI_PER_FT_PER_PPG


def ppg_to_bar_per_m(ppg: float) -> float:
    """bar/m = 0.052 * ppg psi/ft * 0.226206 (consistent with the 0.052 MAASP formula, not via SG)."""
    return psi_per_ft_to_bar_per_m(ppg_to_psi_per_ft(ppg))


def bar_per_m_to_ppg(bar_per_m: float) -> float:
    """ppg = (bar/m -> psi/ft) / 0.052 (inverse of ppg_to_bar_per_m)."""
    return bar_per_m_to_psi_per_ft(bar_per_m) / PSI_PER_FT_PER_PPG


def c_to_rankine(temperature_c: float) -> float:
    """degR = (degC + 273.15) * 1.8 (absolute temperature for the API RP 14B leak-rate formula)."""
    return (temperature_c + 273.15) * RANKINE_PER_KELVIN


def m3_to_ft3(m3: float) -> float:
    """ft3 = m3 / 0.3048^3 (= m3 * 35.3147)."""
    return m3 * FT3_PER_M3


MM_PER_IN = M_PER_FT / 12 * 1000     # 25.4 mm per inch (exact, from the international foot)
KG_PER_LB = 0.45359237               # kg per pound mass (exact, international pound)
BAR_PER_KPA = 0.01                   # 1 bar = 100 kPa (exact)


def in_to_mm(inches: float) -> float:
    """mm = in * 25.4 (exact)."""
    return inches * MM_PER_IN


def mm_to_in(mm: float) -> float:
    """in = mm / 25.4."""
    return mm / MM_PER_IN


def lb_per_ft_to_kg_per_m(lb_per_ft: float) -> float:
    """kg/m = lb/ft * 0.45359237 / 0.3048 (= lb/ft * 1.48816; casing and tubing nominal weight)."""
    return lb_per_ft * KG_PER_LB / M_PER_FT


def kg_per_m_to_lb_per_ft(kg_per_m: float) -> float:
    """lb/ft = kg/m * 0.3048 / 0.45359237."""
    return kg_per_m * M_PER_FT / KG_PER_LB


def kpa_to_bar(kpa: float) -> float:
    """bar = kPa / 100 (exact)."""
    return kpa * BAR_PER_KPA


def f_to_c(temperature_f: float) -> float:
    """degC = (degF - 32) / 1.8."""
    return (temperature_f - 32.0) / 1.8


def c_to_f(temperature_c: float) -> float:
    """degF = degC * 1.8 + 32."""
    return temperature_c * 1.8 + 32.0


def ft3_to_m3(ft3: float) -> float:
    """m3 = ft3 * 0.3048^3 (= ft3 * 0.0283168)."""
    return ft3 / FT3_PER_M3
