"""Pressure series for charts (downsampled, every exceedance kept) and the latest reading of each annulus."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.domain.downsample import minmax_downsample
from well_ops.domain.sap import Reading, find_bleeds
from well_ops.models.integrity import Annulus, AnnulusMeasurement
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
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


def _latest(ctx: Context, annulus_ids: Iterable[int] | None = None) -> dict[int, LatestReading]:
    """The latest reading of each annulus (of ``annulus_ids``, or all) in ONE query.

    PostgreSQL: ``DISTINCT ON (annulus_id) ... ORDER BY annulus_id, measured_at DESC``; SQLite: a join on
    ``GROUP BY annulus_id, max(measured_at)`` (both use the (annulus_id, measured_at) index). Equal times from
    two sources: the most recently inserted row wins.
    """
    ids = None if annulus_ids is None else sorted({int(i) for i in annulus_ids})
    if ids is not None and not ids:
        return {}
    cols = (M.annulus_id, M.measured_at, M.pressure_bar, M.temperature_c, M.source, M.id)
    base: Any = select(*cols)  # type: ignore[call-overload]
    if ctx.session.get_bind().dialect.name == "postgresql":
        query = (base.distinct(col(M.annulus_id))
                 .order_by(col(M.annulus_id), col(M.measured_at).desc(), col(M.id).desc()))
        if ids is not None:
            query = query.where(col(M.annulus_id).in_(ids))
    else:
        inner: Any = select(col(M.annulus_id).label("aid"), sa.func.max(M.measured_at).label("last")).group_by(
            col(M.annulus_id))
        if ids is not None:
            inner = inner.where(col(M.annulus_id).in_(ids))
        sub = inner.subquery()
        query = (base.join(sub, sa.and_(col(M.annulus_id) == sub.c.aid, col(M.measured_at) == sub.c.last))
                 .order_by(col(M.annulus_id), col(M.id).desc()))
    found: dict[int, LatestReading] = {}
    for annulus_id, at, pressure, temperature, source, _row_id in ctx.session.exec(query):
        found.setdefault(annulus_id, LatestReading(annulus_id, at, pressure, temperature, source))
    return found


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


def _episodes(ctx: Context, rows: list[Any]) -> list[Episode]:
    """Bleed-downs in the range (operator-entered or inferred, same rules as the SAP check); the SAP verdict
    itself is ``sap.evaluate_sap`` (a chart of a year of data would spend most of its time on it)."""
    if not rows:
        return []
    bleeds = find_bleeds([Reading(r[0], r[1], r[2], bool(r[3])) for r in rows], _sap_config(_config(ctx)))
    return [Episode(b.start.isoformat(), b.end.isoformat(), b.pre_bar, b.post_bar, b.inferred,
                    f"bleed {'inferred' if b.inferred else 'entered'}: {b.pre_bar:.1f} -> {b.post_bar:.1f} bar")
            for b in bleeds]


@use_case("reading.read")
def chart_series(ctx: Context, annulus_id: int, start: datetime | str, end: datetime | str,
                 max_points: int = 2000) -> ChartSeries:
    """Readings of [start, end] downsampled to about ``max_points`` (min/max per bucket), keeping every reading
    above a limit and every bleed; with the MAASP / MAWOP / MOP / LOP lines and the bleed-downs (SAP episodes)."""
    a = _annulus(ctx, annulus_id)
    lo, hi = _aware(start, "start"), _aware(end, "end")
    if hi <= lo:
        raise ValidationFailed({"end": "must be after the start"})
    if isinstance(max_points, bool) or not isinstance(max_points, int) or not 10 <= max_points <= 20000:
        raise ValidationFailed({"max_points": "give a whole number between 10 and 20000"})
    rows = list(ctx.session.exec(select(M.measured_at, M.pressure_bar, M.temperature_c, M.is_bleed)
                                 .where(M.annulus_id == a.id, col(M.measured_at) >= lo, col(M.measured_at) <= hi)
                                 .order_by(col(M.measured_at), col(M.id))))
    limits = _limits(a)
    labels = [_label(r[1], limits) for r in rows]
    keep = minmax_downsample([r[0].timestamp() for r in rows], [r[1] for r in rows], max_points,
                             keep=lambda i: bool(labels[i]) or bool(rows[i][3]))
    series = ChartSeries(a.id or 0, lo.isoformat(), hi.isoformat(), maasp_bar=a.maasp_bar, mawop_bar=a.mawop_bar,
                         mop_bar=a.mop_bar, lop_bar=a.lop_bar, sap_episodes=_episodes(ctx, rows),
                         total_points=len(rows))
    for i in keep:
        at, pressure, temperature, is_bleed = rows[i]
        series.times.append(at.isoformat())
        series.pressures_bar.append(pressure)
        series.temperatures_c.append(temperature)
        if labels[i]:
            series.exceedances.append(ChartPoint(at.isoformat(), pressure, labels[i]))
        if is_bleed:
            series.bleeds.append(ChartPoint(at.isoformat(), pressure, "bleed"))
    return series
