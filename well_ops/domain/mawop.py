"""MAWOP: maximum allowable wellhead operating pressure of an annulus (API RP 90 style). Pure, stdlib only.

Source: /work/shared/domain/INTEGRITY.md ("MAWOP (API RP 90 style, configurable percentages"), citing API RP 90 and
30 CFR 250 Subpart E. Pressures in bar (MIYP = minimum internal yield pressure, i.e. the burst rating).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MawopInputs:
    evaluated_miyp_bar: float              # MIYP of the casing being evaluated (the annulus' outer string)
    next_outer_miyp_bar: float | None      # MIYP of the next outer casing (None for the outermost string)
    inner_collapse_bar: float | None       # collapse rating of the inner string (tubing or casing)
    outermost: bool = False                # the evaluated string is the outermost casing (conductor excluded)


@dataclass(frozen=True)
class MawopPercents:
    """Fractions of each rating (configurable defaults, API RP 90 as cited in INTEGRITY.md)."""

    evaluated: float = 0.5
    next_outer: float = 0.8
    inner_collapse: float = 0.75
    outermost: float = 0.3


def mawop_bar(inputs: MawopInputs, percents: MawopPercents = MawopPercents()) -> tuple[float, str]:
    """MAWOP [bar] and the limiting term's name (API RP 90 style, INTEGRITY.md).

    MAWOP = min(0.5 * MIYP_evaluated, 0.8 * MIYP_next_outer, 0.75 * collapse_inner); for the outermost string the
    evaluated term is 0.3 * MIYP_evaluated and there is no next-outer term. Terms whose rating is None are skipped.
    Returned names: "evaluated", "outermost", "next_outer", "inner_collapse" (first one on a tie, in that order).
    Raises ValueError on a rating <= 0 or a fraction outside (0, 1].
    """
    for name, frac in vars(percents).items():
        if not 0 < frac <= 1:
            raise ValueError(f"percents.{name} must be in (0, 1]")
    for name, rating in vars(inputs).items():
        if name != "outermost" and rating is not None and rating <= 0:
            raise ValueError(f"{name} must be > 0")
    if inputs.outermost:
        terms = [("outermost", percents.outermost * inputs.evaluated_miyp_bar)]
    else:
        terms = [("evaluated", percents.evaluated * inputs.evaluated_miyp_bar)]
        if inputs.next_outer_miyp_bar is not None:
            terms.append(("next_outer", percents.next_outer * inputs.next_outer_miyp_bar))
    if inputs.inner_collapse_bar is not None:
        terms.append(("inner_collapse", percents.inner_collapse * inputs.inner_collapse_bar))
    name, value = min(terms, key=lambda t: t[1])
    return value, name
