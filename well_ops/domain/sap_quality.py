"""Data-quality checks of an annulus pressure series (INTEGRITY.md: "Flag data-quality problems too: missing readings
for the required frequency, missing limits, flat-lined sensor"). Pure, stdlib only; re-exported by sap.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from well_ops.domain.sap_types import Reading, SapConfig, fmt_time, sort_readings

MAX_LISTED = 3   # individual gaps / flat runs spelled out; the rest are counted


def _gaps(rs: Sequence[Reading], cfg: SapConfig) -> list[str]:
    """Gaps longer than gap_tolerance x expected_interval_h; missing readings ~ round(gap / interval) - 1 each."""
    step = timedelta(hours=cfg.expected_interval_h)
    gaps = [(a, b) for a, b in zip(rs, rs[1:], strict=False) if b.at - a.at > step * cfg.gap_tolerance]
    if not gaps:
        return []
    missing = sum(max(1, round((b.at - a.at) / step) - 1) for a, b in gaps)
    said = [f"missing readings: {len(gaps)} gap(s) longer than {cfg.gap_tolerance:g} x the required "
            f"{cfg.expected_interval_h:g} h interval, about {missing} reading(s) missing"]
    for a, b in sorted(gaps, key=lambda g: g[0].at - g[1].at)[:MAX_LISTED]:   # largest first
        hours = (b.at - a.at).total_seconds() / 3600
        said.append(f"no reading from {fmt_time(a.at)} to {fmt_time(b.at)} ({hours:.1f} h)")
    return said


def _flat_runs(rs: Sequence[Reading], cfg: SapConfig) -> list[tuple[int, int]]:
    """(first, last) index of runs of identical pressures lasting >= flatline_h."""
    runs, start = [], 0
    for i in range(1, len(rs) + 1):
        if i < len(rs) and rs[i].pressure_bar == rs[start].pressure_bar:
            continue
        if rs[i - 1].at - rs[start].at >= timedelta(hours=cfg.flatline_h):
            runs.append((start, i - 1))
        start = i
    return runs


def _flatlines(rs: Sequence[Reading], cfg: SapConfig) -> list[str]:
    runs = _flat_runs(rs, cfg)
    said = []
    for first, last in runs[:MAX_LISTED]:
        hours = (rs[last].at - rs[first].at).total_seconds() / 3600
        said.append(f"flat-lined sensor? pressure identical at {rs[first].pressure_bar:.2f} bar from "
                    f"{fmt_time(rs[first].at)} to {fmt_time(rs[last].at)} ({hours:.1f} h, {last - first + 1} readings)")
    if len(runs) > MAX_LISTED:
        said.append(f"... and {len(runs) - MAX_LISTED} more flat run(s) of {cfg.flatline_h:g} h or longer")
    return said


def data_quality(readings: Sequence[Reading], config: SapConfig = SapConfig(), *, has_limits: bool = True) -> list[str]:
    """Data-quality notes of a series, each a sentence with times (empty list = nothing to flag).

    Checks: missing limits (``has_limits`` False: no MAASP / MAWOP to compare with); fewer than ``min_readings``;
    gaps longer than ``gap_tolerance`` x ``expected_interval_h`` (1.5 x 1 h); identical pressures for
    ``flatline_h`` (12 h) or longer (a flat-lined sensor: real gauges show noise).
    """
    rs = sort_readings(readings)
    said = []
    if not has_limits:
        said.append("missing limits: no MAASP / MAWOP set for this annulus, so utilisation cannot be checked")
    if len(rs) < config.min_readings:
        said.append(f"only {len(rs)} reading(s): at least {config.min_readings} are needed")
    return said + _gaps(rs, config) + _flatlines(rs, config)
