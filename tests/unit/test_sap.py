"""Sustained annulus pressure detection (well_ops/domain/sap.py): vectors (a)-(h) built by hand, hourly readings."""

from __future__ import annotations

import collections
import random
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from well_ops.domain.sap import (
    Reading,
    SapConfig,
    data_quality,
    detect_sap,
    find_bleeds,
    no_bleed_possible,
    status_without_bleeds,
)

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def at(h: float) -> datetime:
    return T0 + timedelta(hours=h)


def wiggle(h: int) -> float:
    """+-0.05 bar of gauge noise so that steady stretches are not flat-lined."""
    return 0.05 if h % 2 else -0.05


def series(pressure: Callable[[int], float], hours: int, temperature: Callable[[int], float] | None = None,
           bleed_hours: tuple[int, ...] = ()) -> list[Reading]:
    return [Reading(at(h), round(pressure(h), 3), temperature(h) if temperature else None, h in bleed_hours)
            for h in range(hours)]


def steady_then(after: Callable[[int], float]) -> Callable[[int], float]:
    """40 bar (+-noise) for hours 0..23; an inferred bleed to 0.2 bar at hour 24; then after(hours since the bleed)."""
    return lambda h: 40 + wiggle(h) if h < 24 else 0.2 if h == 24 else after(h - 24)


def test_a_bled_and_stayed_down_is_none() -> None:
    readings = series(steady_then(lambda k: 0.3 + wiggle(k) / 5), 72)
    v = detect_sap(readings)
    assert (v.status, v.detected, v.could_not_bleed_to_zero) == ("none", False, False)
    [bleed] = v.bleeds
    # the latest highest reading before the drop: hour 23, 40.05 bar (odd hour -> +0.05); post 0.2 bar at hour 24
    assert (bleed.start, bleed.end, bleed.pre_bar, bleed.post_bar, bleed.inferred) == (at(23), at(24), 40.05, 0.2, True)
    # peak in the 24 h after: 0.31 bar / 40.05 = 0.0077
    assert v.rebuild_fraction == pytest.approx(0.31 / 40.05)
    assert any("no rebuild" in s for s in v.evidence)
    assert v.data_quality == ()


def test_b_rebuilt_to_pre_bleed_within_24_h_is_sap_with_evidence() -> None:
    # linear rebuild 0.2 -> 40.2 bar over 20 h (2 bar/h), then steady at 40.5
    readings = series(steady_then(lambda k: 0.2 + 2.0 * k if k <= 20 else 40.5), 72)
    v = detect_sap(readings)
    assert (v.status, v.detected, v.action_required) == ("sap", True, True)
    assert v.rebuild_fraction == pytest.approx(40.5 / 40.05)       # peak 40.5 bar at hour 45, 101 %
    text = " | ".join(v.evidence)
    assert "bleed 2026-01-01 23:00 UTC -> 2026-01-02 00:00 UTC: 40.05 -> 0.20 bar (inferred from a fast drop)" in text
    assert "peak 40.50 bar at 2026-01-02 21:00 UTC = 101 % of the pre-bleed 40.05 bar" in text
    assert "rebuilt to the pre-bleed level" in text
    assert "verdict: sustained annulus pressure" in text


def test_c_rebuilt_to_85_percent_is_a_warning() -> None:
    # 0.85 * 40.05 = 34.04 bar: rebuild to 34.0 bar, i.e. 84.9 % (>= 80 %, < 100 %)
    readings = series(steady_then(lambda k: min(0.2 + 2.0 * k, 34.0)), 72)
    v = detect_sap(readings)
    assert (v.status, v.detected) == ("warning", False)
    assert v.rebuild_fraction == pytest.approx(34.0 / 40.05)
    assert any("warning level" in s for s in v.evidence)


def test_d_could_not_bleed_to_zero_above_100_psig() -> None:
    # operator bleed at hour 10: from 20 bar (290 psig > 100 psig) it only reaches 5 bar and stays ~5 bar for 30 h
    readings = series(lambda h: 20 + wiggle(h) if h < 10 else 5 + wiggle(h), 40, bleed_hours=(10,))
    v = detect_sap(readings)
    [bleed] = v.bleeds
    assert (bleed.inferred, bleed.pre_bar, bleed.post_bar) == (False, 20.05, 4.95)   # pre = hour 9 (odd: +0.05)
    assert v.could_not_bleed_to_zero and v.detected and v.status == "sap"
    assert any("could not bleed to zero" in s and "was 4.95 bar" in s for s in v.evidence)  # lowest 4.95 bar in 24 h


def test_d_below_100_psig_or_too_early_to_tell_is_not_could_not_bleed() -> None:
    # from 5 bar (72.5 psig < 100 psig) to 2 bar: not the 30 CFR case
    low = series(lambda h: 5 + wiggle(h) if h < 10 else 2 + wiggle(h), 40, bleed_hours=(10,))
    assert not detect_sap(low).could_not_bleed_to_zero
    # the series ends 12 h after the bleed: the 24 h are not over yet
    short = series(lambda h: 20 + wiggle(h) if h < 10 else 5 + wiggle(h), 22, bleed_hours=(10,))
    assert not detect_sap(short).could_not_bleed_to_zero


def test_e_pressure_tracking_temperature_is_thermal() -> None:
    # after the bleed the annulus warms 20 -> 60 degC over 20 h and pressure follows: p = 0.2 + (T - 20) bar
    def temp(h: int) -> float:
        return 20.0 if h <= 24 else min(60.0, 20.0 + 2.0 * (h - 24))
    readings = series(steady_then(lambda k: 0.2 + (temp(k + 24) - 20.0)), 72, temperature=temp)
    v = detect_sap(readings)
    assert (v.status, v.detected) == ("thermal", False)
    assert v.rebuild_fraction == pytest.approx(40.2 / 40.05)
    assert any("tracks temperature" in s and "r = 1.00" in s for s in v.evidence)


def test_f_bleed_in_the_first_30_days_of_production_is_not_diagnostic() -> None:
    readings = series(steady_then(lambda k: 0.2 + 2.0 * k if k <= 20 else 40.5), 72)
    early = detect_sap(readings, production_start=T0 - timedelta(days=10))
    assert (early.status, early.detected) == ("thermal", False)
    assert any("first 30 days of production" in s for s in early.evidence)
    assert not any(s.startswith("verdict") for s in early.evidence)
    later = detect_sap(readings, production_start=T0 - timedelta(days=60))
    assert (later.status, later.detected) == ("sap", True)


def test_g_too_little_data_is_insufficient() -> None:
    v = detect_sap([Reading(at(0), 40.0), Reading(at(1), 40.1)])
    assert (v.status, v.detected, v.bleeds) == ("insufficient_data", False, ())
    assert v.evidence == ("only 2 reading(s): at least 3 are needed",)
    assert detect_sap([Reading(at(0), 40.0)], mawop_bar=30.0).action_required     # one reading above MAWOP is enough
    # a bleed at the very end: nothing after it to measure the rebuild on
    tail = series(lambda h: 40 + wiggle(h) if h < 24 else 0.2, 25)
    v2 = detect_sap(tail)
    assert v2.status == "insufficient_data" and len(v2.bleeds) == 1
    assert any("rebuild not assessed" in s for s in v2.evidence)


def test_h_flat_lined_sensor_missing_readings_and_limits_are_flagged() -> None:
    flat = [Reading(at(h), 12.0) for h in range(14)]                          # identical for 13 h
    after_gap = [Reading(at(h), 12.0 + wiggle(h)) for h in range(20, 30)]       # hours 14..19 missing (6 readings)
    notes = data_quality(flat + after_gap, has_limits=False)
    assert notes[0].startswith("missing limits")
    assert any(n.startswith("missing readings: 1 gap(s)") and "about 6 reading(s) missing" in n for n in notes)
    assert "no reading from 2026-01-01 13:00 UTC to 2026-01-01 20:00 UTC (7.0 h)" in notes
    assert any(n.startswith("flat-lined sensor?") and "(13.0 h, 14 readings)" in n for n in notes)
    v = detect_sap(flat + after_gap, has_limits=False)
    assert v.data_quality == tuple(notes)
    # 11 h identical is below the 12 h default; a clean series has no notes
    assert not any("flat" in n for n in data_quality(flat[:12]))
    assert data_quality(series(lambda h: 10 + wiggle(h), 48)) == []


def test_no_bleed_above_100_psig_asks_for_a_diagnostic_test_and_mawop_exceedance_is_action() -> None:
    readings = series(lambda h: 30 + wiggle(h), 48)
    v = detect_sap(readings, mawop_bar=25.0)
    assert (v.status, v.detected, v.action_required) == ("none", False, True)
    text = " | ".join(v.evidence)
    assert "no bleed-down in 48 readings" in text
    assert "diagnostic bleed-down test is due" in text
    assert "exceeds MAWOP 25.00 bar: action required" in text


def test_find_bleeds_operator_and_inferred() -> None:
    # operator-entered run at hours 5-6 (pre = hour 4), then an inferred drop 30 -> 3 bar at hour 30
    def p(h: int) -> float:
        return 30.0 + wiggle(h) if h < 5 or 12 <= h < 30 else 1.0 if h in (5, 6) else 3.0 if h >= 30 else 1.2 + h / 10
    readings = series(p, 40, bleed_hours=(5, 6))
    [op, inferred] = find_bleeds(readings)
    assert (op.start, op.end, op.pre_bar, op.post_bar, op.inferred) == (at(4), at(6), 29.95, 1.0, False)
    assert (inferred.start, inferred.end, inferred.pre_bar, inferred.post_bar) == (at(29), at(30), 30.05, 3.0)
    assert inferred.inferred
    # a drop of 60 % is not a bleed at the default 70 %, but is at 50 %
    slow = series(lambda h: 30.0 if h < 5 else 12.0, 10)
    assert find_bleeds(slow) == []
    assert len(find_bleeds(slow, SapConfig(bleed_drop_fraction=0.5))) == 1


def _random_series(rng: random.Random) -> list[Reading]:
    """Irregular intervals, fast drops, rebuilds, flagged bleeds and temperatures that sometimes track pressure."""
    readings, t, p = [], T0, rng.uniform(0, 60)
    for _ in range(rng.randint(0, 80)):
        t += timedelta(hours=rng.choice([0.25, 0.5, 1, 1, 1, 2, 6, 24]))
        draw = rng.random()
        p = p * rng.uniform(0, 0.2) if draw < 0.05 else p if draw < 0.1 else max(0.0, p + rng.uniform(-3, 4))
        temperature = None if rng.random() < 0.3 else 20 + p * 0.3 + rng.uniform(-1, 1) * rng.choice([0, 5])
        readings.append(Reading(t, round(p, 2), temperature, rng.random() < 0.04))
    rng.shuffle(readings)
    return readings


def test_without_explanation_the_verdict_is_the_same() -> None:
    """explain=False (the fleet recompute's path) skips the sentences only: every other field equals the full
    verdict's, over 3,000 random series that reach every status."""
    rng, statuses = random.Random(7), collections.Counter()
    configs = [SapConfig(), SapConfig(warn_fraction=0.5, rebuild_fraction=0.9, thermal_corr=0.6)]
    for k in range(3000):
        readings = _random_series(rng)
        args = {"production_start": rng.choice([None, T0 - timedelta(days=20), T0 - timedelta(days=400)]),
                "mawop_bar": rng.choice([None, 30.0, 100.0]), "has_limits": bool(k % 2)}
        config = rng.choice(configs)
        full, lean = detect_sap(readings, config, **args), detect_sap(readings, config, explain=False, **args)
        assert (lean.status, lean.detected, lean.bleeds, lean.rebuild_fraction, lean.could_not_bleed_to_zero,
                lean.action_required) == (full.status, full.detected, full.bleeds, full.rebuild_fraction,
                                          full.could_not_bleed_to_zero, full.action_required)
        assert (lean.evidence, lean.data_quality) == ((), ())
        assert full.evidence
        statuses[full.status] += 1
    assert set(statuses) == {"none", "warning", "sap", "thermal", "insufficient_data"}, statuses


def test_a_window_that_cannot_hold_a_bleed_is_judged_by_its_count() -> None:
    """no_bleed_possible (the fleet recompute's triage from count / min / max / any flag) never hides a bleed:
    wherever it says none is possible, detect_sap finds no bleed and gives status_without_bleeds; checked over
    random series (some with drops) and over steady noisy series of every length around min_readings."""
    rng, triaged = random.Random(11), 0
    steady = [[Reading(at(h), 20 + rng.uniform(-2, 2)) for h in range(n)] for n in range(0, 8) for _ in range(20)]
    for readings in [_random_series(rng) for _ in range(3000)] + steady:
        for config in (SapConfig(), SapConfig(bleed_drop_fraction=0.05), SapConfig(min_readings=5)):
            pressures = [r.pressure_bar for r in readings]
            possible = not no_bleed_possible(any(r.is_bleed for r in readings), min(pressures, default=None),
                                             max(pressures, default=None), config)
            verdict = detect_sap(readings, config, explain=False)
            if not possible:
                triaged += 1
                assert verdict.bleeds == ()
                assert verdict.status == status_without_bleeds(len(readings), config)
    assert triaged > 500
    # a drop of exactly the fraction is a bleed: the triage must not call it impossible
    edge = [Reading(at(0), 10.0), Reading(at(1), 3.0), Reading(at(2), 3.0), Reading(at(3), 3.1)]
    assert detect_sap(edge).bleeds and not no_bleed_possible(False, 3.0, 10.0)
    assert not no_bleed_possible(False, float("nan"), 10.0) and not no_bleed_possible(False, 5.0, 10.0,
                                                                                        SapConfig(bleed_drop_fraction=1.5))
