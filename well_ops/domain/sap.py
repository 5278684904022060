"""Sustained annulus (casing) pressure, SAP / SCP, from a series of readings. Pure functions (stdlib only).

Definition (ISO 16530-1, API RP 90 and Norwegian Oil & Gas guideline 117 agree): pressure in an annulus that rebuilds
after being bled down, is not caused solely by temperature changes, and is not imposed by the operator.
Rules (INTEGRITY.md, numbers from 30 CFR 250 Subpart E, all configurable in ``SapConfig``):
- bleed-downs are operator-entered (``Reading.is_bleed``) or inferred (a fast drop, see ``find_bleeds``);
- after each bleed the rebuild over ``rebuild_window_h`` (24 h) is measured: peak / pre-bleed >= rebuild_fraction
  (1.0) => "sap", >= warn_fraction (0.8) => "warning";
- a bleed that does not reach ``near_zero_bar`` within ``bleed_to_zero_h`` (24 h) from an annulus above
  ``threshold_bar`` (100 psig) => could_not_bleed_to_zero: action required, reported as "sap";
- a bleed before ``production_start`` + ``first_days_thermal`` (30 days) is thermal, not a diagnostic test;
- a rebuild during which pressure tracks temperature (|Pearson r| >= thermal_corr) => "thermal", not SAP;
- fewer than ``min_readings`` readings, or bleeds with no reading after them => "insufficient_data".
The series verdict is the most severe one over its bleeds (sap > warning > thermal > none): pass a recent window of
readings to judge the current state. Pressures in bar (gauge), times timezone-aware UTC.
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from well_ops.domain.sap_quality import data_quality
from well_ops.domain.sap_types import BleedEvent, Reading, SapConfig, fmt_time, sort_readings
from well_ops.domain.units import bar_to_psi

__all__ = ["BleedEvent", "Reading", "SapConfig", "SapVerdict", "data_quality", "detect_sap", "find_bleeds",
           "no_bleed_possible", "status_without_bleeds"]

SEVERITY = {"none": 0, "thermal": 1, "warning": 2, "sap": 3}


@dataclass(frozen=True)
class SapVerdict:
    status: str                        # "none" | "warning" | "sap" | "thermal" | "insufficient_data"
    detected: bool                     # SAP detected (status "sap"): action required
    bleeds: tuple[BleedEvent, ...]
    rebuild_fraction: float | None     # peak / pre-bleed of the bleed that decided the status
    could_not_bleed_to_zero: bool
    evidence: tuple[str, ...]          # sentences with times and pressures
    data_quality: tuple[str, ...]
    action_required: bool = False      # detected, or a reading above MAWOP (30 CFR 250 Subpart E)


@dataclass(frozen=True)
class _Assessment:
    status: str                        # none / thermal / warning / sap / pending
    fraction: float | None
    could_not: bool
    sentences: tuple[str, ...]


# --- bleed-downs ------------------------------------------------------------------------------------------------------


def _operator_bleeds(rs: Sequence[Reading]) -> list[BleedEvent]:
    """Runs of consecutive ``is_bleed`` readings: pre = the higher of the reading just before the run and the run's
    first reading; post = the run's last reading (the bled-down pressure)."""
    events, i = [], 0
    while i < len(rs):
        if not rs[i].is_bleed:
            i += 1
            continue
        j = i
        while j + 1 < len(rs) and rs[j + 1].is_bleed:
            j += 1
        first = rs[i]
        before = rs[i - 1] if i > 0 and rs[i - 1].pressure_bar > first.pressure_bar else first
        events.append(BleedEvent(before.at, rs[j].at, before.pressure_bar, rs[j].pressure_bar, inferred=False))
        i = j + 1
    return events


def _next_flagged(rs: Sequence[Reading]) -> list[int]:
    """nxt[j] = the first index >= j of a flagged (is_bleed) reading, len(rs) if none."""
    nxt = [len(rs)] * (len(rs) + 1)
    for j in range(len(rs) - 1, -1, -1):
        nxt[j] = j if rs[j].is_bleed else nxt[j + 1]
    return nxt


def _inferred_bleeds(rs: Sequence[Reading], cfg: SapConfig) -> list[BleedEvent]:
    """Drops of >= bleed_drop_fraction of the pre-bleed pressure within bleed_max_duration_h (no flagged reading in
    between). Pre-bleed = the latest highest reading before the lowest one of the window. Linear time: both ends of
    the look-ahead window only move forward, and a deque keeps the window's minimum (earliest on a tie)."""
    events, window, nxt = [], timedelta(hours=cfg.bleed_max_duration_h), _next_flagged(rs)
    lows: deque[int] = deque()
    i, last = 0, 0                     # look-ahead window of reading i: indices (i, last]
    while i < len(rs):
        if rs[i].is_bleed or rs[i].pressure_bar <= cfg.near_zero_bar:
            i += 1
            continue
        last = max(last, i)
        while last + 1 < nxt[i + 1] and rs[last + 1].at - rs[i].at <= window:
            last += 1
            while lows and rs[lows[-1]].pressure_bar > rs[last].pressure_bar:
                lows.pop()
            lows.append(last)
        while lows and lows[0] <= i:
            lows.popleft()
        low = lows[0] if lows else None
        if low is None or rs[i].pressure_bar - rs[low].pressure_bar < cfg.bleed_drop_fraction * rs[i].pressure_bar:
            i += 1
            continue
        top = max(range(i, low), key=lambda m: (rs[m].pressure_bar, m))
        events.append(BleedEvent(rs[top].at, rs[low].at, rs[top].pressure_bar, rs[low].pressure_bar, inferred=True))
        i = low + 1
    return events


def find_bleeds(readings: Sequence[Reading], config: SapConfig = SapConfig()) -> list[BleedEvent]:
    """Bleed-down events of a series, in time order (INTEGRITY.md "Detection from a series").

    Operator-entered: a run of consecutive ``is_bleed`` readings. Inferred: within ``bleed_max_duration_h`` (2 h) the
    pressure falls by >= ``bleed_drop_fraction`` (70 %) of a pre-bleed pressure above ``near_zero_bar`` [bar].
    """
    return _bleeds(sort_readings(readings), config)


def _bleeds(rs: Sequence[Reading], cfg: SapConfig) -> list[BleedEvent]:
    """``find_bleeds`` of readings already in time order."""
    return sorted(_operator_bleeds(rs) + _inferred_bleeds(rs, cfg), key=lambda b: b.start)


# --- one bleed -------------------------------------------------------------------------------------------------------


def _span(rs: Sequence[Reading], lo: datetime, hi: datetime, *, open_lo: bool = False) -> Sequence[Reading]:
    """Readings with lo <= at <= hi (lo < at when open_lo) of a time-sorted series, by bisection."""
    first = (bisect.bisect_right if open_lo else bisect.bisect_left)(rs, lo, key=lambda r: r.at)
    return rs[first:bisect.bisect_right(rs, hi, key=lambda r: r.at)]


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation coefficient r; None for fewer than 3 points or a constant series."""
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def _unbled_low(b: BleedEvent, rs: Sequence[Reading], cfg: SapConfig) -> float | None:
    """The lowest pressure within bleed_to_zero_h of a bleed from above threshold_bar when it stayed above
    near_zero_bar (could not bleed to zero); None otherwise, or when the series does not cover the period yet."""
    limit = b.start + timedelta(hours=cfg.bleed_to_zero_h)
    if b.pre_bar <= cfg.threshold_bar or rs[-1].at < limit:
        return None    # below 100 psig, or the series does not cover the whole period yet
    lowest = min(r.pressure_bar for r in _span(rs, b.start, limit))
    return None if lowest <= cfg.near_zero_bar else lowest


def _could_not_sentence(b: BleedEvent, lowest: float, cfg: SapConfig) -> str:
    return (f"could not bleed to zero: from {b.pre_bar:.2f} bar ({bar_to_psi(b.pre_bar):.0f} psig, above "
            f"{bar_to_psi(cfg.threshold_bar):.0f} psig) the lowest reading within {cfg.bleed_to_zero_h:g} h of "
            f"{fmt_time(b.start)} was {lowest:.2f} bar (> {cfg.near_zero_bar:g} bar): action required")


def _rebuild_status(fraction: float | None, cfg: SapConfig) -> str:
    if fraction is not None and fraction >= cfg.rebuild_fraction:
        return "sap"
    if fraction is not None and fraction >= cfg.warn_fraction:
        return "warning"
    return "none"


def _is_early(b: BleedEvent, cfg: SapConfig, production_start: datetime | None) -> bool:
    """The bleed falls before production_start + first_days_thermal (thermal, not a diagnostic test)."""
    return production_start is not None and b.start < production_start + timedelta(days=cfg.first_days_thermal)


def _early_sentence(cfg: SapConfig, production_start: datetime) -> str:
    return (f"the bleed is within the first {cfg.first_days_thermal} days of production (from "
            f"{fmt_time(production_start)}): thermal, not a diagnostic test")


def _tracking(b: BleedEvent, rs: Sequence[Reading], cfg: SapConfig) -> tuple[float, int] | None:
    """(Pearson r, readings) when pressure tracks temperature over the rebuild window, |r| >= thermal_corr."""
    end = b.end + timedelta(hours=cfg.rebuild_window_h)
    pts = [r for r in _span(rs, b.end, end) if r.temperature_c is not None]
    r = _pearson([p.pressure_bar for p in pts], [p.temperature_c or 0.0 for p in pts])
    if r is None or abs(r) < cfg.thermal_corr:
        return None
    return r, len(pts)


REBUILT = {"sap": "rebuilt to the pre-bleed level", "none": "no rebuild"}


def _assess(b: BleedEvent, rs: Sequence[Reading], cfg: SapConfig, production_start: datetime | None,
            explain: bool = True) -> _Assessment:
    """Status of one bleed (and, when ``explain``, the sentences that say why)."""
    how = "inferred from a fast drop" if b.inferred else "operator-entered"
    said = [f"bleed {fmt_time(b.start)} -> {fmt_time(b.end)}: {b.pre_bar:.2f} -> {b.post_bar:.2f} bar ({how})"] \
        if explain else []
    end = b.end + timedelta(hours=cfg.rebuild_window_h)
    window = _span(rs, b.end, end, open_lo=True)
    if not window:
        if explain:
            said.append(f"no reading in the {cfg.rebuild_window_h:g} h after the bleed: rebuild not assessed")
        return _Assessment("pending", None, False, tuple(said))
    peak = max(window, key=lambda r: r.pressure_bar)
    fraction = peak.pressure_bar / b.pre_bar if b.pre_bar > 0 else None
    status = _rebuild_status(fraction, cfg)
    early = _is_early(b, cfg, production_start)
    tracking = None if early else _tracking(b, rs, cfg)
    lowest = None if early else _unbled_low(b, rs, cfg)      # an early bleed is not a diagnostic test
    if explain:
        pct = f"{fraction * 100:.0f} % of" if fraction is not None else "vs"
        verdict = REBUILT.get(status, f"rebuilding (>= {cfg.warn_fraction:.0%} warning level)")
        said.append(f"peak {peak.pressure_bar:.2f} bar at {fmt_time(peak.at)} = {pct} the pre-bleed "
                    f"{b.pre_bar:.2f} bar within {cfg.rebuild_window_h:g} h: {verdict}")
        if early and production_start is not None:
            said.append(_early_sentence(cfg, production_start))
        elif tracking is not None:
            said.append(f"pressure tracks temperature over the rebuild (Pearson r = {tracking[0]:.2f}, "
                        f"{tracking[1]} readings): thermal")
        if lowest is not None:
            said.append(_could_not_sentence(b, lowest, cfg))
    if (early or tracking is not None) and status != "none":
        status = "thermal"
    if explain and status == "sap":
        said.append("verdict: sustained annulus pressure (rebuilt after a bleed-down, not explained by temperature)")
    return _Assessment(status, fraction, lowest is not None, tuple(said))


# --- the series ------------------------------------------------------------------------------------------------------


def _no_bleed_sentences(rs: Sequence[Reading], cfg: SapConfig) -> list[str]:
    said = [f"no bleed-down in {len(rs)} readings from {fmt_time(rs[0].at)} to {fmt_time(rs[-1].at)}: "
            "SAP cannot be diagnosed without one"]
    top = max(rs, key=lambda r: r.pressure_bar)
    if top.pressure_bar > cfg.threshold_bar:
        said.append(f"{top.pressure_bar:.2f} bar ({bar_to_psi(top.pressure_bar):.0f} psig) at {fmt_time(top.at)} is "
                    f"above {bar_to_psi(cfg.threshold_bar):.0f} psig: a diagnostic bleed-down test is due")
    return said


def _mawop_sentence(rs: Sequence[Reading], mawop_bar: float | None) -> str:
    if mawop_bar is None:
        return ""
    top = max(rs, key=lambda r: r.pressure_bar)
    if top.pressure_bar <= mawop_bar:
        return ""
    return f"{top.pressure_bar:.2f} bar at {fmt_time(top.at)} exceeds MAWOP {mawop_bar:.2f} bar: action required"


def detect_sap(readings: Sequence[Reading], config: SapConfig = SapConfig(), *,
               production_start: datetime | None = None, mawop_bar: float | None = None,
               has_limits: bool = True, explain: bool = True) -> SapVerdict:
    """SAP verdict of one annulus series, with its evidence and data-quality notes (rules in the module docstring).

    ``explain=False``: the same status, detected, bleeds, fraction and flags, without the sentences (``evidence``
    and ``data_quality`` empty), for a fleet recompute that keeps only the status (tested equal).
    """
    rs = sort_readings(readings)
    quality = tuple(data_quality(rs, config, has_limits=has_limits)) if explain else ()
    above_mawop = _mawop_sentence(rs, mawop_bar) if rs else ""
    if len(rs) < config.min_readings:
        said = tuple(s for s in (f"only {len(rs)} reading(s): at least {config.min_readings} are needed",
                                 above_mawop) if s) if explain else ()
        return SapVerdict("insufficient_data", False, (), None, False, said, quality, bool(above_mawop))
    bleeds = tuple(_bleeds(rs, config))
    found = [_assess(b, rs, config, production_start, explain) for b in bleeds]
    evidence: list[str] = []
    if explain:
        evidence = [s for a in found for s in a.sentences] if bleeds else _no_bleed_sentences(rs, config)
    judged = [a for a in found if a.status != "pending"]
    could_not = any(a.could_not for a in found)
    worst = max(judged, key=lambda a: (SEVERITY[a.status], a.fraction or 0.0), default=None)
    if worst is None:
        status = "insufficient_data" if bleeds and not could_not else "none"
    else:
        status = worst.status
    if could_not:
        status = "sap"
    if above_mawop and explain:
        evidence.append(above_mawop)
    detected = status == "sap"
    fraction = worst.fraction if worst is not None else None
    return SapVerdict(status, detected, bleeds, fraction, could_not, tuple(evidence), quality,
                      action_required=detected or bool(above_mawop))


def no_bleed_possible(flagged: bool, lowest_bar: float | None, highest_bar: float | None,
                      config: SapConfig = SapConfig()) -> bool:
    """True when a window whose readings have these aggregates holds no bleed-down, so that ``detect_sap`` finds
    none and its status follows from the number of readings alone (``status_without_bleeds``).

    A bleed is operator-entered (a flagged reading) or inferred: a reading p_i above near_zero_bar followed within
    bleed_max_duration_h by a p_j with p_i - p_j >= f * p_i, i.e. p_j <= (1 - f) * p_i <= (1 - f) * highest when
    0 <= f <= 1. So with no flagged reading and lowest > (1 - f) * highest (plus a margin for rounding), no pair of
    readings can form one. Any other case (NaN, f outside [0, 1], no aggregates) answers False: judge the window.
    """
    f = config.bleed_drop_fraction
    if flagged or lowest_bar is None or highest_bar is None or not 0.0 <= f <= 1.0:
        return False
    if math.isnan(lowest_bar) or math.isnan(highest_bar):
        return False
    margin = 1e-9 * max(1.0, abs(highest_bar))
    return lowest_bar > (1.0 - f) * highest_bar + margin


def status_without_bleeds(readings: int, config: SapConfig = SapConfig()) -> str:
    """The status ``detect_sap`` gives a window of ``readings`` readings with no bleed-down."""
    return "insufficient_data" if readings < config.min_readings else "none"
