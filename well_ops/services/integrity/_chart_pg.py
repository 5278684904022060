"""Chart data of a long series on PostgreSQL: the min/max bucketing and the bleed search done in SQL.

Gives exactly what ``chart_series`` computes in Python from every row (``domain.downsample.minmax_downsample`` with
every exceedance and flagged bleed kept, and ``domain.sap.find_bleeds``), without fetching a year of readings:

1. the first two and last two rows of the range (index lookups) fix the interior and the bucket edges, the same
   edges as ``minmax_downsample`` (t0 + k x span, passed as timestamps to ``width_bucket``);
2. ONE aggregate pass over the range, grouped by (chart bucket, bleed window) (``date_bin`` of
   ``bleed_max_duration_h``): the first minimum and first maximum in (time, id) order
   (``min(ARRAY[pressure, epoch, id])`` / ``max(ARRAY[pressure, -epoch, -id])``), the ids of the readings above
   the lowest limit or flagged as bleeds, and min, max and flags for the bleed search; Python folds the groups
   into chart buckets and into windows;
3. the kept rows by id; and only the readings around a possible bleed (a window whose maximum is above
   ``near_zero_bar`` with a minimum at most (1 - ``bleed_drop_fraction``) of it in it or the next two windows, or
   a flagged reading), run through ``find_bleeds`` piece by piece. An inferred bleed starting at reading i ends
   within ``bleed_max_duration_h`` of it, so it lies in i's window or the next: the pieces hold every bleed whole,
   each piece starts after a reading that cannot start one, and a piece takes the reading before it for the
   pre-bleed pressure of an operator-entered bleed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from well_ops.domain.sap import BleedEvent, Reading, SapConfig, find_bleeds

_ROW = "measured_at, pressure_bar, temperature_c, is_bleed"


@dataclass
class PgChart:
    total: int
    rows: list[tuple[Any, ...]]        # the kept readings (measured_at, pressure_bar, temperature_c, is_bleed)
    bleeds: list[BleedEvent]


def _utc(at: datetime) -> datetime:
    return at.astimezone(timezone.utc)


def _edges(t0: float, t1: float, buckets: int) -> list[datetime]:
    """Thresholds for ``width_bucket`` reproducing ``minmax_downsample``'s buckets: a time t goes to bucket
    1 + #{k: t > t0 + k x span}; the edge is the last microsecond at or before t0 + k x span, plus 1 us."""
    span = (t1 - t0) / buckets
    out = []
    for k in range(1, buckets):
        edge = t0 + k * span
        moment = datetime.fromtimestamp(edge, timezone.utc)
        if moment.timestamp() > edge:
            moment -= timedelta(microseconds=1)
        out.append(moment + timedelta(microseconds=1))
    return out


def _ends(conn: sa.Connection, aid: int, lo: datetime, hi: datetime) -> tuple[list[Any], list[Any]]:
    where = "annulus_id = :a AND measured_at >= :lo AND measured_at <= :hi"
    head = conn.execute(sa.text(f"SELECT id, measured_at FROM annulus_measurements WHERE {where} "
                                "ORDER BY measured_at, id LIMIT 2"), {"a": aid, "lo": lo, "hi": hi}).all()
    tail = conn.execute(sa.text(f"SELECT id, measured_at FROM annulus_measurements WHERE {where} "
                                "ORDER BY measured_at DESC, id DESC LIMIT 2"), {"a": aid, "lo": lo, "hi": hi}).all()
    return list(head), list(tail)


_AGGREGATE = """
SELECT cb, wb, count(*) AS n, min(ARRAY[pressure_bar, t, id::float8]) AS lowest,
       max(ARRAY[pressure_bar, -t, -id::float8]) AS highest,
       array_agg(id) FILTER (WHERE pressure_bar > :limit OR is_bleed) AS kept,
       min(pressure_bar) AS p_min, max(pressure_bar) AS p_max, bool_or(is_bleed) AS flagged
FROM (SELECT id, pressure_bar, is_bleed, date_part('epoch', measured_at) AS t,
             CASE WHEN id IN (:first, :last) THEN NULL
                  ELSE width_bucket(measured_at, CAST(:edges AS timestamptz[])) END AS cb,
             date_bin(:w, measured_at, :origin) AS wb
      FROM annulus_measurements WHERE annulus_id = :a AND measured_at >= :lo AND measured_at <= :hi) r
GROUP BY cb, wb
"""
_ORIGIN = datetime(2000, 1, 1, tzinfo=timezone.utc)

Window = tuple[float, float, bool]     # lowest and highest pressure, any flagged bleed reading


def _pieces(windows: dict[int, Window], cfg: SapConfig) -> list[tuple[int, int]]:
    """Runs of consecutive non-empty bleed windows that may hold a bleed (see the module docstring)."""
    keep_fraction = 1.0 - cfg.bleed_drop_fraction
    order = sorted(windows)
    wanted: set[int] = set()
    for k in order:
        p_min, p_max, flagged = windows[k]
        if flagged:
            wanted.add(k)
        if p_max > cfg.near_zero_bar:
            near = [x for x in (k, k + 1, k + 2) if x in windows]
            if min(windows[x][0] for x in near) <= keep_fraction * p_max + 1e-9 * max(1.0, p_max):  # a pre-filter
                wanted.update(near)
    pieces: list[tuple[int, int]] = []
    for n, k in enumerate(order):        # empty windows do not separate pieces: only a non-wanted reading does
        if k not in wanted:
            continue
        if pieces and n and order[n - 1] in wanted:
            pieces[-1] = (pieces[-1][0], k)
        else:
            pieces.append((k, k))
    return pieces


_PIECES = f"""
SELECT p.n, b.* FROM unnest(CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[])) WITH ORDINALITY
  AS p(s, e, n)
JOIN LATERAL (SELECT {_ROW}, m.id FROM annulus_measurements m WHERE m.annulus_id = :a AND m.measured_at >= p.s
              AND m.measured_at < p.e OFFSET 0) b ON true
ORDER BY p.n, b.measured_at, b.id
"""
_PRIORS = f"""
SELECT p.n, b.* FROM unnest(CAST(:starts AS timestamptz[])) WITH ORDINALITY AS p(s, n)
JOIN LATERAL (SELECT {_ROW} FROM annulus_measurements m WHERE m.annulus_id = :a AND m.measured_at < p.s
              AND m.measured_at >= :lo ORDER BY m.measured_at DESC, m.id DESC LIMIT 1 OFFSET 0) b ON true
"""


def _bleeds(conn: sa.Connection, aid: int, lo: datetime, hi: datetime, w: timedelta,
            windows: dict[int, Window], cfg: SapConfig) -> list[BleedEvent]:
    """find_bleeds over each piece, with the reading before it (two queries for all the pieces)."""
    pieces = _pieces(windows, cfg)
    if not pieces:
        return []
    starts = [max(lo, _ORIGIN + first * w) for first, _last in pieces]      # the pieces, clipped to [lo, hi]
    ends = [min(hi + timedelta(microseconds=1), _ORIGIN + (last + 1) * w) for _first, last in pieces]
    params = {"a": aid, "lo": lo, "starts": starts, "ends": ends}
    rows: dict[int, list[Any]] = {}
    for n, *row in conn.execute(sa.text(_PIECES), params):
        rows.setdefault(n, []).append(row[:4])
    for n, *row in conn.execute(sa.text(_PRIORS), params):   # the reading before a piece cannot start a bleed
        if n in rows:
            rows[n].insert(0, row)
    found: list[BleedEvent] = []
    for n in sorted(rows):
        found += find_bleeds([Reading(_utc(r[0]), r[1], r[2], bool(r[3])) for r in rows[n]], cfg)
    return sorted(found, key=lambda b: b.start)


_SETTINGS = {"jit": "off", "enable_sort": "off", "work_mem": "64MB"}


def _planned(conn: sa.Connection, sql: str, params: dict[str, Any]) -> list[Any]:
    """Run the aggregate with a hash aggregate and no JIT (the planner over-estimates the number of buckets and
    would sort half a million rows; JIT compilation costs more than it saves here), then restore the settings."""
    before = {k: conn.execute(sa.text("SELECT current_setting(:k)"), {"k": k}).scalar_one() for k in _SETTINGS}
    for key, value in _SETTINGS.items():
        conn.execute(sa.text("SELECT set_config(:k, :v, true)"), {"k": key, "v": value})
    try:
        return list(conn.execute(sa.text(sql), params).all())
    finally:
        for key, value in before.items():
            conn.execute(sa.text("SELECT set_config(:k, :v, true)"), {"k": key, "v": value})


def _pg_chart(conn: sa.Connection, aid: int, lo: datetime, hi: datetime, max_points: int, limit: float | None,
             cfg: SapConfig) -> PgChart | None:
    """The chart rows of annulus ``aid`` in [lo, hi] and its bleed-downs; None when the range holds at most
    ``max_points`` readings (the caller then reads them all) or the SAP configuration is out of the usual range."""
    head, tail = _ends(conn, aid, lo, hi)
    w = timedelta(hours=cfg.bleed_max_duration_h)
    if len(head) < 2 or head[0][0] == tail[0][0] or not 0 < cfg.bleed_drop_fraction <= 1 or w <= timedelta(0):
        return None
    buckets = (max_points - 2) // 2
    t0, t1 = head[1][1].timestamp(), tail[1][1].timestamp()
    params = {"a": aid, "lo": lo, "hi": hi, "first": head[0][0], "last": tail[0][0], "w": w, "origin": _ORIGIN,
              "edges": _edges(t0, t1, buckets), "limit": limit if limit is not None else float("inf")}
    groups = _planned(conn, _AGGREGATE, params)
    total = sum(int(g.n) for g in groups)
    if total <= max_points:
        return None
    windows: dict[int, Window] = {}
    lowest: dict[int, list[float]] = {}
    highest: dict[int, list[float]] = {}
    ids = {int(head[0][0]), int(tail[0][0])}
    for g in groups:
        k = (_utc(g.wb) - _ORIGIN) // w
        p_min, p_max, flagged = windows.get(k, (g.p_min, g.p_max, False))
        windows[k] = (min(p_min, g.p_min), max(p_max, g.p_max), flagged or bool(g.flagged))
        ids.update(int(i) for i in g.kept or ())
        if g.cb is not None:
            lowest[g.cb] = min(lowest.get(g.cb, g.lowest), g.lowest)
            highest[g.cb] = max(highest.get(g.cb, g.highest), g.highest)
    ids.update(int(v[2]) for v in lowest.values())
    ids.update(int(-v[2]) for v in highest.values())
    rows = conn.execute(sa.text(f"SELECT {_ROW} FROM annulus_measurements WHERE id = ANY(:ids) "
                                "ORDER BY measured_at, id"), {"ids": sorted(ids)}).all()
    return PgChart(total, [(_utc(r[0]), r[1], r[2], bool(r[3])) for r in rows],
                   _bleeds(conn, aid, lo, hi, w, windows, cfg))
