"""Downsampling long pressure series for charts without losing extremes. Pure, stdlib only.

A year of one-minute annulus readings is 525,600 points; a chart needs ~2,000. LTTB (largest-triangle-three-buckets)
keeps ONE point per bucket, the one forming the largest triangle with its neighbours: a bucket that holds both a
bleed-down dip and a short spike keeps only one of them, and a reading that barely crosses MAASP loses to any
larger-area wiggle, because the area measures visual prominence, not the limit. Plain decimation (every k-th
sample) misses a single-sample spike outright. For an integrity chart the points that matter are the extremes and
the limit exceedances, so ``minmax_downsample`` keeps per bucket both the minimum and the maximum, plus the first
and last samples, plus every index the caller marks (``keep``, e.g. pressure > MAASP).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence


def _bucket_extremes(values: Sequence[float], lo: int, hi: int) -> tuple[int, int]:
    """Indices of the first minimum and first maximum of values[lo:hi] (hi > lo)."""
    seg = list(values[lo:hi])
    return lo + seg.index(min(seg)), lo + seg.index(max(seg))


def minmax_downsample(times: Sequence[float], values: Sequence[float], max_points: int,
                      keep: Callable[[int], bool] | None = None) -> list[int]:
    """Indices to keep, sorted and unique: first, last, the min and max of each time bucket, and every i with keep(i).

    ``times`` (e.g. epoch seconds) must be non-decreasing and as long as ``values`` (finite numbers). The interior
    (indices 1..n-2) is split into (max_points - 2) // 2 buckets of equal time span; empty buckets add nothing.
    Length <= max_points + the number of kept indices. A series of at most max_points samples is returned whole.
    Raises ValueError on mismatched lengths, max_points < 2 or decreasing times.
    """
    n = len(values)
    if len(times) != n:
        raise ValueError("times and values must have the same length")
    if max_points < 2:
        raise ValueError("max_points must be >= 2")
    if n <= max_points:
        return list(range(n))
    if any(b < a for a, b in zip(times, times[1:], strict=False)):
        raise ValueError("times must be non-decreasing")
    chosen = {0, n - 1}
    buckets = (max_points - 2) // 2
    t0, t1 = times[1], times[n - 2]
    span = (t1 - t0) / buckets if buckets else 0.0
    lo = 1
    for b in range(1, buckets + 1):
        hi = n - 1 if b == buckets or span == 0 else bisect.bisect_right(times, t0 + b * span, lo, n - 1)
        if hi > lo:
            chosen.update(_bucket_extremes(values, lo, hi))
        lo = hi
        if lo >= n - 1:
            break
    if keep is not None:
        chosen.update(i for i in range(n) if keep(i))
    return sorted(chosen)
