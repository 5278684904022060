"""MAASP by the critical-point method. Pure functions (stdlib only); SI inside: bar, m (TVD), bar/m.

Source: /work/shared/domain/INTEGRITY.md (ISO 16530-1 practice as reproduced in public calculators and an operator's
published workshop). MAASP is "the greatest pressure that an annulus can contain, as measured at the wellhead, without
compromising the integrity of any element of that annulus, including any exposed open-hole formations".

For each critical point i (TVD D_i) an allowable surface pressure MAASP_i is computed, then
``MAASP = min_i MAASP_i`` and the limiting point is the argmin (first one on a tie). G_ann is the annulus fluid
gradient (heaviest credible fluid for burst, degraded mud to surface for the formation check). Design factors SF
divide ratings only, never hydrostatic terms. The whole per-point table is returned so that a result can be stored
with its inputs and ``METHOD_VERSION`` and reproduced later. Explained with worked examples in docs/integrity.md.
A negative MAASP is returned as computed: it means the annulus cannot hold any surface pressure.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from well_ops.domain.units import PSI_PER_FT_PER_PPG, bar_to_psi

METHOD_VERSION = "wellops-maasp-1"


class PointKind(enum.StrEnum):
    manual = "manual"
    outer_burst = "outer_burst"
    inner_collapse = "inner_collapse"
    formation_shoe = "formation_shoe"
    packer = "packer"
    wellhead = "wellhead"
    hanger = "hanger"
    valve = "valve"
    liner_hanger = "liner_hanger"
    test_pressure = "test_pressure"


# Kinds whose allowable pressure is the rating alone (a surface-equivalent limit, no hydrostatic term).
SURFACE_RATED: frozenset[PointKind] = frozenset(
    {PointKind.wellhead, PointKind.hanger, PointKind.valve, PointKind.liner_hanger}
)
# Kinds whose MAASP_i needs other_gradient_bar_per_m (which gradient it is, for messages).
NEEDS_GRADIENT: dict[PointKind, str] = {
    PointKind.outer_burst: "G_backup",
    PointKind.inner_collapse: "G_inside",
    PointKind.formation_shoe: "G_frac",
    PointKind.packer: "G_res",
}


@dataclass(frozen=True)
class CriticalPoint:
    """One critical point of an annulus (see ``point_allowable_bar`` for what each field means per kind)."""

    name: str
    kind: PointKind
    tvd_m: float
    rating_bar: float | None = None        # burst/collapse/element/wellhead rating, or the manual pressure limit
    design_factor: float = 1.0             # divides the rating only (burst 1.1, collapse 1.0 by default)
    other_gradient_bar_per_m: float | None = None  # G_backup (burst), G_inside (collapse), G_frac (shoe), G_res (pkr)
    multiplier: float = 1.0                # manual points: the annulus safety_factor (seed default 0.9)


@dataclass(frozen=True)
class PointResult:
    name: str
    kind: PointKind
    tvd_m: float
    allowable_bar: float                   # MAASP_i, surface pressure
    formula: str                           # human readable, numbers substituted


@dataclass(frozen=True)
class MaaspResult:
    maasp_bar: float
    maasp_psi: float
    limiting_point: str
    points: tuple[PointResult, ...]
    fluid_gradient_bar_per_m: float
    method_version: str


def _n(x: float) -> str:
    """A number for a formula string: up to 6 significant digits, no trailing zeros."""
    return f"{x:.6g}"


def _check(point: CriticalPoint, fluid_gradient_bar_per_m: float) -> None:
    """ValueError naming the first missing or impossible input of a point."""
    if fluid_gradient_bar_per_m < 0:
        raise ValueError("fluid_gradient_bar_per_m must be >= 0")
    if point.tvd_m < 0:
        raise ValueError(f"{point.name}: tvd_m must be >= 0")
    if point.design_factor <= 0 or point.multiplier <= 0:
        raise ValueError(f"{point.name}: design_factor and multiplier must be > 0")
    if point.kind != PointKind.formation_shoe and point.rating_bar is None:
        raise ValueError(f"{point.name}: rating_bar is required for a {point.kind.value} point")
    if point.kind in NEEDS_GRADIENT and point.other_gradient_bar_per_m is None:
        raise ValueError(f"{point.name}: other_gradient_bar_per_m ({NEEDS_GRADIENT[point.kind]}) is required")


def point_allowable_bar(point: CriticalPoint, fluid_gradient_bar_per_m: float) -> PointResult:
    """MAASP_i of one critical point [bar at surface]; D = tvd_m [m], gradients [bar/m], R = rating_bar [bar].

    ISO 16530-1 critical-point method (INTEGRITY.md table), G = fluid_gradient_bar_per_m, SF = design_factor:
      outer_burst     R/SF - D*(G - G_backup)    outer string burst, backed up by the next annulus / pore fluid
      inner_collapse  R/SF - D*(G - G_inside)    inner string collapse, lightest credible fluid inside (gas in tubing)
      formation_shoe  D*(G_frac - G)             formation strength at the outer string's shoe (LOT/FIT gradient)
      packer          R/SF + D*(G_res - G)       packer element rating, reservoir gradient below (SF default 1)
      wellhead, hanger, valve, liner_hanger  R/SF   rating taken as an allowable surface pressure
      test_pressure   R                          the annulus test pressure actually applied: a plain cap
      manual          multiplier*R/SF - G*D      the seed form: pressure limit at depth; multiplier = annulus
                                                 safety_factor (0.9 = 1/1.11), SF normally 1
    Raises ValueError when an input the kind needs is missing or negative.
    """
    _check(point, fluid_gradient_bar_per_m)
    g, d, sf = fluid_gradient_bar_per_m, point.tvd_m, point.design_factor
    r = point.rating_bar if point.rating_bar is not None else 0.0
    go = point.other_gradient_bar_per_m if point.other_gradient_bar_per_m is not None else 0.0
    kind = point.kind
    if kind in (PointKind.outer_burst, PointKind.inner_collapse):
        value = r / sf - d * (g - go)
        text = f"{_n(r)} / {_n(sf)} - {_n(d)} * ({_n(g)} - {_n(go)})"
    elif kind == PointKind.formation_shoe:
        value = d * (go - g)
        text = f"{_n(d)} * ({_n(go)} - {_n(g)})"
    elif kind == PointKind.packer:
        value = r / sf + d * (go - g)
        text = f"{_n(r)} / {_n(sf)} + {_n(d)} * ({_n(go)} - {_n(g)})"
    elif kind in SURFACE_RATED:
        value = r / sf
        text = f"{_n(r)} / {_n(sf)}"
    elif kind == PointKind.test_pressure:
        value = r
        text = f"{_n(r)} (test pressure cap)"
    else:  # manual
        value = point.multiplier * r / sf - g * d
        text = f"{_n(point.multiplier)} * {_n(r)} / {_n(sf)} - {_n(g)} * {_n(d)}"
    return PointResult(point.name, kind, d, value, f"{text} = {value:.1f} bar")


def maasp(points: Sequence[CriticalPoint], fluid_gradient_bar_per_m: float) -> MaaspResult:
    """MAASP = min_i MAASP_i [bar] over the critical points (ISO 16530-1); limiting point = argmin (first on a tie).

    ``maasp_psi`` = maasp_bar / 0.0689476. Raises ValueError if ``points`` is empty.
    """
    if not points:
        raise ValueError("MAASP needs at least one critical point")
    results = tuple(point_allowable_bar(p, fluid_gradient_bar_per_m) for p in points)
    limiting = min(results, key=lambda r: r.allowable_bar)
    return MaaspResult(
        maasp_bar=limiting.allowable_bar,
        maasp_psi=bar_to_psi(limiting.allowable_bar),
        limiting_point=limiting.name,
        points=results,
        fluid_gradient_bar_per_m=fluid_gradient_bar_per_m,
        method_version=METHOD_VERSION,
    )


def drilling_maasp_bar(shoe_tvd_m: float, frac_gradient_bar_per_m: float, mud_gradient_bar_per_m: float) -> float:
    """Drilling-phase MAASP [bar] = (G_frac - G_mud) [bar/m] * D_shoe [m TVD].

    SI form of the well-control formula (EMW_LOT - MW) * 0.052 * D (INTEGRITY.md, shoe only).
    """
    if shoe_tvd_m < 0:
        raise ValueError("shoe_tvd_m must be >= 0")
    return (frac_gradient_bar_per_m - mud_gradient_bar_per_m) * shoe_tvd_m


def drilling_maasp_psi_oilfield(emw_lot_ppg: float, mud_weight_ppg: float, shoe_tvd_ft: float) -> float:
    """Drilling-phase MAASP [psi] = (EMW_LOT - MW) [ppg] * 0.052 * D_shoe [ft TVD] (oilfield units, INTEGRITY.md)."""
    if shoe_tvd_ft < 0:
        raise ValueError("shoe_tvd_ft must be >= 0")
    return (emw_lot_ppg - mud_weight_ppg) * PSI_PER_FT_PER_PPG * shoe_tvd_ft


# --- Critical points from the architecture -------------------------------------------------------------------------


@dataclass(frozen=True)
class StringSpec:
    """A tubular bounding an annulus. Depths are TVD [m]; ratings [bar]; None = unknown / not applicable."""

    name: str
    burst_bar: float | None
    collapse_bar: float | None
    shoe_tvd_m: float | None               # casing shoe, or the bottom of a tubing string
    toc_tvd_m: float | None                # top of the cement behind this string
    frac_gradient_bar_per_m: float | None  # formation strength at the shoe (LOT / FIT)


@dataclass(frozen=True)
class AnnulusSpec:
    """Plain description of one annulus (A, B, C, D) for ``derive_points``."""

    name: str
    fluid_gradient_bar_per_m: float
    backup_gradient_bar_per_m: float       # next annulus / formation pore fluid outside the outer string
    inside_gradient_bar_per_m: float       # lightest credible fluid inside the inner string (gas for tubing)
    inner: StringSpec | None
    outer: StringSpec | None
    burst_design_factor: float = 1.1
    collapse_design_factor: float = 1.0
    packer: tuple[float, float] | None = None   # (tvd_m, rating_bar), annulus A
    reservoir_gradient_bar_per_m: float | None = None
    wellhead_rating_bar: float | None = None
    test_pressure_bar: float | None = None
    manual: tuple[tuple[str, float, float], ...] = ()   # (name, tvd_m, pressure_limit_bar)
    manual_multiplier: float = 0.9


def _shallowest(*depths: float | None) -> float | None:
    known = [d for d in depths if d is not None]
    return min(known) if known else None


def worst_depth_m(bottom_tvd_m: float | None, fluid_gradient_bar_per_m: float, other_gradient_bar_per_m: float,
                  what: str) -> float:
    """TVD [m] where R/SF - D*(G_ann - G_other) is smallest over the exposed interval 0..bottom (INTEGRITY.md).

    The term is linear in D, so both ends are scanned: the bottom when G_ann > G_other, the surface (0) otherwise
    (a tie keeps the surface). Raises ValueError when the bottom is needed but unknown.
    """
    if fluid_gradient_bar_per_m <= other_gradient_bar_per_m:
        return 0.0
    if bottom_tvd_m is None:
        raise ValueError(f"{what}: the bottom of the exposed interval (shoe / top of cement / packer) is unknown")
    return max(0.0, bottom_tvd_m)


def _string_points(spec: AnnulusSpec) -> list[CriticalPoint]:
    """Outer-string burst, inner-string collapse and the formation at the outer shoe."""
    g = spec.fluid_gradient_bar_per_m
    packer_tvd = spec.packer[0] if spec.packer else None
    inner_toc = spec.inner.toc_tvd_m if spec.inner else None
    fluid_bottom = _shallowest(packer_tvd, inner_toc)     # the annulus fluid stops at the packer or inner cement
    points: list[CriticalPoint] = []
    outer, inner = spec.outer, spec.inner
    if outer is not None and outer.burst_bar is not None:
        bottom = _shallowest(outer.shoe_tvd_m, fluid_bottom)
        d = worst_depth_m(bottom, g, spec.backup_gradient_bar_per_m, f"{outer.name} burst")
        points.append(CriticalPoint(f"{outer.name} burst", PointKind.outer_burst, d, outer.burst_bar,
                                    spec.burst_design_factor, spec.backup_gradient_bar_per_m))
    if inner is not None and inner.collapse_bar is not None:
        bottom = _shallowest(inner.toc_tvd_m, inner.shoe_tvd_m, packer_tvd)
        d = worst_depth_m(bottom, g, spec.inside_gradient_bar_per_m, f"{inner.name} collapse")
        points.append(CriticalPoint(f"{inner.name} collapse", PointKind.inner_collapse, d, inner.collapse_bar,
                                    spec.collapse_design_factor, spec.inside_gradient_bar_per_m))
    if outer is not None and outer.shoe_tvd_m is not None and outer.frac_gradient_bar_per_m is not None:
        if fluid_bottom is None or fluid_bottom >= outer.shoe_tvd_m:   # open hole at the shoe sees the fluid
            points.append(CriticalPoint(f"{outer.name} shoe formation", PointKind.formation_shoe, outer.shoe_tvd_m,
                                        other_gradient_bar_per_m=outer.frac_gradient_bar_per_m))
    return points


def derive_points(spec: AnnulusSpec) -> list[CriticalPoint]:
    """The critical points of one annulus from its architecture (ISO 16530-1 practice, INTEGRITY.md).

    Exposed interval: the annulus fluid reaches down to the packer (annulus A) or the inner string's top of cement,
    whichever is shallower (unknown = no limit). Then, with G = fluid_gradient_bar_per_m:
      - outer burst: R_burst / burst_design_factor - D*(G - G_backup), D scanned over surface..min(outer shoe, fluid
        bottom): the bottom when G > G_backup, else the surface;
      - inner collapse: R_collapse / collapse_design_factor - D*(G - G_inside), D scanned over surface..min(inner top
        of cement, inner shoe/bottom, packer);
      - formation at the outer shoe: D_shoe*(G_frac - G), only if the shoe is exposed (fluid bottom at or below it);
      - packer (tvd, rating): R + D*(G_res - G), G_res = reservoir_gradient_bar_per_m, or inside_gradient_bar_per_m
        (lightest credible fluid below the packer) when the reservoir gradient is unknown;
      - wellhead: R (design factor 1: enter a derated rating if needed); test pressure: plain cap;
      - manual (name, tvd, limit): manual_multiplier * limit - G*D.
    Liner hangers, valves and hangers are added by the caller as CriticalPoints. Order: as listed.
    """
    points = _string_points(spec)
    if spec.packer is not None:
        tvd, rating = spec.packer
        g_res = spec.reservoir_gradient_bar_per_m
        below = g_res if g_res is not None else spec.inside_gradient_bar_per_m
        points.append(CriticalPoint("Packer", PointKind.packer, tvd, rating, 1.0, below))
    if spec.wellhead_rating_bar is not None:
        points.append(CriticalPoint("Wellhead", PointKind.wellhead, 0.0, spec.wellhead_rating_bar))
    if spec.test_pressure_bar is not None:
        points.append(CriticalPoint("Annulus test pressure", PointKind.test_pressure, 0.0, spec.test_pressure_bar))
    for name, tvd, limit in spec.manual:
        points.append(CriticalPoint(name, PointKind.manual, tvd, limit, multiplier=spec.manual_multiplier))
    return points
