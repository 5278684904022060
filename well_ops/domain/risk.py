"""Well integrity risk: likelihood (1-5) x consequence (1-5) on a 5x5 matrix. Pure functions (stdlib only).

Source: /work/shared/domain/INTEGRITY.md ("Categories and risk"): likelihood rises with barrier degradation, SAP and
annulus utilisation (latest pressure / MAASP); consequence comes from the well (type, fluids, H2S, location, manned).
No standard fixes these numbers: every one is a configurable default in ``RiskConfig`` / ``DEFAULT_MATRIX`` and is
documented in docs/integrity.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from well_ops.domain.barriers import category_117


@dataclass(frozen=True)
class RiskInputs:
    primary: str                       # envelope status ok / degraded / failed / unknown
    secondary: str
    sap_detected: bool
    max_utilisation: float | None      # highest latest-pressure / MAASP over the annuli; None = unknown
    well_type: str                     # WellType value: producer, injector, observation, ...
    fluid_type: str                    # oil / gas / water / condensate
    h2s: bool
    is_manned: bool
    offshore: bool


def _frozen(d: dict[str, int]) -> Mapping[str, int]:
    return MappingProxyType(d)


@dataclass(frozen=True)
class RiskConfig:
    # likelihood = 1 + category points + SAP points + utilisation points, capped at 5
    category_points: Mapping[str, int] = field(default_factory=lambda: _frozen(
        {"green": 0, "yellow": 1, "orange": 2, "red": 3, "unknown": 1}))
    sap_points: int = 1
    utilisation_bands: tuple[float, float, float] = (0.5, 0.8, 1.0)   # u < 0.5: 0; < 0.8: 1; <= 1.0: 2; > 1.0: 3
    # consequence = 1 + fluid points + H2S + manned + offshore + well-type points, clamped to 1..5
    fluid_points: Mapping[str, int] = field(default_factory=lambda: _frozen(
        {"gas": 1, "condensate": 1, "oil": 0, "water": 0}))
    h2s_points: int = 2
    manned_points: int = 1
    offshore_points: int = 1
    well_type_points: Mapping[str, int] = field(default_factory=lambda: _frozen({"observation": -1}))


def _cell(product: int) -> str:
    return "low" if product <= 4 else "medium" if product <= 9 else "high" if product <= 16 else "extreme"


# (likelihood, consequence) -> cell category: L*C <= 4 low, <= 9 medium, <= 16 high, else extreme (the demo seed's
# risk_matrix_cells use the same rule; admins may edit the stored cells).
DEFAULT_MATRIX: dict[tuple[int, int], str] = {(lk, c): _cell(lk * c) for lk in range(1, 6) for c in range(1, 6)}


def utilisation_points(max_utilisation: float | None, config: RiskConfig = RiskConfig()) -> int:
    """Likelihood points from utilisation u = pressure / MAASP: u < 0.5 -> 0, 0.5 <= u < 0.8 -> 1,
    0.8 <= u <= 1.0 -> 2, u > 1.0 (above MAASP) -> 3; None (unknown) -> 0 (flagged as data quality elsewhere)."""
    if max_utilisation is None:
        return 0
    low, high, limit = config.utilisation_bands
    if max_utilisation > limit:
        return 3
    return 2 if max_utilisation >= high else 1 if max_utilisation >= low else 0


def likelihood(inputs: RiskInputs, config: RiskConfig = RiskConfig()) -> int:
    """Likelihood 1..5 = 1 + points(category_117(primary, secondary)) + (SAP ? 1 : 0) + utilisation points, capped.

    Category points: green 0, yellow 1, orange 2, red 3, unknown 1. Defaults documented in docs/integrity.md.
    """
    score = 1 + config.category_points[category_117(inputs.primary, inputs.secondary)]
    score += config.sap_points if inputs.sap_detected else 0
    score += utilisation_points(inputs.max_utilisation, config)
    return max(1, min(5, score))


def consequence(inputs: RiskInputs, config: RiskConfig = RiskConfig()) -> int:
    """Consequence 1..5 = 1 + fluid (gas/condensate 1, oil/water 0) + H2S 2 + manned 1 + offshore 1
    + well type (observation -1; injectors score by their injected fluid), clamped to 1..5."""
    score = 1 + config.fluid_points.get(str(inputs.fluid_type).lower(), 0)
    score += config.h2s_points if inputs.h2s else 0
    score += config.manned_points if inputs.is_manned else 0
    score += config.offshore_points if inputs.offshore else 0
    score += config.well_type_points.get(str(inputs.well_type).lower(), 0)
    return max(1, min(5, score))


def _check_lc(likelihood_: int, consequence_: int) -> None:
    if not (1 <= likelihood_ <= 5 and 1 <= consequence_ <= 5):
        raise ValueError("likelihood and consequence must be in 1..5")


def matrix_category(likelihood_: int, consequence_: int,
                    matrix: Mapping[tuple[int, int], str] = DEFAULT_MATRIX) -> str:
    """The matrix cell's category (low / medium / high / extreme) for (likelihood, consequence)."""
    _check_lc(likelihood_, consequence_)
    return matrix[(likelihood_, consequence_)]


def risk_score(likelihood_: int, consequence_: int) -> float:
    """Risk score 0..100 = (L * C - 1) / 24 * 100: 1x1 -> 0, 5x5 -> 100 (house normalisation)."""
    _check_lc(likelihood_, consequence_)
    return (likelihood_ * consequence_ - 1) / 24 * 100


def risk_category(cell_category: str) -> str:
    """L / M / H from a matrix cell's category: low -> L, medium -> M, high and extreme -> H."""
    mapping = {"low": "L", "medium": "M", "high": "H", "extreme": "H"}
    try:
        return mapping[str(cell_category).strip().lower()]
    except KeyError:
        raise ValueError(f"unknown risk cell category {cell_category!r}") from None
