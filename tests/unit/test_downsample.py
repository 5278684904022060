"""Min/max downsampling keeps spikes and exceedances (well_ops/domain/downsample.py)."""

from __future__ import annotations

import math

import pytest

from well_ops.domain.downsample import minmax_downsample

N = 525_600            # one year of one-minute readings
SPIKE = 300_001        # a single-sample spike


def year_series() -> tuple[list[float], list[float]]:
    times = [60.0 * i for i in range(N)]
    values = [50.0 + 3.0 * math.sin(i * 2 * math.pi / 1440) for i in range(N)]   # daily thermal cycle +-3 bar
    values[SPIKE] = 400.0
    return times, values


def naive_decimation(n: int, max_points: int) -> list[int]:
    """Every k-th sample: what a chart library does without help."""
    step = math.ceil(n / max_points)
    return list(range(0, n, step))


def lttb(values: list[float], max_points: int) -> list[int]:
    """Largest-triangle-three-buckets (Steinarsson 2013), index-based, for the comparison only."""
    n = len(values)
    every = (n - 2) / (max_points - 2)
    out, a = [0], 0
    for i in range(max_points - 2):
        lo, hi = int(i * every) + 1, int((i + 1) * every) + 1
        nxt_lo, nxt_hi = hi, min(int((i + 2) * every) + 1, n)
        avg_x = (nxt_lo + nxt_hi - 1) / 2
        avg_y = sum(values[nxt_lo:nxt_hi]) / max(1, nxt_hi - nxt_lo)
        best = max(range(lo, hi), key=lambda j: abs((a - avg_x) * (values[j] - values[a])
                                                     - (a - j) * (avg_y - values[a])))
        out.append(best)
        a = best
    out.append(n - 1)
    return out


def test_single_sample_spike_survives_2000_points() -> None:
    times, values = year_series()
    kept = minmax_downsample(times, values, 2000)
    assert SPIKE in kept
    assert kept[0] == 0 and kept[-1] == N - 1
    assert len(kept) <= 2000
    assert kept == sorted(set(kept))
    assert max(values[i] for i in kept) == 400.0
    # the daily minima survive too: the lowest kept value is the series minimum (47 bar)
    assert min(values[i] for i in kept) == pytest.approx(min(values))
    # plain decimation (every 263rd sample; 300 001 = 1140 * 263 + 181) loses the spike
    naive = naive_decimation(N, 2000)
    assert SPIKE not in naive and max(values[i] for i in naive) < 54.0


def test_exceedances_are_kept() -> None:
    times, values = year_series()
    limit = 52.99                                        # a MOP just under the daily peak (53 bar)
    exceed = {i for i, v in enumerate(values) if v > limit}
    kept = minmax_downsample(times, values, 2000, keep=lambda i: values[i] > limit)
    assert exceed <= set(kept)
    assert len(kept) <= 2000 + len(exceed)


def test_lttb_can_drop_an_exceedance_that_minmax_keeps() -> None:
    # baseline 50 bar, a bleed-down dip to 0 bar and, in the same bucket, one reading of 61 bar above a 60 bar MAASP
    n = 10_000
    values = [50.0 + (0.2 if i % 2 else -0.2) for i in range(n)]
    values[5000], values[5010] = 0.0, 61.0
    times = [float(i) for i in range(n)]
    picked = lttb(values, 100)                           # one point per ~102-sample bucket: the dip wins (area 50 > 11)
    assert 5000 in picked and 5010 not in picked
    kept = minmax_downsample(times, values, 100)
    assert {5000, 5010} <= set(kept)


def test_small_series_and_errors() -> None:
    assert minmax_downsample([0, 1, 2], [5, 6, 7], 10) == [0, 1, 2]
    assert minmax_downsample(list(range(10)), [float(i) for i in range(10)], 3) == [0, 9]   # no room for buckets
    with pytest.raises(ValueError):
        minmax_downsample([0, 1], [1.0], 10)
    with pytest.raises(ValueError):
        minmax_downsample([0, 1, 2], [1.0, 2.0, 3.0], 1)
    with pytest.raises(ValueError):
        minmax_downsample([0, 2, 1, 3], [1.0, 2.0, 3.0, 4.0], 2)
