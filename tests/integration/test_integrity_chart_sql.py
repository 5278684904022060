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


_HOURS_FROM_READINGS = """
SELECT annulus_id, date_bin('1 hour', measured_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour, count(*),
       min(ARRAY[pressure_bar, date_part('epoch', measured_at), id::float8]),
       max(ARRAY[pressure_bar, -date_part('epoch', measured_at), -id::float8]), bool_or(is_bleed)
FROM annulus_measurements WHERE annulus_id = :a GROUP BY 1, 2 ORDER BY 2
"""
_HOURS_STORED = """
SELECT annulus_id, hour, n, ARRAY[lo_p, lo_t, lo_id], ARRAY[hi_p, hi_t, hi_id], flagged
FROM annulus_reading_hours WHERE annulus_id = :a ORDER BY hour
"""


def test_hour_rollup_equals_the_readings_whatever_the_batches(session: Session) -> None:
    """Migration 0004's trigger keeps per-hour count / first lowest / first highest / flagged exactly right when an
    hour's readings arrive in several statements (new extremes, ties on pressure, a bleed later), on PostgreSQL."""
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    if session.get_bind().dialect.name != "postgresql":
        assert not sa.inspect(session.connection()).has_table("annulus_reading_hours")   # SQLite: no rollup
        return
    at = [START + timedelta(minutes=i) for i in range(0, 180, 7)]          # 3 hours, not on an hour boundary
    integrity.ingest_batch(engineer, p.ann_a.id, [{"measured_at": t, "pressure_bar": 20.0 + i % 5}
                                                  for i, t in enumerate(at)])
    integrity.ingest_batch(engineer, p.ann_a.id, [                       # a later batch into the same hours
        {"measured_at": at[1] + timedelta(seconds=30), "pressure_bar": 19.0},          # new lowest
        {"measured_at": at[0] + timedelta(seconds=5), "pressure_bar": 19.0},           # tie, earlier: wins
        {"measured_at": at[2] + timedelta(seconds=5), "pressure_bar": 24.0},           # ties the highest, later
        {"measured_at": at[-1] + timedelta(seconds=1), "pressure_bar": 55.0, "is_bleed": True}])
    integrity.add_reading(engineer, p.ann_a.id, at[3] + timedelta(seconds=9), 80.0)   # one row at a time
    integrity.ingest_batch(engineer, p.ann_b.id, [{"measured_at": at[0], "pressure_bar": 5.0}])   # other annulus
    for annulus in (p.ann_a.id, p.ann_b.id):
        expected = session.execute(sa.text(_HOURS_FROM_READINGS), {"a": annulus}).all()
        stored = session.execute(sa.text(_HOURS_STORED), {"a": annulus}).all()
        assert [tuple(r) for r in stored] == [tuple(r) for r in expected]
    hours = session.execute(sa.text(_HOURS_STORED), {"a": p.ann_a.id}).all()
    assert [r[-1] for r in hours] == [False, False, False, True]          # 00:07-03:02: the bleed is in 03:00
    assert sum(r[2] for r in hours) == len(at) + 5 and max(r[4][0] for r in hours) == 80.0


def test_long_chart_reads_whole_hours_from_the_rollup(session: Session) -> None:
    """The PostgreSQL chart takes whole hours from the rollup: blanking one hour's rollup row in the middle of the
    range changes the count the chart reports (proof the rollup is read), and restoring it gives the domain result."""
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")
    _readings(session, p.ann_a.id)
    if session.get_bind().dialect.name != "postgresql":
        return
    lo, hi = START - timedelta(hours=1), START + timedelta(minutes=N)
    before = integrity.chart_series(engineer, p.ann_a.id, lo, hi, 20)      # 9 buckets of ~11 h: most hours whole
    hour = datetime(2026, 3, 3, 0, 0, tzinfo=timezone.utc)
    session.execute(sa.text("UPDATE annulus_reading_hours SET n = n + 1000 WHERE annulus_id = :a AND hour = :h"),
                    {"a": p.ann_a.id, "h": hour})
    # a minute earlier (no reading there): not the chart kept for (lo, hi), which no new reading would invalidate
    tampered = integrity.chart_series(engineer, p.ann_a.id, lo - timedelta(minutes=1), hi, 20)
    assert tampered.total_points == before.total_points + 1000
    session.execute(sa.text("UPDATE annulus_reading_hours SET n = n - 1000 WHERE annulus_id = :a AND hour = :h"),
                    {"a": p.ann_a.id, "h": hour})
    times, bleeds = _expected(session, p.ann_a.id, lo, hi, 20, 60.0)
    assert before.times == times and [(e.start, e.end, e.inferred) for e in before.sap_episodes] == bleeds


def test_bleed_window_not_whole_hours_aggregates_the_readings(session: Session) -> None:
    """A bleed window of 1.5 h cannot be built from hour rows: the chart aggregates the readings themselves and
    still equals the domain functions (bleed search with the same configuration)."""
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")
    integrity.set_integrity_config(make_actor(session, Role.admin), {"sap": {"bleed_max_duration_h": 1.5}})
    _readings(session, p.ann_a.id)
    lo, hi = START - timedelta(hours=1), START + timedelta(minutes=N)
    s = integrity.chart_series(engineer, p.ann_a.id, lo, hi, 100)
    rows = list(session.exec(select(AnnulusMeasurement.measured_at, AnnulusMeasurement.pressure_bar,
                                    AnnulusMeasurement.temperature_c, AnnulusMeasurement.is_bleed)
                             .where(AnnulusMeasurement.annulus_id == p.ann_a.id)
                             .order_by(col(AnnulusMeasurement.measured_at), col(AnnulusMeasurement.id))))
    keep = minmax_downsample([r[0].timestamp() for r in rows], [r[1] for r in rows], 100,
                             keep=lambda i: rows[i][1] > 60.0 or bool(rows[i][3]))
    bleeds = find_bleeds([Reading(r[0], r[1], r[2], bool(r[3])) for r in rows], SapConfig(bleed_max_duration_h=1.5))
    assert s.times == [rows[i][0].isoformat() for i in keep]
    assert [(e.start, e.end, e.inferred) for e in s.sap_episodes] == [
        (b.start.isoformat(), b.end.isoformat(), b.inferred) for b in bleeds]
    assert s.total_points == N + 2 and bleeds
