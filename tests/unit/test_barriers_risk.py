"""Barriers, guideline 117 categories and the risk matrix (well_ops/domain/barriers.py, risk.py)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from well_ops.domain import units as u
from well_ops.domain.barriers import (
    category_117,
    envelope_status,
    escalate_category,
    is_overdue,
    leak_rate_acceptable,
    leak_rate_scf_per_min,
    next_test_due,
    status_gar,
)
from well_ops.domain.risk import (
    DEFAULT_MATRIX,
    RiskConfig,
    RiskInputs,
    consequence,
    likelihood,
    matrix_category,
    risk_category,
    risk_score,
    utilisation_points,
)

# --- leak rate (API RP 14B) ------------------------------------------------------------------------------------------


def test_leak_rate_hand_example() -> None:
    # delta(p/Z) 50 psi, V 10 ft3, t 15 min, T 520 degR: 35.37 * 50 * 10 / (15 * 520) = 17685 / 7800 = 2.26731 scf/min
    assert leak_rate_scf_per_min(50, 10, 15, 520) == pytest.approx(2.26731, abs=1e-5)
    # 15 degC = 288.15 K = 518.67 degR; 0.5 m3 = 17.6573 ft3
    assert u.c_to_rankine(15.0) == pytest.approx(518.67)
    assert u.m3_to_ft3(0.5) == pytest.approx(17.6573, abs=1e-4)
    # delta(p/Z) 200 psi, 17.6573 ft3, 30 min, 518.67 degR:
    # 35.37 * 200 * 17.6573 / (30 * 518.67) = 124 907.7 / 15 560.1 = 8.0275 scf/min (acceptable: <= 15)
    rate = leak_rate_scf_per_min(200, u.m3_to_ft3(0.5), 30, u.c_to_rankine(15.0))
    assert rate == pytest.approx(8.0275, abs=1e-4)
    assert leak_rate_acceptable(rate, "gas")
    with pytest.raises(ValueError):
        leak_rate_scf_per_min(50, 10, 0, 520)


def test_leak_rate_acceptance() -> None:
    assert leak_rate_acceptable(15.0, "gas") and not leak_rate_acceptable(15.01, "gas")
    assert leak_rate_acceptable(400.0, "liquid") and not leak_rate_acceptable(401.0, "liquid")
    assert leak_rate_acceptable(0.0, "liquid", liquid_cm3_per_min=350.0)
    assert not leak_rate_acceptable(0.0, "liquid", liquid_cm3_per_min=450.0)
    assert not leak_rate_acceptable(12.0, "gas", gas_limit_scf_per_min=10.0)
    with pytest.raises(ValueError, match="fluid"):
        leak_rate_acceptable(1.0, "oil")
    with pytest.raises(ValueError):
        leak_rate_acceptable(-1.0, "gas")


# --- envelope, category, GAR -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("statuses", "expected"), [
    ([], "unknown"),
    (["ok", "ok"], "ok"),
    (["ok", "unknown"], "unknown"),
    (["ok", "degraded", "unknown"], "degraded"),
    (["degraded", "failed", "ok"], "failed"),
    (["failed", "unknown"], "failed"),
])
def test_envelope_status(statuses: list[str], expected: str) -> None:
    assert envelope_status(statuses) == expected


def test_envelope_status_rejects_unknown_words() -> None:
    with pytest.raises(ValueError):
        envelope_status(["fine"])


CATEGORY_TABLE = {  # (primary, secondary) -> category; guideline 117 as documented in docs/integrity.md
    ("ok", "ok"): "green", ("ok", "degraded"): "yellow", ("ok", "failed"): "orange", ("ok", "unknown"): "unknown",
    ("degraded", "degraded"): "orange", ("degraded", "failed"): "red", ("degraded", "unknown"): "unknown",
    ("failed", "failed"): "red", ("failed", "unknown"): "red", ("unknown", "unknown"): "unknown",
}


@pytest.mark.parametrize(("primary", "secondary"), list(itertools.product(["ok", "degraded", "failed", "unknown"],
                                                                          repeat=2)))
def test_category_117_table_is_symmetric(primary: str, secondary: str) -> None:
    expected = CATEGORY_TABLE.get((primary, secondary)) or CATEGORY_TABLE[(secondary, primary)]
    assert category_117(primary, secondary) == expected


@pytest.mark.parametrize(("category", "gar"), [("green", "green"), ("yellow", "amber"), ("orange", "amber"),
                                               ("red", "red"), ("unknown", "amber")])
def test_status_gar(category: str, gar: str) -> None:
    assert status_gar(category) == gar


def test_status_gar_rejects_other_words() -> None:
    with pytest.raises(ValueError):
        status_gar("purple")


def test_next_test_due_and_overdue() -> None:
    # 2026-01-10 + 180 days = 2026-07-09 (Jan 21 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 171, + 9 = 180)
    due = next_test_due(date(2026, 1, 10), 180)
    assert due == date(2026, 7, 9)
    assert next_test_due(datetime(2026, 1, 10, 23, 0, tzinfo=timezone.utc), 180) == date(2026, 7, 9)
    assert next_test_due(None, 180) is None and next_test_due(date(2026, 1, 10), None) is None
    assert not is_overdue(due, date(2026, 7, 9)) and is_overdue(due, date(2026, 7, 10))
    assert not is_overdue(None, date(2030, 1, 1))


# --- risk ------------------------------------------------------------------------------------------------------------

BASE = RiskInputs(primary="ok", secondary="ok", sap_detected=False, max_utilisation=0.2, well_type="producer",
                  fluid_type="oil", h2s=False, is_manned=False, offshore=False)


def test_risk_score_corners_and_matrix() -> None:
    assert risk_score(1, 1) == 0.0                            # (1 - 1) / 24 * 100
    assert risk_score(5, 5) == 100.0                          # (25 - 1) / 24 * 100
    assert risk_score(3, 3) == pytest.approx(100 / 3)         # (9 - 1) / 24 * 100 = 33.33
    assert (matrix_category(1, 1), matrix_category(2, 2), matrix_category(3, 3)) == ("low", "low", "medium")
    assert (matrix_category(4, 4), matrix_category(5, 4), matrix_category(5, 5)) == ("high", "extreme", "extreme")
    assert len(DEFAULT_MATRIX) == 25
    assert [risk_category(c) for c in ("low", "medium", "high", "extreme")] == ["L", "M", "H", "H"]
    with pytest.raises(ValueError):
        risk_score(0, 3)
    with pytest.raises(ValueError):
        risk_category("severe")


def test_likelihood_examples() -> None:
    assert likelihood(BASE) == 1                                                   # green, no SAP, u 0.2
    # yellow (1) + SAP (1) + u 0.85 (2) = 1 + 4 = 5
    assert likelihood(replace(BASE, secondary="degraded", sap_detected=True, max_utilisation=0.85)) == 5
    assert likelihood(replace(BASE, primary="failed", secondary="failed", sap_detected=True,
                              max_utilisation=1.4)) == 5                           # 1 + 3 + 1 + 3 = 8, capped
    assert likelihood(replace(BASE, primary="unknown")) == 2                       # unknown scores like yellow
    assert [utilisation_points(x) for x in (None, 0.49, 0.5, 0.79, 0.8, 1.0, 1.01)] == [0, 0, 1, 1, 2, 2, 3]


def test_likelihood_is_monotonic() -> None:
    order = ["ok", "degraded", "failed"]
    utils = [0.0, 0.3, 0.5, 0.7, 0.8, 0.95, 1.0, 1.2]
    for sec, sap, (u1, u2) in itertools.product(order, [False, True], itertools.pairwise(utils)):
        assert likelihood(replace(BASE, secondary=sec, sap_detected=sap, max_utilisation=u1)) <= \
            likelihood(replace(BASE, secondary=sec, sap_detected=sap, max_utilisation=u2))
    for s1, s2 in itertools.pairwise(order):
        for prim in order:
            assert likelihood(replace(BASE, primary=prim, secondary=s1)) <= \
                likelihood(replace(BASE, primary=prim, secondary=s2))
    assert likelihood(replace(BASE, sap_detected=True)) == likelihood(BASE) + 1


def test_consequence_examples_and_monotonic() -> None:
    assert consequence(BASE) == 1                                                  # onshore unmanned oil producer
    # gas (1) + H2S (2) + manned (1) + offshore (1) = 1 + 5 = 6 -> 5
    assert consequence(replace(BASE, fluid_type="gas", h2s=True, is_manned=True, offshore=True)) == 5
    assert consequence(replace(BASE, is_manned=True, offshore=True)) == 3          # the demo platform well
    assert consequence(replace(BASE, well_type="observation", offshore=True)) == 1  # 1 + 1 - 1
    flags = ["h2s", "is_manned", "offshore"]
    for combo in itertools.product([False, True], repeat=3):
        inputs = replace(BASE, **dict(zip(flags, combo, strict=True)))
        for flag in flags:
            assert consequence(replace(inputs, **{flag: True})) >= consequence(inputs)
        assert consequence(replace(inputs, fluid_type="gas")) >= consequence(inputs)


def test_risk_config_is_configurable() -> None:
    config = RiskConfig(sap_points=3)
    assert likelihood(replace(BASE, sap_detected=True), config) == 4


# --- category escalation by annulus pressure findings (house rule, docs/integrity.md) ----------------------------
@pytest.mark.parametrize(("category", "sap", "util", "expected"), [
    ("green", False, 0.5, "green"),       # nothing found: the envelope category stands
    ("green", False, None, "green"),      # no reading: nothing to raise
    ("green", False, 1.0, "green"),       # exactly at MAASP is not above it
    ("green", True, 0.4, "yellow"),       # SAP: communication through an element -> at least degraded
    ("green", False, 1.01, "orange"),     # above MAASP -> at least orange
    ("green", True, 1.2, "orange"),       # both: the higher floor
    ("unknown", False, 1.2, "orange"),    # a known bad finding replaces "unknown"
    ("unknown", True, 0.1, "yellow"),
    ("unknown", False, 0.1, "unknown"),
    ("orange", True, 0.1, "orange"),      # never lowered
    ("red", False, 2.0, "red"),
    ("yellow", False, 1.5, "orange"),
])
def test_escalate_category(category: str, sap: bool, util: float | None, expected: str) -> None:
    assert escalate_category(category, sap, util) == expected


def test_escalate_category_refuses_unknown_names() -> None:
    with pytest.raises(ValueError):
        escalate_category("purple", False, None)
