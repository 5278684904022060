"""Chart series of a long range: on PostgreSQL the min/max bucketing and the bleed search run in SQL; on both
databases the chart keeps every exceedance, every flagged bleed and the global extremes, and equals what the pure
domain functions give from every reading (``minmax_downsample`` + ``find_bleeds``)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tests.builders import make_actor
from tests.integration.integrity_helpers import make_platform
from well_ops.domain.downsample import minmax_downsample
from well_ops.domain.sap import Reading, SapConfig, find_bleeds
from well_ops.models.integrity import AnnulusMeasurement
from well_ops.models.users import Role
from well_ops.services import integrity

START = datetime(2026, 3, 1, 0, 7, tzinfo=timezone.utc)   # not on a 2-hour boundary
N = 6000                                                   # one reading a minute, about 4 days
BLEEDS = (400, 1310, 2515, 3719, 4800)                     # inferred bleed-downs, crossing window boundaries
FLAGGED = range(2000, 2012)                                # an operator-entered bleed (is_bleed)
SPIKES = (37, 999, 2222, 3333, 5998)                       # above MOP (60 bar on annulus A)


def _pressure(i: int) -> float:
    for b in BLEEDS:
        if b <= i < b + 20:
            return 30.0 - (i - b) * 1.4                   # 30 -> 3.4 bar in 20 minutes
        if b + 20 <= i < b + 200:
            return 3.4 + (i - b - 20) * 0.14              # rebuilds
    if i in SPIKES:
        return 61.0 + i % 7
    if i == 4321:
        return -0.5                                       # the global minimum
    if i == 4700:
        return 59.9                                       # high, but below MOP
    return 30.0 + 3 * math.sin(i / 97.0) + (i * 7919 % 13) / 10


def _readings(session: Session, annulus_id: int) -> None:
    rows: list[dict[str, Any]] = [
        {"annulus_id": annulus_id, "measured_at": START + timedelta(minutes=i), "pressure_bar": _pressure(i),
         "temperature_c": 40.0 + (i % 5), "source": "scada", "is_bleed": i in FLAGGED,
         "created_at": START} for i in range(N)]
    rows.append({**rows[1234], "source": "manual", "pressure_bar": 12.5})   # two sources at the same time
    rows.append({**rows[4321], "source": "manual", "pressure_bar": -0.5})   # a tie on the global minimum
    session.execute(sa.insert(AnnulusMeasurement), rows)
    session.commit()


def _expected(session: Session, annulus_id: int, lo: datetime, hi: datetime, max_points: int,
              limit: float) -> tuple[list[str], list[Any]]:
    rows = list(session.exec(select(AnnulusMeasurement.measured_at, AnnulusMeasurement.pressure_bar,
                                    AnnulusMeasurement.temperature_c, AnnulusMeasurement.is_bleed)
                             .where(AnnulusMeasurement.annulus_id == annulus_id,
                                    col(AnnulusMeasurement.measured_at) >= lo,
                                    col(AnnulusMeasurement.measured_at) <= hi)
                             .order_by(col(AnnulusMeasurement.measured_at), col(AnnulusMeasurement.id))))
    keep = minmax_downsample([r[0].timestamp() for r in rows], [r[1] for r in rows], max_points,
                             keep=lambda i: rows[i][1] > limit or bool(rows[i][3]))
    bleeds = find_bleeds([Reading(r[0], r[1], r[2], bool(r[3])) for r in rows], SapConfig())
    return [rows[i][0].isoformat() for i in keep], [(b.start.isoformat(), b.end.isoformat(), b.inferred)
                                                    for b in bleeds]


def test_long_range_keeps_every_exceedance_bleed_and_extreme(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")          # MAASP(A) 305.69, MAWOP 296, MOP 60
    _readings(session, p.ann_a.id)
    lo, hi = START - timedelta(hours=1), START + timedelta(minutes=N)
    s = integrity.chart_series(engineer, p.ann_a.id, lo, hi, 100)
    assert s.total_points == N + 2 and len(s.times) < 200
    exceed = {e.time for e in s.exceedances}
    assert exceed == {(START + timedelta(minutes=i)).isoformat() for i in SPIKES}
    assert all(e.label == "above MOP" for e in s.exceedances) and exceed <= set(s.times)
    assert {b.time for b in s.bleeds} == {(START + timedelta(minutes=i)).isoformat() for i in FLAGGED}
    assert min(s.pressures_bar) == -0.5 and max(s.pressures_bar) == 67.0
    assert s.times[0] == START.isoformat() and s.times[-1] == (START + timedelta(minutes=N - 1)).isoformat()
    assert s.times == sorted(s.times)
    # the SQL path (PostgreSQL) gives exactly what the domain functions give from every reading
    times, bleeds = _expected(session, p.ann_a.id, lo, hi, 100, 60.0)
    assert s.times == times
    assert [(e.start, e.end, e.inferred) for e in s.sap_episodes] == bleeds
    assert len([b for b in bleeds if b[2]]) >= len(BLEEDS) and any(not b[2] for b in bleeds)   # + the dip


def test_sub_ranges_and_edges_match_the_domain_functions(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")
    _readings(session, p.ann_a.id)
    for first, last, points in ((405, 2600, 40), (0, 1309, 10), (1999, 5999, 2000), (3000, 3005, 20)):
        lo, hi = START + timedelta(minutes=first), START + timedelta(minutes=last)   # bounds are inclusive
        s = integrity.chart_series(engineer, p.ann_a.id, lo, hi, points)
        times, bleeds = _expected(session, p.ann_a.id, lo, hi, points, 60.0)
        assert s.times == times, (first, last, points)
        assert [(e.start, e.end, e.inferred) for e in s.sap_episodes] == bleeds, (first, last, points)
        assert s.total_points == last - first + 1 + (first <= 1234 <= last) + (first <= 4321 <= last)
