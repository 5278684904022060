"""Pressure series for charts (downsampled, every exceedance kept) and the latest reading of each annulus."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.bulk import without_gc_pauses
from well_ops.domain.downsample import minmax_downsample
from well_ops.domain.sap import BleedEvent, Reading, SapConfig, find_bleeds
from well_ops.models.integrity import Annulus, AnnulusLatestReading, AnnulusMeasurement
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity import sap_states
from well_ops.services.integrity._chart_pg import _pg_chart
from well_ops.services.integrity._common import _annulus, _id
from well_ops.services.integrity.config import _config, _sap_config
from well_ops.services.integrity.views import ChartPoint, ChartSeries, Episode, LatestReading

M = AnnulusMeasurement


def _aware(value: Any, field: str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationFailed({field: "use an ISO 8601 time such as 2026-01-05T06:00:00Z"}) from None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationFailed({field: "must be a timezone-aware time"})
    return value


IN_LIST_MAX = 500  # more ids than this: read the whole (small) table and filter, instead of a huge IN list


@without_gc_pauses
def _latest(ctx: Context, annulus_ids: Iterable[int] | None = None) -> dict[int, LatestReading]:
    """The latest reading of each annulus (of ``annulus_ids``, or all) in ONE query.

    Reads ``annulus_latest_readings``, which the database keeps up to date on every insert into
    ``annulus_measurements`` (trigger of migration 0003: latest ``measured_at``, then the most recently inserted row),
    so 20,000 annuli cost one scan of a 20,000-row table instead of 20,000 index probes into the readings.
    """
    ids = None if annulus_ids is None else sorted({int(i) for i in annulus_ids})
    if ids is not None and not ids:
        return {}
    t = AnnulusLatestReading.__table__.c  # type: ignore[attr-defined]
    query = sa.select(t.annulus_id, t.measured_at, t.pressure_bar, t.temperature_c, t.source)
    wanted = None if ids is None else set(ids)
    if ids is not None and len(ids) <= IN_LIST_MAX:
        query = query.where(t.annulus_id.in_(ids))
    rows = ctx.session.connection().execute(query).all()  # Core rows: no ORM loading for 20,000 plain tuples
    return {row[0]: LatestReading(*row) for row in rows if wanted is None or row[0] in wanted}


@use_case("reading.read")
def latest_readings(ctx: Context, annulus_ids: list[int] | None = None) -> list[LatestReading]:
    """The latest reading of each annulus (all annuli, or the given ones), in one query, by annulus id."""
    ids = None if annulus_ids is None else [_id(i, "annulus_ids") for i in annulus_ids]
    return sorted(_latest(ctx, ids).values(), key=lambda r: r.annulus_id)


def _label(pressure: float, limits: list[tuple[str, float]]) -> str:
    """The highest limit exceeded ("above MAASP"...), or "" (limits sorted highest first)."""
    for name, limit in limits:
        if pressure > limit:
            return f"above {name}"
    return ""


def _limits(a: Annulus) -> list[tuple[str, float]]:
    pairs = [("MAASP", a.maasp_bar), ("MAWOP", a.mawop_bar), ("MOP", a.mop_bar)]
    return sorted(((n, v) for n, v in pairs if v is not None), key=lambda p: -p[1])


def _episodes(bleeds: list[BleedEvent]) -> list[Episode]:
    """Bleed-downs in the range (operator-entered or inferred, same rules as the SAP check); the SAP verdict
    itself is ``sap.evaluate_sap`` (a chart of a year of data would spend most of its time on it)."""
    return [Episode(b.start.isoformat(), b.end.isoformat(), b.pre_bar, b.post_bar, b.inferred,
                    f"bleed {'inferred' if b.inferred else 'entered'}: {b.pre_bar:.1f} -> {b.post_bar:.1f} bar")
            for b in bleeds]


def _all_rows(ctx: Context, a: Annulus, lo: datetime, hi: datetime, max_points: int, limits: list[tuple[str, float]],
              cfg: SapConfig) -> tuple[list[Any], list[int], list[BleedEvent], int]:
    """Every reading of the range, downsampled in Python (SQLite, and short ranges on PostgreSQL)."""
    rows = list(ctx.session.exec(select(M.measured_at, M.pressure_bar, M.temperature_c, M.is_bleed)
                                 .where(M.annulus_id == a.id, col(M.measured_at) >= lo, col(M.measured_at) <= hi)
                                 .order_by(col(M.measured_at), col(M.id))))
    labelled = [bool(_label(r[1], limits)) or bool(r[3]) for r in rows]
    keep = minmax_downsample([r[0].timestamp() for r in rows], [r[1] for r in rows], max_points,
                             keep=lambda i: labelled[i])
    bleeds = find_bleeds([Reading(r[0], r[1], r[2], bool(r[3])) for r in rows], cfg) if rows else []
    return rows, keep, bleeds, len(rows)


@use_case("reading.read")
@without_gc_pauses
def chart_series(ctx: Context, annulus_id: int, start: datetime | str, end: datetime | str,
                 max_points: int = 2000) -> ChartSeries:
    """Readings of [start, end] downsampled to about ``max_points`` (min/max per bucket), keeping every reading
    above a limit and every bleed; with the MAASP / MAWOP / MOP / LOP lines and the bleed-downs (SAP episodes).
    PostgreSQL buckets long ranges in SQL (``_chart_pg``), with the same result."""
    a = _annulus(ctx, annulus_id)
    lo, hi = _aware(start, "start"), _aware(end, "end")
    if hi <= lo:
        raise ValidationFailed({"end": "must be after the start"})
    if isinstance(max_points, bool) or not isinstance(max_points, int) or not 10 <= max_points <= 20000:
        raise ValidationFailed({"max_points": "give a whole number between 10 and 20000"})
    limits, cfg = _limits(a), _sap_config(_config(ctx))
    key = (str(ctx.session.connection().engine.url), a.id, a.created_at, a.updated_at, lo, hi, max_points,
           tuple(limits), a.lop_bar, cfg, sap_states._counts(ctx, [a.id or 0]).get(a.id or 0))
    cached = _CHARTS.get(key)
    if cached is not None:
        return cached
    series = _chart(ctx, a, lo, hi, max_points, limits, cfg)
    _CHARTS.put(key, series)
    return _copy(series)


class _ChartCache:
    """Charts already computed in this process, least recently used dropped first.

    A chart is a pure function of its annulus's readings, limits and the SAP configuration over [lo, hi]: the key
    holds all of them, the readings by the count and latest time the database's trigger keeps per annulus
    (``sap_states._counts``, the same proof a stored SAP verdict relies on: readings are append-only, so a count seen
    twice is the same readings) and the annulus by its id, creation and last update times (an id SQLite hands
    out again after a delete is another annulus), so an entry can never be served for data that changed; nothing
    has to be invalidated. Opening a well's page or changing its chart range reads the same chart many times (every
    user of the well, in every worker) while no reading arrived: a hit costs one primary-key read instead of the
    bucketing queries. Entries are copied out (callers may append to the lists).
    """

    def __init__(self, size: int) -> None:
        self.size, self.lock, self.items = size, threading.Lock(), OrderedDict[Hashable, ChartSeries]()

    def get(self, key: Hashable) -> ChartSeries | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
        return None if found is None else _copy(found)

    def put(self, key: Hashable, series: ChartSeries) -> None:
        with self.lock:
            self.items[key] = series
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_CHARTS = _ChartCache(32)  # at most ~0.3 MB each (2,000 points of three series)


def _copy(c: ChartSeries) -> ChartSeries:
    return dataclasses.replace(c, times=list(c.times), pressures_bar=list(c.pressures_bar),
                               temperatures_c=list(c.temperatures_c), exceedances=list(c.exceedances),
                               bleeds=list(c.bleeds), sap_episodes=list(c.sap_episodes))


def _chart(ctx: Context, a: Annulus, lo: datetime, hi: datetime, max_points: int, limits: list[tuple[str, float]],
           cfg: SapConfig) -> ChartSeries:
    pg = None
    if ctx.session.get_bind().dialect.name == "postgresql":
        pg = _pg_chart(ctx.session.connection(), a.id or 0, lo, hi, max_points,
                      min((v for _n, v in limits), default=None), cfg)
    if pg is not None:
        rows, keep, bleeds, total = pg.rows, list(range(len(pg.rows))), pg.bleeds, pg.total
    else:
        rows, keep, bleeds, total = _all_rows(ctx, a, lo, hi, max_points, limits, cfg)
    series = ChartSeries(a.id or 0, lo.isoformat(), hi.isoformat(), maasp_bar=a.maasp_bar, mawop_bar=a.mawop_bar,
                         mop_bar=a.mop_bar, lop_bar=a.lop_bar, sap_episodes=_episodes(bleeds), total_points=total)
    for i in keep:
        at, pressure, temperature, is_bleed = rows[i]
        label = _label(pressure, limits)
        series.times.append(at.isoformat())
        series.pressures_bar.append(pressure)
        series.temperatures_c.append(temperature)
        if label:
            series.exceedances.append(ChartPoint(at.isoformat(), pressure, label))
        if is_bleed:
            series.bleeds.append(ChartPoint(at.isoformat(), pressure, "bleed"))
    return series
