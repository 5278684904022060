"""MAWOP, API RP 90 style (well_ops/domain/mawop.py): hand-checked examples."""

from __future__ import annotations

import pytest

from well_ops.domain import units as u
from well_ops.domain.mawop import MawopInputs, MawopPercents, mawop_bar


def test_annulus_a_limited_by_the_next_outer_casing() -> None:
    # evaluated production casing 650 bar * 0.5 = 325; next outer surface casing 370 * 0.8 = 296;
    # tubing collapse 590 * 0.75 = 442.5 -> 296 bar (next_outer)
    value, term = mawop_bar(MawopInputs(650, 370, 590, outermost=False))
    assert (value, term) == (pytest.approx(296.0), "next_outer")


def test_outermost_string_uses_30_percent() -> None:
    # surface casing outermost: 370 * 0.3 = 111; production casing collapse 430 * 0.75 = 322.5 -> 111 bar
    value, term = mawop_bar(MawopInputs(370, None, 430, outermost=True))
    assert (value, term) == (pytest.approx(111.0), "outermost")
    # a next-outer rating is ignored for the outermost string
    assert mawop_bar(MawopInputs(370, 100, 430, outermost=True)) == (pytest.approx(111.0), "outermost")


def test_inner_collapse_limits() -> None:
    # 650 * 0.5 = 325; 500 * 0.8 = 400; 300 * 0.75 = 225 -> 225 bar
    assert mawop_bar(MawopInputs(650, 500, 300, outermost=False)) == (pytest.approx(225.0), "inner_collapse")


def test_evaluated_alone_and_in_psi() -> None:
    # 10 000 psi MIYP = 689.476 bar; 50 % = 344.738 bar = 5 000 psi
    value, term = mawop_bar(MawopInputs(u.psi_to_bar(10_000), None, None, outermost=False))
    assert term == "evaluated"
    assert u.bar_to_psi(value) == pytest.approx(5000.0)


def test_custom_percents() -> None:
    # 650 * 0.4 = 260; 370 * 0.9 = 333; 590 * 0.5 = 295 -> 260
    percents = MawopPercents(evaluated=0.4, next_outer=0.9, inner_collapse=0.5)
    assert mawop_bar(MawopInputs(650, 370, 590), percents) == (pytest.approx(260.0), "evaluated")


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="evaluated_miyp_bar"):
        mawop_bar(MawopInputs(0, None, None))
    with pytest.raises(ValueError, match="inner_collapse_bar"):
        mawop_bar(MawopInputs(100, None, -5))
    with pytest.raises(ValueError, match="percents.next_outer"):
        mawop_bar(MawopInputs(100, 100, None), MawopPercents(next_outer=1.5))
